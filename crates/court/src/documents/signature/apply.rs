//! Signing a finished PDF: one incremental update per signer.

use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Document, Object, ObjectId};
use pki::CertifiedKey;

use super::PdfSignatureError;
use super::syntax;

/// Bytes kept for the CMS signature in `/Contents`: the signer's certificate, the authority's,
/// and the signed attributes take about 1.5 KiB; a national-PKI chain fits as well.
pub const CONTENTS_ROOM: usize = 8192;

/// Width of each `/ByteRange` number once filled in (the file stays under 10^10 bytes).
const RANGE_WIDTH: usize = 10;

/// Sign `pdf` by `signer` at `at`, appending an incremental update; returns the new file.
pub fn sign_pdf(
    pdf: &[u8],
    signer: &CertifiedKey,
    at: DateTime<FixedOffset>,
) -> Result<Vec<u8>, PdfSignatureError> {
    let unsignable = |what: &str| PdfSignatureError::Unsignable(what.to_string());
    let doc = Document::load_mem(pdf).map_err(|e| PdfSignatureError::Unreadable(e.to_string()))?;
    if doc.encryption_state.is_some() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(unsignable("the PDF is encrypted"));
    }
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| unsignable("no catalog"))?;
    let page = *doc
        .get_pages()
        .get(&1)
        .ok_or_else(|| unsignable("no page"))?;
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| unsignable("no /Size in the trailer"))?
        .max(doc.max_id + 1);
    let (sig_id, widget_id, ap_id) = ((size, 0), (size + 1, 0), (size + 2, 0));

    // The objects this update changes: the catalog (its AcroForm) and the first page (its
    // annotations), or the AcroForm or annotation array objects they point to.
    let mut changed: Vec<(ObjectId, Object)> = Vec::new();
    let catalog = doc
        .get_dictionary(root)
        .map_err(|_| unsignable("the catalog is not a dictionary"))?
        .clone();
    let fields_count = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => {
            let mut form = doc
                .get_dictionary(*id)
                .map_err(|_| unsignable("the AcroForm is not a dictionary"))?
                .clone();
            let n = add_field(&doc, &mut form, widget_id)?;
            changed.push((*id, Object::Dictionary(form)));
            n
        }
        Ok(Object::Dictionary(form)) => {
            let mut form = form.clone();
            let n = add_field(&doc, &mut form, widget_id)?;
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Dictionary(form));
            changed.push((root, Object::Dictionary(catalog)));
            n
        }
        _ => {
            let mut form = Dictionary::new();
            form.set("Fields", Object::Array(vec![Object::Reference(widget_id)]));
            form.set("SigFlags", Object::Integer(3));
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Dictionary(form));
            changed.push((root, Object::Dictionary(catalog)));
            1
        }
    };
    let page_dict = doc
        .get_dictionary(page)
        .map_err(|_| unsignable("the page is not a dictionary"))?
        .clone();
    match page_dict.get(b"Annots") {
        Ok(Object::Reference(id)) => {
            let mut annots = doc
                .get_object(*id)
                .and_then(Object::as_array)
                .map_err(|_| unsignable("the page's annotations are not an array"))?
                .clone();
            annots.push(Object::Reference(widget_id));
            changed.push((*id, Object::Array(annots)));
        }
        other => {
            let mut annots = match other {
                Ok(Object::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            annots.push(Object::Reference(widget_id));
            let mut page_dict = page_dict.clone();
            page_dict.set("Annots", Object::Array(annots));
            changed.push((page, Object::Dictionary(page_dict)));
        }
    }

    let mut out = pdf.to_vec();
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();

    // The signature dictionary, with fixed-width placeholders filled in below.
    offsets.push((sig_id.0, out.len()));
    out.extend_from_slice(format!("{} 0 obj\n", sig_id.0).as_bytes());
    out.extend_from_slice(b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M");
    syntax::write(
        &mut out,
        &Object::String(pdf_date(at).into_bytes(), lopdf::StringFormat::Literal),
    );
    out.extend_from_slice(b"/ByteRange[0 ");
    let range_at = out.len();
    out.extend_from_slice(" ".repeat(3 * RANGE_WIDTH + 2).as_bytes());
    out.extend_from_slice(b"]/Contents");
    let contents_start = out.len();
    out.push(b'<');
    out.extend_from_slice("0".repeat(2 * CONTENTS_ROOM).as_bytes());
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    offsets.push((widget_id.0, out.len()));
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set(
        "T",
        Object::String(
            format!("Signature{fields_count}").into_bytes(),
            lopdf::StringFormat::Literal,
        ),
    );
    widget.set("V", Object::Reference(sig_id));
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    // Print and Locked (PDF/A requires Print; the invisible widget must not be moved).
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(ap_id));
    widget.set("AP", Object::Dictionary(ap));
    write_object(&mut out, widget_id, &Object::Dictionary(widget));

    // An empty appearance: PDF/A asks every annotation for one.
    offsets.push((ap_id.0, out.len()));
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type/XObject/Subtype/Form/BBox[0 0 0 0]/Length 0>>\nstream\n\nendstream\nendobj\n",
            ap_id.0
        )
        .as_bytes(),
    );
    for (id, object) in &changed {
        offsets.push((id.0, out.len()));
        write_object(&mut out, *id, object);
    }

    // Cross-reference section of this update, then its trailer pointing back to the last one.
    let xref_at = out.len();
    offsets.sort();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f\r\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i;
        while j + 1 < offsets.len() && offsets[j + 1].0 == offsets[j].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0, j - i + 1).as_bytes());
        for (_, at) in &offsets[i..=j] {
            out.extend_from_slice(format!("{at:010} 00000 n\r\n").as_bytes());
        }
        i = j + 1;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(ap_id.0) + 1));
    trailer.set("Root", Object::Reference(root));
    for key in [b"Info".as_slice(), b"ID".as_slice()] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Prev", Object::Integer(doc.xref_start as i64));
    out.extend_from_slice(b"trailer\n");
    syntax::dictionary(&mut out, &trailer);
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());

    // Fill in the byte range, then sign exactly those bytes.
    let range = [contents_start, contents_end, out.len() - contents_end];
    let text = format!(
        "{:<w$} {:<w$} {:<w$}",
        range[0],
        range[1],
        range[2],
        w = RANGE_WIDTH
    );
    if text.len() != 3 * RANGE_WIDTH + 2 {
        return Err(unsignable("the file is too large to sign"));
    }
    out[range_at..range_at + text.len()].copy_from_slice(text.as_bytes());
    let digest = pki::cms::digest_of(&[&out[..contents_start], &out[contents_end..]]);
    let cms = pki::cms::sign_detached(&digest, signer)
        .map_err(|e| PdfSignatureError::Unsignable(e.to_string()))?;
    if cms.len() > CONTENTS_ROOM {
        return Err(PdfSignatureError::TooLarge);
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// Add the widget to the AcroForm's fields and set SigFlags (signatures exist, append only);
/// returns the number of fields after.
fn add_field(
    doc: &Document,
    form: &mut Dictionary,
    widget: ObjectId,
) -> Result<usize, PdfSignatureError> {
    let mut fields = match form.get(b"Fields") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_array)
            .map_err(|_| {
                PdfSignatureError::Unsignable("the form's fields are not an array".into())
            })?
            .clone(),
        _ => Vec::new(),
    };
    fields.push(Object::Reference(widget));
    let n = fields.len();
    form.set("Fields", Object::Array(fields));
    form.set("SigFlags", Object::Integer(3));
    Ok(n)
}

fn write_object(out: &mut Vec<u8>, id: ObjectId, object: &Object) {
    out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
    syntax::write(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

/// A PDF date (§7.9.4): `D:YYYYMMDDHHmmSS+HH'mm'`.
pub fn pdf_date(t: DateTime<FixedOffset>) -> String {
    let offset = t.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (
        offset.unsigned_abs() / 3600,
        offset.unsigned_abs() % 3600 / 60,
    );
    format!("{}{sign}{h:02}'{m:02}'", t.format("D:%Y%m%d%H%M%S"))
}
