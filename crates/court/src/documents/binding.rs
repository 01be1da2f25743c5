//! Checking a document: its own signatures first (every byte is covered by a signature that
//! verifies, nothing was added after the last one — this needs nothing but the PDF), then the
//! excerpt inside it, and, given the protocol, the binding both ways: the excerpt ends at a seal
//! of this protocol (the document rests on sealed entries), and the protocol records this PDF's
//! SHA-256 in a sealed `ruling_issued` entry (the protocol vouches for the document, so a
//! changed PDF no longer matches). Protocol PDFs are recorded the same way.

use std::path::{Path, PathBuf};

use super::issue::EXCERPT_NAME;
use super::signature::{PdfSignatures, SignatureProblem, check_pdf_signatures};
use journal::entry::Kind;
use journal::{Body, Fault, Hash, Report, VerifyOptions, verify_excerpt_bytes};
use render::extract_attachment;
use store::{Journal, JournalError};

/// What checking a document found. `problem` is `None` when everything checked holds;
/// `warnings` are what a reader must know although nothing is broken.
#[derive(Debug, Clone)]
pub struct DocumentCheck {
    pub pdf_sha256: Hash,
    /// The PDF's own signatures, checked over its bytes.
    pub signatures: PdfSignatures,
    /// The embedded excerpt's own verification.
    pub excerpt: Report,
    pub protocol: Option<ProtocolCheck>,
    pub problem: Option<DocumentProblem>,
    pub warnings: Vec<DocumentWarning>,
}

/// What breaks a document, as a code an interface words in its own language; `Display` is the
/// command line's English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentProblem {
    /// The PDF's own signatures do not hold.
    Signature(SignatureProblem),
    /// The excerpt inside the PDF is broken.
    Excerpt(Fault),
    /// The excerpt ends at a seal (at this seq) that is not the given protocol's.
    OtherProtocol(u64),
    /// The protocol records no document with this PDF's SHA-256.
    NotRecorded,
    /// The PDF is unsigned and no protocol was given: nothing proves its bytes.
    Unsigned,
}

impl std::fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentProblem::Signature(p) => write!(f, "the PDF's signature does not hold: {p}"),
            DocumentProblem::Excerpt(fault) => write!(f, "the embedded excerpt is broken: {fault}"),
            DocumentProblem::OtherProtocol(seq) => write!(
                f,
                "the document rests on a protocol whose seal at seq {seq} is not this protocol's"
            ),
            DocumentProblem::NotRecorded => f.write_str(
                "the protocol records no document with this PDF's SHA-256: the PDF was altered, or was not issued from this protocol",
            ),
            DocumentProblem::Unsigned => f.write_str(
                "the PDF is not signed, so nothing proves its bytes; check it against the protocol with --protocol FILE",
            ),
        }
    }
}

/// What a reader of a document must know although its binding holds, as a code; `Display` is
/// the command line's English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentWarning {
    /// The protocol's entry recording this PDF is not sealed yet.
    RecordNotSealed,
    /// The protocol records this many later entries on what the document rests on.
    LaterEntries(usize),
}

impl std::fmt::Display for DocumentWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentWarning::RecordNotSealed => f.write_str(
                "the protocol records this PDF, but that entry is not sealed yet: the judge and the secretary must seal the protocol again",
            ),
            DocumentWarning::LaterEntries(1) => f.write_str(
                "the protocol records a later entry on what this document rests on (a correction, translation or remark): read it before relying on the document",
            ),
            DocumentWarning::LaterEntries(n) => write!(
                f,
                "the protocol records {n} later entries on what this document rests on (corrections, translations, remarks): read them before relying on the document"
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ProtocolCheck {
    pub path: PathBuf,
    /// The seal the excerpt ends at is this protocol's entry at that seq.
    pub head_matches: bool,
    /// The `ruling_issued` entry recording this PDF.
    pub issued_seq: Option<u64>,
    /// A seal after that entry signs it.
    pub issued_sealed: bool,
    /// What the protocol records after the document's seal about the entries it rests on:
    /// corrections and translations of them, and remarks on the protocol with their decisions.
    pub later: Vec<LaterEntry>,
}

/// An entry recorded after the seal a document rests on, which bears on what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaterEntry {
    pub seq: u64,
    pub kind: Kind,
    /// The entry it points at: the corrected or translated entry, or the remark decided.
    pub target: Option<u64>,
    /// A later seal signs it.
    pub sealed: bool,
}

impl std::fmt::Display for LaterEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "seq {}: ", self.seq)?;
        match (self.kind, self.target) {
            (Kind::Correction, Some(t)) => write!(f, "correction of entry {t}")?,
            (Kind::Translation, Some(t)) => write!(f, "translation of entry {t}")?,
            (Kind::RemarkDecided, Some(t)) => write!(f, "decision on the remark at seq {t}")?,
            (Kind::RemarkFiled, _) => f.write_str("remark on the protocol")?,
            (kind, _) => write!(f, "{kind}")?,
        }
        f.write_str(if self.sealed {
            ", sealed"
        } else {
            ", NOT YET SEALED"
        })
    }
}

/// Why a document could not be checked. All but `Journal` say the file is not a document
/// Hattama issued (bad input), not that one was altered.
#[derive(Debug, thiserror::Error)]
pub enum BindingError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("not a Hattama document: the PDF carries no {EXCERPT_NAME}")]
    NoExcerpt,
    #[error("the PDF cannot be read ({0})")]
    Unreadable(String),
    #[error("the embedded {EXCERPT_NAME} is not an excerpt ({0})")]
    NotAnExcerpt(String),
}

/// PDFs we issue are a few hundred KiB; larger files are refused before being read, which
/// bounds what a hostile file can make us read.
pub const MAX_PDF: u64 = 64 << 20;

