//! Keys, certificates and trust, until the court PKI crate (`crates/pki`, issue 15) lands.
//!
//! This is the one place that reads a private key, parses an X.509 certificate or a CRL, and
//! decides whether a certificate was issued by the court's authority and is not revoked. The
//! archive server, the push client and `hattama verify --receipts` call only this module's
//! functions, so swapping in `pki` means re-implementing these functions on top of it (or
//! re-exporting its own) and nothing else. Everything is ECDSA P-256 with SHA-256, the one
//! algorithm the court authority issues; anything else is refused by name.
//!
//! Certificates and CRLs are parsed by `x509-cert` (RustCrypto); signatures over their DER
//! `TBSCertificate` / `TBSCertList` are checked with `p256`. No ASN.1 is written by hand.

use std::time::SystemTime;

use der::asn1::ObjectIdentifier;
use der::{Decode as _, DecodePem as _, Encode as _};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _, EncodePrivateKey as _};
use x509_cert::Certificate as X509;
use x509_cert::crl::CertificateList;

/// ecdsa-with-SHA256 (RFC 5758 §3.2).
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// What is wrong with a key, a certificate or a trust decision. Messages name the file's role,
/// never a subject (a judge's certificate names a person).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("not a PKCS#8 P-256 private key (convert one with `openssl pkcs8 -topk8`)")]
    Key,
    #[error("the private key is encrypted and the password is wrong or missing")]
    KeyPassword,
    #[error("not a PEM or DER X.509 certificate")]
    Certificate,
    #[error("not a PEM or DER certificate revocation list")]
    Crl,
    #[error("the certificate's key is not an ECDSA P-256 key")]
    KeyType,
    #[error("signed with an algorithm other than ECDSA with SHA-256")]
    Algorithm,
    #[error("not issued by the court authority")]
    Issuer,
    #[error("the court authority's signature does not verify")]
    Signature,
    #[error("not valid at that time (valid from {not_before} to {not_after})")]
    Expired {
        not_before: String,
        not_after: String,
    },
    #[error("revoked by the court authority (serial {0})")]
    Revoked(String),
    #[error("the revocation list is not signed by the court authority")]
    CrlSignature,
}

/// An X.509 certificate and its DER bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub der: Vec<u8>,
    parsed: X509,
}

impl Certificate {
    /// Every certificate in a PEM text (a chain), or one DER certificate.
    pub fn read_all(bytes: &[u8]) -> Result<Vec<Certificate>, TrustError> {
        let parsed = if bytes.starts_with(b"-----") || bytes.trim_ascii_start().starts_with(b"-") {
            X509::load_pem_chain(bytes).map_err(|_| TrustError::Certificate)?
        } else {
            vec![X509::from_der(bytes).map_err(|_| TrustError::Certificate)?]
        };
        if parsed.is_empty() {
            return Err(TrustError::Certificate);
        }
        parsed
            .into_iter()
            .map(|parsed| {
                let der = parsed.to_der().map_err(|_| TrustError::Certificate)?;
                Ok(Certificate { der, parsed })
            })
            .collect()
    }

    /// The first certificate of a PEM text or a DER file.
    pub fn read(bytes: &[u8]) -> Result<Certificate, TrustError> {
        Certificate::read_all(bytes)?
            .into_iter()
            .next()
            .ok_or(TrustError::Certificate)
    }

    pub fn to_pem(&self) -> String {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.der);
        let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            out.push_str(&String::from_utf8_lossy(chunk));
            out.push('\n');
        }
        out.push_str("-----END CERTIFICATE-----\n");
        out
    }

    /// The serial number in hex: what logs and alerts name a workstation by.
    pub fn serial_hex(&self) -> String {
        journal::canonical::hex_encode(self.parsed.tbs_certificate().serial_number().as_bytes())
    }

    /// The subject as an RFC 4514 string. It may name a person: never log it.
    pub fn subject(&self) -> String {
        self.parsed.tbs_certificate().subject().to_string()
    }

    /// The P-256 public key the certificate certifies.
    pub fn public_key(&self) -> Result<VerifyingKey, TrustError> {
        let spki = self
            .parsed
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|_| TrustError::KeyType)?;
        VerifyingKey::from_public_key_der(&spki).map_err(|_| TrustError::KeyType)
    }

    fn check_validity(&self, at: SystemTime) -> Result<(), TrustError> {
        let v = self.parsed.tbs_certificate().validity();
        let (from, to) = (v.not_before.to_system_time(), v.not_after.to_system_time());
        if at < from || at > to {
            return Err(TrustError::Expired {
                not_before: v.not_before.to_string(),
                not_after: v.not_after.to_string(),
            });
        }
        Ok(())
    }
}

/// A certificate revocation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crl {
    pub der: Vec<u8>,
    parsed: CertificateList,
}

