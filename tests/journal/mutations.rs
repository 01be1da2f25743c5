//! Every class of alteration is detected, and named: exhaustively on the sample journal, and by
//! a forger who knows the format and recomputes every hash (only the seal stops them).

use ::journal::canonical::{CanonValue, Hash, body_hash, entry_hash};
use ::journal::seal::make_seal;
use ::journal::{
    CertSigner, Ed25519Signer, FaultCode, PublicKeyRecord, Report, Role, Signer, VerifyOptions,
    verify_reader,
};
use ed25519_dalek::SigningKey;
use serde_json::{Value, json};

use super::{line_spans, sample_bytes, signers, verify_bytes};

fn fault_of(report: &Report) -> (FaultCode, Option<u64>, Option<u64>) {
    let f = report.fault.as_ref().expect("a fault");
    (f.code, f.seq, f.line)
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    line_spans(bytes)
        .into_iter()
        .map(|r| bytes[r].to_vec())
        .collect()
}

fn values(bytes: &[u8]) -> Vec<Value> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect()
}

/// Recompute `prev`, `body_hash` and `hash` of every entry after `edit`, as a forger would.
fn forge(bytes: &[u8], edit: impl FnOnce(&mut Vec<Value>)) -> Vec<u8> {
    let mut entries = values(bytes);
    edit(&mut entries);
    rehash(&mut entries);
    to_bytes(&entries)
}

fn rehash(entries: &mut [Value]) {
    let mut prev = Hash::ZERO;
    for e in entries.iter_mut() {
        let body: CanonValue = serde_json::from_value(e["body"].clone()).unwrap();
        let bh = body_hash(&body);
        let seq = e["seq"].as_u64().unwrap();
        let hash = entry_hash(
            seq,
            e["time"].as_str().unwrap(),
            e["kind"].as_str().unwrap(),
            &prev,
            &bh,
        );
        e["prev"] = json!(prev.to_hex());
        e["body_hash"] = json!(bh.to_hex());
        e["hash"] = json!(hash.to_hex());
        prev = hash;
    }
}

fn to_bytes(entries: &[Value]) -> Vec<u8> {
    entries
        .iter()
        .flat_map(|e| format!("{e}\n").into_bytes())
        .collect()
}

/// Re-sign the seal at the end of `entries` over the current chain with `judge` and `secretary`.
fn reseal(entries: &mut [Value], judge: &dyn Signer, secretary: &dyn Signer) {
    let n = entries.len();
    rehash(&mut entries[..n - 1]);
    let head: Hash = entries[n - 2]["hash"].as_str().unwrap().parse().unwrap();
    let sealed = make_seal(head, n as u64 - 1, &[judge, secretary]).unwrap();
    entries[n - 1]["body"] = serde_json::to_value(sealed).unwrap();
}

/// The sample journal sealed the old way (format 1, Ed25519 keys 01… and 02…).
pub fn sample_v1_bytes() -> Vec<u8> {
    let mut entries = values(&sample_bytes());
    let (judge, secretary) = signers();
    reseal(&mut entries, &judge, &secretary);
    rehash(&mut entries);
    to_bytes(&entries)
}

/// The sample journal sealed the old way with one key (01…) in both roles.
pub fn sample_v1_one_key_bytes() -> Vec<u8> {
    let mut entries = values(&sample_bytes());
    let (judge, _) = signers();
    let mut secretary = signers().0;
    secretary.role = ::journal::Role::Secretary;
    reseal(&mut entries, &judge, &secretary);
    rehash(&mut entries);
    to_bytes(&entries)
}

/// Re-sign the format-2 seal at the end of `entries` over the current chain, as a forger who
/// holds these keys would.
pub fn reseal_v2(entries: &mut [Value], judge: &dyn CertSigner, secretary: &dyn CertSigner) {
    let n = entries.len();
    rehash(&mut entries[..n - 1]);
    let head: Hash = entries[n - 2]["hash"].as_str().unwrap().parse().unwrap();
    let journal: Hash = entries[0]["hash"].as_str().unwrap().parse().unwrap();
    let time = entries[n - 1]["time"].as_str().unwrap().to_string();
    let sealed =
        ::journal::seal_v2::make_seal(journal, n as u64 - 1, head, &time, judge, secretary)
            .unwrap();
    entries[n - 1]["body"] = serde_json::to_value(sealed).unwrap();
}