/// Whether the file at `path` is a regular file that starts like a PDF. Opened as any input is
/// (`store::open_input`): a FIFO or a device is not waited on, just not a PDF.
pub fn is_pdf(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 5];
    store::open_input(path).is_ok_and(|mut f| f.read_exact(&mut head).is_ok() && &head == b"%PDF-")
}

impl DocumentCheck {
    /// The entries the document rests on (given in full in its excerpt).
    pub fn rests_on(&self) -> Vec<u64> {
        self.excerpt
            .excerpt
            .as_ref()
            .map(|x| x.selected.clone())
            .unwrap_or_default()
    }
}

/// Check `pdf`, and its binding to the journal at `protocol` when given.
pub fn check_document(
    pdf: &[u8],
    protocol: Option<&Path>,
    opts: VerifyOptions<'_>,
) -> Result<DocumentCheck, BindingError> {
    let pdf_sha256 = Hash::of(pdf);
    let signatures = check_pdf_signatures(pdf, opts.trust)
        .map_err(|e| BindingError::Unreadable(e.to_string()))?;
    let excerpt_bytes = extract_attachment(pdf, EXCERPT_NAME)
        .map_err(|e| BindingError::Unreadable(e.to_string()))?
        .ok_or(BindingError::NoExcerpt)?;
    let excerpt = verify_excerpt_bytes(&excerpt_bytes, opts).map_err(BindingError::NotAnExcerpt)?;
    let mut problem = signatures
        .problem
        .clone()
        .map(DocumentProblem::Signature)
        .or_else(|| excerpt.fault.clone().map(DocumentProblem::Excerpt));
    let mut warnings = Vec::new();
    let rests_on = excerpt
        .excerpt
        .as_ref()
        .map(|x| x.selected.clone())
        .unwrap_or_default();
    let protocol = match protocol {
        Some(path) => {
            let check = against_protocol(path, &excerpt, pdf_sha256, &rests_on)?;
            if problem.is_none() {
                problem = protocol_problem(&check, &excerpt);
            }
            if problem.is_none() {
                warnings = protocol_warnings(&check);
            }
            Some(check)
        }
        None => None,
    };
    // An unsigned PDF (issued before documents were signed) is proven only by the protocol
    // that records it; without the protocol nothing about its bytes is.
    if problem.is_none() && signatures.signers.is_empty() && protocol.is_none() {
        problem = Some(DocumentProblem::Unsigned);
    }
    Ok(DocumentCheck {
        pdf_sha256,
        signatures,
        excerpt,
        protocol,
        problem,
        warnings,
    })
}

fn against_protocol(
    path: &Path,
    excerpt: &Report,
    pdf_sha256: Hash,
    rests_on: &[u64],
) -> Result<ProtocolCheck, BindingError> {
    let journal = Journal::open_read_only(path)?;
    let seal_seq = excerpt.entries;
    let mut head_matches = false;
    let mut issued_seq = None;
    let mut issued_sealed = false;
    let mut later: Vec<LaterEntry> = Vec::new();
    let mut last_seal = 0;
    // Entries that stand for what the document rests on: its own, and corrections or
    // translations of them (a correction of a correction still bears on it).
    let mut bearing: Vec<u64> = rests_on.to_vec();
    for entry in journal.entries()? {
        let entry = entry?;
        if entry.seq == seal_seq {
            head_matches = Some(entry.hash) == excerpt.head;
        }
        let after = entry.seq > seal_seq;
        let mut note = |target: Option<u64>| {
            later.push(LaterEntry {
                seq: entry.seq,
                kind: entry.kind,
                target,
                sealed: false,
            });
        };
        match &entry.body {
            Some(Body::RulingIssued(r)) if r.pdf_sha256 == pdf_sha256 => {
                issued_seq = Some(entry.seq);
            }
            Some(Body::Sealed(_)) => {
                issued_sealed |= issued_seq.is_some();
                last_seal = entry.seq;
            }
            Some(Body::Correction(c)) if after && bearing.contains(&c.target_seq) => {
                bearing.push(entry.seq);
                note(Some(c.target_seq));
            }
            Some(Body::Translation(t)) if after && bearing.contains(&t.target_seq) => {
                note(Some(t.target_seq));
            }
            // A remark concerns the protocol as a whole: any of it may bear on the document.
            Some(Body::RemarkFiled(_)) if after => note(None),
            Some(Body::RemarkDecided(d)) if after => note(Some(d.remark_seq)),
            _ => {}
        }
    }
    for l in &mut later {
        l.sealed = l.seq < last_seal;
    }
    Ok(ProtocolCheck {
        path: path.to_path_buf(),
        head_matches,
        issued_seq,
        issued_sealed,
        later,
    })
}

/// What makes the binding fail: the document rests on another protocol, or this one does not
/// record it.
fn protocol_problem(check: &ProtocolCheck, excerpt: &Report) -> Option<DocumentProblem> {
    if !check.head_matches {
        return Some(DocumentProblem::OtherProtocol(excerpt.entries));
    }
    check
        .issued_seq
        .is_none()
        .then_some(DocumentProblem::NotRecorded)
}

/// What a reader must know although the binding holds: a record not signed yet (normal work
/// until the protocol is sealed again), and later entries on what the document rests on.
fn protocol_warnings(check: &ProtocolCheck) -> Vec<DocumentWarning> {
    let mut out = Vec::new();
    if check.issued_seq.is_some() && !check.issued_sealed {
        out.push(DocumentWarning::RecordNotSealed);
    }
    if !check.later.is_empty() {
        out.push(DocumentWarning::LaterEntries(check.later.len()));
    }
    out
}
