//! PDF signatures (ISO 32000-1 §12.8, PAdES baseline B-B): a signature dictionary whose
//! `/ByteRange` covers the whole file but its own `/Contents`, which holds a detached CMS
//! `SignedData` (`/SubFilter /ETSI.CAdES.detached`) with the signer's certificate and chain.
//!
//! A signature is applied after the PDF/A-3b document is final, as an incremental update that
//! adds only the signature (dictionary, invisible widget, its empty appearance) and the catalog
//! and page entries that reach it, so the document stays PDF/A-3b (`apply`). A document signed
//! by two people carries two such updates, one after the other. Checking (`check`) verifies every
//! signature over the bytes it covers, that the last one reaches the end of the file, and that
//! each update after an earlier signature only added a signature.

mod apply;
mod check;
mod syntax;

pub use apply::{CONTENTS_ROOM, sign_pdf};
pub use check::{PdfSignatures, PdfSigner, SignatureFault, SignatureProblem, check_pdf_signatures};

/// Why a PDF could not be signed or its signatures read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfSignatureError {
    #[error("the PDF cannot be read ({0})")]
    Unreadable(String),
    #[error("the PDF cannot be signed ({0})")]
    Unsignable(String),
    #[error("the signature is larger than the room kept for it")]
    TooLarge,
}
