//! One entry as one line of JSON (docs/journal-format.md §2), and reading lines with a bound.
//!
//! Reading never holds more than one line (at most [`MAX_LINE`] bytes) in memory, so verifying
//! a journal of any size takes flat memory. Error texts name fields and positions only: serde's
//! own messages may quote the offending value, which can be a name or an IIN.

use std::io::{self, BufRead};

use serde::{Deserialize, Deserializer, Serialize};

use super::canonical::{CanonValue, Hash};

/// The longest line accepted, newline excluded.
pub const MAX_LINE: usize = 1 << 20;

/// A line exactly as stored: the header members, the body hash, and the body unless withheld.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineRepr {
    pub seq: u64,
    pub time: String,
    pub kind: String,
    pub prev: Hash,
    pub body_hash: Hash,
    pub hash: Hash,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub body: Option<CanonValue>,
}

/// `"body": null` is not "withheld": a withheld body is an absent member.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CanonValue>, D::Error> {
    match CanonValue::deserialize(d)? {
        v @ CanonValue::Object(_) => Ok(Some(v)),
        _ => Err(serde::de::Error::custom("a body that is not an object")),
    }
}

impl LineRepr {
    /// The line's bytes, newline included.
    pub fn to_bytes(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut out = serde_json::to_vec(self)?;
        out.push(b'\n');
        Ok(out)
    }
}

/// Why a line could not be read as an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub invalid_utf8: bool,
    pub field: Option<String>,
    pub detail: String,
}

/// Parse one line (without its newline).
pub fn parse_line(bytes: &[u8]) -> Result<LineRepr, LineError> {
    // The plain path first (`parse_json` explains why); a refused line is read again below,
    // with path tracking, for the message.
    // simdutf8 answers valid/invalid several times faster than `std` on Cyrillic text; the
    // position of an invalid byte, for the message, still comes from `std` below.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        let mut de = serde_json::Deserializer::from_str(text);
        if let Ok(repr) = LineRepr::deserialize(&mut de)
            && de.end().is_ok()
        {
            return Ok(repr);
        }
    }
    let text = std::str::from_utf8(bytes).map_err(|e| LineError {
        invalid_utf8: true,
        field: None,
        detail: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
    })?;
    parse_json(text)
}

/// Parse JSON text into `T` with messages that name the field, never the value.
///
/// Valid input — nearly every line — takes the plain path; only when it fails is the text read
/// again with path tracking, which names the field but costs about as much as the parse itself.
/// Both paths run the same deserializer, so they accept and refuse exactly the same input.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, LineError> {
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(value) = T::deserialize(&mut de)
        && de.end().is_ok()
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| describe(&e))?;
    de.end().map_err(|e| LineError {
        invalid_utf8: false,
        field: None,
        detail: format!(
            "trailing characters after the JSON object (column {})",
            e.column()
        ),
    })?;
    Ok(value)
}

/// Read a `serde_json::Value` into `T` with the same careful messages.
pub fn from_json_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, LineError> {
    // The plain path first, as in `parse_json`; the tracked one only to name a fault.
    if let Ok(typed) = T::deserialize(&value) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize(value).map_err(|e| describe(&e))
}

fn describe(e: &serde_path_to_error::Error<serde_json::Error>) -> LineError {
    use serde_json::error::Category;
    let inner = e.inner();
    let detail = match inner.classify() {
        Category::Syntax if inner.to_string().starts_with("recursion limit exceeded") => too_deep(),
        Category::Syntax => format!("not valid JSON (column {})", inner.column()),
        Category::Eof => "the JSON ends too early".to_string(),
        Category::Io => "could not be read".to_string(),
        Category::Data => {
            return LineError {
                invalid_utf8: false,
                field: Some(field_of(e)),
                detail: safe_reason(&inner.to_string()).to_string(),
            };
        }
    };
    LineError {
        invalid_utf8: false,
        field: None,
        detail,
    }
}

/// JSON readers stop at a nesting depth (serde_json at 128, counting the line's own object as
/// 1 and its body as 2), so the writer refuses what a verifier could not read back.
pub const MAX_DEPTH: usize = 128;

/// The message for a line nested deeper than [`MAX_DEPTH`].
pub fn too_deep() -> String {
    format!(
        "nested deeper than {MAX_DEPTH} levels, the most a journal line may hold (the line's object is level 1, its body level 2)"
    )
}

/// The path of a data error; for "missing/unknown/duplicate field `x`" the field itself.
fn field_of(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let mut path = safe_path(e.path());
    let msg = e.inner().to_string();
    // serde reports a missing field at its parent; name the field itself.
    if msg.starts_with("missing field")
        && let Some(name) = msg.split('`').nth(1)
    {
        let name = safe_segment(name);
        path = if path == "." {
            name
        } else {
            format!("{path}.{name}")
        };
    }
    path
}

