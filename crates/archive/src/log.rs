//! The archive's log of receipts: signs receipts, appends them to the Merkle tree, signs a
//! checkpoint covering them, and stores both in one transaction before anyone sees them.
//! One writer at a time (a lock around the tree), so log indexes never collide.

use chrono::{DateTime, FixedOffset, Utc};
use journal::Hash;
use ledger::api::ConsistencyResponse;
use ledger::checkpoint::Checkpoint;
use ledger::merkle::{Tree, leaf_hash};
use ledger::note::{NoteSigner, NoteVerifier};
use ledger::receipt::Receipt;
use ledger::record::Record;
use tokio::sync::Mutex;

use crate::db::{Db, DbError};
use crate::records::{self, NewReceipt};

type Waiting = (
    Vec<(Hash, u64, Hash)>,
    tokio::sync::oneshot::Sender<Result<Vec<Record>, LogError>>,
);

pub struct Log {
    signer: NoteSigner,
    /// The end of the archive's certificate: no receipt is signed after it (`expiry`).
    signer_until: DateTime<FixedOffset>,
    tree: Mutex<Tree>,
    /// Receipts waiting for the next commit of the log.
    queue: std::sync::Mutex<Vec<Waiting>>,
}

/// Why the log could not be loaded or extended.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LogError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the stored log is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    OtherKey(String),
    #[error("signing failed: {0}")]
    Sign(String),
}

