//! Starting the archive: read and check the keys and certificates, open the database (with
//! migrations), rebuild the log, then accept TLS connections in a plain loop — the peer's
//! certificate is read per connection and handed to the handlers — and run the timers
//! (receipts after M minutes, the witness).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use ledger::certified::{self, read_certificate, read_certificates, read_machine_key};
use ledger::note::{NoteSigner, NoteVerifier};
use pki::{CertRole, Crl, Passphrase};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::archive::{Archive, Policy};
use crate::db::{Db, DbUrl};
use crate::expiry;
use crate::http::{AppState, Published, Workstation, refusing_router, router};
use crate::log::Log;
use crate::revocation::{Admission, RECHECK, Reloaded};
use crate::witness::{Submitter, Witness};

/// How to run an archive.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: DbUrl,
    pub db_connections: usize,
    /// The log's name in receipts and checkpoints, e.g. `archive.almaty.sud.kz/hattama`.
    pub origin: String,
    /// The court authority's root certificate(s) (PEM) and CRL.
    pub ca: PathBuf,
    pub crl: Option<PathBuf>,
    /// The archive's certificate (PEM, chain allowed) and its PKCS#8 P-256 key: TLS and the
    /// signatures on receipts and checkpoints.
    pub cert: PathBuf,
    pub key: PathBuf,
    pub key_password_file: Option<PathBuf>,
    pub policy: Policy,
    /// Act as a witness for these logs: (origin, certificate of the log's archive).
    pub witness_for: Vec<(String, PathBuf)>,
    /// Send this log's checkpoints to a witness at this URL.
    pub witness_url: Option<String>,
}

/// Why the archive did not start: one line naming the file or setting at fault.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartError(pub String);

fn read(path: &PathBuf, what: &str) -> Result<Vec<u8>, StartError> {
    std::fs::read(path)
        .map_err(|e| StartError(format!("{what} {}: cannot read ({e})", path.display())))
}

/// A running archive.
pub struct Server {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
    admission: Arc<Admission>,
}

impl Server {
    /// Read the CRL file again now (SIGHUP), as the archive does every [`RECHECK`].
    pub fn reload_revocations(&self) -> Reloaded {
        self.admission.reload()
    }

