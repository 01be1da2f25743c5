//! The background pusher: a thread fed "journal X changed" notes that sends each journal to
//! the archive, and a status per journal the interface reads at any time.
//!
//! Nothing here ever blocks the caller: [`Pusher::notify`] puts a path on a channel and
//! returns; [`Pusher::status`] copies a value from a map whose lock the worker holds only to
//! write a value, never across network I/O. While the archive is unreachable the worker retries
//! with a growing pause (1 s up to 30 s) and the status says since when and how many entries
//! wait; after a restart of the courtroom program, the first note for a journal sends what the
//! archive lacks (the archive is asked for its head every time).
//!
//! ```no_run
//! # use std::path::Path;
//! # fn demo(config: hattama_push::ArchiveConfig, journal: &Path) {
//! let pusher = hattama_push::Pusher::start(config);
//! pusher.notify(journal);                      // after each append, from the UI thread
//! if let Some(status) = pusher.status(journal) {
//!     let _line = status.to_string();          // "archived up to #12", "offline since 10:42, 3 entries waiting"
//! }
//! # }
//! ```

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local};
use journal::Hash;

use crate::client::{Client, ClientError};
use crate::config::ArchiveConfig;
use crate::sync::{Sync, SyncError, read_journal};

/// Where one journal stands with the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Waiting for its turn, or being sent.
    Sending { archived: u64, waiting: u64 },
    /// The archive holds every entry.
    Archived { seq: u64 },
    /// The archive cannot be reached; entries wait on this PC (nothing is lost).
    Offline {
        since: DateTime<Local>,
        archived: u64,
        waiting: u64,
        reason: String,
    },
    /// The archive holds a different entry at `seq`: a desk alert.
    Fork { seq: u64, held: Hash, offered: Hash },
    /// The archive refused the journal or this workstation; a person must act.
    Refused { reason: String },
    /// The archive's receipts do not verify (its log rolled back or forked, a bad
    /// signature): none kept; the court's IT officer must look at the archive.
    ReceiptsInvalid { reason: String },
}

impl Status {
    /// A fork or a refusal: show it at the desk.
    pub fn is_alert(&self) -> bool {
        matches!(
            self,
            Status::Fork { .. } | Status::Refused { .. } | Status::ReceiptsInvalid { .. }
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Sending { archived, waiting } => {
                write!(f, "archived up to #{archived}, sending {waiting}")
            }
            Status::Archived { seq } => write!(f, "archived up to #{seq}"),
            Status::Offline { since, waiting, .. } => write!(
                f,
                "offline since {}, {waiting} {} waiting",
                since.format("%H:%M"),
                if *waiting == 1 { "entry" } else { "entries" }
            ),
            Status::Fork { seq, .. } => write!(f, "fork at #{seq}"),
            Status::Refused { reason } => write!(f, "refused: {reason}"),
            Status::ReceiptsInvalid { reason } => write!(f, "receipts do not verify: {reason}"),
        }
    }
}

enum Note {
    Changed(PathBuf),
    Stop,
}

/// The handle the interface keeps.
pub struct Pusher {
    tx: mpsc::Sender<Note>,
    statuses: Arc<RwLock<HashMap<PathBuf, Status>>>,
    thread: Option<JoinHandle<()>>,
}

impl Pusher {
    /// Start the worker. Bad settings do not fail here: they become every journal's status.
    pub fn start(config: ArchiveConfig) -> Pusher {
        let (tx, rx) = mpsc::channel();
        let statuses = Arc::new(RwLock::new(HashMap::new()));
        let shared = statuses.clone();
        let thread = std::thread::Builder::new()
            .name("archive-pusher".into())
            .spawn(move || Worker::new(config, shared).run(&rx))
            .ok();
        Pusher {
            tx,
            statuses,
            thread,
        }
    }

    /// The journal at `path` changed (or was opened): send it. Returns at once.
    pub fn notify(&self, path: &Path) {
        let _ = self.tx.send(Note::Changed(path.to_path_buf()));
    }

    /// The journal's status, if it was ever notified.
    pub fn status(&self, path: &Path) -> Option<Status> {
        self.statuses.read().ok()?.get(path).cloned()
    }

