//! Integration tests of the hearing-protocol journal, and helpers they share.

pub(crate) mod cli;
mod crash;
mod excerpt;
mod failed_write;
mod foreign;
pub mod independent;
pub mod mutations;
mod props;
mod resume;
mod store;
mod vectors;

use std::path::{Path, PathBuf};

use ::journal::sample::{SampleCourt, fixed_court, sample_bodies, sample_opening};
use ::journal::{Ed25519Signer, FixedClock, Report, Role, VerifyOptions, verify_reader};
use ::store::{Head, Journal, JournalError};
use chrono::TimeDelta;
use ed25519_dalek::SigningKey;

/// A clock at the sample hearing's opening, 2026-11-24 10:00 +05:00.
pub fn clock() -> FixedClock {
    FixedClock::new(::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap())
}

/// The judge (seed 01…) and the secretary (seed 02…) of the format-1 test vectors (old seals).
pub fn signers() -> (Ed25519Signer, Ed25519Signer) {
    let judge = Ed25519Signer {
        role: Role::Judge,
        name: "Judge J".into(),
        key: SigningKey::from_bytes(&[1; 32]),
    };
    let secretary = Ed25519Signer {
        role: Role::Secretary,
        name: "Secretary S".into(),
        key: SigningKey::from_bytes(&[2; 32]),
    };
    (judge, secretary)
}

/// The fixed test court (`journal::sample::fixed_court`) certifying the judge and the secretary
/// `journal`'s opening names.
pub fn court_of(journal: &Journal) -> SampleCourt {
    let o = journal
        .officials()
        .cloned()
        .expect("the journal opens with a hearing");
    fixed_court(&o.judge, &o.secretary).expect("the fixed test court")
}

/// Seal `journal` by the fixed test court's judge and secretary.
pub fn seal(journal: &mut Journal) -> Result<Head, JournalError> {
    let court = court_of(journal);
    journal.seal(&court.judge, &court.secretary, &court.trust)
}

/// The sample hearing (10 entries, sealed at seq 10) written deterministically into `dir`.
pub fn sample_journal(dir: &Path) -> PathBuf {
    let clock = clock();
    let mut journal = Journal::create(dir, sample_opening(), Box::new(clock.clone())).unwrap();
    for body in sample_bodies() {
        clock.advance(TimeDelta::minutes(1));
        journal.append(body).unwrap();
    }
    seal(&mut journal).unwrap();
    journal.path().to_path_buf()
}

/// The sample's bytes, built once per call in a temporary directory.
pub fn sample_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::read(sample_journal(dir.path())).unwrap()
}

/// Verify journal bytes in memory with the default options.
pub fn verify_bytes(bytes: &[u8]) -> Report {
    verify_reader(bytes, VerifyOptions::default()).unwrap()
}

/// Byte ranges of the lines of `bytes` (newline included).
pub fn line_spans(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            spans.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push(start..bytes.len());
    }
    spans
}
