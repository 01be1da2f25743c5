//! Seals: the judge's and the secretary's signatures over the head of the chain, and what a
//! check of one found about each signer.
//!
//! Format 2 (`seal_v2`) is what Hattama writes: a signed statement carrying each signer's
//! certificate. Format 1, below, is Ed25519 over the head and count with the signer's name
//! beside it, unsigned; journals sealed that way still verify, and their signers are reported
//! as keys without certificates. [`make_seal`] writes format 1 only for tests of old journals.

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};

use super::canonical::{Hash, hex_decode, hex_encode, seal_message};
use super::entry::{Role, SealSignature, Sealed, SealedV1};
use super::verify::VerifyOptions;

pub const ED25519: &str = "ed25519";

/// Why a seal could not be made or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("a seal needs exactly one judge and one secretary signer")]
    Signers,
    #[error("the signer failed ({0})")]
    Signing(String),
    #[error("the seal's head does not match the entry before it")]
    Head,
    #[error("the seal's count is {found}, the entries before it are {expected}")]
    Count { expected: u64, found: u64 },
    #[error("the seal must hold one judge and one secretary signature")]
    Roles,
    #[error("the {0} signature uses an unsupported algorithm")]
    Algorithm(&'static str),
    #[error("the {0}'s public key or signature is not well-formed")]
    Encoding(&'static str),
    #[error("the {0}'s signature does not verify")]
    BadSignature(&'static str),
    #[error("the {0}'s key is not among the given public keys")]
    UnknownSigner(&'static str),
    #[error("the seal's statement is malformed ({0})")]
    Statement(String),
    #[error("the seal names another journal than this one")]
    Journal,
    #[error("the seal's signed time is not the time of its entry")]
    Time,
    #[error("the {0}'s certificate is not the one the statement names")]
    CertificateHash(&'static str),
    #[error("the {role}'s certificate is refused: {why}")]
    Certificate { role: &'static str, why: String },
    #[error("the {0}'s certificate names another person than the hearing's {0}")]
    OtherPerson(&'static str),
    #[error(
        "the judge's and the secretary's certificates certify one key: each official seals with a key of their own"
    )]
    OneKey,
}

/// An Ed25519 signer of format-1 seals (old journals, tests).
pub trait Signer {
    fn role(&self) -> Role;
    fn name(&self) -> &str;
    fn algorithm(&self) -> &str;
    fn public_key(&self) -> Vec<u8>;
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SealError>;
}

/// Something that checks signatures of the algorithms it knows. `Send + Sync` so that an open
/// journal, which holds one, can move to another thread.
pub trait Verifier: Send + Sync {
    fn supports(&self, algorithm: &str) -> bool;
    /// True only for a valid signature by `public_key` over `message`.
    fn verify(&self, algorithm: &str, public_key: &[u8], message: &[u8], signature: &[u8]) -> bool;
}

/// Ed25519 with the strict checks of `verify_strict` (no malleable or small-order signatures).
#[derive(Debug, Clone, Copy, Default)]
pub struct Ed25519Verifier;

impl Verifier for Ed25519Verifier {
    fn supports(&self, algorithm: &str) -> bool {
        algorithm == ED25519
    }

    fn verify(&self, algorithm: &str, key: &[u8], message: &[u8], sig: &[u8]) -> bool {
        let (Ok(key), Ok(sig)) = (<&[u8; 32]>::try_from(key), <&[u8; 64]>::try_from(sig)) else {
            return false;
        };
        let Ok(key) = VerifyingKey::from_bytes(key) else {
            return false;
        };
        algorithm == ED25519
            && key
                .verify_strict(message, &Signature::from_bytes(sig))
                .is_ok()
    }
}

/// An Ed25519 signer held in memory (the secret is wiped on drop by `ed25519-dalek`).
pub struct Ed25519Signer {
    pub role: Role,
    pub name: String,
    pub key: SigningKey,
}

impl Signer for Ed25519Signer {
    fn role(&self) -> Role {
        self.role
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn algorithm(&self) -> &str {
        ED25519
    }
    fn public_key(&self) -> Vec<u8> {
        self.key.verifying_key().to_bytes().to_vec()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SealError> {
        use ed25519_dalek::Signer as _;
        Ok(self.key.sign(message).to_bytes().to_vec())
    }
}

/// A format-1 seal of `count` entries ending in `head`, by one judge and one secretary.
/// Hattama seals in format 2; this writes old-format journals for tests.
pub fn make_seal(head: Hash, count: u64, signers: &[&dyn Signer]) -> Result<Sealed, SealError> {
    let mut roles: Vec<Role> = signers.iter().map(|s| s.role()).collect();
    roles.sort();
    if roles != [Role::Judge, Role::Secretary] {
        return Err(SealError::Signers);
    }
    let mut signatures = Vec::with_capacity(2);
    for signer in signers {
        let message = seal_message(signer.role().as_str(), count, &head);
        signatures.push(SealSignature {
            role: signer.role(),
            name: signer.name().to_string(),
            algorithm: signer.algorithm().to_string(),
            public_key: hex_encode(&signer.public_key()),
            signature: hex_encode(&signer.sign(&message)?),
        });
    }
    signatures.sort_by_key(|s| s.role);
    Ok(Sealed::V1(SealedV1 {
        head,
        count,
        signatures,
    }))
}

/// Who signed a seal, as far as the check could establish it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerInfo {
    pub role: Role,
    /// The signer's name, and where it comes from (see [`NameSource`]).
    pub name: String,
    pub name_source: NameSource,
    pub algorithm: String,
    /// Format 1: the Ed25519 key (hex). Format 2: the SHA-256 of the certificate (hex).
    pub public_key: String,
    /// Format 2: the certificate the signature verified under.
    pub certificate: Option<pki::Certificate>,
    pub status: SignerStatus,
}

impl SignerInfo {
    /// The key that made the signature: format 1 the Ed25519 key, format 2 the certificate's
    /// public key (two certificates may certify one key).
    pub fn key(&self) -> Option<Vec<u8>> {
        match &self.certificate {
            Some(cert) => cert.public_key_bits().map(<[u8]>::to_vec),
            None => Some(self.public_key.as_bytes().to_vec()),
        }
    }
}

/// Where a shown name comes from: only a certificate or the reader's own key list are sources
/// a report may present as the signer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// The certificate's CN; the certificate is bound to the signature by the statement.
    Certificate,
    /// The public-key file the reader trusted (`--pubkey`, format 1).
    KeyList,
    /// Written beside a format-1 signature and not signed: a claim, nothing more.
    Unsigned,
}

/// What is known about a signer beyond "the signature verifies".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerStatus {
    /// Checked against the key or certificate inside the seal only: proves the seal was not
    /// changed, not who made it.
    Unauthenticated,
    /// Format 1: the key is among the reader's `--pubkey` keys under this role.
    KeyListed,
    /// Format 1 under `--trust`: a bare key, which no authority vouches for.
    WithoutCertificate,
    /// Format 2 under `--trust`: the authority's verdict at the seal's time.
    Verdict(pki::Verdict),
}

impl SignerStatus {
    pub fn authenticated(&self) -> bool {
        match self {
            SignerStatus::KeyListed => true,
            SignerStatus::Verdict(v) => v.authenticated(),
            _ => false,
        }
    }

    /// As reports name it: `unauthenticated`, `key_listed`, `key_without_certificate`, or the
    /// trust status (`authenticated`, `untrusted`, `revoked`, …).
    pub fn code(&self) -> &'static str {
        match self {
            SignerStatus::Unauthenticated => "unauthenticated",
            SignerStatus::KeyListed => "key_listed",
            SignerStatus::WithoutCertificate => "key_without_certificate",
            SignerStatus::Verdict(v) => v.status.code(),
        }
    }

    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            SignerStatus::Unauthenticated => "unauthenticated".into(),
            SignerStatus::KeyListed => "authenticated by the given public key".into(),
            SignerStatus::WithoutCertificate => {
                "key without certificate (an old seal): not authenticated".into()
            }
            SignerStatus::Verdict(v) if v.authenticated() && v.revocation_checked.is_none() => {
                "authenticated (revocation not checked: no revocation list of the authority given)"
                    .into()
            }
            SignerStatus::Verdict(v) => v.status.describe(),
        }
    }
}

