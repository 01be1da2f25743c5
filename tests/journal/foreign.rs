//! Other programs touching a journal while hattama holds it open, and files that lost their last
//! newline: the writer never writes where it has not verified the end of the file, never
//! acknowledges an entry written into a file that is no longer the journal, and `repair` never
//! cuts a line that verifies (issue 16, items 1-3).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use ::journal::entry::Note;
use ::journal::sample::sample_opening;
use ::journal::{Body, VerifyOptions};
use ::store::{Journal, JournalError, verify_file};
use serde_json::Value;

use super::{clock, line_spans, sample_journal};

fn note(text: &str) -> Body {
    Body::Note(Note {
        text: text.into(),
        recording_offset_ms: None,
    })
}

/// The line another writer would add next to the journal at `path`: a valid, chained entry,
/// made on a copy so the journal itself is untouched.
fn next_line_elsewhere(path: &Path) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(path.file_name().unwrap());
    fs::copy(path, &copy).unwrap();
    let mut other = Journal::open(&copy, Box::new(clock())).unwrap();
    other.append(note("written by another program")).unwrap();
    let bytes = fs::read(&copy).unwrap();
    let last = line_spans(&bytes).pop().unwrap();
    bytes[last].to_vec()
}

/// A plain process appending to the file, as `>>` does: no lock, no hattama.
fn append_plainly(path: &Path, bytes: &[u8]) {
    let mut f = OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn an_append_never_overwrites_an_entry_another_program_appended() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    journal.append(note("ours")).unwrap();
    let path = journal.path().to_path_buf();
    let foreign = next_line_elsewhere(&path);
    append_plainly(&path, &foreign);
    let with_foreign = fs::read(&path).unwrap();

    let err = journal.append(note("next note")).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("changed since"), "{text}");
    assert!(text.contains("not recorded"), "{text}");
    // Nothing was overwritten and nothing was added: the other entry stands and verifies.
    assert_eq!(fs::read(&path).unwrap(), with_foreign);
    let report = verify_file(&path, VerifyOptions::default()).unwrap();
    assert!(report.intact() && report.entries == 3, "{:?}", report.fault);
    // The handle stays stopped until the journal is read again.
    assert!(journal.append(note("again")).is_err());
    assert_eq!(fs::read(&path).unwrap(), with_foreign);
    // Read again, it continues after the other entry, keeping its lock meanwhile.
    journal.reload().unwrap();
    assert!(matches!(
        Journal::open(&path, Box::new(clock())),
        Err(JournalError::Locked { .. })
    ));
    assert_eq!(journal.append(note("after reading again")).unwrap().seq, 4);
    assert!(
        verify_file(&path, VerifyOptions::default())
            .unwrap()
            .intact()
    );
}

#[test]
fn an_append_stops_when_the_file_was_cut_or_changed_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
    journal.append(note("first")).unwrap();
    journal.append(note("second")).unwrap();
    let path = journal.path().to_path_buf();
    let good = fs::read(&path).unwrap();

    // Cut short by someone else: nothing is written into the gap.
    let spans = line_spans(&good);
    fs::write(&path, &good[..spans[2].start]).unwrap();
    let err = journal.append(note("x")).unwrap_err();
    assert!(err.to_string().contains("changed since"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), &good[..spans[2].start]);

    // Changed in place, same length (a timestamp tick apart, as two edits by people are).
    let mut journal = {
        drop(journal);
        fs::write(&path, &good).unwrap();
        Journal::open(&path, Box::new(clock())).unwrap()
    };
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut edited = good.clone();
    let at = spans[1].start + 10;
    edited[at] = if edited[at] == b'1' { b'2' } else { b'1' };
    let mut f = OpenOptions::new().write(true).open(&path).unwrap();
    f.write_all(&edited).unwrap();
    drop(f);
    let err = journal.append(note("y")).unwrap_err();
    assert!(err.to_string().contains("changed since"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), edited);
}

#[test]
fn a_journal_moved_or_replaced_while_open_takes_no_entry() {
    // Renamed away and a symlink put in its place (the campaign's swap); another file put at
    // its name; moved away with nothing in its place.
    for swap in ["symlink", "other file", "nothing"] {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path(), sample_opening(), Box::new(clock())).unwrap();
        journal.append(note("before the swap")).unwrap();
        let path = journal.path().to_path_buf();
        let moved = dir.path().join("moved.jsonl");
        fs::rename(&path, &moved).unwrap();
        let before = fs::read(&moved).unwrap();
        match swap {
            "symlink" => std::os::unix::fs::symlink(&moved, &path).unwrap(),
            "other file" => fs::write(&path, &before).unwrap(),
            _ => {}
        }
        let err = journal.append(note("typed after the swap")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("moved or replaced"), "{swap}: {text}");
        assert!(text.contains("not recorded"), "{swap}: {text}");
        assert!(matches!(err, JournalError::Replaced { .. }), "{swap}");
        // Nothing written anywhere, then or later: the handle refuses until reopened.
        assert!(journal.append(note("again")).is_err());
        assert!(
            journal.reload().is_err(),
            "{swap}: reloaded a moved journal"
        );
        assert_eq!(
            fs::read(&moved).unwrap(),
            before,
            "{swap}: written into the moved file"
        );
        if swap == "other file" {
            assert_eq!(
                fs::read(&path).unwrap(),
                before,
                "written into the other file"
            );
        }
    }
}

#[test]
fn repair_restores_a_lost_final_newline_and_keeps_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_journal(dir.path());
    let good = fs::read(&path).unwrap();
    // A copy tool or an editor dropped the last newline: the seal line is whole.
    fs::write(&path, &good[..good.len() - 1]).unwrap();

    let journal = Journal::open(&path, Box::new(clock())).unwrap();
    assert!(!journal.is_writable(), "appending now would glue two lines");
    drop(journal);
    let outcome = ::store::repair(&path, Box::new(clock())).unwrap();
    assert_eq!(outcome.dropped_bytes, 0);
    let after = fs::read(&path).unwrap();
    assert_eq!(
        &after[..good.len()],
        &good[..],
        "the seal was cut or changed"
    );
    let report = verify_file(&path, VerifyOptions::default()).unwrap();
    assert!(report.intact(), "{:?}", report.fault);
    assert_eq!((report.entries, report.seals_total), (11, 1));
    // The `recovered` entry says what was done: a newline added where the seal line ends.
    let last = line_spans(&after).pop().unwrap();
    let recovered: Value = serde_json::from_slice(&after[last]).unwrap();
    assert_eq!(recovered["kind"], "recovered");
    assert_eq!(recovered["body"]["dropped_bytes"], 0);
    assert_eq!(
        recovered["body"]["newline_added_at"],
        (good.len() - 1) as u64
    );
    // A complete line is never cut, even when it is not the seal.
    let mut journal = Journal::create(
        &dir.path().join("other"),
        sample_opening(),
        Box::new(clock()),
    )
    .unwrap();
    journal
        .append(note("whole, but without its newline"))
        .unwrap();
    let other = journal.path().to_path_buf();
    drop(journal);
    let bytes = fs::read(&other).unwrap();
    fs::write(&other, &bytes[..bytes.len() - 1]).unwrap();
    ::store::repair(&other, Box::new(clock())).unwrap();
    let repaired = fs::read(&other).unwrap();
    assert_eq!(&repaired[..bytes.len()], &bytes[..]);
    let report = verify_file(&other, VerifyOptions::default()).unwrap();
    assert!(report.intact() && report.entries == 3, "{:?}", report.fault);
}
