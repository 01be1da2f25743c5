//! The second attack and fault campaign's findings on journals and excerpts (issue 16), each
//! through the real binary: what `verify` and `repair` say and exit with, that they never hang,
//! and that no message quotes a value.

use std::fs;
use std::process::Command;

use ::journal::Body;
use ::journal::canonical::{CanonValue, Hash, body_hash, entry_hash};
use ::journal::entry::{Correction, IncidentRecorded};
use ::journal::line::LineRepr;
use ::journal::line::parse_line;
use ::store::Journal;
use serde_json::{Value, json};

use crate::journal::cli::{hattama, s};
use crate::journal::{clock, line_spans, sample_journal};

/// A line chained after `prev` with a body as given, hashes and all: what an attacker who
/// knows the format can write.
fn crafted_line(seq: u64, kind: &str, prev: Hash, body: Value) -> (Vec<u8>, Hash) {
    let body: CanonValue = serde_json::from_value(body).unwrap();
    let time = "2026-11-24T12:00:00+05:00".to_string();
    let body_hash = body_hash(&body);
    let hash = entry_hash(seq, &time, kind, &prev, &body_hash);
    let repr = LineRepr {
        seq,
        time,
        kind: kind.into(),
        prev,
        body_hash,
        hash,
        body: Some(body),
    };
    (repr.to_bytes().unwrap(), hash)
}

/// The hash of the last line of `bytes`.
fn last_hash(bytes: &[u8]) -> Hash {
    let last = line_spans(bytes).pop().unwrap();
    let end = last.end - usize::from(bytes[last.end - 1] == b'\n');
    parse_line(&bytes[last.start..end]).unwrap().hash
}

