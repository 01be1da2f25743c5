//! The commands as a person meets them: exit codes, one-line messages, no personal data, and
//! files left untouched on bad input.

use std::fs;
use std::path::Path;
use std::process::Command;

use ::journal::entry::Note;
use ::journal::sample::sample_opening;
use ::journal::{Body, PublicKeyRecord, Signer};
use ::store::Journal;
use serde_json::Value;

use super::{clock, line_spans, sample_journal, signers};

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the binary; a run that does not end within a minute is killed and fails the test (a
/// hang is a finding, not slowness: a FIFO once made `verify` wait for ever).
pub(crate) fn hattama(args: &[&str]) -> Run {
    use std::process::Stdio;
    use std::time::Duration;
    let child = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .args(args)
        .env("HOME", "/nonexistent-home")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let Ok(out) = rx.recv_timeout(Duration::from_secs(60)) else {
        let _ = Command::new("kill").args(["-9", &pid]).status();
        panic!("hattama {args:?} hung");
    };
    let out = out.unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The error is one `error:` line, then only `hint:` lines.
fn assert_one_line_error(run: &Run) {
    let mut lines = run.stderr.lines();
    assert!(
        lines.next().is_some_and(|l| l.starts_with("error: ")),
        "{}",
        run.stderr
    );
    assert!(lines.all(|l| l.starts_with("hint: ")), "{}", run.stderr);
}

fn write_pubkeys(path: &Path, signers: &[&dyn Signer]) {
    let text: String = signers
        .iter()
        .map(|s| PublicKeyRecord::new(s.role(), s.name(), &s.public_key()).to_line())
        .collect();
    fs::write(path, text).unwrap();
}

#[test]
fn verify_reports_intact_journals_and_who_signed() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("status: INTACT") && run.stdout.contains("entries: 10"));
    assert!(run.stdout.contains("sealed: yes, at seq 10"));
    assert!(
        run.stdout
            .contains("judge: Ахметова Айгуль Болатовна (certificate")
            && run.stdout.contains("UNAUTHENTICATED"),
        "{}",
        run.stdout
    );

    // Old seals (format 1) are still checked against public-key files.
    let path = dir.path().join("v1.jsonl");
    fs::write(&path, super::mutations::sample_v1_bytes()).unwrap();
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("name in the seal, not signed: \"Judge J\""),
        "{}",
        run.stdout
    );
    let (judge, secretary) = signers();
    let keys = dir.path().join("keys.jsonl");
    write_pubkeys(&keys, &[&judge, &secretary]);
    let run = hattama(&["verify", s(&path), "--pubkey", s(&keys)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("judge: Judge J (key") && !run.stdout.contains("UNAUTHENTICATED"),
        "{}",
        run.stdout
    );

    let run = hattama(&["verify", s(&path), "--json", "--pubkey", s(&keys)]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["report"], "hattama-verify/1");
    assert_eq!(
        (report["intact"].as_bool(), report["entries"].as_u64()),
        (Some(true), Some(10))
    );
    assert_eq!(report["kind"], "journal");
    assert_eq!(report["signers_authenticated"], true);
    assert_eq!(report["seals"][0]["signers"][1]["role"], "secretary");
    assert!(report["fault"].is_null());

    // A key the court was not given: the seal verifies, but not as theirs.
    let other = ::journal::Ed25519Signer {
        role: ::journal::Role::Secretary,
        name: "Secretary S".into(),
        key: ed25519_dalek::SigningKey::from_bytes(&[9; 32]),
    };
    let wrong = dir.path().join("wrong.jsonl");
    write_pubkeys(&wrong, &[&judge, &other]);
    let run = hattama(&["verify", s(&path), "--pubkey", s(&wrong)]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains("unknown_signer") && run.stderr.contains("secretary"),
        "{}",
        run.stderr
    );
    assert_one_line_error(&run);

    // Found by name in the data directory.
    let path = sample_journal(&dir.path().join("data"));
    let name = path.file_name().unwrap().to_str().unwrap();
    assert_eq!(
        hattama(&["verify", name, "--data", s(&dir.path().join("data"))]).code,
        0
    );
}

