//! Key files: each person's protected signing key, the certificate the court issued for it, and
//! (for old journals) public-key lists.
//!
//! A private key file is an encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`: PBES2, scrypt,
//! AES-256-CBC), mode 0600, in a 0700 directory (default `$XDG_CONFIG_HOME/hattama/keys` or
//! `~/.config/hattama/keys`); `openssl pkey` opens it with the passphrase. Beside it,
//! `ROLE-FINGERPRINT.pub.pem` holds the public key to hand to the court's IT officer, and
//! `ROLE-FINGERPRINT.crt` the certificate they issue for it. Plain keys — Hattama's old JSON
//! files or an unencrypted PEM — are refused until protected (`hattama keys protect`).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use journal::keys::{PublicKeyRecord, parse_public_keys};
use journal::{Role, parse_json};
use pki::{CertRole, Certificate, CertifiedKey, KeyFileError, Passphrase, PersonalKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::durable::{self, OpenError, PublishError};

/// Key, certificate and public-key files are small; anything larger is not one.
const MAX_KEY_FILE: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {what}")]
    Open { path: PathBuf, what: String },
    #[error("{path}: {what}")]
    Invalid { path: PathBuf, what: String },
    #[error(
        "{path}: the private key is readable by others (chmod 600 it, or make a new key if it leaked)"
    )]
    TooOpen { path: PathBuf },
    #[error("{path}: the key file already exists")]
    Exists { path: PathBuf },
    #[error("{path}: {source}")]
    Key { path: PathBuf, source: KeyFileError },
    #[error("{path}: {what}")]
    Write { path: PathBuf, what: String },
    #[error("{path}: the certificate {what}")]
    Certificate { path: PathBuf, what: String },
}

impl KeyError {
    fn key(path: &Path, source: KeyFileError) -> KeyError {
        KeyError::Key {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The default keys directory, from the XDG base directory rules.
pub fn default_keys_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("hattama").join("keys"))
}

/// What `generate` wrote.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// The encrypted private key (0600).
    pub key: PathBuf,
    /// The public key, PEM, for the court to certify.
    pub public_key: PathBuf,
    /// Where the certificate is expected once issued.
    pub certificate: PathBuf,
}

/// Make a new P-256 key for `role`, protected by `passphrase`, in `keys_dir` as
/// `ROLE-FINGERPRINT.key`, with its public key beside it. The role names the file only: what
/// the key may do is written by the court in its certificate.
pub fn generate(
    keys_dir: &Path,
    role: CertRole,
    passphrase: &Passphrase,
) -> Result<NewKey, KeyError> {
    passphrase
        .check_new()
        .map_err(|e| KeyError::key(keys_dir, e))?;
    let key = PersonalKey::generate().map_err(|e| KeyError::key(keys_dir, e))?;
    let public_der = key.public_key_der().map_err(|e| KeyError::Write {
        path: keys_dir.to_path_buf(),
        what: e.to_string(),
    })?;
    let fingerprint: String = Sha256::digest(&public_der)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let stem = format!("{}-{fingerprint}", role.as_str());
    let path = keys_dir.join(format!("{stem}.key"));
    write_protected(keys_dir, &path, &key, passphrase)?;
    let public_key = keys_dir.join(format!("{stem}.pub.pem"));
    let pem = key.public_key_pem().map_err(|e| KeyError::Write {
        path: public_key.clone(),
        what: e.to_string(),
    })?;
    publish(&public_key, pem.as_bytes())?;
    Ok(NewKey {
        key: path.clone(),
        public_key,
        certificate: certificate_path_for(&path),
    })
}

/// Write `key` encrypted under `passphrase` as the new file `path` (0600, directory 0700).
pub fn write_protected(
    dir: &Path,
    path: &Path,
    key: &PersonalKey,
    passphrase: &Passphrase,
) -> Result<(), KeyError> {
    passphrase.check_new().map_err(|e| KeyError::key(path, e))?;
    durable::ensure_private_dir(dir).map_err(|e| KeyError::Write {
        path: dir.to_path_buf(),
        what: format!("cannot create ({e})"),
    })?;
    let pem = key
        .protect(passphrase)
        .map_err(|e| KeyError::key(path, e))?;
    publish(path, pem.as_bytes())
}

fn publish(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    durable::publish_new_file(path, bytes).map_err(|e| match e {
        PublishError::Exists => KeyError::Exists {
            path: path.to_path_buf(),
        },
        PublishError::Io(op, err) => KeyError::Write {
            path: path.to_path_buf(),
            what: format!("{op} failed ({err})"),
        },
    })
}

/// The certificate's conventional place beside a key: `ROLE-FINGERPRINT.crt`.
pub fn certificate_path_for(key: &Path) -> PathBuf {
    key.with_extension("crt")
}

/// Open a protected private key. Refuses plain keys, files others can read and wrong
/// passphrases, each with a message that says what to do.
pub fn load_key(path: &Path, passphrase: &Passphrase) -> Result<PersonalKey, KeyError> {
    let text = check_protected(path)?;
    PersonalKey::unprotect(&text, passphrase).map_err(|e| KeyError::key(path, e))
}