impl Log {
    /// Rebuild the tree from the stored receipts and check it against the last checkpoint:
    /// a receipts table changed behind the archive's back stops it from starting.
    pub async fn load(
        db: &Db,
        signer: NoteSigner,
        signer_until: DateTime<FixedOffset>,
    ) -> Result<Log, LogError> {
        let (tree, _) = rebuild(db, &signer.verifier()).await?;
        Ok(Log {
            signer,
            signer_until,
            tree: Mutex::new(tree),
            queue: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The end of the archive's certificate.
    pub fn signer_until(&self) -> DateTime<FixedOffset> {
        self.signer_until
    }

    pub fn origin(&self) -> &str {
        &self.signer.name
    }

    pub fn signer(&self) -> &NoteSigner {
        &self.signer
    }

    pub async fn size(&self) -> u64 {
        self.tree.lock().await.size()
    }

    /// Sign receipts for `(hearing, seq, head)`, log them, checkpoint the log, store it all.
    ///
    /// Group commit: a caller queues its receipts, then takes the tree; whoever holds it signs
    /// and stores every receipt queued so far in one transaction under one checkpoint, and
    /// hands each caller its own. Under load many hearings' receipts share one commit instead
    /// of queueing for one each.
    pub async fn issue(
        &self,
        db: &Db,
        items: &[(Hash, u64, Hash)],
    ) -> Result<Vec<Record>, LogError> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((items.to_vec(), tx));
        {
            let mut tree = self.tree.lock().await;
            let batch = std::mem::take(&mut *self.queue.lock().unwrap_or_else(|p| p.into_inner()));
            if !batch.is_empty() {
                let all: Vec<(Hash, u64, Hash)> =
                    batch.iter().flat_map(|(i, _)| i.iter().copied()).collect();
                match self.issue_locked(&mut tree, db, &all).await {
                    Ok(records) => {
                        let mut records = records.into_iter();
                        for (items, tx) in batch {
                            let _ = tx.send(Ok(records.by_ref().take(items.len()).collect()));
                        }
                    }
                    Err(e) => {
                        for (_, tx) in batch {
                            let _ = tx.send(Err(e.clone()));
                        }
                    }
                }
            }
        }
        rx.await
            .map_err(|_| LogError::Sign("the log writer stopped".into()))?
    }

    async fn issue_locked(
        &self,
        tree: &mut Tree,
        db: &Db,
        items: &[(Hash, u64, Hash)],
    ) -> Result<Vec<Record>, LogError> {
        let before = tree.size();
        let time = Utc::now();
        crate::expiry::may_sign(self.signer_until, time).map_err(LogError::Sign)?;
        let mut new = Vec::with_capacity(items.len());
        for (hearing, seq, head) in items {
            let note = Receipt {
                origin: self.signer.name.clone(),
                hearing: *hearing,
                seq: *seq,
                head: *head,
                time,
            }
            .sign(&self.signer)
            .map_err(|e| LogError::Sign(e.to_string()))?
            .to_text();
            let index = tree.push(leaf_hash(note.as_bytes()));
            new.push(NewReceipt {
                index,
                hearing: *hearing,
                seq: *seq,
                note,
            });
        }
        let size = tree.size();
        let checkpoint = self.checkpoint_note(tree, size)?;
        if let Err(e) = records::add_receipts(db, &new, size, &checkpoint).await {
            // Nothing was stored: the tree goes back to what the database holds.
            tree.truncate(before);
            return Err(e.into());
        }
        Ok(new
            .into_iter()
            .map(|r| Record::Receipt {
                index: r.index,
                inclusion: tree.inclusion_proof(r.index, size).unwrap_or_default(),
                receipt: r.note,
                checkpoint: checkpoint.clone(),
            })
            .collect())
    }

    fn checkpoint_note(&self, tree: &Tree, size: u64) -> Result<String, LogError> {
        let root = tree
            .root(size)
            .ok_or_else(|| LogError::Damaged("no root".into()))?;
        Checkpoint {
            origin: self.signer.name.clone(),
            size,
            root,
        }
        .sign(&self.signer)
        .map(|n| n.to_text())
        .map_err(|e| LogError::Sign(e.to_string()))
    }

    /// A hearing's receipts, each with the checkpoint signed when it was logged and its
    /// inclusion proof there — what the courtroom received at the time. A reader proves those
    /// checkpoints consistent with the latest one (`/v1/proof/consistency`).
    pub async fn receipts_of(&self, db: &Db, key: &Hash) -> Result<Vec<Record>, LogError> {
        let rows = records::receipts_of(db, key).await?;
        let mut out = Vec::with_capacity(rows.len());
        for (index, _, note) in rows {
            let Some((size, checkpoint)) = records::checkpoint_after(db, index).await? else {
                continue;
            };
            let inclusion = self
                .tree
                .lock()
                .await
                .inclusion_proof(index, size)
                .unwrap_or_default();
            out.push(Record::Receipt {
                index,
                inclusion,
                receipt: note,
                checkpoint,
            });
        }
        Ok(out)
    }

    /// The latest stored checkpoint with the cosignatures witnesses returned for it.
    pub async fn latest(&self, db: &Db) -> Result<Option<(u64, String)>, LogError> {
        let Some((size, note)) = records::checkpoint(db, None).await? else {
            return Ok(None);
        };
        Ok(Some((size, with_cosignatures(db, size, note).await?)))
    }

    /// A stored checkpoint of a given size, with its cosignatures.
    pub async fn checkpoint_at(&self, db: &Db, size: u64) -> Result<Option<String>, LogError> {
        match records::checkpoint(db, Some(size)).await? {
            Some((size, note)) => Ok(Some(with_cosignatures(db, size, note).await?)),
            None => Ok(None),
        }
    }

    /// Consistency between two stored checkpoints.
    pub async fn consistency(
        &self,
        db: &Db,
        from: u64,
        to: u64,
    ) -> Result<Option<ConsistencyResponse>, LogError> {
        let (Some(a), Some(b)) = (
            self.checkpoint_at(db, from).await?,
            self.checkpoint_at(db, to).await?,
        ) else {
            return Ok(None);
        };
        let tree = self.tree.lock().await;
        Ok(tree
            .consistency_proof(from, to)
            .map(|proof| ConsistencyResponse {
                from: a,
                to: b,
                proof,
            }))
    }

    pub async fn inclusion(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        self.tree.lock().await.inclusion_proof(index, size)
    }
}

async fn with_cosignatures(db: &Db, size: u64, mut note: String) -> Result<String, LogError> {
    for line in records::cosignatures(db, size).await? {
        note.push_str(&line);
    }
    Ok(note)
}

/// The log as stored in `db`, checked against its latest signed checkpoint (signature by
/// `verifier`, root over the stored receipts): the tree, and the checkpoint's size if there is
/// one. What the archive does on every start, and `hattama-archive backup` on its copy.
pub async fn rebuild(db: &Db, verifier: &NoteVerifier) -> Result<(Tree, Option<u64>), LogError> {
    let leaves = records::log_leaves(db).await?;
    let mut tree = Tree::new();
    for (index, note) in &leaves {
        if *index != tree.size() {
            return Err(LogError::Damaged(format!(
                "receipt index {index} where {} was expected",
                tree.size()
            )));
        }
        tree.push(leaf_hash(note.as_bytes()));
    }
    let mut checked = None;
    if let Some((size, note)) = records::checkpoint(db, None).await? {
        let parsed = ledger::Note::parse(&note)
            .map_err(|e| LogError::Damaged(format!("checkpoint {size}: {e}")))?;
        // A log is signed by one key for its whole life: another name or key is not damage
        // but another archive's certificate (or origin) given to this database.
        if !parsed
            .signatures
            .iter()
            .any(|s| s.name == verifier.name && s.key_id == verifier.key_id())
        {
            return Err(LogError::OtherKey(format!(
                "this database's log is signed as {}, not by --origin {} with the key of --cert: \
                 a log keeps its name and key for life — renew the archive's certificate for the \
                 same key (`hattama court issue --pubkey` with its public key), or start a new log \
                 (a new --origin and database)",
                parsed
                    .signatures
                    .first()
                    .map_or("nothing".into(), |s| format!(
                        "{} (key {:08x})",
                        s.name, s.key_id
                    )),
                verifier.name
            )));
        }
        let cp = ledger::open_checkpoint(&parsed, verifier)
            .map_err(|e| LogError::Damaged(format!("checkpoint {size}: {e}")))?;
        if tree.root(cp.size) != Some(cp.root) {
            return Err(LogError::Damaged(format!(
                "the receipts do not match the signed checkpoint of size {size}"
            )));
        }
        checked = Some(cp.size);
    }
    Ok((tree, checked))
}
