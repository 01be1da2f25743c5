//! A full disk under every command that writes: the real binary runs under a file-size limit
//! (`ulimit -f`, SIGXFSZ ignored), so the kernel refuses writes past the limit with EFBIG after a
//! short write — the half-written file a full disk leaves. Whatever the command, it must exit
//! with an error line (no panic), leave no half-written file behind, and leave every journal
//! verifiable with every entry it held before. (`journal::failed_write` covers `append` itself.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ::journal::entry::Note;
use ::journal::sample::sample_opening;
use ::journal::{Body, Hash, SystemClock, VerifyOptions};
use ::store::{Journal, verify_file};

use crate::journal::sample_journal;

/// Run the binary with writes limited to `blocks` × 512 bytes per file.
fn hattama_limited(blocks: u64, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks} || exit 99; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_hattama"))
        .args(args)
        .env("HOME", "/nonexistent-home")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap()
}

/// Failed cleanly: a non-zero exit that is ours (not a panic, not the shell), one `error:` line.
fn failed_cleanly(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(out.status.code(), Some(99), "ulimit unavailable");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(1..=3)),
        "exit {:?}: {stderr}",
        out.status
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("Иванов"), "quotes personal data: {stderr}");
    stderr
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn excerpt_on_a_full_disk_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let journal = sample_journal(dir.path());
    let before = files(dir.path());
    let out = dir.path().join("excerpt.json");
    // 1 KiB: the opening and a seal alone are larger.
    let run = hattama_limited(2, &["excerpt", s(&journal), "--seq", "5", "--out", s(&out)]);
    let stderr = failed_cleanly(&run);
    assert!(stderr.contains("os error 27"), "not EFBIG: {stderr}");
    assert_eq!(files(dir.path()), before, "a file was left or changed");
}

#[test]
fn keys_on_a_full_disk_leave_no_partial_key() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let run = hattama_limited(
        0,
        &[
            "keys",
            "new",
            "--role",
            "judge",
            "--name",
            "Судья",
            "--keys",
            s(&keys),
        ],
    );
    failed_cleanly(&run);
    let left = if keys.exists() {
        files(&keys)
    } else {
        BTreeMap::new()
    };
    assert!(left.is_empty(), "left behind: {:?}", left.keys());
}

#[test]
fn demo_on_a_full_disk_fails_cleanly_at_every_limit() {
    // Limits that stop it while writing the journal (0 to 64 blocks), the rulings' PDFs (130)
    // and the protocol's PDF (160): 512-byte blocks, the journal reaches about 66 KiB and each
    // PDF 50 to 110 KiB.
    for blocks in [0, 4, 16, 64, 130, 160] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("demo");
        let run = hattama_limited(blocks, &["demo", "--out", s(&out)]);
        let stderr = failed_cleanly(&run);
        assert!(stderr.contains("os error 27"), "{blocks} blocks: {stderr}");
        if !out.exists() {
            continue;
        }
        let all = files(&out);
        let mut recorded = Vec::new();
        for (path, bytes) in &all {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!name.ends_with(".new"), "temporary left: {name}");
            if name.ends_with(".jsonl") && !name.contains("public-keys") {
                let report = verify_file(path, VerifyOptions::default()).unwrap();
                assert!(
                    report.intact(),
                    "{blocks} blocks, {name}: {:?}",
                    report.fault
                );
                recorded.extend(issued(path));
            }
            if name.ends_with(".pdf") {
                assert!(
                    bytes.trim_ascii_end().ends_with(b"%%EOF"),
                    "{name} is cut short"
                );
            }
        }
        // The protocol never records a document that was not written in full.
        let pdfs: Vec<Hash> = all
            .iter()
            .filter(|(p, _)| p.extension().is_some_and(|x| x == "pdf"))
            .map(|(_, b)| Hash::of(b))
            .collect();
        for hash in recorded {
            assert!(
                pdfs.contains(&hash),
                "{blocks} blocks: ruling_issued {hash} has no PDF"
            );
        }
    }
}

/// The PDF hashes the journal records as issued.
fn issued(path: &Path) -> Vec<Hash> {
    Journal::open_read_only(path)
        .unwrap()
        .entries()
        .unwrap()
        .filter_map(|e| match e.unwrap().body {
            Some(Body::RulingIssued(r)) => Some(r.pdf_sha256),
            _ => None,
        })
        .collect()
}

/// A journal whose intact part ends 12 bytes short of a 512-byte block, then a torn line.
fn torn_journal(dir: &Path) -> (PathBuf, u64) {
    let mut journal = Journal::create(dir, sample_opening(), Box::new(SystemClock)).unwrap();
    let path = journal.path().to_path_buf();
    let len = || std::fs::metadata(&path).unwrap().len();
    let note = |text: String| {
        Body::Note(Note {
            text,
            recording_offset_ms: None,
        })
    };
    let before = len();
    journal.append(note(String::new())).unwrap();
    let empty_note = len() - before;
    // A second note padded so that the file ends at 500 mod 512 (ASCII: a byte a char).
    let want = (len() + empty_note).div_ceil(512) * 512 + 500;
    journal
        .append(note("x".repeat((want - len() - empty_note) as usize)))
        .unwrap();
    drop(journal);
    let intact = len();
    assert_eq!(intact % 512, 500);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"seq\":4,\"time\":\"2026-11-24T10");
    std::fs::write(&path, bytes).unwrap();
    (path, intact)
}

#[test]
fn repair_on_a_full_disk_keeps_every_entry_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (path, intact) = torn_journal(dir.path());
    let before = verify_file(&path, VerifyOptions::default()).unwrap();
    // Room for the intact part only: the `recovered` entry cannot be written.
    let run = hattama_limited(intact.div_ceil(512), &["repair", s(&path)]);
    let stderr = failed_cleanly(&run);
    assert!(stderr.contains("os error 27"), "not EFBIG: {stderr}");
    assert!(
        stderr.contains("the torn line was cut") && !stderr.contains("unchanged"),
        "{stderr}"
    );
    let after = verify_file(&path, VerifyOptions::default()).unwrap();
    assert_eq!(after.entries, before.entries, "an entry was lost");
    assert_eq!(after.head, before.head);
    assert!(
        after.intact()
            || after
                .fault
                .as_ref()
                .is_some_and(|f| f.code.as_str() == "torn_tail"),
        "{:?}",
        after.fault
    );
}
