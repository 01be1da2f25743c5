//! The archive end to end: the real `hattama-archive` binary, real TLS with certificates made
//! by openssl, journals written by the `store` crate, pushed by the `push` crate — against
//! SQLite always, and against a throwaway PostgreSQL 15 cluster (every scenario again).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use ledger::audit::{Trust, audit, journal_heads, receipt_seqs};
use ledger::record::Record;
use push::{ArchiveConfig, Client, ClientError, Pusher, Status, Sync, SyncError};
use support::pki::Pki;
use support::postgres::Postgres;
use support::proxy::Proxy;
use support::server::{self, Server};
use support::{journals, with_cert, workstation};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// One court authority per test process (openssl is slow-ish).
fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("archive-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Pki::new(&dir)
    })
}

/// A test's world: a folder for journals, a database, a running archive.
struct Env {
    dir: tempfile::TempDir,
    db: String,
    server: Server,
}

impl Env {
    fn new(db: Option<String>) -> Env {
        Env::with_args(db, &[])
    }

    fn with_args(db: Option<String>, extra: &[&str]) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = db
            .unwrap_or_else(|| format!("sqlite:{}/archive/archive.sqlite3", dir.path().display()));
        let server = Server::start(&server::args(pki(), &db, extra));
        Env { dir, db, server }
    }

    fn config(&self) -> ArchiveConfig {
        workstation(pki(), &self.server.url())
    }

    fn client(&self) -> Client {
        Client::new(&self.config()).unwrap()
    }

    fn journals(&self) -> &Path {
        self.dir.path()
    }

    /// Restart the archive on the same database (and port).
    fn restart(&mut self) {
        self.server.kill();
        let port = self.server.port.to_string();
        let listen = format!("127.0.0.1:{port}");
        let mut args = server::args(pki(), &self.db, &[]);
        let i = args.iter().position(|a| a == "127.0.0.1:0").unwrap();
        args[i] = listen;
        self.server = Server::start(&args);
    }
}

fn sync(config: &ArchiveConfig, path: &Path) -> Result<push::SyncReport, SyncError> {
    let client = Client::new(config).map_err(SyncError::Client)?;
    let (cert, key) = client.archive_key().map_err(SyncError::Client)?;
    Sync {
        client: &client,
        archive_cert: &cert,
        archive_key: &key,
    }
    .journal(path)
}

fn records(journal: &Path) -> Vec<Record> {
    push::receipts::read_records(&push::receipts::receipts_path(journal)).unwrap()
}

