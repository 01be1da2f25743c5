//! `hattama keys new|export`: the judge's and the secretary's signing keys.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::CliError;
use super::emit;
use journal::Role;
use store::keys::{default_keys_dir, generate, list};

#[derive(Debug, clap::Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Make a new key pair for a judge or a secretary.
    New(NewArgs),
    /// Print or write public keys, for courts that check seals (`verify --pubkey`).
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Whose key: the presiding judge's or the secretary's.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The signer's full name, as it will appear in seals.
    #[arg(long)]
    pub name: String,
    /// The keys directory [default: $XDG_CONFIG_HOME/hattama/keys or ~/.config/hattama/keys].
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Only keys of this role.
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// Write to this new file instead of printing.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The keys directory [default: $XDG_CONFIG_HOME/hattama/keys or ~/.config/hattama/keys].
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Judge,
    Secretary,
}

impl From<RoleArg> for Role {
    fn from(value: RoleArg) -> Role {
        match value {
            RoleArg::Judge => Role::Judge,
            RoleArg::Secretary => Role::Secretary,
        }
    }
}

pub fn run(args: &KeysArgs) -> Result<(), CliError> {
    match &args.command {
        KeysCommand::New(a) => new(a),
        KeysCommand::Export(a) => export(a),
    }
}

fn keys_dir(given: Option<&Path>) -> Result<PathBuf, CliError> {
    given
        .map(Path::to_path_buf)
        .or_else(default_keys_dir)
        .ok_or_else(|| {
            CliError::input("no keys directory: HOME is not set").with_hint("pass --keys DIR")
        })
}

fn new(args: &NewArgs) -> Result<(), CliError> {
    let dir = keys_dir(args.keys.as_deref())?;
    let (path, record) = generate(&dir, args.role.into(), &args.name)?;
    emit(&format!(
        "private key: {} (keep it private; mode 0600)\npublic key: {}",
        path.display(),
        record.to_line()
    ))
}

fn export(args: &ExportArgs) -> Result<(), CliError> {
    let dir = keys_dir(args.keys.as_deref())?;
    let found = list(&dir, args.role.map(Role::from))?;
    if found.is_empty() {
        return Err(CliError::user(format!("{}: no keys found", dir.display()))
            .with_hint("make one with `hattama keys new --role judge --name NAME`"));
    }
    let text: String = found.iter().map(|(_, record)| record.to_line()).collect();
    match &args.out {
        None => emit(&text)?,
        Some(out) => {
            let write_err = |e: std::io::Error| {
                CliError::user(format!("{}: cannot write ({e})", out.display()))
            };
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(out)
                .map_err(write_err)?;
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(write_err)?;
            emit(&format!(
                "{}: {} public keys written\n",
                out.display(),
                found.len()
            ))?;
        }
    }
    Ok(())
}
