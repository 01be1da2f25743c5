//! The test vectors of docs/journal-format.md §11. Format 2 (what hattama writes): hattama
//! writes exactly that journal, computes exactly those intermediate values, and both verifiers
//! accept it. Format 1 (old seals, still read): the documented journal verifies with both
//! verifiers, and its values are what the specification computes from its lines.

use std::collections::BTreeMap;

use ::journal::CanonValue;
use ::journal::canonical::{body_bytes, entry_bytes, hex_encode, seal_message};
use ::journal::entry::{
    CaseKind, HearingClosed, HearingOpened, Instance, Lang, Note, Sealed, Translation,
};
use ::journal::sample::fixed_court;
use ::journal::{Body, Signer, file_name};
use ::store::Journal;

use super::independent::verify_journal;
use super::{clock, signers, verify_bytes};

const DOC: &str = include_str!("../../docs/journal-format.md");

/// The fenced block right after `<!-- vector:NAME -->`.
fn block(name: &str) -> &'static str {
    let marker = format!("<!-- vector:{name} -->");
    let after = &DOC[DOC.find(&marker).expect("marker in the doc") + marker.len()..];
    let start = after.find("```").expect("a fenced block");
    let body = &after[start..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    &body[..body.find("```").expect("closing fence")]
}

/// `key = hex` lines, values continued on indented lines.
fn values(name: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut last = String::new();
    for line in block(name).lines() {
        if line.starts_with(' ') {
            out.entry(last.clone())
                .or_insert_with(String::new)
                .push_str(line.trim());
        } else if let Some((k, v)) = line.split_once(" = ") {
            last = k.to_string();
            out.insert(last.clone(), v.trim().to_string());
        }
    }
    out
}

/// Values as the document writes them: 64 hex digits per line, continued indented.
fn render_values(values: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (k, v) in values {
        let mut chunks = v
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap());
        out.push_str(&format!("{k} = {}\n", chunks.next().unwrap_or_default()));
        for c in chunks {
            out.push_str(&format!("    {c}\n"));
        }
    }
    out
}

/// The entry-level values of a journal's lines, computed from the lines as written.
fn line_values(text: &str) -> BTreeMap<String, String> {
    let mut got = BTreeMap::new();
    for line in text.lines() {
        let raw: serde_json::Value = serde_json::from_str(line).unwrap();
        let n = raw["seq"].as_u64().unwrap();
        let canon: CanonValue = serde_json::from_value(raw["body"].clone()).unwrap();
        got.insert(
            format!("entry.{n}.body_bytes"),
            hex_encode(&body_bytes(&canon)),
        );
        let body_hash = raw["body_hash"].as_str().unwrap().parse().unwrap();
        let prev = raw["prev"].as_str().unwrap().parse().unwrap();
        let kind = raw["kind"].as_str().unwrap();
        let time = raw["time"].as_str().unwrap();
        got.insert(
            format!("entry.{n}.body_hash"),
            raw["body_hash"].as_str().unwrap().into(),
        );
        let bytes = entry_bytes(n, time, kind, &prev, &body_hash);
        got.insert(format!("entry.{n}.entry_bytes"), hex_encode(&bytes));
        got.insert(
            format!("entry.{n}.hash"),
            raw["hash"].as_str().unwrap().into(),
        );
    }
    got
}

fn write_vector_journal(dir: &std::path::Path) -> Journal {
    let clock = clock();
    let opened = HearingOpened {
        hearing_id: "h1".into(),
        court: "Court".into(),
        judge: "Judge J".into(),
        secretary: "Secretary S".into(),
        case_number: "2-1/2026".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: Lang::Kk,
        online: false,
        recording: None,
        place: None,
        court_other: None,
        place_other: None,
    };
    let mut journal = Journal::create(dir, opened, Box::new(clock.clone())).unwrap();
    clock.set(::journal::parse_time("2026-11-24T10:30:00+05:00").unwrap());
    journal
        .append(Body::HearingClosed(HearingClosed { note: None }))
        .unwrap();
    clock.set(::journal::parse_time("2026-11-24T10:31:00+05:00").unwrap());
    let court = fixed_court("Judge J", "Secretary S").unwrap();
    journal
        .seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    journal
}

