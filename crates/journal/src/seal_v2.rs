//! Format-2 seals: one statement (`hattama-seal/2`) that both signers sign byte for byte, each
//! signature carrying its signer's X.509 certificate.
//!
//! The statement names the journal (the hash of its first entry), the count, the head, the
//! seal's time (the seal entry's own `time`) and, per signer, the role and the SHA-256 of the
//! certificate. So the seal signs everything a report shows about it: the names come from the
//! certificates the statement binds, the time from the statement. Whether a certificate is the
//! court's is for the reader's trust anchors to say (`pki::Trust`).

use chrono::{DateTime, FixedOffset};
use pki::{CertRole, Certificate, CertifiedKey, ECDSA_P256_SHA256, Trust};

use super::canonical::{Hash, hex_decode, hex_encode};
use super::entry::{CertifiedSignature, Role, SealedV2};
use super::seal::{NameSource, SealContext, SealError, SignerInfo, SignerStatus, check_position};
use super::statement::{Statement, StatementSigner};

/// The statement kind of a format-2 seal.
pub const SEAL_KIND: &str = "hattama-seal/2";

/// Fields of a seal statement, in their fixed order.
const FIELDS: [&str; 4] = ["journal", "count", "head", "time"];

/// The roles that seal, in the order of the statement's signer lines.
const ROLES: [Role; 2] = [Role::Judge, Role::Secretary];

/// Something that signs with a certified key: a protected key file today, a national-PKI token
/// (NCALayer) tomorrow.
pub trait CertSigner {
    fn certificate(&self) -> &Certificate;
    /// The algorithm name the statement records (`ecdsa-p256-sha256`).
    fn algorithm(&self) -> &str;
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SealError>;
}

impl CertSigner for CertifiedKey {
    fn certificate(&self) -> &Certificate {
        CertifiedKey::certificate(self)
    }
    fn algorithm(&self) -> &str {
        ECDSA_P256_SHA256
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SealError> {
        Ok(CertifiedKey::sign(self, message))
    }
}

impl From<Role> for CertRole {
    fn from(role: Role) -> CertRole {
        match role {
            Role::Judge => CertRole::Judge,
            Role::Secretary => CertRole::Secretary,
        }
    }
}

/// What a seal statement says, read and checked for form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealStatement {
    pub journal: Hash,
    pub count: u64,
    pub head: Hash,
    pub time: String,
    /// Judge first, then secretary: algorithm and certificate hash.
    pub signers: [(String, Hash); 2],
}

impl SealStatement {
    pub fn to_statement(&self) -> Statement {
        Statement {
            kind: SEAL_KIND.into(),
            fields: vec![
                ("journal".into(), self.journal.to_hex()),
                ("count".into(), self.count.to_string()),
                ("head".into(), self.head.to_hex()),
                ("time".into(), self.time.clone()),
            ],
            signers: ROLES
                .iter()
                .zip(&self.signers)
                .map(|(role, (algorithm, certificate))| StatementSigner {
                    role: role.as_str().into(),
                    algorithm: algorithm.clone(),
                    certificate: *certificate,
                })
                .collect(),
        }
    }