#[test]
fn broken_journals_exit_3_naming_seq_and_fault_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let good = fs::read(&path).unwrap();
    let spans = line_spans(&good);
    let text = String::from_utf8(good.clone()).unwrap();
    let name_at = text.find("Иванов").unwrap();
    let cases: Vec<(Vec<u8>, &str, u64)> = vec![
        (
            {
                let mut b = good.clone();
                b[name_at + 1] ^= 1;
                b
            },
            "body_hash_mismatch",
            3,
        ),
        (
            {
                let mut b = good.clone();
                b.splice(spans[5].clone(), []);
                b
            },
            "gap",
            6,
        ),
        (
            [
                &good[..spans[3].end],
                &good[spans[2].clone()],
                &good[spans[3].end..],
            ]
            .concat(),
            "duplicate",
            5,
        ),
        (
            [
                &good[..spans[6].start],
                &good[spans[7].clone()],
                &good[spans[6].clone()],
                &good[spans[8].start..],
            ]
            .concat(),
            "reordered",
            7,
        ),
        (good[..good.len() - 5].to_vec(), "torn_tail", 10),
        (
            [
                &good[..spans[2].start],
                b"\xff\xfe\n",
                &good[spans[3].start..],
            ]
            .concat(),
            "invalid_utf8",
            3,
        ),
        (
            [&good[..spans[2].start], b"hello\n", &good[spans[3].start..]].concat(),
            "malformed",
            3,
        ),
    ];
    for (bytes, code, seq) in cases {
        fs::write(&path, &bytes).unwrap();
        for json in [false, true] {
            let args: Vec<&str> = if json {
                vec!["verify", s(&path), "--json"]
            } else {
                vec!["verify", s(&path)]
            };
            let run = hattama(&args);
            assert_eq!(run.code, 3, "{code}: {}", run.stderr);
            assert_one_line_error(&run);
            assert!(
                run.stderr.contains(code) && run.stderr.contains(&format!("seq {seq}")),
                "{}",
                run.stderr
            );
            for secret in ["Иванов", "800501300126", "Повторное"] {
                assert!(
                    !run.stdout.contains(secret) && !run.stderr.contains(secret),
                    "{code} leaks {secret}"
                );
            }
            if json {
                let report: Value = serde_json::from_str(&run.stdout).unwrap();
                assert_eq!(report["intact"], false);
                assert_eq!(report["fault"]["code"], code);
                assert_eq!(report["fault"]["seq"], seq);
            } else {
                assert!(run.stdout.contains("status: BROKEN"));
            }
        }
        // Verifying never changes the file.
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let bad_keys = dir.path().join("bad-keys.jsonl");
    fs::write(&bad_keys, "{\"format\":\"hattama-pubkey/1\"}\n").unwrap();
    let not_excerpt = dir.path().join("other.json");
    fs::write(&not_excerpt, "{\"format\":\"something-else\"}\n").unwrap();
    for args in [
        vec!["verify", s(dir.path())],
        vec!["verify", s(&link)],
        vec!["verify", "/nonexistent/journal.jsonl"],
        vec!["verify", s(&path), "--pubkey", s(&bad_keys)],
        vec!["verify", s(&path), "--pubkey", "/nonexistent.jsonl"],
        vec!["verify", s(&not_excerpt)],
        vec!["repair", s(&link)],
    ] {
        let run = hattama(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_one_line_error(&run);
    }
    // Usage errors are clap's, with its usage text; the exit code is the same.
    for args in [
        vec!["excerpt", s(&path), "--seq", "x", "--out", "y"],
        vec!["verify"],
    ] {
        assert_eq!(hattama(&args).code, 2, "{args:?}");
    }
}

#[test]
fn repair_cuts_only_torn_tails() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    journal
        .append(Body::Note(Note {
            text: "n".into(),
            recording_offset_ms: None,
        }))
        .unwrap();
    let path = journal.path().to_path_buf();
    // While another writer holds the journal, repair is refused.
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"seq\":3");
    fs::write(&path, &bytes).unwrap();
    let run = hattama(&["repair", s(&path)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("open for writing elsewhere"));
    drop(journal);
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("hattama repair"));
    let run = hattama(&["repair", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("cut a torn last line of 8 bytes; recorded as entry 3"),
        "{}",
        run.stdout
    );
    assert_eq!(hattama(&["verify", s(&path)]).code, 0);
    let run = hattama(&["repair", s(&path)]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("nothing to repair"));

    // Damage anywhere else: refused with exit 3, file untouched.
    let mut bytes = fs::read(&path).unwrap();
    bytes[30] ^= 1;
    bytes.extend_from_slice(b"{\"torn");
    fs::write(&path, &bytes).unwrap();
    let run = hattama(&["repair", s(&path)]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn excerpt_command_writes_an_excerpt_that_verify_recognises() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let out = dir.path().join("x.json");
    let run = hattama(&["excerpt", s(&path), "--seq", "5,8", "--out", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = hattama(&["verify", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("excerpt: ") && run.stdout.contains("entries 5, 8 in full"));
    let run = hattama(&["verify", s(&out), "--json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["kind"], "excerpt");
    assert_eq!(report["excerpt"]["selected"], serde_json::json!([5, 8]));

    let mut bytes = fs::read(&out).unwrap();
    let at = String::from_utf8(bytes.clone())
        .unwrap()
        .find("disobedience")
        .unwrap();
    bytes[at] ^= 1;
    fs::write(&out, &bytes).unwrap();
    let run = hattama(&["verify", s(&out)]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains("body_hash_mismatch") && run.stderr.contains("seq 5"),
        "{}",
        run.stderr
    );

    let run = hattama(&[
        "excerpt",
        s(&path),
        "--seq",
        "11",
        "--out",
        s(&dir.path().join("y.json")),
    ]);
    assert_eq!(run.code, 1);
    assert_one_line_error(&run);
    let run = hattama(&["excerpt", s(&path), "--seq", "5", "--out", s(&out)]);
    assert_eq!(run.code, 1);
    assert_eq!(fs::read(&out).unwrap(), bytes);
}

#[test]
fn demo_writes_a_sealed_verified_hearing_and_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let run = hattama(&["demo", "--out", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let journal = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();
    assert!(run.stdout.contains(s(&journal)), "{}", run.stdout);
    let ca = out.join("keys/court/court-ca.pem");
    let crl = out.join("keys/court/court-ca.crl");
    let verified = hattama(&[
        "verify",
        s(&journal),
        "--trust",
        s(&ca),
        "--crl",
        s(&crl),
        "--json",
    ]);
    assert_eq!(verified.code, 0, "{}", verified.stdout);
    let report: serde_json::Value = serde_json::from_str(&verified.stdout).unwrap();
    assert_eq!(report["sealed"], true, "{report}");
    assert_eq!(report["signers_authenticated"], true, "{report}");
    assert_eq!(report["seals"][0]["signers"][0]["status"], "authenticated");
    // Every check command the demo prints carries the trust arguments.
    for line in run.stdout.lines().filter(|l| l.contains("hattama verify")) {
        assert!(line.contains("--trust") && line.contains("--crl"), "{line}");
    }
    // The advice recorded is the engine's own, with the catalog's version.
    let text = fs::read_to_string(&journal).unwrap();
    let catalog = ::law::Catalog::builtin().unwrap();
    assert!(text.contains(&catalog.version));
    let excerpt = out.join("excerpt-coao653.json");
    assert_eq!(hattama(&["verify", s(&excerpt)]).code, 0);
    // A second demo into the same directory is refused, and changes nothing.
    let again = hattama(&["demo", "--out", s(&out)]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_eq!(fs::read_to_string(&journal).unwrap(), text);
}

#[test]
fn several_files_are_verified_together_each_reported_and_the_worst_decides_the_exit() {
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let paths: Vec<_> = dirs.iter().map(|d| sample_journal(d.path())).collect();
    let all: Vec<&str> = std::iter::once("verify")
        .chain(paths.iter().map(|p| s(p)))
        .collect();
    let run = hattama(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.matches("status: INTACT").count(),
        3,
        "{}",
        run.stdout
    );

    // The middle one altered: the others still reported, in the order given; exit 3.
    let text = fs::read_to_string(&paths[1]).unwrap();
    fs::write(&paths[1], text.replacen("\"seq\":4", "\"seq\":5", 1)).unwrap();
    let run = hattama(&all);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let order: Vec<usize> = paths
        .iter()
        .map(|p| run.stdout.find(s(p)).expect("every file reported"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", run.stdout);
    assert!(run.stderr.contains(s(&paths[1])) && run.stderr.contains("1 of 3 files not intact"));

    let run = hattama(&["verify", s(&paths[0]), s(&paths[2]), "--json"]);
    let reports: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(reports.as_array().map(Vec::len), Some(2));
    assert_eq!(run.code, 0);

    let run = hattama(&[
        "verify",
        s(&paths[0]),
        s(&paths[2]),
        "--protocol",
        s(&paths[0]),
    ]);
    assert_eq!(run.code, 2);
    assert_one_line_error(&run);
}
