//! Reading an attached file back out of a PDF: how a ruling's journal excerpt is recovered for
//! verification without trusting the printed text.
//!
//! Attached files live in the catalog's `/Names /EmbeddedFiles` name tree: keys are file
//! names, values are file specifications whose `/EF` stream holds the (usually compressed)
//! bytes.
//!
//! A PDF is outside input, and deflate compresses a run of equal bytes a thousandfold: a 2 MB
//! file can inflate to gigabytes. lopdf inflates some streams while loading (cross-reference
//! and object streams) and has no limit, so every compressed stream is first inflated here
//! into nothing, counting, and reading stops at [`MAX_INFLATED`] (the excerpt limit); the
//! attachment itself is inflated here with the same cap. Encryption, LZW and chained filters,
//! which lopdf would also expand and Hattama's documents never use, are refused.

use std::io::Read;

use lopdf::{Dictionary, Document, Object, Stream};

/// The most one stream may inflate to: the size of the largest excerpt a verifier reads.
pub const MAX_INFLATED: u64 = 64 << 20;

/// The most all streams of one PDF may inflate to together.
const MAX_INFLATED_TOTAL: u64 = 4 * MAX_INFLATED;

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("not a readable PDF ({0})")]
    Unreadable(#[source] lopdf::Error),
    #[error("the attachment `{name}` is malformed ({what})")]
    Malformed { name: String, what: String },
    #[error(
        "{} to more than {} MiB; reading stopped there (documents Hattama issues are far smaller)",
        if *.total { "its compressed streams inflate together" } else { "a compressed stream inflates" },
        if *.total { MAX_INFLATED_TOTAL >> 20 } else { MAX_INFLATED >> 20 }
    )]
    TooLarge { total: bool },
    #[error("the PDF uses {0}, which documents Hattama issues never do")]
    Unsupported(&'static str),
}

/// Name trees are shallow in practice; the bound stops a crafted PDF whose kids form a cycle.
const MAX_TREE_DEPTH: usize = 32;

/// The bytes of the file attached as `name` (e.g. `excerpt.json`), or `None` if there is none.
pub fn extract_attachment(pdf: &[u8], name: &str) -> Result<Option<Vec<u8>>, AttachmentError> {
    check_streams(pdf)?;
    let doc = Document::load_mem(pdf).map_err(AttachmentError::Unreadable)?;
    let Some(tree) = embedded_files(&doc) else {
        return Ok(None);
    };
    let Some(spec) = find_in_name_tree(&doc, tree, name, 0) else {
        return Ok(None);
    };
    let malformed = |what: &str| AttachmentError::Malformed {
        name: name.into(),
        what: what.into(),
    };
    let spec = deref(&doc, spec)
        .and_then(|obj| obj.as_dict().ok())
        .ok_or_else(|| malformed("the file specification is not a dictionary"))?;
    let ef = spec
        .get(b"EF")
        .ok()
        .and_then(|obj| deref(&doc, obj))
        .and_then(|obj| obj.as_dict().ok())
        .ok_or_else(|| malformed("no /EF entry"))?;
    let stream = ef
        .get(b"UF")
        .or_else(|_| ef.get(b"F"))
        .ok()
        .and_then(|obj| deref(&doc, obj))
        .and_then(|obj| obj.as_stream().ok())
        .ok_or_else(|| malformed("no embedded file stream"))?;
    inflate(stream).map(Some).map_err(|e| match e {
        Inflate::TooLarge => AttachmentError::TooLarge { total: false },
        Inflate::Filter => malformed("compressed other than with /FlateDecode"),
        Inflate::Corrupt => malformed("its compressed data is corrupt"),
    })
}

enum Inflate {
    TooLarge,
    Filter,
    Corrupt,
}

/// The stream's bytes, inflated with the cap: none or one `/FlateDecode` filter, no predictor.
fn inflate(stream: &Stream) -> Result<Vec<u8>, Inflate> {
    let filters = match stream.dict.get(b"Filter") {
        Err(_) => return Ok(stream.content.clone()),
        Ok(Object::Name(name)) => vec![name.as_slice()],
        Ok(Object::Array(items)) => items
            .iter()
            .map(|o| o.as_name().map_err(|_| Inflate::Filter))
            .collect::<Result<_, _>>()?,
        Ok(_) => return Err(Inflate::Filter),
    };
    match filters.as_slice() {
        [] => Ok(stream.content.clone()),
        [b"FlateDecode"] if !stream.dict.has(b"DecodeParms") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(MAX_INFLATED + 1)
                .read_to_end(&mut out)
                .map_err(|_| Inflate::Corrupt)?;
            if out.len() as u64 > MAX_INFLATED {
                return Err(Inflate::TooLarge);
            }
            Ok(out)
        }
        _ => Err(Inflate::Filter),
    }
}

