//! `hattama excerpt FILE --seq N[,M...] --out X.json`: entries in full, linked to the seal.

use std::path::PathBuf;

use super::CliError;
use super::{emit, resolve_journal};
use store::write_excerpt;

#[derive(Debug, clap::Args)]
pub struct ExcerptArgs {
    /// The sealed journal: a path, or a file name in the data directory.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The entries to give in full, by seq (comma-separated or repeated).
    #[arg(long, value_name = "N[,M...]", value_delimiter = ',', required = true)]
    pub seq: Vec<u64>,
    /// Where to write the excerpt (a new file).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: &ExcerptArgs) -> Result<(), CliError> {
    let path = resolve_journal(&args.file, args.data.as_deref());
    let summary = write_excerpt(&path, &args.seq, &args.out)?;
    let seqs: Vec<String> = summary.selected.iter().map(u64::to_string).collect();
    emit(&format!(
        "{}: entries {} in full, {} entries linked to the seal at seq {} (hash {})\n\
         check it with: hattama verify {}\n",
        summary.path.display(),
        seqs.join(", "),
        summary.entries,
        summary.seal_seq,
        summary.head,
        summary.path.display()
    ))
}
