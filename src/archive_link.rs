//! The interface's view of the court archive, joined to the push client: `tui` says what it
//! reads (`tui::archive::Archive`), `push` does the sending in its background thread; neither
//! knows the other, so the interface links no network code and the client no screens.

use std::path::{Path, PathBuf};

use tui::archive::{Archive, ArchiveState};

/// The background pusher, as the interface sees it.
pub struct PushArchive(pub push::Pusher);

impl PushArchive {
    /// Start pushing to the archive `config` names (never fails, never blocks: bad settings
    /// become each journal's state).
    pub fn start(config: push::ArchiveConfig) -> PushArchive {
        PushArchive(push::Pusher::start(config))
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
    }
}

impl Archive for PushArchive {
    fn notify(&self, path: &Path) {
        self.0.notify(path);
    }

    fn state(&self, path: &Path) -> Option<ArchiveState> {
        self.0.status(path).map(state)
    }

    fn alerts(&self) -> Vec<(PathBuf, ArchiveState)> {
        self.0
            .alerts()
            .into_iter()
            .map(|(p, s)| (p, state(s)))
            .collect()
    }
}
