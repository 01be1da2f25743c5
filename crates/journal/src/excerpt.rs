//! Excerpts: chosen entries in full, linked to a sealed head, verifiable without the protocol.
//!
//! An excerpt holds every entry from seq 1 to the latest seal. The chosen entries, the first
//! entry (which names the case and the court) and the seals carry their bodies; every other
//! entry keeps only its header and body hash, which is all the chain needs to link. So the
//! excerpt proves that the chosen entries stand, unaltered, in a sealed protocol, while the rest
//! of the protocol (other participants' personal data) stays out of it.

use std::io::{self, BufRead};

use serde::Deserialize;

use super::canonical::CanonValue;
use super::entry::{Body, Entry, Kind};
use super::fault::{Fault, FaultCode};
use super::file_name::file_name;
use super::line::{LineEnd, LineReader, from_json_value, parse_json, parse_line};
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

/// Why an excerpt could not be built from a journal.
#[derive(Debug, thiserror::Error)]
pub enum ExcerptError {
    #[error("read failed ({0})")]
    Io(io::Error),
    #[error("{0}")]
    Unreadable(String),
}

/// The excerpt's text: a JSON object with one entry per line. Each entry is re-written from its
/// stored line with its `time` string and body data exactly as stored (so every hash holds),
/// the body dropped where withheld.
///
/// `input` is the journal from its first byte; `chosen` sorted without repeats. The error says
/// which entry could not be read again and why, never what it holds.
pub fn build_excerpt<R: BufRead>(
    input: R,
    chosen: &[u64],
    seal_seq: u64,
) -> Result<String, ExcerptError> {
    let mut out = format!(
        "{{\"format\":{},\n\"selected\":{},\n\"entries\":[\n",
        json(EXCERPT_FORMAT),
        json(chosen)
    );
    let mut lines = LineReader::new(input);
    let mut buf = Vec::new();
    for seq in 1..=seal_seq {
        let broken = |detail: &str| {
            ExcerptError::Unreadable(format!("entry {seq} could not be read again ({detail})"))
        };
        let raw = lines
            .next_line(&mut buf)
            .map_err(ExcerptError::Io)?
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

/// Verify an excerpt. `Err` only when it is not an excerpt of a known format at all;
/// everything else wrong with it is a fault in the report.
pub fn verify_excerpt_bytes(bytes: &[u8], opts: VerifyOptions<'_>) -> Result<Report, String> {
    verify_excerpt_bytes_with(bytes, opts, &mut |_| {})
}

/// [`verify_excerpt_bytes`], handing every verified entry to `inspect` as it goes.
pub fn verify_excerpt_bytes_with(
    bytes: &[u8],
    opts: VerifyOptions<'_>,
    inspect: &mut dyn FnMut(&Entry),
) -> Result<Report, String> {
    let mut checker = Checker::new(opts, Some(Vec::new()));
    let whole = |code, field: Option<&str>, detail: String| Fault {
        seq: None,
        line: None,
        entry_index: None,
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
            let shown = format
                .as_str()
                .filter(|f| looks_like_a_format(f))
                .unwrap_or("?");
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
            inspect,
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
    inspect: &mut dyn FnMut(&Entry),
) -> Option<Fault> {
    for (i, value) in entries.iter().enumerate() {
        let seq = checker.next_seq();
        let line = i as u64 + 1;
        let result = from_json_value(value.clone())
            .map_err(|e| Fault {
                seq: Some(seq),
                line: Some(line),
                entry_index: None,
                code: FaultCode::Malformed,
                field: e.field,
                detail: e.detail,
            })
            .and_then(|repr| checker.check(line, repr))
            .map_err(Fault::in_excerpt);
        if let Ok(Entry {
            body: Some(Body::HearingOpened(opened)),
            ..
        }) = &result
        {
            *journal = file_name(&opened.case_number, &opened.hearing_id);
        }
        if let Ok(entry) = &result {
            inspect(entry);
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
    let incomplete = |field: Option<&str>, detail: String| {
        Some(Fault {
            seq: Some(count + 1),
            line: None,
            entry_index: None,
            code: FaultCode::IncompleteExcerpt,
            field: field.map(str::to_string),
            detail,
        })
    };
    if selected.iter().any(|&s| s > count) {
        // The seq is not quoted: `selected` is the excerpt's claim, and can hold anything.
        return incomplete(
            Some("selected"),
            format!("a selected entry lies after the excerpt's last entry (seq {count})"),
        );
    }
    if !checker.progress.is_sealed() {
        return incomplete(None, "the excerpt does not end with a seal".into());
    }
    None
}

/// A format name worth quoting in a refusal (`hattama-key/1`): lowercase words, a slash, a
/// version. Anything else may be data that landed there, and is not shown.
fn looks_like_a_format(f: &str) -> bool {
    let Some((name, version)) = f.split_once('/') else {
        return false;
    };
    (1..=40).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && (1..=3).contains(&version.len())
        && version.bytes().all(|b| b.is_ascii_digit())
}