    /// Read a statement as a seal's: its kind, its four fields in order, a judge and a
    /// secretary.
    pub fn parse(text: &str) -> Result<SealStatement, SealError> {
        let s = Statement::parse(text).map_err(SealError::Statement)?;
        if s.kind != SEAL_KIND {
            return Err(SealError::Statement(format!("the kind is not {SEAL_KIND}")));
        }
        let keys: Vec<&str> = s.fields.iter().map(|(k, _)| k.as_str()).collect();
        if keys != FIELDS {
            return Err(SealError::Statement(
                "the fields must be journal, count, head, time".into(),
            ));
        }
        let field = |k| s.field(k).unwrap_or_default();
        let hash = |k| {
            field(k)
                .parse::<Hash>()
                .map_err(|_| SealError::Statement(format!("`{k}` is not a hash")))
        };
        let count = field("count");
        let count = count
            .parse::<u64>()
            .ok()
            .filter(|n| n.to_string() == count)
            .ok_or_else(|| SealError::Statement("`count` is not a number".into()))?;
        let roles: Vec<&str> = s.signers.iter().map(|x| x.role.as_str()).collect();
        if roles != ["judge", "secretary"] {
            return Err(SealError::Roles);
        }
        let signer = |i: usize| (s.signers[i].algorithm.clone(), s.signers[i].certificate);
        Ok(SealStatement {
            journal: hash("journal")?,
            count,
            head: hash("head")?,
            time: field("time").to_string(),
            signers: [signer(0), signer(1)],
        })
    }
}

/// Sign the statement of a seal by `judge` and `secretary`. The caller checks the signers first
/// ([`admit_signers`]); this only signs.
pub fn make_seal(
    journal: Hash,
    count: u64,
    head: Hash,
    time: &str,
    judge: &dyn CertSigner,
    secretary: &dyn CertSigner,
) -> Result<SealedV2, SealError> {
    let signers = [judge, secretary];
    let statement = SealStatement {
        journal,
        count,
        head,
        time: time.to_string(),
        signers: signers.map(|s| {
            (
                s.algorithm().to_string(),
                Hash(s.certificate().fingerprint()),
            )
        }),
    };
    let text = statement
        .to_statement()
        .to_text()
        .map_err(SealError::Statement)?;
    let mut signatures = Vec::with_capacity(2);
    for s in signers {
        signatures.push(CertifiedSignature {
            certificate: hex_encode(s.certificate().der()),
            signature: hex_encode(&s.sign(text.as_bytes())?),
        });
    }
    Ok(SealedV2 {
        statement: text,
        signatures,
    })
}

/// The hearing's judge and secretary as the opening entry names them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Officials {
    pub judge: String,
    pub secretary: String,
}

/// Before anything is written: each signer's certificate must be the court's, valid at `at`,
/// not revoked, issued for the role they seal in, and name the person the hearing names in that
/// role (names compared ignoring case and repeated spaces).
pub fn admit_signers(
    trust: &Trust,
    at: DateTime<FixedOffset>,
    officials: &Officials,
    judge: &dyn CertSigner,
    secretary: &dyn CertSigner,
) -> Result<(), SealError> {
    for (role, signer, expected) in [
        (Role::Judge, judge, &officials.judge),
        (Role::Secretary, secretary, &officials.secretary),
    ] {
        let cert = signer.certificate();
        let verdict = trust.evaluate(cert, at, role.into());
        if !verdict.authenticated() {
            return Err(SealError::Certificate {
                role: role.as_str(),
                why: verdict.status.describe(),
            });
        }
        let named = cert.holder().common_name.as_deref().unwrap_or_default();
        if normalize(named) != normalize(expected) {
            return Err(SealError::OtherPerson(role.as_str()));
        }
        if signer.algorithm() != ECDSA_P256_SHA256 {
            return Err(SealError::Algorithm(role.as_str()));
        }
    }
    // Two signatures by one key are one person's act, whatever the certificates say
    // (issue 16, item 16).
    let key = |s: &dyn CertSigner| s.certificate().public_key_bits().map(<[u8]>::to_vec);
    if key(judge).is_some() && key(judge) == key(secretary) {
        return Err(SealError::OneKey);
    }
    Ok(())
}