/// Check a journal against receipts as `hattama verify --receipts` does.
fn check(journal: &Path, records: &[Record]) -> ledger::Audit {
    let cert =
        ledger::certified::read_certificate(&std::fs::read(&pki().archive_cert).unwrap()).unwrap();
    let key = cert.verifying_key().unwrap();
    let heads = journal_heads(
        std::io::BufReader::new(std::fs::File::open(journal).unwrap()),
        &receipt_seqs(records),
    )
    .unwrap();
    audit(
        &heads,
        records,
        &Trust {
            archive: &key,
            witnesses: &[],
        },
    )
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ----- scenarios: each runs against SQLite (its own test) and PostgreSQL (one test, in turn)

/// A sealed journal goes up whole; sending it again stores nothing twice; receipts are kept,
/// verify, and name the seal.
fn push_duplicates_receipts(db: Option<String>) {
    let env = Env::new(db);
    let path = journals::sealed(env.journals(), "2-77/2026", "h1");
    let first = sync(&env.config(), &path).unwrap();
    assert_eq!((first.local, first.archived, first.stored), (10, 10, 10));
    assert_eq!(
        first.receipts, 1,
        "one push of the whole sealed journal: one receipt, for the seal: {first:?}"
    );
    let second = sync(&env.config(), &path).unwrap();
    assert_eq!((second.stored, second.archived), (0, 10));
    // The same lines pushed again directly: acknowledged, not stored.
    let local = push::read_journal(&path).unwrap();
    let again = env
        .client()
        .push(&local.key, local.lines[..4].to_vec())
        .unwrap();
    assert_eq!((again.stored, again.duplicates, again.head.seq), (0, 4, 10));
    let kept = records(&path);
    let audit = check(&path, &kept);
    assert!(audit.holds(), "{audit:?}");
    assert_eq!(audit.receipts.last().unwrap().seq, 10);
    assert!(audit.unproven.is_empty(), "{audit:?}");
    // The archive's copy is byte for byte the journal.
    assert_eq!(
        env.client().journal(&local.key).unwrap(),
        std::fs::read_to_string(&path).unwrap()
    );
    // The receipts file is private.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(push::receipts::receipts_path(&path))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// A different entry at a seq the archive holds: refused, the original kept, an alert with
/// both hashes.
fn fork_is_refused_and_recorded(db: Option<String>) {
    let env = Env::new(db);
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut ja = journals::open(a.path(), "2-88/2026", "h1", 3);
    sync(&env.config(), ja.path()).unwrap();
    let mut jb = journals::open(b.path(), "2-88/2026", "h1", 1);
    journals::note(&mut jb, "another text at seq 3");
    let err = sync(&env.config(), jb.path()).unwrap_err();
    let SyncError::Fork { seq, held, offered } = err else {
        panic!("expected a fork, got {err:?}");
    };
    assert_eq!(seq, 3);
    assert_ne!(held, offered);
    let alerts = env.client().alerts().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        (alerts[0].seq, alerts[0].held, alerts[0].offered),
        (3, held, offered)
    );
    // The same fork offered again is one alert; the archive still holds the first journal.
    let _ = sync(&env.config(), jb.path()).unwrap_err();
    assert_eq!(env.client().alerts().unwrap().len(), 1);
    let local = push::read_journal(ja.path()).unwrap();
    assert_eq!(
        env.client().journal(&local.key).unwrap(),
        std::fs::read_to_string(ja.path()).unwrap()
    );
    // The first courtroom goes on recording and archiving.
    journals::note(&mut ja, "and more");
    assert_eq!(sync(&env.config(), ja.path()).unwrap().archived, 5);
}

/// An entry that breaks the chain is refused with the verifier's fault code; nothing of it is
/// stored. A malformed or oversized request is refused with its reason.
fn bad_requests_are_refused(db: Option<String>) {
    let env = Env::new(db);
    let j = journals::open(env.journals(), "2-99/2026", "h1", 2);
    let local = push::read_journal(j.path()).unwrap();
    let client = env.client();
    let mut lines = local.lines.clone();
    lines[1] = lines[1].replace("Запись 0", "Запись 9");
    let err = client.push(&local.key, lines).unwrap_err();
    assert_eq!(err.code(), Some("body_hash_mismatch"), "{err:?}");
    // Entry 1 was good and is held; 2 was not.
    assert_eq!(client.head(&local.key).unwrap().seq, 1);
    // A line that is not JSON.
    let err = client
        .push(&local.key, vec!["{not json".into()])
        .unwrap_err();
    assert_eq!(err.code(), Some("malformed"), "{err:?}");
    // Entries of another hearing under this key.
    let other = journals::open(env.journals(), "2-98/2026", "h1", 0);
    let other = push::read_journal(other.path()).unwrap();
    let err = client.push(&local.key, other.lines.clone()).unwrap_err();
    assert!(
        matches!(err.code(), Some("fork" | "wrong_hearing")),
        "{err:?}"
    );
    // Raw requests: not the API's JSON, too large, a bad key.
    let creds = env.config().credentials().unwrap();
    let agent = push::tls::agent(&creds.roots, &creds.chain, &creds.key).unwrap();
    let url = format!(
        "{}/v1/hearings/{}/entries",
        env.server.url(),
        local.key.to_hex()
    );
    let mut r = agent.post(&url).send(&b"[1,2,3]"[..]).unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(
        r.body_mut()
            .read_to_string()
            .unwrap()
            .contains("malformed_request")
    );
    let huge = vec![b'x'; 9 << 20];
    match agent.post(&url).send(&huge[..]) {
        Ok(mut r) => {
            assert_eq!(r.status().as_u16(), 413);
            assert!(r.body_mut().read_to_string().unwrap().contains("too_large"));
        }
        // The server may close the connection before reading 9 MiB; it never stores it.
        Err(e) => eprintln!("oversized request cut by the server: {e}"),
    }
    // A fresh agent: the pooled connection may be the one the server just closed.
    let agent = push::tls::agent(&creds.roots, &creds.chain, &creds.key).unwrap();
    let mut r = agent
        .get(&format!("{}/v1/hearings/xyz/head", env.server.url()))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(
        r.body_mut()
            .read_to_string()
            .unwrap()
            .contains("64 lowercase hex")
    );
    assert_eq!(client.head(&local.key).unwrap().seq, 1);
}

/// Certificates: a revoked workstation and one of another authority are refused at the TLS
/// handshake, a judge's certificate of the court's own authority on every request (not a role
/// that may connect); nothing they send is stored.
fn unknown_and_revoked_workstations_are_refused(db: Option<String>) {
    let env = Env::new(db);
    let p = pki();
    let j = journals::open(env.journals(), "2-11/2026", "h1", 1);
    for (cert, key, why) in [
        (&p.revoked_cert, &p.revoked_key, "revoked"),
        (&p.stranger_cert, &p.stranger_key, "unknown"),
        (&p.judge_cert, &p.judge_key, "not a workstation"),
    ] {
        let config = with_cert(p, &env.server.url(), cert, key);
        let err = sync(&config, j.path()).unwrap_err();
        assert!(
            matches!(err, SyncError::Client(ClientError::CertificateRefused(_))),
            "{why}: {err:?}"
        );
    }
    // The server's log is read on a thread of its own: wait for the lines, not a moment.
    wait_for("the revoked certificate in the log", || {
        let log = env.server.log();
        log.contains("tls:") && log.contains("Revoked")
    });
    wait_for("the judge's certificate in the log", || {
        let log = env.server.log();
        log.contains("certificate 3001 refused") && log.contains("for the role judge")
    });
    // The good workstation finds nothing stored.
    let local = push::read_journal(j.path()).unwrap();
    assert_eq!(env.client().head(&local.key).unwrap().seq, 0);
}

/// A workstation revoked while the archive runs: the court puts the new CRL where `--crl`
/// points, and the archive takes it without a restart (read again every few seconds, or at
/// once on SIGHUP) — the workstation is refused from the next handshake on, and `/v1/crl.pem`
/// publishes the new list. An older list put back, or a file that is no list, is not taken:
/// said once, the newer list stays in use.
#[test]
fn a_new_crl_is_taken_while_the_archive_runs_and_an_older_one_never() {
    let p = pki();
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.crl");
    std::fs::copy(&p.crl, &live).unwrap();
    let newer = p.next_crl_revoking(&dir.path().join("ca"), "workstation");
    let db = format!("sqlite:{}/archive.sqlite3", dir.path().display());
    let mut args = server::args(p, &db, &[]);
    let i = args
        .iter()
        .position(|a| *a == p.crl.display().to_string())
        .unwrap();
    args[i] = live.display().to_string();
    let server = Server::start(&args);
    let hup = || {
        let ok = std::process::Command::new("kill")
            .args(["-HUP", &server.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    };
    let j = journals::open(dir.path(), "2-12/2026", "h1", 3);
    let ws = workstation(p, &server.url());
    sync(&ws, j.path()).unwrap();
    // SIGHUP with nothing new: said so.
    hup();
    wait_for("crl: unchanged", || server.log().contains("crl: unchanged"));

    std::fs::copy(&newer, &live).unwrap();
    wait_for("the new list in use", || {
        server.log().contains("live.crl: now in use (number 4097")
    });
    let err = sync(&ws, j.path()).unwrap_err();
    assert!(
        matches!(err, SyncError::Client(ClientError::CertificateRefused(_))),
        "{err:?}"
    );
    let as_archive = with_cert(p, &server.url(), &p.witness_cert, &p.witness_key);
    let published = Client::new(&as_archive)
        .unwrap()
        .crl_pem()
        .unwrap()
        .unwrap();
    assert_eq!(
        published.trim(),
        std::fs::read_to_string(&newer).unwrap().trim(),
        "the archive publishes the list it uses"
    );

    // The old list put back: not taken, said once; the workstation stays refused.
    std::fs::copy(&p.crl, &live).unwrap();
    hup();
    wait_for("the old list refused", || {
        server
            .log()
            .contains("an older list than the one in use (number 4096 < 4097)")
    });
    hup();
    wait_for("still not taken", || {
        server
            .log()
            .contains("crl: the file's list is still not taken")
    });
    assert_eq!(server.log().matches("number 4096 < 4097").count(), 1);
    assert!(sync(&ws, j.path()).is_err());
    // Not a list at all.
    std::fs::write(&live, "not a list").unwrap();
    wait_for("garbage refused", || {
        server.log().contains("live.crl: not a revocation list")
    });
    assert!(sync(&ws, j.path()).is_err());
    let log = server.log();
    assert!(log.contains("the list in use stays"), "{log}");
    assert_eq!(log.matches("now in use").count(), 1, "{log}");
}

/// A backup taken while the archive runs (`hattama-archive backup`, SQLite): a checked copy,
/// 0600; refused over an existing file, with a certificate that did not sign the log (nothing
/// left behind), and for PostgreSQL. Restored, it serves: the courtroom sends again what came
/// after the copy. A receipt the courtroom kept from after the copy does not reappear — the
/// restored log signs other receipts in its place, and the courtroom's check of the archive's
/// receipts says so: a rollback is visible, never silent.
#[test]
fn a_backup_taken_while_running_is_checked_and_restores() {
    let p = pki();
    let env = Env::new(None);
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["backup", "--db", &env.db, "--origin", server::ORIGIN];
        args.extend(extra);
        let out = std::process::Command::new(server::binary())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let mut a = journals::open(env.journals(), "2-14/2026", "h1", 6);
    let b = journals::sealed(env.journals(), "2-14/2026", "h2");
    for j in [a.path(), b.as_path()] {
        sync(&env.config(), j).unwrap();
    }
    let copy = dir.path().join("backup.sqlite3");
    let cert = p.archive_cert.display().to_string();
    let (code, out, err) = run(&["--out", s(&copy), "--cert", &cert]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("2 hearings, 17 entries, 2 receipts; pages ok; the receipts match the signed checkpoint of size 2"),
        "{out}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(copy.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    // Refusals: nothing written, nothing left behind.
    let before = std::fs::read(&copy).unwrap();
    let (code, _, err) = run(&["--out", s(&copy), "--cert", &cert]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("File exists"), "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    let other = dir.path().join("other.sqlite3");
    let ws = p.workstation_cert.display().to_string();
    let (code, _, err) = run(&["--out", s(&other), "--cert", &ws]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("a log keeps its name and key for life"),
        "{err}"
    );
    assert!(!other.exists());
    // The same goes for serving it with another archive's certificate and key.
    let elsewhere = dir.path().join("elsewhere.sqlite3");
    std::fs::copy(&copy, &elsewhere).unwrap();
    let mut args = server::args(p, &format!("sqlite:{}", elsewhere.display()), &[]);
    for (from, to) in [
        (&p.archive_cert, &p.witness_cert),
        (&p.archive_key, &p.witness_key),
    ] {
        let i = args
            .iter()
            .position(|a| *a == from.display().to_string())
            .unwrap();
        args[i] = to.display().to_string();
    }
    let out = std::process::Command::new(server::binary())
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("signed as archive.test.court/hattama")
            && err.contains("renew the archive's certificate for the same key"),
        "{err}"
    );
    let out = std::process::Command::new(server::binary())
        .args([
            "backup",
            "--db",
            "postgres://archive@127.0.0.1:1/a",
            "--out",
        ])
        .args([s(&other), "--origin", server::ORIGIN, "--cert", &cert])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_basebackup"));
    assert!(!other.exists());

    // After the copy, hearing 1 goes on and gets a receipt the copy does not hold.
    for i in 0..5 {
        journals::note(&mut a, &format!("after the copy {i}"));
    }
    let live = sync(&env.config(), a.path()).unwrap();
    assert_eq!((live.archived, live.receipts), (12, 1), "{live:?}");

    // The archive restored from the copy: it starts (its log checks), and the courtroom sends
    // again what came after the copy.
    let restored = server::args(p, &format!("sqlite:{}", copy.display()), &[]);
    let server = Server::start(&restored);
    let config = workstation(p, &server.url());
    let local = push::read_journal(a.path()).unwrap();
    let client = Client::new(&config).unwrap();
    assert_eq!(client.head(&local.key).unwrap().seq, 7);
    // A receipt names its second, and ECDSA here is deterministic (RFC 6979): signed in the
    // same second, the restored archive's receipt would be the very same bytes. Time passes.
    std::thread::sleep(Duration::from_millis(1100));
    // The courtroom's background pusher: the entries go, the receipts are refused, and the
    // hearing's state says so (a desk alert).
    let pusher = Pusher::start(config.clone());
    pusher.notify(a.path());
    wait_for("the receipts refused", || {
        matches!(
            pusher.status(a.path()),
            Some(Status::ReceiptsInvalid { .. })
        )
    });
    let Some(Status::ReceiptsInvalid { reason }) = pusher.status(a.path()) else {
        unreachable!()
    };
    assert!(
        reason.contains("another receipt at log index 2") && reason.contains("rolled back"),
        "{reason}"
    );
    assert!(pusher.status(a.path()).unwrap().is_alert());
    assert_eq!(
        client.head(&local.key).unwrap().seq,
        12,
        "the entries are back"
    );
    // The second hearing, untouched since the copy, is as it was.
    let again = sync(&config, &b).unwrap();
    assert_eq!((again.archived, again.stored), (10, 0), "{again:?}");
}

/// SIGTERM (`systemctl stop`): no new connection, but a push under way — its body still
/// arriving through a slow link — is stored and answered before the archive exits; an idle
/// keep-alive connection is closed at once, and the server exits cleanly, well within its
/// drain time.
#[test]
fn a_stop_answers_the_push_under_way_and_exits_cleanly() {
    use std::sync::atomic::Ordering;
    let mut env = Env::new(None);
    let proxy = Proxy::start(env.server.port);
    let config = workstation(pki(), &proxy.url());
    let mut j = journals::open(env.journals(), "2-15/2026", "h1", 0);
    for i in 0..200 {
        journals::note(
            &mut j,
            &format!("{i} {}", "сот отырысының хаттамасы ".repeat(12)),
        );
    }
    let local = push::read_journal(j.path()).unwrap();
    assert!(local.lines.iter().map(String::len).sum::<usize>() > 150_000);
    let client = Client::new(&config).unwrap();
    assert_eq!(client.head(&local.key).unwrap().seq, 0);
    // Each 16 KiB between the courtroom and the archive now takes 250 ms: the push's body
    // (over 150 KB) arrives over more than two seconds, and the stop comes in the middle of it,
    // late enough that the request has begun even on a loaded machine.
    proxy.faults.delay_ms.store(250, Ordering::SeqCst);
    let (key, lines) = (local.key, local.lines.clone());
    let pushing = std::thread::spawn(move || client.push(&key, lines));
    std::thread::sleep(Duration::from_millis(1200));
    let started = Instant::now();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &env.server.child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let answer = pushing.join().unwrap();
    let answer = answer.unwrap_or_else(|e| panic!("{e}: {}", env.server.log()));
    assert_eq!(answer.stored, 201);
    let status = loop {
        if let Some(status) = env.server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the archive did not stop: {}",
            env.server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}: {}", env.server.log());
    wait_for("the stop in the log", || {
        env.server.log().contains("hattama-archive: stopping")
    });
    let log = env.server.log();
    assert!(!log.contains("still busy"), "{log}");
    // What was answered is there after a restart.
    env.restart();
    assert_eq!(env.client().head(&local.key).unwrap().seq, 201);
}

/// The archive restored from an older copy cannot hide it from its witness: the witness had
/// cosigned the larger log, and refuses the restored log's next checkpoint — another root at a
/// size it has seen — with an alert; the restored archive says the refusal once, and its
/// checkpoints stay without the witness's cosignature.
#[test]
fn a_rolled_back_archive_is_refused_by_its_witness() {
    let p = pki();
    let (witness, _wdir) = start_witness();
    let env = Env::with_args(None, &["--witness", &witness.url()]);
    let cosigned_at = |url: &str, size: &str| {
        let note = Client::new(&workstation(p, url))
            .unwrap()
            .checkpoint()
            .unwrap();
        note.lines().nth(1) == Some(size) && note.contains("— archive.test.region/witness")
    };
    let first = journals::sealed(env.journals(), "2-18/2026", "h1");
    sync(&env.config(), &first).unwrap();
    wait_for("size 1 cosigned", || cosigned_at(&env.server.url(), "1"));
    let copy = env.dir.path().join("copy.sqlite3");
    let out = std::process::Command::new(server::binary())
        .args(["backup", "--db", &env.db, "--out"])
        .arg(&copy)
        .args(["--origin", server::ORIGIN, "--cert"])
        .arg(&p.archive_cert)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second = journals::sealed(env.journals(), "2-18/2026", "h2");
    sync(&env.config(), &second).unwrap();
    wait_for("size 2 cosigned", || cosigned_at(&env.server.url(), "2"));
    drop(env.server);

    // Restored from the copy (size 1): a third hearing takes position 2 in the log.
    let restored = Server::start(&server::args(
        p,
        &format!("sqlite:{}", copy.display()),
        &["--witness", &witness.url()],
    ));
    let third = journals::sealed(env.dir.path(), "2-18/2026", "h3");
    sync(&workstation(p, &restored.url()), &third).unwrap();
    wait_for("the witness's alert", || {
        witness.log().contains(&format!(
            "alert: witness refused an inconsistent checkpoint of {}",
            server::ORIGIN
        ))
    });
    wait_for("the archive saying so", || {
        restored
            .log()
            .contains("witness: the witness refused (422)")
    });
    // Several timer ticks later: said once.
    std::thread::sleep(Duration::from_millis(2000));
    let log = restored.log();
    assert_eq!(
        log.matches("witness: the witness refused").count(),
        1,
        "{log}"
    );
    assert!(!cosigned_at(&restored.url(), "2"));
}

/// Each role its own endpoints: another archive's certificate (a witness) may read the log
/// but not push entries or read hearings; a workstation may not submit checkpoints. Both are
/// answered 403 `certificate_role` naming the route, and nothing is stored.
fn each_role_its_own_endpoints(db: Option<String>) {
    let env = Env::new(db);
    let p = pki();
    let j = journals::open(env.journals(), "2-13/2026", "h1", 1);
    let local = push::read_journal(j.path()).unwrap();
    let as_archive = with_cert(p, &env.server.url(), &p.witness_cert, &p.witness_key);
    let archive_client = Client::new(&as_archive).unwrap();
    for err in [
        archive_client
            .push(&local.key, local.lines.clone())
            .unwrap_err(),
        archive_client.head(&local.key).unwrap_err(),
        archive_client.hearings_of_case("2-13/2026").unwrap_err(),
        archive_client.alerts().unwrap_err(),
    ] {
        let ClientError::CertificateRefused(why) = &err else {
            panic!("{err:?}")
        };
        assert!(why.contains("role archive may not call /v1/"), "{why}");
    }
    // What both may read.
    assert!(
        archive_client
            .ca_pem()
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
    assert!(env.client().ca_pem().unwrap().contains("BEGIN CERTIFICATE"));
    // A workstation submitting a checkpoint.
    let creds = env.config().credentials().unwrap();
    let agent = push::tls::agent(&creds.roots, &creds.chain, &creds.key).unwrap();
    let mut resp = agent
        .post(&format!("{}/add-checkpoint", env.server.url()))
        .send("old 0\n\nnot a checkpoint\n")
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let body = resp.body_mut().read_to_string().unwrap();
    assert!(
        body.contains("certificate_role")
            && body.contains("role workstation may not call /add-checkpoint"),
        "{body}"
    );
    assert_eq!(
        env.client().head(&local.key).unwrap().seq,
        0,
        "nothing stored"
    );
}

/// The network between courtroom and archive fails: cut mid-push, delayed, down for a while.
/// The pusher says "offline since …, N entries waiting", never blocks, and sends everything
/// once the network is back; nothing is stored twice.
fn outage_cut_and_resume(db: Option<String>) {
    let env = Env::new(db);
    let proxy = Proxy::start(env.server.port);
    let config = workstation(pki(), &proxy.url());
    let mut j = journals::open(env.journals(), "2-12/2026", "h1", 2);
    // A connection cut after 1500 bytes of a push: the push fails, nothing half-stored.
    proxy
        .faults
        .cut_after_upload
        .store(1500, std::sync::atomic::Ordering::SeqCst);
    for i in 0..30 {
        journals::note(&mut j, &format!("long entry {i} {}", "x".repeat(200)));
    }
    let err = sync(&config, j.path()).unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    proxy
        .faults
        .cut_after_upload
        .store(0, std::sync::atomic::Ordering::SeqCst);
    // The pusher during an outage.
    proxy.down();
    let pusher = Pusher::start(config.clone());
    let started = Instant::now();
    pusher.notify(j.path());
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "notify must not block"
    );
    wait_for("offline status", || {
        matches!(pusher.status(j.path()), Some(Status::Offline { .. }))
    });
    let Some(Status::Offline { waiting, .. }) = pusher.status(j.path()) else {
        unreachable!()
    };
    assert_eq!(waiting, 33);
    let shown = pusher.status(j.path()).unwrap().to_string();
    assert!(
        shown.starts_with("offline since ") && shown.ends_with("33 entries waiting"),
        "{shown}"
    );
    // The courtroom keeps recording meanwhile.
    journals::note(&mut j, "recorded while offline");
    pusher.notify(j.path());
    proxy
        .faults
        .delay_ms
        .store(20, std::sync::atomic::Ordering::SeqCst);
    proxy.up();
    wait_for("archived", || {
        pusher.status(j.path()) == Some(Status::Archived { seq: 34 })
    });
    assert_eq!(
        pusher.status(j.path()).unwrap().to_string(),
        "archived up to #34"
    );
    drop(pusher);
    let local = push::read_journal(j.path()).unwrap();
    assert_eq!(
        env.client().journal(&local.key).unwrap(),
        std::fs::read_to_string(j.path()).unwrap()
    );
}

/// The server killed (SIGKILL) while pushes are under way: after a restart on the same
/// database, every acknowledged entry is there, nothing twice, the log goes on consistently.
fn server_killed_mid_request(db: Option<String>) {
    let mut env = Env::new(db);
    let proxy = Proxy::start(env.server.port);
    let config = workstation(pki(), &proxy.url());
    let mut j = journals::open(env.journals(), "2-13/2026", "h1", 0);
    let mut acknowledged = 0;
    for i in 0..40 {
        journals::note(&mut j, &format!("entry {i}"));
        if i == 25 {
            env.server.kill();
        }
        if let Ok(r) = sync(&config, j.path()) {
            acknowledged = r.archived;
        }
    }
    assert!(acknowledged >= 20, "{acknowledged}");
    let before = records(j.path());
    env.restart();
    let proxy = Proxy::start(env.server.port);
    let config = workstation(pki(), &proxy.url());
    let head = env
        .client()
        .head(&push::read_journal(j.path()).unwrap().key)
        .unwrap();
    assert!(
        head.seq >= acknowledged,
        "acknowledged {acknowledged}, held {}",
        head.seq
    );
    let r = sync(&config, j.path()).unwrap();
    assert_eq!((r.archived, r.local), (41, 41));
    let local = push::read_journal(j.path()).unwrap();
    assert_eq!(
        env.client().journal(&local.key).unwrap(),
        std::fs::read_to_string(j.path()).unwrap()
    );
    // The receipts kept before the kill and after it verify together, consistently.
    let after = records(j.path());
    assert!(after.len() > before.len());
    let audit = check(j.path(), &after);
    assert!(audit.holds(), "{audit:?}");
}

/// `fetch` writes what an appellate court checks offline: journals, receipts with inclusion
/// proofs, consistency proofs, certificates, CRL; a journal rewritten after its receipts and
/// resealed with the officials' real keys fails.
fn fetch_and_offline_verify(db: Option<String>) {
    let env = Env::new(db);
    let path = journals::sealed(env.journals(), "2-14/2026", "h1");
    let mut open = journals::open(env.journals(), "2-14/2026", "h2", 12);
    sync(&env.config(), &path).unwrap();
    sync(&env.config(), open.path()).unwrap();
    journals::note(&mut open, "later");
    sync(&env.config(), open.path()).unwrap();
    let out = env.dir.path().join("fetched");
    let fetched = push::fetch(
        &env.client(),
        &push::FetchQuery::Case("2-14/2026".into()),
        &out,
    )
    .unwrap();
    assert_eq!(fetched.len(), 2);
    for name in ["ca.pem", "crl.pem", "archive.pem", "checkpoint"] {
        assert!(out.join(name).exists(), "{name}");
    }
    let first = fetched
        .iter()
        .find(|f| f.hearing.hearing_id == "h1")
        .unwrap();
    assert!(
        records(&first.journal)
            .iter()
            .any(|r| matches!(r, Record::Consistency { .. })),
        "the first hearing's checkpoint is proven consistent with the latest"
    );
    for f in &fetched {
        let recs = records(&f.journal);
        let audit = check(&f.journal, &recs);
        assert!(audit.holds() && audit.unproven.is_empty(), "{audit:?}");
    }
    // Rewrite entry 4 of the sealed hearing and seal again with the same real keys.
    let rewritten = env.dir.path().join("rewritten");
    std::fs::create_dir_all(&rewritten).unwrap();
    let clock = journals::clock();
    let mut j = store::Journal::create(
        &rewritten,
        journals::opening("2-14/2026", "h1"),
        Box::new(clock.clone()),
    )
    .unwrap();
    for (i, mut body) in journal::sample::sample_bodies().into_iter().enumerate() {
        clock.advance(chrono::TimeDelta::minutes(1));
        if let (2, journal::Body::Note(n)) = (i, &mut body) {
            n.text = "Предупреждение не делалось.".into();
        }
        j.append(body).unwrap();
    }
    let court = journals::court();
    j.seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    let report = store::verify_file(j.path(), journal::VerifyOptions::default()).unwrap();
    assert!(
        report.intact() && report.sealed,
        "the rewritten journal is intact by itself"
    );
    let fetched_h1 = fetched
        .iter()
        .find(|f| f.hearing.hearing_id == "h1")
        .unwrap();
    let audit = check(j.path(), &records(&fetched_h1.journal));
    assert!(!audit.holds());
    assert!(
        audit.receipts.iter().any(|r| r
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("changed after the receipt"))),
        "{audit:?}"
    );
    // By hearing id too.
    let by_id = push::fetch(
        &env.client(),
        &push::FetchQuery::Hearing("h2".into()),
        &env.dir.path().join("h2"),
    )
    .unwrap();
    assert_eq!(by_id.len(), 1);
    assert!(matches!(
        push::fetch(
            &env.client(),
            &push::FetchQuery::Case("nope".into()),
            &env.dir.path().join("x")
        ),
        Err(push::fetch::FetchError::NotFound("case"))
    ));
}

/// Receipts every N entries and after M seconds without one (the timer), for an open hearing.
fn receipts_on_schedule(db: Option<String>) {
    let env = Env::new(db);
    let j = journals::open(env.journals(), "2-15/2026", "h1", 2);
    sync(&env.config(), j.path()).unwrap();
    let key = push::read_journal(j.path()).unwrap().key;
    assert!(
        env.client().receipts(&key).unwrap().is_empty(),
        "3 entries < 5: none yet"
    );
    // --receipt-after 2: the timer signs one for #3.
    wait_for("the timer's receipt", || {
        !env.client().receipts(&key).unwrap().is_empty()
    });
    let recs = env.client().receipts(&key).unwrap();
    let audit = check(j.path(), &recs);
    assert!(audit.holds(), "{audit:?}");
    assert_eq!(audit.receipts[0].seq, 3);
}

/// What the archive logs never holds personal data: names, IINs, free text, case subjects.
fn personal_data_never_logged(db: Option<String>) {
    let env = Env::new(db);
    let path = journals::sealed(env.journals(), "2-16/2026", "h1");
    sync(&env.config(), &path).unwrap();
    let other = tempfile::tempdir().unwrap();
    let mut bad = journals::open(other.path(), "2-16/2026", "h1", 1);
    journals::note(&mut bad, "Иванов Иван Иванович, ИИН 900515300123");
    let _ = sync(&env.config(), bad.path());
    let _ = env.client().hearings_of_case("2-16/2026");
    // The log is read on a thread of its own: wait for the last request's line.
    wait_for("the last request in the log", || {
        env.server.log().contains("GET /v1/cases")
    });
    let log = env.server.log();
    assert!(
        log.contains("POST /v1/hearings/"),
        "the log is there: {log}"
    );
    for secret in [
        "Иванов",
        "800501300123",
        "900515300123",
        "Ахметова",
        "Сейткали",
        "Алтын",
        "2-16/2026",
        "courtroom-7",
    ] {
        assert!(!log.contains(secret), "{secret} in the server log:\n{log}");
    }
}

/// A higher court's archive, witness for this test's archive log: its own database, name and
/// key, the archive's certificate as the log's key.
fn start_witness() -> (Server, tempfile::TempDir) {
    let p = pki();
    let wdir = tempfile::tempdir().unwrap();
    let wdb = format!("sqlite:{}/w.sqlite3", wdir.path().display());
    let mut wargs = server::args(
        p,
        &wdb,
        &[
            "--witness-for",
            &format!("{}={}", server::ORIGIN, p.archive_cert.display()),
        ],
    );
    for (i, a) in wargs.clone().iter().enumerate() {
        if a == server::ORIGIN {
            wargs[i] = "archive.test.region/witness".into();
        } else if *a == p.archive_cert.display().to_string() && wargs[i - 1] == "--cert" {
            wargs[i] = p.witness_cert.display().to_string();
        } else if *a == p.archive_key.display().to_string() {
            wargs[i] = p.witness_key.display().to_string();
        }
    }
    (Server::start(&wargs), wdir)
}

/// A higher court's archive witnesses this one: checkpoints come back cosigned, and the
/// cosignature verifies with the witness's certificate.
fn witness_cosigns(db: Option<String>) {
    let p = pki();
    let (witness, _wdir) = start_witness();
    let env = Env::with_args(db, &["--witness", &witness.url()]);
    let path = journals::sealed(env.journals(), "2-17/2026", "h1");
    sync(&env.config(), &path).unwrap();
    let wkey = ledger::certified::read_certificate(&std::fs::read(&p.witness_cert).unwrap())
        .unwrap()
        .verifying_key()
        .unwrap();
    wait_for("a cosigned checkpoint", || {
        let note = env.client().checkpoint().unwrap();
        let recs = vec![Record::Consistency {
            from: note.clone(),
            to: note,
            proof: vec![],
        }];
        let cert =
            ledger::certified::read_certificate(&std::fs::read(&p.archive_cert).unwrap()).unwrap();
        let heads = ledger::JournalHeads::default();
        let a = audit(
            &heads,
            &recs,
            &Trust {
                archive: &cert.verifying_key().unwrap(),
                witnesses: &[wkey],
            },
        );
        a.cosigned
            .first()
            .is_some_and(|(name, _)| name == "archive.test.region/witness")
    });
}

/// Group commit keeps each write's outcome: twenty writes queued at once are committed
/// together, one of them refused (its row is held already) and one whose second statement is
/// refused — both alone, and the second one's first statement is not stored either.
fn group_commit_keeps_each_writes_outcome(db: Option<String>) {
    use hattama_archive::db::{Db, DbError, DbUrl, Value};
    let dir = tempfile::tempdir().unwrap();
    let url = db.unwrap_or_else(|| format!("sqlite:{}/group.sqlite3", dir.path().display()));
    const INSERT: &str = "INSERT INTO alerts (hearing_key, seq, kind, held, offered, workstation, created_at) VALUES ($1, $2, 'fork', 'h', 'o', 'w', 't')";
    let row = |key: &str, seq: u64| -> (&'static str, Vec<Value>) {
        (INSERT, vec![key.into(), seq.into()])
    };
    // One thread: every write below is queued before the committer first runs, so they form
    // one group (the committer takes everything queued, up to 64).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = Db::open(&DbUrl::parse(&url).unwrap(), 4).await.unwrap();
        db.write(vec![row("held", 1)]).await.unwrap();
        let writes = (0..20u64).map(|i| match i {
            7 => vec![row("held", 1)],
            12 => vec![row("pair", 1), row("held", 1)],
            _ => vec![row("k", i)],
        });
        let outcomes = futures_util::future::join_all(writes.map(|w| db.write(w))).await;
        for (i, o) in outcomes.iter().enumerate() {
            match i {
                7 | 12 => assert_eq!(o, &Err(DbError::Conflict), "write {i}"),
                _ => assert_eq!(o, &Ok(()), "write {i}"),
            }
        }
        let count = |key: &'static str| {
            let db = &db;
            async move {
                db.query(
                    "SELECT COUNT(*) FROM alerts WHERE hearing_key = $1",
                    vec![key.into()],
                )
                .await
                .unwrap()[0][0]
                    .int()
                    .unwrap()
            }
        };
        assert_eq!(count("k").await, 18);
        assert_eq!(count("held").await, 1);
        assert_eq!(
            count("pair").await,
            0,
            "a refused write is stored whole or not at all"
        );
        // A group with nothing refused: committed as one transaction (pipelined in PostgreSQL).
        let writes = (0..10u64).map(|i| vec![row("m", i), row("n", i)]);
        let outcomes = futures_util::future::join_all(writes.map(|w| db.write(w))).await;
        assert!(outcomes.iter().all(Result::is_ok), "{outcomes:?}");
        assert_eq!((count("m").await, count("n").await), (10, 10));
    });
}

