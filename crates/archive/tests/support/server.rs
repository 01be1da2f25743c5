//! The real `hattama-archive` binary, started for a test on a free loopback port; its standard
//! error is kept (the personal-data test reads it) and it is killed on drop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::pki::Pki;

pub const ORIGIN: &str = "archive.test.court/hattama";

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: Arc<Mutex<String>>,
}

/// The server's arguments besides the database.
pub fn args(pki: &Pki, db: &str, extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = [
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--origin",
        ORIGIN,
        "--db",
        db,
        "--receipt-every",
        "5",
        "--receipt-after",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (flag, path) in [
        ("--ca", &pki.ca),
        ("--crl", &pki.crl),
        ("--cert", &pki.archive_cert),
        ("--key", &pki.archive_key),
    ] {
        a.push(flag.into());
        a.push(path.display().to_string());
    }
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_hattama-archive"))
}

impl Server {
    pub fn start(args: &[String]) -> Server {
        Server::start_with(&binary(), args)
    }

    pub fn start_with(program: &Path, args: &[String]) -> Server {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let shared = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on https://").nth(1) {
                    let port = rest
                        .split([' ', ':'])
                        .nth(1)
                        .and_then(|p| p.parse::<u16>().ok());
                    let _ = tx.send(port);
                }
                let mut l = shared.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(port)) = rx.recv_timeout(Duration::from_millis(100)) {
                return Server { child, port, log };
            }
            if let Ok(Some(status)) = child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                panic!("hattama-archive exited ({status}): {}", log.lock().unwrap());
            }
            assert!(
                Instant::now() < deadline,
                "hattama-archive did not start: {}",
                log.lock().unwrap()
            );
        }
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
