//! Renders the benchmark fixture (the demo's CoAO 653 ruling, see `ruling_fixture`) N times in
//! one process and prints per-render times: the "warm" half of `scripts/bench-render`, where
//! fonts, the library and Typst's memoised layout are already in memory.
//!
//! Usage: `render_warm FIXTURE_DIR [N]` (default 200). Prints `key value` lines for the script.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ::render::Renderer;

#[path = "bench/fixture.rs"]
mod fixture;

use fixture::Fixture;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, n) = match args.as_slice() {
        [dir] => (dir, 200),
        [dir, n] => match n.parse::<usize>() {
            Ok(n) if n > 0 => (dir, n),
            _ => {
                eprintln!("usage: render_warm FIXTURE_DIR [N]");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: render_warm FIXTURE_DIR [N]");
            return ExitCode::from(2);
        }
    };
    let fixture = match Fixture::load(Path::new(dir)) {
        Ok(fixture) => fixture,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let data = fixture.data.clone();

    let started = Instant::now();
    let renderer = Renderer::new();
    let setup = started.elapsed();

    // The same document again and again (a re-render after a preview), then a different
    // document each time (the next case): the second defeats most of Typst's memoisation.
    let mut same = Vec::with_capacity(n);
    let mut varied = Vec::with_capacity(n);
    let mut first = Duration::ZERO;
    for i in 0..=n {
        let started = Instant::now();
        if let Err(err) = render(&renderer, &fixture, &data) {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
        let took = started.elapsed();
        if i == 0 {
            first = took;
        } else {
            same.push(took);
        }
    }
    for i in 0..n {
        let mut data = data.clone();
        data["heading"]["case_number"] = format!("2-{}/2026", 2000 + i).into();
        data["person"]["name"] = format!("Әбілқайыров Ғалымжан Серікұлы {i}").into();
        let started = Instant::now();
        if let Err(err) = render(&renderer, &fixture, &data) {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
        varied.push(started.elapsed());
    }

    println!("setup_ms {:.3}", ms(setup));
    println!("first_ms {:.3}", ms(first));
    report("same", &mut same);
    report("varied", &mut varied);
    ExitCode::SUCCESS
}

fn render(
    renderer: &Renderer,
    fixture: &Fixture,
    data: &serde_json::Value,
) -> Result<Vec<u8>, String> {
    renderer
        .render(&fixture.templates(), &fixture.job(data))
        .map(|rendered| rendered.pdf)
        .map_err(|err| err.to_string())
}

fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!("{name}_median_ms {:.3}", ms(at(0.5)));
    println!("{name}_p99_ms {:.3}", ms(at(0.99)));
    println!("{name}_max_ms {:.3}", ms(at(1.0)));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
