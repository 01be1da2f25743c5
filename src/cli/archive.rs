//! `hattama archive serve|push|fetch|alerts`: the courtroom's side of the court archive.
//!
//! `serve` runs the `hattama-archive` program found next to this one: the courtroom binary
//! carries no web server and no database driver. `push` sends journals written offline;
//! `fetch` downloads a case or a hearing for offline checking (`hattama verify FILE
//! --receipts DIR`). The archive's address and this workstation's certificate come from
//! `[archive]` in config.toml (docs/archive.md).

use std::path::{Path, PathBuf};

use push::{ArchiveConfig, Client, ClientError, FetchQuery, Sync, SyncError};

use super::{CliError, emit, resolve_journal};

#[derive(Debug, clap::Args)]
pub struct ArchiveArgs {
    #[command(subcommand)]
    pub command: ArchiveCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ArchiveCommand {
    /// Run the court archive server (the `hattama-archive` program next to this one; its
    /// options: `hattama archive serve --help`).
    Serve(ServeArgs),
    /// Send journals to the archive (those written offline, or any): only what it lacks.
    Push(PushArgs),
    /// Download a case's or a hearing's journals, receipts, proofs, certificates and CRL.
    Fetch(FetchArgs),
    /// List what the archive refused and recorded (forks).
    Alerts,
}

#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true)]
pub struct ServeArgs {
    /// Passed to `hattama-archive serve` as given.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    pub args: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// Journals (paths, file names in the data directory, or folders of journals).
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// Every hearing of this case number.
    #[arg(
        long,
        value_name = "NUMBER",
        conflicts_with = "hearing",
        required_unless_present = "hearing"
    )]
    pub case: Option<String>,
    /// The hearing with this id (or hearing key, 64 hex).
    #[arg(long, value_name = "ID")]
    pub hearing: Option<String>,
    /// The folder to write into (created 0700 if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &ArchiveArgs) -> Result<(), CliError> {
    match &args.command {
        ArchiveCommand::Serve(a) => serve(a),
        ArchiveCommand::Push(a) => push_files(a),
        ArchiveCommand::Fetch(a) => fetch(a),
        ArchiveCommand::Alerts => alerts(),
    }
}

/// The server program beside the running one.
fn server_program() -> Result<PathBuf, CliError> {
    let me = std::env::current_exe()
        .map_err(|e| CliError::user(format!("cannot find this program's path ({e})")))?;
    let server = me.with_file_name("hattama-archive");
    if server.is_file() {
        return Ok(server);
    }
    Err(CliError::user(format!(
        "the archive server is not installed: {} does not exist",
        server.display()
    ))
    .with_hint("build it with `cargo build --release -p hattama-archive` and put target/release/hattama-archive beside hattama")
    .with_hint("the courtroom binary does not carry the server: it has no web server and no database driver"))
}

fn serve(args: &ServeArgs) -> Result<(), CliError> {
    use std::os::unix::process::CommandExt as _;
    let program = server_program()?;
    // exec: the server replaces this process, so signals and the exit code are its own.
    let err = std::process::Command::new(&program)
        .arg("serve")
        .args(&args.args)
        .exec();
    Err(CliError::user(format!(
        "cannot run {} ({err})",
        program.display()
    )))
}

fn config() -> Result<ArchiveConfig, CliError> {
    let config = super::tui::read_config()?;
    config.archive.ok_or_else(|| {
        CliError::input("no archive configured")
            .with_hint("add [archive] with url, ca, cert and key to ~/.config/hattama/config.toml (docs/archive.md)")
    })
}

fn client() -> Result<Client, CliError> {
    Client::new(&config()?).map_err(client_error)
}

pub(crate) fn client_error(e: ClientError) -> CliError {
    match &e {
        ClientError::Config(_) => CliError::input(e.to_string()),
        ClientError::CertificateRefused(_) => CliError::user(e.to_string())
            .with_hint("this workstation's certificate is unknown to the court authority or revoked: ask the court's IT officer"),
        ClientError::Offline(_) => CliError::user(e.to_string())
            .with_hint("the journals stay on this PC; push again when the archive is reachable"),
        ClientError::Refused { .. } | ClientError::Invalid(_) => CliError::user(e.to_string()),
    }
}

