//! `hattama-archive`: the court archive server (`serve`), and the database chores an IT
//! officer runs by hand (`migrate`, `grant`, `backup`). `hattama archive serve …` runs this program.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use hattama_archive::{Config, Db, DbUrl, Policy, db::schema};

/// The court archive: HTTPS with mutual TLS, every entry verified as it arrives, receipts.
#[derive(Debug, Parser)]
#[command(name = "hattama-archive", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the archive.
    Serve(Box<ServeArgs>),
    /// Apply the database migrations and exit (serve does it too, on start).
    Migrate(DbArgs),
    /// SQLite: copy the archive while it runs to a new file, and check the copy (pages, and
    /// the receipts against the latest signed checkpoint).
    Backup(BackupArgs),
    /// PostgreSQL: give a login role what the server needs — read, and add rows — and no more.
    Grant {
        #[command(flatten)]
        db: DbArgs,
        /// The role the server will connect as.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, clap::Args)]
struct DbArgs {
    /// `postgres://USER@HOST:PORT/DB` or `sqlite:PATH` [default: sqlite under the data directory,
    /// $XDG_DATA_HOME/hattama-archive/archive.sqlite3].
    #[arg(long, value_name = "URL")]
    db: Option<String>,
}

#[derive(Debug, clap::Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The new file to write (mode 0600; it must not exist).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The log's name, as given to `serve`.
    #[arg(long, value_name = "NAME")]
    origin: String,
    /// The archive's certificate (PEM), as given to `serve`: its key signed the checkpoints.
    #[arg(long, value_name = "FILE")]
    cert: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8443", value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// The log's name in receipts and checkpoints, e.g. `archive.almaty.sud.kz/hattama`
    /// (no spaces, no '+').
    #[arg(long, value_name = "NAME")]
    origin: String,
    /// The court authority's root certificate(s), PEM: workstations must hold a certificate
    /// issued by it.
    #[arg(long, value_name = "FILE")]
    ca: PathBuf,
    /// The authority's certificate revocation list (PEM or DER): revoked workstations are refused.
    #[arg(long, value_name = "FILE")]
    crl: Option<PathBuf>,
    /// The archive's certificate (PEM), issued by the authority; it signs receipts too.
    #[arg(long, value_name = "FILE")]
    cert: PathBuf,
    /// The archive's private key: PKCS#8 P-256, PEM, encrypted or not (file mode 0600).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// A file holding the key's password, if the key is encrypted.
    #[arg(long, value_name = "FILE")]
    key_password_file: Option<PathBuf>,
    /// Sign a receipt once this many entries of a hearing arrived since the last one.
    #[arg(long, default_value_t = 20, value_name = "N")]
    receipt_every: u64,
    /// Sign a receipt once an entry has waited this many seconds without one.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    receipt_after: u64,
    /// Database connections (PostgreSQL).
    #[arg(long, default_value_t = 16, value_name = "N")]
    db_connections: usize,
    /// Be a witness for another archive's log: ORIGIN=CERT, the log's name and its archive's
    /// certificate (PEM). Repeatable.
    #[arg(long = "witness-for", value_name = "ORIGIN=CERT")]
    witness_for: Vec<String>,
    /// Send this log's checkpoints to the witness at this URL (https://HOST:PORT) to be cosigned.
    #[arg(long, value_name = "URL")]
    witness: Option<String>,
}

fn default_db() -> Option<String> {
    let base = match std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?)
            .join(".local")
            .join("share"),
    };
    Some(format!(
        "sqlite:{}",
        base.join("hattama-archive")
            .join("archive.sqlite3")
            .display()
    ))
}

fn db_url(args: &DbArgs) -> Result<DbUrl, String> {
    let text = args
        .db
        .clone()
        .or_else(default_db)
        .ok_or("no data directory: set HOME or pass --db")?;
    DbUrl::parse(&text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime ({e})");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("error: {}", message.replace(['\n', '\r'], " "));
            ExitCode::from(code)
        }
    }
}

