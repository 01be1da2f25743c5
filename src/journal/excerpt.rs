//! Excerpts: chosen entries in full, linked to a sealed head, verifiable without the protocol.
//!
//! An excerpt holds every entry from seq 1 to the latest seal. The chosen entries, the first
//! entry (which names the case and the court) and the seals carry their bodies; every other
//! entry keeps only its header and body hash, which is all the chain needs to link. So the
//! excerpt proves that the chosen entries stand, unaltered, in a sealed protocol, while the rest
//! of the protocol (other participants' personal data) stays out of it.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::canonical::{CanonValue, Hash};
use super::durable::{self, PublishError};
use super::entry::{Body, Entry, Kind};
use super::error::JournalError;
use super::fault::{Fault, FaultCode};
use super::line::{LineEnd, LineReader, from_json_value, parse_json, parse_line};
use super::paths::file_name;
use super::store::Journal;
use super::verify::{Checker, ExcerptInfo, Report, VerifyOptions};

pub const EXCERPT_FORMAT: &str = "hattama-excerpt/1";

/// Excerpts are read whole; this bounds the memory that takes.
pub const MAX_EXCERPT: u64 = 64 << 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExcerptRepr {
    /// Checked before this struct is read.
    #[serde(rename = "format")]
    _format: String,
    selected: Vec<u64>,
    entries: Vec<serde_json::Value>,
}

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
    pub seal_time: Option<time::OffsetDateTime>,
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
    let text = render(journal, &chosen, seal_seq)?;
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

/// The excerpt's text: a JSON object with one entry per line. Each entry is re-written from its
/// stored line with its `time` string and body data exactly as stored (so every hash holds),
/// the body dropped where withheld.
fn render(journal: &Path, chosen: &[u64], seal_seq: u64) -> Result<String, JournalError> {
    let file = durable::open_regular(journal, false).map_err(|source| JournalError::Open {
        path: journal.to_path_buf(),
        source,
    })?;
    let mut out = format!(
        "{{\"format\":{},\n\"selected\":{},\n\"entries\":[\n",
        json(EXCERPT_FORMAT),
        json(chosen)
    );
    let mut lines = LineReader::new(BufReader::new(file));
    let mut buf = Vec::new();
    for seq in 1..=seal_seq {
        let broken = |detail: &str| JournalError::Excerpt {
            path: journal.to_path_buf(),
            what: format!("entry {seq} could not be read again ({detail})"),
        };
        let raw = lines
            .next_line(&mut buf)
            .map_err(|e| JournalError::io(journal, "read", e))?
            .ok_or_else(|| broken("the file is shorter"))?;
        if raw.end != LineEnd::Newline {
            return Err(broken("the line is incomplete"));
        }
        let mut repr = parse_line(&buf).map_err(|e| broken(&e.detail))?;
        let keep =
            seq == 1 || repr.kind == Kind::Sealed.as_str() || chosen.binary_search(&seq).is_ok();
        if !keep {
            repr.body = None;
        }
        let line = serde_json::to_string(&repr).map_err(|_| broken("cannot be written"))?;
        out.push_str(&line);
        out.push_str(if seq == seal_seq { "\n" } else { ",\n" });
    }
    out.push_str("]}\n");
    Ok(out)
}

/// A header member as JSON, escapes and all.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Strings and integer lists always serialize.
    serde_json::to_string(value).unwrap_or_default()
}

/// Whether the start of a file marks it as an excerpt rather than a journal: its first line is
/// `{` alone or opens an object with a `format` member. A journal line is a whole object
/// without `format`.
pub(crate) fn looks_like_excerpt(first_line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(first_line);
    let t = text.trim();
    t == "{" || t.starts_with("{\"format\"")
}

/// Read an excerpt file whole (up to [`MAX_EXCERPT`]) and verify it.
pub(crate) fn verify_excerpt_file(
    path: &Path,
    file: File,
    opts: VerifyOptions<'_>,
) -> Result<Report, JournalError> {
    let mut bytes = Vec::new();
    file.take(MAX_EXCERPT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| JournalError::io(path, "read", e))?;
    if bytes.len() as u64 > MAX_EXCERPT {
        return Err(JournalError::Input {
            path: path.to_path_buf(),
            what: format!(
                "larger than {} MiB; not an excerpt hattama can read",
                MAX_EXCERPT >> 20
            ),
        });
    }
    verify_excerpt_bytes(&bytes, opts).map_err(|what| JournalError::Input {
        path: path.to_path_buf(),
        what,
    })
}

