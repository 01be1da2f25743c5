//! Checkpoints (C2SP tlog-checkpoint): the archive's signed statement of its log's size and
//! root hash. Three lines — origin, tree size, base64 root — signed as a note by the archive.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use journal::Hash;

use crate::note::{Note, NoteError, NoteSigner, NoteVerifier, valid_name};

/// A tree head: which log, how many leaves, which root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note text: exactly three lines, no extension lines.
    pub fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root.0)
        )
    }

    /// Read a checkpoint from a note's text.
    pub fn from_text(text: &str) -> Result<Checkpoint, NoteError> {
        let bad = |what: &str| NoteError::Text(format!("checkpoint: {what}"));
        let mut lines = text.split_terminator('\n');
        let origin = lines
            .next()
            .filter(|o| valid_name(o))
            .ok_or_else(|| bad("origin"))?;
        let size_text = lines.next().ok_or_else(|| bad("tree size"))?;
        let size: u64 = size_text.parse().map_err(|_| bad("tree size"))?;
        // No leading zeros, no sign: one text per size.
        if size.to_string() != size_text {
            return Err(bad("tree size"));
        }
        let root = lines
            .next()
            .and_then(|r| B64.decode(r).ok())
            .and_then(|r| <[u8; 32]>::try_from(r).ok())
            .ok_or_else(|| bad("root hash"))?;
        if lines.any(str::is_empty) {
            return Err(bad("an empty extension line"));
        }
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root: Hash(root),
        })
    }

    pub fn sign(&self, signer: &NoteSigner) -> Result<Note, NoteError> {
        signer.sign(&self.text())
    }
}

/// A checkpoint note checked against the log's key; the origin must be the key's name.
pub fn open_checkpoint(note: &Note, log: &NoteVerifier) -> Result<Checkpoint, NoteError> {
    let text = log.verify(note)?;
    let checkpoint = Checkpoint::from_text(text)?;
    if checkpoint.origin != log.name {
        return Err(NoteError::Text(format!(
            "checkpoint of log {}, expected {}",
            checkpoint.origin, log.name
        )));
    }
    Ok(checkpoint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;

    #[test]
    fn a_checkpoint_round_trips_and_refuses_odd_texts() {
        let cp = Checkpoint {
            origin: "archive.example/court".into(),
            size: 12,
            root: Hash([9; 32]),
        };
        assert_eq!(Checkpoint::from_text(&cp.text()).unwrap(), cp);
        let signer =
            NoteSigner::new(&cp.origin, SigningKey::from_slice(&[5; 32]).unwrap()).unwrap();
        let note = cp.sign(&signer).unwrap();
        assert_eq!(open_checkpoint(&note, &signer.verifier()).unwrap(), cp);
        for bad in ["o\n012\nAAAA\n", "o\n-1\n", "o\n1\nAAAA\n", "o o\n1\n"] {
            assert!(Checkpoint::from_text(bad).is_err(), "{bad:?}");
        }
    }
}