/// The key file's text, once it is known to be a protected key that only its owner can read:
/// checked before anyone is asked for a passphrase.
pub fn check_protected(path: &Path) -> Result<zeroize::Zeroizing<String>, KeyError> {
    let (file, text) = read_small(path)?;
    PersonalKey::check_form(&text).map_err(|e| KeyError::key(path, e))?;
    if durable::is_shared(&file).map_err(|e| open_err(path, e.to_string()))? {
        return Err(KeyError::TooOpen {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

/// A signer: the protected key at `key_path`, its certificate (at `cert_path`, else beside the
/// key), and the authority that issued it among `anchors` (embedded in CMS signatures).
pub fn load_signer(
    key_path: &Path,
    cert_path: Option<&Path>,
    passphrase: &Passphrase,
    anchors: &[Certificate],
) -> Result<CertifiedKey, KeyError> {
    let cert_path = cert_path.map_or_else(|| certificate_path_for(key_path), Path::to_path_buf);
    let cert = read_certificate(&cert_path)?;
    let key = load_key(key_path, passphrase)?;
    let chain: Vec<Certificate> = anchors
        .iter()
        .filter(|a| cert.names_issuer(a) && cert.is_signed_by(a).is_ok())
        .cloned()
        .collect();
    CertifiedKey::new(key, cert, chain).map_err(|e| KeyError::Certificate {
        path: cert_path,
        what: match e {
            pki::PkiError::KeyMismatch => "is for another key than this key file".into(),
            other => format!("cannot be used ({other})"),
        },
    })
}

/// Read one certificate (PEM).
pub fn read_certificate(path: &Path) -> Result<Certificate, KeyError> {
    let (_, text) = read_small(path)?;
    Certificate::from_pem(&text).map_err(|e| KeyError::Invalid {
        path: path.to_path_buf(),
        what: e.to_string(),
    })
}

/// Read one or more certificates (PEM): a trust bundle.
pub fn read_certificates(path: &Path) -> Result<Vec<Certificate>, KeyError> {
    let (_, text) = read_small(path)?;
    Certificate::all_from_pem(&text).map_err(|e| KeyError::Invalid {
        path: path.to_path_buf(),
        what: e.to_string(),
    })
}

/// Read a CRL (PEM or DER).
pub fn read_crl(path: &Path) -> Result<pki::Crl, KeyError> {
    let bytes = read_bytes(path)?;
    pki::Crl::from_bytes(&bytes).map_err(|e| KeyError::Invalid {
        path: path.to_path_buf(),
        what: e.to_string(),
    })
}

/// Read a public key (PEM `PUBLIC KEY`), as `hattama court issue --pubkey` takes it: DER.
pub fn read_public_key(path: &Path) -> Result<Vec<u8>, KeyError> {
    let (_, text) = read_small(path)?;
    let invalid = |what: String| KeyError::Invalid {
        path: path.to_path_buf(),
        what,
    };
    let (label, der) = der_pem(&text).map_err(invalid)?;
    if label != "PUBLIC KEY" {
        return Err(invalid(format!(
            "not a public key (a PEM {label}); give the .pub.pem file `hattama keys new` wrote"
        )));
    }
    Ok(der)
}

fn der_pem(text: &str) -> Result<(String, Vec<u8>), String> {
    let start = text
        .find("-----BEGIN ")
        .ok_or_else(|| "not a PEM file".to_string())?;
    pki::pem_decode(&text[start..]).map_err(|e| format!("not a PEM file ({e})"))
}

/// Protect a plain key: Hattama's old JSON key file (Ed25519) or an unencrypted PEM (P-256),
/// written encrypted to the new file `out`. The plain file is left for its owner to destroy.
pub fn protect(plain: &Path, out: &Path, passphrase: &Passphrase) -> Result<Protected, KeyError> {
    let (_, text) = read_small(plain)?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if text.trim_start().starts_with('{') {
        let seed = old_seed(plain, &text)?;
        passphrase.check_new().map_err(|e| KeyError::key(out, e))?;
        durable::ensure_private_dir(&dir).map_err(|e| KeyError::Write {
            path: dir.clone(),
            what: format!("cannot create ({e})"),
        })?;
        let pem =
            pki::key::protect_ed25519_seed(&seed, passphrase).map_err(|e| KeyError::key(out, e))?;
        publish(out, pem.as_bytes())?;
        return Ok(Protected::OldEd25519);
    }
    let key = PersonalKey::read_plain(&text).map_err(|e| KeyError::key(plain, e))?;
    write_protected(&dir, out, &key, passphrase)?;
    Ok(Protected::P256)
}

/// What `protect` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protected {
    /// A P-256 key: ready for a certificate.
    P256,
    /// An old Ed25519 key: kept encrypted, but it cannot carry a court certificate.
    OldEd25519,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OldKeyFile {
    format: String,
    #[allow(dead_code)]
    role: Role,
    #[allow(dead_code)]
    name: String,
    algorithm: String,
    #[allow(dead_code)]
    public_key: String,
    secret_key: String,
}

/// The 32-byte seed of an old `hattama-key/1` file.
fn old_seed(path: &Path, text: &str) -> Result<zeroize::Zeroizing<[u8; 32]>, KeyError> {
    let invalid = |what: String| KeyError::Invalid {
        path: path.to_path_buf(),
        what,
    };
    let parsed: OldKeyFile = parse_json(text).map_err(|e| {
        invalid(format!(
            "not a key file: field `{}` {}",
            e.field.as_deref().unwrap_or("."),
            e.detail
        ))
    })?;
    if parsed.format != journal::keys::KEY_FORMAT || parsed.algorithm != "ed25519" {
        return Err(invalid("not a hattama-key/1 Ed25519 key file".into()));
    }
    let secret = zeroize::Zeroizing::new(
        journal::canonical::hex_decode(&parsed.secret_key, 32)
            .map_err(|e| invalid(format!("secret_key: {e}")))?,
    );
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    seed.copy_from_slice(&secret);
    Ok(seed)
}

/// The protected key files (`*.key`) in `dir`, sorted by name.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, KeyError> {
    let entries = fs::read_dir(dir).map_err(|e| open_err(dir, format!("cannot list ({e})")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| open_err(dir, format!("cannot list ({e})")))?;
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "key") {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Read a public key file of format-1 seals (JSON Lines of `hattama-pubkey/1` objects).
pub fn read_public_keys(path: &Path) -> Result<Vec<PublicKeyRecord>, KeyError> {
    let (_, text) = read_small(path)?;
    parse_public_keys(&text).map_err(|what| KeyError::Invalid {
        path: path.to_path_buf(),
        what,
    })
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, KeyError> {
    Ok(read_file(path)?.1)
}

fn read_file(path: &Path) -> Result<(fs::File, Vec<u8>), KeyError> {
    let file = durable::open_regular(path, false).map_err(|e| match e {
        OpenError::Io(io) => open_err(path, io.to_string()),
        other => open_err(path, other.to_string()),
    })?;
    let mut bytes = Vec::new();
    (&file)
        .take(MAX_KEY_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| open_err(path, format!("cannot read ({e})")))?;
    if bytes.len() as u64 > MAX_KEY_FILE {
        return Err(open_err(
            path,
            "too large for a key or certificate file".into(),
        ));
    }
    Ok((file, bytes))
}

fn read_small(path: &Path) -> Result<(fs::File, zeroize::Zeroizing<String>), KeyError> {
    let (file, bytes) = read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| KeyError::Invalid {
        path: path.to_path_buf(),
        what: "not UTF-8 text".into(),
    })?;
    Ok((file, zeroize::Zeroizing::new(text)))
}

fn open_err(path: &Path, what: String) -> KeyError {
    KeyError::Open {
        path: path.to_path_buf(),
        what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(s.into())
    }

    #[test]
    fn a_new_key_is_private_protected_and_refuses_a_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let made = generate(&keys, CertRole::Judge, &pass("correct horse")).unwrap();
        assert_eq!(
            fs::metadata(&made.key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(&keys).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert!(load_key(&made.key, &pass("correct horse")).is_ok());
        assert!(matches!(
            load_key(&made.key, &pass("wrong horse!")),
            Err(KeyError::Key {
                source: KeyFileError::WrongPassphrase,
                ..
            })
        ));
        assert!(matches!(
            generate(&keys, CertRole::Judge, &pass("short")),
            Err(KeyError::Key {
                source: KeyFileError::WeakPassphrase,
                ..
            })
        ));
        assert_eq!(list(&keys).unwrap(), vec![made.key.clone()]);
        fs::set_permissions(&made.key, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            load_key(&made.key, &pass("correct horse")),
            Err(KeyError::TooOpen { .. })
        ));
    }

    #[test]
    fn old_plain_keys_are_refused_until_protected() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("judge-old.key");
        let seed = "07".repeat(32);
        let json = format!(
            "{{\"format\":\"hattama-key/1\",\"role\":\"judge\",\"name\":\"J\",\"algorithm\":\"ed25519\",\"public_key\":\"{}\",\"secret_key\":\"{seed}\"}}\n",
            "00".repeat(32)
        );
        durable::publish_new_file(&old, json.as_bytes()).unwrap();
        assert!(matches!(
            load_key(&old, &pass("whatever1")),
            Err(KeyError::Key {
                source: KeyFileError::OldFormat,
                ..
            })
        ));
        let out = dir.path().join("judge-old.p8");
        assert_eq!(
            protect(&old, &out, &pass("correct horse")).unwrap(),
            Protected::OldEd25519
        );
        // Protected, it opens but is no key Hattama can sign with.
        assert!(matches!(
            load_key(&out, &pass("correct horse")),
            Err(KeyError::Key {
                source: KeyFileError::Unsupported,
                ..
            })
        ));
    }
}