/// Verify an excerpt. `Err` only when it is not an excerpt of a known format at all;
/// everything else wrong with it is a fault in the report.
pub fn verify_excerpt_bytes(bytes: &[u8], opts: VerifyOptions<'_>) -> Result<Report, String> {
    let mut checker = Checker::new(opts, Some(Vec::new()));
    let whole = |code, field: Option<&str>, detail: String| Fault {
        seq: None,
        line: None,
        code,
        field: field.map(str::to_string),
        detail,
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        let fault = whole(
            FaultCode::InvalidUtf8,
            None,
            "the excerpt is not UTF-8".into(),
        );
        return Ok(checker.report(Some(fault), 0));
    };
    let parsed = parse_json::<CanonValue>(text).and_then(|v| {
        let json = v.to_json();
        // An object whose `format` is not ours is another kind of file, not a broken excerpt.
        if let Some(format) = json.get("format").filter(|f| *f != EXCERPT_FORMAT) {
            let shown = format.as_str().filter(|f| f.len() <= 40).unwrap_or("?");
            return Ok(Err(format!(
                "not a {EXCERPT_FORMAT} excerpt (format {shown:?})"
            )));
        }
        from_json_value::<ExcerptRepr>(json).map(Ok)
    });
    let repr = match parsed {
        Ok(Ok(repr)) => repr,
        Ok(Err(not_excerpt)) => return Err(not_excerpt),
        Err(e) => {
            let fault = whole(FaultCode::Malformed, e.field.as_deref(), e.detail);
            return Ok(checker.report(Some(fault), 0));
        }
    };
    let mut info = ExcerptInfo {
        journal: String::new(),
        selected: repr.selected.clone(),
    };
    let ascending = repr.selected.windows(2).all(|w| w[0] < w[1]);
    let fault = if repr.selected.is_empty() || !ascending || repr.selected.contains(&0) {
        Some(whole(
            FaultCode::Malformed,
            Some("selected"),
            "must list seqs from 1, ascending, without repeats".into(),
        ))
    } else {
        checker = Checker::new(opts, Some(repr.selected.clone()));
        check_entries(
            &mut checker,
            &repr.entries,
            &repr.selected,
            &mut info.journal,
        )
    };
    let mut report = checker.report(fault, 0);
    report.excerpt = Some(info);
    Ok(report)
}

/// Check the entries in order; `journal` gets the journal's file name from the first entry.
fn check_entries(
    checker: &mut Checker<'_>,
    entries: &[serde_json::Value],
    selected: &[u64],
    journal: &mut String,
) -> Option<Fault> {
    for (i, value) in entries.iter().enumerate() {
        let seq = checker.next_seq();
        let line = i as u64 + 1;
        let result = from_json_value(value.clone())
            .map_err(|e| Fault {
                seq: Some(seq),
                line: Some(line),
                code: FaultCode::Malformed,
                field: e.field,
                detail: e.detail,
            })
            .and_then(|repr| checker.check(line, repr));
        if let Ok(Entry {
            body: Some(Body::HearingOpened(opened)),
            ..
        }) = &result
        {
            *journal = file_name(&opened.case_number, &opened.hearing_id);
        }
        if let Err(mut fault) = result {
            let later = entries[i + 1..]
                .iter()
                .any(|v| v.get("seq").and_then(serde_json::Value::as_u64) == Some(seq));
            if fault.code == FaultCode::Gap && later {
                fault.code = FaultCode::Reordered;
            }
            return Some(fault);
        }
    }
    let count = checker.progress.count;
    let incomplete = |detail: String| {
        Some(Fault {
            seq: Some(count + 1),
            line: None,
            code: FaultCode::IncompleteExcerpt,
            field: None,
            detail,
        })
    };
    if let Some(missing) = selected.iter().find(|&&s| s > count) {
        return incomplete(format!("selected entry {missing} is not in the excerpt"));
    }
    if !checker.progress.is_sealed() {
        return incomplete("the excerpt does not end with a seal".into());
    }
    None
}
