//! Public-key records: what a court is given to check seals (`hattama-pubkey/1`, one JSON
//! object per line). The private key files that go with them are the store's.

use serde::{Deserialize, Serialize};

use super::canonical::{hex_decode, hex_encode};
use super::entry::Role;
use super::line::parse_json;
use super::seal::ED25519;

pub const KEY_FORMAT: &str = "hattama-key/1";
pub const PUBKEY_FORMAT: &str = "hattama-pubkey/1";

/// A public key as exported and as trusted by `verify --pubkey`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKeyRecord {
    pub format: String,
    pub role: Role,
    pub name: String,
    pub algorithm: String,
    /// Lowercase hex.
    pub public_key: String,
}

impl PublicKeyRecord {
    pub fn new(role: Role, name: &str, public_key: &[u8]) -> PublicKeyRecord {
        PublicKeyRecord {
            format: PUBKEY_FORMAT.to_string(),
            role,
            name: name.to_string(),
            algorithm: ED25519.to_string(),
            public_key: hex_encode(public_key),
        }
    }

    /// One JSON line, newline included.
    pub fn to_line(&self) -> String {
        // A struct of strings always serializes; an empty line would be refused on reading.
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Read public-key records: JSON Lines of `hattama-pubkey/1` objects, blank lines ignored.
/// The error names the line and the field, never a value.
pub fn parse_public_keys(text: &str) -> Result<Vec<PublicKeyRecord>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let invalid = |what: String| format!("line {}: {what}", i + 1);
        let record: PublicKeyRecord = parse_json(line).map_err(|e| {
            invalid(format!(
                "field `{}` {}",
                e.field.as_deref().unwrap_or("."),
                e.detail
            ))
        })?;
        if record.format != PUBKEY_FORMAT {
            return Err(invalid(format!("not a {PUBKEY_FORMAT} record")));
        }
        if record.algorithm == ED25519 && hex_decode(&record.public_key, 32).is_err() {
            return Err(invalid("public_key is not 64 lowercase hex digits".into()));
        }
        out.push(record);
    }
    if out.is_empty() {
        return Err("holds no public key".into());
    }
    Ok(out)
}
