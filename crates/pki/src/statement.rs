//! Signatures over statement bytes: what a seal signer (and the archive, for its receipts)
//! signs. ECDSA P-256 with SHA-256, the signature DER-encoded as in X.509 and CMS, so that
//! `openssl dgst -sha256 -verify` checks it too.

/// The algorithm name statements and seals use for ECDSA P-256 / SHA-256.
pub const ECDSA_P256_SHA256: &str = "ecdsa-p256-sha256";