/// A fixed text for each kind of data error, so no value ever reaches a message.
fn safe_reason(msg: &str) -> &'static str {
    const REASONS: &[(&str, &str)] = &[
        ("missing field", "is missing"),
        ("duplicate field", "appears twice"),
        ("a duplicate object key", "has a key that appears twice"),
        ("unknown field", "is not part of the format"),
        (
            "a fractional",
            "is a fractional or out-of-range number (only integers are allowed)",
        ),
        ("an integer out of range", "is an integer out of range"),
        (
            "expected 64 lowercase hex",
            "is not 64 lowercase hex digits",
        ),
        ("expected ", "has the wrong length"),
        ("not a lowercase hex digit", "is not lowercase hex"),
        ("a body that is not an object", "is not a JSON object"),
        ("invalid type", "has the wrong type"),
        ("unknown variant", "has a value outside the allowed set"),
    ];
    REASONS
        .iter()
        .find(|(prefix, _)| msg.starts_with(prefix))
        .map_or("does not match the schema", |(_, reason)| reason)
}

/// A path such as `signatures[0].role`; keys that are not plain identifiers show as `?`.
pub fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&safe_segment(key));
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&safe_segment(variant));
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

/// The format's and the facts' own names that hold digits; a key with a digit is shown only
/// if it is one of them.
const NAMES_WITH_DIGITS: &[&str] = &["pdf_sha256", "dropped_sha256", "coao653_within_year"];

fn safe_segment(s: &str) -> String {
    let plain = !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    // A key can be damaged data, not a name of the format: any digits may be part of an IIN, a
    // date or a document number, so a key holding digits is shown only as one of our names.
    let digits = s.bytes().any(|b| b.is_ascii_digit());
    if plain && (!digits || NAMES_WITH_DIGITS.contains(&s)) {
        s.to_string()
    } else {
        "?".to_string()
    }
}

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// Ended by a newline.
    Newline,
    /// The file ended first: a torn write.
    Torn,
    /// Longer than [`MAX_LINE`]; reading stopped there.
    TooLong,
}

/// One line read: where it starts and how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawLine {
    pub number: u64,
    pub offset: u64,
    pub end: LineEnd,
}

/// Lines of a reader, at most [`MAX_LINE`] bytes each.
pub struct LineReader<R> {
    inner: R,
    offset: u64,
    number: u64,
    stopped: bool,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R) -> Self {
        LineReader {
            inner,
            offset: 0,
            number: 0,
            stopped: false,
        }
    }

    /// Bytes consumed so far by complete lines (the end of the last newline-ended line).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Read the next line into `buf` (newline excluded). `None` at a clean end of input.
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<RawLine>> {
        buf.clear();
        if self.stopped {
            return Ok(None);
        }
        let start = self.offset;
        self.number += 1;
        let number = self.number;
        loop {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                self.stopped = true;
                return Ok((!buf.is_empty()).then_some(RawLine {
                    number,
                    offset: start,
                    end: LineEnd::Torn,
                }));
            }
            let (chunk, found) = match memchr::memchr(b'\n', available) {
                Some(i) => (&available[..i], true),
                None => (available, false),
            };
            if buf.len() + chunk.len() > MAX_LINE {
                self.stopped = true;
                return Ok(Some(RawLine {
                    number,
                    offset: start,
                    end: LineEnd::TooLong,
                }));
            }
            buf.extend_from_slice(chunk);
            let used = chunk.len() + usize::from(found);
            self.inner.consume(used);
            if found {
                self.offset = start + buf.len() as u64 + 1;
                return Ok(Some(RawLine {
                    number,
                    offset: start,
                    end: LineEnd::Newline,
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<(Vec<u8>, RawLine)> {
        let mut r = LineReader::new(io::BufReader::with_capacity(3, input));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(raw) = r.next_line(&mut buf).unwrap() {
            out.push((buf.clone(), raw));
        }
        out
    }

    #[test]
    fn splits_lines_and_reports_a_torn_tail() {
        let got = lines(b"ab\ncdef\ngh");
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].0, b"cdef");
        assert_eq!(got[1].1.offset, 3);
        assert_eq!(got[1].1.end, LineEnd::Newline);
        assert_eq!(got[2].1.end, LineEnd::Torn);
        assert_eq!(got[2].1.offset, 8);
        assert!(lines(b"").is_empty());
    }

    #[test]
    fn stops_at_the_line_limit() {
        let mut big = vec![b'x'; MAX_LINE + 1];
        big.push(b'\n');
        let got = lines(&big);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.end, LineEnd::TooLong);
        let mut ok = vec![b'x'; MAX_LINE];
        ok.push(b'\n');
        assert_eq!(lines(&ok)[0].1.end, LineEnd::Newline);
    }

    #[test]
    fn messages_never_quote_values() {
        let line = r#"{"seq":"Иванов","time":"t","kind":"k","prev":"","body_hash":"","hash":""}"#;
        let err = parse_line(line.as_bytes()).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("seq"));
        assert!(!err.detail.contains("Иванов"), "{}", err.detail);
        let err = parse_line(b"{\"seq\":1,\"x\":2}").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("x"), "{err:?}");
        let err = parse_line(b"\xff").unwrap_err();
        assert!(err.invalid_utf8);
        // A damaged line can turn part of a value into a key (found by fuzzing: an IIN).
        let err = parse_line(b"{\"seq\":1,\"body800501300123\":2}").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("?"), "{err:?}");
        // Four digits, or one, are as much a value as twelve (issue 16, item 14).
        for key in ["body8005", "x1"] {
            let line = format!("{{\"seq\":1,\"{key}\":2}}");
            let err = parse_line(line.as_bytes()).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("?"), "{err:?}");
        }
        let err = parse_line(b"{\"seq\":1,\"pdf_sha256\":2}").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("pdf_sha256"), "{err:?}");
    }
}