/// `bytes` with every entry's hashes recomputed after `edit` and the seal re-signed by
/// `judge` and `secretary`: a complete forgery by whoever holds those keys.
pub fn forge_and_reseal(
    bytes: &[u8],
    edit: impl FnOnce(&mut Vec<Value>),
    judge: &dyn CertSigner,
    secretary: &dyn CertSigner,
) -> Vec<u8> {
    let mut entries = values(bytes);
    edit(&mut entries);
    reseal_v2(&mut entries, judge, secretary);
    rehash(&mut entries);
    to_bytes(&entries)
}

#[test]
fn every_flipped_byte_is_detected_at_its_own_line() {
    let bytes = sample_bytes();
    let spans = line_spans(&bytes);
    for mask in [0x01u8, 0x20, 0x80] {
        for (line, span) in spans.iter().enumerate() {
            for i in span.clone() {
                let mut b = bytes.clone();
                b[i] ^= mask;
                let report = verify_bytes(&b);
                let fault = report
                    .fault
                    .unwrap_or_else(|| panic!("byte {i} ^ {mask:#x} not detected"));
                assert_eq!(
                    fault.line,
                    Some(line as u64 + 1),
                    "byte {i} ^ {mask:#x}: {fault}"
                );
            }
        }
    }
}

#[test]
fn flips_in_a_body_a_hash_and_a_seq_are_named() {
    let bytes = sample_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let flip_at = |pos: usize, mask: u8| {
        let mut b = bytes.clone();
        b[pos] ^= mask;
        fault_of(&verify_bytes(&b))
    };
    // A letter of the defendant's name (line 3): the body no longer matches its hash.
    let name = text.find("Иванов").unwrap();
    assert_eq!(
        flip_at(name + 1, 0x01),
        (FaultCode::BodyHashMismatch, Some(3), Some(3))
    );
    // A digit of line 4's hash: the entry no longer matches it.
    let line4 = line_spans(&bytes)[3].clone();
    let hash_at = line4.start + text[line4.clone()].find("\"hash\":\"").unwrap() + 8;
    let digit = (hash_at..hash_at + 64)
        .find(|&i| bytes[i].is_ascii_digit())
        .unwrap();
    assert_eq!(flip_at(digit, 0x01).0, FaultCode::HashMismatch);
    // Line 3's seq 3 → 2: a seq used twice.
    let seq_at = line_spans(&bytes)[2].start + "{\"seq\":".len();
    assert_eq!(
        flip_at(seq_at, 0x01),
        (FaultCode::Duplicate, Some(3), Some(3))
    );
    // Line 6's prev: the link is broken.
    let line6 = line_spans(&bytes)[5].clone();
    let prev_at = line6.start + text[line6.clone()].find("\"prev\":\"").unwrap() + 8;
    let digit = (prev_at..prev_at + 64)
        .find(|&i| bytes[i].is_ascii_digit())
        .unwrap();
    assert_eq!(
        flip_at(digit, 0x01),
        (FaultCode::BrokenLink, Some(6), Some(6))
    );
}

#[test]
fn deleting_duplicating_and_reordering_lines_is_detected() {
    let bytes = sample_bytes();
    let ls = lines(&bytes);
    let n = ls.len();
    for i in 0..n {
        let mut deleted = ls.clone();
        deleted.remove(i);
        let report = verify_bytes(&deleted.concat());
        if i + 1 < n {
            assert_eq!(
                fault_of(&report),
                (FaultCode::Gap, Some(i as u64 + 1), Some(i as u64 + 1))
            );
        } else {
            // Cutting the seal off leaves a shorter chain, which no longer counts as sealed.
            assert!(report.intact() && !report.sealed && report.entries == n as u64 - 1);
        }

        let mut doubled = ls.clone();
        doubled.insert(i, ls[i].clone());
        let report = verify_bytes(&doubled.concat());
        assert_eq!(
            fault_of(&report),
            (FaultCode::Duplicate, Some(i as u64 + 2), Some(i as u64 + 2))
        );

        if i + 1 < n {
            let mut swapped = ls.clone();
            swapped.swap(i, i + 1);
            let report = verify_bytes(&swapped.concat());
            assert_eq!(
                fault_of(&report),
                (FaultCode::Reordered, Some(i as u64 + 1), Some(i as u64 + 1))
            );

            let mut moved = ls.clone();
            let line = moved.remove(i);
            moved.push(line);
            assert_eq!(
                fault_of(&verify_bytes(&moved.concat())).0,
                FaultCode::Reordered
            );
        }
    }
}