impl Crl {
    pub fn read(bytes: &[u8]) -> Result<Crl, TrustError> {
        let parsed = if bytes.trim_ascii_start().starts_with(b"-") {
            CertificateList::from_pem(bytes).map_err(|_| TrustError::Crl)?
        } else {
            CertificateList::from_der(bytes).map_err(|_| TrustError::Crl)?
        };
        let der = parsed.to_der().map_err(|_| TrustError::Crl)?;
        Ok(Crl { der, parsed })
    }

    pub fn to_pem(&self) -> String {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.der);
        let mut out = String::from("-----BEGIN X509 CRL-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            out.push_str(&String::from_utf8_lossy(chunk));
            out.push('\n');
        }
        out.push_str("-----END X509 CRL-----\n");
        out
    }

    fn revokes(&self, cert: &Certificate) -> bool {
        let serial = cert.parsed.tbs_certificate().serial_number();
        self.parsed
            .tbs_cert_list
            .revoked_certificates
            .iter()
            .flatten()
            .any(|r| &r.serial_number == serial)
    }
}

/// The court's authority: its root certificate and, when known, its current CRL.
#[derive(Debug, Clone)]
pub struct Authority {
    pub ca: Certificate,
    pub crl: Option<Crl>,
}

impl Authority {
    /// The authority from its certificate and CRL; the CRL must be the authority's.
    pub fn new(ca: Certificate, crl: Option<Crl>) -> Result<Authority, TrustError> {
        let key = ca.public_key()?;
        if let Some(crl) = &crl {
            if crl.parsed.tbs_cert_list.issuer != *ca.parsed.tbs_certificate().subject() {
                return Err(TrustError::CrlSignature);
            }
            let tbs = crl
                .parsed
                .tbs_cert_list
                .to_der()
                .map_err(|_| TrustError::Crl)?;
            check_signature(
                &key,
                &crl.parsed.signature_algorithm.oid,
                &tbs,
                crl.parsed.signature.raw_bytes(),
            )
            .map_err(|_| TrustError::CrlSignature)?;
        }
        Ok(Authority { ca, crl })
    }

    /// Was `cert` issued by this authority, valid at `at`, and not revoked by its CRL?
    /// Only certificates issued directly by the court's root are accepted (no intermediates).
    pub fn check(&self, cert: &Certificate, at: SystemTime) -> Result<(), TrustError> {
        let tbs = cert.parsed.tbs_certificate();
        if tbs.issuer() != self.ca.parsed.tbs_certificate().subject() {
            return Err(TrustError::Issuer);
        }
        let tbs_der = tbs.to_der().map_err(|_| TrustError::Certificate)?;
        check_signature(
            &self.ca.public_key()?,
            &cert.parsed.signature_algorithm().oid,
            &tbs_der,
            cert.parsed.signature().raw_bytes(),
        )?;
        cert.check_validity(at)?;
        if self.crl.as_ref().is_some_and(|crl| crl.revokes(cert)) {
            return Err(TrustError::Revoked(cert.serial_hex()));
        }
        Ok(())
    }
}

fn check_signature(
    key: &VerifyingKey,
    alg: &ObjectIdentifier,
    message: &[u8],
    signature: &[u8],
) -> Result<(), TrustError> {
    if *alg != ECDSA_WITH_SHA256 {
        return Err(TrustError::Algorithm);
    }
    let sig = DerSignature::try_from(signature).map_err(|_| TrustError::Signature)?;
    key.verify(message, &sig).map_err(|_| TrustError::Signature)
}

/// A P-256 private key from a PKCS#8 PEM text, encrypted (PBES2) or not.
pub fn read_signing_key(pem: &str, password: Option<&[u8]>) -> Result<SigningKey, TrustError> {
    if pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        let password = password.ok_or(TrustError::KeyPassword)?;
        return SigningKey::from_pkcs8_encrypted_pem(pem, password)
            .map_err(|_| TrustError::KeyPassword);
    }
    SigningKey::from_pkcs8_pem(pem).map_err(|_| TrustError::Key)
}

/// The key as unencrypted PKCS#8 DER, for a TLS stack that takes a key in memory.
pub fn signing_key_pkcs8_der(key: &SigningKey) -> Result<Vec<u8>, TrustError> {
    key.to_pkcs8_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|_| TrustError::Key)
}

/// The certificate certifies this private key.
pub fn key_matches(cert: &Certificate, key: &SigningKey) -> bool {
    cert.public_key().is_ok_and(|k| k == *key.verifying_key())
}

/// The key as unencrypted PKCS#8 PEM, for a TLS client that takes a PEM key in memory.
pub fn signing_key_pkcs8_pem(key: &SigningKey) -> Result<String, TrustError> {
    use p256::pkcs8::LineEnding;
    key.to_pkcs8_pem(LineEnding::LF)
        .map(|p| p.to_string())
        .map_err(|_| TrustError::Key)
}
