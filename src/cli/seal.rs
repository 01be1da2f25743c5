//! `hattama seal JOURNAL --trust CA.pem --judge-key K --secretary-key K`: the judge and the
//! secretary seal a closed protocol, each with their own protected key and certificate.

use std::path::PathBuf;

use journal::SystemClock;
use store::Journal;

use super::signers::{JudgeArgs, SecretaryArgs, TrustArgs};
use super::{CliError, emit, resolve_journal};

#[derive(Debug, clap::Args)]
pub struct SealArgs {
    /// The journal: a path, or a file name in the data directory.
    #[arg(value_name = "FILE")]
    pub journal: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub judge: JudgeArgs,
    #[command(flatten)]
    pub secretary: SecretaryArgs,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

pub fn run(args: &SealArgs) -> Result<(), CliError> {
    let path = resolve_journal(&args.journal, args.data.as_deref());
    let trust = args.trust.require("sealing")?;
    // Open (and lock) the journal before asking for passphrases: a broken or busy journal
    // stops here.
    let mut journal = Journal::open(&path, Box::new(SystemClock))?;
    let missing = |who: &str, flag: &str| {
        CliError::input(format!("a seal needs the {who}'s key"))
            .with_hint(format!("pass {flag} FILE"))
    };
    let judge = args
        .judge
        .load(&trust)?
        .ok_or_else(|| missing("judge", "--judge-key"))?;
    let secretary = args
        .secretary
        .load(&trust)?
        .ok_or_else(|| missing("secretary", "--secretary-key"))?;
    let head = journal.seal(&judge, &secretary, &trust)?;
    emit(&format!(
        "{}: sealed at seq {} by {} (judge) and {} (secretary)\ncheck it with: hattama verify {}{}\n",
        path.display(),
        head.seq,
        judge
            .certificate()
            .holder()
            .common_name
            .as_deref()
            .unwrap_or_default(),
        secretary
            .certificate()
            .holder()
            .common_name
            .as_deref()
            .unwrap_or_default(),
        path.display(),
        super::render::trust_flags(&args.trust),
    ))
}