fn normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Check a format-2 seal against its place in the chain, its signatures, and — with `trust` —
/// the signers' certificates at the seal's time.
pub fn check(
    sealed: &SealedV2,
    ctx: &SealContext<'_>,
    trust: Option<&Trust>,
) -> Result<Vec<SignerInfo>, SealError> {
    let statement = SealStatement::parse(&sealed.statement)?;
    if statement.journal != *ctx.journal {
        return Err(SealError::Journal);
    }
    check_position(&statement.head, statement.count, ctx)?;
    if statement.time != ctx.time {
        return Err(SealError::Time);
    }
    if sealed.signatures.len() != statement.signers.len() {
        return Err(SealError::Statement(format!(
            "{} signatures for {} signers",
            sealed.signatures.len(),
            statement.signers.len()
        )));
    }
    let mut out = Vec::with_capacity(2);
    for ((role, (algorithm, cert_hash)), sig) in
        ROLES.iter().zip(&statement.signers).zip(&sealed.signatures)
    {
        let name = role.as_str();
        if algorithm != ECDSA_P256_SHA256 {
            return Err(SealError::Algorithm(name));
        }
        let der = hex(&sig.certificate).ok_or(SealError::Encoding(name))?;
        let cert = Certificate::from_der(&der).map_err(|_| SealError::Encoding(name))?;
        if Hash(cert.fingerprint()) != *cert_hash {
            return Err(SealError::CertificateHash(name));
        }
        let signature = hex(&sig.signature).ok_or(SealError::Encoding(name))?;
        cert.verify_signature(sealed.statement.as_bytes(), &signature)
            .map_err(|_| SealError::BadSignature(name))?;
        let status = match trust {
            Some(trust) => SignerStatus::Verdict(trust.evaluate(&cert, ctx.at, (*role).into())),
            None => SignerStatus::Unauthenticated,
        };
        out.push(SignerInfo {
            role: *role,
            name: cert.holder().common_name.clone().unwrap_or_default(),
            name_source: NameSource::Certificate,
            algorithm: algorithm.clone(),
            public_key: cert_hash.to_hex(),
            certificate: Some(cert),
            status,
        });
    }
    Ok(out)
}

/// Lowercase hex of any even length.
fn hex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    hex_decode(s, s.len() / 2).ok()
}

/// A signer as a seal records them: for documents drawn from a journal already verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedSigner {
    pub role: Role,
    /// Format 2: the certificate's CN; format 1: the name written beside the signature.
    pub name: String,
    /// Format 2: the certificate's SHA-256; format 1: the Ed25519 key (hex).
    pub key: String,
}

impl super::entry::Sealed {
    /// How many entries the seal covers (`None` only for a malformed format-2 statement, which
    /// a verified journal never holds).
    pub fn count(&self) -> Option<u64> {
        match self {
            super::entry::Sealed::V1(s) => Some(s.count),
            super::entry::Sealed::V2(s) => SealStatement::parse(&s.statement).ok().map(|x| x.count),
        }
    }

    /// The hash of the last entry the seal covers.
    pub fn head(&self) -> Option<Hash> {
        match self {
            super::entry::Sealed::V1(s) => Some(s.head),
            super::entry::Sealed::V2(s) => SealStatement::parse(&s.statement).ok().map(|x| x.head),
        }
    }

    /// The signers as recorded, judge first. Not a verification: use the checker's
    /// [`SignerInfo`] to say who is authenticated.
    pub fn recorded_signers(&self) -> Vec<RecordedSigner> {
        match self {
            super::entry::Sealed::V1(s) => s
                .signatures
                .iter()
                .map(|x| RecordedSigner {
                    role: x.role,
                    name: x.name.clone(),
                    key: x.public_key.clone(),
                })
                .collect(),
            super::entry::Sealed::V2(s) => ROLES
                .iter()
                .zip(&s.signatures)
                .map(|(role, sig)| {
                    let cert = hex(&sig.certificate).and_then(|d| Certificate::from_der(&d).ok());
                    RecordedSigner {
                        role: *role,
                        name: cert
                            .as_ref()
                            .and_then(|c| c.holder().common_name.clone())
                            .unwrap_or_default(),
                        key: cert
                            .map(|c| Hash(c.fingerprint()).to_hex())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        }
    }
}
