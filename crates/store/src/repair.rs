//! Repair after a crash: cut a torn last line and record the cut in a `recovered` entry.
//!
//! Only a torn tail is ever cut: it holds nothing acknowledged (an append is acknowledged after
//! its whole line is fsynced). Any other fault is evidence and is refused, the file untouched.

use std::os::unix::fs::FileExt as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::error::JournalError;
use super::store::{Head, Journal, Mode, UNCHANGED};
use journal::canonical::Hash;
use journal::clock::Clock;
use journal::entry::{Body, Recovered};

/// What `repair` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairOutcome {
    /// Bytes of the torn tail that were cut (0: nothing to repair).
    pub dropped_bytes: u64,
    /// The `recovered` entry written, if anything was cut.
    pub recovered: Option<Head>,
}

/// Open a journal found at `path` with a torn tail, cut it, and record the cut.
pub fn repair(path: &Path, clock: Box<dyn Clock>) -> Result<RepairOutcome, JournalError> {
    Journal::open(path, clock)?.repair()
}

impl Journal {
    /// Cut a torn last line and record a `recovered` entry saying how many bytes went.
    /// Does nothing to an intact journal.
    pub fn repair(&mut self) -> Result<RepairOutcome, JournalError> {
        let torn = match (self.mode, self.torn) {
            (Mode::Writable, Some(n)) => n,
            (Mode::Writable, None) => {
                return Ok(RepairOutcome {
                    dropped_bytes: 0,
                    recovered: None,
                });
            }
            (Mode::ReadOnly, _) => {
                return Err(JournalError::ReadOnly {
                    path: self.path.clone(),
                    reason: "opened for reading only",
                });
            }
            (Mode::Failed, _) => {
                return Err(JournalError::ReadOnly {
                    path: self.path.clone(),
                    reason: "an earlier write failed; open it again",
                });
            }
        };
        let dropped_sha256 = self.hash_tail(torn)?;
        // The cut is fsynced before `recovered` is written, so the two never reach the disk
        // in the wrong order.
        self.file
            .set_len(self.len)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| JournalError::io(&self.path, "truncate", e))?;
        self.torn = None;
        let head = self
            .write(Body::Recovered(Recovered {
                dropped_bytes: torn,
                dropped_sha256,
            }))
            .map_err(|e| match e {
                // The cut is already done and fsynced: "unchanged" would be false. Nothing
                // acknowledged is lost (a torn line never was), but the record of the cut is.
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
                    aftermath: "the torn line was cut (it held no acknowledged entry), but the cut could not be recorded",
                },
                other => other,
            })?;
        Ok(RepairOutcome {
            dropped_bytes: torn,
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
