//! The journal file through its API: create, lock, append, iterate, seal, torn tails, repair,
//! refusals, permissions and symlinks.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use ::journal::entry::{Correction, HearingClosed, IncidentRecorded, Note, Recovered};
use ::journal::sample::{sample_bodies, sample_opening};
use ::journal::{Body, Clock, Hash, Kind, VerifyOptions};
use ::store::{Journal, JournalError, verify_file};
use chrono::TimeDelta;
use serde_json::json;

use super::{clock, line_spans, sample_journal, verify_bytes};

fn note(text: &str) -> Body {
    Body::Note(Note {
        text: text.into(),
        recording_offset_ms: None,
    })
}

#[test]
fn appended_entries_come_back_in_order_with_their_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut journal =
        Journal::create(dir.path(), sample_opening(), Box::new(clock.clone())).unwrap();
    let mut heads = vec![journal.head().unwrap()];
    for body in sample_bodies() {
        clock.advance(TimeDelta::seconds(30));
        heads.push(journal.append(body).unwrap());
    }
    assert_eq!(journal.head(), heads.last().copied());
    let entries: Vec<_> = journal.entries().unwrap().map(Result::unwrap).collect();
    assert_eq!(entries.len(), 9);
    for (entry, head) in entries.iter().zip(&heads) {
        assert_eq!(
            (entry.seq, entry.hash, entry.time),
            (head.seq, head.hash, head.time)
        );
    }
    let bodies: Vec<Body> = entries[1..]
        .iter()
        .map(|e| e.body.clone().unwrap())
        .collect();
    assert_eq!(bodies, sample_bodies());
    assert_eq!(entries[4].kind, Kind::IncidentRecorded);
    assert_eq!(
        entries[0].time,
        ::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap()
    );
}

#[test]
fn files_are_private_and_created_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = sample_journal(&data);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let before = fs::read(&path).unwrap();
    let again = Journal::create(&data, sample_opening(), Box::new(clock()));
    assert!(
        matches!(again, Err(JournalError::Exists { .. })),
        "{:?}",
        again.err()
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(&data).unwrap().count(), 1);
}

#[test]
fn a_second_writer_is_refused_but_readers_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    let path = first.path().to_path_buf();
    let second = Journal::open(&path, Box::new(clock()));
    let err = second.err().expect("refused");
    assert!(matches!(err, JournalError::Locked { .. }));
    assert!(
        err.to_string().contains("open for writing elsewhere"),
        "{err}"
    );
    let reader = Journal::open_read_only(&path).unwrap();
    assert!(!reader.is_writable());
    first.append(note("still writing")).unwrap();
    drop(first);
    let mut reopened = Journal::open(&path, Box::new(clock())).unwrap();
    assert_eq!(reopened.head().unwrap().seq, 2);
    reopened.append(note("after reopening")).unwrap();
    let mut reader = Journal::open_read_only(&path).unwrap();
    assert!(matches!(
        reader.append(note("x")),
        Err(JournalError::ReadOnly { .. })
    ));
}

#[test]
fn time_never_goes_backwards_and_is_kept_at_whole_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut journal =
        Journal::create(dir.path(), sample_opening(), Box::new(clock.clone())).unwrap();
    clock.set(::journal::parse_time("2026-11-24T10:05:00.750+05:00").unwrap());
    let a = journal.append(note("a")).unwrap();
    assert_eq!(
        a.time,
        ::journal::parse_time("2026-11-24T10:05:00+05:00").unwrap()
    );
    // The system clock is set back: the entry keeps the previous entry's time.
    clock.set(::journal::parse_time("2026-11-24T09:00:00+05:00").unwrap());
    let b = journal.append(note("b")).unwrap();
    assert_eq!(b.time, a.time);
    assert!(
        verify_file(journal.path(), VerifyOptions::default())
            .unwrap()
            .intact()
    );
}

