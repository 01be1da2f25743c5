//! An open hearing: the journal held for writing (so no second writer can interleave) and the
//! hearing replayed from it after every append. Screens read it; only the worker
//! (`crate::worker`) changes it, so a step the judge confirms is on disk before the screen
//! moves on.

use std::path::{Path, PathBuf};

use court::hearing::{Hearing, HearingError};
use journal::entry::Lang;
use journal::{Body, Kind};
use store::{Journal, JournalError};

use crate::ClockSource;

pub struct Session {
    pub path: PathBuf,
    journal: Option<Journal>,
    pub hearing: Hearing,
    clock: ClockSource,
}

/// Why an action on the hearing failed, in one line that names no personal data.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Hearing(#[from] HearingError),
    #[error("the journal is not open for writing")]
    NotOpen,
}

impl Session {
    /// Open the journal at `path` for writing: locked until the session ends.
    pub fn open(path: &Path, clock: ClockSource) -> Result<Session, SessionError> {
        let journal = Journal::open(path, clock())?;
        let hearing = Hearing::from_entries(journal.entries()?.collect::<Result<Vec<_>, _>>()?)?;
        Ok(Session {
            path: path.to_path_buf(),
            journal: Some(journal),
            hearing,
            clock,
        })
    }

    /// Append one entry; returns its seq once it is on disk, and replays the hearing.
    pub fn append(&mut self, body: Body) -> Result<u64, SessionError> {
        let journal = self.journal.as_mut().ok_or(SessionError::NotOpen)?;
        let head = journal.append(body)?;
        self.reload()?;
        Ok(head.seq)
    }

    pub fn seal(
        &mut self,
        judge: &dyn journal::CertSigner,
        secretary: &dyn journal::CertSigner,
        trust: &pki::Trust,
    ) -> Result<u64, SessionError> {
        let journal = self.journal.as_mut().ok_or(SessionError::NotOpen)?;
        let head = journal.seal(judge, secretary, trust)?;
        self.reload()?;
        Ok(head.seq)
    }

    fn reload(&mut self) -> Result<(), SessionError> {
        let journal = self.journal.as_ref().ok_or(SessionError::NotOpen)?;
        let entries = journal.entries()?.collect::<Result<Vec<_>, _>>()?;
        self.hearing = Hearing::from_entries(entries)?;
        Ok(())
    }

    /// Let go of the journal for `f` (which opens it itself, as issuing a document does), then
    /// take it back and replay what `f` appended.
    pub fn released<T>(&mut self, f: impl FnOnce(&Path) -> T) -> Result<T, SessionError> {
        self.journal = None;
        let out = f(&self.path);
        let journal = Journal::open(&self.path, (self.clock)())?;
        self.journal = Some(journal);
        self.reload()?;
        Ok(out)
    }

    /// The seq the next entry will get.
    pub fn next_seq(&self) -> u64 {
        self.hearing.entries.len() as u64 + 1
    }

    pub fn closed(&self) -> bool {
        self.has(Kind::HearingClosed)
    }

    /// Sealed, with nothing appended after the seal.
    pub fn sealed(&self) -> bool {
        self.hearing.entries.last().map(|e| e.kind) == Some(Kind::Sealed)
    }

    fn has(&self, kind: Kind) -> bool {
        self.hearing.entries.iter().any(|e| e.kind == kind)
    }

    pub fn language(&self) -> Lang {
        self.hearing.opened.language
    }

    /// A participant id not used yet in this hearing: `p1`, `p2`, ...
    pub fn next_participant_id(&self) -> String {
        let n = (1..)
            .find(|n| self.hearing.participant(&format!("p{n}")).is_none())
            .unwrap_or(1);
        format!("p{n}")
    }
}
