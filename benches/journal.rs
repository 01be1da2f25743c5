//! The journal: one append (encode, hash, write, fdatasync) against a bare write + fdatasync of
//! the same bytes in the same directory; verification of a day-long hearing in memory against
//! SHA-256 of the same bytes; excerpt verification. `scripts/bench-compare` reports the append
//! p50/p99 and the verify throughput on a gigabyte of files; these are the quick micro view.
//!
//! Appends go to `target/bench/divan` (the project's disk, not a tmpfs), so fsync is real.

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

use ::journal::entry::Note;
use ::journal::sample::sample_opening;
use ::journal::{Body, SystemClock, VerifyOptions, verify_reader};
use ::store::Journal;
use divan::counter::BytesCount;
use sha2::{Digest, Sha256};

#[path = "../examples/bench/hearing.rs"]
mod hearing;

fn main() {
    divan::main();
}

fn scratch() -> tempfile::TempDir {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/divan");
    std::fs::create_dir_all(&base).unwrap_or_else(|e| panic!("{}: {e}", base.display()));
    tempfile::tempdir_in(&base).unwrap_or_else(|e| panic!("{e}"))
}

fn note() -> Body {
    Body::Note(Note {
        text: "Истец поддержал исковые требования в полном объёме и просил их удовлетворить. \
               Ответчик иск не признал, пояснив, что задолженность погашена частично."
            .into(),
        recording_offset_ms: Some(754_000),
    })
}

#[divan::bench(sample_count = 200)]
fn append_fdatasync(bencher: divan::Bencher) {
    let dir = scratch();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(SystemClock))
        .unwrap_or_else(|e| panic!("{e}"));
    bencher.bench_local(|| journal.append(note()).unwrap_or_else(|e| panic!("{e}")));
}

/// The baseline: the bytes of one such entry, written at the end and fdatasynced.
#[divan::bench(sample_count = 200)]
fn bare_write_fdatasync(bencher: divan::Bencher) {
    let dir = scratch();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(SystemClock))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::metadata(journal.path()).map_or(0, |m| m.len()) as usize;
    journal.append(note()).unwrap_or_else(|e| panic!("{e}"));
    let line = std::fs::read(journal.path()).unwrap_or_default()[before..].to_vec();
    let path = dir.path().join("bare");
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut len = 0u64;
    bencher.bench_local(|| {
        file.write_all_at(&line, len)
            .and_then(|()| file.sync_data())
            .unwrap_or_else(|e| panic!("{e}"));
        len += line.len() as u64;
    });
}

/// A sealed hearing of about 4 MiB, as `gen_protocols` writes them.
fn hearing_bytes() -> Vec<u8> {
    let dir = scratch();
    let writer = hearing::HearingWriter::new().unwrap_or_else(|e| panic!("{e}"));
    let path = writer
        .write(dir.path(), 0, 4 << 20)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::read(path).unwrap_or_else(|e| panic!("{e}"))
}

#[divan::bench(sample_count = 20)]
fn verify_hearing(bencher: divan::Bencher) {
    let bytes = hearing_bytes();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .bench_local(|| {
            let report = verify_reader(divan::black_box(&bytes[..]), VerifyOptions::default())
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(report.intact() && report.sealed);
        });
}

/// The reference for `verify_hearing`: one SHA-256 over the same bytes (the sha2 crate).
#[divan::bench(sample_count = 20)]
fn sha256_hearing(bencher: divan::Bencher) {
    let bytes = hearing_bytes();
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .bench_local(|| Sha256::digest(divan::black_box(&bytes[..])));
}
