//! The workstation's archive settings: `[archive]` in `config.toml` (docs/archive.md).
//!
//! ```toml
//! [archive]
//! url = "https://archive.almaty.sud.kz:8443"
//! ca = "/etc/hattama/court-ca.pem"          # the court authority (PEM)
//! crl = "/etc/hattama/court.crl"            # its CRL (optional; else the archive's copy)
//! cert = "/etc/hattama/workstation.pem"     # this workstation's certificate (PEM)
//! key = "/etc/hattama/workstation.key"      # its PKCS#8 P-256 key (PEM, 0600)
//! key_password_file = "/etc/hattama/workstation.pass"   # only for an encrypted key
//! ```
//!
//! The certificate is the court authority's for the `workstation` role (`hattama court issue
//! --role workstation`); the files are read by the court PKI crate (`ledger::certified`).

use std::path::{Path, PathBuf};

use ledger::certified::{read_certificates, read_machine_key};
use pki::{Certificate, Crl, Passphrase, PersonalKey};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveConfig {
    /// `https://HOST:PORT` of the court's archive.
    pub url: String,
    pub ca: PathBuf,
    /// The authority's CRL, to check the archive's certificate against; without it the CRL the
    /// archive publishes is used (signed by the authority all the same, but possibly older).
    #[serde(default)]
    pub crl: Option<PathBuf>,
    pub cert: PathBuf,
    pub key: PathBuf,
    #[serde(default)]
    pub key_password_file: Option<PathBuf>,
}

/// The files of an [`ArchiveConfig`], read and checked.
pub struct Credentials {
    pub roots: Vec<Certificate>,
    pub crl: Option<Crl>,
    pub chain: Vec<Certificate>,
    pub key: PersonalKey,
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("archive {what} {}: cannot read ({e})", path.display()))
}

impl ArchiveConfig {
    pub fn credentials(&self) -> Result<Credentials, String> {
        if !self.url.starts_with("https://") {
            return Err("archive url: must start with https://".into());
        }
        let roots = read_certificates(&read(&self.ca, "ca")?)
            .map_err(|e| format!("archive ca {}: {e}", self.ca.display()))?;
        let crl = match &self.crl {
            Some(p) => Some(
                Crl::from_bytes(&read(p, "crl")?)
                    .map_err(|e| format!("archive crl {}: {e}", p.display()))?,
            ),
            None => None,
        };
        let chain = read_certificates(&read(&self.cert, "cert")?)
            .map_err(|e| format!("archive cert {}: {e}", self.cert.display()))?;
        let password = match &self.key_password_file {
            Some(p) => {
                let bytes = zeroize::Zeroizing::new(read(p, "key_password_file")?);
                let text = std::str::from_utf8(bytes.trim_ascii_end()).map_err(|_| {
                    format!("archive key_password_file {}: not UTF-8 text", p.display())
                })?;
                Some(Passphrase::new(text.to_string()))
            }
            None => None,
        };
        let pem = String::from_utf8(read(&self.key, "key")?)
            .map_err(|_| format!("archive key {}: not a PEM text", self.key.display()))?;
        let key = read_machine_key(&pem, password.as_ref())
            .map_err(|e| format!("archive key {}: {e}", self.key.display()))?;
        match chain.first() {
            Some(leaf) if key.matches(leaf) => {}
            Some(_) => return Err("archive key: it does not belong to the archive cert".into()),
            None => return Err("archive cert: no certificate".into()),
        }
        Ok(Credentials {
            roots,
            crl,
            chain,
            key,
        })
    }
}
