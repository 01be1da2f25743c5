//! `hattama render ruling|protocol`: issue a document from a sealed protocol, in Kazakh or
//! Russian, with the excerpt it rests on inside, signed in the PDF (a ruling by the judge, the
//! protocol by the secretary and the judge), and its SHA-256 recorded in the journal. In the
//! other language than that of proceedings the document is a translation: refused until every
//! text it prints has a recorded translation (`hattama translate`).

use std::path::{Path, PathBuf};

use super::signers::{JudgeArgs, SecretaryArgs, TrustArgs};
use super::{CliError, Global, emit, load_catalog, resolve_journal};
use court::documents::issue::{DocumentSigners, IssueError, issue};
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
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub judge: JudgeArgs,
    /// The protocol only: the secretary signs it too.
    #[command(flatten)]
    pub secretary: SecretaryArgs,
}

pub fn run(args: &RenderArgs, global: &Global) -> Result<(), CliError> {
    let catalog = load_catalog(global)?;
    let (common, seq) = match &args.what {
        What::Ruling { common, seq } => (common, Some(*seq)),
        What::Protocol { common } => (common, None),
    };
    // What the command line lacks is said before anything is read or a passphrase asked.
    let trust = common.trust.require("signing a document")?;
    if common.judge.judge_key.is_none() {
        return Err(
            CliError::input("a document is signed by the judge").with_hint("pass --judge-key FILE")
        );
    }
    if seq.is_none() && common.secretary.secretary_key.is_none() {
        return Err(
            CliError::input("the protocol is signed by the judge and the secretary")
                .with_hint("pass --secretary-key FILE"),
        );
    }
    let lang = common.lang;
    let path = resolve_journal(&common.journal, common.data.as_deref());
    let hearing = Hearing::load(&path).map_err(hearing_error)?;
    let prepared = match seq {
        Some(seq) => prepare_ruling(&hearing, seq, lang, &catalog),
        None => prepare_protocol(&hearing, lang, &catalog),
    }
    .map_err(document_error)?;
    let templates = templates(common.templates.as_deref());
    let absent = || CliError::input("a signer's key is missing");
    let judge = common.judge.load(&trust)?.ok_or_else(absent)?;
    let secretary = match seq {
        None => Some(common.secretary.load(&trust)?.ok_or_else(absent)?),
        Some(_) => None,
    };
    let signers = DocumentSigners {
        judge: &judge,
        secretary: secretary.as_ref(),
        trust: &trust,
    };
    let issued = issue(
        &path,
        &prepared,
        &Renderer::new(),
        &templates,
        &common.out,
        Box::new(SystemClock),
        &signers,
    )
    .map_err(issue_error)?;
    emit(&report(&prepared, &issued, &path, &common.trust))
}

pub(crate) fn templates(dir: Option<&Path>) -> Templates {
    dir.map_or(Templates::Builtin, |d| Templates::Dir(d.to_path_buf()))
}

fn report(
    p: &Prepared,
    issued: &court::documents::issue::Issued,
    journal: &Path,
    trust: &TrustArgs,
) -> String {
    let mut out = format!(
        "{}: {} ({}), signed, SHA-256 {}\nrecorded in {} as entry {}; seal the protocol again to sign the record\n\
         check it with: hattama verify {}{}\n\
         \x20              hattama verify {}{} --protocol {}\n",
        issued.path.display(),
        p.kind.id(),
        p.lang.code(),
        issued.sha256,
        journal.display(),
        issued.recorded_seq,
        issued.path.display(),
        trust_flags(trust),
        issued.path.display(),
        trust_flags(trust),
        journal.display(),
    );
    for w in &issued.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// ` --trust A --crl B`, as the trust was given: every check command printed carries it.
pub(crate) fn trust_flags(trust: &TrustArgs) -> String {
    let mut out = String::new();
    for t in &trust.trust {
        out.push_str(&format!(" --trust {}", t.display()));
    }
    for c in &trust.crl {
        out.push_str(&format!(" --crl {}", c.display()));
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
        IssueError::Signer(_) => CliError::user(e.to_string()),
        IssueError::Render(r) if matches!(*r, RenderError::Compile { .. }) => {
            CliError::input(format!("template: {r}"))
        }
        other => CliError::user(other.to_string()),
    }
}
