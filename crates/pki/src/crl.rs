//! Certificate revocation lists (RFC 5280 §5): who the authority revoked, when, and why.
//!
//! The authority's latest CRL is also its record of revocations: `hattama court revoke` reads
//! it, adds an entry and issues the next one, so no other revocation file exists.

use chrono::{DateTime, FixedOffset};
use der::pem::LineEnding;
use der::{Decode, Encode};
use p256::ecdsa::DerSignature;
use x509_cert::builder::{Builder, CrlBuilder};
use x509_cert::crl::{CertificateList, RevokedCert};
use x509_cert::ext::ToExtension;
use x509_cert::ext::pkix::{CrlNumber, CrlReason};
use x509_cert::serial_number::SerialNumber;

use crate::authority::Authority;
use crate::time_conv::{from_x509, to_x509};
use crate::{Certificate, PkiError, oid};

const PEM_LABEL: &str = "X509 CRL";

/// Why a certificate was revoked (RFC 5280 §5.3.1, the reasons a court can have).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationReason {
    Unspecified,
    /// The key may be in someone else's hands.
    KeyCompromise,
    /// The holder left the court or changed post.
    AffiliationChanged,
    /// A new certificate replaces this one.
    Superseded,
    CessationOfOperation,
    PrivilegeWithdrawn,
}

impl RevocationReason {
    pub const ALL: [RevocationReason; 6] = [
        RevocationReason::Unspecified,
        RevocationReason::KeyCompromise,
        RevocationReason::AffiliationChanged,
        RevocationReason::Superseded,
        RevocationReason::CessationOfOperation,
        RevocationReason::PrivilegeWithdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevocationReason::Unspecified => "unspecified",
            RevocationReason::KeyCompromise => "key-compromise",
            RevocationReason::AffiliationChanged => "affiliation-changed",
            RevocationReason::Superseded => "superseded",
            RevocationReason::CessationOfOperation => "cessation-of-operation",
            RevocationReason::PrivilegeWithdrawn => "privilege-withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<RevocationReason> {
        RevocationReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    fn code(self) -> CrlReason {
        match self {
            RevocationReason::Unspecified => CrlReason::Unspecified,
            RevocationReason::KeyCompromise => CrlReason::KeyCompromise,
            RevocationReason::AffiliationChanged => CrlReason::AffiliationChanged,
            RevocationReason::Superseded => CrlReason::Superseded,
            RevocationReason::CessationOfOperation => CrlReason::CessationOfOperation,
            RevocationReason::PrivilegeWithdrawn => CrlReason::PrivilegeWithdrawn,
        }
    }

    fn from_code(code: CrlReason) -> RevocationReason {
        match code {
            CrlReason::KeyCompromise | CrlReason::CaCompromise | CrlReason::AaCompromise => {
                RevocationReason::KeyCompromise
            }
            CrlReason::AffiliationChanged => RevocationReason::AffiliationChanged,
            CrlReason::Superseded => RevocationReason::Superseded,
            CrlReason::CessationOfOperation => RevocationReason::CessationOfOperation,
            CrlReason::PrivilegeWithdrawn => RevocationReason::PrivilegeWithdrawn,
            _ => RevocationReason::Unspecified,
        }
    }
}

/// One revoked certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    /// The certificate's serial number, as encoded.
    pub serial: Vec<u8>,
    /// From when the certificate no longer counts.
    pub date: DateTime<FixedOffset>,
    pub reason: RevocationReason,
}

/// A parsed CRL, kept with its DER.
#[derive(Clone)]
pub struct Crl {
    der: Vec<u8>,
    inner: CertificateList,
}

impl std::fmt::Debug for Crl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Crl(number {:?})", self.number())
    }
}

impl Crl {
    pub fn from_der(der: &[u8]) -> Result<Crl, PkiError> {
        let inner = CertificateList::from_der(der).map_err(|e| PkiError::NotACrl(e.to_string()))?;
        Ok(Crl {
            der: der.to_vec(),
            inner,
        })
    }

    /// A PEM `X509 CRL`, or DER.
    pub fn from_bytes(bytes: &[u8]) -> Result<Crl, PkiError> {
        let text = String::from_utf8_lossy(bytes);
        if let Some(start) = text.find("-----BEGIN X509 CRL-----") {
            let (label, der) = der::pem::decode_vec(text[start..].trim().as_bytes())
                .map_err(|e| PkiError::NotACrl(e.to_string()))?;
            if label != PEM_LABEL {
                return Err(PkiError::NotACrl(format!("a PEM {label}")));
            }
            return Crl::from_der(&der);
        }
        Crl::from_der(bytes)
    }

