//! Typst diagnostics as lines a person can act on: `path:line:col: error: message; hint: ..`.
//!
//! One line per diagnostic so an editor or `grep` can jump to it. Only the position and
//! Typst's message are printed, never the source line: a position can point into
//! `/data.json`. And since a template can put data into a message (`panic(data.name)`,
//! `assert.eq(..)` prints both values), every data string found in a message is replaced by
//! `<data>` — a safety net, not a proof: a template can still print a slice of a value.

use std::fmt::Write as _;

use serde_json::Value;
use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Repr;
use typst::syntax::DiagSpan;

use super::data;
use super::world::RenderWorld;

/// Shorter values (a language code, a count) would blank out ordinary words of a message and
/// say little about a person.
const MIN_REDACTED_CHARS: usize = 3;

pub(crate) fn format_all(
    world: &RenderWorld,
    diagnostics: &[SourceDiagnostic],
    data: &Value,
) -> Vec<String> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let secrets = Secrets::of(data);
    diagnostics
        .iter()
        .map(|diag| secrets.redact(format(world, diag)))
        .collect()
}

fn format(world: &RenderWorld, diag: &SourceDiagnostic) -> String {
    let severity = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let message = one_line(&diag.message);
    let mut line = match position(world, diag.span) {
        Some(position) => format!("{position}: {severity}: {message}"),
        None => format!("{severity}: {message}"),
    };
    for hint in &diag.hints {
        let hint_text = one_line(&hint.v);
        // Hints about a second piece of code say where it is; generic hints stand alone.
        match position(world, hint.span) {
            Some(position) => {
                let _ = write!(line, "; hint: {hint_text} (at {position})");
            }
            None => {
                let _ = write!(line, "; hint: {hint_text}");
            }
        }
    }
    line
}

/// Typst prints long values over several indented lines; a diagnostic stays on one.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// `path:line:col`, both counted from 1, the column in characters.
fn position(world: &RenderWorld, span: DiagSpan) -> Option<String> {
    let id = span.id()?;
    let path = if world.is_job_file(id) {
        // The data and attachments are the job's, not files anyone can open in the templates.
        id.vpath().get_without_slash().to_owned()
    } else {
        world
            .templates()
            .display_path(id.vpath())
            .display()
            .to_string()
    };
    let Some(range) = world.range(span) else {
        return Some(path);
    };
    let source = world.source(id).ok()?;
    let (line, col) = source.lines().byte_to_line_column(range.start)?;
    Some(format!("{path}:{}:{}", line + 1, col + 1))
}

/// The data's strings: as written, and as Typst quotes them in messages (escaped, in quotes).
struct Secrets(Vec<String>);

impl Secrets {
    fn of(data: &Value) -> Secrets {
        let mut forms = Vec::new();
        for text in data::visible_strings(data) {
            if text.chars().count() < MIN_REDACTED_CHARS {
                continue;
            }
            let quoted = text.as_str().repr();
            let escaped = quoted[1..quoted.len() - 1].to_owned();
            if escaped != text {
                forms.push(escaped);
            }
            forms.push(quoted.into());
            forms.push(text);
        }
        // Longest first, so a value that contains another is replaced whole.
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        Secrets(forms)
    }

    fn redact(&self, mut line: String) -> String {
        for form in &self.0 {
            if line.contains(form.as_str()) {
                line = line.replace(form.as_str(), "<data>");
            }
        }
        line
    }
}
