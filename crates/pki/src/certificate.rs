//! A parsed X.509 certificate with what Hattama needs from it: who holds it (name, IIN, role),
//! when it is valid, its key, and whether an issuer signed it.

use chrono::{DateTime, FixedOffset};
use der::{Decode, DecodePem, Encode, EncodePem};
use p256::ecdsa::{DerSignature, VerifyingKey};
use sha2::{Digest, Sha256};
use signature::Verifier as _;
use spki::DecodePublicKey;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};

use crate::name::{self, NameFields};
use crate::time_conv::from_x509;
use crate::{PkiError, oid};

/// What a certificate says about its holder (`CN`, `SERIALNUMBER=IIN…`, `title`, `O`, `OU=BIN…`).
pub type Holder = NameFields;

/// Certificates Hattama reads are small; larger inputs are refused before parsing.
pub const MAX_CERT_DER: usize = 64 * 1024;

/// One certificate, kept with its exact DER (what a seal's statement hashes).
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    inner: x509_cert::Certificate,
    holder: Holder,
    issuer: Holder,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No names here: Debug output can reach logs.
        write!(f, "Certificate(serial {})", self.serial_hex())
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl Certificate {
    pub fn from_der(der: &[u8]) -> Result<Certificate, PkiError> {
        if der.len() > MAX_CERT_DER {
            return Err(PkiError::NotACertificate("too large".into()));
        }
        let inner = x509_cert::Certificate::from_der(der)
            .map_err(|e| PkiError::NotACertificate(e.to_string()))?;
        Certificate::from_parsed(inner)
    }

    fn from_parsed(inner: x509_cert::Certificate) -> Result<Certificate, PkiError> {
        let der = inner
            .to_der()
            .map_err(|e| PkiError::NotACertificate(e.to_string()))?;
        let holder = name::read(inner.tbs_certificate().subject())?;
        let issuer = name::read(inner.tbs_certificate().issuer())?;
        Ok(Certificate {
            der,
            inner,
            holder,
            issuer,
        })
    }

    /// Exactly one PEM `CERTIFICATE`.
    pub fn from_pem(text: &str) -> Result<Certificate, PkiError> {
        match Certificate::all_from_pem(text)?.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(PkiError::NotACertificate(
                "expected exactly one certificate".into(),
            )),
        }
    }

    /// One or more PEM `CERTIFICATE`s (a trust bundle, a chain).
    pub fn all_from_pem(text: &str) -> Result<Vec<Certificate>, PkiError> {
        if !text.contains("-----BEGIN CERTIFICATE-----") {
            return Err(PkiError::NotACertificate("no PEM CERTIFICATE block".into()));
        }
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("-----BEGIN ") {
            let block = &rest[start..];
            let end_marker = "-----END CERTIFICATE-----";
            let Some(end) = block.find(end_marker) else {
                return Err(PkiError::NotACertificate(
                    "an unterminated PEM block".into(),
                ));
            };
            let pem = &block[..end + end_marker.len()];
            let inner = x509_cert::Certificate::from_pem(pem.as_bytes())
                .map_err(|e| PkiError::NotACertificate(e.to_string()))?;
            out.push(Certificate::from_parsed(inner)?);
            rest = &block[end + end_marker.len()..];
        }
        Ok(out)
    }

    pub fn to_pem(&self) -> String {
        // Encoding a certificate we parsed cannot fail; an empty string would be refused on
        // reading rather than pass for a certificate.
        self.inner
            .to_pem(der::pem::LineEnding::LF)
            .unwrap_or_default()
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn inner(&self) -> &x509_cert::Certificate {
        &self.inner
    }

    /// SHA-256 of the DER: what statements and CMS attributes name the certificate by.
    pub fn fingerprint(&self) -> [u8; 32] {
        Sha256::digest(&self.der).into()
    }

    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    pub fn issuer(&self) -> &Holder {
        &self.issuer
    }

    /// The serial number's bytes, as encoded (big-endian, positive).
    pub fn serial(&self) -> &[u8] {
        self.inner.tbs_certificate().serial_number().as_bytes()
    }

    pub fn serial_hex(&self) -> String {
        self.serial().iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn not_before(&self) -> DateTime<FixedOffset> {
        from_x509(&self.inner.tbs_certificate().validity().not_before)
    }

    pub fn not_after(&self) -> DateTime<FixedOffset> {
        from_x509(&self.inner.tbs_certificate().validity().not_after)
    }

    /// Issued by the holder of `other`'s subject name (the signature is checked separately).
    pub fn names_issuer(&self, other: &Certificate) -> bool {
        self.inner.tbs_certificate().issuer() == other.inner.tbs_certificate().subject()
    }

    /// A certification authority: basic constraints with cA set, and, when key usage is
    /// present, keyCertSign.
    pub fn is_ca(&self) -> bool {
        let tbs = self.inner.tbs_certificate();
        let ca = matches!(tbs.get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca);
        let usage = match tbs.get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) => ku.0.contains(KeyUsages::KeyCertSign),
            Ok(None) => true,
            Err(_) => false,
        };
        ca && usage
    }

    /// Key usage allows signatures (digitalSignature or nonRepudiation), or is absent.
    pub fn may_sign(&self) -> bool {
        match self.inner.tbs_certificate().get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) => {
                ku.0.contains(KeyUsages::DigitalSignature)
                    || ku.0.contains(KeyUsages::NonRepudiation)
            }
            Ok(None) => true,
            Err(_) => false,
        }
    }

    /// The certified public key's bits as the certificate holds them (any algorithm): two
    /// certificates certify one key exactly when these are equal.
    pub fn public_key_bits(&self) -> Option<&[u8]> {
        self.inner
            .tbs_certificate()
            .subject_public_key_info()
            .subject_public_key
            .as_bytes()
    }

    /// The certified key, if it is a P-256 key.
    pub fn verifying_key(&self) -> Result<VerifyingKey, PkiError> {
        let spki = self
            .inner
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|e| PkiError::NotACertificate(e.to_string()))?;
        VerifyingKey::from_public_key_der(&spki).map_err(|_| PkiError::UnsupportedKey)
    }

    /// Check an ECDSA P-256 / SHA-256 signature (DER) by this certificate's key over `message`.
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), PkiError> {
        let key = self.verifying_key()?;
        let sig = DerSignature::from_bytes(signature).map_err(|_| PkiError::BadSignature)?;
        key.verify(message, &sig)
            .map_err(|_| PkiError::BadSignature)
    }

    /// Whether `issuer`'s key signed this certificate.
    pub fn is_signed_by(&self, issuer: &Certificate) -> Result<(), PkiError> {
        let alg = &self.inner.signature_algorithm().oid;
        if *alg != oid::ECDSA_WITH_SHA256 {
            return Err(PkiError::UnsupportedAlgorithm(alg.to_string()));
        }
        let tbs = self
            .inner
            .tbs_certificate()
            .to_der()
            .map_err(|e| PkiError::NotACertificate(e.to_string()))?;
        let sig = self
            .inner
            .signature()
            .as_bytes()
            .ok_or(PkiError::BadSignature)?;
        issuer.verify_signature(&tbs, sig)
    }
}
