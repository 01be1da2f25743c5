//! The court authority's folder, kept by the court's IT officer (never on a courtroom PC):
//!
//! ```text
//! court-ca.key     the authority's key, encrypted PKCS#8 (0600)
//! court-ca.pem     its certificate: what every courtroom and appellate court trusts
//! court-ca.crl     the latest revocation list (PEM), replaced whole on each revocation
//! issued/SERIAL.pem  every certificate issued, by serial number: the register
//! ```
//!
//! The revocation list is also the record of revocations: revoking reads the current list,
//! adds the entry and signs the next one.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use pki::{Authority, Certificate, CourtName, Crl, Passphrase, Revocation};

use super::durable::{self, PublishError};
use super::keys::{self, KeyError};

pub const KEY_FILE: &str = "court-ca.key";
pub const CERT_FILE: &str = "court-ca.pem";
pub const CRL_FILE: &str = "court-ca.crl";
const ISSUED_DIR: &str = "issued";

/// The folder of a court authority.
#[derive(Debug, Clone)]
pub struct AuthorityDir {
    pub dir: PathBuf,
}

impl AuthorityDir {
    pub fn new(dir: &Path) -> AuthorityDir {
        AuthorityDir {
            dir: dir.to_path_buf(),
        }
    }

    pub fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    pub fn certificate_path(&self) -> PathBuf {
        self.dir.join(CERT_FILE)
    }

    pub fn crl_path(&self) -> PathBuf {
        self.dir.join(CRL_FILE)
    }

    /// Make a new authority in `dir` (which must not hold one yet): key, certificate, and a
    /// first, empty revocation list valid until `next_update`.
    pub fn init(
        dir: &Path,
        court: &CourtName,
        not_before: DateTime<FixedOffset>,
        not_after: DateTime<FixedOffset>,
        next_update: DateTime<FixedOffset>,
        passphrase: &Passphrase,
    ) -> Result<(AuthorityDir, Authority), KeyError> {
        let this = AuthorityDir::new(dir);
        for path in [this.key_path(), this.certificate_path(), this.crl_path()] {
            if path.symlink_metadata().is_ok() {
                return Err(KeyError::Exists { path });
            }
        }
        passphrase.check_new().map_err(|e| KeyError::Key {
            path: this.key_path(),
            source: e,
        })?;
        let invalid = |e: pki::PkiError| KeyError::Invalid {
            path: dir.to_path_buf(),
            what: e.to_string(),
        };
        let authority = Authority::create(court, not_before, not_after).map_err(invalid)?;
        let crl = authority
            .revocation_list(
                &[],
                1,
                not_before.max(chrono::Utc::now().fixed_offset()),
                next_update,
            )
            .map_err(invalid)?;
        keys::write_protected(dir, &this.key_path(), authority.key(), passphrase)?;
        publish(
            &this.certificate_path(),
            authority.certificate().to_pem().as_bytes(),
        )?;
        publish(&this.crl_path(), crl.to_pem().as_bytes())?;
        Ok((this, authority))
    }

    /// The authority's certificate.
    pub fn certificate(&self) -> Result<Certificate, KeyError> {
        keys::read_certificate(&self.certificate_path())
    }

    /// The authority itself: its key opened with `passphrase`.
    pub fn open(&self, passphrase: &Passphrase) -> Result<Authority, KeyError> {
        let cert = self.certificate()?;
        let key = keys::load_key(&self.key_path(), passphrase)?;
        Authority::from_parts(key, cert).map_err(|e| KeyError::Invalid {
            path: self.key_path(),
            what: e.to_string(),
        })
    }

    /// The current revocation list, checked to be this authority's.
    pub fn crl(&self) -> Result<Crl, KeyError> {
        let crl = keys::read_crl(&self.crl_path())?;
        crl.verify_signed_by(&self.certificate()?)
            .map_err(|e| KeyError::Invalid {
                path: self.crl_path(),
                what: e.to_string(),
            })?;
        Ok(crl)
    }

    /// Sign and store the next revocation list: the current entries plus `add`.
    pub fn next_crl(
        &self,
        authority: &Authority,
        add: Option<Revocation>,
        now: DateTime<FixedOffset>,
        next_update: DateTime<FixedOffset>,
    ) -> Result<Crl, KeyError> {
        let current = self.crl()?;
        let mut entries = current.entries();
        if let Some(r) = add {
            if entries.iter().any(|e| e.serial == r.serial) {
                return Err(KeyError::Invalid {
                    path: self.crl_path(),
                    what: "that certificate is already revoked".into(),
                });
            }
            entries.push(r);
        }
        let number = current.number().unwrap_or(0) + 1;
        let crl = authority
            .revocation_list(&entries, number, now, next_update)
            .map_err(|e| KeyError::Invalid {
                path: self.crl_path(),
                what: e.to_string(),
            })?;
        durable::replace_file(&self.crl_path(), crl.to_pem().as_bytes()).map_err(|e| {
            KeyError::Write {
                path: self.crl_path(),
                what: e.to_string(),
            }
        })?;
        Ok(crl)
    }

    /// Keep a copy of an issued certificate in the register; returns its path there.
    pub fn record_issued(&self, cert: &Certificate) -> Result<PathBuf, KeyError> {
        let dir = self.dir.join(ISSUED_DIR);
        durable::ensure_private_dir(&dir).map_err(|e| KeyError::Write {
            path: dir.clone(),
            what: format!("cannot create ({e})"),
        })?;
        let path = dir.join(format!("{}.pem", cert.serial_hex()));
        publish(&path, cert.to_pem().as_bytes())?;
        Ok(path)
    }

    /// The issued certificates, as the register holds them.
    pub fn issued(&self) -> Result<Vec<Certificate>, KeyError> {
        let dir = self.dir.join(ISSUED_DIR);
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok(out);
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pem"))
            .collect();
        paths.sort();
        for p in paths {
            out.push(keys::read_certificate(&p)?);
        }
        Ok(out)
    }
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