macro_rules! on_sqlite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(None) })*
        }
        const SCENARIOS: &[(&str, fn(Option<String>))] = &[$((stringify!($name), $name)),*];
    };
}

on_sqlite!(
    push_duplicates_receipts,
    fork_is_refused_and_recorded,
    bad_requests_are_refused,
    unknown_and_revoked_workstations_are_refused,
    each_role_its_own_endpoints,
    outage_cut_and_resume,
    server_killed_mid_request,
    fetch_and_offline_verify,
    receipts_on_schedule,
    personal_data_never_logged,
    witness_cosigns,
    group_commit_keeps_each_writes_outcome,
);

/// Every scenario against PostgreSQL, each in a database of its own, on one throwaway cluster;
/// then what only PostgreSQL has: the database going down, the append-only trigger and the
/// restricted role.
#[test]
fn postgresql() {
    let Some(pg) = Postgres::start("postgresql") else {
        return;
    };
    for (i, (name, scenario)) in SCENARIOS.iter().enumerate() {
        pg.psql("postgres", &format!("CREATE DATABASE s{i}"));
        eprintln!("postgresql: {name}");
        scenario(Some(format!(
            "postgres://postgres@127.0.0.1:{}/s{i}",
            pg.port
        )));
    }
    database_down_then_back(&pg);
    append_only_in_postgres(&pg);
}

