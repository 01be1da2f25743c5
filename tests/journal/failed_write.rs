//! A write that fails (here: the file-size limit, as a full disk would) leaves the journal
//! verifiable, loses no acknowledged entry, and says what happened.
//!
//! The child is this test binary under `sh -c 'trap "" XFSZ; ulimit -f 8; exec …'`: the kernel
//! then refuses writes past 4 KiB with EFBIG after a short (partial) write, which is exactly the
//! half-written line a full disk leaves behind.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use ::journal::entry::Note;
use ::journal::sample::sample_opening;
use ::journal::{Body, Hash, SystemClock, VerifyOptions};
use ::store::{Journal, verify_file};

const CHILD_DIR: &str = "HATTAMA_FULL_CHILD_JOURNAL";

#[test]
#[ignore = "run by a_failed_write_rolls_back_and_says_so as a child process"]
fn write_until_full_child() {
    let Some(path) = std::env::var_os(CHILD_DIR).map(PathBuf::from) else {
        return;
    };
    let mut journal = Journal::open(&path, Box::new(SystemClock)).unwrap();
    for i in 0..100 {
        let note = Body::Note(Note {
            text: format!("{i} {}", "y".repeat(300)),
            recording_offset_ms: None,
        });
        match journal.append(note) {
            Ok(head) => println!("ack {} {}", head.seq, head.hash),
            Err(e) => {
                println!("error: {e}");
                // The handle stays usable for a smaller entry that fits, or fails the same way.
                let again = journal.append(Body::Note(Note {
                    text: "z".into(),
                    recording_offset_ms: None,
                }));
                match again {
                    Ok(head) => println!("ack {} {}", head.seq, head.hash),
                    Err(e) => println!("error again: {e}"),
                }
                return;
            }
        }
    }
    println!("never full");
}

#[test]
fn a_failed_write_rolls_back_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::create(dir.path(), sample_opening(), Box::new(SystemClock)).unwrap();
    let path = journal.path().to_path_buf();
    drop(journal);
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8 || exit 99; exec \"$0\" \"$@\"")
        .arg(&exe)
        .args([
            "--exact",
            "journal::failed_write::write_until_full_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let error = stdout
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error: {stdout}"));
    assert!(
        error.contains("was not recorded") && error.contains("write failed"),
        "{error}"
    );
    assert!(error.contains("the journal is unchanged"), "{error}");
    assert!(
        error.contains("os error 27"),
        "not the file-size limit (EFBIG): {error}"
    );
    assert!(
        !error.contains("yyyy"),
        "the message quotes the body: {error}"
    );
    let acked: BTreeMap<u64, Hash> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ack "))
        .map(|l| {
            let (seq, hash) = l.split_once(' ').unwrap();
            (seq.parse().unwrap(), hash.parse().unwrap())
        })
        .collect();
    assert!(!acked.is_empty(), "{stdout}");
    let report = verify_file(&path, VerifyOptions::default()).unwrap();
    assert!(report.intact(), "{:?}", report.fault);
    let journal = Journal::open_read_only(&path).unwrap();
    let present: BTreeMap<u64, Hash> = journal
        .entries()
        .unwrap()
        .map(|e| e.map(|e| (e.seq, e.hash)).unwrap())
        .collect();
    for (seq, hash) in &acked {
        assert_eq!(present.get(seq), Some(hash));
    }
    assert_eq!(present.len() as u64, report.entries);
    assert_eq!(
        *present.keys().last().unwrap(),
        *acked.keys().last().unwrap()
    );
}
