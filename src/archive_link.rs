//! The interface's view of the court archive, joined to the push client: `tui` says what it
//! reads (`tui::archive::Archive`), `push` does the sending in its background thread and the
//! fetching for the appellate check; neither knows the other, so the interface links no
//! network code and the client no screens.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};

use tui::archive::{Archive, ArchiveState, FetchAnswer, FetchFailure, Fetched, Receipts};

use crate::cli::receipts::{self, ReceiptArgs};

/// The background pusher, and the settings a fetch connects with.
pub struct PushArchive {
    pusher: push::Pusher,
    config: push::ArchiveConfig,
    /// The end of this PC's certificate, read once at start (None: unreadable — the pusher
    /// reports that as the journals' state).
    certificate_end: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl PushArchive {
    /// Start pushing to the archive `config` names (never fails, never blocks: bad settings
    /// become each journal's state).
    pub fn start(config: push::ArchiveConfig) -> PushArchive {
        let certificate_end = std::fs::read(&config.cert)
            .ok()
            .and_then(|pem| ledger::certified::read_certificate(&pem).ok())
            .map(|c| c.not_after());
        PushArchive {
            pusher: push::Pusher::start(config.clone()),
            config,
            certificate_end,
        }
    }
}

/// A case fetched into `out`, each journal then checked against its receipts offline.
fn fetch(
    config: &push::ArchiveConfig,
    number: &str,
    out: &Path,
    trust: Option<&pki::Trust>,
) -> FetchAnswer {
    let failure = |e: push::ClientError| match e {
        push::ClientError::Offline(_) => FetchFailure::Offline,
        push::ClientError::CertificateRefused(_) => FetchFailure::Refused,
        _ => FetchFailure::Failed,
    };
    let client = push::Client::new(config).map_err(failure)?;
    let fetched = push::fetch(&client, &push::FetchQuery::Case(number.to_string()), out).map_err(
        |e| match e {
            push::fetch::FetchError::Client(c) => failure(c),
            push::fetch::FetchError::NotFound(_) => FetchFailure::NotFound,
            push::fetch::FetchError::Write(_) => FetchFailure::Failed,
        },
    )?;
    Ok(fetched
        .into_iter()
        .map(|f| Fetched {
            receipts: receipts_of(&f.journal, out, trust),
            journal: f.journal,
        })
        .collect())
}

/// What `hattama verify JOURNAL --receipts OUT` finds, in short. Without the court's
/// certificate the archive's is judged only by the ca.pem the archive itself sent, which
/// proves nothing about it: reported as not checked.
fn receipts_of(journal: &Path, out: &Path, trust: Option<&pki::Trust>) -> Receipts {
    let args = ReceiptArgs {
        receipts: Some(out.to_path_buf()),
        ..ReceiptArgs::default()
    };
    match receipts::check(journal, &args, trust) {
        Ok(c) => Receipts {
            count: c.json.receipts.len(),
            hold: c.json.holds,
            archive_authenticated: trust.map(|_| c.json.archive_authenticated),
        },
        Err(_) => Receipts {
            count: 0,
            hold: false,
            archive_authenticated: None,
        },
    }
}

fn state(status: push::Status) -> ArchiveState {
    match status {
        push::Status::Sending { archived, waiting } => ArchiveState::Sending { archived, waiting },
        push::Status::Archived { seq } => ArchiveState::Archived { seq },
        push::Status::Offline { since, waiting, .. } => ArchiveState::Offline {
            since: since.fixed_offset(),
            waiting,
        },
        push::Status::Fork { seq, .. } => ArchiveState::Fork { seq },
        push::Status::Refused { .. } => ArchiveState::Refused,
        push::Status::ReceiptsInvalid { .. } => ArchiveState::ReceiptsInvalid,
    }
}

impl Archive for PushArchive {
    fn notify(&self, path: &Path) {
        self.pusher.notify(path);
    }

    fn state(&self, path: &Path) -> Option<ArchiveState> {
        self.pusher.status(path).map(state)
    }

    fn fetch_case(
        &self,
        number: &str,
        out: &Path,
        trust: Option<pki::Trust>,
    ) -> Receiver<FetchAnswer> {
        let (tx, rx) = mpsc::channel();
        let config = self.config.clone();
        let (number, out) = (number.to_string(), out.to_path_buf());
        std::thread::spawn(move || {
            // The screen may have been left meanwhile: then nobody reads the answer.
            let _ = tx.send(fetch(&config, &number, &out, trust.as_ref()));
        });
        rx
    }

    fn certificate_end(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.certificate_end
    }

    fn alerts(&self) -> Vec<(PathBuf, ArchiveState)> {
        self.pusher
            .alerts()
            .into_iter()
            .map(|(p, s)| (p, state(s)))
            .collect()
    }
}
