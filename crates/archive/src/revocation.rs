//! The revocation list the archive admits clients by, kept current while it runs. The court
//! revokes a courtroom PC's certificate (`hattama court revoke`) and puts the new CRL where
//! `--crl` points; the archive reads the file again (every [`RECHECK`], or at once on SIGHUP)
//! and refuses that certificate at the next handshake — no restart, no open connection cut.
//! A list is taken only if it is the authority's and not older than the one in use: a stale
//! copy put back by mistake (or on purpose) would let a revoked workstation in again. A list
//! not taken is reported once, and the archive keeps the one it has.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ledger::certified;
use pki::{Certificate, Crl, PersonalKey, Trust};
use tokio_rustls::TlsAcceptor;

use crate::tls::{TlsMaterial, server_config};

/// How often the CRL file is read again.
pub const RECHECK: Duration = Duration::from_secs(10);

/// What connections are admitted by now: the TLS acceptor (chain and CRL checked in the
/// handshake) and the trust the client's role is judged with — built together, from one list.
pub struct Admitting {
    pub acceptor: TlsAcceptor,
    pub trust: Arc<Trust>,
    pub crl: Option<Crl>,
}

/// The archive's admission of clients, and what it needs to rebuild it with a new list.
pub struct Admission {
    roots: Vec<Certificate>,
    chain: Vec<Certificate>,
    key: PersonalKey,
    crl_path: Option<PathBuf>,
    current: RwLock<Arc<Admitting>>,
    /// The bytes of the last list refused, so that a refusal is said once, not every RECHECK.
    refused: Mutex<Option<Vec<u8>>>,
}

/// What reading the CRL file again came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Reloaded {
    /// No `--crl`, or the file holds the list in use.
    Unchanged,
    /// The new list is in use: a line saying which.
    Taken(String),
    /// The file's list is not taken (a line saying why); the one in use stays.
    Refused(String),
    /// The same refused list again: already said.
    StillRefused,
}

impl Admission {
    pub fn new(
        roots: Vec<Certificate>,
        chain: Vec<Certificate>,
        key: PersonalKey,
        crl_path: Option<PathBuf>,
        crl: Option<Crl>,
    ) -> Result<Admission, String> {
        let first = build(&roots, &chain, &key, crl)?;
        Ok(Admission {
            roots,
            chain,
            key,
            crl_path,
            current: RwLock::new(Arc::new(first)),
            refused: Mutex::new(None),
        })
    }

    pub fn current(&self) -> Arc<Admitting> {
        match self.current.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The list in use, as PEM (what `/v1/crl.pem` publishes).
    pub fn crl_pem(&self) -> Option<String> {
        self.current().crl.as_ref().map(Crl::to_pem)
    }

    /// Read the `--crl` file again and take its list if it is new, the authority's, and not
    /// older than the list in use.
    pub fn reload(&self) -> Reloaded {
        let Some(path) = &self.crl_path else {
            return Reloaded::Unchanged;
        };
        let shown = path.display();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return self.refuse(Vec::new(), format!("{shown}: cannot read ({e})")),
        };
        let new = match Crl::from_bytes(&bytes) {
            Ok(c) => c,
            Err(e) => return self.refuse(bytes, format!("{shown}: not a revocation list ({e})")),
        };
        let now = self.current();
        if now.crl.as_ref().is_some_and(|c| c.der() == new.der()) {
            self.clear_refused();
            return Reloaded::Unchanged;
        }
        if let Some(old) = &now.crl
            && let Some(why) = older(&new, old)
        {
            return self.refuse(bytes, format!("{shown}: {why}"));
        }
        let line = format!(
            "{shown}: now in use (number {}, issued {}, {} revoked)",
            new.number().map_or("none".into(), |n| n.to_string()),
            new.this_update().to_rfc3339(),
            new.entries().len()
        );
        match build(&self.roots, &self.chain, &self.key, Some(new)) {
            Ok(next) => {
                match self.current.write() {
                    Ok(mut c) => *c = Arc::new(next),
                    Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
                }
                self.clear_refused();
                Reloaded::Taken(line)
            }
            Err(e) => self.refuse(bytes, format!("{shown}: {e}")),
        }
    }

    fn refuse(&self, bytes: Vec<u8>, why: String) -> Reloaded {
        let mut last = self.refused.lock().unwrap_or_else(|p| p.into_inner());
        if last.as_deref() == Some(bytes.as_slice()) {
            return Reloaded::StillRefused;
        }
        *last = Some(bytes);
        Reloaded::Refused(format!("{why}; the list in use stays"))
    }

    fn clear_refused(&self) {
        *self.refused.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// The acceptor and trust for `crl`: the trust refuses a list the authority did not sign.
fn build(
    roots: &[Certificate],
    chain: &[Certificate],
    key: &PersonalKey,
    crl: Option<Crl>,
) -> Result<Admitting, String> {
    let trust =
        certified::trust(roots.to_vec(), crl.clone()).map_err(|e| format!("not taken: {e}"))?;
    let tls = server_config(&TlsMaterial {
        roots,
        crl: crl.as_ref(),
        chain,
        key,
    })?;
    Ok(Admitting {
        acceptor: TlsAcceptor::from(Arc::new(tls)),
        trust: Arc::new(trust),
        crl,
    })
}

/// Why `new` is not a later list than `old`, if it is not: by CRL number where both have one
/// (RFC 5280 §5.2.3: numbers only grow), else by issue time.
fn older(new: &Crl, old: &Crl) -> Option<String> {
    match (new.number(), old.number()) {
        (Some(n), Some(o)) if n < o => Some(format!(
            "an older list than the one in use (number {n} < {o})"
        )),
        (Some(n), Some(o)) if n == o => Some(format!(
            "the same number as the list in use ({n}) with other content"
        )),
        _ if new.this_update() < old.this_update() => Some(format!(
            "an older list than the one in use (issued {} < {})",
            new.this_update().to_rfc3339(),
            old.this_update().to_rfc3339()
        )),
        _ => None,
    }
}
