//! The command line: one file per command (its args struct and its `run`), clap lives only here.

mod advise;
mod archive;
mod court;
mod demo;
mod error;
mod excerpt;
mod keys;
mod passphrase;
pub(crate) mod receipts;
mod render;
mod repair;
mod seal;
mod signers;
mod translate;
mod tui;
mod verify;
mod verify_pdf;

use std::path::{Path, PathBuf};

use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};

pub use error::{CliError, ErrorKind};

use law::{Catalog, Lang};
use store::default_data_dir;

/// Hattama — paragraph 10 of Normative Resolution No. 1 (14.05.1998) in the courtroom.
///
/// Run without a command to open the terminal interface.
#[derive(Debug, Parser)]
#[command(name = "hattama", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Without a command, the terminal interface opens (these options set it up).
    #[command(flatten)]
    pub tui: tui::TuiArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command understands.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Load the law catalog from this directory instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    pub law: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show which measures the law allows for an incident, with citations.
    Advise(advise::AdviseArgs),
    /// Run sample incidents through the engine and print the advice.
    Demo(demo::DemoArgs),
    /// Check a journal, an excerpt or a ruling: hashes, links, order, seals, signatures, and with
    /// --trust who signed.
    Verify(verify::VerifyArgs),
    /// Cut a torn last line left by a crash, and record the cut.
    Repair(repair::RepairArgs),
    /// Each person's own protected signing key: make, protect, export.
    Keys(keys::KeysArgs),
    /// The court's signing authority: set up, issue and revoke certificates, publish the CRL.
    Court(court::CourtArgs),
    /// Seal a closed protocol by the judge and the secretary.
    Seal(seal::SealArgs),
    /// Write a verifiable excerpt of chosen entries of a sealed journal.
    Excerpt(excerpt::ExcerptArgs),
    /// Issue a ruling or the protocol as a signed PDF (Kazakh or Russian), bound to the protocol.
    Render(render::RenderArgs),
    /// The court archive: run the server, push journals, fetch a case, list alerts.
    Archive(archive::ArchiveArgs),
    /// List or record translations of a hearing's free text into the other language of
    /// documents (an act in that language is a translation).
    Translate(translate::TranslateArgs),
}

/// Parse `std::env::args` and run the chosen command.
pub fn run_from_args() -> Result<(), CliError> {
    // clap prints its own message and exits 0 for --help/--version and 2 for bad usage,
    // which is exactly our exit-code contract.
    let cli = Cli::parse();
    run(cli)
}

pub fn run(cli: Cli) -> Result<(), CliError> {
    let Some(command) = &cli.command else {
        return tui::run(&cli.tui, &cli.global, None);
    };
    match command {
        Command::Advise(args) => advise::run(args, &cli.global),
        Command::Demo(args) => demo::run(args, &cli.global),
        Command::Verify(args) => verify::run(args, &cli.global),
        Command::Repair(args) => repair::run(args),
        Command::Keys(args) => keys::run(args),
        Command::Court(args) => court::run(args),
        Command::Seal(args) => seal::run(args),
        Command::Excerpt(args) => excerpt::run(args),
        Command::Render(args) => render::run(args, &cli.global),
        Command::Translate(args) => translate::run(args),
        Command::Archive(args) => archive::run(args),
    }
}

/// The catalog for this run: the built-in one, or `--law DIR`.
pub(crate) fn load_catalog(global: &Global) -> Result<Catalog, CliError> {
    let loaded = match &global.law {
        Some(dir) => Catalog::load_dir(dir),
        None => Catalog::builtin(),
    };
    loaded.map_err(|e| CliError::input(format!("law catalog: {e}")))
}

/// A journal named on the command line: the path as given if it exists, else a bare file
/// name looked up in the data directory.
pub(crate) fn resolve_journal(file: &Path, data: Option<&Path>) -> PathBuf {
    let bare = file.components().count() == 1;
    if file.symlink_metadata().is_ok() || !bare {
        return file.to_path_buf();
    }
    match data.map(Path::to_path_buf).or_else(default_data_dir) {
        Some(dir) if dir.join(file).symlink_metadata().is_ok() => dir.join(file),
        _ => file.to_path_buf(),
    }
}

/// Write command output to stdout. A closed pipe (`hattama demo | head`) ends the output
/// quietly; `println!` would panic there.
pub(crate) fn emit(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::user(format!(
            "cannot write to standard output ({e})"
        ))),
    }
}

/// `--lang` of commands that print for people: `kk`, `ru` or `en`.
pub fn any_lang() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(["kk", "ru", "en"])
        .map(|code| Lang::from_code(&code).unwrap_or_default())
}

/// `--lang` of a document: a language of proceedings, `kk` or `ru`.
pub fn act_lang() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(["kk", "ru"])
        .map(|code| Lang::from_code(&code).unwrap_or_default())
}
