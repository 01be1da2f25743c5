//! Telling a journal, an excerpt and other files apart by their first bytes, so that a file of
//! another kind is answered as bad input ("not a journal") rather than as a broken journal.
//!
//! A journal is JSON Lines whose first line is an entry; an excerpt is one JSON object with a
//! `format` member, its members in any order, on one line or many (docs/journal-format.md §7).

use serde_json::{Map, Value};

/// What a file is, as far as its first line tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Journal,
    Excerpt,
    /// A PDF: a document is checked as one (`verify DOCUMENT.pdf`), never as a journal.
    Pdf,
    /// Something else altogether; the text says why, e.g. "it looks like a PNG image".
    Other(&'static str),
    /// The first line opens a JSON object that does not end on it: the whole file decides
    /// ([`sniff_whole`]).
    Undecided,
}

/// Magic numbers of files people hand over by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", ""),
    (b"\x89PNG", "it looks like a PNG image"),
    (b"\xff\xd8\xff", "it looks like a JPEG image"),
    (
        b"PK\x03\x04",
        "it looks like a ZIP archive or an office document",
    ),
    (b"\x1f\x8b", "it looks like a gzip archive"),
    (b"\x7fELF", "it looks like a program"),
    (b"%!PS", "it looks like a PostScript file"),
];

/// Judge a file by its first line (without the newline; possibly cut at the line limit).
pub fn sniff(first_line: &[u8]) -> FileKind {
    for (magic, what) in MAGIC {
        if first_line.starts_with(magic) {
            return if what.is_empty() {
                FileKind::Pdf
            } else {
                FileKind::Other(what)
            };
        }
    }
    let trimmed = first_line.trim_ascii();
    // An empty first line is a journal broken at line 1 (or an empty journal), not a foreign
    // file: the verifier says which.
    if trimmed.is_empty() {
        return FileKind::Journal;
    }
    if !trimmed.starts_with(b"{") {
        return FileKind::Other("its first line is not a JSON object");
    }
    // The fast rule of the format document: how hattama writes excerpts.
    if trimmed == b"{" || trimmed.starts_with(b"{\"format\"") {
        return FileKind::Excerpt;
    }
    match serde_json::from_slice::<Map<String, Value>>(trimmed) {
        Ok(object) if object.contains_key("format") => FileKind::Excerpt,
        Ok(_) => FileKind::Journal,
        Err(_) => FileKind::Undecided,
    }
}

/// Judge an [`FileKind::Undecided`] file by its whole text: one JSON object with a `format`
/// member is an excerpt; anything else is a journal (broken at its first line).
pub fn sniff_whole(bytes: &[u8]) -> FileKind {
    match serde_json::from_slice::<Map<String, Value>>(bytes) {
        Ok(object) if object.contains_key("format") => FileKind::Excerpt,
        _ => FileKind::Journal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_files_apart() {
        assert_eq!(sniff(b"%PDF-1.7"), FileKind::Pdf);
        assert!(matches!(sniff(b"\x89PNG\r"), FileKind::Other(_)));
        assert!(matches!(sniff(b"hello"), FileKind::Other(_)));
        assert_eq!(sniff(b""), FileKind::Journal);
        assert_eq!(sniff(b"{\"seq\":1,\"kind\":\"x\"}"), FileKind::Journal);
        assert_eq!(
            sniff(b"{\"format\":\"hattama-excerpt/1\","),
            FileKind::Excerpt
        );
        assert_eq!(sniff(b"{"), FileKind::Excerpt);
        assert_eq!(
            sniff(b"{\"selected\":[1],\"entries\":[],\"format\":\"x\"}"),
            FileKind::Excerpt
        );
        assert_eq!(sniff(b"{\"selected\":[1],"), FileKind::Undecided);
        assert_eq!(
            sniff_whole(b"{\"selected\":[1],\n\"format\":\"x\"}"),
            FileKind::Excerpt
        );
        assert_eq!(sniff_whole(b"{\"seq\":1,\n"), FileKind::Journal);
    }
}
