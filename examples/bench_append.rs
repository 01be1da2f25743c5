//! Append latency: `Journal::append` (encode, hash, write, fdatasync) against a bare write +
//! fdatasync of exactly the same bytes, to files side by side in the same directory, in
//! alternating rounds so both meet the same disk weather. The journal's own fsync call is
//! fdatasync, so the baseline uses it too; anything above the baseline is Hattama's cost.
//!
//! Usage: `bench_append DIR [N] [ROUNDS]` (default 2000 appends in 20 rounds). DIR must not hold
//! an earlier run. Prints `key value` lines for `scripts/bench-compare`.

use std::fs::OpenOptions;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ::journal::sample::sample_opening;
use ::journal::{Body, FixedClock};
use ::store::Journal;

#[path = "bench/hearing.rs"]
mod hearing;
#[path = "bench/latency.rs"]
mod latency;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: usize| args.get(i).map_or(Some(default), |v| v.parse().ok());
    let (Some(dir), Some(n), Some(rounds)) = (args.first(), num(1, 2000), num(2, 20)) else {
        eprintln!("usage: bench_append DIR [N] [ROUNDS]");
        return ExitCode::from(2);
    };
    match run(Path::new(dir), n, rounds.clamp(1, n.max(1))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench_append: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The same notes in the same order, at the same fixed times: two journals written from it
/// are byte-for-byte equal.
struct Script {
    clock: FixedClock,
    rng: hearing::Rng,
    i: u64,
}

impl Script {
    fn new() -> Script {
        Script {
            clock: FixedClock::new(
                ::journal::parse_time("2026-11-24T09:00:00+05:00").unwrap_or_default(),
            ),
            rng: hearing::Rng(0x5EED),
            i: 0,
        }
    }

    fn next(&mut self) -> Body {
        self.clock.advance(chrono::TimeDelta::seconds(7));
        self.i += 1;
        hearing::note(&mut self.rng, self.i * 7000)
    }

    fn journal(&self, dir: &Path) -> Result<Journal, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        Journal::create(dir, sample_opening(), Box::new(self.clock.clone()))
            .map_err(|e| e.to_string())
    }
}

fn run(dir: &Path, n: usize, rounds: usize) -> Result<(), String> {
    // Untimed: learn the bytes each append writes.
    let mut script = Script::new();
    let mut learn = script.journal(&dir.join("learn"))?;
    for _ in 0..n {
        learn.append(script.next()).map_err(|e| e.to_string())?;
    }
    let learned = std::fs::read(learn.path()).map_err(|e| e.to_string())?;
    let lines: Vec<&[u8]> = learned.split_inclusive(|b| *b == b'\n').collect();

    let mut script = Script::new();
    let mut journal = script.journal(&dir.join("journal"))?;
    let bare_path = dir.join("bare.jsonl");
    let bare = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&bare_path)
        .map_err(|e| format!("{}: {e}", bare_path.display()))?;
    bare.write_all_at(lines[0], 0).map_err(|e| e.to_string())?;
    bare.sync_all().map_err(|e| e.to_string())?;
    let mut bare_len = lines[0].len() as u64;

    let (mut ours, mut base) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let chunk = n.div_ceil(rounds);
    for round in lines[1..].chunks(chunk) {
        for _ in round {
            let body = script.next();
            let started = Instant::now();
            journal.append(body).map_err(|e| e.to_string())?;
            ours.push(started.elapsed());
        }
        for line in round {
            let started = Instant::now();
            bare.write_all_at(line, bare_len)
                .and_then(|()| bare.sync_data())
                .map_err(|e| e.to_string())?;
            base.push(started.elapsed());
            bare_len += line.len() as u64;
        }
    }
    // The comparison is only fair if both wrote the very same bytes.
    let written = std::fs::read(journal.path()).map_err(|e| e.to_string())?;
    let bare_bytes = std::fs::read(&bare_path).map_err(|e| e.to_string())?;
    if written != learned || bare_bytes != learned {
        return Err("the journal and the baseline wrote different bytes".into());
    }
    println!("appends {n}");
    println!(
        "entry_mean_bytes {}",
        (learned.len() - lines[0].len()) / n.max(1)
    );
    latency::print_us("journal", &mut ours);
    latency::print_us("bare", &mut base);
    let total = |t: &[Duration]| t.iter().sum::<Duration>().as_secs_f64();
    println!("journal_total_s {:.3}", total(&ours));
    println!("bare_total_s {:.3}", total(&base));
    Ok(())
}
