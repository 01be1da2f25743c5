//! Generates the protocol set for the verify benchmark of `scripts/bench-compare`: sealed,
//! day-long hearings of about `--each` MiB until the set holds `TOTAL_MIB`, plus one hearing of
//! `--big` MiB (peak memory must not grow with the size of a journal).
//!
//! Usage: `gen_protocols OUT_DIR TOTAL_MIB [--each MIB] [--big MIB] [--scratch DIR]`
//!
//! Every entry is written by `Journal::append`, which fdatasyncs each one: a gigabyte of that on
//! a real disk takes many minutes. With `--scratch` on a tmpfs (/dev/shm), where fdatasync
//! costs nothing, each journal is written there and then copied into OUT_DIR.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[path = "bench/hearing.rs"]
mod hearing;

const MIB: u64 = 1 << 20;

struct Args {
    out: PathBuf,
    total: u64,
    each: u64,
    big: u64,
    scratch: Option<PathBuf>,
}

fn parse() -> Result<Args, String> {
    let usage = "usage: gen_protocols OUT_DIR TOTAL_MIB [--each MIB] [--big MIB] [--scratch DIR]";
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or(usage)?.into();
    let mib = |v: Option<String>| -> Result<u64, String> {
        v.and_then(|v| v.parse::<u64>().ok())
            .map(|v| v * MIB)
            .ok_or_else(|| usage.to_string())
    };
    let mut parsed = Args {
        out,
        total: mib(args.next())?,
        each: 5 * MIB,
        big: 256 * MIB,
        scratch: None,
    };
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--each" => parsed.each = mib(args.next())?,
            "--big" => parsed.big = mib(args.next())?,
            "--scratch" => parsed.scratch = Some(args.next().ok_or(usage)?.into()),
            _ => return Err(usage.into()),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gen_protocols: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args = parse()?;
    let writer = hearing::HearingWriter::new()?;
    ::store::ensure_private_dir(&args.out).map_err(|e| e.to_string())?;
    let work = args.scratch.clone().unwrap_or_else(|| args.out.clone());
    ::store::ensure_private_dir(&work).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let (mut total, mut files) = (0u64, 0u64);
    while total < args.total {
        let size = if files == 0 { args.big } else { args.each };
        total += write_one(&writer, &work, &args.out, files, size)?;
        files += 1;
    }
    println!(
        "generated {files} journals, {total} bytes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Write hearing `n` in `work`, move it into `out`; returns its size.
fn write_one(
    writer: &hearing::HearingWriter,
    work: &Path,
    out: &Path,
    n: u64,
    size: u64,
) -> Result<u64, String> {
    let path = writer.write(work, n, size).map_err(|e| e.to_string())?;
    let name = path.file_name().ok_or("journal without a name")?;
    let dest = out.join(name);
    if work != out {
        // fs::copy keeps the 0600 mode of the journal.
        std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    std::fs::metadata(&dest)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", dest.display()))
}
