//! The court authority: its own key and self-signed CA certificate, and the certificates it
//! issues to the court's people and machines.
//!
//! Profiles follow RFC 5280: the authority's certificate has basic constraints cA (critical,
//! path length 0: it certifies people, never other authorities) and key usage keyCertSign and
//! cRLSign; a holder's has cA false and key usage digitalSignature and nonRepudiation for people
//! (what a signature on a court act needs), with the extended key usage that lets OpenSSL and
//! NSS accept their CMS signatures (emailProtection) and the archive accept them as TLS clients
//! (clientAuth).

use chrono::{DateTime, FixedOffset, Timelike};
use der::asn1::{Ia5String, OctetString};
use der::{Decode, Encode};
use p256::ecdsa::DerSignature;
use spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use crate::key::PersonalKey;
use crate::name::{court_name, holder_name};
use crate::time_conv::to_x509;
use crate::{CertRole, Certificate, PkiError, oid};

/// The court an authority speaks for: its name in Kazakh and Russian, and its BIN if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtName {
    pub kk: String,
    pub ru: String,
    pub bin: Option<String>,
}

/// A certificate to issue.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    pub role: CertRole,
    /// The holder's full name (a person) or a machine's name.
    pub name: String,
    /// The holder's IIN (12 digits), written as `SERIALNUMBER=IIN…`.
    pub iin: Option<String>,
    /// The holder's public key, DER `SubjectPublicKeyInfo`.
    pub public_key_der: Vec<u8>,
    pub not_before: DateTime<FixedOffset>,
    pub not_after: DateTime<FixedOffset>,
    /// Host names the archive serves under (TLS); only for the archive role.
    pub dns_names: Vec<String>,
}

impl IssueRequest {
    /// What the role allows the request to name, checked before anything is signed (and
    /// before the authority's key is opened): host names only for the archive — which needs
    /// one — and an IIN only for a person.
    pub fn check(&self) -> Result<(), PkiError> {
        if !self.dns_names.is_empty() && self.role != CertRole::Archive {
            return Err(PkiError::Invalid(
                "host names are for the archive's certificate only".into(),
            ));
        }
        // The archive serves TLS with this certificate: without the host name the courtroom
        // PCs connect to, every connection would be refused long after the certificate was
        // handed over.
        if self.dns_names.is_empty() && self.role == CertRole::Archive {
            return Err(PkiError::Invalid(
                "the archive's certificate needs the host name the courtroom PCs connect to (--dns HOST)".into(),
            ));
        }
        if self.iin.is_some() && !self.role.is_person() {
            return Err(PkiError::Invalid(format!(
                "an IIN is for a person's certificate, not a {}'s",
                self.role
            )));
        }
        for host in &self.dns_names {
            let ok = !host.is_empty()
                && host.len() <= 253
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !ok {
                return Err(PkiError::Invalid(format!(
                    "`{host}` is not a host name (letters, digits, '-' and '.')"
                )));
            }
        }
        Ok(())
    }
}

/// The authority: its signing key and its own certificate.
pub struct Authority {
    key: PersonalKey,
    cert: Certificate,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Authority({:?})", self.cert)
    }
}

impl Authority {
    /// A new authority with a fresh key, valid over the given period.
    pub fn create(
        court: &CourtName,
        not_before: DateTime<FixedOffset>,
        not_after: DateTime<FixedOffset>,
    ) -> Result<Authority, PkiError> {
        let key = PersonalKey::generate().map_err(|e| PkiError::Random(e.to_string()))?;
        Authority::create_with(key, court, not_before, not_after, &random_serial()?)
    }

    /// As [`Authority::create`], with the key and serial given: reproducible (test vectors).
    pub fn create_with(
        key: PersonalKey,
        court: &CourtName,
        not_before: DateTime<FixedOffset>,
        not_after: DateTime<FixedOffset>,
        serial: &[u8],
    ) -> Result<Authority, PkiError> {
        let subject = court_name(&court.kk, &court.ru, court.bin.as_deref())?;
        let spki = spki_of(&key.public_key_der()?)?;
        let builder = CertificateBuilder::new(
            CourtRoot { subject },
            serial_number(serial)?,
            validity(not_before, not_after)?,
            spki,
        )
        .map_err(|e| PkiError::build("authority certificate", e))?;
        let cert = builder
            .build::<_, DerSignature>(key.signing_key())
            .map_err(|e| PkiError::build("authority certificate", e))?;
        let der = cert
            .to_der()
            .map_err(|e| PkiError::build("authority certificate", e))?;
        Authority::from_parts(key, Certificate::from_der(&der)?)
    }

