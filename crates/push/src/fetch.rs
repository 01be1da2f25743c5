//! Downloading a case or a hearing from the archive into a folder that `hattama verify`
//! checks offline:
//!
//! ```text
//! OUT/ca.pem  OUT/crl.pem  OUT/archive.pem     the court authority, its CRL, the archive's certificate
//! OUT/checkpoint                              the archive's latest checkpoint (with cosignatures)
//! OUT/<journal>.jsonl                         each hearing's journal, as the archive holds it
//! OUT/<journal>.receipts                      its receipts, their proofs, and the consistency proofs
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ledger::api::HearingInfo;
use ledger::checkpoint::Checkpoint;
use ledger::note::Note;
use ledger::record::Record;

use crate::client::{Client, ClientError};

/// What to fetch.
#[derive(Debug, Clone)]
pub enum FetchQuery {
    Case(String),
    /// A hearing id as written at the opening, or a hearing key (64 hex).
    Hearing(String),
}

#[derive(Debug, Clone)]
pub struct Fetched {
    pub hearing: HearingInfo,
    pub journal: PathBuf,
    pub receipts: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("the archive holds no such {0}")]
    NotFound(&'static str),
    #[error("{0}")]
    Write(String),
}

fn write(dir: &Path, name: &str, text: &str) -> Result<PathBuf, FetchError> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let path = dir.join(name);
    let fail =
        |e: std::io::Error| FetchError::Write(format!("{}: cannot write ({e})", path.display()));
    if path
        .symlink_metadata()
        .is_ok_and(|m| !m.file_type().is_file())
    {
        return Err(FetchError::Write(format!(
            "{}: not a regular file",
            path.display()
        )));
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .map_err(fail)?;
    f.write_all(text.as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    Ok(path)
}

fn checkpoint_size(note: &str) -> Option<u64> {
    let n = Note::parse(note).ok()?;
    Checkpoint::from_text(&n.text).ok().map(|c| c.size)
}

/// Fetch into `out` (created 0700 if missing).
pub fn fetch(client: &Client, query: &FetchQuery, out: &Path) -> Result<Vec<Fetched>, FetchError> {
    let hearings = match query {
        FetchQuery::Case(n) => client.hearings_of_case(n)?,
        FetchQuery::Hearing(id) => client.hearings_by_id(id)?,
    };
    if hearings.is_empty() {
        return Err(FetchError::NotFound(match query {
            FetchQuery::Case(_) => "case",
            FetchQuery::Hearing(_) => "hearing",
        }));
    }
    {
        use std::os::unix::fs::DirBuilderExt as _;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(out)
            .map_err(|e| FetchError::Write(format!("{}: cannot create ({e})", out.display())))?;
    }
    let (cert, _) = client.archive_key()?;
    write(out, "ca.pem", &client.ca_pem()?)?;
    if let Some(crl) = client.crl_pem()? {
        write(out, "crl.pem", &crl)?;
    }
    write(out, "archive.pem", &cert.to_pem())?;
    let latest = match client.checkpoint() {
        Ok(note) => Some(note),
        Err(ClientError::Refused { status: 404, .. }) => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(note) = &latest {
        write(out, "checkpoint", note)?;
    }
    let latest_size = latest.as_deref().and_then(checkpoint_size);
    let mut fetched = Vec::new();
    for hearing in hearings {
        let journal = client.journal(&hearing.key)?;
        let path = write(out, &hearing.file_name, &journal)?;
        let mut records = client.receipts(&hearing.key)?;
        // Prove every checkpoint the receipts came with consistent with the latest one.
        let sizes: BTreeSet<u64> = records
            .iter()
            .filter_map(|r| match r {
                Record::Receipt { checkpoint, .. } => checkpoint_size(checkpoint),
                Record::Consistency { .. } => None,
            })
            .collect();
        if let Some(latest) = latest_size {
            for size in sizes.into_iter().filter(|s| *s < latest) {
                let c = client.consistency(size, latest)?;
                records.push(Record::Consistency {
                    from: c.from,
                    to: c.to,
                    proof: c.proof,
                });
            }
        }
        let receipts = records
            .iter()
            .filter(|r| matches!(r, Record::Receipt { .. }))
            .count();
        let text: String = records.iter().map(Record::to_line).collect();
        write(
            out,
            &crate::receipts::receipts_path(Path::new(&hearing.file_name)).to_string_lossy(),
            &text,
        )?;
        fetched.push(Fetched {
            hearing,
            journal: path,
            receipts,
        });
    }
    Ok(fetched)
}
