//! `hattama keys new|protect|export`: each person's own signing key, protected by a passphrase.

use std::path::{Path, PathBuf};

use super::court::RoleArg;
use super::passphrase::{self, PassphraseArgs};
use super::{CliError, emit};
use pki::CertRole;
use store::keys::{self, Protected, default_keys_dir};

#[derive(Debug, clap::Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Make a new key (ECDSA P-256), protected by a passphrase, and its public key for the court.
    New(NewArgs),
    /// Encrypt a plain key file (an old Hattama key or an unencrypted PEM) under a passphrase.
    Protect(ProtectArgs),
    /// Print the public key of a protected key, for `hattama court issue --pubkey`.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Whose key: the presiding judge's, the secretary's, the court archive's or a courtroom
    /// PC's (names the file only; the role that counts is the one the court writes in the
    /// certificate).
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The keys directory [default: $XDG_CONFIG_HOME/hattama/keys or ~/.config/hattama/keys].
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, clap::Args)]
pub struct ProtectArgs {
    /// The plain key file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the protected key [default: FILE with `.protected.key`].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The protected key file.
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Write to this new file instead of printing.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

pub fn run(args: &KeysArgs) -> Result<(), CliError> {
    match &args.command {
        KeysCommand::New(a) => new(a),
        KeysCommand::Protect(a) => protect(a),
        KeysCommand::Export(a) => export(a),
    }
}

pub(crate) fn keys_dir(given: Option<&Path>) -> Result<PathBuf, CliError> {
    given
        .map(Path::to_path_buf)
        .or_else(default_keys_dir)
        .ok_or_else(|| {
            CliError::input("no keys directory: HOME is not set").with_hint("pass --keys DIR")
        })
}

fn new(args: &NewArgs) -> Result<(), CliError> {
    let dir = keys_dir(args.keys.as_deref())?;
    let role = CertRole::from(args.role);
    let pass = passphrase::read_new(args.passphrase.source(), &format!("the new {role} key"))?;
    let made = keys::generate(&dir, role, &pass)?;
    let (holder, who) = if role.is_person() {
        (
            "--name \"FULL NAME\" --iin IIN",
            "give the public key to the court's IT officer, who runs",
        )
    } else if role == CertRole::Archive {
        // The archive's certificate must name the host the courtroom PCs connect to (TLS).
        (
            "--name HOST --dns HOST",
            "the court's IT officer certifies it:",
        )
    } else {
        ("--name COURTROOM", "the court's IT officer certifies it:")
    };
    let unattended = match role {
        CertRole::Judge | CertRole::Secretary => "; keep it yours",
        CertRole::Archive => {
            ";\n             the server opens it unattended with `hattama archive serve --key-password-file FILE`"
        }
        CertRole::Workstation => {
            ";\n             the courtroom PC opens it unattended with `key_password_file` under [archive]"
        }
    };
    emit(&format!(
        "private key: {} (protected by the passphrase, mode 0600{unattended})\n\
         public key:  {}\n\
         next:        {who}\n\
         \x20            hattama court issue --role {role} {holder} --pubkey {} --valid-from DATE --valid-to DATE --out {}\n\
         \x20            and put the certificate there, beside the key\n\
         check it:    openssl pkey -in {} -noout (asks the passphrase)\n",
        made.key.display(),
        made.public_key.display(),
        made.public_key.display(),
        made.certificate.display(),
        made.key.display(),
    ))
}

fn protect(args: &ProtectArgs) -> Result<(), CliError> {
    let out = args.out.clone().unwrap_or_else(|| {
        let stem = args
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "key".into());
        args.file.with_file_name(format!("{stem}.protected.key"))
    });
    if out.symlink_metadata().is_ok() {
        return Err(CliError::user(format!(
            "{}: already exists; choose another name with --out",
            out.display()
        )));
    }
    let pass = passphrase::read_new(
        args.passphrase.source(),
        &format!("the key {}", args.file.display()),
    )?;
    let kind = keys::protect(&args.file, &out, &pass)?;
    let mut text = format!(
        "protected key: {} (PBES2 with scrypt; `openssl pkey -in {} -noout` opens it)\n\
         the plain file {} still holds the key unprotected: destroy it (shred -u {})\n",
        out.display(),
        out.display(),
        args.file.display(),
        args.file.display(),
    );
    if kind == Protected::OldEd25519 {
        text.push_str(
            "note: this is an old Ed25519 key; it is kept protected, but seals and signed documents \
             need a P-256 key with a court certificate: make one with `hattama keys new`\n",
        );
    }
    emit(&text)
}

fn export(args: &ExportArgs) -> Result<(), CliError> {
    keys::check_protected(&args.key)?;
    let pass = passphrase::read(
        args.passphrase.source(),
        &format!("the key {}", args.key.display()),
    )?;
    let key = keys::load_key(&args.key, &pass)?;
    let pem = key
        .public_key_pem()
        .map_err(|e| CliError::user(format!("{}: {e}", args.key.display())))?;
    match &args.out {
        None => emit(&pem),
        Some(out) => {
            store::publish_new_file(out, pem.as_bytes())
                .map_err(|e| CliError::user(format!("{}: {e}", out.display())))?;
            emit(&format!("{}: public key written\n", out.display()))
        }
    }
}
