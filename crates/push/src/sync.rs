//! Bringing the archive's copy of one journal up to date: read the journal read-only (never
//! locking it, never writing it), ask the archive for its head of the hearing, send what it
//! lacks in batches, keep the receipts it returns.
//!
//! Only the verified prefix of the journal is sent — the same chain check the archive runs —
//! and only whole lines: a line being written right now (no newline yet) waits for next time.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use journal::entry::Body;
use journal::verify::{EntryReader, VerifyOptions};
use journal::{Hash, Kind};
use ledger::api::code;
use ledger::audit::JournalHeads;
use ledger::record::Record;
use p256::ecdsa::VerifyingKey;

use crate::client::{Client, ClientError};
use crate::receipts::{self, receipts_path};

/// Lines and bytes per push (the archive accepts up to `ledger::api::MAX_PUSH_LINES`).
const BATCH_LINES: usize = 256;
const BATCH_BYTES: usize = 4 << 20;

/// A journal as read from disk: its hearing, and its verified entries.
#[derive(Debug, Clone)]
pub struct LocalJournal {
    pub key: Hash,
    pub lines: Vec<String>,
    pub hashes: Vec<Hash>,
    /// The last verified entry is a seal.
    pub sealed: bool,
}

impl LocalJournal {
    pub fn count(&self) -> u64 {
        self.lines.len() as u64
    }

    pub fn heads(&self) -> JournalHeads {
        JournalHeads {
            hearing: Some(self.key),
            heads: self
                .hashes
                .iter()
                .enumerate()
                .map(|(i, h)| (i as u64 + 1, *h))
                .collect(),
            entries: self.count(),
        }
    }
}

/// Read a journal's verified entries and their lines.
pub fn read_journal(path: &Path) -> Result<LocalJournal, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot read ({e})", path.display()))?;
    // Whole lines only: a line still being written has no newline yet.
    let complete = bytes
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(&bytes[..0], |end| &bytes[..=end]);
    let mut reader = EntryReader::new(BufReader::new(complete), VerifyOptions::default());
    let mut hashes = Vec::new();
    let mut key = None;
    let mut sealed = false;
    while let Some(entry) = reader
        .next_entry()
        .map_err(|e| format!("{}: cannot read ({e})", path.display()))?
    {
        if let Some(Body::HearingOpened(o)) = &entry.body {
            key = Some(ledger::hearing_key(&o.case_number, &o.hearing_id));
        }
        sealed = entry.kind == Kind::Sealed;
        hashes.push(entry.hash);
    }
    let key = key.ok_or_else(|| {
        format!(
            "{}: not a hearing journal (no verified first entry)",
            path.display()
        )
    })?;
    let lines: Vec<String> = complete
        .split(|b| *b == b'\n')
        .take(hashes.len())
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    Ok(LocalJournal {
        key,
        lines,
        hashes,
        sealed,
    })
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub key: Hash,
    pub local: u64,
    /// The archive's head after the sync.
    pub archived: u64,
    pub stored: u64,
    pub duplicates: u64,
    pub receipts: usize,
}

/// Why a sync stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Local(String),
    #[error(transparent)]
    Client(ClientError),
    /// The archive holds another entry at `seq`: the journals have forked.
    #[error("fork at #{seq}: the archive holds entry {} and this journal {}", short(.held), short(.offered))]
    Fork { seq: u64, held: Hash, offered: Hash },
    /// The archive refused an entry of this journal (a chain fault).
    #[error("the archive refused entry #{seq}: {reason}")]
    Refused { seq: u64, reason: String },
    /// The archive holds more of the hearing than this journal.
    #[error(
        "the archive holds #{archived}, this journal only #{local}: this copy is older than the archive's"
    )]
    Behind { archived: u64, local: u64 },
    /// Receipts that do not verify (the archive misbehaves).
    #[error("{0}")]
    Receipts(String),
}

fn short(h: &Hash) -> String {
    h.to_hex()[..16].to_string()
}

impl SyncError {
    /// Worth trying again later: the network or the archive's database.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Client(ClientError::Offline(_)) => true,
            SyncError::Client(e) => {
                e.code() == Some(code::DATABASE) || e.code() == Some(code::INTERNAL)
            }
            _ => false,
        }
    }
}

/// One journal and where its receipts go.
pub struct Sync<'a> {
    pub client: &'a Client,
    /// The archive's certificate and key, once fetched and checked against the court
    /// authority (receipts are verified against the key; the certificate is kept beside the
    /// journal as `archive.pem`, so `hattama verify --receipts` finds it offline).
    pub archive_cert: &'a pki::Certificate,
    pub archive_key: &'a VerifyingKey,
}

