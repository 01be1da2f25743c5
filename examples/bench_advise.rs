//! The law engine's timing on the sample incidents (`config/samples/*.json`): parse and validate
//! the facts, then advise, N times each in one process. Prints `key value` lines (microseconds)
//! for `scripts/bench-compare`; `cargo bench --bench law` measures the same with divan.
//!
//! Usage: `bench_advise SAMPLES_DIR [N]` (default 2000).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use ::law::{self, Catalog, Facts};

#[path = "bench/latency.rs"]
mod latency;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args.get(1).map_or(Some(2000), |v| v.parse::<usize>().ok());
    let (Some(dir), Some(n)) = (args.first(), n) else {
        eprintln!("usage: bench_advise SAMPLES_DIR [N]");
        return ExitCode::from(2);
    };
    match run(Path::new(dir), n.max(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench_advise: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path, n: usize) -> Result<(), String> {
    let started = Instant::now();
    let catalog = Catalog::builtin().map_err(|e| e.to_string())?;
    println!(
        "catalog_load_us {:.1}",
        started.elapsed().as_secs_f64() * 1e6
    );
    let mut samples: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    samples.sort();
    let (mut advise, mut whole) = (Vec::new(), Vec::new());
    for path in &samples {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for _ in 0..n {
            let started = Instant::now();
            let facts = Facts::from_json(&text).map_err(|e| e.to_string())?;
            facts.validate(&catalog).map_err(|e| e.to_string())?;
            let parsed = started.elapsed();
            let advice = std::hint::black_box(law::advise(&facts, &catalog));
            let done = started.elapsed();
            if advice.options.is_empty() {
                return Err(format!("{}: no options", path.display()));
            }
            advise.push(done - parsed);
            whole.push(done);
        }
    }
    println!("samples {}", samples.len());
    latency::print_us("advise", &mut advise);
    latency::print_us("facts_and_advise", &mut whole);
    Ok(())
}
