//! Receipts kept beside the journal: `<journal>.receipts` (JSON Lines, 0600, appended and
//! fsynced). A receipt is kept only once it verifies — signed by the archive's certified key,
//! included in a signed checkpoint, naming a head this journal has — and each newer checkpoint
//! is kept with the archive's proof that it extends the one kept before. A receipt that fails
//! is not kept, and the failure is reported: the archive is then misbehaving.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use ledger::audit::{JournalHeads, Trust, audit};
use ledger::checkpoint::Checkpoint;
use ledger::note::Note;
use ledger::record::{Record, parse_records};
use p256::ecdsa::VerifyingKey;

use crate::client::Client;

/// `X.jsonl` → `X.receipts`.
pub fn receipts_path(journal: &Path) -> PathBuf {
    journal.with_extension("receipts")
}

/// The records of a receipts file; none if it does not exist.
pub fn read_records(path: &Path) -> Result<Vec<Record>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_records(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: cannot read ({e})", path.display())),
    }
}

/// Append records, durably; the file is created 0600.
pub fn append_records(path: &Path, records: &[Record]) -> Result<(), String> {
    if records.is_empty() {
        return Ok(());
    }
    let fail = |e: std::io::Error| format!("{}: cannot write ({e})", path.display());
    // Never written through a symlink: a receipts file is a regular file or nothing yet.
    if path
        .symlink_metadata()
        .is_ok_and(|m| !m.file_type().is_file())
    {
        return Err(format!("{}: not a regular file", path.display()));
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(fail)?;
    let text: String = records.iter().map(Record::to_line).collect();
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.sync_data().map_err(fail)
}

/// Keep the archive's certificate beside the journal (`archive.pem`), if not already there.
pub fn keep_certificate(journal: &Path, cert: &pki::Certificate) -> Result<(), String> {
    let path = journal.with_file_name("archive.pem");
    let pem = cert.to_pem();
    if std::fs::read_to_string(&path).is_ok_and(|t| t == pem) {
        return Ok(());
    }
    if path
        .symlink_metadata()
        .is_ok_and(|m| !m.file_type().is_file())
    {
        return Err(format!("{}: not a regular file", path.display()));
    }
    let fail = |e: std::io::Error| format!("{}: cannot write ({e})", path.display());
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .map_err(fail)?;
    file.write_all(pem.as_bytes()).map_err(fail)?;
    file.sync_data().map_err(fail)
}

/// The largest checkpoint kept in `records`: (size, note text).
fn latest_checkpoint(records: &[Record]) -> Option<(u64, String)> {
    records
        .iter()
        .flat_map(|r| match r {
            Record::Receipt { checkpoint, .. } => vec![checkpoint.clone()],
            Record::Consistency { to, .. } => vec![to.clone()],
        })
        .filter_map(|text| {
            let note = Note::parse(&text).ok()?;
            let cp = Checkpoint::from_text(&note.text).ok()?;
            Some((cp.size, text))
        })
        .max_by_key(|(size, _)| *size)
}

/// Keep the receipts among `offered` not kept yet, once they verify against `heads`; fetch
/// and keep the consistency proof from the last checkpoint kept. Returns how many were kept.
pub fn keep(
    client: &Client,
    archive: &VerifyingKey,
    heads: &JournalHeads,
    path: &Path,
    offered: Vec<Record>,
) -> Result<usize, String> {
    let kept = read_records(path)?;
    let known: BTreeMap<u64, &str> = kept
        .iter()
        .filter_map(|r| match r {
            Record::Receipt { index, receipt, .. } => Some((*index, receipt.as_str())),
            Record::Consistency { .. } => None,
        })
        .collect();
    // A log position holds one receipt for ever: another one offered there means the archive's
    // log was rolled back (restored from an older copy) or forked — said now, not at the next
    // checkpoint.
    for r in &offered {
        if let Record::Receipt { index, receipt, .. } = r
            && known.get(index).is_some_and(|k| *k != receipt)
        {
            return Err(format!(
                "the archive offers another receipt at log index {index} than the one kept                  beside this journal: its log was rolled back or forked; none kept"
            ));
        }
    }
    let mut new: Vec<Record> = offered
        .into_iter()
        .filter(|r| matches!(r, Record::Receipt { index, .. } if !known.contains_key(index)))
        .collect();
    if new.is_empty() {
        return Ok(0);
    }
    let count = new.len();
    if let (Some((old, _)), Some((newest, _))) = (latest_checkpoint(&kept), latest_checkpoint(&new))
        && newest > old
    {
        let c = client
            .consistency(old, newest)
            .map_err(|e| format!("consistency proof {old} → {newest}: {e}"))?;
        new.push(Record::Consistency {
            from: c.from,
            to: c.to,
            proof: c.proof,
        });
    }
    let mut all = kept.clone();
    all.extend(new.iter().cloned());
    let checked = audit(
        heads,
        &all,
        &Trust {
            archive,
            witnesses: &[],
        },
    );
    if !checked.holds() {
        let mut problems = checked.problems.clone();
        problems.extend(checked.receipts.iter().filter_map(|r| {
            r.problem
                .as_ref()
                .map(|p| format!("receipt for #{}: {p}", r.seq))
        }));
        return Err(format!(
            "the archive's receipts do not verify, none kept: {}",
            problems.join("; ")
        ));
    }
    append_records(path, &new)?;
    Ok(count)
}