/// Print the format-2 vectors (`cargo test --test runner print_vectors -- --ignored
/// --nocapture`), to refresh §11.2 after a deliberate change of the format.
#[test]
#[ignore]
fn print_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let journal = write_vector_journal(dir.path());
    println!("{}", std::fs::read_to_string(journal.path()).unwrap());
    println!("{}", render_values(&v2_values(&journal)));
}

fn v2_values(journal: &Journal) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(journal.path()).unwrap();
    let mut got = line_values(&text);
    let court = fixed_court("Judge J", "Secretary S").unwrap();
    got.insert(
        "authority.certificate".into(),
        hex_encode(court.authority.certificate().der()),
    );
    for entry in journal.entries().unwrap() {
        if let Some(Body::Sealed(Sealed::V2(seal))) = entry.unwrap().body {
            got.insert(
                "seal.statement".into(),
                hex_encode(seal.statement.as_bytes()),
            );
            for (role, sig) in ["judge", "secretary"].iter().zip(&seal.signatures) {
                got.insert(format!("seal.{role}.certificate"), sig.certificate.clone());
                got.insert(format!("seal.{role}.signature"), sig.signature.clone());
            }
        }
    }
    got
}

/// The second vector (§11.2): an opening with the court's name and place in the other language
/// of documents, a note, the close, a translation of the note, and the seal.
fn write_translation_vector_journal(dir: &std::path::Path) -> Journal {
    let clock = clock();
    let opened = HearingOpened {
        hearing_id: "h2".into(),
        court: "Court".into(),
        judge: "Judge J".into(),
        secretary: "Secretary S".into(),
        case_number: "2-2/2026".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: Lang::Ru,
        online: false,
        recording: None,
        place: Some("Place".into()),
        court_other: Some("Сот".into()),
        place_other: Some("Орын".into()),
    };
    let mut journal = Journal::create(dir, opened, Box::new(clock.clone())).unwrap();
    clock.set(::journal::parse_time("2026-11-24T10:10:00+05:00").unwrap());
    journal
        .append(Body::Note(Note {
            text: "Заседание открыто.".into(),
            recording_offset_ms: None,
        }))
        .unwrap();
    clock.set(::journal::parse_time("2026-11-24T10:30:00+05:00").unwrap());
    journal
        .append(Body::HearingClosed(HearingClosed { note: None }))
        .unwrap();
    clock.set(::journal::parse_time("2026-11-24T11:00:00+05:00").unwrap());
    journal
        .append(Body::Translation(Translation {
            target_seq: 2,
            language: Lang::Kk,
            fields: [("text".to_string(), "Отырыс ашылды.".to_string())].into(),
        }))
        .unwrap();
    clock.set(::journal::parse_time("2026-11-24T11:01:00+05:00").unwrap());
    let court = fixed_court("Judge J", "Secretary S").unwrap();
    journal
        .seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    journal
}

#[test]
fn hattama_writes_exactly_the_documented_translation_journal() {
    let dir = tempfile::tempdir().unwrap();
    let journal = write_translation_vector_journal(dir.path());
    let written = std::fs::read_to_string(journal.path()).unwrap();
    if std::env::var_os("HATTAMA_PRINT_VECTORS").is_some() {
        println!("{written}");
        for entry in journal.entries().unwrap() {
            let entry = entry.unwrap();
            let canon = entry.body.as_ref().unwrap().to_canon().unwrap();
            println!(
                "entry.{}.body_bytes = {}",
                entry.seq,
                hex_encode(&body_bytes(&canon))
            );
        }
    }
    assert_eq!(written, block("journal-translation"));
    // Both verifiers accept it; the journal reads back as a hearing with the translation.
    let ours = verify_bytes(written.as_bytes());
    assert!(ours.intact() && ours.sealed, "{:?}", ours.fault);
    let theirs = verify_journal(written.as_bytes());
    assert_eq!(theirs.fault_line, None);
    assert_eq!(theirs.head, ours.head.map(|h| h.to_hex()));
    let h = ::court::hearing::Hearing::load(journal.path()).unwrap();
    assert_eq!(h.text_in(2, "text", Lang::Kk), Some("Отырыс ашылды."));
    assert_eq!(h.text_in(1, "court", Lang::Kk), Some("Сот"));
    assert_eq!(h.text_in(1, "place", Lang::Ru), Some("Place"));
    // The documented translation body's bytes.
    let translation = journal.entries().unwrap().nth(3).unwrap().unwrap();
    let canon = translation.body.as_ref().unwrap().to_canon().unwrap();
    assert_eq!(
        hex_encode(&body_bytes(&canon)),
        values("values-translation")["entry.4.body_bytes"]
    );
}