    /// Every journal whose status is an alert (a fork or a refusal), for the desk.
    pub fn alerts(&self) -> Vec<(PathBuf, Status)> {
        let Ok(map) = self.statuses.read() else {
            return Vec::new();
        };
        let mut out: Vec<(PathBuf, Status)> = map
            .iter()
            .filter(|(_, s)| s.is_alert())
            .map(|(p, s)| (p.clone(), s.clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

impl Drop for Pusher {
    /// Stop the worker after its current request (at most the request timeout).
    fn drop(&mut self) {
        let _ = self.tx.send(Note::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Worker {
    config: ArchiveConfig,
    client: Option<(Client, pki::Certificate, p256::ecdsa::VerifyingKey)>,
    statuses: Arc<RwLock<HashMap<PathBuf, Status>>>,
    /// Journals with entries the archive may lack.
    dirty: BTreeSet<PathBuf>,
    offline_since: HashMap<PathBuf, DateTime<Local>>,
    pause: Duration,
}

const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

impl Worker {
    fn new(config: ArchiveConfig, statuses: Arc<RwLock<HashMap<PathBuf, Status>>>) -> Worker {
        Worker {
            config,
            client: None,
            statuses,
            dirty: BTreeSet::new(),
            offline_since: HashMap::new(),
            pause: FIRST_PAUSE,
        }
    }

    fn set(&self, path: &Path, status: Status) {
        if let Ok(mut map) = self.statuses.write() {
            map.insert(path.to_path_buf(), status);
        }
    }

    fn run(mut self, rx: &mpsc::Receiver<Note>) {
        let mut retry_at: Option<Instant> = None;
        loop {
            let note = match retry_at {
                Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match note {
                Ok(Note::Changed(p)) => {
                    self.mark(&p);
                    // Take every note already queued: one pass sends each journal once.
                    while let Ok(n) = rx.try_recv() {
                        match n {
                            Note::Changed(p) => self.mark(&p),
                            Note::Stop => return,
                        }
                    }
                }
                Ok(Note::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            // A note during an outage does not hurry the retry: the pause stands.
            if retry_at.is_some_and(|at| Instant::now() < at) {
                continue;
            }
            retry_at = if self.pass() {
                self.pause = FIRST_PAUSE;
                None
            } else {
                let at = Instant::now() + self.pause;
                self.pause = (self.pause * 2).min(LONGEST_PAUSE);
                Some(at)
            };
        }
    }

    fn mark(&mut self, path: &Path) {
        self.dirty.insert(path.to_path_buf());
        let archived = self.archived(path);
        let waiting = read_journal(path).map_or(0, |j| j.count().saturating_sub(archived));
        let status = match self.offline_since.get(path) {
            Some(since) => Status::Offline {
                since: *since,
                archived,
                waiting,
                reason: self.offline_reason(path),
            },
            None => Status::Sending { archived, waiting },
        };
        // A fork or a refusal stays shown until a sync succeeds.
        let alert = self
            .statuses
            .read()
            .ok()
            .and_then(|m| m.get(path).cloned())
            .is_some_and(|s| s.is_alert());
        if !alert {
            self.set(path, status);
        }
    }

    fn archived(&self, path: &Path) -> u64 {
        match self.statuses.read().ok().and_then(|m| m.get(path).cloned()) {
            Some(Status::Archived { seq }) => seq,
            Some(Status::Sending { archived, .. } | Status::Offline { archived, .. }) => archived,
            _ => 0,
        }
    }

    fn offline_reason(&self, path: &Path) -> String {
        match self.statuses.read().ok().and_then(|m| m.get(path).cloned()) {
            Some(Status::Offline { reason, .. }) => reason,
            _ => String::new(),
        }
    }

    /// Send every dirty journal once; false if any must be tried again later.
    fn pass(&mut self) -> bool {
        let dirty: Vec<PathBuf> = self.dirty.iter().cloned().collect();
        let mut all_done = true;
        for path in dirty {
            match self.sync(&path) {
                Ok(seq) => {
                    self.dirty.remove(&path);
                    self.offline_since.remove(&path);
                    self.set(&path, Status::Archived { seq });
                }
                Err(e) if e.is_transient() => {
                    all_done = false;
                    let since = *self
                        .offline_since
                        .entry(path.clone())
                        .or_insert_with(Local::now);
                    let archived = self.archived(&path);
                    let waiting =
                        read_journal(&path).map_or(0, |j| j.count().saturating_sub(archived));
                    // The connection may be what broke: build a new one next time.
                    self.client = None;
                    self.set(
                        &path,
                        Status::Offline {
                            since,
                            archived,
                            waiting,
                            reason: e.to_string(),
                        },
                    );
                }
                Err(SyncError::Fork { seq, held, offered }) => {
                    self.dirty.remove(&path);
                    self.set(&path, Status::Fork { seq, held, offered });
                }
                Err(SyncError::Receipts(reason)) => {
                    self.dirty.remove(&path);
                    self.set(&path, Status::ReceiptsInvalid { reason });
                }
                Err(e) => {
                    self.dirty.remove(&path);
                    self.set(
                        &path,
                        Status::Refused {
                            reason: e.to_string(),
                        },
                    );
                }
            }
        }
        all_done
    }

    fn sync(&mut self, path: &Path) -> Result<u64, SyncError> {
        if self.client.is_none() {
            let client = Client::new(&self.config).map_err(SyncError::Client)?;
            let (cert, key) = client.archive_key().map_err(SyncError::Client)?;
            self.client = Some((client, cert, key));
        }
        let Some((client, cert, key)) = &self.client else {
            return Err(SyncError::Client(ClientError::Offline(
                "no connection".into(),
            )));
        };
        let report = Sync {
            client,
            archive_cert: cert,
            archive_key: key,
        }
        .journal(path)?;
        Ok(report.archived)
    }
}
