//! Verifies every journal (`*.jsonl`) in a directory in one process, as `hattama verify FILE...`
//! does (a file per core at a time, each file verified in one stream): the
//! Hattama half of the verify benchmark in `scripts/bench-compare`, against `sha256sum` over the
//! same files. Exits 3 if any journal is not intact, so a benchmark never times a failure.
//!
//! Usage: `verify_all DIR`. Prints `files N`, `bytes N` and `seconds S`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use ::journal::VerifyOptions;
use ::store::verify_files;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: verify_all DIR");
        return ExitCode::from(2);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect(),
        Err(err) => {
            eprintln!("{}: {err}", dir.display());
            return ExitCode::from(2);
        }
    };
    files.sort();
    let started = Instant::now();
    let mut bytes = 0u64;
    // As `hattama verify FILE...` does: as many files at a time as there are cores.
    let results = verify_files(&files, VerifyOptions::default());
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(report) if report.intact() && report.sealed => {
                bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            }
            Ok(report) => {
                let fault = report
                    .fault
                    .map(|f| f.to_string())
                    .unwrap_or("not sealed".into());
                eprintln!("{}: {fault}", file.display());
                return ExitCode::from(3);
            }
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::from(2);
            }
        }
    }
    println!("files {}", files.len());
    println!("bytes {bytes}");
    println!("seconds {:.6}", started.elapsed().as_secs_f64());
    ExitCode::SUCCESS
}