#[test]
fn inserted_lines_are_detected() {
    let bytes = sample_bytes();
    let ls = lines(&bytes);
    let mut garbage = ls.clone();
    garbage.insert(4, b"not json\n".to_vec());
    assert_eq!(
        fault_of(&verify_bytes(&garbage.concat())),
        (FaultCode::Malformed, Some(5), Some(5))
    );

    // A well-formed note, correctly linked after entry 5: the old entry 6 then repeats a seq.
    let entries = values(&bytes);
    let mut note = json!({"seq": 6, "time": entries[4]["time"], "kind": "note",
        "prev": entries[4]["hash"], "body": {"text": "added later"}});
    let body: CanonValue = serde_json::from_value(note["body"].clone()).unwrap();
    let bh = body_hash(&body);
    let prev: Hash = entries[4]["hash"].as_str().unwrap().parse().unwrap();
    let h = entry_hash(6, note["time"].as_str().unwrap(), "note", &prev, &bh);
    note["body_hash"] = json!(bh.to_hex());
    note["hash"] = json!(h.to_hex());
    let mut inserted = ls.clone();
    inserted.insert(5, format!("{note}\n").into_bytes());
    assert_eq!(
        fault_of(&verify_bytes(&inserted.concat())),
        (FaultCode::Duplicate, Some(7), Some(7))
    );

    // Renumbering and rehashing everything after it: the seal no longer matches the chain.
    let forged = forge(&bytes, |es| {
        es.insert(5, note.clone());
        for (i, e) in es.iter_mut().enumerate() {
            e["seq"] = json!(i + 1);
        }
    });
    assert_eq!(
        fault_of(&verify_bytes(&forged)),
        (FaultCode::BadSeal, Some(11), Some(11))
    );
}

#[test]
fn a_rewritten_history_fails_at_the_seal() {
    let bytes = sample_bytes();
    // Change the judge's grounds and rehash the chain, seal body kept: the head no longer matches.
    let forged = forge(&bytes, |es| {
        es[7]["body"]["grounds"] = json!("other grounds")
    });
    assert_eq!(fault_of(&verify_bytes(&forged)).0, FaultCode::BadSeal);
    // Also point the seal's statement at the new head: the signatures no longer verify.
    let forged = forge(&bytes, |es| {
        es[7]["body"]["grounds"] = json!("other grounds");
        let old_head = es[8]["hash"].as_str().unwrap().to_string();
        let mut tmp = es.clone();
        rehash(&mut tmp);
        let new_head = tmp[8]["hash"].as_str().unwrap().to_string();
        let statement = es[9]["body"]["statement"]
            .as_str()
            .unwrap()
            .replace(&old_head, &new_head);
        es[9]["body"]["statement"] = json!(statement);
    });
    assert_eq!(
        fault_of(&verify_bytes(&forged)),
        (FaultCode::BadSignature, Some(10), Some(10))
    );
}

#[test]
fn a_seal_by_other_keys_is_caught_by_the_given_public_keys() {
    let bytes = sample_v1_bytes();
    let impostor = |role, seed| Ed25519Signer {
        role,
        name: "Judge J".into(),
        key: SigningKey::from_bytes(&[seed; 32]),
    };
    let (j2, s2) = (impostor(Role::Judge, 7), impostor(Role::Secretary, 8));
    let mut entries = values(&bytes);
    entries[7]["body"]["grounds"] = json!("other grounds");
    reseal(&mut entries, &j2, &s2);
    rehash(&mut entries);
    let forged = to_bytes(&entries);
    // Without trusted keys the forgery is self-consistent: only --pubkey can tell.
    let report = verify_bytes(&forged);
    assert!(report.intact() && !report.trusted_keys);
    assert!(
        report.seals[0]
            .signers
            .iter()
            .all(|s| !s.status.authenticated())
    );
    let (judge, secretary) = signers();
    let trusted: Vec<PublicKeyRecord> = [&judge, &secretary]
        .iter()
        .map(|s| PublicKeyRecord::new(s.role(), s.name(), &s.public_key()))
        .collect();
    let opts = VerifyOptions {
        trusted: Some(&trusted),
        ..VerifyOptions::default()
    };
    let report = verify_reader(forged.as_slice(), opts).unwrap();
    assert_eq!(
        fault_of(&report),
        (FaultCode::UnknownSigner, Some(10), Some(10))
    );
    let report = verify_reader(bytes.as_slice(), opts).unwrap();
    assert!(
        report.intact()
            && report.seals[0]
                .signers
                .iter()
                .all(|s| s.status.authenticated())
    );
}