/// Where a seal stands in its chain: what its statement must match.
#[derive(Debug, Clone, Copy)]
pub struct SealContext<'a> {
    pub seq: u64,
    /// The hash of the entry before the seal.
    pub prev: &'a Hash,
    /// The seal entry's `time`, exactly as written, and as an instant.
    pub time: &'a str,
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// The hash of the journal's first entry.
    pub journal: &'a Hash,
}

/// Check a seal found at `ctx.seq`. With `--pubkey` keys (format 1), every signer's key must be
/// among them under the same role; with `--trust` (format 2), each signer gets the authority's
/// verdict. Either way the signatures themselves must verify.
pub fn check_seal(
    sealed: &Sealed,
    ctx: &SealContext<'_>,
    opts: &VerifyOptions<'_>,
) -> Result<Vec<SignerInfo>, SealError> {
    match sealed {
        Sealed::V1(v1) => check_v1(v1, ctx, opts),
        Sealed::V2(v2) => super::seal_v2::check(v2, ctx, opts.trust),
    }
}

/// The count must be the entries before the seal, the head the entry just before it.
pub(crate) fn check_position(
    head: &Hash,
    count: u64,
    ctx: &SealContext<'_>,
) -> Result<(), SealError> {
    if head != ctx.prev {
        return Err(SealError::Head);
    }
    let expected = ctx.seq.saturating_sub(1);
    if count != expected {
        return Err(SealError::Count {
            expected,
            found: count,
        });
    }
    Ok(())
}