#[test]
fn a_translation_pointing_forward_or_at_itself_is_refused_by_both_verifiers() {
    let text = block("journal-translation");
    let lines: Vec<&str> = text.lines().collect();
    for target in ["4", "9"] {
        let forged = lines[3].replace("\"target_seq\":2", &format!("\"target_seq\":{target}"));
        let bytes = format!(
            "{}\n{}\n{}\n{forged}\n{}\n",
            lines[0], lines[1], lines[2], lines[4]
        );
        assert!(!verify_bytes(bytes.as_bytes()).intact(), "target {target}");
        assert!(
            verify_journal(bytes.as_bytes()).fault_line.is_some(),
            "target {target}"
        );
    }
}

#[test]
fn hattama_writes_exactly_the_documented_journal() {
    let dir = tempfile::tempdir().unwrap();
    let journal = write_vector_journal(dir.path());
    let written = std::fs::read_to_string(journal.path()).unwrap();
    assert_eq!(written, block("journal-v2"));
    assert_eq!(
        journal.path().file_name().unwrap().to_str().unwrap(),
        "2-1-2026_h1_c7e15e68.jsonl"
    );
    assert_eq!(file_name("2-1/2026", "h1"), "2-1-2026_h1_c7e15e68.jsonl");
}

#[test]
fn every_intermediate_value_matches_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let journal = write_vector_journal(dir.path());
    assert_eq!(v2_values(&journal), values("values-v2"));
    // The documented statement is the text shown in §11.2.
    let statement = values("values-v2")["seal.statement"].clone();
    let bytes: Vec<u8> = (0..statement.len() / 2)
        .map(|i| u8::from_str_radix(&statement[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert_eq!(String::from_utf8(bytes).unwrap(), block("statement-v2"));
}

#[test]
fn format1_values_match_the_document() {
    let text = block("journal");
    let want = values("values");
    let mut got = line_values(text);
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let seal = &last["body"];
    let head = seal["head"].as_str().unwrap().parse().unwrap();
    let count = seal["count"].as_u64().unwrap();
    for sig in seal["signatures"].as_array().unwrap() {
        let role = sig["role"].as_str().unwrap();
        let msg = seal_message(role, count, &head);
        got.insert(format!("seal.{role}.message"), hex_encode(&msg));
        got.insert(
            format!("seal.{role}.public_key"),
            sig["public_key"].as_str().unwrap().into(),
        );
        got.insert(
            format!("seal.{role}.signature"),
            sig["signature"].as_str().unwrap().into(),
        );
    }
    assert_eq!(got, want);
    // The documented keys are those of the documented seeds.
    let (judge, secretary) = signers();
    assert_eq!(
        hex_encode(&judge.public_key()),
        want["seal.judge.public_key"]
    );
    assert_eq!(
        hex_encode(&secretary.public_key()),
        want["seal.secretary.public_key"]
    );
}

#[test]
fn both_verifiers_accept_the_vectors_and_agree() {
    for (name, head) in [("journal", "values"), ("journal-v2", "values-v2")] {
        let text = block(name);
        let ours = verify_bytes(text.as_bytes());
        assert!(ours.intact(), "{name}: {:?}", ours.fault);
        assert!(ours.sealed);
        let theirs = verify_journal(text.as_bytes());
        assert_eq!(theirs.fault_line, None, "{name}");
        assert_eq!(theirs.head, ours.head.map(|h| h.to_hex()));
        assert_eq!(
            theirs.head.as_deref(),
            Some(values(head)["entry.3.hash"].as_str())
        );
        assert_eq!(theirs.entries, 3);
    }
}

#[test]
fn every_fault_code_is_documented() {
    for code in ::journal::FaultCode::ALL {
        let row = format!("| `{}` |", code.as_str());
        assert!(
            DOC.contains(&row),
            "{row} is missing from docs/journal-format.md §9"
        );
    }
}

#[test]
fn both_verifiers_agree_on_every_flipped_byte_of_the_translation_vector() {
    super::independent::agree_on_every_flipped_byte(block("journal-translation").as_bytes());
}