    pub fn to_pem(&self) -> String {
        der::pem::encode_string(PEM_LABEL, LineEnding::LF, &self.der).unwrap_or_default()
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Issued under `ca`'s name and signed by its key.
    pub fn verify_signed_by(&self, ca: &Certificate) -> Result<(), PkiError> {
        if self.inner.tbs_cert_list.issuer != *ca.inner().tbs_certificate().subject() {
            return Err(PkiError::CrlNotSigned);
        }
        if self.inner.signature_algorithm.oid != oid::ECDSA_WITH_SHA256 {
            return Err(PkiError::UnsupportedAlgorithm(
                self.inner.signature_algorithm.oid.to_string(),
            ));
        }
        let tbs = self
            .inner
            .tbs_cert_list
            .to_der()
            .map_err(|e| PkiError::NotACrl(e.to_string()))?;
        let sig = self
            .inner
            .signature
            .as_bytes()
            .ok_or(PkiError::CrlNotSigned)?;
        ca.verify_signature(&tbs, sig)
            .map_err(|_| PkiError::CrlNotSigned)
    }

    pub fn this_update(&self) -> DateTime<FixedOffset> {
        from_x509(&self.inner.tbs_cert_list.this_update)
    }

    pub fn next_update(&self) -> Option<DateTime<FixedOffset>> {
        self.inner.tbs_cert_list.next_update.as_ref().map(from_x509)
    }

    /// The CRL number (RFC 5280 §5.2.3), when present and small enough.
    pub fn number(&self) -> Option<u64> {
        let exts = self.inner.tbs_cert_list.crl_extensions.as_ref()?;
        let ext = exts
            .iter()
            .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_CRL_NUMBER)?;
        let n = CrlNumber::from_der(ext.extn_value.as_bytes()).ok()?;
        let bytes = n.0.as_bytes();
        if bytes.len() > 8 {
            return None;
        }
        Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// Every revocation listed.
    pub fn entries(&self) -> Vec<Revocation> {
        let Some(list) = &self.inner.tbs_cert_list.revoked_certificates else {
            return Vec::new();
        };
        list.iter()
            .map(|r| {
                let reason = r
                    .crl_entry_extensions
                    .as_ref()
                    .and_then(|exts| {
                        exts.iter()
                            .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_CRL_REASONS)
                    })
                    .and_then(|e| CrlReason::from_der(e.extn_value.as_bytes()).ok())
                    .map_or(RevocationReason::Unspecified, RevocationReason::from_code);
                Revocation {
                    serial: r.serial_number.as_bytes().to_vec(),
                    date: from_x509(&r.revocation_date),
                    reason,
                }
            })
            .collect()
    }

    /// The revocation of the certificate with this serial, if listed.
    pub fn find(&self, serial: &[u8]) -> Option<Revocation> {
        self.entries().into_iter().find(|r| r.serial == serial)
    }
}

impl Authority {
    /// Sign a CRL listing `revoked`, numbered `number`, issued at `this_update` and due to be
    /// replaced by `next_update`.
    pub fn revocation_list(
        &self,
        revoked: &[Revocation],
        number: u64,
        this_update: DateTime<FixedOffset>,
        next_update: DateTime<FixedOffset>,
    ) -> Result<Crl, PkiError> {
        if next_update <= this_update {
            return Err(PkiError::Invalid(
                "the next update must come after this one".into(),
            ));
        }
        let issuer = self.certificate().inner();
        let name = issuer.tbs_certificate().subject().clone();
        let mut entries = Vec::with_capacity(revoked.len());
        for r in revoked {
            let serial = SerialNumber::<x509_cert::certificate::Rfc5280>::new(&r.serial)
                .map_err(|e| PkiError::build("revocation list", e))?;
            // RFC 5280 §5.3.1: the reason code unspecified SHOULD be absent.
            let extensions = match r.reason {
                RevocationReason::Unspecified => None,
                reason => Some(vec![
                    reason
                        .code()
                        .to_extension(&name, &[])
                        .map_err(|e| PkiError::build("revocation list", e))?,
                ]),
            };
            entries.push(RevokedCert {
                serial_number: serial,
                revocation_date: to_x509(r.date)?,
                crl_entry_extensions: extensions,
            });
        }
        let number = CrlNumber::try_from(u128::from(number))
            .map_err(|e| PkiError::build("revocation list", e))?;
        let builder = CrlBuilder::new_with_this_update(issuer, number, to_x509(this_update)?)
            .map_err(|e| PkiError::build("revocation list", e))?
            .with_next_update(Some(to_x509(next_update)?))
            .with_certificates(entries.into_iter());
        let list = builder
            .build::<_, DerSignature>(self.key().signing_key())
            .map_err(|e| PkiError::build("revocation list", e))?;
        let der = list
            .to_der()
            .map_err(|e| PkiError::build("revocation list", e))?;
        Crl::from_der(&der)
    }
}
