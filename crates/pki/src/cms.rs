//! Detached CMS `SignedData` (RFC 5652) over a SHA-256 digest, as PDF signatures carry it
//! (`ETSI.CAdES.detached`, PAdES baseline B-B): signed attributes content-type, message-digest
//! and ESS signing-certificate-v2 (RFC 5035); no signing-time (PAdES puts the time in the
//! signature dictionary's `/M`); the signer's certificate and its chain included.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use p256::ecdsa::{DerSignature, SigningKey};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use crate::{Certificate, CertifiedKey, PkiError, oid};

/// CMS signatures Hattama reads are small; larger inputs are refused.
pub const MAX_CMS: usize = 256 * 1024;

/// ESS `SigningCertificateV2` (RFC 5035 §3).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// ESS `ESSCertIDv2`; the hash algorithm is the DEFAULT (SHA-256), so it is left out.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

fn ess_attribute(cert: &Certificate) -> Result<Attribute, PkiError> {
    let tbs = cert.inner().tbs_certificate();
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(cert.fingerprint().to_vec())
                .map_err(|e| PkiError::build("signature", e))?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
    };
    let any = Any::encode_from(&value).map_err(|e| PkiError::build("signature", e))?;
    let mut values = SetOfVec::new();
    values
        .insert(any)
        .map_err(|e| PkiError::build("signature", e))?;
    Ok(Attribute {
        oid: oid::SIGNING_CERTIFICATE_V2,
        values,
    })
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: oid::SHA256,
        parameters: None,
    }
}

/// A detached signature by `signer` over content whose SHA-256 is `digest`: DER `ContentInfo`.
pub fn sign_detached(digest: &[u8; 32], signer: &CertifiedKey) -> Result<Vec<u8>, PkiError> {
    let err = |e: cms::builder::Error| PkiError::build("CMS signature", format!("{e:?}"));
    let cert = signer.certificate();
    let tbs = cert.inner().tbs_certificate();
    let eci = EncapsulatedContentInfo {
        econtent_type: oid::ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: tbs.issuer().clone(),
        serial_number: tbs.serial_number().clone(),
    });
    let mut info = SignerInfoBuilder::new(sid, sha256_alg(), &eci, Some(digest)).map_err(err)?;
    info.add_signed_attribute(ess_attribute(cert)?)
        .map_err(err)?;
    let mut data = SignedDataBuilder::new(&eci);
    data.add_digest_algorithm(sha256_alg()).map_err(err)?;
    for c in std::iter::once(cert).chain(signer.chain()) {
        data.add_certificate(CertificateChoices::Certificate(c.inner().clone()))
            .map_err(err)?;
    }
    let key: &SigningKey = signer.key().signing_key();
    data.add_signer_info::<SigningKey, DerSignature>(info, key)
        .map_err(err)?;
    let content = data.build().map_err(err)?;
    content
        .to_der()
        .map_err(|e| PkiError::build("CMS signature", e))
}

/// A verified detached signature: who signed (the certificate the signature names and verifies
/// under) and the other certificates it carries. Trust in the signer is a separate question
/// ([`crate::Trust`]).
#[derive(Debug, Clone)]
pub struct CmsSignature {
    pub signer: Certificate,
    pub certificates: Vec<Certificate>,
}

/// Check a detached CMS signature (DER `ContentInfo`) over content whose SHA-256 is `digest`.
pub fn verify_detached(cms: &[u8], digest: &[u8; 32]) -> Result<CmsSignature, PkiError> {
    let bad = |what: &str| PkiError::NotACms(what.to_string());
    if cms.len() > MAX_CMS {
        return Err(bad("too large"));
    }
    let info =
        ContentInfo::from_der(cms).map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
    if info.content_type != oid::ID_SIGNED_DATA {
        return Err(bad("not SignedData"));
    }
    let data: SignedData = info
        .content
        .decode_as()
        .map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
    if data.encap_content_info.econtent_type != oid::ID_DATA
        || data.encap_content_info.econtent.is_some()
    {
        return Err(bad("not a detached signature over data"));
    }
    let mut certificates = Vec::new();
    for choice in data.certificates.iter().flat_map(|s| s.0.iter()) {
        if let CertificateChoices::Certificate(c) = choice {
            let der = c
                .to_der()
                .map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
            certificates.push(Certificate::from_der(&der)?);
        }
    }
    let [signer_info] = data.signer_infos.0.as_slice() else {
        return Err(bad("expected exactly one signer"));
    };
    if signer_info.digest_alg.oid != oid::SHA256 {
        return Err(PkiError::UnsupportedAlgorithm(
            signer_info.digest_alg.oid.to_string(),
        ));
    }
    if signer_info.signature_algorithm.oid != oid::ECDSA_WITH_SHA256 {
        return Err(PkiError::UnsupportedAlgorithm(
            signer_info.signature_algorithm.oid.to_string(),
        ));
    }
    let signer = match &signer_info.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => certificates.iter().find(|c| {
            let tbs = c.inner().tbs_certificate();
            *tbs.issuer() == id.issuer && *tbs.serial_number() == id.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => None,
    }
    .cloned()
    .ok_or_else(|| bad("the signer's certificate is not included"))?;
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or_else(|| bad("no signed attributes"))?;
    let single = |oid: const_oid::ObjectIdentifier| -> Result<&Any, PkiError> {
        let mut found = attrs.iter().filter(|a| a.oid == oid);
        match (found.next(), found.next()) {
            (Some(a), None) if a.values.len() == 1 => a
                .values
                .iter()
                .next()
                .ok_or_else(|| bad("an empty attribute")),
            _ => Err(bad("a signed attribute is missing or repeated")),
        }
    };
    let content_type: const_oid::ObjectIdentifier = single(oid::CONTENT_TYPE)?
        .decode_as()
        .map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
    if content_type != oid::ID_DATA {
        return Err(bad("the signed content type is not data"));
    }
    let md: OctetString = single(oid::MESSAGE_DIGEST)?
        .decode_as()
        .map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
    if md.as_bytes() != digest {
        return Err(PkiError::BadSignature);
    }
    if attrs.iter().any(|a| a.oid == oid::SIGNING_CERTIFICATE_V2) {
        let ess: SigningCertificateV2 = single(oid::SIGNING_CERTIFICATE_V2)?
            .decode_as()
            .map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
        let named = ess.certs.first().map(|c| c.cert_hash.as_bytes());
        if named != Some(&signer.fingerprint()[..]) {
            return Err(bad(
                "the signing-certificate attribute names another certificate",
            ));
        }
    }
    let signed = attrs
        .to_der()
        .map_err(|e: der::Error| PkiError::NotACms(e.to_string()))?;
    signer.verify_signature(&signed, signer_info.signature.as_bytes())?;
    Ok(CmsSignature {
        signer,
        certificates,
    })
}

/// SHA-256 over several byte ranges in order (a PDF's signed ranges).
pub fn digest_of(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The length of the DER value at the start of `bytes` (tag, length and contents), so that a
/// signature padded with zeros (as in a PDF's `/Contents`) can be cut to size.
pub fn der_length(bytes: &[u8]) -> Option<usize> {
    use der::{Reader, SliceReader};
    let mut reader = SliceReader::new(bytes).ok()?;
    let header = der::Header::decode(&mut reader).ok()?;
    let head = usize::try_from(reader.position()).ok()?;
    let body = usize::try_from(header.length()).ok()?;
    head.checked_add(body).filter(|n| *n <= bytes.len())
}
