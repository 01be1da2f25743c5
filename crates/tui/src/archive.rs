//! The court archive as the interface sees it: where each journal stands, read at any moment
//! without waiting (docs/archive.md), and a case fetched for the appellate check. The network
//! client lives in `hattama-push`; the binary hands the interface an [`Archive`]
//! (src/cli/tui.rs), so the interface itself links no network code and never blocks on the
//! network: `notify` only queues, `state` only reads, `fetch_case` answers on a channel.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use chrono::{DateTime, FixedOffset};

use super::Ctx;

/// Where one journal stands with the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveState {
    /// Being sent: the archive holds entries up to `archived`, `waiting` more are on their way.
    Sending { archived: u64, waiting: u64 },
    /// The archive holds every entry up to `seq`.
    Archived { seq: u64 },
    /// The archive cannot be reached since `since`; `waiting` entries wait on this PC.
    Offline {
        since: DateTime<FixedOffset>,
        waiting: u64,
    },
    /// The archive holds another entry at `seq` than this journal: someone rewrote one of the
    /// two. The archive kept its own and recorded an alert.
    Fork { seq: u64 },
    /// The archive refused this journal or this workstation: the court's IT officer must act.
    Refused,
    /// The archive's receipts for this journal do not verify (its log was rolled back or
    /// forked): none kept; the court's IT officer must look at the archive.
    ReceiptsInvalid,
}

impl ArchiveState {
    /// A fork or a refusal: shown at the desk until resolved.
    pub fn is_alert(&self) -> bool {
        matches!(
            self,
            ArchiveState::Fork { .. } | ArchiveState::Refused | ArchiveState::ReceiptsInvalid
        )
    }
}

/// A hearing fetched from the archive: its journal saved on this PC, and what the archive's
/// receipts say of it (checked offline, as `hattama verify --receipts` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub journal: PathBuf,
    pub receipts: Receipts,
}

/// The receipts of a fetched hearing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipts {
    pub count: usize,
    /// Every receipt is signed by the archive's key, included in a signed checkpoint proven
    /// consistent with the latest, and names a head the journal holds.
    pub hold: bool,
    /// The archive's certificate is the court authority's archive certificate; `None`: no
    /// court certificate was given to judge it.
    pub archive_authenticated: Option<bool>,
}

/// Why a case could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// The archive holds no hearing of that case.
    NotFound,
    /// The archive cannot be reached.
    Offline,
    /// The archive refused this workstation.
    Refused,
    /// Anything else (the files could not be written, the answer did not verify).
    Failed,
}

/// A fetch's answer: each hearing of the case.
pub type FetchAnswer = Result<Vec<Fetched>, FetchFailure>;

/// The archive client the interface is given.
pub trait Archive {
    /// The journal at `path` was written to (or opened): send what the archive lacks.
    /// Returns at once.
    fn notify(&self, path: &Path);
    /// The journal's state, if it was ever notified.
    fn state(&self, path: &Path) -> Option<ArchiveState>;
    /// Every journal in alert.
    fn alerts(&self) -> Vec<(PathBuf, ArchiveState)>;
    /// The end of this PC's certificate for the archive, if it could be read.
    fn certificate_end(&self) -> Option<DateTime<FixedOffset>>;
    /// Download a case's hearings (journals, receipts, the archive's certificates) into `out`
    /// for the appellate check, on a thread of its own; `trust` judges the archive's
    /// certificate. Returns at once; the answer comes on the receiver.
    fn fetch_case(
        &self,
        number: &str,
        out: &Path,
        trust: Option<pki::Trust>,
    ) -> Receiver<FetchAnswer>;
}

/// The journal's archive state in the interface's words; `None` without an archive.
pub fn line(ctx: &Ctx, path: &Path) -> Option<String> {
    let archive = ctx.archive.as_deref()?;
    Some(match archive.state(path) {
        None => ctx.t("archive.pending").to_string(),
        Some(state) => words(ctx, &state),
    })
}

/// One state in the interface's words.
pub fn words(ctx: &Ctx, state: &ArchiveState) -> String {
    match state {
        ArchiveState::Sending { archived, waiting } => ctx.tf(
            "archive.sending",
            &[("seq", archived.to_string()), ("n", waiting.to_string())],
        ),
        ArchiveState::Archived { seq } => ctx.tf("archive.archived", &[("seq", seq.to_string())]),
        ArchiveState::Offline { since, waiting } => ctx.tf(
            "archive.offline",
            &[
                ("time", since.format("%H:%M").to_string()),
                ("n", waiting.to_string()),
            ],
        ),
        ArchiveState::Fork { seq } => ctx.tf("archive.fork", &[("seq", seq.to_string())]),
        ArchiveState::Refused => ctx.t("archive.refused").to_string(),
        ArchiveState::ReceiptsInvalid => ctx.t("archive.receipts_invalid").to_string(),
    }
}
