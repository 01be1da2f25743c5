//! People's keys: ECDSA P-256, kept in encrypted PKCS#8 files (PBES2 with scrypt and
//! AES-256-CBC, the encoding `openssl pkey` reads), and a key held together with its
//! certificate for signing.
//!
//! A passphrase lives in a [`Passphrase`], which is wiped when dropped and never printed.

use der::Encode;
use der::pem::LineEnding;
use p256::ecdsa::{DerSignature, SigningKey};
use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use signature::Signer as _;
use zeroize::Zeroizing;

use crate::{CertRole, Certificate, PkiError};

/// The shortest passphrase accepted for a new key file.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A passphrase: wiped from memory when dropped, redacted from debug output.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: String) -> Passphrase {
        Passphrase(Zeroizing::new(text))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Long enough to protect a new key.
    pub fn check_new(&self) -> Result<(), KeyFileError> {
        if self.0.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(KeyFileError::WeakPassphrase);
        }
        Ok(())
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Why a key file could not be read or written. Never carries key material or the passphrase.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    #[error("wrong passphrase (or the key file is damaged)")]
    WrongPassphrase,
    #[error("the private key is not protected by a passphrase")]
    NotProtected,
    #[error("an old-format Hattama key (hattama-key/1, Ed25519) without a passphrase")]
    OldFormat,
    #[error("the key is not an ECDSA P-256 key, the only kind Hattama signs with")]
    Unsupported,
    #[error("not a private key file ({0})")]
    NotAKey(String),
    #[error("the passphrase must be at least {MIN_PASSPHRASE_CHARS} characters")]
    WeakPassphrase,
    #[error("cannot protect the key ({0})")]
    Encrypt(String),
    #[error("no usable source of randomness ({0})")]
    Random(String),
}

/// A person's signing key (ECDSA P-256). The secret is wiped on drop by `p256`.
#[derive(Clone)]
pub struct PersonalKey {
    key: SigningKey,
}

impl std::fmt::Debug for PersonalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonalKey(…)")
    }
}

impl PersonalKey {
    /// A new key from the operating system's randomness.
    pub fn generate() -> Result<PersonalKey, KeyFileError> {
        let key = SigningKey::try_generate_from_rng(&mut getrandom::SysRng)
            .map_err(|e| KeyFileError::Random(e.to_string()))?;
        Ok(PersonalKey { key })
    }

    pub fn from_signing_key(key: SigningKey) -> PersonalKey {
        PersonalKey { key }
    }

    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The public key as DER `SubjectPublicKeyInfo`.
    pub fn public_key_der(&self) -> Result<Vec<u8>, PkiError> {
        self.key
            .verifying_key()
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|e| PkiError::build("public key", e))
    }

    /// The public key as PEM `PUBLIC KEY`, what `hattama court issue --pubkey` takes.
    pub fn public_key_pem(&self) -> Result<String, PkiError> {
        self.key
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| PkiError::build("public key", e))
    }

    /// The key as an encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn protect(&self, passphrase: &Passphrase) -> Result<Zeroizing<String>, KeyFileError> {
        self.key
            .to_pkcs8_encrypted_pem(passphrase.as_bytes(), LineEnding::LF)
            .map_err(|e| KeyFileError::Encrypt(e.to_string()))
    }

    /// Read an encrypted PKCS#8 PEM. A plain key (PKCS#8 `PRIVATE KEY`, SEC1 `EC PRIVATE KEY`,
    /// or Hattama's old JSON) is refused as [`KeyFileError::NotProtected`] /
    /// [`KeyFileError::OldFormat`], so it is never used as if it were safe.
    pub fn unprotect(text: &str, passphrase: &Passphrase) -> Result<PersonalKey, KeyFileError> {
        PersonalKey::check_form(text)?;
        let (_, der) = der::pem::decode_vec(text.trim().as_bytes())
            .map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
        let der = Zeroizing::new(der);
        let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der.as_slice())
            .map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
        let plain = info
            .decrypt(passphrase.as_bytes())
            .map_err(|_| KeyFileError::WrongPassphrase)?;
        from_pkcs8_der(plain.as_bytes())
    }

    /// Whether `text` is an encrypted PKCS#8 PEM, without decrypting it: what can be said
    /// before anyone types a passphrase.
    pub fn check_form(text: &str) -> Result<(), KeyFileError> {
        match kind(text) {
            Kind::Encrypted => {}
            Kind::Plain | Kind::Sec1 => return Err(KeyFileError::NotProtected),
            Kind::OldJson => return Err(KeyFileError::OldFormat),
            Kind::Other => return Err(KeyFileError::NotAKey("no PEM private key".into())),
        }
        let (label, der) = der::pem::decode_vec(text.trim().as_bytes())
            .map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
        let der = Zeroizing::new(der);
        if label != "ENCRYPTED PRIVATE KEY" {
            return Err(KeyFileError::NotAKey(format!("a PEM {label}")));
        }
        pkcs8::EncryptedPrivateKeyInfoRef::try_from(der.as_slice())
            .map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
        Ok(())
    }

    /// Read a plain private key (PKCS#8 `PRIVATE KEY` or SEC1 `EC PRIVATE KEY`), to protect it.
    pub fn read_plain(text: &str) -> Result<PersonalKey, KeyFileError> {
        match kind(text) {
            Kind::Plain => {
                let (_, der) = der::pem::decode_vec(text.trim().as_bytes())
                    .map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
                from_pkcs8_der(&Zeroizing::new(der))
            }
            Kind::Sec1 => {
                let secret = p256::SecretKey::from_sec1_pem(text.trim())
                    .map_err(|_| KeyFileError::Unsupported)?;
                Ok(PersonalKey {
                    key: SigningKey::from(&secret),
                })
            }
            Kind::Encrypted => Err(KeyFileError::NotAKey("the key is already protected".into())),
            Kind::OldJson => Err(KeyFileError::OldFormat),
            Kind::Other => Err(KeyFileError::NotAKey("no PEM private key".into())),
        }
    }

    /// An ECDSA P-256 / SHA-256 signature over `message`, DER-encoded (RFC 6979 nonces).
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let sig: DerSignature = self.key.sign(message);
        sig.as_bytes().to_vec()
    }

    /// The key a certificate certifies is this one.
    pub fn matches(&self, cert: &Certificate) -> bool {
        cert.verifying_key()
            .is_ok_and(|k| &k == self.key.verifying_key())
    }
}

