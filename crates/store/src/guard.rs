//! What the journal file must still be when hattama writes to it: the file it verified, at the
//! journal's name, with nothing written to it by anyone else since.
//!
//! The `flock` a writer holds stops another hattama, but it is advisory: a program that does
//! not ask for it (an editor, `>>` in a shell, a sync tool) writes anyway. So before every
//! append the writer compares the file with what it verified — its length, its modification
//! time, and that the journal's name still leads to it — and after the fsync it checks the name
//! again. The write itself appends (`O_APPEND`), so bytes another program adds in between are
//! never overwritten; where the line landed is checked too (`store::Journal::write`).

use std::fs::{self, File, Metadata};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::error::JournalError;
use super::store::{Journal, Mode, UNCHANGED};
use journal::entry::Kind;

/// What an append stopped by another program's write says.
const READ_AGAIN: &str =
    "nothing was overwritten; read the journal again (the interface does) and enter it again";

/// What an append stopped by a moved or replaced journal says.
const REOPEN: &str = "nothing was written; open the hearing again from where its journal is now";

/// The file as it was when hattama last verified or wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seen {
    dev: u64,
    ino: u64,
    /// Changed by every write to the file, by anyone (checked with the length, which a write
    /// that keeps the length does not change).
    mtime: (i64, i64),
}

impl Seen {
    pub(super) fn of(meta: &Metadata) -> Seen {
        Seen {
            dev: meta.dev(),
            ino: meta.ino(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
        }
    }
}

/// How the file differs from what was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Drift {
    /// Another program wrote to it: appended, cut or edited it. `found` is its length now.
    Changed { found: u64 },
    /// The journal's name leads to another file, a symlink, or nothing.
    Replaced,
}

/// Compare the open file and the journal's name with what was seen, `len` being the verified
/// length. `Err` only when the open file cannot be examined.
pub(super) fn check(file: &File, path: &Path, seen: &Seen, len: u64) -> io::Result<Option<Drift>> {
    if let Some(drift) = check_path(path, seen) {
        return Ok(Some(drift));
    }
    let now = file.metadata()?;
    let mtime = (now.mtime(), now.mtime_nsec());
    Ok((now.len() != len || mtime != seen.mtime).then_some(Drift::Changed { found: now.len() }))
}

/// Whether the journal's name still leads to the file that was seen (never following a
/// symlink: a link to the same file is still a swap, since it can be pointed elsewhere).
pub(super) fn check_path(path: &Path, seen: &Seen) -> Option<Drift> {
    match fs::symlink_metadata(path) {
        Ok(meta)
            if meta.file_type().is_file() && (meta.dev(), meta.ino()) == (seen.dev, seen.ino) =>
        {
            None
        }
        _ => Some(Drift::Replaced),
    }
}

/// The writer's side: stop before a write, and take its own line back after one that did not
/// land where it should. Every reaction leaves the handle refusing writes until the journal is
/// read again (`Mode::Stale`), or reopened if even taking back failed (`Mode::Failed`).
impl Journal {
    /// Stop before writing if the file is not what was verified.
    pub(super) fn guard(&mut self, seq: u64, kind: Kind) -> Result<(), JournalError> {
        let drift = check(&self.file, &self.path, &self.seen, self.len)
            .map_err(|e| JournalError::io(&self.path, "stat", e))?;
        match drift {
            None => Ok(()),
            Some(Drift::Changed { found }) => {
                self.mode = Mode::Stale;
                Err(JournalError::Changed {
                    path: self.path.clone(),
                    seq,
                    kind,
                    verified: self.len,
                    found,
                    aftermath: READ_AGAIN,
                })
            }
            Some(Drift::Replaced) => {
                self.mode = Mode::Stale;
                Err(JournalError::Replaced {
                    path: self.path.clone(),
                    seq,
                    kind,
                    aftermath: REOPEN,
                })
            }
        }
    }

    /// Note the file's state after our own write, for the next guard. If it cannot be read,
    /// the next append is refused until the journal is read again: better a refusal than a
    /// guard that can no longer tell.
    pub(super) fn remember(&mut self) {
        match self.file.metadata() {
            Ok(meta) => self.seen = Seen::of(&meta),
            Err(_) => self.mode = Mode::Stale,
        }
    }

    /// Cut the file back to `to` if its length is exactly `end` (only our own line follows
    /// `to`), and make the cut durable. False when anything else stands there or the cut fails.
    fn take_back(&mut self, to: u64, end: u64) -> bool {
        let ours = self.file.metadata().is_ok_and(|m| m.len() == end);
        ours && self
            .file
            .set_len(to)
            .and_then(|()| self.file.sync_data())
            .is_ok()
    }

    /// A write or fsync failed: cut back to the last acknowledged entry so the file stays
    /// verifiable. After a failed fsync the kernel may have dropped the dirty pages: only the
    /// truncation, itself fsynced, tells us the file is back to a known state. Only our own
    /// bytes are cut: if the file holds more than our line could have added, another program
    /// wrote too, and nothing is cut.
    pub(super) fn failed_write(
        &mut self,
        seq: u64,
        kind: Kind,
        op: &'static str,
        source: std::io::Error,
        n: u64,
    ) -> JournalError {
        let ours = self
            .file
            .metadata()
            .is_ok_and(|m| (self.len..=self.len + n).contains(&m.len()));
        let rolled_back = ours
            && self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.sync_data())
                .is_ok();
        let aftermath = if rolled_back {
            self.remember();
            UNCHANGED
        } else {
            self.mode = Mode::Failed;
            "the journal may end in a torn line: open it again and run `hattama repair`"
        };
        JournalError::WriteFailed {
            path: self.path.clone(),
            seq,
            kind,
            op,
            source,
            aftermath,
        }
    }

    /// Another program appended between the guard and our write, so our line landed after
    /// its bytes, at `end - n`: take it back (the entry it would follow is not the one it
    /// links to) and stop until the journal is read again.
    pub(super) fn landed_elsewhere(
        &mut self,
        seq: u64,
        kind: Kind,
        end: u64,
        n: u64,
    ) -> JournalError {
        let start = end.saturating_sub(n);
        let taken_back = self.take_back(start, end);
        self.mode = if taken_back {
            Mode::Stale
        } else {
            Mode::Failed
        };
        JournalError::Changed {
            path: self.path.clone(),
            seq,
            kind,
            verified: self.len,
            found: start,
            aftermath: if taken_back {
                READ_AGAIN
            } else {
                "its line may stand after what the other program wrote: check the journal with `hattama verify` before entering it again"
            },
        }
    }

    /// The journal's name stopped leading to our file during the write: take the line back
    /// from the file we hold (it is no longer the journal) and say it was not recorded.
    pub(super) fn moved_during_write(&mut self, seq: u64, kind: Kind, n: u64) -> JournalError {
        let taken_back = self.take_back(self.len, self.len + n);
        self.mode = if taken_back {
            Mode::Stale
        } else {
            Mode::Failed
        };
        JournalError::Replaced {
            path: self.path.clone(),
            seq,
            kind,
            aftermath: if taken_back {
                REOPEN
            } else {
                "its line may stand in the moved file: check that file with `hattama verify` before entering it again"
            },
        }
    }
}