/// Item 1: a journal that only lost its final newline is intact; `verify` says so with a
/// warning and `repair` restores the newline.
#[test]
fn a_lost_final_newline_is_a_warning_and_repair_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let good = fs::read(&path).unwrap();
    fs::write(&path, &good[..good.len() - 1]).unwrap();
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("status: INTACT"), "{}", run.stdout);
    assert!(
        run.stdout.contains("sealed: yes, at seq 10"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.starts_with("warning: ") && run.stderr.contains("newline"),
        "{}",
        run.stderr
    );
    let run = hattama(&["verify", s(&path), "--json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["intact"], true);
    assert_eq!(report["warnings"][0]["code"], "missing_newline");
    let run = hattama(&["repair", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("restored the final newline"),
        "{}",
        run.stdout
    );
    assert_eq!(&fs::read(&path).unwrap()[..good.len()], &good[..]);
}

/// Item 6: entries after a seal, not sealed yet, are normal work: exit 0 with a warning; a
/// real integrity failure still exits 3.
#[test]
fn an_unsealed_tail_after_a_seal_is_reported_not_failed() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let mut journal = Journal::open(&path, Box::new(clock())).unwrap();
    for _ in 0..3 {
        journal
            .append(Body::Correction(Correction {
                target_seq: 4,
                what: "time of the warning".into(),
                why: "typo".into(),
            }))
            .unwrap();
    }
    drop(journal);
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("status: INTACT"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("3 entries after the last seal (seq 10), not yet sealed"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.starts_with("warning: "), "{}", run.stderr);
    let run = hattama(&["verify", s(&path), "--json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (&report["intact"], &report["sealed"]),
        (&json!(true), &json!(false))
    );
    assert_eq!(report["unsealed_entries"], 3);
    assert_eq!(report["warnings"][0]["code"], "unsealed_after_seal");
    assert!(report["fault"].is_null());
    // Several files: the same verdict, exit 0.
    assert_eq!(hattama(&["verify", s(&path), s(&path)]).code, 0);

    // Tampering in that tail is still an integrity failure.
    let mut bytes = fs::read(&path).unwrap();
    let last = line_spans(&bytes).pop().unwrap();
    let at = last.start
        + String::from_utf8_lossy(&bytes[last.clone()])
            .find("typo")
            .unwrap();
    bytes[at] ^= 1;
    fs::write(&path, &bytes).unwrap();
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("body_hash_mismatch"), "{}", run.stderr);
}

/// Item 8: a file that is not a journal, an excerpt or a document is bad input (exit 2), for
/// `verify` and for `repair`, and `repair` changes nothing.
#[test]
fn files_of_the_wrong_type_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad-input");
    let pdf = dir.path().join("plain.pdf");
    fs::copy(format!("{corpus}/pdf/no-attachment.pdf"), &pdf).unwrap();
    let text = dir.path().join("notes.txt");
    fs::write(&text, "hello, this is not a journal\n").unwrap();
    let png = dir.path().join("photo.jsonl");
    fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let excerpt = dir.path().join("x.json");
    let journal = sample_journal(dir.path());
    ::store::write_excerpt(&journal, &[5], &excerpt).unwrap();
    for (args, fragment) in [
        (vec!["repair", s(&pdf)], "is a PDF document, not a journal"),
        (vec!["repair", s(&text)], "not a journal"),
        (vec!["repair", s(&png)], "not a journal"),
        (vec!["repair", s(&excerpt)], "is an excerpt, not a journal"),
        (vec!["verify", s(&pdf)], "not a Hattama document"),
        (vec!["verify", s(&text)], "not a journal"),
        (vec!["verify", s(&png)], "not a journal"),
        (vec!["verify", s(&text), s(&journal)], "not a journal"),
    ] {
        let before = fs::read(args[1]).unwrap();
        let run = hattama(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(fragment), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("hattama repair"), "{}", run.stderr);
        assert_eq!(
            fs::read(args[1]).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
    // A journal damaged inside its first line is still a broken journal.
    let mut bytes = fs::read(&journal).unwrap();
    bytes[40] ^= 1;
    fs::write(&journal, &bytes).unwrap();
    assert_eq!(hattama(&["verify", s(&journal)]).code, 3);
}

/// Item 8: an excerpt is one JSON object; the order of its members does not make it a torn
/// journal, and its faults name the entry's index in `entries`.
#[test]
fn an_excerpt_is_read_as_one_whatever_the_order_of_its_members() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let excerpt = dir.path().join("x.json");
    ::store::write_excerpt(&journal, &[5, 8], &excerpt).unwrap();
    let value: Value = serde_json::from_slice(&fs::read(&excerpt).unwrap()).unwrap();
    let obj = value.as_object().unwrap();
    let members = |order: &[&str], sep: &str| {
        let parts: Vec<String> = order
            .iter()
            .map(|k| format!("{}:{}", json!(k), obj[*k]))
            .collect();
        format!("{{{}}}", parts.join(sep))
    };
    let one_line = dir.path().join("one-line.json");
    fs::write(&one_line, members(&["selected", "entries", "format"], ",")).unwrap();
    let multi_line = dir.path().join("multi-line.json");
    fs::write(
        &multi_line,
        members(&["entries", "selected", "format"], ",\n") + "\n",
    )
    .unwrap();
    for path in [&one_line, &multi_line] {
        let run = hattama(&["verify", s(path)]);
        assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
        assert!(run.stdout.starts_with("excerpt: "), "{}", run.stdout);
        assert!(run.stdout.contains("status: INTACT"), "{}", run.stdout);
    }

    // A body altered in the fifth entry: named as entries[4], not as a line of the file.
    let mut bytes = fs::read(&excerpt).unwrap();
    let at = String::from_utf8_lossy(&bytes)
        .find("disobedience")
        .unwrap();
    bytes[at] ^= 1;
    fs::write(&excerpt, &bytes).unwrap();
    let run = hattama(&["verify", s(&excerpt)]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("(entries[4])"), "{}", run.stderr);
    assert!(!run.stderr.contains("line"), "{}", run.stderr);
    let run = hattama(&["verify", s(&excerpt), "--json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["fault"]["entry_index"], 4);
}

/// Item 11: anything but a regular file is refused before it is opened, so a FIFO never
/// blocks a command.
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let journal = sample_journal(&dir.path().join("data"));
    let pdf = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/bad-input/pdf/no-attachment.pdf"
    );
    let out = dir.path().join("out.json");
    for args in [
        vec!["verify", s(&fifo)],
        vec!["verify", s(&journal), s(&fifo)],
        vec!["verify", s(&journal), "--pubkey", s(&fifo)],
        vec!["verify", pdf, "--protocol", s(&fifo)],
        vec!["repair", s(&fifo)],
        vec!["excerpt", s(&fifo), "--seq", "5", "--out", s(&out)],
        vec!["advise", "--facts", s(&fifo)],
    ] {
        let run = hattama(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// Item 13: nesting beyond what a journal line may hold is refused with the limit named.
#[test]
fn nesting_beyond_the_limit_names_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let deep = (0..130).fold(json!(1), |inner, _| json!([inner]));
    let mut journal = Journal::create(
        &dir.path().join("other"),
        ::journal::sample::sample_opening(),
        Box::new(clock()),
    )
    .unwrap();
    let err = journal
        .append(Body::IncidentRecorded(IncidentRecorded {
            facts: deep.clone(),
            description: None,
            participant_id: None,
            recording_offset_ms: None,
        }))
        .unwrap_err()
        .to_string();
    assert!(err.contains("nested deeper than 128 levels"), "{err}");
    // The same line written by hand: `verify` names the limit too.
    let bytes = fs::read(&path).unwrap();
    let body = json!({"facts": deep});
    let line = format!(
        "{{\"seq\":11,\"time\":\"2026-11-24T12:00:00+05:00\",\"kind\":\"incident_recorded\",\"prev\":\"{}\",\"body_hash\":\"{}\",\"hash\":\"{}\",\"body\":{body}}}\n",
        last_hash(&bytes).to_hex(),
        Hash::ZERO.to_hex(),
        Hash::ZERO.to_hex()
    );
    fs::write(&path, [bytes, line.into_bytes()].concat()).unwrap();
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("nested deeper than 128 levels"),
        "{}",
        run.stderr
    );
}

/// Item 14: a fault names the field and the seq, never a value — not a reference that is an
/// IIN, not a seq that is one, not a key holding digits.
#[test]
fn fault_messages_never_quote_values() {
    let iin = "800501300126";
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let good = fs::read(&path).unwrap();
    let prev = last_hash(&good);
    let cases = [
        crafted_line(
            11,
            "correction",
            prev,
            json!({"target_seq": 800501300126_u64, "what": "x", "why": "y"}),
        )
        .0,
        crafted_line(800501300126, "note", prev, json!({"text": "x"})).0,
        b"{\"seq\":11,\"body8005\":1,\"body0130\":2,\"kind\":\"note\"}\n".to_vec(),
        format!("{{\"seq\":11,\"{iin}\":1}}\n").into_bytes(),
    ];
    for line in cases {
        fs::write(&path, [good.clone(), line].concat()).unwrap();
        for args in [vec!["verify", s(&path)], vec!["verify", s(&path), "--json"]] {
            let run = hattama(&args);
            assert_eq!(run.code, 3, "{}", run.stderr);
            // Hex hashes on stdout may hold any four digits; a message may not.
            assert!(!run.stdout.contains(iin), "{}", run.stdout);
            for secret in [iin, "8005", "0130"] {
                assert!(
                    !run.stderr.contains(secret),
                    "{secret} shown: {}",
                    run.stderr
                );
            }
            assert!(run.stderr.contains("seq 11"), "{}", run.stderr);
        }
    }
}
