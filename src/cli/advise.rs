//! `hattama advise --facts FILE|- [--json] [--lang kk|ru|en]`: the engine's advice for one
//! incident, as a readable table or as the stable JSON report.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{CliError, Global, any_lang, emit, load_catalog};
use law::{self, Catalog, Facts, Lang};

#[derive(Debug, clap::Args)]
pub struct AdviseArgs {
    /// The facts JSON file, or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    pub facts: PathBuf,
    /// Print the machine-readable JSON report instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Language of the texts.
    #[arg(long, value_parser = any_lang(), default_value = "ru")]
    pub lang: Lang,
}

/// Facts files are small; anything larger than this is not a facts file.
const MAX_FACTS_BYTES: u64 = 1 << 20;

pub fn run(args: &AdviseArgs, global: &Global) -> Result<(), CliError> {
    let catalog = load_catalog(global)?;
    let text = read_facts(&args.facts)?;
    let facts = parse_facts(&text, &catalog)?;
    let advice = law::advise(&facts, &catalog);
    let report = law::report::report(&advice, &catalog, args.lang);
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| CliError::input(format!("cannot write the report as JSON ({e})")))?;
        emit(&format!("{json}\n"))
    } else {
        emit(&law::report::table(&report, &catalog))
    }
}

/// Parse and validate facts; the error names the field and what is wrong with it.
pub(crate) fn parse_facts(text: &str, catalog: &Catalog) -> Result<Facts, CliError> {
    let facts = Facts::from_json(text).map_err(|e| CliError::input(format!("facts: {e}")))?;
    facts
        .validate(catalog)
        .map_err(|e| CliError::input(format!("facts: {e}")))?;
    Ok(facts)
}

fn read_facts(path: &Path) -> Result<String, CliError> {
    let shown = path.display();
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_FACTS_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::input(format!("cannot read facts from standard input ({e})")))?;
    } else {
        // A regular file only: a FIFO would make us wait for ever.
        bytes = match store::read_input(path, MAX_FACTS_BYTES) {
            Ok(bytes) => bytes,
            Err(store::OpenError::Directory) => {
                return Err(CliError::input(format!(
                    "facts file {shown} is a directory"
                )));
            }
            Err(store::OpenError::TooLarge(_)) => {
                return Err(CliError::input(format!(
                    "facts file {shown} is larger than 1 MiB"
                )));
            }
            Err(e) => {
                return Err(CliError::input(format!(
                    "cannot read facts file {shown} ({e})"
                )));
            }
        };
    }
    if bytes.len() as u64 > MAX_FACTS_BYTES {
        return Err(CliError::input(format!(
            "facts file {shown} is larger than 1 MiB"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        CliError::input(format!(
            "facts file {shown} is not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}