    /// An authority from its key and certificate, as read back from files.
    pub fn from_parts(key: PersonalKey, cert: Certificate) -> Result<Authority, PkiError> {
        if !cert.is_ca() {
            return Err(PkiError::NotACa);
        }
        if !key.matches(&cert) {
            return Err(PkiError::KeyMismatch);
        }
        Ok(Authority { key, cert })
    }

    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    pub fn key(&self) -> &PersonalKey {
        &self.key
    }

    /// The court's name as its people's certificates carry it (`O`): the Russian one, which
    /// the authority's subject lists second.
    pub fn court(&self) -> String {
        let orgs = &self.cert.holder().organizations;
        orgs.get(1)
            .or_else(|| orgs.first())
            .cloned()
            .or_else(|| self.cert.holder().common_name.clone())
            .unwrap_or_default()
    }

    /// Issue a certificate for `request`, with a random serial.
    pub fn issue(&self, request: &IssueRequest) -> Result<Certificate, PkiError> {
        self.issue_with_serial(request, &random_serial()?)
    }

    /// As [`Authority::issue`], with the serial given: reproducible (test vectors).
    pub fn issue_with_serial(
        &self,
        request: &IssueRequest,
        serial: &[u8],
    ) -> Result<Certificate, PkiError> {
        // Certificates keep whole seconds: compare as they will be written.
        let whole = |t: DateTime<FixedOffset>| t.with_nanosecond(0).unwrap_or(t);
        let (not_before, not_after) = (whole(request.not_before), whole(request.not_after));
        if not_after <= not_before {
            return Err(PkiError::Invalid(
                "the certificate's end of validity must come after its start".into(),
            ));
        }
        if not_before < self.cert.not_before() || not_after > self.cert.not_after() {
            return Err(PkiError::Invalid(format!(
                "the certificate must be valid within the authority's own validity ({} to {})",
                date(self.cert.not_before()),
                date(self.cert.not_after())
            )));
        }
        request.check()?;
        let spki = spki_of(&request.public_key_der)?;
        let subject = holder_name(
            &self.court(),
            self.cert.holder().bin.as_deref(),
            &request.name,
            request.iin.as_deref(),
            request.role,
        )?;
        let mut dns = Vec::new();
        for host in &request.dns_names {
            dns.push(GeneralName::DnsName(
                Ia5String::new(host).map_err(|e| PkiError::build("host name", e))?,
            ));
        }
        let profile = CourtLeaf {
            subject,
            issuer: self.cert.inner().tbs_certificate().subject().clone(),
            role: request.role,
            dns,
        };
        let builder = CertificateBuilder::new(
            profile,
            serial_number(serial)?,
            validity(request.not_before, request.not_after)?,
            spki,
        )
        .map_err(|e| PkiError::build("certificate", e))?;
        let cert = builder
            .build::<_, DerSignature>(self.key.signing_key())
            .map_err(|e| PkiError::build("certificate", e))?;
        let der = cert
            .to_der()
            .map_err(|e| PkiError::build("certificate", e))?;
        Certificate::from_der(&der)
    }
}

fn date(t: DateTime<FixedOffset>) -> String {
    t.date_naive().to_string()
}

/// The key must be P-256: the only kind Hattama signs with.
fn spki_of(der: &[u8]) -> Result<SubjectPublicKeyInfoOwned, PkiError> {
    let spki = SubjectPublicKeyInfoOwned::from_der(der)
        .map_err(|e| PkiError::NotAPublicKey(e.to_string()))?;
    let is_p256 = spki.algorithm.oid == oid::ID_EC_PUBLIC_KEY
        && spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<const_oid::ObjectIdentifier>().ok())
            == Some(oid::SECP256R1);
    if !is_p256 {
        return Err(PkiError::UnsupportedKey);
    }
    Ok(spki)
}

fn validity(
    not_before: DateTime<FixedOffset>,
    not_after: DateTime<FixedOffset>,
) -> Result<Validity, PkiError> {
    if not_after <= not_before {
        return Err(PkiError::Invalid(
            "the end of validity must come after its start".into(),
        ));
    }
    Ok(Validity::new(to_x509(not_before)?, to_x509(not_after)?))
}

/// 16 random bytes, positive and without a leading zero (RFC 5280 4.1.2.2: at most 20 octets).
fn random_serial() -> Result<[u8; 16], PkiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| PkiError::Random(e.to_string()))?;
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    Ok(bytes)
}