#[test]
fn refused_entries_leave_the_file_unchanged_and_quote_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    let path = journal.path().to_path_buf();
    let before = fs::read(&path).unwrap();
    let refusals = [
        Body::IncidentRecorded(IncidentRecorded {
            facts: json!({"person": {"name": "Иванов", "height": 1.85}}),
            description: None,
            participant_id: None,
            recording_offset_ms: None,
        }),
        Body::HearingOpened(sample_opening()),
        Body::Correction(Correction {
            target_seq: 5,
            what: "Иванов".into(),
            why: "Иванов".into(),
        }),
        Body::Recovered(Recovered {
            dropped_bytes: 0,
            dropped_sha256: Hash::ZERO,
            newline_added_at: None,
        }),
        note(&"Иванов ".repeat(200_000)),
        // Nested deeper than JSON readers accept: it could be written but never read back.
        Body::IncidentRecorded(IncidentRecorded {
            facts: (0..200).fold(json!("Иванов"), |inner, _| json!([inner])),
            description: None,
            participant_id: None,
            recording_offset_ms: None,
        }),
    ];
    for body in &refusals {
        let err = journal.append(body.clone()).expect_err("refused");
        assert!(matches!(err, JournalError::Refused { .. }), "{err}");
        assert!(!err.to_string().contains("Иванов"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
    }
    let err = journal.append(refusals[0].clone()).unwrap_err().to_string();
    assert!(err.contains("facts.person.height"), "{err}");
    let err = super::seal(&mut journal).unwrap_err();
    assert!(err.to_string().contains("hearing closed first"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
    // The journal still takes good entries.
    journal.append(note("fine")).unwrap();
}

#[test]
fn after_a_seal_only_corrections_and_remarks_then_a_new_seal() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let mut journal = Journal::open(&path, Box::new(clock())).unwrap();
    assert!(journal.is_sealed());
    let err = journal.append(note("late")).unwrap_err();
    assert!(err.to_string().contains("may not follow a seal"), "{err}");
    journal
        .append(Body::Correction(Correction {
            target_seq: 4,
            what: "time of warning".into(),
            why: "typo".into(),
        }))
        .unwrap();
    assert!(!journal.is_sealed());
    let report = verify_file(&path, VerifyOptions::default()).unwrap();
    assert!(report.intact() && !report.sealed, "{:?}", report.fault);
    assert_eq!(report.unsealed_after_seal, 1);
    super::seal(&mut journal).unwrap();
    let err = super::seal(&mut journal).unwrap_err();
    assert!(err.to_string().contains("nothing new to seal"), "{err}");
    let report = verify_file(&path, VerifyOptions::default()).unwrap();
    assert!(report.intact() && report.sealed && report.seals_total == 2);
    assert_eq!(report.seals[1].count, 11);
}

#[test]
fn a_torn_tail_opens_read_only_until_repair_records_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut journal =
        Journal::create(dir.path(), sample_opening(), Box::new(clock.clone())).unwrap();
    journal.append(note("kept")).unwrap();
    let path = journal.path().to_path_buf();
    drop(journal);
    let torn = b"{\"seq\":3,\"time\":\"2026-11-24T10:0";
    let mut bytes = fs::read(&path).unwrap();
    let good_len = bytes.len();
    bytes.extend_from_slice(torn);
    fs::write(&path, &bytes).unwrap();

    let mut journal = Journal::open(&path, Box::new(clock.clone())).unwrap();
    assert_eq!(journal.torn_tail(), Some(torn.len() as u64));
    assert!(!journal.is_writable());
    let err = journal.append(note("x")).unwrap_err();
    assert!(err.to_string().contains("hattama repair"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes);

    let outcome = journal.repair().unwrap();
    assert_eq!(outcome.dropped_bytes, torn.len() as u64);
    let recovered = outcome.recovered.unwrap();
    assert_eq!(recovered.seq, 3);
    let entries: Vec<_> = journal.entries().unwrap().map(Result::unwrap).collect();
    assert_eq!(
        entries[2].body,
        Some(Body::Recovered(Recovered {
            dropped_bytes: torn.len() as u64,
            dropped_sha256: Hash::of(torn),
            newline_added_at: None,
        }))
    );
    assert_eq!(fs::read(&path).unwrap()[..good_len], bytes[..good_len]);
    journal.append(note("after repair")).unwrap();
    assert!(
        verify_file(&path, VerifyOptions::default())
            .unwrap()
            .intact()
    );
    // Repairing an intact journal does nothing.
    assert_eq!(journal.repair().unwrap().dropped_bytes, 0);
}

#[test]
fn repair_refuses_a_damaged_journal_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let mut bytes = fs::read(&path).unwrap();
    let line4 = line_spans(&bytes)[3].clone();
    bytes[line4.start + 40] ^= 0x01;
    bytes.extend_from_slice(b"{\"torn");
    fs::write(&path, &bytes).unwrap();
    let err = ::store::repair(&path, Box::new(clock())).unwrap_err();
    assert!(
        matches!(&err, JournalError::Broken { fault, .. } if fault.seq == Some(4)),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(Journal::open_read_only(&path).is_err());
}

#[test]
fn symlinks_directories_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    for result in [
        Journal::open(&link, Box::new(clock())).err(),
        Journal::open_read_only(&link).err(),
        verify_file(&link, VerifyOptions::default()).err(),
    ] {
        let err = result.expect("refused");
        assert!(err.to_string().contains("symbolic link"), "{err}");
    }
    let err = verify_file(dir.path(), VerifyOptions::default()).unwrap_err();
    assert!(err.to_string().contains("directory"), "{err}");
    let err = Journal::open_read_only(&dir.path().join("missing.jsonl"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("No such file"), "{err}");
}

#[test]
fn a_closed_hearing_seals_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    journal
        .append(Body::HearingClosed(HearingClosed { note: None }))
        .unwrap();
    let court = super::court_of(&journal);
    let err = journal
        .seal(&court.judge, &court.judge, &court.trust)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the secretary's certificate is refused"),
        "{err}"
    );
    let head = journal
        .seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    assert_eq!(head.seq, 3);
    let report = verify_bytes(&fs::read(journal.path()).unwrap());
    assert!(report.intact() && report.sealed);
    let names: Vec<&str> = report.seals[0]
        .signers
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let o = sample_opening();
    assert_eq!(names, [o.judge.as_str(), o.secretary.as_str()]);
}

