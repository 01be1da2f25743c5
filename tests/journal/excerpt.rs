//! Excerpts: the chosen entries in full, the rest by hash, the seal; verifiable on their own.

use std::fs;

use ::journal::entry::Correction;
use ::journal::excerpt::verify_excerpt_bytes;
use ::journal::{Body, FaultCode, VerifyOptions};
use ::store::{Journal, JournalError, verify_file, write_excerpt};
use serde_json::{Value, json};

use super::independent::verify_excerpt;
use super::{clock, sample_journal};

fn excerpt_value(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn check(bytes: &[u8]) -> Option<FaultCode> {
    match verify_excerpt_bytes(bytes, VerifyOptions::default()) {
        Ok(report) => report.fault.map(|f| f.code),
        Err(_) => Some(FaultCode::Malformed),
    }
}

#[test]
fn an_excerpt_verifies_alone_and_withholds_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let out = dir.path().join("x.json");
    let summary = write_excerpt(&path, &[8, 5, 8], &out).unwrap();
    assert_eq!(
        (
            summary.selected.as_slice(),
            summary.seal_seq,
            summary.entries
        ),
        ([5, 8].as_slice(), 10, 10)
    );
    let text = fs::read_to_string(&out).unwrap();
    // The defendant's name and IIN (entry 3) are withheld; the incident's facts (entry 5) are not.
    assert!(!text.contains("Иванов") && !text.contains("800501300126"));
    assert!(text.contains("disobedience") && text.contains("CPC 188(2)"));
    let doc = excerpt_value(text.as_bytes());
    let entries = doc["entries"].as_array().unwrap();
    let with_body: Vec<u64> = entries
        .iter()
        .filter(|e| e.get("body").is_some())
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(with_body, [1, 5, 8, 10]);

    fs::remove_file(&path).unwrap();
    let report = verify_file(&out, VerifyOptions::default()).unwrap();
    assert!(report.intact(), "{:?}", report.fault);
    assert!(report.sealed && report.entries == 10);
    assert_eq!(report.head, Some(summary.head));
    let info = report.excerpt.unwrap();
    assert_eq!(info.selected, [5, 8]);
    assert_eq!(info.journal, path.file_name().unwrap().to_str().unwrap());
    assert_eq!(verify_excerpt(text.as_bytes()).fault_line, None);
}

#[test]
fn every_flipped_byte_of_an_excerpt_is_detected_by_both_verifiers() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let out = dir.path().join("x.json");
    write_excerpt(&path, &[5, 8], &out).unwrap();
    let bytes = fs::read(&out).unwrap();
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        assert!(check(&b).is_some(), "byte {i} not detected");
        assert!(
            verify_excerpt(&b).fault_line.is_some(),
            "byte {i} not detected independently"
        );
    }
}

#[test]
fn an_excerpt_must_hold_what_it_claims() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let out = dir.path().join("x.json");
    write_excerpt(&path, &[5], &out).unwrap();
    let doc = excerpt_value(&fs::read(&out).unwrap());
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut d = doc.clone();
        f(&mut d);
        check(d.to_string().as_bytes())
    };
    assert_eq!(edit(&|_| {}), None);
    assert_eq!(
        edit(&|d| d["selected"] = json!([5, 6])),
        Some(FaultCode::MissingBody)
    );
    assert_eq!(
        edit(&|d| {
            d["entries"][4].as_object_mut().unwrap().remove("body");
        }),
        Some(FaultCode::MissingBody)
    );
    assert_eq!(
        edit(&|d| {
            d["entries"].as_array_mut().unwrap().pop();
        }),
        Some(FaultCode::IncompleteExcerpt)
    );
    assert_eq!(
        edit(&|d| {
            d["entries"].as_array_mut().unwrap().remove(3);
        }),
        Some(FaultCode::Gap)
    );
    assert_eq!(
        edit(&|d| d["entries"][4]["body"]["facts"]["person"]["role"] = json!("witness")),
        Some(FaultCode::BodyHashMismatch)
    );
    assert_eq!(
        edit(&|d| d["entries"][6]["body"] = json!({"text": "invented"})),
        Some(FaultCode::BodyHashMismatch)
    );
    assert_eq!(
        edit(&|d| d["selected"] = json!([])),
        Some(FaultCode::Malformed)
    );
    assert_eq!(
        edit(&|d| d["journal"] = json!("other.jsonl")),
        Some(FaultCode::Malformed)
    );
    assert!(
        verify_excerpt_bytes(
            doc.to_string()
                .replace("hattama-excerpt/1", "other/1")
                .as_bytes(),
            VerifyOptions::default()
        )
        .is_err()
    );
    // A withheld body given back, the right one, is proven by its hash and accepted.
    let full = fs::read_to_string(&path).unwrap();
    let line4: Value = serde_json::from_str(full.lines().nth(3).unwrap()).unwrap();
    assert_eq!(
        edit(&|d| d["entries"][3]["body"] = line4["body"].clone()),
        None
    );
}

#[test]
fn excerpts_need_a_seal_covering_the_chosen_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let out = dir.path().join("x.json");
    let mut journal = Journal::open(&path, Box::new(clock())).unwrap();
    journal
        .append(Body::Correction(Correction {
            target_seq: 4,
            what: "w".into(),
            why: "y".into(),
        }))
        .unwrap();
    let refused = |seqs: &[u64]| match write_excerpt(&path, seqs, &out) {
        Err(JournalError::Excerpt { what, .. }) => what,
        other => panic!("{other:?}"),
    };
    assert!(refused(&[11]).contains("not covered by the latest seal (seq 10)"));
    assert!(refused(&[0]).contains("not covered"));
    assert!(refused(&[]).contains("no entries"));
    assert!(!out.exists());
    super::seal(&mut journal).unwrap();
    let summary = write_excerpt(&path, &[11], &out).unwrap();
    assert_eq!(summary.seal_seq, 12);
    let report = verify_file(&out, VerifyOptions::default()).unwrap();
    assert!(report.intact() && report.seals_total == 2);
    // The output is never overwritten.
    let before = fs::read(&out).unwrap();
    assert!(refused(&[5]).contains("already exists"));
    assert_eq!(fs::read(&out).unwrap(), before);

    let unsealed = tempfile::tempdir().unwrap();
    let j = Journal::create(
        unsealed.path(),
        ::journal::sample::sample_opening(),
        Box::new(clock()),
    )
    .unwrap();
    let err = write_excerpt(j.path(), &[1], &unsealed.path().join("y.json")).unwrap_err();
    assert!(err.to_string().contains("not sealed"), "{err}");
}