#[test]
fn truncation_at_every_byte_of_the_last_entry_is_a_torn_tail() {
    let bytes = sample_bytes();
    let last = line_spans(&bytes).pop().unwrap();
    // Without only its newline the last line is whole: intact, with a warning (issue 16,
    // item 1); one byte more and it is torn.
    let report = verify_bytes(&bytes[..last.end - 1]);
    assert!(report.intact() && report.sealed && report.entries == 10);
    assert_eq!(
        report.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
        [::journal::WarningCode::MissingNewline]
    );
    assert_eq!(report.intact_len, (last.end - 1) as u64);
    for cut in last.start + 1..last.end - 1 {
        let report = verify_bytes(&bytes[..cut]);
        assert_eq!(
            fault_of(&report),
            (FaultCode::TornTail, Some(10), Some(10)),
            "cut at {cut}"
        );
        assert_eq!(report.entries, 9);
        assert_eq!(report.intact_len, last.start as u64);
    }
    let report = verify_bytes(&bytes[..last.start]);
    assert!(report.intact() && !report.sealed && report.entries == 9);
}

#[test]
fn entries_after_a_seal_are_refused_or_need_a_new_seal() {
    let bytes = sample_bytes();
    let append = |kind: &str, body: Value| {
        forge(&bytes, |es| {
            let time = es[9]["time"].clone();
            es.push(json!({"seq": 11, "time": time, "kind": kind, "body": body}));
        })
    };
    let note = append("note", json!({"text": "after the seal"}));
    assert_eq!(
        fault_of(&verify_bytes(&note)),
        (FaultCode::NotAllowedAfterSeal, Some(11), Some(11))
    );
    let correction = append(
        "correction",
        json!({"target_seq": 4, "what": "w", "why": "y"}),
    );
    // Entries awaiting a new seal are a state to report, not a fault (issue 16, item 6).
    let report = verify_bytes(&correction);
    assert!(report.intact() && !report.sealed, "{:?}", report.fault);
    assert_eq!(report.unsealed_after_seal, 1);
    assert_eq!(
        report.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
        [::journal::WarningCode::UnsealedAfterSeal]
    );
    let forward = append(
        "correction",
        json!({"target_seq": 11, "what": "w", "why": "y"}),
    );
    assert_eq!(fault_of(&verify_bytes(&forward)).0, FaultCode::BadReference);
    // With a new seal by the same signers the journal counts as sealed again.
    let mut entries = values(&correction);
    entries.push(entries[9].clone());
    entries[11]["seq"] = json!(12);
    let (judge, secretary) = signers();
    reseal(&mut entries, &judge, &secretary);
    rehash(&mut entries);
    let report = verify_bytes(&to_bytes(&entries));
    assert!(
        report.intact() && report.sealed && report.seals_total == 2,
        "{:?}",
        report.fault
    );
}

#[test]
fn forged_entries_that_break_the_rules_are_named() {
    let bytes = sample_bytes();
    let (judge, secretary) = signers();
    // Time going backwards, even with a valid seal over it.
    let mut entries = values(&bytes);
    entries[4]["time"] = json!("2026-11-24T09:00:00+05:00");
    reseal(&mut entries, &judge, &secretary);
    rehash(&mut entries);
    assert_eq!(
        fault_of(&verify_bytes(&to_bytes(&entries))),
        (FaultCode::TimeBackwards, Some(5), Some(5))
    );
    // The same instant written with another offset is not earlier.
    let mut entries = values(&bytes);
    entries[1]["time"] = json!("2026-11-24T05:01:00Z");
    reseal(&mut entries, &judge, &secretary);
    rehash(&mut entries);
    assert!(verify_bytes(&to_bytes(&entries)).intact());

    type Edit = Box<dyn Fn(&mut Vec<Value>)>;
    let cases: Vec<(Edit, FaultCode, u64)> = vec![
        (
            Box::new(|es| es[0]["kind"] = json!("note")),
            FaultCode::Malformed,
            1,
        ),
        (
            Box::new(|es| {
                es.remove(0);
                for (i, e) in es.iter_mut().enumerate() {
                    e["seq"] = json!(i + 1);
                }
            }),
            FaultCode::NotAllowed,
            1,
        ),
        (
            Box::new(|es| es[3]["body"]["extra"] = json!(1)),
            FaultCode::Malformed,
            4,
        ),
        (
            Box::new(|es| es[3]["body"]["text"] = json!(5)),
            FaultCode::Malformed,
            4,
        ),
        (
            Box::new(|es| es[3]["kind"] = json!("shouting")),
            FaultCode::Malformed,
            4,
        ),
        (
            Box::new(|es| {
                es[8]["kind"] = json!("note");
                es[8]["body"] = json!({"text": "x"});
            }),
            FaultCode::NotAllowed,
            10,
        ),
        (
            Box::new(|es| es[5]["body"]["incident_seq"] = json!(9)),
            FaultCode::BadReference,
            6,
        ),
        (
            Box::new(|es| es[2]["time"] = json!("yesterday")),
            FaultCode::Malformed,
            3,
        ),
    ];
    for (i, (edit, code, seq)) in cases.into_iter().enumerate() {
        let forged = forge(&bytes, |es| edit(es));
        let report = verify_bytes(&forged);
        let f = report
            .fault
            .unwrap_or_else(|| panic!("case {i} not detected"));
        assert_eq!((f.code, f.seq), (code, Some(seq)), "case {i}: {f}");
    }
}

