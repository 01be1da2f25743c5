//! Integration tests of the hearing-protocol journal, and helpers they share.

pub(crate) mod cli;
mod crash;
mod excerpt;
mod failed_write;
mod foreign;
pub mod independent;
mod mutations;
mod props;
mod resume;
mod store;
mod vectors;

use std::path::{Path, PathBuf};

use ::journal::sample::{sample_bodies, sample_opening};
use ::journal::{Ed25519Signer, FixedClock, Report, Role, VerifyOptions, verify_reader};
use ::store::Journal;
use chrono::TimeDelta;
use ed25519_dalek::SigningKey;

/// A clock at the sample hearing's opening, 2026-11-24 10:00 +05:00.
pub fn clock() -> FixedClock {
    FixedClock::new(::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap())
}

/// The judge (seed 01…) and the secretary (seed 02…) of the test vectors.
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

/// The sample hearing (10 entries, sealed at seq 10) written deterministically into `dir`.
pub fn sample_journal(dir: &Path) -> PathBuf {
    let clock = clock();
    let mut journal = Journal::create(dir, sample_opening(), Box::new(clock.clone())).unwrap();
    for body in sample_bodies() {
        clock.advance(TimeDelta::minutes(1));
        journal.append(body).unwrap();
    }
    let (judge, secretary) = signers();
    journal.seal(&[&judge, &secretary]).unwrap();
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