    /// Stop accepting, and wait for the accept loop to end.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

/// Start an archive on the current tokio runtime.
pub async fn start(config: Config) -> Result<Server, StartError> {
    let roots = read_certificates(&read(&config.ca, "--ca")?)
        .map_err(|e| StartError(format!("--ca {}: {e}", config.ca.display())))?;
    let crl = match &config.crl {
        Some(p) => Some(
            Crl::from_bytes(&read(p, "--crl")?)
                .map_err(|e| StartError(format!("--crl {}: {e}", p.display())))?,
        ),
        None => None,
    };
    let chain = read_certificates(&read(&config.cert, "--cert")?)
        .map_err(|e| StartError(format!("--cert {}: {e}", config.cert.display())))?;
    let password = match &config.key_password_file {
        Some(p) => {
            let bytes = zeroize::Zeroizing::new(read(p, "--key-password-file")?);
            let text = std::str::from_utf8(bytes.trim_ascii_end()).map_err(|_| {
                StartError(format!(
                    "--key-password-file {}: not UTF-8 text",
                    p.display()
                ))
            })?;
            Some(Passphrase::new(text.to_string()))
        }
        None => None,
    };
    let key_pem = zeroize::Zeroizing::new(
        String::from_utf8(read(&config.key, "--key")?)
            .map_err(|_| StartError(format!("--key {}: not a PEM text", config.key.display())))?,
    );
    let key = read_machine_key(&key_pem, password.as_ref())
        .map_err(|e| StartError(format!("--key {}: {e}", config.key.display())))?;
    let leaf = chain
        .first()
        .ok_or_else(|| StartError("--cert: no certificate".into()))?;
    if !key.matches(leaf) {
        return Err(StartError("--key does not belong to --cert".into()));
    }
    let admission = Admission::new(
        roots.clone(),
        chain.clone(),
        key.clone(),
        config.crl.clone(),
        crl,
    )
    .map_err(|e| StartError(format!("--ca/--crl: {e}")))?;
    let trust = admission.current().trust.clone();
    // The archive's own certificate must be one its readers will accept: the court authority's
    // archive certificate, valid now, not revoked — the rule `verify --receipts` applies.
    certified::archive_key(&trust, leaf, certified::now())
        .map_err(|e| StartError(format!("--cert: {e}")))?;
    let signer = NoteSigner::new(&config.origin, key.signing_key().clone())
        .map_err(|e| StartError(format!("--origin: {e}")))?;
    let db = Db::open(&config.db, config.db_connections)
        .await
        .map_err(|e| StartError(format!("--db {}: {e}", config.db.display())))?;
    let log = Log::load(&db, signer, leaf.not_after())
        .await
        .map_err(|e| StartError(format!("--db {}: {e}", config.db.display())))?;
    let archive = Archive::new(db, log, config.policy)
        .await
        .map_err(|e| StartError(format!("--db {}: {e}", config.db.display())))?;
    let mut logs = Vec::new();
    for (origin, path) in &config.witness_for {
        let cert = read_certificate(&read(path, "--witness-for")?)
            .map_err(|e| StartError(format!("--witness-for {}: {e}", path.display())))?;
        // Another court's archive, certified by an authority this archive trusts (--ca).
        let key = certified::archive_key(&trust, &cert, certified::now())
            .map_err(|e| StartError(format!("--witness-for {}: {e}", path.display())))?;
        logs.push(
            NoteVerifier::new(origin, key)
                .map_err(|e| StartError(format!("--witness-for {origin}: {e}")))?,
        );
    }
    let witness = if logs.is_empty() {
        None
    } else {
        let signer = NoteSigner::new(&config.origin, key.signing_key().clone())
            .map_err(|e| StartError(format!("--origin: {e}")))?;
        Some(Witness::new(signer, logs))
    };
    let submitter = match &config.witness_url {
        Some(url) => Some(Submitter {
            url: url.clone(),
            agent: push::tls::agent(&roots, &chain, &key).map_err(StartError)?,
            known: tokio::sync::Mutex::new(0),
        }),
        None => None,
    };
    let published = Published {
        ca: String::from_utf8_lossy(&read(&config.ca, "--ca")?).into_owned(),
        archive_cert: leaf.to_pem(),
    };
    let admission = Arc::new(admission);
    let state = Arc::new(AppState {
        archive,
        published,
        admission: admission.clone(),
        witness,
    });

    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| StartError(format!("--listen {}: {e}", config.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(format!("--listen: {e}")))?;
    let (shutdown, stop) = watch::channel(false);
    let timers = spawn_timers(state.clone(), submitter, config.policy, stop.clone());
    let task = tokio::spawn(accept_loop(
        listener,
        state,
        admission.clone(),
        stop,
        timers,
    ));
    Ok(Server {
        addr,
        shutdown,
        task,
        admission,
    })
}

fn spawn_timers(
    state: Arc<AppState>,
    submitter: Option<Submitter>,
    policy: Policy,
    mut stop: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let tick = (policy.every / 4).clamp(Duration::from_millis(200), RECHECK);
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(tick);
        let mut warned_on = None;
        let (mut receipts, mut witness) = (SaidOnce::default(), SaidOnce::default());
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.changed() => return,
            }
            say_reloaded(state.admission.reload());
            let today = chrono::Utc::now().date_naive();
            if warned_on != Some(today) {
                warned_on = Some(today);
                let crl = state.admission.current().crl.clone();
                for w in expiry::warnings(
                    state.archive.log.signer_until(),
                    crl.as_ref(),
                    chrono::Utc::now(),
                ) {
                    eprintln!("warning: {w}");
                }
            }
            receipts.say("receipts", state.archive.receipts_due().await);
            if let Some(s) = &submitter {
                witness.say(
                    "witness",
                    s.sync(&state.archive.db, &state.archive.log).await,
                );
            }
        }
    })
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<AppState>,
    admission: Arc<Admission>,
    mut stop: watch::Receiver<bool>,
    timers: tokio::task::JoinHandle<()>,
) {
    // One router per role that may connect, built once (`http::router`).
    let for_workstations = router(state.clone(), CertRole::Workstation);
    let for_archives = router(state, CertRole::Archive);
    // The connections under way, so that a stop lets their requests end (`DRAIN`).
    let mut connections = tokio::task::JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        // The acceptor and the trust of the CRL in use when the connection came.
        let now = admission.current();
        let (acceptor, trust) = (now.acceptor.clone(), now.trust.clone());
        let (for_workstations, for_archives) = (for_workstations.clone(), for_archives.clone());
        let mut stopping = stop.clone();
        connections.spawn(async move {
            let tls =
                match tokio::time::timeout(Duration::from_secs(15), acceptor.accept(tcp)).await {
                    Ok(Ok(tls)) => tls,
                    Ok(Err(e)) => {
                        // An unknown or revoked workstation ends here, with the reason rustls gives.
                        eprintln!("tls: {peer} refused ({e})");
                        return;
                    }
                    Err(_) => {
                        eprintln!("tls: {peer} handshake timed out");
                        return;
                    }
                };
            let peer_cert = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|c| c.first())
                .and_then(|der| pki::Certificate::from_der(der.as_ref()).ok());
            let serial = peer_cert
                .as_ref()
                .map(pki::Certificate::serial_hex)
                .unwrap_or_default();
            // rustls checked the chain and the CRL; the role is the court PKI's rule.
            let role = match &peer_cert {
                Some(c) => certified::client_role(&trust, c, certified::now()),
                None => Err("no certificate".into()),
            };
            let app = match role {
                Ok(CertRole::Archive) => for_archives,
                Ok(_) => for_workstations,
                Err(why) => {
                    eprintln!("tls: {peer} certificate {serial} refused ({why})");
                    refusing_router(why)
                }
            };
            let svc = TowerToHyperService::new(app.layer(axum::Extension(Workstation(serial))));
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection(TokioIo::new(tls), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopping.changed() => {
                    // The request under way is answered; an idle connection closes at once.
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    // Stopped: no new connection; what is under way ends, within DRAIN. Anything cut after
    // that was not acknowledged, and the courtroom sends it again.
    let drained = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        eprintln!(
            "hattama-archive: {} connections still busy after {}s; closed",
            connections.len(),
            DRAIN.as_secs()
        );
        connections.abort_all();
    }
    timers.abort();
}

/// How long a stop waits for the requests under way.
const DRAIN: Duration = Duration::from_secs(20);

/// The last error a timer's task said, so that the log says it once, not every tick, and
/// again only once it has gone away and come back.
#[derive(Default)]
struct SaidOnce(Option<String>);

impl SaidOnce {
    fn say<T, E: std::fmt::Display>(&mut self, what: &str, result: Result<T, E>) {
        match result {
            Ok(_) => self.0 = None,
            Err(e) => {
                let e = e.to_string();
                if self.0.as_deref() != Some(&e) {
                    eprintln!("{what}: {e}");
                    self.0 = Some(e);
                }
            }
        }
    }
}

/// One line on the server's log for a CRL read again (nothing when nothing changed).
pub fn say_reloaded(r: Reloaded) {
    match r {
        Reloaded::Taken(line) => eprintln!("crl: {line}"),
        Reloaded::Refused(line) => eprintln!("crl: {line}"),
        Reloaded::Unchanged | Reloaded::StillRefused => {}
    }
}