impl Sync<'_> {
    /// Bring the archive up to date with the journal at `path`.
    pub fn journal(&self, path: &Path) -> Result<SyncReport, SyncError> {
        let local = read_journal(path).map_err(SyncError::Local)?;
        let mut report = SyncReport {
            key: local.key,
            local: local.count(),
            archived: 0,
            stored: 0,
            duplicates: 0,
            receipts: 0,
        };
        let head = self.client.head(&local.key).map_err(SyncError::Client)?;
        if head.seq > local.count() {
            // Our last entry tells a copy that is only older (the archive holds it) from one
            // that forked (the archive holds another): the archive compares it.
            if let Some(last) = local.lines.last() {
                self.push_one(&local.key, last.clone())?;
            }
            return Err(SyncError::Behind {
                archived: head.seq,
                local: local.count(),
            });
        }
        // Send from the archive's head itself when its hash is not ours: the archive then
        // records the fork, with both hashes, and refuses.
        let mut next = match (head.seq, head.hash) {
            (0, _) => 1,
            (seq, Some(h)) if local.hashes[seq as usize - 1] == h => seq + 1,
            (seq, _) => seq,
        };
        report.archived = head.seq;
        let mut received: Vec<Record> = Vec::new();
        let mut gaps = 0;
        while next <= local.count() {
            let batch = batch(&local.lines, next);
            let sent = batch.len() as u64;
            match self.client.push(&local.key, batch) {
                Ok(r) => {
                    report.stored += r.stored;
                    report.duplicates += r.duplicates;
                    report.archived = r.head.seq;
                    received.extend(r.receipts);
                    next += sent;
                }
                Err(ClientError::Refused { error, .. }) if error.error == code::GAP && gaps < 3 => {
                    // The archive's head moved (another copy pushed): start from its head.
                    gaps += 1;
                    next = error.head.map_or(1, |h| h.seq + 1);
                }
                Err(ClientError::Refused { error, .. }) if error.error == code::FORK => {
                    return Err(SyncError::Fork {
                        seq: error.seq.unwrap_or(next),
                        held: error.held.unwrap_or(Hash::ZERO),
                        offered: error.offered.unwrap_or(Hash::ZERO),
                    });
                }
                Err(ClientError::Refused { status: 422, error }) => {
                    return Err(SyncError::Refused {
                        seq: error.seq.unwrap_or(next),
                        reason: error.message,
                    });
                }
                Err(e) => return Err(SyncError::Client(e)),
            }
        }
        let file = receipts_path(path);
        // Receipts signed by the archive's timer were not in any push answer: fetch the
        // hearing's receipts once it is sealed and archived whole.
        if local.sealed
            && report.archived == local.count()
            && !received
                .iter()
                .any(|r| receipt_seq(r) == Some(local.count()))
        {
            let kept = receipts::read_records(&file).map_err(SyncError::Local)?;
            if !kept.iter().any(|r| receipt_seq(r) == Some(local.count())) {
                received = self
                    .client
                    .receipts(&local.key)
                    .map_err(SyncError::Client)?;
            }
        }
        report.receipts = receipts::keep(
            self.client,
            self.archive_key,
            &local.heads(),
            &file,
            received,
        )
        .map_err(SyncError::Receipts)?;
        if report.receipts > 0 {
            receipts::keep_certificate(path, self.archive_cert).map_err(SyncError::Local)?;
        }
        Ok(report)
    }
}

impl Sync<'_> {
    /// Push one line that the archive holds at its seq: a duplicate, or a fork.
    fn push_one(&self, key: &Hash, line: String) -> Result<(), SyncError> {
        match self.client.push(key, vec![line]) {
            Err(ClientError::Refused { error, .. }) if error.error == code::FORK => {
                Err(SyncError::Fork {
                    seq: error.seq.unwrap_or(0),
                    held: error.held.unwrap_or(Hash::ZERO),
                    offered: error.offered.unwrap_or(Hash::ZERO),
                })
            }
            Err(e) => Err(SyncError::Client(e)),
            Ok(_) => Ok(()),
        }
    }
}

fn receipt_seq(r: &Record) -> Option<u64> {
    match r {
        Record::Receipt { receipt, .. } => ledger::Note::parse(receipt)
            .ok()
            .and_then(|n| ledger::Receipt::from_text(&n.text).ok())
            .map(|r| r.seq),
        Record::Consistency { .. } => None,
    }
}

/// Lines from seq `from`, within the batch limits (at least one line).
fn batch(lines: &[String], from: u64) -> Vec<String> {
    let mut out = Vec::new();
    let mut bytes = 0;
    for line in &lines[from as usize - 1..] {
        if !out.is_empty() && (out.len() == BATCH_LINES || bytes + line.len() > BATCH_BYTES) {
            break;
        }
        bytes += line.len();
        out.push(line.clone());
    }
    out
}

/// The journals named, or found in a folder (`*.jsonl`).
pub fn journals_in(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            if let Ok(dir) = std::fs::read_dir(p) {
                let mut found: Vec<PathBuf> = dir
                    .flatten()
                    .map(|e| e.path())
                    .filter(|f| f.extension().is_some_and(|x| x == "jsonl"))
                    .collect();
                found.sort();
                out.extend(found);
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}
