//! The archive as a person meets it on the command line: `hattama archive push|fetch|serve`
//! and `hattama verify --receipts`, against an archive server started in this process (the
//! server's own crate, real TLS, SQLite) with certificates made by openssl.

mod cli;
mod court_setup;
mod layering;
mod tui;

#[path = "../../crates/archive/tests/support/journals.rs"]
pub mod journals;
#[path = "../../crates/archive/tests/support/pki.rs"]
pub mod pki;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
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

/// What a `hattama` run left: exit code, stdout, stderr.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `program` (a `hattama`) with `config_home` as its XDG_CONFIG_HOME, no data home; never a panic.
pub fn hattama_in(program: &Path, config_home: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(program)
        .args(args)
        .env("HOME", "/nonexistent-home")
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("XDG_DATA_HOME")
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// The `hattama` built for these tests, as [`hattama_in`].
pub fn hattama(config_home: &Path, args: &[&str]) -> Run {
    hattama_in(Path::new(env!("CARGO_BIN_EXE_hattama")), config_home, args)
}

/// An archive running on its own runtime in this process, stopped on drop.
pub struct Archive {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The files an archive or a workstation is set up with: the court authority's certificate and
/// CRL, the holder's certificate and key (and the key's password file, for an encrypted key).
pub struct Files {
    pub ca: PathBuf,
    pub crl: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub key_password_file: Option<PathBuf>,
}

impl Files {
    /// The archive's, from the openssl-made test authority.
    pub fn test_archive() -> Files {
        let p = pki();
        Files {
            ca: p.ca.clone(),
            crl: p.crl.clone(),
            cert: p.archive_cert.clone(),
            key: p.archive_key.clone(),
            key_password_file: None,
        }
    }

    /// The courtroom PC's, from the openssl-made test authority.
    pub fn test_workstation() -> Files {
        let p = pki();
        Files {
            ca: p.ca.clone(),
            crl: p.crl.clone(),
            cert: p.workstation_cert.clone(),
            key: p.workstation_key.clone(),
            key_password_file: None,
        }
    }
}

impl Archive {
    pub fn start(db_dir: &Path) -> Archive {
        Archive::start_with(db_dir, Files::test_archive())
    }

    pub fn start_with(db_dir: &Path, files: Files) -> Archive {
        let config = archive::Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            db: archive::DbUrl::Sqlite(db_dir.join("archive.sqlite3")),
            db_connections: 4,
            origin: ORIGIN.into(),
            ca: files.ca,
            crl: Some(files.crl),
            cert: files.cert,
            key: files.key,
            key_password_file: files.key_password_file,
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
    write_config_with(config_home, url, &Files::test_workstation());
}

/// A config.toml with `[archive]` for the workstation holding `files`.
pub fn write_config_with(config_home: &Path, url: &str, files: &Files) {
    let dir = config_home.join("hattama");
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = format!(
        "[archive]\nurl = \"{url}\"\nca = \"{}\"\ncrl = \"{}\"\ncert = \"{}\"\nkey = \"{}\"\n",
        files.ca.display(),
        files.crl.display(),
        files.cert.display(),
        files.key.display()
    );
    if let Some(pass) = &files.key_password_file {
        text.push_str(&format!("key_password_file = \"{}\"\n", pass.display()));
    }
    std::fs::write(dir.join("config.toml"), text).unwrap();
}