fn from_pkcs8_der(der: &[u8]) -> Result<PersonalKey, KeyFileError> {
    match SigningKey::from_pkcs8_der(der) {
        Ok(key) => Ok(PersonalKey { key }),
        Err(pkcs8::Error::KeyMalformed(_)) | Err(pkcs8::Error::PublicKey(_)) => {
            Err(KeyFileError::Unsupported)
        }
        Err(_) => Err(KeyFileError::Unsupported),
    }
}

enum Kind {
    Encrypted,
    Plain,
    Sec1,
    OldJson,
    Other,
}

fn kind(text: &str) -> Kind {
    let t = text.trim_start();
    if t.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        Kind::Encrypted
    } else if t.starts_with("-----BEGIN PRIVATE KEY-----") {
        Kind::Plain
    } else if t.starts_with("-----BEGIN EC PRIVATE KEY-----") {
        Kind::Sec1
    } else if t.starts_with('{') && t.contains("hattama-key/1") {
        Kind::OldJson
    } else {
        Kind::Other
    }
}

/// A person's key with the certificate the court issued for it: what signs seals and PDFs.
#[derive(Clone, Debug)]
pub struct CertifiedKey {
    key: PersonalKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl CertifiedKey {
    /// Pair a key with its certificate (and the issuing chain to embed in CMS signatures);
    /// refused if the certificate is for another key or not for signing.
    pub fn new(
        key: PersonalKey,
        cert: Certificate,
        chain: Vec<Certificate>,
    ) -> Result<CertifiedKey, PkiError> {
        if !key.matches(&cert) {
            return Err(PkiError::KeyMismatch);
        }
        if !cert.may_sign() || cert.is_ca() {
            return Err(PkiError::Invalid(
                "the certificate does not allow signing".into(),
            ));
        }
        Ok(CertifiedKey { key, cert, chain })
    }

    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    pub fn key(&self) -> &PersonalKey {
        &self.key
    }

    /// The role the certificate names, if Hattama knows it.
    pub fn role(&self) -> Option<CertRole> {
        self.cert.holder().role
    }

    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.key.sign(message)
    }
}

/// RFC 8410's identifier for Ed25519 keys.
const ED25519: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("1.3.101.112");

/// An old Ed25519 seed (Hattama's `hattama-key/1` files) as an encrypted PKCS#8 PEM: version 1,
/// without the public key, which is the form OpenSSL 3 reads. Such a key is kept protected but
/// cannot sign with a court certificate; [`PersonalKey::unprotect`] refuses it as
/// [`KeyFileError::Unsupported`].
pub fn protect_ed25519_seed(
    seed: &[u8; 32],
    passphrase: &Passphrase,
) -> Result<Zeroizing<String>, KeyFileError> {
    let fail = |e: &dyn std::fmt::Display| KeyFileError::Encrypt(e.to_string());
    // RFC 8410 §7: the private key is `CurvePrivateKey ::= OCTET STRING`, itself wrapped in
    // PKCS#8's privateKey OCTET STRING.
    let inner = Zeroizing::new(
        der::asn1::OctetStringRef::new(seed)
            .and_then(|o| o.to_der())
            .map_err(|e| fail(&e))?,
    );
    let private_key = der::asn1::OctetStringRef::new(&inner).map_err(|e| fail(&e))?;
    let info: pkcs8::PrivateKeyInfoRef<'_> = pkcs8::PrivateKeyInfo::new(
        spki::AlgorithmIdentifier {
            oid: ED25519,
            parameters: None,
        },
        private_key,
    );
    let doc = info.encrypt(passphrase.as_bytes()).map_err(|e| fail(&e))?;
    doc.to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .map_err(|e| fail(&e))
}
