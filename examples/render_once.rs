//! Renders the benchmark fixture (the demo's CoAO 653 ruling, see `ruling_fixture`) once and
//! writes the PDF: the "cold" half of `scripts/bench-render`, measured as a whole process.
//!
//! Usage: `render_once FIXTURE_DIR OUT.pdf`

use std::path::Path;
use std::process::ExitCode;

use ::render::Renderer;

#[path = "bench/fixture.rs"]
mod fixture;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: render_once FIXTURE_DIR OUT.pdf");
        return ExitCode::from(2);
    };
    let fixture = match fixture::Fixture::load(Path::new(dir)) {
        Ok(fixture) => fixture,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let job = fixture.job(&fixture.data);
    match Renderer::new().render(&fixture.templates(), &job) {
        Ok(rendered) => {
            for warning in &rendered.warnings {
                eprintln!("{warning}");
            }
            if let Err(err) = std::fs::write(out, &rendered.pdf) {
                eprintln!("{out}: {err}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}