/// PostgreSQL on another machine is reached only over TLS with its certificate and name
/// checked: the cluster here refuses every TCP connection without TLS, and the archive works
/// through it with `sslmode=verify-full&sslrootcert=` the authority that issued the server's
/// certificate. The same server without TLS, or with another authority, or named by another
/// name than its certificate's: the archive does not start, and says why.
#[test]
fn postgresql_over_tls() {
    let Some(pg) = Postgres::start("postgresql_over_tls") else {
        return;
    };
    let p = pki();
    // The test authority's certificate for `localhost` (and 127.0.0.1) serves the database.
    pg.tls_only(&p.archive_cert, &p.archive_key);
    pg.psql("postgres", "CREATE DATABASE tls");
    let url =
        |host: &str, query: &str| format!("postgres://postgres@{host}:{}/tls{query}", pg.port);
    let verified = url(
        "localhost",
        &format!("?sslmode=verify-full&sslrootcert={}", p.ca.display()),
    );
    push_duplicates_receipts(Some(verified));
    // The refusals, each at start with exit 2 and the reason; nothing more.
    let start = |db: String| {
        let out = std::process::Command::new(server::binary())
            .args(server::args(p, &db, &[]))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = start(url("127.0.0.1", ""));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("PostgreSQL") && err.contains("no encryption"),
        "{err}"
    );
    let other_ca = p.dir.join("other-ca.pem");
    let (code, err) = start(url(
        "localhost",
        &format!("?sslmode=verify-full&sslrootcert={}", other_ca.display()),
    ));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("UnknownIssuer"), "{err}");
    // Reached at 127.0.0.1 but named db.other.court, which its certificate does not name.
    let (code, err) = start(url(
        "db.other.court",
        &format!(
            "?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={}",
            p.ca.display()
        ),
    ));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("certificate not valid for name"), "{err}");
}

