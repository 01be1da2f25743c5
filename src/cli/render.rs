//! `hattama render ruling|protocol`: issue a document from a sealed protocol, in Kazakh or
//! Russian, with the excerpt it rests on inside and its SHA-256 recorded in the journal. In the
//! other language than that of proceedings the document is a translation: refused until every
//! text it prints has a recorded translation (`hattama translate`).

use std::path::{Path, PathBuf};

use super::{CliError, Global, emit, load_catalog, resolve_journal};
use court::documents::issue::{IssueError, issue};
use court::documents::lack::Lack;
use court::documents::protocol::prepare_protocol;
use court::documents::ruling::prepare_ruling;
use court::documents::{DocumentError, Prepared};
use law::Lang;

use super::act_lang;
use court::hearing::{Hearing, HearingError};
use journal::SystemClock;
use render::{RenderError, Renderer, Templates};

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// The ruling on one applied measure (CoAO 653, or a coercion ruling).
    Ruling {
        #[command(flatten)]
        common: Common,
        /// The seq of the measure_applied entry.
        #[arg(long, value_name = "N")]
        seq: u64,
    },
    /// The protocol as signed at its latest seal.
    Protocol {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// The sealed journal: a path, or a file name in the data directory.
    #[arg(long, value_name = "FILE")]
    pub journal: PathBuf,
    /// The document's language.
    #[arg(long, value_parser = act_lang())]
    pub lang: Lang,
    /// Where to write the PDF (a new file).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Read the templates from this directory instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: &RenderArgs, global: &Global) -> Result<(), CliError> {
    let catalog = load_catalog(global)?;
    let (common, seq) = match &args.what {
        What::Ruling { common, seq } => (common, Some(*seq)),
        What::Protocol { common } => (common, None),
    };
    let lang = common.lang;
    let path = resolve_journal(&common.journal, common.data.as_deref());
    let hearing = Hearing::load(&path).map_err(hearing_error)?;
    let prepared = match seq {
        Some(seq) => prepare_ruling(&hearing, seq, lang, &catalog),
        None => prepare_protocol(&hearing, lang, &catalog),
    }
    .map_err(document_error)?;
    let templates = templates(common.templates.as_deref());
    let issued = issue(
        &path,
        &prepared,
        &Renderer::new(),
        &templates,
        &common.out,
        Box::new(SystemClock),
    )
    .map_err(issue_error)?;
    emit(&report(&prepared, &issued, &path))
}

pub(crate) fn templates(dir: Option<&Path>) -> Templates {
    dir.map_or(Templates::Builtin, |d| Templates::Dir(d.to_path_buf()))
}

fn report(p: &Prepared, issued: &court::documents::issue::Issued, journal: &Path) -> String {
    let mut out = format!(
        "{}: {} ({}), SHA-256 {}\nrecorded in {} as entry {}; seal the protocol again to sign it\n\
         check it with: hattama verify {} --protocol {}\n",
        issued.path.display(),
        p.kind.id(),
        p.lang.code(),
        issued.sha256,
        journal.display(),
        issued.recorded_seq,
        issued.path.display(),
        journal.display(),
    );
    for w in &issued.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

pub(crate) fn hearing_error(e: HearingError) -> CliError {
    match e {
        HearingError::Journal(j) => j.into(),
        other => CliError::input(other.to_string()),
    }
}

pub(crate) fn document_error(e: DocumentError) -> CliError {
    match e {
        DocumentError::Hearing(h) => hearing_error(h),
        DocumentError::NotAMeasure(_) => CliError::input(e.to_string()),
        DocumentError::Missing { kind, missing } if missing.iter().all(Lack::is_translation) => {
            let mut err = CliError::user(format!(
                "cannot issue the {kind}: in the other language than that of proceedings it is a translation, and these texts have no translation recorded (see `hattama translate list`)"
            ));
            for m in &missing {
                err = err.with_hint(format!("missing: {m}"));
            }
            err
        }
        DocumentError::Missing { kind, missing } => {
            let mut err = CliError::user(format!(
                "cannot issue the {kind}: the law requires data the protocol lacks"
            ));
            for m in &missing {
                err = err.with_hint(format!("missing: {m}"));
            }
            err
        }
        DocumentError::Invalid { kind, problems } => {
            let mut err = CliError::user(format!(
                "cannot issue the {kind}: entries it would print hold values the law cannot mean (`hattama verify` lists them too)"
            ));
            for p in &problems {
                err = err.with_hint(format!("invalid: {p}"));
            }
            err
        }
        _ => CliError::user(e.to_string()),
    }
}

pub(crate) fn issue_error(e: IssueError) -> CliError {
    match e {
        IssueError::Journal(j) => (*j).into(),
        IssueError::Render(r) if matches!(*r, RenderError::Compile { .. }) => {
            CliError::input(format!("template: {r}"))
        }
        other => CliError::user(other.to_string()),
    }
}
