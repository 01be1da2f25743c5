//! The archive as a person meets it on the command line: `hattama archive push|fetch|serve`
//! and `hattama verify --receipts`, against an archive server started in this process (the
//! server's own crate, real TLS, SQLite) with certificates made by openssl.

mod cli;
mod layering;
mod tui;

#[path = "../../crates/archive/tests/support/journals.rs"]
pub mod journals;
#[path = "../../crates/archive/tests/support/pki.rs"]
pub mod pki;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

pub const ORIGIN: &str = "archive.test.court/hattama";

pub fn pki() -> &'static pki::Pki {
    static PKI: OnceLock<pki::Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("hattama-cli-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        pki::Pki::new(&dir)
    })
}

/// An archive running on its own runtime in this process, stopped on drop.
pub struct Archive {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Archive {
    pub fn start(db_dir: &Path) -> Archive {
        let p = pki();
        let config = archive::Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            db: archive::DbUrl::Sqlite(db_dir.join("archive.sqlite3")),
            db_connections: 4,
            origin: ORIGIN.into(),
            ca: p.ca.clone(),
            crl: Some(p.crl.clone()),
            cert: p.archive_cert.clone(),
            key: p.archive_key.clone(),
            key_password_file: None,
            policy: archive::Policy {
                every_entries: 5,
                every: Duration::from_secs(600),
            },
            witness_for: Vec::new(),
            witness_url: None,
        };
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let server = archive::start(config).await.unwrap();
                addr_tx.send(server.addr).unwrap();
                let _ = stopped.await;
                server.stop().await;
            });
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(60)).unwrap();
        Archive {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }
}

impl Drop for Archive {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A config.toml with `[archive]` for this workstation.
pub fn write_config(config_home: &Path, url: &str) {
    let p = pki();
    let dir = config_home.join("hattama");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[archive]\nurl = \"{url}\"\nca = \"{}\"\ncrl = \"{}\"\ncert = \"{}\"\nkey = \"{}\"\n",
            p.ca.display(),
            p.crl.display(),
            p.workstation_cert.display(),
            p.workstation_key.display()
        ),
    )
    .unwrap();
}
