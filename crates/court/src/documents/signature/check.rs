//! Checking a PDF's signatures from its own bytes, without the protocol.

use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Document, Object, ObjectId};
use pki::{CertRole, Certificate, Trust, Verdict};

use super::PdfSignatureError;

/// What the signatures of a PDF prove.
#[derive(Debug, Clone)]
pub struct PdfSignatures {
    /// In the order they were applied.
    pub signers: Vec<PdfSigner>,
    /// The first thing that breaks the bytes' integrity, if any: a signature that does not
    /// verify, bytes after the last signature, or a later update that did more than sign.
    /// `None` with no signers means the PDF is unsigned: nothing about its bytes is proven.
    pub problem: Option<SignatureProblem>,
}

/// What breaks a PDF's signatures: a code an interface words in its own language, and the
/// command line's English detail (`Display`), which never quotes the document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureProblem {
    pub code: SignatureFault,
    pub detail: String,
}

/// The kinds of [`SignatureProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureFault {
    /// A signature dictionary is not as a signature must be (its /ByteRange or /Contents).
    Malformed,
    /// A signature does not match the bytes it covers: the PDF was changed after signing.
    ChangedAfterSigning,
    /// A signature cannot be checked (e.g. an algorithm not supported).
    Uncheckable,
    /// Bytes were added after the last signature.
    Appended,
    /// An update after a signature did more than add the next signature.
    UpdateDoesMore,
}

impl SignatureProblem {
    fn new(code: SignatureFault, detail: impl Into<String>) -> SignatureProblem {
        SignatureProblem {
            code,
            detail: detail.into(),
        }
    }
}

impl std::fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

impl PdfSignatures {
    /// The bytes are proven unchanged since the last signature, and each update after an
    /// earlier one only added a signature.
    pub fn intact(&self) -> bool {
        self.problem.is_none() && !self.signers.is_empty()
    }

    /// Intact, every signer authenticated, and a judge among them.
    pub fn authenticated(&self) -> bool {
        self.intact()
            && self
                .signers
                .iter()
                .all(|s| s.verdict.as_ref().is_some_and(Verdict::authenticated))
            && self
                .signers
                .iter()
                .any(|s| s.role() == Some(CertRole::Judge))
    }
}

/// One signature of a PDF.
#[derive(Debug, Clone)]
pub struct PdfSigner {
    pub certificate: Certificate,
    /// The signing time the signature dictionary states (`/M`, signed with it).
    pub time: Option<DateTime<FixedOffset>>,
    /// The signature's own check passed (its CMS verifies over the bytes it covers).
    pub valid: bool,
    /// With `--trust`: the authority's verdict at `time`.
    pub verdict: Option<Verdict>,
}

impl PdfSigner {
    pub fn role(&self) -> Option<CertRole> {
        self.certificate.holder().role
    }

    pub fn name(&self) -> String {
        self.certificate
            .holder()
            .common_name
            .clone()
            .unwrap_or_default()
    }
}

/// A signature dictionary found through the form's fields.
struct Found {
    range: [usize; 4],
    contents: Vec<u8>,
    time: Option<DateTime<FixedOffset>>,
}

