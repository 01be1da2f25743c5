//! `hattama translate list|add`: the free text of a hearing in the other language of documents.
//! An act in that language is a translation and prints only translations recorded in the
//! journal as such (`translation` entries); `list` shows what still lacks one, `add` records one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::act_lang;
use super::render::hearing_error;
use super::{CliError, emit, resolve_journal};
use court::hearing::Hearing;
use journal::entry::{Lang, Translation};
use journal::{Body, SystemClock};
use store::Journal;

#[derive(Debug, clap::Args)]
pub struct TranslateArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Every free text that has no translation into the language yet, with its text.
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Record the translation of fields of one entry (a new entry; seal the protocol again).
    Add {
        #[command(flatten)]
        common: Common,
        /// The entry whose free text is translated.
        #[arg(long, value_name = "N")]
        seq: u64,
        /// A field and its translation, as FIELD=TEXT (repeatable), fields as `list` names them.
        #[arg(long = "set", value_name = "FIELD=TEXT", required = true)]
        set: Vec<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// The journal: a path, or a file name in the data directory.
    #[arg(long, value_name = "FILE")]
    pub journal: PathBuf,
    /// The language of the translation (not the language of proceedings).
    #[arg(long, value_parser = act_lang())]
    pub lang: Lang,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: &TranslateArgs) -> Result<(), CliError> {
    let common = match &args.what {
        What::List { common } | What::Add { common, .. } => common,
    };
    let into = common.lang;
    let path = resolve_journal(&common.journal, common.data.as_deref());
    let hearing = Hearing::load(&path).map_err(hearing_error)?;
    if into == hearing.opened.language {
        return Err(CliError::input(format!(
            "the hearing is conducted in {}: its acts are issued in it, and its texts need no translation into it",
            into.code()
        )));
    }
    match &args.what {
        What::List { .. } => emit(&list(&hearing, into)),
        What::Add { seq, set, .. } => {
            let fields = fields(&hearing, *seq, set)?;
            let mut journal = Journal::open(&path, Box::new(SystemClock))?;
            let head = journal.append(Body::Translation(Translation {
                target_seq: *seq,
                language: into,
                fields,
            }))?;
            emit(&format!(
                "{}: the {} translation of entry {seq} recorded as entry {}; seal the protocol again to sign it\n",
                path.display(),
                into.code(),
                head.seq
            ))
        }
    }
}

/// What still lacks a translation, entry by entry, with the text to translate.
fn list(h: &Hearing, into: Lang) -> String {
    let missing = h.untranslated(into);
    if missing.is_empty() {
        return format!(
            "every free text has a {} translation recorded\n",
            into.code()
        );
    }
    let mut out = String::new();
    for (seq, field) in missing {
        let kind = h.entry(seq).map(|e| e.kind.as_str()).unwrap_or_default();
        let text = h.text_in(seq, field, h.opened.language).unwrap_or_default();
        out.push_str(&format!("{seq} {kind} {field}: {text}\n"));
    }
    out
}

/// `FIELD=TEXT` pairs checked against the entry's free-text fields.
fn fields(h: &Hearing, seq: u64, set: &[String]) -> Result<BTreeMap<String, String>, CliError> {
    let entry = h
        .entry(seq)
        .ok_or_else(|| CliError::input(format!("no entry {seq} in this journal")))?;
    let known: Vec<&'static str> = entry
        .body
        .as_ref()
        .map(|b| b.free_text().into_iter().map(|(f, _)| f).collect())
        .unwrap_or_default();
    if known.is_empty() {
        return Err(CliError::input(format!(
            "entry {seq} ({}) has no free text to translate",
            entry.kind
        )));
    }
    let mut out = BTreeMap::new();
    for pair in set {
        let Some((field, text)) = pair.split_once('=') else {
            return Err(CliError::input(format!(
                "--set takes FIELD=TEXT (the fields of entry {seq}: {})",
                known.join(", ")
            )));
        };
        if !known.contains(&field) {
            return Err(CliError::input(format!(
                "entry {seq} has no free-text field `{field}` (its fields: {})",
                known.join(", ")
            )));
        }
        if text.trim().is_empty() {
            return Err(CliError::input(format!(
                "the translation of `{field}` is empty"
            )));
        }
        if out
            .insert(field.to_string(), text.trim().to_string())
            .is_some()
        {
            return Err(CliError::input(format!("`{field}` is given twice")));
        }
    }
    Ok(out)
}
