//! Signed notes (C2SP signed-note): a text ending in a newline, a blank line, then signature
//! lines `— <key name> base64(key ID || signature)`. The signature covers exactly the text a
//! reader sees, so nothing shown about a receipt or a checkpoint can change without breaking it.
//!
//! The archive signs with ECDSA P-256, signature type `0x02` of the specification (as
//! transparency-dev/witness implements it): the key ID is the first four bytes of SHA-256 over
//! the DER SubjectPublicKeyInfo, the signature is ASN.1 DER over SHA-256 of the note text.
//! P-256 because the archive's key is certified by the court's X.509 authority.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::EncodePublicKey as _;
use sha2::{Digest, Sha256};

/// The largest note read: receipts and checkpoints are a few hundred bytes.
pub const MAX_NOTE: usize = 64 * 1024;
/// Signature lines read at most (the specification asks for at least 16).
pub const MAX_SIGNATURES: usize = 64;

/// Signature type `0x02` of C2SP signed-note: ECDSA (here always P-256) with SHA-256.
pub const TYPE_ECDSA: u8 = 0x02;

/// Why a note cannot be read or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the note is larger than {MAX_NOTE} bytes")]
    TooLarge,
    #[error("the note holds a control character")]
    Control,
    #[error("the note has no signature block (a blank line, then signature lines)")]
    NoSignatures,
    #[error("signature line {0} is malformed")]
    BadLine(usize),
    #[error("the note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    #[error("no signature by {name} (key {key_id:08x}) verifies")]
    NotSigned { name: String, key_id: u32 },
    #[error("the signature by {0} does not verify")]
    BadSignature(String),
    #[error("the note text is malformed: {0}")]
    Text(String),
}

/// One signature line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The bytes after the key ID.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The line as written, newline included.
    pub fn line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.signature);
        format!("— {} {}\n", self.name, B64.encode(raw))
    }
}

/// A note: its text (final newline included) and its signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub signatures: Vec<NoteSignature>,
}

impl Note {
    /// Read a signed note; nothing is verified yet.
    pub fn parse(s: &str) -> Result<Note, NoteError> {
        if s.len() > MAX_NOTE {
            return Err(NoteError::TooLarge);
        }
        if s.chars().any(|c| c < ' ' && c != '\n') {
            return Err(NoteError::Control);
        }
        // The text ends at the last blank line.
        let split = s.rfind("\n\n").ok_or(NoteError::NoSignatures)?;
        let (text, block) = (&s[..=split], &s[split + 2..]);
        if block.is_empty() || !block.ends_with('\n') {
            return Err(NoteError::NoSignatures);
        }
        let mut signatures = Vec::new();
        for (i, line) in block.lines().enumerate() {
            if signatures.len() == MAX_SIGNATURES {
                return Err(NoteError::TooManySignatures);
            }
            let bad = || NoteError::BadLine(i + 1);
            let rest = line.strip_prefix("— ").ok_or_else(bad)?;
            let (name, sig) = rest.split_once(' ').ok_or_else(bad)?;
            if !valid_name(name) || sig.contains(' ') {
                return Err(bad());
            }
            let raw = B64.decode(sig).map_err(|_| bad())?;
            if raw.len() < 5 {
                return Err(bad());
            }
            signatures.push(NoteSignature {
                name: name.to_string(),
                key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
                signature: raw[4..].to_vec(),
            });
        }
        Ok(Note {
            text: text.to_string(),
            signatures,
        })
    }

    /// The note as written: text, blank line, signature lines.
    pub fn to_text(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for s in &self.signatures {
            out.push_str(&s.line());
        }
        out
    }

    /// The signatures by `name` with key ID `key_id` (others are ignored, as the
    /// specification requires).
    pub fn signatures_by<'a>(
        &'a self,
        name: &'a str,
        key_id: u32,
    ) -> impl Iterator<Item = &'a NoteSignature> + 'a {
        self.signatures
            .iter()
            .filter(move |s| s.name == name && s.key_id == key_id)
    }
}

/// Key names are non-empty and hold no spaces or `+`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// An ECDSA P-256 note key: a name and a public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    pub name: String,
    pub key: VerifyingKey,
}

impl NoteVerifier {
    pub fn new(name: &str, key: VerifyingKey) -> Result<NoteVerifier, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::Text(
                "a key name must be non-empty, without spaces or '+'".into(),
            ));
        }
        Ok(NoteVerifier {
            name: name.to_string(),
            key,
        })
    }

    /// SHA-256 of the DER SubjectPublicKeyInfo, first four bytes (type 0x02's key ID).
    pub fn key_id(&self) -> u32 {
        let digest = Sha256::digest(spki_der(&self.key));
        u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
    }

    /// The verifier key string `<name>+<key ID hex>+base64(0x02 || SPKI)`, as other
    /// signed-note tools read it.
    pub fn vkey(&self) -> String {
        let mut raw = vec![TYPE_ECDSA];
        raw.extend_from_slice(&spki_der(&self.key));
        format!("{}+{:08x}+{}", self.name, self.key_id(), B64.encode(raw))
    }

    /// The note's text, once a signature by this key verifies. A signature by this key that
    /// fails refuses the note, as the specification recommends.
    pub fn verify<'n>(&self, note: &'n Note) -> Result<&'n str, NoteError> {
        let key_id = self.key_id();
        let mut found = false;
        for s in note.signatures_by(&self.name, key_id) {
            let sig = DerSignature::try_from(s.signature.as_slice())
                .map_err(|_| NoteError::BadSignature(self.name.clone()))?;
            self.key
                .verify(note.text.as_bytes(), &sig)
                .map_err(|_| NoteError::BadSignature(self.name.clone()))?;
            found = true;
        }
        if !found {
            return Err(NoteError::NotSigned {
                name: self.name.clone(),
                key_id,
            });
        }
        Ok(&note.text)
    }
}

