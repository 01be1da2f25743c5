//! The arguments that name who signs and whom to trust: each signer's key, certificate and
//! passphrase source, and the court authorities and revocation lists a check trusts.

use std::path::{Path, PathBuf};

use pki::{CertifiedKey, Trust};
use store::keys;

use super::CliError;
use super::passphrase::{self, source};

/// `--trust CA.pem [--crl FILE]`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TrustArgs {
    /// The court authority's certificate (PEM) that signers must chain to; repeatable.
    #[arg(long = "trust", value_name = "CA.pem")]
    pub trust: Vec<PathBuf>,
    /// A revocation list (PEM or DER) signed by a trusted authority; repeatable.
    #[arg(long = "crl", value_name = "FILE", requires = "trust")]
    pub crl: Vec<PathBuf>,
}

impl TrustArgs {
    /// The trust the arguments name, if any: every file read and checked (a "CA" that is not a
    /// certification authority, or a list it did not sign, is bad input).
    pub fn load(&self) -> Result<Option<Trust>, CliError> {
        if self.trust.is_empty() {
            return Ok(None);
        }
        let mut anchors = Vec::new();
        for path in &self.trust {
            let certs = keys::read_certificates(path)?;
            if let Some(bad) = certs.iter().find(|c| !c.is_ca()) {
                let _ = bad;
                return Err(CliError::input(format!(
                    "{}: not a certification authority's certificate (no CA basic constraint); --trust takes the court authority's certificate",
                    path.display()
                )));
            }
            anchors.extend(certs);
        }
        let mut crls = Vec::new();
        for path in &self.crl {
            let crl = keys::read_crl(path)?;
            if !anchors.iter().any(|a| crl.verify_signed_by(a).is_ok()) {
                return Err(CliError::input(format!(
                    "{}: the revocation list is not signed by the trusted authority",
                    path.display()
                )));
            }
            crls.push(crl);
        }
        Trust::new(anchors, crls)
            .map(Some)
            .map_err(|e| CliError::input(format!("--trust: {e}")))
    }

    /// The trust, required (sealing and signing refuse without it).
    pub fn require(&self, action: &str) -> Result<Trust, CliError> {
        self.load()?.ok_or_else(|| {
            CliError::input(format!(
                "{action} needs the court authority's certificate to check the signers' certificates"
            ))
            .with_hint("pass --trust COURT-CA.pem (and --crl COURT-CA.crl)")
        })
    }
}

/// The judge's key, certificate and passphrase.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct JudgeArgs {
    /// The judge's protected key file (from `hattama keys new`).
    #[arg(long, value_name = "FILE")]
    pub judge_key: Option<PathBuf>,
    /// The judge's certificate [default: beside the key, with the extension .crt].
    #[arg(long, value_name = "FILE", requires = "judge_key")]
    pub judge_cert: Option<PathBuf>,
    /// Read the judge's passphrase from this private file's first line.
    #[arg(long, value_name = "FILE", conflicts_with = "judge_passphrase_fd")]
    pub judge_passphrase_file: Option<PathBuf>,
    /// Read the judge's passphrase from this open file descriptor.
    #[arg(long, value_name = "N")]
    pub judge_passphrase_fd: Option<u32>,
}

/// The secretary's key, certificate and passphrase.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SecretaryArgs {
    /// The secretary's protected key file.
    #[arg(long, value_name = "FILE")]
    pub secretary_key: Option<PathBuf>,
    /// The secretary's certificate [default: beside the key, with the extension .crt].
    #[arg(long, value_name = "FILE", requires = "secretary_key")]
    pub secretary_cert: Option<PathBuf>,
    /// Read the secretary's passphrase from this private file's first line.
    #[arg(long, value_name = "FILE", conflicts_with = "secretary_passphrase_fd")]
    pub secretary_passphrase_file: Option<PathBuf>,
    /// Read the secretary's passphrase from this open file descriptor.
    #[arg(long, value_name = "N")]
    pub secretary_passphrase_fd: Option<u32>,
}

impl JudgeArgs {
    pub fn load(&self, trust: &Trust) -> Result<Option<CertifiedKey>, CliError> {
        load(
            "the judge",
            self.judge_key.as_deref(),
            self.judge_cert.as_deref(),
            source(
                self.judge_passphrase_file.as_deref(),
                self.judge_passphrase_fd,
            ),
            trust,
        )
    }
}

impl SecretaryArgs {
    pub fn load(&self, trust: &Trust) -> Result<Option<CertifiedKey>, CliError> {
        load(
            "the secretary",
            self.secretary_key.as_deref(),
            self.secretary_cert.as_deref(),
            source(
                self.secretary_passphrase_file.as_deref(),
                self.secretary_passphrase_fd,
            ),
            trust,
        )
    }
}

fn load(
    who: &str,
    key: Option<&Path>,
    cert: Option<&Path>,
    source: passphrase::Source<'_>,
    trust: &Trust,
) -> Result<Option<CertifiedKey>, CliError> {
    let Some(key) = key else {
        return Ok(None);
    };
    // A plain or shared key file is refused before its owner types a passphrase.
    keys::check_protected(key)?;
    let pass = passphrase::read(source, &format!("{who}'s key {}", key.display()))?;
    Ok(Some(keys::load_signer(key, cert, &pass, trust.anchors())?))
}
