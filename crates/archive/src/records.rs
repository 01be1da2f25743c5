//! What the archive stores, as typed reads and writes over [`Db`]: the one place that holds
//! the archive's SQL.

use journal::{ChainState, Hash};
use ledger::api::{Alert, HearingInfo};

use crate::db::{Db, DbError, Row, Statement, Value};

/// A hearing seen for the first time (with its first entry).
#[derive(Debug, Clone)]
pub struct NewHearing {
    pub key: Hash,
    pub case_number: String,
    pub hearing_id: String,
    pub file_name: String,
}

/// An entry verified and about to be stored, with the chain's state after it.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub seq: u64,
    pub hash: Hash,
    pub line: String,
    pub state: ChainState,
}

/// A receipt signed and about to be stored.
#[derive(Debug, Clone)]
pub struct NewReceipt {
    pub index: u64,
    pub hearing: Hash,
    pub seq: u64,
    pub note: String,
}

fn bad(what: &str) -> DbError {
    DbError::Other(format!("unexpected {what} in the database"))
}

fn hash_at(row: &Row, i: usize) -> Result<Hash, DbError> {
    row.get(i)
        .and_then(Value::text)
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| bad("hash"))
}

fn uint_at(row: &Row, i: usize) -> Result<u64, DbError> {
    row.get(i)
        .and_then(Value::uint)
        .ok_or_else(|| bad("number"))
}

fn text_at(row: &Row, i: usize) -> Result<String, DbError> {
    row.get(i)
        .and_then(Value::text)
        .map(str::to_string)
        .ok_or_else(|| bad("text"))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The chain state after the last entry held, and the seq of the last receipt.
pub async fn head(db: &Db, key: &Hash) -> Result<Option<(ChainState, u64)>, DbError> {
    let rows = db
        .query(
            "SELECT state, (SELECT MAX(seq) FROM receipts r WHERE r.hearing_key = $1) FROM entries WHERE hearing_key = $1 ORDER BY seq DESC LIMIT 1",
            vec![key.to_hex().into()],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let state: ChainState =
        serde_json::from_str(&text_at(row, 0)?).map_err(|_| bad("chain state"))?;
    let receipted = row.get(1).and_then(Value::uint).unwrap_or(0);
    Ok(Some((state, receipted)))
}

/// The hash of the entry held at `seq`.
pub async fn entry_hash(db: &Db, key: &Hash, seq: u64) -> Result<Option<Hash>, DbError> {
    let rows = db
        .query(
            "SELECT hash FROM entries WHERE hearing_key = $1 AND seq = $2",
            vec![key.to_hex().into(), seq.into()],
        )
        .await?;
    rows.first().map(|r| hash_at(r, 0)).transpose()
}

/// Store verified entries (and the hearing, with its first entry) in one transaction.
pub async fn append(
    db: &Db,
    key: &Hash,
    hearing: Option<&NewHearing>,
    entries: &[NewEntry],
    workstation: &str,
) -> Result<(), DbError> {
    let at = now();
    let mut statements: Vec<Statement> = Vec::with_capacity(entries.len() + 1);
    if let Some(h) = hearing {
        statements.push((
            "INSERT INTO hearings (hearing_key, case_number, hearing_id, file_name, workstation, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            vec![
                h.key.to_hex().into(),
                h.case_number.clone().into(),
                h.hearing_id.clone().into(),
                h.file_name.clone().into(),
                workstation.into(),
                at.clone().into(),
            ],
        ));
    }
    for e in entries {
        let state = serde_json::to_string(&e.state).map_err(|_| bad("chain state"))?;
        statements.push((
            "INSERT INTO entries (hearing_key, seq, hash, line, state, workstation, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                key.to_hex().into(),
                e.seq.into(),
                e.hash.to_hex().into(),
                e.line.clone().into(),
                state.into(),
                workstation.into(),
                at.clone().into(),
            ],
        ));
    }
    db.write(statements).await
}

/// Record a refused entry for the desk and the IT officer; the same fork offered again is
/// recorded once.
pub async fn add_alert(db: &Db, alert: &Alert) -> Result<(), DbError> {
    let result = db
        .write(vec![(
            "INSERT INTO alerts (hearing_key, seq, kind, held, offered, workstation, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                alert.hearing.to_hex().into(),
                alert.seq.into(),
                alert.kind.clone().into(),
                alert.held.to_hex().into(),
                alert.offered.to_hex().into(),
                alert.workstation.clone().into(),
                alert.time.clone().into(),
            ],
        )])
        .await;
    match result {
        Err(DbError::Conflict) => Ok(()),
        other => other,
    }
}