#[test]
fn malformed_input_is_named_not_panicked_on() {
    let bytes = sample_bytes();
    let ls = lines(&bytes);
    let with_line = |i: usize, line: &[u8]| {
        let mut v = ls.clone();
        v[i] = line.to_vec();
        fault_of(&verify_bytes(&v.concat()))
    };
    // A duplicate member in a body: serde would keep one silently; the format refuses it.
    let dup = String::from_utf8(ls[3].clone())
        .unwrap()
        .replace("{\"recording", "{\"text\":\"x\",\"recording");
    assert_eq!(
        with_line(3, dup.as_bytes()),
        (FaultCode::Malformed, Some(4), Some(4))
    );
    let float = String::from_utf8(ls[3].clone())
        .unwrap()
        .replace("512000", "512000.0");
    assert_eq!(
        with_line(3, float.as_bytes()),
        (FaultCode::Malformed, Some(4), Some(4))
    );
    assert_eq!(
        with_line(2, b"\xff\xfe\n"),
        (FaultCode::InvalidUtf8, Some(3), Some(3))
    );
    assert_eq!(
        with_line(2, b"[1,2]\n"),
        (FaultCode::Malformed, Some(3), Some(3))
    );
    assert_eq!(
        with_line(2, b"\n"),
        (FaultCode::Malformed, Some(3), Some(3))
    );
    let mut long = vec![b' '; (1 << 20) + 1];
    long.push(b'\n');
    assert_eq!(
        with_line(2, &long),
        (FaultCode::LineTooLong, Some(3), Some(3))
    );
    assert_eq!(
        fault_of(&verify_bytes(b"")),
        (FaultCode::Empty, Some(1), None)
    );
}

#[test]
fn a_certificate_whose_key_did_not_make_the_signature_is_caught() {
    let bytes = sample_bytes();
    // The judge's certificate replaced by the secretary's, and the statement made to name it:
    // the judge's signature does not verify under the secretary's key.
    let forged = forge(&bytes, |es| {
        let seal = &mut es[9]["body"];
        let judge_cert = seal["signatures"][0]["certificate"]
            .as_str()
            .unwrap()
            .to_string();
        let secretary_cert = seal["signatures"][1]["certificate"]
            .as_str()
            .unwrap()
            .to_string();
        let hash = |hex: &str| {
            let der: Vec<u8> = (0..hex.len() / 2)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
                .collect();
            Hash::of(&der).to_hex()
        };
        let statement = seal["statement"]
            .as_str()
            .unwrap()
            .replace(&hash(&judge_cert), &hash(&secretary_cert));
        seal["statement"] = json!(statement);
        seal["signatures"][0]["certificate"] = json!(secretary_cert);
    });
    let (code, seq, _) = fault_of(&verify_bytes(&forged));
    assert_eq!((code, seq), (FaultCode::BadSignature, Some(10)));
    // Swapped without touching the statement: the certificate is not the one it names.
    let forged = forge(&bytes, |es| {
        let sigs = es[9]["body"]["signatures"].as_array_mut().unwrap();
        let c0 = sigs[0]["certificate"].clone();
        sigs[0]["certificate"] = sigs[1]["certificate"].clone();
        sigs[1]["certificate"] = c0;
    });
    let report = verify_bytes(&forged);
    assert_eq!(fault_of(&report).0, FaultCode::BadSignature);
    assert!(
        report
            .fault
            .unwrap()
            .to_string()
            .contains("not the one the statement names"),
        "a swapped certificate is named as such"
    );
}
