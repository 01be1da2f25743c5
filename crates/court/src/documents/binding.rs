//! Checking a document: its own signatures first (every byte is covered by a signature that
//! verifies, nothing was added after the last one — this needs nothing but the PDF), then the
//! excerpt inside it, and, given the protocol, the binding both ways: the excerpt ends at a seal
//! of this protocol (the document rests on sealed entries), and the protocol records this PDF's
//! SHA-256 in a sealed `ruling_issued` entry (the protocol vouches for the document, so a
//! changed PDF no longer matches). Protocol PDFs are recorded the same way.

use std::path::{Path, PathBuf};

use super::issue::EXCERPT_NAME;
use super::signature::{PdfSignatures, check_pdf_signatures};
use journal::{Body, Hash, Report, VerifyOptions, verify_excerpt_bytes};
use render::extract_attachment;
use store::{Journal, JournalError};

/// What checking a document found. `problem` is `None` when everything checked holds.
#[derive(Debug, Clone)]
pub struct DocumentCheck {
    pub pdf_sha256: Hash,
    /// The PDF's own signatures, checked over its bytes.
    pub signatures: PdfSignatures,
    /// The embedded excerpt's own verification.
    pub excerpt: Report,
    pub protocol: Option<ProtocolCheck>,
    pub problem: Option<String>,
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
}

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

/// Whether the file at `path` starts like a PDF.
pub fn is_pdf(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 5];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"%PDF-")
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
        .as_ref()
        .map(|p| format!("the PDF's signature does not hold: {p}"))
        .or_else(|| {
            excerpt
                .fault
                .as_ref()
                .map(|f| format!("the embedded excerpt is broken: {f}"))
        });
    let protocol = match protocol {
        Some(path) => {
            let check = against_protocol(path, &excerpt, pdf_sha256)?;
            if problem.is_none() {
                problem = protocol_problem(&check, &excerpt);
            }
            Some(check)
        }
        None => None,
    };
    // An unsigned PDF (issued before documents were signed) is proven only by the protocol
    // that records it; without the protocol nothing about its bytes is.
    if problem.is_none() && signatures.signers.is_empty() && protocol.is_none() {
        problem = Some(
            "the PDF is not signed, so nothing proves its bytes; check it against the protocol with --protocol FILE"
                .into(),
        );
    }
    Ok(DocumentCheck {
        pdf_sha256,
        signatures,
        excerpt,
        protocol,
        problem,
    })
}

fn against_protocol(
    path: &Path,
    excerpt: &Report,
    pdf_sha256: Hash,
) -> Result<ProtocolCheck, BindingError> {
    let journal = Journal::open_read_only(path)?;
    let seal_seq = excerpt.entries;
    let mut head_matches = false;
    let mut issued_seq = None;
    let mut issued_sealed = false;
    for entry in journal.entries()? {
        let entry = entry?;
        if entry.seq == seal_seq {
            head_matches = Some(entry.hash) == excerpt.head;
        }
        match &entry.body {
            Some(Body::RulingIssued(r)) if r.pdf_sha256 == pdf_sha256 => {
                issued_seq = Some(entry.seq);
            }
            Some(Body::Sealed(_)) if issued_seq.is_some() => issued_sealed = true,
            _ => {}
        }
    }
    Ok(ProtocolCheck {
        path: path.to_path_buf(),
        head_matches,
        issued_seq,
        issued_sealed,
    })
}

fn protocol_problem(check: &ProtocolCheck, excerpt: &Report) -> Option<String> {
    if !check.head_matches {
        return Some(format!(
            "the document rests on a protocol whose seal at seq {} is not this protocol's",
            excerpt.entries
        ));
    }
    match check.issued_seq {
        Some(_) if !check.issued_sealed => Some(
            "the protocol records this PDF, but that entry is not sealed yet (seal the protocol again)".into(),
        ),
        Some(_) => None,
        None => Some(
            "the protocol records no document with this PDF's SHA-256: the PDF was altered, or was not issued from this protocol".into(),
        ),
    }
}