/// Check every signature of `pdf`; with `trust`, judge each signer at the signing time.
pub fn check_pdf_signatures(
    pdf: &[u8],
    trust: Option<&Trust>,
) -> Result<PdfSignatures, PdfSignatureError> {
    let doc = Document::load_mem(pdf).map_err(|e| PdfSignatureError::Unreadable(e.to_string()))?;
    let mut found = Vec::new();
    let mut problem = None;
    for dict in signature_dictionaries(&doc) {
        match read_signature(&dict, pdf) {
            Ok(f) => found.push(f),
            Err(why) => {
                problem.get_or_insert(SignatureProblem::new(SignatureFault::Malformed, why));
            }
        }
    }
    found.sort_by_key(|f| f.range[2] + f.range[3]);
    let mut signers = Vec::new();
    for f in &found {
        let [a, b, c, d] = f.range;
        let digest = pki::cms::digest_of(&[&pdf[a..a + b], &pdf[c..c + d]]);
        // The room after the signature must be zeros: then no byte of the file, not even in
        // the unsigned /Contents, can change unnoticed.
        let cms = pki::cms::der_length(&f.contents)
            .filter(|n| f.contents[*n..].iter().all(|b| *b == 0))
            .map(|n| &f.contents[..n]);
        match cms.map(|cms| pki::cms::verify_detached(cms, &digest)) {
            Some(Ok(sig)) => {
                let verdict = trust.map(|t| {
                    let role = sig.signer.holder().role.unwrap_or(CertRole::Workstation);
                    t.evaluate(
                        &sig.signer,
                        f.time
                            .unwrap_or(chrono::DateTime::UNIX_EPOCH.fixed_offset()),
                        role,
                    )
                });
                signers.push(PdfSigner {
                    certificate: sig.signer,
                    time: f.time,
                    valid: true,
                    verdict,
                });
            }
            Some(Err(pki::PkiError::BadSignature)) => {
                problem.get_or_insert(SignatureProblem::new(
                    SignatureFault::ChangedAfterSigning,
                    "a signature does not match the bytes it covers: the PDF was changed after signing",
                ));
            }
            Some(Err(e)) => {
                problem.get_or_insert(SignatureProblem::new(
                    SignatureFault::Uncheckable,
                    format!("a signature cannot be checked ({e})"),
                ));
            }
            None => {
                problem.get_or_insert(SignatureProblem::new(
                    SignatureFault::Malformed,
                    "a signature's /Contents is not a CMS signature followed by zeros",
                ));
            }
        }
    }
    if problem.is_none() {
        problem = coverage_problem(pdf, &found);
    }
    Ok(PdfSignatures { signers, problem })
}

/// The last signature must end where the file ends, and every update between two signatures
/// must only add the later signature.
fn coverage_problem(pdf: &[u8], found: &[Found]) -> Option<SignatureProblem> {
    let last = found.last()?;
    let end = last.range[2] + last.range[3];
    if end != pdf.len() {
        return Some(SignatureProblem::new(
            SignatureFault::Appended,
            format!(
                "{} bytes were added after the last signature (an update no signer signed)",
                pdf.len().saturating_sub(end)
            ),
        ));
    }
    for pair in found.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let cut = before.range[2] + before.range[3];
        let next = after.range[2] + after.range[3];
        if let Err(why) = only_signature_added(&pdf[..cut], &pdf[..next]) {
            return Some(SignatureProblem::new(
                SignatureFault::UpdateDoesMore,
                format!(
                    "the update after signature at byte {cut} does more than add a signature ({why})"
                ),
            ));
        }
    }
    None
}

/// Compare two revisions: every object of the earlier one is unchanged in the later, except
/// the catalog (which may gain /AcroForm), the AcroForm (/Fields, /SigFlags), a page
/// (/Annots) and annotation arrays; new objects are signatures, their widgets and appearances.
fn only_signature_added(before: &[u8], after: &[u8]) -> Result<(), String> {
    let old = Document::load_mem(before).map_err(|e| format!("unreadable revision ({e})"))?;
    let new = Document::load_mem(after).map_err(|e| format!("unreadable revision ({e})"))?;
    for (id, object) in &new.objects {
        match old.objects.get(id) {
            Some(prev) if prev == object => {}
            Some(prev) => {
                allowed_change(prev, object).map_err(|why| format!("object {} {why}", id.0))?
            }
            None => allowed_new(&new, object).map_err(|why| format!("object {} {why}", id.0))?,
        }
    }
    for id in old.objects.keys() {
        if !new.objects.contains_key(id) {
            return Err(format!("object {} was removed", id.0));
        }
    }
    Ok(())
}

/// Keys a signature may touch in an existing dictionary.
const MAY_CHANGE: [&[u8]; 4] = [b"AcroForm", b"Fields", b"SigFlags", b"Annots"];

fn allowed_change(old: &Object, new: &Object) -> Result<(), String> {
    match (old, new) {
        (Object::Dictionary(a), Object::Dictionary(b)) => {
            let strip = |d: &Dictionary| {
                let mut d = d.clone();
                for k in MAY_CHANGE {
                    d.remove(k);
                }
                d
            };
            if strip(a) == strip(b) {
                Ok(())
            } else {
                Err("was changed beyond its form fields and annotations".into())
            }
        }
        // An annotations or fields array may only grow.
        (Object::Array(a), Object::Array(b)) if b.starts_with(a) => Ok(()),
        _ => Err("was changed".into()),
    }
}

