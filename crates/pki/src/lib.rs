//! The court's public-key infrastructure, on the standards courts and PDF readers already
//! speak: X.509 certificates (RFC 5280), revocation lists (CRLs), encrypted PKCS#8 key files
//! (PBES2 with scrypt) and detached CMS signatures (RFC 5652). Every encoding goes through the
//! RustCrypto crates (`der`, `x509-cert`, `spki`, `pkcs8`, `cms`); nothing here writes ASN.1 by
//! hand.
//!
//! It owns the court authority that issues certificates by role (`authority`), reading
//! certificates and what they say about their holder (`certificate`, `name`, `role`), revocation
//! (`crl`), people's keys and their protected files (`key`), trust evaluation — is this
//! certificate the court's, valid then, not revoked before, of the right role (`trust`) —,
//! signatures over statement bytes (`statement`) and detached CMS `SignedData` for PDFs (`cms`).
//!
//! Bytes in, bytes out: nothing here opens a file, reads a terminal or looks at the clock
//! unless asked; callers pass the time a check is about.
//!
//! People's keys are ECDSA P-256 with SHA-256: OpenSSL, NSS and PDF readers all verify it, so the
//! same key signs a person's journal seals and their PDFs (docs/trust.md).

pub mod authority;
pub mod certificate;
pub mod cms;
pub mod crl;
pub mod ending;
mod error;
pub mod key;
pub mod name;
mod oid;
pub mod role;
pub mod statement;
mod time_conv;
pub mod trust;

pub use authority::{Authority, CourtName, IssueRequest};
pub use certificate::{Certificate, Holder};
pub use crl::{Crl, Revocation, RevocationReason};
pub use ending::{Ending, ending};
pub use error::PkiError;
pub use key::{CertifiedKey, KeyFileError, Passphrase, PersonalKey};
pub use role::CertRole;
pub use statement::ECDSA_P256_SHA256;
pub use trust::{Status, Trust, Verdict};

/// Decode one PEM block: its label and DER bytes.
pub fn pem_decode(text: &str) -> Result<(String, Vec<u8>), String> {
    der::pem::decode_vec(text.trim().as_bytes())
        .map(|(label, der)| (label.to_string(), der))
        .map_err(|e| e.to_string())
}