pub async fn alerts(db: &Db) -> Result<Vec<Alert>, DbError> {
    let rows = db
        .query(
            "SELECT hearing_key, seq, kind, held, offered, workstation, created_at FROM alerts ORDER BY created_at, hearing_key, seq",
            vec![],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Alert {
                hearing: hash_at(r, 0)?,
                seq: uint_at(r, 1)?,
                kind: text_at(r, 2)?,
                held: hash_at(r, 3)?,
                offered: hash_at(r, 4)?,
                workstation: text_at(r, 5)?,
                time: text_at(r, 6)?,
            })
        })
        .collect()
}

/// Store receipts and the checkpoint that covers them, in one transaction.
pub async fn add_receipts(
    db: &Db,
    receipts: &[NewReceipt],
    tree_size: u64,
    checkpoint: &str,
) -> Result<(), DbError> {
    let at = now();
    let mut statements: Vec<Statement> = receipts
        .iter()
        .map(|r| -> Statement {
            (
                "INSERT INTO receipts (log_index, hearing_key, seq, note, created_at) VALUES ($1, $2, $3, $4, $5)",
                vec![
                    r.index.into(),
                    r.hearing.to_hex().into(),
                    r.seq.into(),
                    r.note.clone().into(),
                    at.clone().into(),
                ],
            )
        })
        .collect();
    statements.push((
        "INSERT INTO checkpoints (tree_size, note, created_at) VALUES ($1, $2, $3)",
        vec![tree_size.into(), checkpoint.into(), at.into()],
    ));
    db.write(statements).await
}

/// How many hearings and entries the archive holds.
pub async fn counts(db: &Db) -> Result<(u64, u64), DbError> {
    let rows = db
        .query(
            "SELECT (SELECT COUNT(*) FROM hearings), (SELECT COUNT(*) FROM entries)",
            vec![],
        )
        .await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Other("no counts".into()))?;
    Ok((uint_at(row, 0)?, uint_at(row, 1)?))
}

/// Every receipt note in log order (to rebuild the tree on start).
pub async fn log_leaves(db: &Db) -> Result<Vec<(u64, String)>, DbError> {
    let rows = db
        .query(
            "SELECT log_index, note FROM receipts ORDER BY log_index",
            vec![],
        )
        .await?;
    rows.iter()
        .map(|r| Ok((uint_at(r, 0)?, text_at(r, 1)?)))
        .collect()
}

/// A hearing's receipts: (log index, seq, note), in log order.
pub async fn receipts_of(db: &Db, key: &Hash) -> Result<Vec<(u64, u64, String)>, DbError> {
    let rows = db
        .query(
            "SELECT log_index, seq, note FROM receipts WHERE hearing_key = $1 ORDER BY log_index",
            vec![key.to_hex().into()],
        )
        .await?;
    rows.iter()
        .map(|r| Ok((uint_at(r, 0)?, uint_at(r, 1)?, text_at(r, 2)?)))
        .collect()
}

/// The stored checkpoint of `size`, or the latest one.
pub async fn checkpoint(db: &Db, size: Option<u64>) -> Result<Option<(u64, String)>, DbError> {
    let rows = match size {
        Some(s) => {
            db.query(
                "SELECT tree_size, note FROM checkpoints WHERE tree_size = $1",
                vec![s.into()],
            )
            .await?
        }
        None => {
            db.query(
                "SELECT tree_size, note FROM checkpoints ORDER BY tree_size DESC LIMIT 1",
                vec![],
            )
            .await?
        }
    };
    rows.first()
        .map(|r| Ok((uint_at(r, 0)?, text_at(r, 1)?)))
        .transpose()
}

/// The first checkpoint that includes leaf `index`: the one signed when it was logged.
pub async fn checkpoint_after(db: &Db, index: u64) -> Result<Option<(u64, String)>, DbError> {
    let rows = db
        .query(
            "SELECT tree_size, note FROM checkpoints WHERE tree_size > $1 ORDER BY tree_size LIMIT 1",
            vec![index.into()],
        )
        .await?;
    rows.first()
        .map(|r| Ok((uint_at(r, 0)?, text_at(r, 1)?)))
        .transpose()
}

/// The cosignature lines stored for a checkpoint.
pub async fn cosignatures(db: &Db, size: u64) -> Result<Vec<String>, DbError> {
    let rows = db
        .query(
            "SELECT line FROM cosignatures WHERE tree_size = $1 ORDER BY witness",
            vec![size.into()],
        )
        .await?;
    rows.iter().map(|r| text_at(r, 0)).collect()
}

