//! Seals: the judge's and the secretary's signatures over the head of the chain.
//!
//! Signing and checking sit behind the [`Signer`] and [`Verifier`] traits, and every signature
//! names its algorithm, so a national PKI (e.g. keys held in a token) can be plugged in later
//! without changing the journal format. Ed25519 (RFC 8032) is what ships.

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};

use super::canonical::{Hash, hex_decode, hex_encode, seal_message};
use super::entry::{Role, SealSignature, Sealed};
use super::keys::PublicKeyRecord;

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
}

/// Something that can sign for a role: a key file today, a PKI token tomorrow.
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

/// Sign `count` entries ending in `head` by one judge and one secretary.
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
    Ok(Sealed {
        head,
        count,
        signatures,
    })
}

/// Who signed a seal, and whether their key was among the keys the reader trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerInfo {
    pub role: Role,
    pub name: String,
    pub algorithm: String,
    pub public_key: String,
    pub authenticated: bool,
}

/// Check a seal found at `seq` whose `prev` is the hash of the entry before it.
/// With `trusted`, every signer's key must be among them under the same role.
pub fn check_seal(
    sealed: &Sealed,
    seq: u64,
    prev: &Hash,
    verifier: &dyn Verifier,
    trusted: Option<&[PublicKeyRecord]>,
) -> Result<Vec<SignerInfo>, SealError> {
    if sealed.head != *prev {
        return Err(SealError::Head);
    }
    let expected = seq.saturating_sub(1);
    if sealed.count != expected {
        return Err(SealError::Count {
            expected,
            found: sealed.count,
        });
    }
    let mut roles: Vec<Role> = sealed.signatures.iter().map(|s| s.role).collect();
    roles.sort();
    if roles != [Role::Judge, Role::Secretary] {
        return Err(SealError::Roles);
    }
    let mut out = Vec::with_capacity(2);
    for sig in &sealed.signatures {
        let role = sig.role.as_str();
        if !verifier.supports(&sig.algorithm) {
            return Err(SealError::Algorithm(role));
        }
        let key = hex_decode(&sig.public_key, sig.public_key.len() / 2)
            .map_err(|_| SealError::Encoding(role))?;
        let signature = hex_decode(&sig.signature, sig.signature.len() / 2)
            .map_err(|_| SealError::Encoding(role))?;
        let message = seal_message(role, sealed.count, &sealed.head);
        if !verifier.verify(&sig.algorithm, &key, &message, &signature) {
            return Err(SealError::BadSignature(role));
        }
        let authenticated = match trusted {
            None => false,
            Some(keys) => {
                let known = keys.iter().any(|k| {
                    k.role == sig.role
                        && k.algorithm == sig.algorithm
                        && k.public_key == sig.public_key
                });
                if !known {
                    return Err(SealError::UnknownSigner(role));
                }
                true
            }
        };
        out.push(SignerInfo {
            role: sig.role,
            name: sig.name.clone(),
            algorithm: sig.algorithm.clone(),
            public_key: sig.public_key.clone(),
            authenticated,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(role: Role, seed: u8) -> Ed25519Signer {
        Ed25519Signer {
            role,
            name: format!("{role:?}"),
            key: SigningKey::from_bytes(&[seed; 32]),
        }
    }

    #[test]
    fn a_seal_verifies_and_any_change_breaks_it() {
        let (j, s) = (signer(Role::Judge, 1), signer(Role::Secretary, 2));
        let head = Hash::of(b"head");
        let seal = make_seal(head, 4, &[&s, &j]).unwrap();
        assert_eq!(seal.signatures[0].role, Role::Judge);
        let v = Ed25519Verifier;
        let info = check_seal(&seal, 5, &head, &v, None).unwrap();
        assert!(info.iter().all(|i| !i.authenticated));

        assert_eq!(
            check_seal(&seal, 6, &head, &v, None),
            Err(SealError::Count {
                expected: 5,
                found: 4
            })
        );
        assert_eq!(
            check_seal(&seal, 5, &Hash::ZERO, &v, None),
            Err(SealError::Head)
        );

        let mut swapped = seal.clone();
        swapped.signatures[0].role = Role::Secretary;
        swapped.signatures[1].role = Role::Judge;
        assert!(matches!(
            check_seal(&swapped, 5, &head, &v, None),
            Err(SealError::BadSignature(_))
        ));

        let mut only_judge = seal.clone();
        only_judge.signatures.pop();
        assert_eq!(
            check_seal(&only_judge, 5, &head, &v, None),
            Err(SealError::Roles)
        );
    }

    #[test]
    fn trusted_keys_authenticate_or_refuse() {
        let (j, s) = (signer(Role::Judge, 1), signer(Role::Secretary, 2));
        let head = Hash::of(b"head");
        let seal = make_seal(head, 4, &[&j, &s]).unwrap();
        let rec = |x: &Ed25519Signer| PublicKeyRecord::new(x.role, &x.name, &x.public_key());
        let v = Ed25519Verifier;
        let both = [rec(&j), rec(&s)];
        let info = check_seal(&seal, 5, &head, &v, Some(&both)).unwrap();
        assert!(info.iter().all(|i| i.authenticated));
        let other = signer(Role::Secretary, 3);
        let wrong = [rec(&j), rec(&other)];
        assert_eq!(
            check_seal(&seal, 5, &head, &v, Some(&wrong)),
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
