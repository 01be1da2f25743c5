//! Cosignatures and the witness (C2SP tlog-cosignature and tlog-witness): a second archive —
//! a higher court's — signs a checkpoint it has verified as consistent with every checkpoint
//! of that log it saw before. A log that dropped or rewrote a receipt cannot get a new
//! checkpoint cosigned.
//!
//! The signed message is the specification's `cosignature/v1` message (header line, `time`
//! line, the checkpoint text) and the signature is its `timestamped_signature` (8-byte
//! big-endian POSIX time, then the signature). The specification defines Ed25519 and
//! ML-DSA-44 signatures; ours is ECDSA P-256 (DER), so that the witness's key, like the
//! archive's, is certified by a court's X.509 authority. That is the one departure, and it is
//! marked: the key ID uses signature type `0xff` followed by [`COSIGNATURE_TYPE`], as the
//! signed-note specification asks of types it does not list.

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{DerSignature, VerifyingKey};
use sha2::{Digest, Sha256};

use journal::Hash;

use crate::checkpoint::{Checkpoint, open_checkpoint};
use crate::merkle::{ProofError, verify_consistency};
use crate::note::{Note, NoteError, NoteSignature, NoteSigner, NoteVerifier, spki_der};

/// The identifier after the `0xff` type byte in a cosigner's key ID.
pub const COSIGNATURE_TYPE: &str = "hattama.kz/cosignature/v1/ecdsa-p256";

/// The message a cosigner signs for `checkpoint_text` at `time` (POSIX seconds).
pub fn cosigned_message(time: u64, checkpoint_text: &str) -> Vec<u8> {
    format!("cosignature/v1\ntime {time}\n{checkpoint_text}").into_bytes()
}

/// A witness's key ID: SHA-256(name || "\n" || 0xff || type || SPKI)[:4].
pub fn cosigner_key_id(name: &str, key: &VerifyingKey) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([0xff]);
    h.update(COSIGNATURE_TYPE.as_bytes());
    h.update(spki_der(key));
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Sign a verified checkpoint as the witness named `signer.name`.
pub fn cosign(signer: &NoteSigner, checkpoint_text: &str, time: u64) -> NoteSignature {
    let mut signature = time.to_be_bytes().to_vec();
    signature.extend(signer.sign_raw(&cosigned_message(time, checkpoint_text)));
    NoteSignature {
        name: signer.name.clone(),
        key_id: cosigner_key_id(&signer.name, &signer.verifier().key),
        signature,
    }
}

/// Check a witness's cosignature on a checkpoint note; returns its time.
pub fn verify_cosignature(note: &Note, witness: &NoteVerifier) -> Result<u64, NoteError> {
    let key_id = cosigner_key_id(&witness.name, &witness.key);
    let bad = || NoteError::BadSignature(witness.name.clone());
    let Some(s) = note.signatures_by(&witness.name, key_id).next() else {
        return Err(NoteError::NotSigned {
            name: witness.name.clone(),
            key_id,
        });
    };
    if s.signature.len() < 9 {
        return Err(bad());
    }
    let (time, sig) = s.signature.split_at(8);
    let time = u64::from_be_bytes(time.try_into().map_err(|_| bad())?);
    if time > i64::MAX as u64 {
        return Err(bad());
    }
    let sig = DerSignature::try_from(sig).map_err(|_| bad())?;
    witness
        .key
        .verify(&cosigned_message(time, &note.text), &sig)
        .map_err(|_| bad())?;
    Ok(time)
}

/// What a witness holds for a log: the largest checkpoint it has cosigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witnessed {
    pub size: u64,
    pub root: Hash,
}

/// Why a witness refuses a checkpoint (tlog-witness answers 403, 409, 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessError {
    #[error("the checkpoint is not signed by the log's key ({0})")]
    Signature(NoteError),
    #[error("the log's old size {claimed} is not the witness's {held}")]
    Conflict { claimed: u64, held: u64 },
    #[error("the checkpoint is not consistent with the one witnessed before ({0})")]
    Inconsistent(ProofError),
}

/// The witness's decision on `add-checkpoint`: `note` claims to extend the checkpoint of size
/// `old` that the witness holds (`held`), with `proof`. On success the new tree head, which the
/// caller stores before answering with [`cosign`].
pub fn witness_checkpoint(
    log: &NoteVerifier,
    held: Option<&Witnessed>,
    old: u64,
    proof: &[Hash],
    note: &Note,
) -> Result<Checkpoint, WitnessError> {
    let checkpoint = open_checkpoint(note, log).map_err(WitnessError::Signature)?;
    let held = held.cloned().unwrap_or(Witnessed {
        size: 0,
        root: crate::merkle::empty_root(),
    });
    if old != held.size {
        return Err(WitnessError::Conflict {
            claimed: old,
            held: held.size,
        });
    }
    verify_consistency(
        held.size,
        &held.root,
        checkpoint.size,
        &checkpoint.root,
        proof,
    )
    .map_err(WitnessError::Inconsistent)?;
    Ok(checkpoint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{Tree, leaf_hash};
    use p256::ecdsa::SigningKey;

    fn signer(name: &str, seed: u8) -> NoteSigner {
        NoteSigner::new(name, SigningKey::from_slice(&[seed; 32]).unwrap()).unwrap()
    }

    #[test]
    fn a_witness_cosigns_consistent_checkpoints_only() {
        let log = signer("archive.example/district", 1);
        let witness = signer("archive.example/region", 2);
        let mut tree = Tree::new();
        for i in 0..5u8 {
            tree.push(leaf_hash(&[i]));
        }
        let head = |tree: &Tree| Checkpoint {
            origin: log.name.clone(),
            size: tree.size(),
            root: tree.root(tree.size()).unwrap(),
        };
        let first = head(&tree).sign(&log).unwrap();
        let cp = witness_checkpoint(&log.verifier(), None, 0, &[], &first).unwrap();
        let mut cosigned = first.clone();
        cosigned
            .signatures
            .push(cosign(&witness, &first.text, 1_700_000_000));
        let parsed = Note::parse(&cosigned.to_text()).unwrap();
        assert_eq!(
            verify_cosignature(&parsed, &witness.verifier()),
            Ok(1_700_000_000)
        );
        let held = Witnessed {
            size: cp.size,
            root: cp.root,
        };
        // The log grows honestly: consistent, cosigned.
        for i in 5..9u8 {
            tree.push(leaf_hash(&[i]));
        }
        let second = head(&tree).sign(&log).unwrap();
        let proof = tree.consistency_proof(5, 9).unwrap();
        assert!(witness_checkpoint(&log.verifier(), Some(&held), 5, &proof, &second).is_ok());
        // A stale old size is a conflict; a rewritten log is inconsistent.
        assert!(matches!(
            witness_checkpoint(&log.verifier(), Some(&held), 4, &proof, &second),
            Err(WitnessError::Conflict { .. })
        ));
        let mut forged = Tree::new();
        for i in 0..9u8 {
            forged.push(leaf_hash(&[i ^ u8::from(i == 2)]));
        }
        let third = head(&forged).sign(&log).unwrap();
        let proof = forged.consistency_proof(5, 9).unwrap();
        assert!(matches!(
            witness_checkpoint(&log.verifier(), Some(&held), 5, &proof, &third),
            Err(WitnessError::Inconsistent(_))
        ));
        // A changed checkpoint text breaks the cosignature.
        let mut changed = parsed.clone();
        changed.text = changed.text.replace("\n5\n", "\n6\n");
        assert!(verify_cosignature(&changed, &witness.verifier()).is_err());
    }
}