/// The verifier for `key` under the name its signature in `note` carries: a type 0x02 key ID
/// depends on the key alone, so a reader who holds the archive's certificate (not its name)
/// finds the signature by key. `None` when `key` did not sign the note.
pub fn verifier_in(note: &Note, key: &VerifyingKey) -> Option<NoteVerifier> {
    let id = NoteVerifier {
        name: String::new(),
        key: *key,
    }
    .key_id();
    note.signatures
        .iter()
        .find(|s| s.key_id == id && valid_name(&s.name))
        .map(|s| NoteVerifier {
            name: s.name.clone(),
            key: *key,
        })
}

/// An ECDSA P-256 note signer.
pub struct NoteSigner {
    pub name: String,
    key: SigningKey,
}

impl NoteSigner {
    pub fn new(name: &str, key: SigningKey) -> Result<NoteSigner, NoteError> {
        NoteVerifier::new(name, *key.verifying_key())?;
        Ok(NoteSigner {
            name: name.to_string(),
            key,
        })
    }

    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key: *self.key.verifying_key(),
        }
    }

    /// Sign `text` (which must end in a newline and hold no blank-line ambiguity).
    pub fn sign(&self, text: &str) -> Result<Note, NoteError> {
        check_text(text)?;
        let sig: DerSignature = self.key.sign(text.as_bytes());
        Ok(Note {
            text: text.to_string(),
            signatures: vec![NoteSignature {
                name: self.name.clone(),
                key_id: self.verifier().key_id(),
                signature: sig.as_bytes().to_vec(),
            }],
        })
    }

    /// A raw ECDSA signature (DER) over `message`, for cosignatures.
    pub fn sign_raw(&self, message: &[u8]) -> Vec<u8> {
        let sig: DerSignature = self.key.sign(message);
        sig.as_bytes().to_vec()
    }
}

/// A note text must end in a newline, hold no control characters but newlines, and not end in
/// a blank line (which would move the split between text and signatures).
pub fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') || text.ends_with("\n\n") || text == "\n" {
        return Err(NoteError::Text(
            "the text must end in exactly one newline".into(),
        ));
    }
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Control);
    }
    Ok(())
}

/// The DER SubjectPublicKeyInfo of a P-256 key.
pub fn spki_der(key: &VerifyingKey) -> Vec<u8> {
    // Encoding a valid point cannot fail; an empty result would only make every key ID differ.
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn signer(name: &str, seed: u8) -> NoteSigner {
        let key = SigningKey::from_slice(&[seed; 32]).unwrap();
        NoteSigner::new(name, key).unwrap()
    }

    #[test]
    fn a_note_round_trips_and_verifies_only_unchanged() {
        let s = signer("archive.example/court", 7);
        let note = s.sign("archive.example/court\n3\nAAAA\n").unwrap();
        let text = note.to_text();
        let back = Note::parse(&text).unwrap();
        assert_eq!(back, note);
        assert!(s.verifier().verify(&back).is_ok());
        let changed = Note::parse(&text.replacen("\n3\n", "\n4\n", 1)).unwrap();
        assert_eq!(
            s.verifier().verify(&changed),
            Err(NoteError::BadSignature("archive.example/court".into()))
        );
        // Another key of the same name is not this key: its signature is ignored.
        let other = signer("archive.example/court", 8);
        assert!(matches!(
            other.verifier().verify(&back),
            Err(NoteError::NotSigned { .. })
        ));
    }

    #[test]
    fn malformed_notes_are_refused_with_a_reason() {
        assert_eq!(Note::parse("a\nb\n"), Err(NoteError::NoSignatures));
        assert_eq!(Note::parse("a\n\n— x\n"), Err(NoteError::BadLine(1)));
        assert_eq!(
            Note::parse("a\u{7}\n\n— x AAAAAAA=\n"),
            Err(NoteError::Control)
        );
        assert_eq!(
            Note::parse("a\n\n— x y AAAAAAA=\n"),
            Err(NoteError::BadLine(1))
        );
        assert!(signer("n", 1).sign("no newline").is_err());
        assert!(signer("n", 1).sign("blank\n\n").is_err());
        assert!(NoteSigner::new("has space", SigningKey::from_slice(&[1; 32]).unwrap()).is_err());
    }

    #[test]
    fn the_vkey_names_type_0x02_and_the_key_id() {
        let v = signer("a.example/log", 3).verifier();
        let vkey = v.vkey();
        let parts: Vec<&str> = vkey.splitn(3, '+').collect();
        assert_eq!(parts[0], "a.example/log");
        assert_eq!(parts[1], format!("{:08x}", v.key_id()));
        assert_eq!(B64.decode(parts[2]).unwrap()[0], TYPE_ECDSA);
    }
}