fn database_down_then_back(pg: &Postgres) {
    pg.psql("postgres", "CREATE DATABASE down");
    let env = Env::new(Some(format!(
        "postgres://postgres@127.0.0.1:{}/down",
        pg.port
    )));
    let mut j = journals::open(env.journals(), "2-18/2026", "h1", 2);
    sync(&env.config(), j.path()).unwrap();
    pg.stop();
    journals::note(&mut j, "while the database is down");
    let err = sync(&env.config(), j.path()).unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert!(err.to_string().contains("database"), "{err}");
    pg.restart();
    let r = sync(&env.config(), j.path()).unwrap();
    assert_eq!((r.archived, r.stored), (4, 1));
}

fn append_only_in_postgres(pg: &Postgres) {
    pg.psql("postgres", "CREATE DATABASE guarded");
    let env = Env::new(Some(format!(
        "postgres://postgres@127.0.0.1:{}/guarded",
        pg.port
    )));
    let path = journals::sealed(env.journals(), "2-19/2026", "h1");
    sync(&env.config(), &path).unwrap();
    for sql in [
        "UPDATE entries SET line = 'x' WHERE seq = 2",
        "DELETE FROM entries WHERE seq = 10",
        "TRUNCATE receipts CASCADE",
        "UPDATE receipts SET note = 'x'",
    ] {
        let err = pg.psql_fails("guarded", "postgres", sql);
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    // The server's own role may read and add, nothing more.
    pg.psql("postgres", "CREATE ROLE archive_writer LOGIN");
    let out = std::process::Command::new(server::binary())
        .args([
            "grant",
            "--db",
            &format!("postgres://postgres@127.0.0.1:{}/guarded", pg.port),
            "--role",
            "archive_writer",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = pg.psql_fails(
        "guarded",
        "archive_writer",
        "UPDATE entries SET line = 'x' WHERE seq = 2",
    );
    assert!(err.contains("permission denied"), "{err}");
    // The archive runs as that role.
    let mut env2 = env;
    env2.db = format!("postgres://archive_writer@127.0.0.1:{}/guarded", pg.port);
    env2.restart();
    let mut j = journals::open(env2.journals(), "2-19/2026", "h2", 1);
    journals::note(&mut j, "as the restricted role");
    assert_eq!(sync(&env2.config(), j.path()).unwrap().archived, 3);
}

/// A tmpfs of a few megabytes mounted for a test, unmounted on drop.
struct TinyDisk(std::path::PathBuf);

impl TinyDisk {
    /// `None` where mounting is not permitted (not root): the test says so and passes.
    fn mount(at: &Path, megabytes: u32) -> Option<TinyDisk> {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={megabytes}m,mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| TinyDisk(at.to_path_buf()))
    }

    /// Fill what is left with a file; returns it.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write as _;
        let path = self.0.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
        path
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The archive's disk full: a push is refused as the database being unavailable (503, nothing
/// stored, the courtroom keeps recording and will send again), the archive stays up, and once
/// there is room again everything is sent, each entry once.
#[test]
fn a_full_disk_refuses_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = TinyDisk::mount(&dir.path().join("disk"), 4) else {
        eprintln!(
            "NOTICE: a_full_disk_refuses_and_loses_nothing was NOT run: mounting a tmpfs needs root"
        );
        return;
    };
    let env = Env::new(Some(format!(
        "sqlite:{}/archive/archive.sqlite3",
        disk.0.display()
    )));
    let config = env.config();
    let mut j = journals::open(env.journals(), "2-21/2026", "h1", 3);
    assert_eq!(sync(&config, j.path()).unwrap().archived, 4);
    let filler = disk.fill();
    for i in 0..40 {
        journals::note(
            &mut j,
            &format!(
                "entry {i} while the archive's disk is full {}",
                "x".repeat(400)
            ),
        );
    }
    let err = sync(&config, j.path()).unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert!(err.to_string().contains("database is unavailable"), "{err}");
    let key = push::read_journal(j.path()).unwrap().key;
    let held = env.client().head(&key).unwrap().seq;
    assert!(held < 44, "a full disk stored everything? {held}");
    std::fs::remove_file(filler).unwrap();
    let r = sync(&config, j.path()).unwrap();
    assert_eq!(r.archived, 44);
    assert_eq!(
        env.client().journal(&key).unwrap(),
        std::fs::read_to_string(j.path()).unwrap(),
        "every entry held once, as written"
    );
    drop(env);
}

#[test]
fn append_only_in_sqlite() {
    let env = Env::new(None);
    let path = journals::sealed(env.journals(), "2-20/2026", "h1");
    sync(&env.config(), &path).unwrap();
    let file = env.db.strip_prefix("sqlite:").unwrap().to_string();
    let conn = rusqlite::Connection::open(&file).unwrap();
    for sql in [
        "UPDATE entries SET line = 'x' WHERE seq = 2",
        "DELETE FROM receipts",
        "DELETE FROM hearings",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "the database file is private");
}

#[test]
fn a_tampered_receipts_table_stops_the_archive_from_starting() {
    let mut env = Env::new(None);
    let path = journals::sealed(env.journals(), "2-21/2026", "h1");
    sync(&env.config(), &path).unwrap();
    env.server.kill();
    let file = env.db.strip_prefix("sqlite:").unwrap().to_string();
    let conn = rusqlite::Connection::open(&file).unwrap();
    // Someone with the file drops the guard and rewrites a receipt.
    conn.execute_batch("DROP TRIGGER receipts_no_update; UPDATE receipts SET note = replace(note, 'seq 10', 'seq 9') WHERE log_index = 0;")
        .unwrap();
    assert_eq!(conn.changes(), 1);
    drop(conn);
    let mut child = std::process::Command::new(server::binary())
        .args(server::args(pki(), &env.db, &[]))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the archive started on a tampered log");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("do not match the signed checkpoint"), "{err}");
}

#[test]
fn bad_start_settings_name_what_is_wrong() {
    let p = pki();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}/a.sqlite3", dir.path().display());
    let run = |args: Vec<String>| {
        let out = std::process::Command::new(server::binary())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let mut wrong_key = server::args(p, &db, &[]);
    let i = wrong_key
        .iter()
        .position(|a| *a == p.archive_key.display().to_string())
        .unwrap();
    wrong_key[i] = p.workstation_key.display().to_string();
    let (code, err) = run(wrong_key);
    assert_eq!(code, Some(2));
    assert!(err.contains("--key does not belong to --cert"), "{err}");
    let mut revoked = server::args(p, &db, &[]);
    let i = revoked
        .iter()
        .position(|a| *a == p.archive_cert.display().to_string())
        .unwrap();
    revoked[i] = p.revoked_cert.display().to_string();
    let i = revoked
        .iter()
        .position(|a| *a == p.archive_key.display().to_string())
        .unwrap();
    revoked[i] = p.revoked_key.display().to_string();
    let (code, err) = run(revoked);
    assert_eq!(code, Some(2));
    assert!(err.contains("revoked"), "{err}");
    // A workstation's certificate, though the authority's, does not sign receipts.
    let mut workstation = server::args(p, &db, &[]);
    for (from, to) in [
        (&p.archive_cert, &p.workstation_cert),
        (&p.archive_key, &p.workstation_key),
    ] {
        let i = workstation
            .iter()
            .position(|a| *a == from.display().to_string())
            .unwrap();
        workstation[i] = to.display().to_string();
    }
    let (code, err) = run(workstation);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--cert") && err.contains("for the role workstation"),
        "{err}"
    );
    let (code, err) = run(server::args(p, "mysql://x", &[]));
    assert_eq!(code, Some(2));
    assert!(err.contains("--db"), "{err}");
}

/// Certificates made by the court's own authority (the `pki` code behind `hattama court
/// issue`), not by openssl: the archive's (role `archive`, host name `localhost`) and a
/// workstation's (role `workstation`, its key protected by a passphrase as `hattama keys new`
/// writes it), with the authority's CRL. rustls accepts them both ways and receipts come back.
#[test]
fn certificates_from_the_courts_authority_serve_and_push() {
    use pki::{Authority, CertRole, CourtName, IssueRequest, Passphrase, PersonalKey};
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (
        chrono::Utc::now().fixed_offset() - chrono::TimeDelta::days(1),
        chrono::Utc::now().fixed_offset() + chrono::TimeDelta::days(365),
    );
    let court = CourtName {
        kk: "Сынақ соты".into(),
        ru: "Тестовый суд".into(),
        bin: None,
    };
    let authority = Authority::create(&court, from - chrono::TimeDelta::days(1), to).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let issue = |role: CertRole, name: &str, dns: &[&str], until| {
        let key = PersonalKey::generate().unwrap();
        let cert = authority
            .issue(&IssueRequest {
                role,
                name: name.into(),
                iin: None,
                public_key_der: key.public_key_der().unwrap(),
                not_before: from,
                not_after: until,
                dns_names: dns.iter().map(|d| d.to_string()).collect(),
            })
            .unwrap();
        (key, cert)
    };
    // The archive's certificate ends in 20 days: the log says so from the start.
    let ends = chrono::Utc::now().fixed_offset() + chrono::TimeDelta::days(20);
    let (archive_key, archive_cert) =
        issue(CertRole::Archive, "archive.test", &["localhost"], ends);
    let (ws_key, ws_cert) = issue(CertRole::Workstation, "courtroom-1", &[], to);
    let pass = Passphrase::new("workstation passphrase 1".into());
    let crl = authority.revocation_list(&[], 1, from, to).unwrap();
    let paths = Pki {
        dir: dir.path().to_path_buf(),
        ca: write("ca.pem", &authority.certificate().to_pem()),
        crl: write("crl.pem", &crl.to_pem()),
        archive_cert: write("archive.pem", &archive_cert.to_pem()),
        archive_key: write(
            "archive.key",
            &ledger::certified::pkcs8_pem(&archive_key).unwrap(),
        ),
        workstation_cert: write("ws.pem", &ws_cert.to_pem()),
        workstation_key: write("ws.key", &ws_key.protect(&pass).unwrap()),
        revoked_cert: dir.path().join("none"),
        revoked_key: dir.path().join("none"),
        stranger_cert: dir.path().join("none"),
        stranger_key: dir.path().join("none"),
        judge_cert: dir.path().join("none"),
        judge_key: dir.path().join("none"),
        witness_cert: dir.path().join("none"),
        witness_key: dir.path().join("none"),
    };
    let db = format!("sqlite:{}/archive.sqlite3", dir.path().display());
    let server = Server::start(&server::args(&paths, &db, &[]));
    let mut config = workstation(&paths, &server.url());
    config.key_password_file = Some(write("ws.pass", "workstation passphrase 1\n"));
    let mut j = journals::open(dir.path(), "2-77/2026", "h1", 6);
    journals::note(&mut j, "last");
    let report = sync(&config, j.path()).unwrap();
    assert_eq!(report.archived, 8, "{report:?}");
    assert!(report.receipts >= 1, "{report:?}");
    // Without the passphrase the workstation's key is refused by name, before any network.
    config.key_password_file = None;
    let err = Client::new(&config).err().unwrap();
    assert!(err.to_string().contains("no passphrase file"), "{err}");
    wait_for("the warning in the log", || {
        let log = server.log();
        log.contains("warning: the archive's certificate ends at") && log.contains("(in 19 days)")
    });
    let log = server.log();
    assert_eq!(log.matches("warning:").count(), 1, "said once: {log}");
}
