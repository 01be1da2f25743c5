//! Writes the benchmark fixture of `scripts/bench-render`: the demo hearing's CoAO 653 ruling in
//! Russian, exactly as `hattama render ruling` would render it — the template set, the ruling's
//! data, the journal excerpt it rests on, and the job's identifier, title and timestamp — so
//! that our renderer and the Python `typst` package compile the same files.
//!
//! Usage: `ruling_fixture DIR` (DIR must not exist). Writes `DIR/root/{common.typ,
//! ru/coao653-ruling.typ, data.json, render.json, excerpt.json}` and `DIR/job.json`.

use std::path::Path;
use std::process::ExitCode;

use ::court::documents::ruling::prepare_ruling;
use ::court::hearing::Hearing;
use ::court::hearing::demo::write_demo_hearing;
use ::law::Catalog;
use ::law::Lang;
use ::store::excerpt_text;

const TEMPLATES: &[&str] = &["common.typ", "ru/coao653-ruling.typ"];

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: ruling_fixture DIR");
        return ExitCode::from(2);
    };
    match write(Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ruling_fixture: {err}");
            ExitCode::FAILURE
        }
    }
}

fn write(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    if dir.exists() {
        return Err(format!("{}: already exists", dir.display()).into());
    }
    let catalog = Catalog::builtin()?;
    let demo = write_demo_hearing(&dir.join("hearing"), &dir.join("keys"), &catalog)?;
    let hearing = Hearing::load(&demo.journal)?;
    let prepared = prepare_ruling(&hearing, demo.coao653_seq, Lang::Ru, &catalog)?;
    let (excerpt, summary) = excerpt_text(&demo.journal, &prepared.basis)?;
    let sealed_at = summary.seal_time.ok_or("the demo hearing is not sealed")?;

    let root = dir.join("root");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for name in TEMPLATES {
        let to = root.join(name);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(source.join(name), to)?;
    }
    std::fs::write(root.join("data.json"), serde_json::to_vec(&prepared.data)?)?;
    std::fs::write(root.join("excerpt.json"), excerpt)?;
    let hints = ::render::Renderer::new().hints(&prepared.data)?;
    std::fs::write(root.join("render.json"), hints)?;
    let job = serde_json::json!({
        "template": prepared.kind.template(prepared.lang),
        "ident": format!("{}#{}#{}#ru", summary.head, prepared.kind.id(), demo.coao653_seq),
        "title": prepared.title,
        "timestamp": sealed_at.timestamp(),
        "offset_seconds": sealed_at.offset().local_minus_utc(),
    });
    std::fs::write(dir.join("job.json"), serde_json::to_vec_pretty(&job)?)?;
    Ok(())
}
