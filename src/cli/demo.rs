//! `hattama demo`: sample incidents — civil, criminal, administrative — run through the engine,
//! the advice printed. Later stages grow it into a whole hearing.

use super::advise::parse_facts;
use super::{CliError, Global, LangArg, emit, load_catalog};
use crate::law;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Language of the texts.
    #[arg(long, value_enum, default_value_t = LangArg::Ru)]
    pub lang: LangArg,
}

/// The sample incidents shipped with the binary (also in `config/samples/`).
pub const SAMPLES: [(&str, &str); 3] = [
    (
        "civil",
        include_str!("../../config/samples/civil-contempt.json"),
    ),
    (
        "criminal",
        include_str!("../../config/samples/criminal-disobedience.json"),
    ),
    (
        "administrative",
        include_str!("../../config/samples/administrative-breach.json"),
    ),
];

pub fn run(args: &DemoArgs, global: &Global) -> Result<(), CliError> {
    let catalog = load_catalog(global)?;
    let mut out = String::new();
    for (name, text) in SAMPLES {
        let facts = parse_facts(text, &catalog)?;
        let advice = law::advise(&facts, &catalog);
        let report = law::report::report(&advice, &catalog, args.lang.into());
        out.push_str(&format!("══════ {name} ══════\n"));
        out.push_str(&law::report::table(&report, &catalog));
        out.push('\n');
    }
    out.push_str(&format!("catalog version {}\n", catalog.version));
    emit(&out)
}
