//! Renders the sample template N times in one process and prints per-render times: the
//! "warm" half of `scripts/bench-render`, where fonts, the library and Typst's memoised
//! layout are already in memory.
//!
//! Usage: `render_warm [N]` (default 200). Prints `key value` lines for the script to read.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use hattama::render::{Attachment, Job, Renderer, Templates};

const SAMPLE_DATA: &str = include_str!("../tests/fixtures/sample-data.json");
const EXCERPT: &[u8] = include_bytes!("../tests/fixtures/excerpt.json");

fn main() -> ExitCode {
    let n: usize = match std::env::args().nth(1).map(|arg| arg.parse()) {
        None => 200,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: render_warm [N]");
            return ExitCode::from(2);
        }
    };
    let data: serde_json::Value = match serde_json::from_str(SAMPLE_DATA) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("sample data: {err}");
            return ExitCode::FAILURE;
        }
    };

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
        if let Err(err) = render(&renderer, &data) {
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
        data["case_number"] = format!("7599-24-00-4/{}", 2000 + i).into();
        data["parties"][0]["name"] = format!("Әбілқайыров Ғалымжан {i}").into();
        let started = Instant::now();
        if let Err(err) = render(&renderer, &data) {
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

fn render(renderer: &Renderer, data: &serde_json::Value) -> Result<Vec<u8>, String> {
    let job = Job {
        template: "sample.typ",
        data,
        today: time::macros::date!(2024 - 05 - 14),
        ident: "7599-24-00-4/1234 ruling",
        timestamp: time::macros::datetime!(2024-05-14 10:30 +5),
        attachments: vec![Attachment {
            name: "excerpt.json".into(),
            bytes: EXCERPT.to_vec(),
        }],
        title: "Ұйғарым № 7599-24-00-4/1234".into(),
        description: None,
        keywords: Vec::new(),
    };
    renderer
        .render(&Templates::Builtin, &job)
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
