//! The render module, end to end: templates and data in, PDF/A-3b out, read back.

mod data;
mod document;
mod fonts;
pub mod pdf_text;
mod pdfa;
mod templates;

use std::sync::LazyLock;

use ::render::{Attachment, Job, RenderError, Rendered, Renderer, Templates};
use serde_json::Value;

/// One renderer for the whole binary, as in the application: tests also exercise warm renders.
static RENDERER: LazyLock<Renderer> = LazyLock::new(Renderer::new);

pub const EXCERPT: &[u8] = include_bytes!("../fixtures/excerpt.json");

pub fn sample_data() -> Value {
    serde_json::from_str(include_str!("../fixtures/sample-data.json")).expect("sample data")
}

pub fn job<'a>(template: &'a str, data: &'a Value) -> Job<'a> {
    Job {
        template,
        data,
        today: chrono::NaiveDate::from_ymd_opt(2024, 5, 14).unwrap(),
        ident: "7599-24-00-4/1234 ruling",
        timestamp: ::journal::parse_time("2024-05-14T10:30:00+05:00").unwrap(),
        attachments: vec![Attachment {
            name: "excerpt.json".into(),
            bytes: EXCERPT.to_vec(),
        }],
        title: "Ұйғарым № 7599-24-00-4/1234".into(),
        description: Some("Сот отырысының тәртібін бұзу туралы қаулы".into()),
        keywords: vec!["7599-24-00-4/1234".into(), "ұйғарым".into()],
    }
}

pub fn render(templates: &Templates, job: &Job) -> Result<Rendered, RenderError> {
    RENDERER.render(templates, job)
}

/// A templates directory holding the given files.
pub fn template_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a subdirectory");
        }
        std::fs::write(path, text).expect("a template file");
    }
    dir
}

/// The built-in sample template's source, to derive variants from.
pub const SAMPLE: &str = include_str!("../../templates/sample.typ");