pub async fn add_cosignature(db: &Db, size: u64, witness: &str, line: &str) -> Result<(), DbError> {
    let result = db
        .write(vec![(
            "INSERT INTO cosignatures (tree_size, witness, line, created_at) VALUES ($1, $2, $3, $4)",
            vec![size.into(), witness.into(), line.into(), now().into()],
        )])
        .await;
    match result {
        Err(DbError::Conflict) => Ok(()),
        other => other,
    }
}

/// The journal lines held for a hearing, in order.
pub async fn lines(db: &Db, key: &Hash) -> Result<Vec<String>, DbError> {
    let rows = db
        .query(
            "SELECT line FROM entries WHERE hearing_key = $1 ORDER BY seq",
            vec![key.to_hex().into()],
        )
        .await?;
    rows.iter().map(|r| text_at(r, 0)).collect()
}

/// Hearings by case number, by hearing id, or by key.
pub async fn hearings(db: &Db, by: HearingQuery<'_>) -> Result<Vec<HearingInfo>, DbError> {
    let rows = match by {
        HearingQuery::Case(n) => db.query(
            "SELECT h.hearing_key, h.case_number, h.hearing_id, h.file_name, (SELECT MAX(seq) FROM entries e WHERE e.hearing_key = h.hearing_key), (SELECT hash FROM entries e WHERE e.hearing_key = h.hearing_key ORDER BY seq DESC LIMIT 1) FROM hearings h WHERE h.case_number = $1 ORDER BY h.created_at, h.hearing_key",
            vec![n.into()],
        ),
        HearingQuery::Id(n) => db.query(
            "SELECT h.hearing_key, h.case_number, h.hearing_id, h.file_name, (SELECT MAX(seq) FROM entries e WHERE e.hearing_key = h.hearing_key), (SELECT hash FROM entries e WHERE e.hearing_key = h.hearing_key ORDER BY seq DESC LIMIT 1) FROM hearings h WHERE h.hearing_id = $1 ORDER BY h.created_at, h.hearing_key",
            vec![n.into()],
        ),
        HearingQuery::Key(k) => db.query(
            "SELECT h.hearing_key, h.case_number, h.hearing_id, h.file_name, (SELECT MAX(seq) FROM entries e WHERE e.hearing_key = h.hearing_key), (SELECT hash FROM entries e WHERE e.hearing_key = h.hearing_key ORDER BY seq DESC LIMIT 1) FROM hearings h WHERE h.hearing_key = $1",
            vec![k.to_hex().into()],
        ),
    }
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HearingInfo {
                key: hash_at(r, 0)?,
                case_number: text_at(r, 1)?,
                hearing_id: text_at(r, 2)?,
                file_name: text_at(r, 3)?,
                head: ledger::api::Head {
                    seq: r.get(4).and_then(Value::uint).unwrap_or(0),
                    hash: r.get(5).and_then(Value::text).and_then(|t| t.parse().ok()),
                },
            })
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
pub enum HearingQuery<'a> {
    Case(&'a str),
    Id(&'a str),
    Key(&'a Hash),
}

/// Hearings whose last entries have no receipt yet: (key, last seq).
pub async fn unreceipted(db: &Db) -> Result<Vec<Hash>, DbError> {
    let rows = db
        .query(
            "SELECT h.hearing_key FROM hearings h WHERE (SELECT MAX(seq) FROM entries e WHERE e.hearing_key = h.hearing_key) > COALESCE((SELECT MAX(seq) FROM receipts r WHERE r.hearing_key = h.hearing_key), 0)",
            vec![],
        )
        .await?;
    rows.iter().map(|r| hash_at(r, 0)).collect()
}

/// The largest checkpoint a witness has cosigned for a log: (size, root).
pub async fn witnessed(db: &Db, origin: &str) -> Result<Option<(u64, Hash)>, DbError> {
    let rows = db
        .query(
            "SELECT tree_size, root FROM witnessed WHERE origin = $1 ORDER BY tree_size DESC LIMIT 1",
            vec![origin.into()],
        )
        .await?;
    rows.first()
        .map(|r| Ok((uint_at(r, 0)?, hash_at(r, 1)?)))
        .transpose()
}

pub async fn add_witnessed(
    db: &Db,
    origin: &str,
    size: u64,
    root: &Hash,
    note: &str,
) -> Result<(), DbError> {
    let result = db
        .write(vec![(
            "INSERT INTO witnessed (origin, tree_size, root, note, created_at) VALUES ($1, $2, $3, $4, $5)",
            vec![
                origin.into(),
                size.into(),
                root.to_hex().into(),
                note.into(),
                now().into(),
            ],
        )])
        .await;
    match result {
        // The same checkpoint witnessed twice (a retry) is one row.
        Err(DbError::Conflict) => Ok(()),
        other => other,
    }
}
