//! Repair after a crash: cut a torn last line and record the cut in a `recovered` entry; or
//! restore the newline a whole last line lost (a copy tool, an editor) and record that.
//!
//! Only a torn tail is ever cut: a piece of a line that does not parse, so it holds nothing
//! acknowledged (an append is acknowledged after its whole line is fsynced). A last line that
//! parses is never cut: if it verifies, only its newline is added; if not, it is a fault like
//! any other. Any fault is evidence and is refused, the file untouched.

use std::io::{Seek, Write};
use std::os::unix::fs::FileExt as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::error::JournalError;
use super::store::{Head, Journal, Mode, UNCHANGED};
use journal::canonical::Hash;
use journal::clock::Clock;
use journal::entry::{Body, Kind, Recovered};

/// What `repair` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairOutcome {
    /// Bytes of the torn tail that were cut.
    pub dropped_bytes: u64,
    /// Where a newline was added after a whole last line that had lost it.
    pub newline_added_at: Option<u64>,
    /// The `recovered` entry written, if anything was done.
    pub recovered: Option<Head>,
}

/// Open a journal found at `path` with a torn tail, cut it, and record the cut.
pub fn repair(path: &Path, clock: Box<dyn Clock>) -> Result<RepairOutcome, JournalError> {
    Journal::open(path, clock)?.repair()
}

impl Journal {
    /// Cut a torn last line, or restore the newline a whole last line lost, and record a
    /// `recovered` entry saying what was done. Does nothing to an intact journal.
    pub fn repair(&mut self) -> Result<RepairOutcome, JournalError> {
        let refuse = |reason| JournalError::ReadOnly {
            path: self.path.clone(),
            reason,
        };
        let torn = match (self.mode, self.torn) {
            (Mode::Writable, _) if self.unterminated => return self.restore_newline(),
            (Mode::Writable, Some(n)) => n,
            (Mode::Writable, None) => {
                return Ok(RepairOutcome {
                    dropped_bytes: 0,
                    newline_added_at: None,
                    recovered: None,
                });
            }
            (Mode::ReadOnly, _) => return Err(refuse("opened for reading only")),
            (Mode::Failed, _) => return Err(refuse("an earlier write failed; open it again")),
            (Mode::Stale, _) => {
                return Err(refuse(
                    "another program changed or moved it since it was verified; open it again",
                ));
            }
        };
        let dropped_sha256 = self.hash_tail(torn)?;
        let seq = self.head().map_or(1, |h| h.seq + 1);
        // Only what was found torn is cut: the file must be as it was read.
        self.guard_torn(seq, torn)?;
        // The cut is fsynced before `recovered` is written, so the two never reach the disk
        // in the wrong order.
        self.file
            .set_len(self.len)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| JournalError::io(&self.path, "truncate", e))?;
        self.torn = None;
        self.remember();
        let head = self
            .write(Body::Recovered(Recovered {
                dropped_bytes: torn,
                dropped_sha256,
                newline_added_at: None,
            }))
            // The cut is already done and fsynced: "unchanged" would be false. Nothing
            // acknowledged is lost (a torn line never was), but the record of the cut is.
            .map_err(|e| {
                done_but_unrecorded(
                    e,
                    "the torn line was cut (it held no acknowledged entry), but the cut could not be recorded",
                )
            })?;
        Ok(RepairOutcome {
            dropped_bytes: torn,
            newline_added_at: None,
            recovered: Some(head),
        })
    }

    /// The torn tail is still exactly what was read: same file, length `len + torn`.
    fn guard_torn(&mut self, seq: u64, torn: u64) -> Result<(), JournalError> {
        let len = self.len;
        self.len += torn;
        let checked = self.guard(seq, Kind::Recovered);
        self.len = len;
        checked
    }

    /// Add the newline a whole, verified last line lost, then record it.
    fn restore_newline(&mut self) -> Result<RepairOutcome, JournalError> {
        let at = self.len;
        let seq = self.head().map_or(1, |h| h.seq + 1);
        self.guard(seq, Kind::Recovered)?;
        let fail = |op, source| JournalError::WriteFailed {
            path: self.path.clone(),
            seq,
            kind: Kind::Recovered,
            op,
            source,
            aftermath: "the newline may not have been added; run `hattama repair` again",
        };
        let end = (&self.file)
            .write_all(b"\n")
            .and_then(|()| (&self.file).stream_position())
            .map_err(|e| fail("write", e))?;
        if end != at + 1 {
            return Err(JournalError::Changed {
                path: self.path.clone(),
                seq,
                kind: Kind::Recovered,
                verified: at,
                found: end.saturating_sub(1),
                aftermath: "another program wrote to the journal meanwhile; check it with `hattama verify`",
            });
        }
        self.file.sync_data().map_err(|e| fail("fsync", e))?;
        self.len = end;
        self.unterminated = false;
        self.remember();
        let head = self
            .write(Body::Recovered(Recovered {
                dropped_bytes: 0,
                dropped_sha256: Hash::of(b""),
                newline_added_at: Some(at),
            }))
            .map_err(|e| {
                done_but_unrecorded(
                    e,
                    "the newline was restored (nothing else changed), but this could not be recorded",
                )
            })?;
        Ok(RepairOutcome {
            dropped_bytes: 0,
            newline_added_at: Some(at),
            recovered: Some(head),
        })
    }

    fn hash_tail(&self, torn: u64) -> Result<Hash, JournalError> {
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut at = self.len;
        let end = self.len + torn;
        while at < end {
            let want = usize::try_from(end - at)
                .unwrap_or(usize::MAX)
                .min(buf.len());
            let n = self
                .file
                .read_at(&mut buf[..want], at)
                .map_err(|e| JournalError::io(&self.path, "read", e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            at += n as u64;
        }
        Ok(Hash(hasher.finalize().into()))
    }
}

/// A `recovered` entry that failed after the repair itself was done and fsynced: "the journal
/// is unchanged" would be false, so say what was done.
fn done_but_unrecorded(e: JournalError, done: &'static str) -> JournalError {
    match e {
        JournalError::WriteFailed {
            path,
            seq,
            kind,
            op,
            source,
            aftermath: UNCHANGED,
        } => JournalError::WriteFailed {
            path,
            seq,
            kind,
            op,
            source,
            aftermath: done,
        },
        other => other,
    }
}
