//! The journal's error type: every failure names the file, the seq and the field, never a body.

use std::io;
use std::path::PathBuf;

use super::durable::OpenError;
use super::keys::KeyError;
use journal::Fault;
use journal::entry::Kind;
use journal::seal::SealError;

/// What kind of failure, so the edge can choose an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Bad input: a missing, unreadable or malformed file, a symlink, a bad key file.
    Input,
    /// Understood but refused: an entry out of place, a locked journal, a full disk.
    User,
    /// Something verified is not intact.
    Integrity,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("{}: {source}", path.display())]
    Open { path: PathBuf, source: OpenError },
    #[error("{}: {op} failed ({source})", path.display())]
    Io {
        path: PathBuf,
        op: &'static str,
        source: io::Error,
    },
    #[error("{}: the journal is open for writing elsewhere (another hattama is using it)", path.display())]
    Locked { path: PathBuf },
    #[error("{}: a journal for this hearing already exists", path.display())]
    Exists { path: PathBuf },
    #[error("{}: the journal is read-only ({reason})", path.display())]
    ReadOnly { path: PathBuf, reason: &'static str },
    #[error("{}: {fault}", path.display())]
    Broken { path: PathBuf, fault: Fault },
    #[error("{}: entry {seq} ({kind}) refused: {reason}", path.display())]
    Refused {
        path: PathBuf,
        seq: u64,
        kind: Kind,
        reason: String,
    },
    #[error(
        "{}: entry {seq} ({kind}) was not recorded: {op} failed ({source}); {aftermath}",
        path.display()
    )]
    WriteFailed {
        path: PathBuf,
        seq: u64,
        kind: Kind,
        op: &'static str,
        source: io::Error,
        aftermath: &'static str,
    },
    /// Another program wrote to the journal (appended, cut or edited it) since hattama last
    /// verified it: the entry was not written, and the handle writes nothing more until the
    /// journal is read again ([`crate::Journal::reload`]).
    #[error(
        "{}: entry {seq} ({kind}) was not recorded: the journal changed since hattama verified it (another program wrote to it: {found} bytes now, {verified} verified); {aftermath}",
        path.display()
    )]
    Changed {
        path: PathBuf,
        seq: u64,
        kind: Kind,
        verified: u64,
        found: u64,
        aftermath: &'static str,
    },
    /// The journal's name no longer leads to the file hattama holds open (it was renamed,
    /// deleted, or a symlink or another file put in its place): the entry was not written.
    #[error(
        "{}: entry {seq} ({kind}) was not recorded: the journal file was moved or replaced while it was open; {aftermath}",
        path.display()
    )]
    Replaced {
        path: PathBuf,
        seq: u64,
        kind: Kind,
        aftermath: &'static str,
    },
    /// The file is not a journal at all (a PDF, an excerpt, an image, text).
    #[error("{}: {what}", path.display())]
    NotAJournal { path: PathBuf, what: String },
    #[error("{}: {what}", path.display())]
    Excerpt { path: PathBuf, what: String },
    #[error("{}: {what}", path.display())]
    Input { path: PathBuf, what: String },
    #[error("{}: seal refused ({source})", path.display())]
    Seal { path: PathBuf, source: SealError },
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl JournalError {
    pub fn class(&self) -> ErrorClass {
        match self {
            JournalError::Open { .. }
            | JournalError::Io { .. }
            | JournalError::Input { .. }
            | JournalError::NotAJournal { .. }
            | JournalError::Key(_) => ErrorClass::Input,
            // Something verified is no longer what was verified: someone else wrote into it.
            JournalError::Broken { .. } | JournalError::Changed { .. } => ErrorClass::Integrity,
            JournalError::Replaced { .. } => ErrorClass::User,
            JournalError::Locked { .. }
            | JournalError::Exists { .. }
            | JournalError::ReadOnly { .. }
            | JournalError::Refused { .. }
            | JournalError::WriteFailed { .. }
            | JournalError::Excerpt { .. }
            | JournalError::Seal { .. } => ErrorClass::User,
        }
    }

    pub(crate) fn io(path: &std::path::Path, op: &'static str, source: io::Error) -> JournalError {
        JournalError::Io {
            path: path.to_path_buf(),
            op,
            source,
        }
    }
}
