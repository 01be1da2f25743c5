//! Renders the sample template once and writes the PDF: the "cold" half of
//! `scripts/bench-render`, and a quick way to look at the sample.
//!
//! Usage: `render_once OUT.pdf [DATA.json]`

use std::process::ExitCode;

use hattama::render::{Attachment, Job, Renderer, Templates};

const SAMPLE_DATA: &str = include_str!("../tests/fixtures/sample-data.json");
const EXCERPT: &[u8] = include_bytes!("../tests/fixtures/excerpt.json");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: render_once OUT.pdf [DATA.json]");
        return ExitCode::from(2);
    };
    let data_text = match args.get(1) {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("{path}: {err}");
                return ExitCode::from(2);
            }
        },
        None => SAMPLE_DATA.to_owned(),
    };
    let data: serde_json::Value = match serde_json::from_str(&data_text) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("data: {err}");
            return ExitCode::from(2);
        }
    };
    let job = Job {
        template: "sample.typ",
        data: &data,
        today: time::macros::date!(2024 - 05 - 14),
        ident: "7599-24-00-4/1234 ruling",
        timestamp: time::macros::datetime!(2024-05-14 10:30 +5),
        attachments: vec![Attachment {
            name: "excerpt.json".into(),
            bytes: EXCERPT.to_vec(),
        }],
        title: "Ұйғарым № 7599-24-00-4/1234".into(),
        description: Some("Сот отырысының тәртібін бұзу туралы қаулы".into()),
        keywords: vec!["7599-24-00-4/1234".into()],
    };
    match Renderer::new().render(&Templates::Builtin, &job) {
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