fn check_v1(
    sealed: &SealedV1,
    ctx: &SealContext<'_>,
    opts: &VerifyOptions<'_>,
) -> Result<Vec<SignerInfo>, SealError> {
    check_position(&sealed.head, sealed.count, ctx)?;
    let mut roles: Vec<Role> = sealed.signatures.iter().map(|s| s.role).collect();
    roles.sort();
    if roles != [Role::Judge, Role::Secretary] {
        return Err(SealError::Roles);
    }
    let mut out = Vec::with_capacity(2);
    for sig in &sealed.signatures {
        let role = sig.role.as_str();
        if !opts.verifier.supports(&sig.algorithm) {
            return Err(SealError::Algorithm(role));
        }
        let key = hex_decode(&sig.public_key, sig.public_key.len() / 2)
            .map_err(|_| SealError::Encoding(role))?;
        let signature = hex_decode(&sig.signature, sig.signature.len() / 2)
            .map_err(|_| SealError::Encoding(role))?;
        let message = seal_message(role, sealed.count, &sealed.head);
        if !opts
            .verifier
            .verify(&sig.algorithm, &key, &message, &signature)
        {
            return Err(SealError::BadSignature(role));
        }
        let (name, name_source, status) = match (opts.trusted, opts.trust) {
            (Some(keys), _) => {
                let known = keys.iter().find(|k| {
                    k.role == sig.role
                        && k.algorithm == sig.algorithm
                        && k.public_key == sig.public_key
                });
                let Some(record) = known else {
                    return Err(SealError::UnknownSigner(role));
                };
                (
                    record.name.clone(),
                    NameSource::KeyList,
                    SignerStatus::KeyListed,
                )
            }
            (None, Some(_)) => (
                sig.name.clone(),
                NameSource::Unsigned,
                SignerStatus::WithoutCertificate,
            ),
            (None, None) => (
                sig.name.clone(),
                NameSource::Unsigned,
                SignerStatus::Unauthenticated,
            ),
        };
        out.push(SignerInfo {
            role: sig.role,
            name,
            name_source,
            algorithm: sig.algorithm.clone(),
            public_key: sig.public_key.clone(),
            certificate: None,
            status,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PublicKeyRecord;

    fn signer(role: Role, seed: u8) -> Ed25519Signer {
        Ed25519Signer {
            role,
            name: format!("{role:?}"),
            key: SigningKey::from_bytes(&[seed; 32]),
        }
    }

    fn check(
        seal: &Sealed,
        seq: u64,
        prev: &Hash,
        trusted: Option<&[PublicKeyRecord]>,
    ) -> Result<Vec<SignerInfo>, SealError> {
        let ctx = SealContext {
            seq,
            prev,
            time: "2026-11-24T10:31:00+05:00",
            at: chrono::DateTime::parse_from_rfc3339("2026-11-24T10:31:00+05:00").unwrap(),
            journal: &Hash::ZERO,
        };
        let opts = VerifyOptions {
            trusted,
            ..VerifyOptions::default()
        };
        check_seal(seal, &ctx, &opts)
    }

    fn v1(seal: &Sealed) -> SealedV1 {
        match seal {
            Sealed::V1(s) => s.clone(),
            Sealed::V2(_) => panic!("format 1 expected"),
        }
    }

    #[test]
    fn a_seal_verifies_and_any_change_breaks_it() {
        let (j, s) = (signer(Role::Judge, 1), signer(Role::Secretary, 2));
        let head = Hash::of(b"head");
        let seal = make_seal(head, 4, &[&s, &j]).unwrap();
        assert_eq!(v1(&seal).signatures[0].role, Role::Judge);
        let info = check(&seal, 5, &head, None).unwrap();
        assert!(info.iter().all(|i| !i.status.authenticated()));
        assert!(info.iter().all(|i| i.name_source == NameSource::Unsigned));

        assert_eq!(
            check(&seal, 6, &head, None),
            Err(SealError::Count {
                expected: 5,
                found: 4
            })
        );
        assert_eq!(check(&seal, 5, &Hash::ZERO, None), Err(SealError::Head));

        let mut swapped = v1(&seal);
        swapped.signatures[0].role = Role::Secretary;
        swapped.signatures[1].role = Role::Judge;
        assert!(matches!(
            check(&Sealed::V1(swapped), 5, &head, None),
            Err(SealError::BadSignature(_))
        ));

        let mut only_judge = v1(&seal);
        only_judge.signatures.pop();
        assert_eq!(
            check(&Sealed::V1(only_judge), 5, &head, None),
            Err(SealError::Roles)
        );
    }

    #[test]
    fn trusted_keys_authenticate_and_name_the_signer_or_refuse() {
        let (j, s) = (signer(Role::Judge, 1), signer(Role::Secretary, 2));
        let head = Hash::of(b"head");
        let seal = make_seal(head, 4, &[&j, &s]).unwrap();
        let rec = |x: &Ed25519Signer| PublicKeyRecord::new(x.role, &x.name, &x.public_key());
        let both = [rec(&j), rec(&s)];
        let mut forged = v1(&seal);
        forged.signatures[0].name = "Someone Else".into();
        let info = check(&Sealed::V1(forged), 5, &head, Some(&both)).unwrap();
        assert!(info.iter().all(|i| i.status.authenticated()));
        // The unsigned name in the seal is never shown as the signer's.
        assert_eq!(info[0].name, j.name);
        assert_eq!(info[0].name_source, NameSource::KeyList);
        let other = signer(Role::Secretary, 3);
        let wrong = [rec(&j), rec(&other)];
        assert_eq!(
            check(&seal, 5, &head, Some(&wrong)),
            Err(SealError::UnknownSigner("secretary"))
        );
    }

    #[test]
    fn a_seal_needs_both_roles() {
        let j = signer(Role::Judge, 1);
        let j2 = signer(Role::Judge, 2);
        assert_eq!(
            make_seal(Hash::ZERO, 1, &[&j, &j2]),
            Err(SealError::Signers)
        );
    }
}
