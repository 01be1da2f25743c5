//! A TCP proxy between a client and the archive that can delay traffic and cut every
//! connection at a chosen moment: the network between a courtroom and its archive.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
pub struct Faults {
    /// Refuse new connections and cut open ones.
    pub down: AtomicBool,
    /// Delay each chunk forwarded, in milliseconds.
    pub delay_ms: AtomicU64,
    /// Cut a connection once this many bytes went from the client to the server (0: never).
    pub cut_after_upload: AtomicUsize,
}

pub struct Proxy {
    pub port: u16,
    pub faults: Arc<Faults>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    pub fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let faults = Arc::new(Faults::default());
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (f, o) = (faults.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if f.down.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                o.lock().unwrap().push(client.try_clone().unwrap());
                o.lock().unwrap().push(server.try_clone().unwrap());
                pipe(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    f.clone(),
                    true,
                );
                pipe(server, client, f.clone(), false);
            }
        });
        Proxy { port, faults, open }
    }

    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    /// Cut every open connection and refuse new ones until `up`.
    pub fn down(&self) {
        self.faults.down.store(true, Ordering::SeqCst);
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    pub fn up(&self) {
        self.faults.down.store(false, Ordering::SeqCst);
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, f: Arc<Faults>, upload: bool) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        let mut total = 0usize;
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let delay = f.delay_ms.load(Ordering::SeqCst);
            if delay > 0 {
                std::thread::sleep(Duration::from_millis(delay));
            }
            let cut = f.cut_after_upload.load(Ordering::SeqCst);
            if f.down.load(Ordering::SeqCst) || (upload && cut > 0 && total + n > cut) {
                // Forward part of the data, then cut: the request arrives torn.
                let part = if upload && cut > total {
                    cut - total
                } else {
                    0
                };
                let _ = to.write_all(&buf[..part.min(n)]);
                break;
            }
            total += n;
            if to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}
