//! The demo court authority and its people: a court CA, certificates for the demo judge and
//! secretary, and their keys protected by passphrases that — for the demo only — are written to
//! files beside the keys (0600), so that `hattama demo` and the interface's demo can sign
//! without asking. A real court keeps its authority off the courtroom PCs and its people type
//! their passphrases (docs/trust.md).
//!
//! Layout under the keys folder:
//!
//! ```text
//! court/                     the authority's folder (store::authority), and
//! court/authority.passphrase   its passphrase (demo only)
//! ROLE-FP.key                each person's protected key, with ROLE-FP.pub.pem,
//! ROLE-FP.crt                their certificate, and
//! ROLE-FP.passphrase         their passphrase (demo only)
//! ```

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta};
use journal::Role;
use pki::{CertRole, CertifiedKey, CourtName, IssueRequest, Passphrase, Trust};
use store::authority::AuthorityDir;
use store::keys::{self, KeyError};

/// The demo authority's folder inside the keys folder.
pub const AUTHORITY_DIR: &str = "court";

/// One demo person's files.
#[derive(Debug, Clone)]
pub struct DemoPerson {
    pub role: Role,
    pub key: PathBuf,
    pub certificate: PathBuf,
    pub passphrase_file: PathBuf,
}

impl DemoPerson {
    /// The person's key with its certificate, opened with the demo passphrase.
    pub fn signer(&self, anchors: &[pki::Certificate]) -> Result<CertifiedKey, KeyError> {
        let passphrase = read_passphrase(&self.passphrase_file)?;
        keys::load_signer(&self.key, Some(&self.certificate), &passphrase, anchors)
    }
}

/// What `make_demo_court` wrote.
#[derive(Debug, Clone)]
pub struct DemoCourt {
    pub authority: AuthorityDir,
    pub authority_passphrase: PathBuf,
    pub judge: DemoPerson,
    pub secretary: DemoPerson,
}

impl DemoCourt {
    /// The demo authority and its current revocation list, as a reader would trust them.
    pub fn trust(&self) -> Result<Trust, KeyError> {
        let anchor = self.authority.certificate()?;
        let crl = self.authority.crl()?;
        Trust::new(vec![anchor], vec![crl]).map_err(|e| KeyError::Invalid {
            path: self.authority.certificate_path(),
            what: e.to_string(),
        })
    }

    /// The judge's and the secretary's keys opened, and the trust they are checked against:
    /// what sealing a demo hearing takes.
    pub fn signers(&self) -> Result<(CertifiedKey, CertifiedKey, Trust), KeyError> {
        let trust = self.trust()?;
        let anchors = trust.anchors().to_vec();
        Ok((
            self.judge.signer(&anchors)?,
            self.secretary.signer(&anchors)?,
            trust,
        ))
    }

    pub fn person(&self, role: Role) -> &DemoPerson {
        match role {
            Role::Judge => &self.judge,
            Role::Secretary => &self.secretary,
        }
    }
}

