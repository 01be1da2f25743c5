//! Key files: the judge's and the secretary's Ed25519 key pairs, and public-key exports.
//!
//! A private key file is one JSON object (`hattama-key/1`), mode 0600, in a 0700 directory
//! (default `$XDG_CONFIG_HOME/hattama/keys` or `~/.config/hattama/keys`). A public key file is
//! JSON Lines, one `hattama-pubkey/1` object per key; it is what a court is given to check seals.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use journal::canonical::{hex_decode, hex_encode};
use journal::keys::{KEY_FORMAT, PublicKeyRecord, parse_public_keys};
use journal::seal::{ED25519, Ed25519Signer, Signer};
use journal::{Role, parse_json};
use serde::{Deserialize, Serialize};

use super::durable::{self, OpenError, PublishError};

/// Key and public-key files are small; anything larger is not one.
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
    #[error("no usable source of randomness ({0})")]
    Random(String),
    #[error("{path}: {what}")]
    Write { path: PathBuf, what: String },
    #[error("the name must be 1 to 200 characters without line breaks")]
    Name,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    role: Role,
    name: String,
    algorithm: String,
    public_key: String,
    secret_key: String,
}

/// The default keys directory, from the XDG base directory rules.
pub fn default_keys_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("hattama").join("keys"))
}

/// Make a new key pair for `role` and store it in `keys_dir` as `ROLE-FINGERPRINT.key`.
pub fn generate(
    keys_dir: &Path,
    role: Role,
    name: &str,
) -> Result<(PathBuf, PublicKeyRecord), KeyError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.contains(['\n', '\r']) {
        return Err(KeyError::Name);
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| KeyError::Random(e.to_string()))?;
    let key = SigningKey::from_bytes(&secret);
    secret.fill(0);
    let public = key.verifying_key().to_bytes();
    let path = keys_dir.join(format!(
        "{}-{}.key",
        role.as_str(),
        hex_encode(&public[..8])
    ));
    let file = KeyFile {
        format: KEY_FORMAT.to_string(),
        role,
        name: name.to_string(),
        algorithm: ED25519.to_string(),
        public_key: hex_encode(&public),
        secret_key: hex_encode(&key.to_bytes()),
    };
    let write_err = |what: String| KeyError::Write {
        path: keys_dir.to_path_buf(),
        what,
    };
    durable::ensure_private_dir(keys_dir).map_err(|e| write_err(format!("cannot create ({e})")))?;
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| write_err(e.to_string()))?;
    bytes.push(b'\n');
    durable::publish_new_file(&path, &bytes).map_err(|e| match e {
        PublishError::Exists => KeyError::Exists { path: path.clone() },
        PublishError::Io(op, err) => KeyError::Write {
            path: path.clone(),
            what: format!("{op} failed ({err})"),
        },
    })?;
    Ok((path, PublicKeyRecord::new(role, name, &public)))
}

/// Load a private key file as a signer. Refuses files others can read.
pub fn load(path: &Path) -> Result<Ed25519Signer, KeyError> {
    let (file, text) = read_small(path)?;
    if durable::is_shared(&file).map_err(|e| open_err(path, e.to_string()))? {
        return Err(KeyError::TooOpen {
            path: path.to_path_buf(),
        });
    }
    let invalid = |what: String| KeyError::Invalid {
        path: path.to_path_buf(),
        what,
    };
    let parsed: KeyFile = parse_json(&text).map_err(|e| {
        invalid(format!(
            "not a key file: field `{}` {}",
            e.field.as_deref().unwrap_or("."),
            e.detail
        ))
    })?;
    if parsed.format != KEY_FORMAT || parsed.algorithm != ED25519 {
        return Err(invalid(format!("not a {KEY_FORMAT} Ed25519 key file")));
    }
    let secret =
        hex_decode(&parsed.secret_key, 32).map_err(|e| invalid(format!("secret_key: {e}")))?;
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&secret);
    let key = SigningKey::from_bytes(&bytes);
    bytes.fill(0);
    if hex_encode(&key.verifying_key().to_bytes()) != parsed.public_key {
        return Err(invalid(
            "the public key does not belong to the secret key".into(),
        ));
    }
    Ok(Ed25519Signer {
        role: parsed.role,
        name: parsed.name,
        key,
    })
}

/// The key files in `dir`, sorted by file name, as public records (optionally one role only).
pub fn list(dir: &Path, role: Option<Role>) -> Result<Vec<(PathBuf, PublicKeyRecord)>, KeyError> {
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
    let mut out = Vec::new();
    for path in paths {
        let signer = load(&path)?;
        if role.is_none_or(|r| r == signer.role) {
            let record = PublicKeyRecord::new(signer.role, &signer.name, &signer.public_key());
            out.push((path, record));
        }
    }
    Ok(out)
}

/// Read a public key file (JSON Lines of `hattama-pubkey/1` objects; blank lines ignored).
pub fn read_public_keys(path: &Path) -> Result<Vec<PublicKeyRecord>, KeyError> {
    let (_, text) = read_small(path)?;
    parse_public_keys(&text).map_err(|what| KeyError::Invalid {
        path: path.to_path_buf(),
        what,
    })
}

fn read_small(path: &Path) -> Result<(fs::File, String), KeyError> {
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
        return Err(open_err(path, "too large for a key file".into()));
    }
    let text = String::from_utf8(bytes).map_err(|_| KeyError::Invalid {
        path: path.to_path_buf(),
        what: "not UTF-8 text".into(),
    })?;
    Ok((file, text))
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

    #[test]
    fn generate_load_list_and_export() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let (path, record) = generate(&keys, Role::Judge, "Судья А.").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(&keys).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let signer = load(&path).unwrap();
        assert_eq!(hex_encode(&signer.public_key()), record.public_key);
        generate(&keys, Role::Secretary, "Секретарь Б.").unwrap();
        assert_eq!(list(&keys, None).unwrap().len(), 2);
        let judges = list(&keys, Some(Role::Judge)).unwrap();
        assert_eq!(judges.len(), 1);
        let out = dir.path().join("pub.jsonl");
        fs::write(&out, judges[0].1.to_line()).unwrap();
        assert_eq!(read_public_keys(&out).unwrap(), vec![record]);
    }

    #[test]
    fn refuses_shared_or_mismatched_keys() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = generate(dir.path(), Role::Judge, "J").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(load(&path), Err(KeyError::TooOpen { .. })));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let other = hex_encode(&[7u8; 32]);
        let secret_at = text.find("\"secret_key\": \"").unwrap() + 15;
        let forged = format!("{}{}{}", &text[..secret_at], other, &text[secret_at + 64..]);
        fs::write(&path, forged).unwrap();
        assert!(matches!(load(&path), Err(KeyError::Invalid { .. })));
        assert!(matches!(
            generate(dir.path(), Role::Judge, " "),
            Err(KeyError::Name)
        ));
    }
}
