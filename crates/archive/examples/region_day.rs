//! A region's day replayed against the archive (issue 17, item 6), and the same rows written
//! by bare single-row INSERT transactions into the same database, in the same run.
//!
//! `scripts/bench-archive` makes the certificates and the PostgreSQL cluster and runs this
//! twice per database (the day, and ten times its hearings). By hand:
//!
//! ```sh
//! cargo run --release -p hattama-archive --example region_day -- \
//!   --db sqlite:/tmp/a.sqlite3 --pki DIR --courtrooms 300 --hearings 8 --entries 60 --clients 32
//! ```
//!
//! Each courtroom opens its hearings one after another; every entry is appended to a real
//! journal (by the `store` crate, on tmpfs) and pushed to the archive alone, as the courtroom
//! pusher does, the client waiting for the acknowledgement (entry verified and durably
//! committed). Latency is append-to-acknowledgement. The bare baseline inserts the same rows
//! (same table shape, one row per transaction, the same number of concurrent connections).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use journal::entry::{HearingClosed, HearingOpened, Note};
use journal::sample::SampleCourt;
use journal::{Body, FixedClock, sample};

struct Args {
    db: String,
    pki: PathBuf,
    courtrooms: usize,
    hearings: usize,
    entries: usize,
    clients: usize,
}

fn args() -> Args {
    let mut a = Args {
        db: String::new(),
        pki: PathBuf::new(),
        courtrooms: 300,
        hearings: 8,
        entries: 60,
        clients: 32,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    for pair in v.chunks(2) {
        let val = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--db" => a.db = val,
            "--pki" => a.pki = PathBuf::from(val),
            "--courtrooms" => a.courtrooms = val.parse().unwrap(),
            "--hearings" => a.hearings = val.parse().unwrap(),
            "--entries" => a.entries = val.parse().unwrap(),
            "--clients" => a.clients = val.parse().unwrap(),
            other => panic!("unknown option {other}"),
        }
    }
    assert!(
        !a.db.is_empty() && a.entries >= 3,
        "--db URL --pki DIR required"
    );
    a
}

/// One hearing's journal lines: opening, notes, close, seal — written by the store crate.
fn hearing_lines(
    dir: &Path,
    court: &SampleCourt,
    courtroom: usize,
    hearing: usize,
    entries: usize,
) -> Vec<String> {
    let clock = FixedClock::new(journal::parse_time("2026-11-24T09:00:00+05:00").unwrap());
    let opened = HearingOpened {
        case_number: format!("2-{courtroom}-{hearing}/2026"),
        hearing_id: format!("room{courtroom}-h{hearing}"),
        ..sample::sample_opening()
    };
    let mut j = store::Journal::create(dir, opened, Box::new(clock.clone())).unwrap();
    for i in 0..entries - 3 {
        clock.advance(TimeDelta::seconds(20));
        j.append(Body::Note(Note {
            text: format!("Запись {i}: стороны дают пояснения по существу дела, суд удаляется в совещательную комнату."),
            recording_offset_ms: Some(i as u64 * 20_000),
        }))
        .unwrap();
    }
    j.append(Body::HearingClosed(HearingClosed { note: None }))
        .unwrap();
    j.seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    let path = j.path().to_path_buf();
    drop(j);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    text.lines().map(str::to_string).collect()
}

