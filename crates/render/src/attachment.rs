//! Reading an attached file back out of a PDF: how a ruling's journal excerpt is recovered for
//! verification without trusting the printed text.
//!
//! Attached files live in the catalog's `/Names /EmbeddedFiles` name tree: keys are file
//! names, values are file specifications whose `/EF` stream holds the (usually compressed)
//! bytes.

use lopdf::{Dictionary, Document, Object};

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("not a readable PDF ({0})")]
    Unreadable(#[source] lopdf::Error),
    #[error("the attachment `{name}` is malformed ({what})")]
    Malformed { name: String, what: String },
}

/// Name trees are shallow in practice; the bound stops a crafted PDF whose kids form a cycle.
const MAX_TREE_DEPTH: usize = 32;

/// The bytes of the file attached as `name` (e.g. `excerpt.json`), or `None` if there is none.
pub fn extract_attachment(pdf: &[u8], name: &str) -> Result<Option<Vec<u8>>, AttachmentError> {
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
    // lopdf returns an empty buffer for a stream without filters, so only decode a filtered one.
    if stream.dict.has(b"Filter") {
        stream
            .decompressed_content()
            .map(Some)
            .map_err(|err| malformed(&format!("cannot decompress: {err}")))
    } else {
        Ok(Some(stream.content.clone()))
    }
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