/// Before lopdf reads the PDF: refuse what it would expand without a limit. Every place a
/// stream can start (the keyword `stream` and its end of line) is tried as zlib data and
/// inflated into nothing, counting; bytes that are not zlib data stop at once.
fn check_streams(pdf: &[u8]) -> Result<(), AttachmentError> {
    for (needle, what) in [
        (&b"/Encrypt"[..], "encryption"),
        (b"/LZW", "LZW compression"),
    ] {
        if find(pdf, needle, 0).is_some() {
            return Err(AttachmentError::Unsupported(what));
        }
    }
    if chained_filters(pdf) {
        return Err(AttachmentError::Unsupported("chained compression filters"));
    }
    let mut total = 0u64;
    let mut at = 0;
    while let Some(found) = find(pdf, b"stream", at) {
        at = found + b"stream".len();
        let mut start = at;
        while start < pdf.len()
            && start - at < 4
            && matches!(pdf[start], b' ' | b'\t' | b'\r' | b'\n')
        {
            start += 1;
        }
        let inflated = inflated_size(&pdf[start..]);
        total += inflated;
        if inflated > MAX_INFLATED {
            return Err(AttachmentError::TooLarge { total: false });
        }
        if total > MAX_INFLATED_TOTAL {
            return Err(AttachmentError::TooLarge { total: true });
        }
    }
    Ok(())
}

/// How many bytes the zlib data at the start of `bytes` inflates to, counted up to one past
/// the cap (0 when it is not zlib data).
fn inflated_size(bytes: &[u8]) -> u64 {
    let mut decoder = flate2::read::ZlibDecoder::new(bytes).take(MAX_INFLATED + 1);
    let mut buf = vec![0u8; 64 << 10];
    let mut n = 0u64;
    // A read error ends the stream: what was inflated up to there is what lopdf would get.
    while let Ok(got @ 1..) = decoder.read(&mut buf) {
        n += got as u64;
    }
    n
}

/// A `/Filter [ … ]` array naming more than one filter anywhere in the file.
fn chained_filters(pdf: &[u8]) -> bool {
    let mut at = 0;
    while let Some(found) = find(pdf, b"/Filter", at) {
        at = found + b"/Filter".len();
        let rest = &pdf[at..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if let Some(array) = rest.strip_prefix(b"[") {
            let end = array.iter().position(|&b| b == b']').unwrap_or(array.len());
            if array[..end].iter().filter(|&&b| b == b'/').count() > 1 {
                return true;
            }
        }
    }
    false
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn embedded_files(doc: &Document) -> Option<&Dictionary> {
    let names = doc.catalog().ok()?.get(b"Names").ok()?;
    let names = deref(doc, names)?.as_dict().ok()?;
    deref(doc, names.get(b"EmbeddedFiles").ok()?)?
        .as_dict()
        .ok()
}

/// Looks `name` up in a name tree node: its own `/Names` pairs, then its `/Kids`.
fn find_in_name_tree<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    name: &str,
    depth: usize,
) -> Option<&'a Object> {
    if depth > MAX_TREE_DEPTH {
        return None;
    }
    if let Some(pairs) = node
        .get(b"Names")
        .ok()
        .and_then(|obj| deref(doc, obj))
        .and_then(|obj| obj.as_array().ok())
    {
        for pair in pairs.chunks_exact(2) {
            let key = deref(doc, &pair[0]).and_then(|key| lopdf::decode_text_string(key).ok());
            if key.as_deref() == Some(name) {
                return Some(&pair[1]);
            }
        }
    }
    let kids = node
        .get(b"Kids")
        .ok()
        .and_then(|obj| deref(doc, obj))
        .and_then(|obj| obj.as_array().ok())?;
    kids.iter().find_map(|kid| {
        let kid = deref(doc, kid)?.as_dict().ok()?;
        find_in_name_tree(doc, kid, name, depth + 1)
    })
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, obj)| obj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(len: usize) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b' '; len]).unwrap();
        z.finish().unwrap()
    }

    fn with_streams(streams: &[Vec<u8>]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        for data in streams {
            pdf.extend_from_slice(b"1 0 obj << /Filter /FlateDecode >>\nstream\n");
            pdf.extend_from_slice(data);
            pdf.extend_from_slice(b"\nendstream\nendobj\n");
        }
        pdf
    }

    #[test]
    fn streams_are_counted_one_by_one_and_together() {
        let big = zlib(60 << 20);
        assert!(check_streams(&with_streams(&[big.clone(), big.clone()])).is_ok());
        assert!(matches!(
            check_streams(&with_streams(&vec![big; 5])),
            Err(AttachmentError::TooLarge { total: true })
        ));
        assert!(matches!(
            check_streams(&with_streams(&[zlib((64 << 20) + 1)])),
            Err(AttachmentError::TooLarge { total: false })
        ));
    }

    #[test]
    fn what_lopdf_would_expand_unchecked_is_refused() {
        for (pdf, what) in [
            (&b"%PDF-1.7 trailer << /Encrypt 5 0 R >>"[..], "encryption"),
            (b"%PDF-1.7 << /Filter /LZWDecode >>", "LZW compression"),
            (
                b"%PDF-1.7 << /Filter [/FlateDecode /FlateDecode] >>",
                "chained compression filters",
            ),
        ] {
            assert!(
                matches!(check_streams(pdf), Err(AttachmentError::Unsupported(w)) if w == what),
                "{what}"
            );
        }
        assert!(check_streams(b"%PDF-1.7 << /Filter [/FlateDecode] >>").is_ok());
    }
}