fn allowed_new(doc: &Document, object: &Object) -> Result<(), String> {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return Err("is new and not part of a signature".into()),
    };
    let is = |key: &[u8], value: &[u8]| {
        dict.get(key)
            .and_then(Object::as_name)
            .is_ok_and(|n| n == value)
    };
    let sig = is(b"Type", b"Sig");
    let widget = is(b"Subtype", b"Widget") && is(b"FT", b"Sig");
    let appearance =
        matches!(object, Object::Stream(s) if s.content.is_empty()) && is(b"Subtype", b"Form");
    let _ = doc;
    if sig || widget || appearance {
        Ok(())
    } else {
        Err("is new and not part of a signature".into())
    }
}

/// Signature dictionaries reachable from the form's fields (with their kids).
fn signature_dictionaries(doc: &Document) -> Vec<Dictionary> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let form = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let Some(form) = form else {
        return out;
    };
    let mut stack: Vec<Object> = match form.get(b"Fields") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut seen: Vec<ObjectId> = Vec::new();
    while let Some(field) = stack.pop() {
        if seen.len() > 1024 {
            break;
        }
        let field = match &field {
            Object::Reference(id) if !seen.contains(id) => {
                seen.push(*id);
                doc.get_dictionary(*id).ok()
            }
            Object::Dictionary(d) => Some(d),
            _ => None,
        };
        let Some(field) = field else { continue };
        if let Ok(Object::Array(kids)) = field.get(b"Kids") {
            stack.extend(kids.iter().cloned());
        }
        let is_sig = field
            .get(b"FT")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Sig");
        let value = match field.get(b"V") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        if let (true, Some(v)) = (is_sig, value) {
            out.push(v.clone());
        }
    }
    out
}

/// The byte range and contents of one signature dictionary, checked for shape: the range starts
/// at 0, skips exactly this dictionary's `/Contents` hex string and stays within the file.
fn read_signature(dict: &Dictionary, pdf: &[u8]) -> Result<Found, String> {
    let sub = dict
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .map_err(|_| "a signature without /SubFilter".to_string())?;
    if sub != b"ETSI.CAdES.detached" && sub != b"adbe.pkcs7.detached" {
        return Err(format!(
            "a signature of kind {} Hattama does not check",
            String::from_utf8_lossy(sub)
        ));
    }
    let range: Vec<i64> = dict
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| "a signature without /ByteRange".to_string())?
        .iter()
        .map(|o| o.as_i64().unwrap_or(-1))
        .collect();
    let range: [usize; 4] = match range.as_slice() {
        [a, b, c, d] if *a == 0 && [b, c, d].iter().all(|x| **x >= 0) => {
            [0, *b as usize, *c as usize, *d as usize]
        }
        _ => return Err("a signature's /ByteRange is not [0 b c d]".into()),
    };
    let [_, b, c, d] = range;
    if b >= c || c.checked_add(d).is_none_or(|end| end > pdf.len()) {
        return Err("a signature's /ByteRange lies outside the file".into());
    }
    let gap = &pdf[b..c];
    let hex_ok = gap.len() >= 2
        && gap[0] == b'<'
        && gap[gap.len() - 1] == b'>'
        && gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit);
    if !hex_ok {
        return Err("a signature's /ByteRange skips more than its /Contents".into());
    }
    let contents = match dict.get(b"Contents") {
        Ok(Object::String(bytes, _)) => bytes.clone(),
        _ => return Err("a signature without /Contents".into()),
    };
    let from_gap: Vec<u8> = gap[1..gap.len() - 1]
        .chunks(2)
        .filter_map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    if from_gap != contents {
        return Err("a signature's /ByteRange does not skip its own /Contents".into());
    }
    let time = dict
        .get(b"M")
        .ok()
        .and_then(|m| m.as_str().ok())
        .and_then(parse_pdf_date);
    Ok(Found {
        range,
        contents,
        time,
    })
}

/// `D:YYYYMMDDHHmmSS+HH'mm'` (the form Hattama writes; other forms give no time).
fn parse_pdf_date(bytes: &[u8]) -> Option<DateTime<FixedOffset>> {
    let s = std::str::from_utf8(bytes).ok()?.strip_prefix("D:")?;
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let local = chrono::NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(4..6)?, n(6..8)?)?
        .and_hms_opt(n(8..10)?, n(10..12)?, n(12..14)?)?;
    let sign = match s.get(14..15)? {
        "+" => 1,
        "-" => -1,
        "Z" => 0,
        _ => return None,
    };
    let seconds =
        i32::try_from(n(15..17).unwrap_or(0) * 3600 + n(18..20).unwrap_or(0) * 60).ok()?;
    let offset = FixedOffset::east_opt(sign * seconds)?;
    local.and_local_timezone(offset).single()
}
