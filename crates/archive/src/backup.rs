//! `hattama-archive backup`: a copy of a SQLite archive, taken while it runs, and checked
//! before it is called a backup — SQLite's own page check, and the log rebuilt from the copy's
//! receipts against its latest signed checkpoint (`log::rebuild`, what `serve` does on start).
//! A copy that fails either is removed and the failure said. PostgreSQL has tools of its own
//! for this (a streaming standby, `pg_basebackup`); the command says so instead of copying.
//!
//! What a backup cannot do, docs/archive.md says: an archive restored from it has lost what
//! came after — the courtroom PCs send those entries again, but receipts signed after the copy
//! are not in its log, and new receipts take their places in it.

use std::path::Path;

use ledger::note::NoteVerifier;

use crate::db::{Db, DbUrl};
use crate::{log, records};

/// What the checked copy holds.
#[derive(Debug)]
pub struct Copied {
    pub hearings: u64,
    pub entries: u64,
    pub receipts: u64,
    /// The size of the latest signed checkpoint the receipts were checked against.
    pub checkpoint: Option<u64>,
}

/// Why there is no backup: the exit code (2 bad input, 1 could not copy, 3 the copy does not
/// check) and one line.
#[derive(Debug)]
pub struct Failed(pub u8, pub String);

/// Copy the archive at `url` to the new file `out` (0600) and check the copy with `verifier`,
/// the archive's key.
pub async fn backup(url: &DbUrl, out: &Path, verifier: &NoteVerifier) -> Result<Copied, Failed> {
    let DbUrl::Sqlite(source) = url else {
        return Err(Failed(
            2,
            "--db: a PostgreSQL archive is copied with PostgreSQL's own tools — a streaming \
             standby, pg_basebackup or pg_dump (docs/archive.md)"
                .into(),
        ));
    };
    if !source.is_file() {
        return Err(Failed(
            2,
            format!("--db {}: no such archive", source.display()),
        ));
    }
    create_private(out).map_err(|e| Failed(2, format!("--out {}: {e}", out.display())))?;
    let result = copy_and_check(source, out, verifier).await;
    if result.is_err() {
        let _ = std::fs::remove_file(out);
    }
    result
}

async fn copy_and_check(
    source: &Path,
    out: &Path,
    verifier: &NoteVerifier,
) -> Result<Copied, Failed> {
    let failed = |code, e: &dyn std::fmt::Display| Failed(code, format!("{e}"));
    let live = Db::open_read_only(source).map_err(|e| failed(1, &e))?;
    live.copy_to(out)
        .await
        .map_err(|e| Failed(1, format!("copy to {}: {e}", out.display())))?;
    drop(live);
    let db = Db::open_read_only(out).map_err(|e| failed(1, &e))?;
    let pages = db.integrity().await.map_err(|e| failed(1, &e))?;
    if pages != "ok" {
        return Err(Failed(3, format!("the copy does not check: {pages}")));
    }
    let (tree, checkpoint) = log::rebuild(&db, verifier).await.map_err(|e| match e {
        // The wrong --cert or --origin: the copy may be fine.
        log::LogError::OtherKey(why) => Failed(2, why),
        e => Failed(3, format!("the copy does not check: {e}")),
    })?;
    let (hearings, entries) = records::counts(&db).await.map_err(|e| failed(1, &e))?;
    Ok(Copied {
        hearings,
        entries,
        receipts: tree.size(),
        checkpoint,
    })
}

/// The new, empty file `path`, 0600 from its first byte (`VACUUM INTO` fills an empty file).
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}
