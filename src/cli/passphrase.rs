//! Where a passphrase comes from: the terminal (no echo), or for scripts a file or an open file
//! descriptor — never the command line, where other users and shell histories would see it.
//! Passphrases are never printed or logged.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use pki::Passphrase;

use super::CliError;

/// Passphrases are short; a source longer than this is not one.
const MAX_PASSPHRASE: u64 = 4096;

/// `--passphrase-file` / `--passphrase-fd` of one key.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PassphraseArgs {
    /// Read the passphrase from this file's first line (the file must be private: mode 0600)
    /// instead of asking on the terminal.
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase_fd")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the passphrase from this open file descriptor's first line.
    #[arg(long, value_name = "N")]
    pub passphrase_fd: Option<u32>,
}

/// Where to read one passphrase from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    File(&'a Path),
    Fd(u32),
    Terminal,
}

impl PassphraseArgs {
    pub fn source(&self) -> Source<'_> {
        source(self.passphrase_file.as_deref(), self.passphrase_fd)
    }
}

pub fn source(file: Option<&Path>, fd: Option<u32>) -> Source<'_> {
    match (file, fd) {
        (Some(f), _) => Source::File(f),
        (None, Some(n)) => Source::Fd(n),
        (None, None) => Source::Terminal,
    }
}

/// Read the passphrase of an existing key; `what` names the key in the prompt.
pub fn read(source: Source<'_>, what: &str) -> Result<Passphrase, CliError> {
    match source {
        Source::File(path) => from_file(path),
        Source::Fd(n) => from_fd(n),
        Source::Terminal => prompt(&format!("passphrase for {what}: ")),
    }
}

/// A passphrase for a new key: on the terminal it is asked twice and must match.
pub fn read_new(source: Source<'_>, what: &str) -> Result<Passphrase, CliError> {
    let first = match source {
        Source::Terminal => {
            let first = prompt(&format!("new passphrase for {what}: "))?;
            let again = prompt("repeat it: ")?;
            if first.as_bytes() != again.as_bytes() {
                return Err(CliError::user(
                    "the two passphrases differ; nothing was written",
                ));
            }
            first
        }
        other => read(other, what)?,
    };
    first
        .check_new()
        .map_err(|e| CliError::input(format!("{e}; nothing was written")))?;
    Ok(first)
}

fn prompt(text: &str) -> Result<Passphrase, CliError> {
    use std::io::IsTerminal;
    // Only a person at a terminal is asked; a script with its input redirected is told how to
    // give the passphrase instead of waiting on the controlling terminal.
    if !std::io::stdin().is_terminal() {
        return Err(CliError::input("no terminal to ask the passphrase on")
            .with_hint("pass --passphrase-file FILE or --passphrase-fd N"));
    }
    rpassword::prompt_password(text)
        .map(Passphrase::new)
        .map_err(|_| {
            CliError::input("no terminal to ask the passphrase on")
                .with_hint("pass --passphrase-file FILE or --passphrase-fd N")
        })
}

fn from_file(path: &Path) -> Result<Passphrase, CliError> {
    let shown = path.display();
    let file = std::fs::File::open(path)
        .map_err(|e| CliError::input(format!("{shown}: cannot read the passphrase file ({e})")))?;
    let meta = file
        .metadata()
        .map_err(|e| CliError::input(format!("{shown}: cannot read the passphrase file ({e})")))?;
    if meta.is_file() && meta.mode() & 0o077 != 0 {
        return Err(CliError::user(format!(
            "{shown}: the passphrase file is readable by others (chmod 600 it)"
        )));
    }
    first_line(file, &shown.to_string())
}

fn from_fd(n: u32) -> Result<Passphrase, CliError> {
    let path = PathBuf::from(format!("/dev/fd/{n}"));
    let file = std::fs::File::open(&path)
        .map_err(|e| CliError::input(format!("file descriptor {n}: cannot read ({e})")))?;
    first_line(file, &format!("file descriptor {n}"))
}

fn first_line(file: std::fs::File, shown: &str) -> Result<Passphrase, CliError> {
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    file.take(MAX_PASSPHRASE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::input(format!("{shown}: cannot read the passphrase ({e})")))?;
    if bytes.len() as u64 > MAX_PASSPHRASE {
        return Err(CliError::input(format!(
            "{shown}: too long for a passphrase"
        )));
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::input(format!("{shown}: the passphrase is not UTF-8 text")))?;
    let line = text.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.is_empty() {
        return Err(CliError::input(format!("{shown}: the passphrase is empty")));
    }
    Ok(Passphrase::new(line.to_string()))
}