/// Make a demo court in `keys_dir`, or complete the one there: an authority valid from a day
/// before `valid_from` for ten years from today, and a judge and a secretary with the given
/// names, certified from then to a year from today (so a demo hearing dated in the past seals
/// and signs within validity). People already certified under these names are kept.
pub fn make_demo_court(
    keys_dir: &Path,
    judge: &str,
    secretary: &str,
    court: &CourtName,
    valid_from: DateTime<FixedOffset>,
) -> Result<DemoCourt, KeyError> {
    let dir = keys_dir.join(AUTHORITY_DIR);
    let now = chrono::Utc::now().fixed_offset();
    let from = valid_from.min(now) - TimeDelta::days(1);
    let authority_passphrase = dir.join("authority.passphrase");
    let existing = AuthorityDir::new(&dir);
    let (authority_dir, authority) = if existing.certificate_path().exists() {
        let pass = read_passphrase(&authority_passphrase)?;
        let authority = existing.open(&pass)?;
        (existing, authority)
    } else {
        let pass = random_passphrase(&dir)?;
        let made = AuthorityDir::init(
            &dir,
            court,
            from,
            now + TimeDelta::days(3652),
            now + TimeDelta::days(30),
            &pass,
        )?;
        write_passphrase(&authority_passphrase, &pass)?;
        made
    };
    let mut people = Vec::new();
    for (role, name) in [(Role::Judge, judge), (Role::Secretary, secretary)] {
        if let Some(person) = find_person(keys_dir, role, name) {
            people.push(person);
            continue;
        }
        let pass = random_passphrase(keys_dir)?;
        let made = keys::generate(keys_dir, CertRole::from(role), &pass)?;
        let request = IssueRequest {
            role: CertRole::from(role),
            name: name.to_string(),
            iin: None,
            public_key_der: keys::read_public_key(&made.public_key)?,
            not_before: from.max(authority.certificate().not_before()),
            not_after: now + TimeDelta::days(366),
            dns_names: Vec::new(),
        };
        let cert = authority.issue(&request).map_err(|e| KeyError::Invalid {
            path: made.key.clone(),
            what: e.to_string(),
        })?;
        authority_dir.record_issued(&cert)?;
        store::publish_new_file(&made.certificate, cert.to_pem().as_bytes()).map_err(|e| {
            KeyError::Write {
                path: made.certificate.clone(),
                what: e.to_string(),
            }
        })?;
        let passphrase_file = made.key.with_extension("passphrase");
        write_passphrase(&passphrase_file, &pass)?;
        people.push(DemoPerson {
            role,
            key: made.key,
            certificate: made.certificate,
            passphrase_file,
        });
    }
    let secretary = people.pop();
    let judge = people.pop();
    match (judge, secretary) {
        (Some(judge), Some(secretary)) => Ok(DemoCourt {
            authority: authority_dir,
            authority_passphrase,
            judge,
            secretary,
        }),
        _ => Err(KeyError::Invalid {
            path: keys_dir.to_path_buf(),
            what: "the demo people were not made".into(),
        }),
    }
}

/// The demo court already in `keys_dir`, if there is one: its authority, and the person whose
/// certificate names `role` and `name` for each of judge and secretary.
pub fn find_demo_court(keys_dir: &Path, judge: &str, secretary: &str) -> Option<DemoCourt> {
    let authority = AuthorityDir::new(&keys_dir.join(AUTHORITY_DIR));
    authority.certificate().ok()?;
    Some(DemoCourt {
        authority_passphrase: authority.dir.join("authority.passphrase"),
        judge: find_person(keys_dir, Role::Judge, judge)?,
        secretary: find_person(keys_dir, Role::Secretary, secretary)?,
        authority,
    })
}

/// The demo person in `keys_dir` whose certificate names `role` and `name`, with a passphrase
/// file.
pub fn find_person(keys_dir: &Path, role: Role, name: &str) -> Option<DemoPerson> {
    keys::list(keys_dir).ok()?.into_iter().find_map(|key| {
        let certificate = keys::certificate_path_for(&key);
        let cert = keys::read_certificate(&certificate).ok()?;
        let holder = cert.holder();
        let passphrase_file = key.with_extension("passphrase");
        (holder.role == Some(CertRole::from(role))
            && holder.common_name.as_deref() == Some(name)
            && passphrase_file.exists())
        .then_some(DemoPerson {
            role,
            key,
            certificate,
            passphrase_file,
        })
    })
}

/// A demo passphrase: 16 random bytes as hex.
fn random_passphrase(dir: &Path) -> Result<Passphrase, KeyError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| KeyError::Write {
        path: dir.to_path_buf(),
        what: format!("no randomness ({e})"),
    })?;
    Ok(Passphrase::new(
        bytes.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

fn write_passphrase(path: &Path, pass: &Passphrase) -> Result<(), KeyError> {
    let mut bytes = pass.as_bytes().to_vec();
    bytes.push(b'\n');
    store::publish_new_file(path, &bytes).map_err(|e| KeyError::Write {
        path: path.to_path_buf(),
        what: e.to_string(),
    })
}

/// Read a passphrase file: its first line, without the line end.
pub fn read_passphrase(path: &Path) -> Result<Passphrase, KeyError> {
    let text = std::fs::read_to_string(path).map_err(|e| KeyError::Open {
        path: path.to_path_buf(),
        what: e.to_string(),
    })?;
    let line = text.lines().next().unwrap_or_default();
    Ok(Passphrase::new(line.to_string()))
}