fn push_files(args: &PushArgs) -> Result<(), CliError> {
    let client = client()?;
    let (cert, key) = client.archive_key().map_err(client_error)?;
    let sync = Sync {
        client: &client,
        archive_cert: &cert,
        archive_key: &key,
    };
    let given: Vec<PathBuf> = args
        .files
        .iter()
        .map(|f| resolve_journal(f, args.data.as_deref()))
        .collect();
    let paths = push::sync::journals_in(&given);
    let mut worst: Option<CliError> = None;
    let mut out = String::new();
    for path in &paths {
        match sync.journal(path) {
            Ok(r) => out.push_str(&format!(
                "{}: archived up to #{} ({} sent, {} already held, {} new receipts)\n",
                path.display(),
                r.archived,
                r.stored,
                r.duplicates,
                r.receipts
            )),
            Err(e) => {
                let err = sync_error(path, e);
                eprintln!("{err}");
                if worst
                    .as_ref()
                    .is_none_or(|w| err.kind.exit_code() > w.kind.exit_code())
                {
                    worst = Some(err);
                }
            }
        }
    }
    emit(&out)?;
    match worst {
        None => Ok(()),
        Some(w) if paths.len() == 1 => {
            Err(CliError::new(w.kind, "the journal was not fully archived"))
        }
        Some(w) => Err(CliError::new(
            w.kind,
            "not every journal was fully archived",
        )),
    }
}

fn sync_error(path: &Path, e: SyncError) -> CliError {
    let at = path.display();
    match e {
        SyncError::Client(c) => {
            let c = client_error(c);
            CliError { message: format!("{at}: {}", c.message), ..c }
        }
        SyncError::Local(m) => CliError::input(m),
        e @ (SyncError::Fork { .. } | SyncError::Behind { .. } | SyncError::Receipts(_)) => {
            CliError::integrity(format!("{at}: {e}"))
                .with_hint("the archive keeps what it received first and has recorded an alert; tell the court's IT officer")
        }
        e @ SyncError::Refused { .. } => CliError::integrity(format!("{at}: {e}"))
            .with_hint(format!("`hattama verify {at}` shows what is wrong with the journal")),
    }
}

fn fetch(args: &FetchArgs) -> Result<(), CliError> {
    let client = client()?;
    let query = match (&args.case, &args.hearing) {
        (Some(c), _) => FetchQuery::Case(c.clone()),
        (None, Some(h)) => FetchQuery::Hearing(h.clone()),
        (None, None) => return Err(CliError::input("give --case NUMBER or --hearing ID")),
    };
    let fetched = push::fetch(&client, &query, &args.out).map_err(|e| match e {
        push::fetch::FetchError::Client(c) => client_error(c),
        push::fetch::FetchError::NotFound(_) => CliError::user(e.to_string()),
        push::fetch::FetchError::Write(m) => CliError::user(m),
    })?;
    let mut out = String::new();
    for f in &fetched {
        out.push_str(&format!(
            "{}: {} entries, {} receipts\n",
            f.journal.display(),
            f.hearing.head.seq,
            f.receipts
        ));
    }
    out.push_str(&format!(
        "check offline: hattama verify {}/*.jsonl --receipts {}\n",
        args.out.display(),
        args.out.display()
    ));
    emit(&out)
}

fn alerts() -> Result<(), CliError> {
    let alerts = client()?.alerts().map_err(client_error)?;
    let mut out = String::new();
    for a in &alerts {
        out.push_str(&format!(
            "{} {}: hearing {} entry #{}: the archive holds {}, workstation {} offered {}\n",
            a.time,
            a.kind,
            a.hearing.to_hex(),
            a.seq,
            a.held.to_hex(),
            a.workstation,
            a.offered.to_hex()
        ));
    }
    if alerts.is_empty() {
        out.push_str("no alerts\n");
    }
    emit(&out)
}