async fn run(cli: Cli) -> Result<(), (u8, String)> {
    match cli.command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(db) => {
            let url = db_url(&db).map_err(|e| (2, e))?;
            Db::open(&url, 1)
                .await
                .map_err(|e| (1, format!("--db {}: {e}", url.display())))?;
            println!("{}: schema version {}", url.display(), schema::VERSION);
            Ok(())
        }
        Command::Backup(args) => backup(args).await,
        Command::Grant { db, role } => {
            let url = db_url(&db).map_err(|e| (2, e))?;
            let db = Db::open(&url, 1)
                .await
                .map_err(|e| (1, format!("--db {}: {e}", url.display())))?;
            schema::grant(&db, &role)
                .await
                .map_err(|e| (1, e.to_string()))?;
            println!("{role}: may read and add rows; may not change or delete them");
            Ok(())
        }
    }
}

async fn backup(args: BackupArgs) -> Result<(), (u8, String)> {
    let url = db_url(&args.db).map_err(|e| (2, e))?;
    let shown = args.cert.display();
    let pem = std::fs::read(&args.cert).map_err(|e| (2, format!("--cert {shown}: {e}")))?;
    let cert = ledger::certified::read_certificate(&pem)
        .map_err(|e| (2, format!("--cert {shown}: {e}")))?;
    let key = cert
        .verifying_key()
        .map_err(|e| (2, format!("--cert {shown}: {e}")))?;
    let verifier = ledger::note::NoteVerifier::new(&args.origin, key)
        .map_err(|e| (2, format!("--origin: {e}")))?;
    let copied = hattama_archive::backup::backup(&url, &args.out, &verifier)
        .await
        .map_err(|hattama_archive::backup::Failed(code, why)| (code, why))?;
    println!(
        "{}: {} hearings, {} entries, {} receipts; pages ok; {}",
        args.out.display(),
        copied.hearings,
        copied.entries,
        copied.receipts,
        match copied.checkpoint {
            Some(size) => format!("the receipts match the signed checkpoint of size {size}"),
            None => "no checkpoint yet".into(),
        }
    );
    Ok(())
}

async fn serve(args: ServeArgs) -> Result<(), (u8, String)> {
    let db = db_url(&args.db).map_err(|e| (2, e))?;
    let mut witness_for = Vec::new();
    for w in &args.witness_for {
        let (origin, cert) = w
            .split_once('=')
            .ok_or_else(|| (2, format!("--witness-for {w}: expected ORIGIN=CERT")))?;
        witness_for.push((origin.to_string(), PathBuf::from(cert)));
    }
    if args.receipt_every == 0 {
        return Err((2, "--receipt-every must be at least 1".into()));
    }
    let config = Config {
        listen: args.listen,
        db: db.clone(),
        db_connections: args.db_connections.max(1),
        origin: args.origin,
        ca: args.ca,
        crl: args.crl,
        cert: args.cert,
        key: args.key,
        key_password_file: args.key_password_file,
        policy: Policy {
            every_entries: args.receipt_every,
            every: Duration::from_secs(args.receipt_after),
        },
        witness_for,
        witness_url: args.witness,
    };
    let origin = config.origin.clone();
    let server = hattama_archive::start(config)
        .await
        .map_err(|e| (2, e.to_string()))?;
    eprintln!(
        "hattama-archive: listening on https://{} (log {origin}, database {})",
        server.addr,
        db.display()
    );
    until_stopped(&server).await;
    eprintln!("hattama-archive: stopping");
    server.stop().await;
    Ok(())
}

/// Run until SIGTERM or Ctrl-C; on SIGHUP read the CRL file again at once (as the archive does
/// every few seconds anyway) and say what came of it.
async fn until_stopped(server: &hattama_archive::Server) {
    use hattama_archive::revocation::Reloaded;
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return,
            _ = term.recv() => return,
            _ = hup.recv() => match server.reload_revocations() {
                Reloaded::Unchanged => eprintln!("crl: unchanged"),
                Reloaded::StillRefused => eprintln!("crl: the file's list is still not taken"),
                other => hattama_archive::serve::say_reloaded(other),
            },
        }
    }
}
