//! `hattama court init|issue|revoke|crl`: the court's signing authority, kept by the court's IT
//! officer on a machine of their own (its key never needs to be on a courtroom PC).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeDelta, Timelike};
use pki::{CertRole, CourtName, IssueRequest, Revocation, RevocationReason};
use store::authority::AuthorityDir;
use store::keys;

use super::passphrase::{self, PassphraseArgs};
use super::{CliError, emit};

#[derive(Debug, clap::Args)]
pub struct CourtArgs {
    #[command(subcommand)]
    pub command: CourtCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum CourtCommand {
    /// Make the court's authority: a key and a self-signed CA certificate naming the court.
    Init(InitArgs),
    /// Issue a certificate to a judge, a secretary, the archive or a workstation.
    Issue(IssueArgs),
    /// Revoke a certificate and publish the new revocation list.
    Revoke(RevokeArgs),
    /// Publish a fresh revocation list (the same revocations, a later next update).
    Crl(CrlArgs),
}

#[derive(Debug, clap::Args)]
pub struct DirArg {
    /// The authority's folder (court-ca.key, court-ca.pem, court-ca.crl, issued/).
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub dir: DirArg,
    /// The court's name in Kazakh.
    #[arg(long, value_name = "TEXT")]
    pub name_kk: String,
    /// The court's name in Russian.
    #[arg(long, value_name = "TEXT")]
    pub name_ru: String,
    /// The court's BIN (12 digits), if known.
    #[arg(long, value_name = "BIN")]
    pub bin: Option<String>,
    /// Years the authority's certificate is valid.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=30))]
    pub years: u16,
    /// Days until the first revocation list must be replaced.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub crl_days: u16,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Judge,
    Secretary,
    Archive,
    Workstation,
}

impl From<RoleArg> for CertRole {
    fn from(r: RoleArg) -> CertRole {
        match r {
            RoleArg::Judge => CertRole::Judge,
            RoleArg::Secretary => CertRole::Secretary,
            RoleArg::Archive => CertRole::Archive,
            RoleArg::Workstation => CertRole::Workstation,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct IssueArgs {
    #[command(flatten)]
    pub dir: DirArg,
    /// The holder's role, written in the certificate.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The holder's full name (as the hearing names them), or a machine's name.
    #[arg(long, value_name = "TEXT")]
    pub name: String,
    /// The holder's IIN (12 digits), written as SERIALNUMBER=IIN….
    #[arg(long, value_name = "IIN")]
    pub iin: Option<String>,
    /// The holder's public key (PEM), as `hattama keys new` wrote it beside the key.
    #[arg(long, value_name = "FILE")]
    pub pubkey: PathBuf,
    /// First day of validity: YYYY-MM-DD (from 00:00 Kazakhstan time) or an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    pub valid_from: String,
    /// Last day of validity: YYYY-MM-DD (to 23:59:59 Kazakhstan time) or an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    pub valid_to: String,
    /// A host name the archive serves under (archive certificates only); repeatable.
    #[arg(long, value_name = "HOST")]
    pub dns: Vec<String>,
    /// Where to write the certificate (a new file; give it to the holder, beside their key).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReasonArg {
    Unspecified,
    KeyCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    PrivilegeWithdrawn,
}

impl From<ReasonArg> for RevocationReason {
    fn from(r: ReasonArg) -> RevocationReason {
        match r {
            ReasonArg::Unspecified => RevocationReason::Unspecified,
            ReasonArg::KeyCompromise => RevocationReason::KeyCompromise,
            ReasonArg::AffiliationChanged => RevocationReason::AffiliationChanged,
            ReasonArg::Superseded => RevocationReason::Superseded,
            ReasonArg::CessationOfOperation => RevocationReason::CessationOfOperation,
            ReasonArg::PrivilegeWithdrawn => RevocationReason::PrivilegeWithdrawn,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    pub dir: DirArg,
    /// The certificate to revoke (PEM).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "serial",
        conflicts_with = "serial"
    )]
    pub cert: Option<PathBuf>,
    /// Or its serial number (hex, as `openssl x509 -serial` prints it), from the register.
    #[arg(long, value_name = "HEX")]
    pub serial: Option<String>,
    /// Why.
    #[arg(long, value_enum)]
    pub reason: ReasonArg,
    /// From when it no longer counts [default: now]: YYYY-MM-DD or an RFC 3339 time, not in the
    /// future. Seals and signatures made before it stay authenticated.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Days until this revocation list must be replaced.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub crl_days: u16,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Debug, clap::Args)]
pub struct CrlArgs {
    #[command(flatten)]
    pub dir: DirArg,
    /// Days until this revocation list must be replaced.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub crl_days: u16,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

pub fn run(args: &CourtArgs) -> Result<(), CliError> {
    match &args.command {
        CourtCommand::Init(a) => init(a),
        CourtCommand::Issue(a) => issue(a),
        CourtCommand::Revoke(a) => revoke(a),
        CourtCommand::Crl(a) => crl(a),
    }
}

/// Kazakhstan's time (UTC+5 throughout the country since 2024).
fn kazakhstan() -> FixedOffset {
    journal::KAZAKHSTAN
}

/// `YYYY-MM-DD` (the start of that day, or its end with `end_of_day`) or RFC 3339.
pub(crate) fn parse_time(
    what: &str,
    text: &str,
    end_of_day: bool,
) -> Result<DateTime<FixedOffset>, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        CliError::input(format!(
            "{what}: `{text}` is not a date (YYYY-MM-DD) nor an RFC 3339 time"
        ))
    })?;
    let clock = if end_of_day {
        NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)
    } else {
        NaiveTime::MIN
    };
    date.and_time(clock)
        .and_local_timezone(kazakhstan())
        .single()
        .ok_or_else(|| CliError::input(format!("{what}: `{text}` is not a time that exists")))
}

/// Now, to the second (certificates and CRLs carry whole seconds).
fn now() -> DateTime<FixedOffset> {
    let now = chrono::Utc::now().with_timezone(&kazakhstan());
    now.with_nanosecond(0).unwrap_or(now)
}

fn pki_err(what: &Path, e: pki::PkiError) -> CliError {
    CliError::input(format!("{}: {e}", what.display()))
}

fn init(args: &InitArgs) -> Result<(), CliError> {
    let court = CourtName {
        kk: args.name_kk.trim().to_string(),
        ru: args.name_ru.trim().to_string(),
        bin: args.bin.clone(),
    };
    let pass = passphrase::read_new(args.passphrase.source(), "the court authority's key")?;
    let now = now();
    // From the start of today (Kazakhstan time), so that certificates issued today may be
    // valid from today, as `court issue --valid-from` dates go.
    let today = now
        .date_naive()
        .and_time(NaiveTime::MIN)
        .and_local_timezone(kazakhstan())
        .single()
        .unwrap_or(now);
    let until = now + TimeDelta::days(365 * i64::from(args.years));
    let next = now + TimeDelta::days(i64::from(args.crl_days));
    let (dir, authority) = AuthorityDir::init(&args.dir.dir, &court, today, until, next, &pass)?;
    let cert = authority.certificate();
    emit(&format!(
        "court authority: {}\n\
         certificate:     {} (serial {}, SHA-256 {}) — give it to every courtroom and to whoever checks the court's acts\n\
         key:             {} (protected; keep this folder off courtroom PCs)\n\
         revocation list: {} (publish it; renew it with `hattama court crl` before {})\n\
         check it:        openssl x509 -in {} -noout -subject -fingerprint -sha256\n",
        dir.dir.display(),
        dir.certificate_path().display(),
        cert.serial_hex(),
        hex(&cert.fingerprint()),
        dir.key_path().display(),
        dir.crl_path().display(),
        next.date_naive(),
        dir.certificate_path().display(),
    ))
}

fn issue(args: &IssueArgs) -> Result<(), CliError> {
    let dir = AuthorityDir::new(&args.dir.dir);
    let public_key_der = keys::read_public_key(&args.pubkey)?;
    let request = IssueRequest {
        role: args.role.into(),
        name: args.name.trim().to_string(),
        iin: args.iin.clone(),
        public_key_der,
        not_before: parse_time("--valid-from", &args.valid_from, false)?,
        not_after: parse_time("--valid-to", &args.valid_to, true)?,
        dns_names: args.dns.clone(),
    };
    if args.out.symlink_metadata().is_ok() {
        return Err(CliError::user(format!(
            "{}: already exists; choose another name",
            args.out.display()
        )));
    }
    // Check the request before asking for the passphrase: a typo costs no unlock.
    request
        .check()
        .map_err(|e| CliError::input(e.to_string()))?;
    dir.certificate()?;
    let pass = passphrase::read(args.passphrase.source(), "the court authority's key")?;
    let authority = dir.open(&pass)?;
    let cert = authority
        .issue(&request)
        .map_err(|e| pki_err(&args.pubkey, e))?;
    store::publish_new_file(&args.out, cert.to_pem().as_bytes())
        .map_err(|e| CliError::user(format!("{}: {e}", args.out.display())))?;
    let register = dir.record_issued(&cert)?;
    emit(&format!(
        "certificate: {} ({} {}, serial {}, valid {} to {})\n\
         register:    {}\n\
         check it:    openssl verify -CAfile {} {}\n",
        args.out.display(),
        request.role,
        request.name,
        cert.serial_hex(),
        rfc(cert.not_before()),
        rfc(cert.not_after()),
        register.display(),
        dir.certificate_path().display(),
        args.out.display(),
    ))
}

fn revoke(args: &RevokeArgs) -> Result<(), CliError> {
    let dir = AuthorityDir::new(&args.dir.dir);
    let ca = dir.certificate()?;
    let serial = match (&args.cert, &args.serial) {
        (Some(path), _) => {
            let cert = keys::read_certificate(path)?;
            if !cert.names_issuer(&ca) || cert.is_signed_by(&ca).is_err() {
                return Err(CliError::input(format!(
                    "{}: this authority did not issue that certificate",
                    path.display()
                )));
            }
            cert.serial().to_vec()
        }
        (None, Some(hex_serial)) => {
            let wanted = hex_serial.trim().to_ascii_lowercase().replace(':', "");
            let found = dir.issued()?.into_iter().find(|c| c.serial_hex() == wanted);
            found
                .ok_or_else(|| {
                    CliError::input(format!(
                        "no certificate with serial {hex_serial} in the register {}",
                        dir.dir.join("issued").display()
                    ))
                })?
                .serial()
                .to_vec()
        }
        (None, None) => {
            return Err(CliError::input(
                "name the certificate: --cert FILE or --serial HEX",
            ));
        }
    };
    let now = now();
    let at = match &args.at {
        Some(t) => parse_time("--at", t, false)?,
        None => now,
    };
    if at > now {
        return Err(CliError::input(
            "--at: a revocation cannot be dated in the future",
        ));
    }
    let pass = passphrase::read(args.passphrase.source(), "the court authority's key")?;
    let authority = dir.open(&pass)?;
    let reason: RevocationReason = args.reason.into();
    let crl = dir.next_crl(
        &authority,
        Some(Revocation {
            serial: serial.clone(),
            date: at,
            reason,
        }),
        now,
        now + TimeDelta::days(i64::from(args.crl_days)),
    )?;
    emit(&format!(
        "revoked:         serial {} from {} ({})\n\
         revocation list: {} (number {}, next update {}) — publish it to every courtroom and reader\n",
        hex(&serial),
        rfc(at),
        reason.as_str(),
        dir.crl_path().display(),
        crl.number().unwrap_or(0),
        crl.next_update().map(rfc).unwrap_or_default(),
    ))
}

fn crl(args: &CrlArgs) -> Result<(), CliError> {
    let dir = AuthorityDir::new(&args.dir.dir);
    dir.crl()?;
    let pass = passphrase::read(args.passphrase.source(), "the court authority's key")?;
    let authority = dir.open(&pass)?;
    let now = now();
    let crl = dir.next_crl(
        &authority,
        None,
        now,
        now + TimeDelta::days(i64::from(args.crl_days)),
    )?;
    emit(&format!(
        "revocation list: {} (number {}, {} revoked, next update {})\n\
         check it:        openssl crl -in {} -CAfile {} -noout\n",
        dir.crl_path().display(),
        crl.number().unwrap_or(0),
        crl.entries().len(),
        crl.next_update().map(rfc).unwrap_or_default(),
        dir.crl_path().display(),
        dir.certificate_path().display(),
    ))
}

fn rfc(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&kazakhstan())
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
