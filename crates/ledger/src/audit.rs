//! Checking a journal against the archive's receipts, offline: every receipt is signed by the
//! archive, included in a signed checkpoint of its log, and names a head the journal holds;
//! the checkpoints are proven consistent with one another. What `hattama verify --receipts`
//! reports.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufRead};

use chrono::{DateTime, Utc};
use journal::verify::{EntryReader, VerifyOptions};
use journal::{Body, Hash};

use crate::checkpoint::{Checkpoint, open_checkpoint};
use crate::cosign::{cosigner_key_id, verify_cosignature};
use crate::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use crate::note::{Note, NoteVerifier, verifier_in};
use crate::receipt::{hearing_key, open_receipt};
use crate::record::Record;

/// What the journal itself says: its hearing and the hashes at the seqs receipts name.
#[derive(Debug, Clone, Default)]
pub struct JournalHeads {
    pub hearing: Option<Hash>,
    pub heads: BTreeMap<u64, Hash>,
    /// Entries verified (up to the first fault, if any).
    pub entries: u64,
}

/// Read a journal, keeping the hashes of the verified entries at `wanted` seqs.
pub fn journal_heads<R: BufRead>(input: R, wanted: &BTreeSet<u64>) -> io::Result<JournalHeads> {
    let mut reader = EntryReader::new(input, VerifyOptions::default());
    let mut out = JournalHeads::default();
    while let Some(entry) = reader.next_entry()? {
        if let Some(Body::HearingOpened(opened)) = &entry.body {
            out.hearing = Some(hearing_key(&opened.case_number, &opened.hearing_id));
        }
        if wanted.contains(&entry.seq) {
            out.heads.insert(entry.seq, entry.hash);
        }
        out.entries = entry.seq;
    }
    Ok(out)
}

/// The seqs the receipts of `records` name (any hearing), to read from the journal.
pub fn receipt_seqs(records: &[Record]) -> BTreeSet<u64> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Receipt { receipt, .. } => Note::parse(receipt)
                .ok()
                .and_then(|n| crate::receipt::Receipt::from_text(&n.text).ok())
                .map(|r| r.seq),
            Record::Consistency { .. } => None,
        })
        .collect()
}

/// Whom the reader trusts: the archive's key (from its certificate, checked against the court
/// authority by the caller) and any witnesses' keys.
pub struct Trust<'a> {
    pub archive: &'a p256::ecdsa::VerifyingKey,
    pub witnesses: &'a [p256::ecdsa::VerifyingKey],
}

/// One receipt for this hearing and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFinding {
    pub seq: u64,
    pub head: Hash,
    pub time: DateTime<Utc>,
    pub index: u64,
    pub checkpoint: u64,
    /// Why it does not hold, if it does not.
    pub problem: Option<String>,
}

/// The result of checking receipts against a journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audit {
    pub receipts: Vec<ReceiptFinding>,
    /// Receipts of other hearings in the same file or folder (not checked).
    pub other_hearings: usize,
    /// The largest checkpoint whose signature verified.
    pub latest: Option<u64>,
    /// Checkpoint sizes not linked to the latest by verified consistency proofs.
    pub unproven: Vec<u64>,
    /// Witness cosignatures that verify on the latest checkpoint: (name, POSIX time).
    pub cosigned: Vec<(String, u64)>,
    /// Failures not tied to one receipt: bad signatures, failing proofs, split views.
    pub problems: Vec<String>,
}

impl Audit {
    /// Nothing failed (consistency not proven is reported, not a failure).
    pub fn holds(&self) -> bool {
        self.problems.is_empty() && self.receipts.iter().all(|r| r.problem.is_none())
    }
}

