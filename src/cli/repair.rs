//! `hattama repair FILE`: cut a torn last line left by a crash, or restore the newline a whole
//! last line lost, and record what was done.

use std::path::PathBuf;

use super::CliError;
use super::{emit, resolve_journal};
use journal::SystemClock;
use store::repair;

#[derive(Debug, clap::Args)]
pub struct RepairArgs {
    /// The journal to repair: a path, or a file name in the data directory.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: &RepairArgs) -> Result<(), CliError> {
    let path = resolve_journal(&args.file, args.data.as_deref());
    // Only a torn tail is cut and only a lost newline restored; a journal damaged anywhere
    // else fails to open (exit 3) and is left exactly as it is, for the court to examine. A
    // file that is not a journal at all is bad input (exit 2), and is not touched either.
    let outcome = repair(&path, Box::new(SystemClock))?;
    emit(&match (outcome.recovered, outcome.newline_added_at) {
        (None, _) => format!(
            "{}: nothing to repair; the journal ends cleanly\n",
            path.display()
        ),
        (Some(head), Some(at)) => format!(
            "{}: restored the final newline (at byte {at}) after a whole last line, nothing cut; recorded as entry {} (recovered), hash {}\n",
            path.display(),
            head.seq,
            head.hash
        ),
        (Some(head), None) => format!(
            "{}: cut a torn last line of {} bytes; recorded as entry {} (recovered), hash {}\n",
            path.display(),
            outcome.dropped_bytes,
            head.seq,
            head.hash
        ),
    })
}
