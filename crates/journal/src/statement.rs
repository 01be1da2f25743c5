//! Signed statements: a few lines of text that every signer signs byte for byte, in the spirit
//! of C2SP's signed notes and checkpoints. What a report shows about a signed act comes from
//! these lines or from the certificates they name by hash — never from text beside them — so
//! nothing shown can change without breaking every signature, and no field can be added later
//! that the signatures do not cover.
//!
//! The shape serves the protocol's seals (`hattama-seal/2`, see `seal_v2`) and will serve the
//! archive's receipts. docs/journal-format.md §3.6 specifies it:
//!
//! ```text
//! hattama-seal/2                      the kind, naming its own version
//! journal 5c8c…                       fields: `key SP value`, in the order the kind fixes
//! count 2
//! head 2d56…
//! time 2026-11-24T10:31:00+05:00
//! signer judge ecdsa-p256-sha256 7f3a…   one line per signer: role, algorithm, SHA-256 of the
//! signer secretary ecdsa-p256-sha256 …    DER certificate
//! ```
//!
//! Every line ends with LF; keys, roles and algorithms are `[a-z0-9_-]+`; values are printable
//! ASCII without spaces. There is exactly one way to write a given statement.

use super::canonical::Hash;

/// Statements are short; anything longer is not one.
pub const MAX_STATEMENT: usize = 16 * 1024;

/// A statement: its kind, its fields, and who signs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub kind: String,
    pub fields: Vec<(String, String)>,
    pub signers: Vec<StatementSigner>,
}

/// One signer line: the role signed as, the signature algorithm, and the certificate's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementSigner {
    pub role: String,
    pub algorithm: String,
    pub certificate: Hash,
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_value(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

fn is_kind(s: &str) -> bool {
    s.split_once('/').is_some_and(|(name, version)| {
        is_token(name) && !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())
    })
}

impl Statement {
    /// The exact bytes every signer signs. Refuses what could not be read back the same.
    pub fn to_text(&self) -> Result<String, String> {
        if !is_kind(&self.kind) {
            return Err("the statement's kind is not `name/version`".into());
        }
        let mut out = format!("{}\n", self.kind);
        for (key, value) in &self.fields {
            if !is_token(key) || key == "signer" || !is_value(value) {
                return Err(format!("the statement's field `{key}` cannot be written"));
            }
            out.push_str(&format!("{key} {value}\n"));
        }
        if self.signers.is_empty() {
            return Err("a statement needs at least one signer".into());
        }
        for s in &self.signers {
            if !is_token(&s.role) || !is_token(&s.algorithm) {
                return Err("a signer's role or algorithm cannot be written".into());
            }
            out.push_str(&format!(
                "signer {} {} {}\n",
                s.role, s.algorithm, s.certificate
            ));
        }
        if out.len() > MAX_STATEMENT {
            return Err("the statement is too long".into());
        }
        Ok(out)
    }

    /// Read a statement strictly: anything [`Statement::to_text`] would not write is refused.
    pub fn parse(text: &str) -> Result<Statement, String> {
        if text.len() > MAX_STATEMENT {
            return Err("the statement is too long".into());
        }
        let Some(body) = text.strip_suffix('\n') else {
            return Err("the statement does not end with a line feed".into());
        };
        let mut lines = body.split('\n');
        let kind = lines.next().unwrap_or_default();
        if !is_kind(kind) {
            return Err("the statement's first line is not its kind".into());
        }
        let mut out = Statement {
            kind: kind.to_string(),
            fields: Vec::new(),
            signers: Vec::new(),
        };
        for (i, line) in lines.enumerate() {
            let n = i + 2;
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["signer", role, algorithm, hash] => {
                    let certificate = hash
                        .parse::<Hash>()
                        .map_err(|_| format!("line {n}: the certificate hash is not 64 hex"))?;
                    if !is_token(role) || !is_token(algorithm) {
                        return Err(format!("line {n}: a malformed signer"));
                    }
                    out.signers.push(StatementSigner {
                        role: role.to_string(),
                        algorithm: algorithm.to_string(),
                        certificate,
                    });
                }
                [key, value] if !out.signers.is_empty() => {
                    let _ = (key, value);
                    return Err(format!("line {n}: a field after the signers"));
                }
                [key, value] if is_token(key) && *key != "signer" && is_value(value) => {
                    out.fields.push((key.to_string(), value.to_string()));
                }
                _ => return Err(format!("line {n}: not `key value` nor a signer")),
            }
        }
        if out.signers.is_empty() {
            return Err("the statement names no signer".into());
        }
        // One spelling only: what we read must be what we would write.
        if out.to_text().as_deref() != Ok(text) {
            return Err("the statement is not in its one written form".into());
        }
        Ok(out)
    }

    /// The value of field `key`, if present.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Statement {
        Statement {
            kind: "hattama-seal/2".into(),
            fields: vec![
                ("count".into(), "2".into()),
                ("time".into(), "2026-11-24T10:31:00+05:00".into()),
            ],
            signers: vec![StatementSigner {
                role: "judge".into(),
                algorithm: "ecdsa-p256-sha256".into(),
                certificate: Hash::of(b"cert"),
            }],
        }
    }

    #[test]
    fn round_trips_and_has_one_spelling() {
        let text = sample().to_text().unwrap();
        assert_eq!(Statement::parse(&text).unwrap(), sample());
        for bad in [
            text.replace('\n', "\r\n"),
            text.replace("count 2", "count  2"),
            text.replace("count 2", "Count 2"),
            text.trim_end().to_string(),
            format!("{text}extra 1\n"),
            text.replace("signer judge", "signer Judge"),
            text.replace("hattama-seal/2", "hattama-seal"),
            format!("{text}\n"),
        ] {
            assert!(Statement::parse(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn refuses_to_write_what_it_could_not_read() {
        let mut s = sample();
        s.fields.push(("note".into(), "two words".into()));
        assert!(s.to_text().is_err());
        let mut s = sample();
        s.signers.clear();
        assert!(s.to_text().is_err());
    }
}
