//! Excerpt files: chosen entries of a sealed journal file, written for a third party.

use std::io::BufReader;
use std::path::{Path, PathBuf};

use journal::excerpt::{MAX_EXCERPT, build_excerpt, verify_excerpt_bytes};
use journal::{Hash, VerifyOptions};

use super::durable::{self, PublishError};
use super::error::JournalError;
use super::store::Journal;

/// What an excerpt written by [`write_excerpt`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcerptSummary {
    pub path: PathBuf,
    pub selected: Vec<u64>,
    /// Entries in the excerpt (seq 1 to the seal).
    pub entries: u64,
    pub seal_seq: u64,
    /// The hash of the seal entry, which ends the excerpt.
    pub head: Hash,
    /// When that seal was made.
    pub seal_time: Option<journal::Time>,
}

/// Write an excerpt of the sealed `journal` holding the entries `selected` in full to `out`
/// (a new file, mode 0600: it holds personal data).
pub fn write_excerpt(
    journal: &Path,
    selected: &[u64],
    out: &Path,
) -> Result<ExcerptSummary, JournalError> {
    let (text, mut summary) = excerpt_text(journal, selected)?;
    durable::publish_new_file(out, text.as_bytes()).map_err(|e| match e {
        PublishError::Exists => JournalError::Excerpt {
            path: out.to_path_buf(),
            what: "already exists; choose another name".into(),
        },
        PublishError::Io(op, source) => JournalError::Io {
            path: out.to_path_buf(),
            op,
            source,
        },
    })?;
    summary.path = out.to_path_buf();
    Ok(summary)
}

/// The text of an excerpt of the sealed `journal` holding `selected` in full, checked with the
/// verifier a court would use; for documents that carry their excerpt inside. The summary's
/// `path` is the journal's.
pub fn excerpt_text(
    journal: &Path,
    selected: &[u64],
) -> Result<(String, ExcerptSummary), JournalError> {
    let refuse = |what: String| JournalError::Excerpt {
        path: journal.to_path_buf(),
        what,
    };
    let opened = Journal::open_read_only(journal)?;
    if opened.torn_tail().is_some() {
        return Err(refuse(
            "the journal ends in a torn line; run `hattama repair` first".into(),
        ));
    }
    let seal_seq = opened
        .last_seal()
        .ok_or_else(|| refuse("the journal is not sealed; an excerpt needs a seal".into()))?;
    let mut chosen = selected.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(refuse("no entries chosen".into()));
    }
    if let Some(bad) = chosen.iter().find(|&&s| s == 0 || s > seal_seq) {
        return Err(refuse(format!(
            "entry {bad} is not covered by the latest seal (seq {seal_seq})"
        )));
    }
    let file = durable::open_regular(journal, false).map_err(|source| JournalError::Open {
        path: journal.to_path_buf(),
        source,
    })?;
    let text = build_excerpt(BufReader::new(file), &chosen, seal_seq).map_err(|e| match e {
        journal::excerpt::ExcerptError::Io(source) => JournalError::io(journal, "read", source),
        journal::excerpt::ExcerptError::Unreadable(what) => refuse(what),
    })?;
    if text.len() as u64 > MAX_EXCERPT {
        return Err(refuse(format!(
            "the excerpt would be larger than the {} MiB a verifier reads",
            MAX_EXCERPT >> 20
        )));
    }
    // Check what we are about to hand out, with the same verifier a court would use.
    let report = verify_excerpt_bytes(text.as_bytes(), VerifyOptions::default())
        .map_err(|e| refuse(format!("the excerpt did not verify ({e})")))?;
    if let Some(fault) = report.fault {
        return Err(refuse(format!("the excerpt did not verify ({fault})")));
    }
    let summary = ExcerptSummary {
        path: journal.to_path_buf(),
        selected: chosen,
        entries: report.entries,
        seal_seq,
        head: report.head.unwrap_or(Hash::ZERO),
        seal_time: report.head_time,
    };
    Ok((text, summary))
}