#[test]
fn a_journal_can_move_to_another_thread() {
    fn send<T: Send>(_: &T) {}
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    send(&journal);
    let head = std::thread::spawn(move || journal.append(note("from a worker")).unwrap())
        .join()
        .unwrap();
    assert_eq!(head.seq, 2);
}

#[test]
fn the_demo_hearing_is_sealed_and_verifies_against_its_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (data, keys_dir) = (dir.path().join("data"), dir.path().join("keys"));
    let catalog = ::law::Catalog::builtin().unwrap();
    let paths = ::court::hearing::demo::write_demo_hearing(&data, &keys_dir, &catalog).unwrap();
    let court = &paths.court;
    for key in [
        &court.judge.key,
        &court.secretary.key,
        &court.authority.key_path(),
    ] {
        assert_eq!(
            fs::metadata(key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(
            fs::read_to_string(key)
                .unwrap()
                .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        );
    }
    let trust = court.trust().unwrap();
    let opts = VerifyOptions {
        trust: Some(&trust),
        ..VerifyOptions::default()
    };
    let report = verify_file(&paths.journal, opts).unwrap();
    assert!(report.intact() && report.sealed, "{:?}", report.fault);
    assert!(report.authenticated());
    assert!(
        report.seals[0]
            .signers
            .iter()
            .all(|s| s.status.authenticated())
    );
    let kinds: Vec<Kind> = Journal::open_read_only(&paths.journal)
        .unwrap()
        .entries()
        .unwrap()
        .map(|e| e.unwrap().kind)
        .collect();
    for kind in [
        Kind::IncidentRecorded,
        Kind::AdviceShown,
        Kind::MeasureApplied,
        Kind::ExplanationHeard,
        Kind::Sealed,
    ] {
        assert!(kinds.contains(&kind), "{kind} missing");
    }
    let again = ::court::hearing::demo::write_demo_hearing(&data, &keys_dir, &catalog);
    assert!(matches!(
        again,
        Err(::court::hearing::demo::DemoError::Journal(
            JournalError::Exists { .. }
        ))
    ));
}

/// Issue 16, item 16: one key signing as both officials is refused at sealing (nothing
/// written) and flagged when another tool made such a seal.
#[test]
fn one_key_in_both_roles_is_refused_at_sealing_and_flagged_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let mut j = Journal::open(&path, Box::new(clock())).unwrap();
    j.append(Body::Correction(Correction {
        target_seq: 2,
        what: "x".into(),
        why: "y".into(),
    }))
    .unwrap();
    let o = j.officials().cloned().unwrap();
    let court = ::journal::sample::sample_court(&o.judge, &o.secretary, clock().now()).unwrap();
    // The secretary's certificate, issued for the judge's key.
    let secretary_cert = court
        .authority
        .issue(&::pki::IssueRequest {
            role: ::pki::CertRole::Secretary,
            name: o.secretary.clone(),
            iin: None,
            public_key_der: court.judge.key().public_key_der().unwrap(),
            not_before: clock().now() - TimeDelta::days(1),
            not_after: clock().now() + TimeDelta::days(30),
            dns_names: Vec::new(),
        })
        .unwrap();
    let secretary = ::pki::CertifiedKey::new(
        court.judge.key().clone(),
        secretary_cert,
        vec![court.authority.certificate().clone()],
    )
    .unwrap();
    let before = fs::read(&path).unwrap();
    let err = j.seal(&court.judge, &secretary, &court.trust).unwrap_err();
    assert!(err.to_string().contains("certify one key"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before, "nothing written");

    let forged = super::mutations::sample_v1_one_key_bytes();
    let report = verify_bytes(&forged);
    assert!(report.intact(), "{:?}", report.fault);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code == ::journal::WarningCode::OneKeyBothRoles && w.seq == Some(10)),
        "{:?}",
        report.warnings
    );
    let honest = super::mutations::sample_v1_bytes();
    assert!(verify_bytes(&honest).warnings.is_empty());
}