/// Check `records` against the journal `heads`.
pub fn audit(heads: &JournalHeads, records: &[Record], trust: &Trust<'_>) -> Audit {
    let mut out = Audit::default();
    // size -> (root, notes seen at that size)
    let mut checkpoints: BTreeMap<u64, (Hash, Vec<Note>)> = BTreeMap::new();
    let mut edges: Vec<(u64, u64)> = Vec::new();
    let mut note_checkpoint = |text: &str, out: &mut Audit, what: &str| -> Option<Checkpoint> {
        let checked = Note::parse(text).map_err(|e| e.to_string()).and_then(|n| {
            let log = verifier_in(&n, trust.archive).ok_or_else(|| {
                "not signed by the archive's key (from its certificate)".to_string()
            })?;
            open_checkpoint(&n, &log)
                .map(|c| (c, n))
                .map_err(|e| e.to_string())
        });
        match checked {
            Ok((cp, note)) => {
                let entry = checkpoints
                    .entry(cp.size)
                    .or_insert_with(|| (cp.root, Vec::new()));
                if entry.0 != cp.root {
                    out.problems.push(format!(
                        "two checkpoints of size {} with different roots: the archive showed two versions of its log",
                        cp.size
                    ));
                }
                entry.1.push(note);
                Some(cp)
            }
            Err(e) => {
                out.problems.push(format!("{what}: checkpoint: {e}"));
                None
            }
        }
    };
    for (i, record) in records.iter().enumerate() {
        let what = format!("record {}", i + 1);
        match record {
            Record::Receipt {
                index,
                receipt,
                checkpoint,
                inclusion,
            } => {
                let opened = Note::parse(receipt)
                    .map_err(|e| e.to_string())
                    .and_then(|n| {
                        let archive = verifier_in(&n, trust.archive).ok_or_else(|| {
                            "not signed by the archive's key (from its certificate)".to_string()
                        })?;
                        open_receipt(&n, &archive).map_err(|e| e.to_string())
                    });
                let r = match opened {
                    Ok(r) => r,
                    Err(e) => {
                        out.problems.push(format!("{what}: receipt: {e}"));
                        continue;
                    }
                };
                if Some(r.hearing) != heads.hearing {
                    out.other_hearings += 1;
                    continue;
                }
                let mut finding = ReceiptFinding {
                    seq: r.seq,
                    head: r.head,
                    time: r.time,
                    index: *index,
                    checkpoint: 0,
                    problem: None,
                };
                match note_checkpoint(checkpoint, &mut out, &what) {
                    Some(cp) if cp.origin != r.origin => {
                        finding.problem = Some(format!(
                            "its checkpoint is of log {}, the receipt of {}",
                            cp.origin, r.origin
                        ));
                    }
                    Some(cp) => {
                        finding.checkpoint = cp.size;
                        let leaf = leaf_hash(receipt.as_bytes());
                        if let Err(e) =
                            verify_inclusion(&leaf, *index, cp.size, inclusion, &cp.root)
                        {
                            finding.problem = Some(format!(
                                "not included in the archive's log of size {} ({e})",
                                cp.size
                            ));
                        }
                    }
                    None => finding.problem = Some("its checkpoint does not verify".into()),
                }
                if finding.problem.is_none() {
                    finding.problem = head_problem(heads, r.seq, &r.head);
                }
                out.receipts.push(finding);
            }
            Record::Consistency { from, to, proof } => {
                let (Some(a), Some(b)) = (
                    note_checkpoint(from, &mut out, &what),
                    note_checkpoint(to, &mut out, &what),
                ) else {
                    continue;
                };
                match verify_consistency(a.size, &a.root, b.size, &b.root, proof) {
                    Ok(()) => edges.push((a.size, b.size)),
                    Err(e) => out.problems.push(format!(
                        "{what}: the archive's log of size {} is not consistent with size {} ({e}): a receipt was dropped or rewritten",
                        b.size, a.size
                    )),
                }
            }
        }
    }
    out.receipts.sort_by_key(|r| (r.seq, r.index));
    out.latest = checkpoints.keys().next_back().copied();
    if let Some(latest) = out.latest {
        out.unproven = checkpoints
            .keys()
            .copied()
            .filter(|&s| !reaches(s, latest, &edges))
            .collect();
        let notes = &checkpoints[&latest].1;
        for key in trust.witnesses {
            if let Some(found) = cosignature(notes, key) {
                out.cosigned.push(found);
            }
        }
    }
    out
}

fn head_problem(heads: &JournalHeads, seq: u64, head: &Hash) -> Option<String> {
    match heads.heads.get(&seq) {
        Some(h) if h == head => None,
        Some(h) => Some(format!(
            "entry #{seq} of the journal ({}) is not the entry the archive received ({}): the journal was changed after the receipt",
            short(h),
            short(head)
        )),
        None => Some(format!(
            "the journal's verified entries end at #{}, the archive received #{seq}: entries the archive holds are missing",
            heads.entries
        )),
    }
}

fn short(h: &Hash) -> String {
    h.to_hex()[..16].to_string()
}

/// Is `to` reachable from `from` over proven consistency edges (each from a smaller tree)?
fn reaches(from: u64, to: u64, edges: &[(u64, u64)]) -> bool {
    let mut seen = BTreeSet::from([from]);
    let mut stack = vec![from];
    while let Some(s) = stack.pop() {
        if s == to {
            return true;
        }
        for &(a, b) in edges {
            if a == s && seen.insert(b) {
                stack.push(b);
            }
        }
    }
    false
}

/// A witness's verified cosignature on any of `notes`: (its name, its time).
fn cosignature(notes: &[Note], key: &p256::ecdsa::VerifyingKey) -> Option<(String, u64)> {
    for note in notes {
        for s in &note.signatures {
            if s.key_id == cosigner_key_id(&s.name, key)
                && let Ok(witness) = NoteVerifier::new(&s.name, *key)
                && let Ok(time) = verify_cosignature(note, &witness)
            {
                return Some((s.name.clone(), time));
            }
        }
    }
    None
}
