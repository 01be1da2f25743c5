//! What can go wrong with certificates, revocation lists and signatures. Messages name what is
//! wrong, never a key, a passphrase or a person's data.

/// Why a certificate, a CRL or a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkiError {
    #[error("not a certificate ({0})")]
    NotACertificate(String),
    #[error("not a certificate revocation list ({0})")]
    NotACrl(String),
    #[error("not a public key ({0})")]
    NotAPublicKey(String),
    #[error("the key is not an ECDSA P-256 key, the only kind Hattama signs with")]
    UnsupportedKey,
    #[error("the signature algorithm {0} is not supported")]
    UnsupportedAlgorithm(String),
    #[error("the signature does not verify")]
    BadSignature,
    #[error("the certificate is not a certification authority's (no CA basic constraint)")]
    NotACa,
    #[error("the revocation list is not signed by the given authority")]
    CrlNotSigned,
    #[error("the private key does not belong to the certificate")]
    KeyMismatch,
    #[error("{0}")]
    Invalid(String),
    #[error("cannot build the {what} ({detail})")]
    Build { what: &'static str, detail: String },
    #[error("no usable source of randomness ({0})")]
    Random(String),
    #[error("not a CMS signature ({0})")]
    NotACms(String),
}

impl PkiError {
    pub(crate) fn build(what: &'static str, detail: impl ToString) -> PkiError {
        PkiError::Build {
            what,
            detail: detail.to_string(),
        }
    }
}