fn serial_number(bytes: &[u8]) -> Result<SerialNumber, PkiError> {
    SerialNumber::new(bytes).map_err(|e| PkiError::build("serial number", e))
}

fn ski(spk: SubjectPublicKeyInfoRef<'_>) -> x509_cert::builder::Result<SubjectKeyIdentifier> {
    Ok(SubjectKeyIdentifier::try_from(spk)?)
}

/// The authority's own certificate.
struct CourtRoot {
    subject: Name,
}

impl BuilderProfile for CourtRoot {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut out: Vec<Extension> = Vec::new();
        let id = ski(spk)?;
        let aki = AuthorityKeyIdentifier {
            key_identifier: Some(id.0.clone()),
            ..Default::default()
        };
        out.push(
            BasicConstraints {
                ca: true,
                path_len_constraint: Some(0),
            }
            .to_extension(tbs.subject(), &out)?,
        );
        out.push(
            KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)
                .to_extension(tbs.subject(), &out)?,
        );
        out.push(id.to_extension(tbs.subject(), &out)?);
        out.push(aki.to_extension(tbs.subject(), &out)?);
        Ok(out)
    }
}

/// A holder's certificate: a person's or a machine's.
struct CourtLeaf {
    subject: Name,
    issuer: Name,
    role: CertRole,
    dns: Vec<GeneralName>,
}

impl BuilderProfile for CourtLeaf {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut out: Vec<Extension> = Vec::new();
        let issuer_id = ski(issuer_spk)?;
        out.push(
            BasicConstraints {
                ca: false,
                path_len_constraint: None,
            }
            .to_extension(tbs.subject(), &out)?,
        );
        let (usage, purposes) = match self.role {
            CertRole::Judge | CertRole::Secretary => (
                KeyUsages::DigitalSignature | KeyUsages::NonRepudiation,
                vec![oid::KP_EMAIL_PROTECTION, oid::KP_CLIENT_AUTH],
            ),
            CertRole::Archive => (
                KeyUsages::DigitalSignature | KeyUsages::NonRepudiation,
                vec![oid::KP_SERVER_AUTH, oid::KP_CLIENT_AUTH],
            ),
            CertRole::Workstation => (
                KeyUsages::DigitalSignature.into(),
                vec![oid::KP_CLIENT_AUTH],
            ),
        };
        out.push(KeyUsage(usage).to_extension(tbs.subject(), &out)?);
        out.push(ExtendedKeyUsage(purposes).to_extension(tbs.subject(), &out)?);
        out.push(ski(spk)?.to_extension(tbs.subject(), &out)?);
        out.push(
            AuthorityKeyIdentifier {
                key_identifier: Some(OctetString::new(issuer_id.0.as_bytes())?),
                ..Default::default()
            }
            .to_extension(tbs.subject(), &out)?,
        );
        if !self.dns.is_empty() {
            out.push(SubjectAltName(self.dns.clone()).to_extension(tbs.subject(), &out)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(role: CertRole, iin: Option<&str>, dns: &[&str]) -> IssueRequest {
        let t = DateTime::parse_from_rfc3339("2027-01-01T00:00:00+05:00").unwrap_or_default();
        IssueRequest {
            role,
            name: "x".into(),
            iin: iin.map(str::to_string),
            public_key_der: Vec::new(),
            not_before: t,
            not_after: t,
            dns_names: dns.iter().map(|h| h.to_string()).collect(),
        }
    }

    #[test]
    fn each_role_names_only_what_it_can_use() {
        let iin = Some("900515300123");
        assert!(request(CertRole::Judge, iin, &[]).check().is_ok());
        assert!(request(CertRole::Secretary, None, &[]).check().is_ok());
        assert!(
            request(CertRole::Archive, None, &["archive.sud.kz"])
                .check()
                .is_ok()
        );
        assert!(request(CertRole::Workstation, None, &[]).check().is_ok());
        // The archive must name its host; no one else may; machines have no IIN.
        assert!(request(CertRole::Archive, None, &[]).check().is_err());
        assert!(request(CertRole::Judge, iin, &["h"]).check().is_err());
        assert!(
            request(CertRole::Workstation, None, &["h"])
                .check()
                .is_err()
        );
        assert!(request(CertRole::Workstation, iin, &[]).check().is_err());
        assert!(request(CertRole::Archive, iin, &["h"]).check().is_err());
        assert!(request(CertRole::Archive, None, &["a b"]).check().is_err());
    }
}