struct Hearing {
    key: journal::Hash,
    lines: Vec<String>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct Measured {
    rate: f64,
    p50: Duration,
    p99: Duration,
    entries: usize,
    wall: Duration,
}

fn summarize(mut lat: Vec<Duration>, wall: Duration) -> Measured {
    lat.sort();
    Measured {
        rate: lat.len() as f64 / wall.as_secs_f64(),
        p50: percentile(&lat, 0.50),
        p99: percentile(&lat, 0.99),
        entries: lat.len(),
        wall,
    }
}

/// Courtrooms split among client threads; each courtroom's hearings one after another, its
/// entries one push each; the threads interleave, as a region's courtrooms do.
fn replay_archive(url: &str, pki: &Path, courtrooms: &[Vec<Hearing>], clients: usize) -> Measured {
    let config = push::ArchiveConfig {
        url: url.into(),
        ca: pki.join("ca.pem"),
        crl: None,
        cert: pki.join("workstation.pem"),
        key: pki.join("workstation.key"),
        key_password_file: None,
    };
    let courtrooms: Arc<Vec<&Vec<Hearing>>> = Arc::new(courtrooms.iter().collect());
    let started = Instant::now();
    let latencies = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let courtrooms = courtrooms.clone();
                let config = config.clone();
                s.spawn(move || {
                    let client = push::Client::new(&config).unwrap();
                    let mine: Vec<&Vec<Hearing>> = courtrooms
                        .iter()
                        .skip(c)
                        .step_by(clients)
                        .copied()
                        .collect();
                    let mut lat = Vec::new();
                    // Round-robin over this client's courtrooms, one entry at a time each.
                    let mut cursor: Vec<(usize, usize)> = vec![(0, 0); mine.len()];
                    loop {
                        let mut any = false;
                        for (room, (h, e)) in mine.iter().zip(cursor.iter_mut()) {
                            let Some(hearing) = room.get(*h) else {
                                continue;
                            };
                            any = true;
                            let t = Instant::now();
                            let r = client
                                .push(&hearing.key, vec![hearing.lines[*e].clone()])
                                .unwrap();
                            lat.push(t.elapsed());
                            assert_eq!(r.head.seq as usize, *e + 1);
                            *e += 1;
                            if *e == hearing.lines.len() {
                                *h += 1;
                                *e = 0;
                            }
                        }
                        if !any {
                            break;
                        }
                    }
                    lat
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    summarize(latencies, started.elapsed())
}

const BARE_TABLE: &str = "CREATE TABLE bench_bare (hearing_key TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, line TEXT NOT NULL, state TEXT NOT NULL, workstation TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (hearing_key, seq))";
const BARE_INSERT: &str = "INSERT INTO bench_bare (hearing_key, seq, hash, line, state, workstation, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// The rows the archive stores for each entry, for the bare baseline.
fn bare_rows(courtrooms: &[Vec<Hearing>]) -> Vec<Vec<[String; 7]>> {
    courtrooms
        .iter()
        .map(|room| {
            let mut rows = Vec::new();
            for h in room {
                let mut checker = journal::Checker::new(journal::VerifyOptions::default(), None);
                for (i, line) in h.lines.iter().enumerate() {
                    let e = checker.check_line(i as u64 + 1, line.as_bytes()).unwrap();
                    rows.push([
                        h.key.to_hex(),
                        e.seq.to_string(),
                        e.hash.to_hex(),
                        line.clone(),
                        serde_json::to_string(&checker.state()).unwrap(),
                        "2001".into(),
                        chrono::Utc::now().to_rfc3339(),
                    ]);
                }
            }
            rows
        })
        .collect()
}

/// SQLite takes one writer at a time: the bare baseline shares one connection among the
/// clients (as the archive does), so no client sleeps in SQLite's busy handler — the fastest
/// way to commit these rows one transaction each.
fn bare_sqlite(path: &Path, rooms: &[Vec<[String; 7]>], clients: usize) -> Measured {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .unwrap();
    conn.execute_batch(BARE_TABLE).unwrap();
    let conn = std::sync::Mutex::new(conn);
    let started = Instant::now();
    let lat = std::thread::scope(|s| {
        let hs: Vec<_> = (0..clients)
            .map(|c| {
                let conn = &conn;
                s.spawn(move || {
                    let mine: Vec<&Vec<[String; 7]>> =
                        rooms.iter().skip(c).step_by(clients).collect();
                    interleave(&mine, |row| {
                        let seq: i64 = row[1].parse().unwrap();
                        let conn = conn.lock().unwrap();
                        let mut stmt = conn.prepare_cached(BARE_INSERT).unwrap();
                        stmt.execute(rusqlite::params![
                            row[0], seq, row[2], row[3], row[4], row[5], row[6]
                        ])
                        .unwrap();
                    })
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    summarize(lat, started.elapsed())
}

/// Round-robin over courtrooms, one row at a time each, timing every write.
fn interleave(rooms: &[&Vec<[String; 7]>], mut write: impl FnMut(&[String; 7])) -> Vec<Duration> {
    let mut lat = Vec::new();
    let mut at = vec![0usize; rooms.len()];
    loop {
        let mut any = false;
        for (room, i) in rooms.iter().zip(at.iter_mut()) {
            if let Some(row) = room.get(*i) {
                any = true;
                let t = Instant::now();
                write(row);
                lat.push(t.elapsed());
                *i += 1;
            }
        }
        if !any {
            return lat;
        }
    }
}

fn bare_postgres(url: &str, rooms: &[Vec<[String; 7]>], clients: usize) -> Measured {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        c.batch_execute(BARE_TABLE).await.unwrap();
    });
    let started = Instant::now();
    let lat = std::thread::scope(|s| {
        let hs: Vec<_> = (0..clients)
            .map(|c| {
                let handle = rt.handle().clone();
                s.spawn(move || {
                    handle.block_on(async {
                        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                            .await
                            .unwrap();
                        tokio::spawn(conn);
                        let stmt = client.prepare(BARE_INSERT).await.unwrap();
                        let mine: Vec<&Vec<[String; 7]>> =
                            rooms.iter().skip(c).step_by(clients).collect();
                        let mut lat = Vec::new();
                        let mut at = vec![0usize; mine.len()];
                        loop {
                            let mut any = false;
                            for (room, i) in mine.iter().zip(at.iter_mut()) {
                                if let Some(row) = room.get(*i) {
                                    any = true;
                                    let seq: i64 = row[1].parse().unwrap();
                                    let t = Instant::now();
                                    client
                                        .execute(
                                            &stmt,
                                            &[
                                                &row[0], &seq, &row[2], &row[3], &row[4], &row[5],
                                                &row[6],
                                            ],
                                        )
                                        .await
                                        .unwrap();
                                    lat.push(t.elapsed());
                                    *i += 1;
                                }
                            }
                            if !any {
                                return lat;
                            }
                        }
                    })
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    summarize(lat, started.elapsed())
}

fn main() {
    let a = args();
    let work = Path::new("/dev/shm").join(format!("region-day-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    // One court seals every hearing (the sample opening's judge and secretary).
    let o = sample::sample_opening();
    let court = sample::fixed_court(&o.judge, &o.secretary).unwrap();
    let t = Instant::now();
    let courtrooms: Vec<Vec<Hearing>> = (0..a.courtrooms)
        .map(|r| {
            (0..a.hearings)
                .map(|h| {
                    let lines = hearing_lines(&work, &court, r, h, a.entries);
                    let key =
                        ledger::hearing_key(&format!("2-{r}-{h}/2026"), &format!("room{r}-h{h}"));
                    Hearing { key, lines }
                })
                .collect()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&work);
    eprintln!(
        "generated {} hearings in {:.1?}",
        a.courtrooms * a.hearings,
        t.elapsed()
    );

    let db = hattama_archive::DbUrl::parse(&a.db).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(async {
        hattama_archive::start(hattama_archive::Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            db: db.clone(),
            db_connections: a.clients.min(64),
            origin: "archive.bench.court/hattama".into(),
            ca: a.pki.join("ca.pem"),
            crl: None,
            cert: a.pki.join("archive.pem"),
            key: a.pki.join("archive.key"),
            key_password_file: None,
            policy: hattama_archive::Policy::default(),
            witness_for: vec![],
            witness_url: None,
        })
        .await
        .unwrap()
    });
    let url = format!("https://localhost:{}", server.addr.port());
    let archive = replay_archive(&url, &a.pki, &courtrooms, a.clients);
    rt.block_on(server.stop());
    drop(rt);

    let rows = bare_rows(&courtrooms);
    let bare = match &db {
        hattama_archive::DbUrl::Sqlite(p) => bare_sqlite(p, &rows, a.clients),
        hattama_archive::DbUrl::Postgres(u) => bare_postgres(u, &rows, a.clients),
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{{\"db\":\"{}\",\"hearings\":{},\"entries\":{},\"clients\":{},\"archive\":{{\"rate\":{:.0},\"p50_ms\":{:.2},\"p99_ms\":{:.2},\"wall_s\":{:.1}}},\"bare\":{{\"rate\":{:.0},\"p50_ms\":{:.2},\"p99_ms\":{:.2},\"wall_s\":{:.1}}},\"rate_ratio\":{:.2},\"p99_ratio\":{:.2}}}",
        db.backend_name(),
        a.courtrooms * a.hearings,
        archive.entries,
        a.clients,
        archive.rate,
        ms(archive.p50),
        ms(archive.p99),
        archive.wall.as_secs_f64(),
        bare.rate,
        ms(bare.p50),
        ms(bare.p99),
        bare.wall.as_secs_f64(),
        archive.rate / bare.rate,
        archive.p99.as_secs_f64() / bare.p99.as_secs_f64(),
    );
    assert_eq!(bare.entries, archive.entries);
}
