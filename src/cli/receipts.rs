//! `hattama verify FILE --receipts DIR|FILE`: the journal against the archive's receipts,
//! offline. Every receipt must be signed by the archive's certificate (checked against the
//! court authority and its CRL when given), be included in a signed checkpoint of the
//! archive's log, and name a head the journal holds; the checkpoints must be proven consistent
//! with one another. A journal rewritten after a receipt fails here even when it was sealed
//! again with the officials' real keys.

use std::path::{Path, PathBuf};

use ledger::audit::{Audit, Trust, audit, journal_heads, receipt_seqs};
use ledger::certified;
use pki::Crl;
use serde::Serialize;

use super::CliError;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReceiptArgs {
    /// Check the journal against the archive's receipts: a receipts file, or a folder holding
    /// `<journal>.receipts` (as `hattama archive fetch` writes; the courtroom keeps them beside
    /// the journal).
    #[arg(long, value_name = "DIR|FILE")]
    pub receipts: Option<PathBuf>,
    /// The archive's certificate [default: archive.pem beside the receipts].
    #[arg(long, value_name = "PEM", requires = "receipts")]
    pub archive_cert: Option<PathBuf>,
    /// A witness's certificate: report whether it cosigned the archive's latest checkpoint.
    #[arg(long = "witness", value_name = "PEM", requires = "receipts")]
    pub witnesses: Vec<PathBuf>,
}

/// The receipts part of a `--json` report.
#[derive(Debug, Serialize)]
pub struct JsonReceipts {
    pub file: String,
    pub holds: bool,
    pub archive_authenticated: bool,
    pub receipts: Vec<JsonReceipt>,
    pub latest_checkpoint: Option<u64>,
    pub unproven_checkpoints: Vec<u64>,
    pub cosigned_by: Vec<String>,
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonReceipt {
    pub seq: u64,
    pub head: String,
    pub time: String,
    pub log_index: u64,
    pub checkpoint: u64,
    pub problem: Option<String>,
}

/// The outcome: a text for people, the JSON part, and whether everything held.
pub struct Checked {
    pub text: String,
    pub json: JsonReceipts,
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path)
        .map_err(|e| CliError::input(format!("{what} {}: cannot read ({e})", path.display())))
}

fn beside(folder: &Path, given: &Option<PathBuf>, name: &str) -> Option<PathBuf> {
    given
        .clone()
        .or_else(|| Some(folder.join(name)).filter(|p| p.is_file()))
}

/// Check `journal` against the receipts `args` name. The archive's certificate is judged by
/// `trust` — verify's `--trust`/`--crl`, the same court authority that certifies the officials —
/// or, without it, by ca.pem and crl.pem beside the receipts (as `hattama archive fetch`
/// writes them), else `[archive] ca` of config.toml.
pub fn check(
    journal: &Path,
    args: &ReceiptArgs,
    trust: Option<&pki::Trust>,
) -> Result<Checked, CliError> {
    let Some(given) = &args.receipts else {
        return Err(CliError::input("--receipts is required"));
    };
    let file = if given.is_dir() {
        let name = journal
            .file_name()
            .map(|n| PathBuf::from(n).with_extension("receipts"))
            .ok_or_else(|| CliError::input(format!("{}: not a file name", journal.display())))?;
        let file = given.join(name);
        if !file.is_file() {
            return Err(CliError::input(format!(
                "{} holds no receipts for {} (expected {})",
                given.display(),
                journal.display(),
                file.display()
            )));
        }
        file
    } else {
        given.clone()
    };
    let folder = file
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let text = String::from_utf8(read(&file, "--receipts")?)
        .map_err(|_| CliError::input(format!("{}: not UTF-8 text", file.display())))?;
    let records = ledger::parse_records(&text)
        .map_err(|e| CliError::input(format!("{}: {e}", file.display())))?;

    let cert_path = beside(&folder, &args.archive_cert, "archive.pem").ok_or_else(|| {
        CliError::input(format!(
            "no archive certificate: pass --archive-cert or put archive.pem in {}",
            folder.display()
        ))
    })?;
    let cert = certified::read_certificate(&read(&cert_path, "--archive-cert")?)
        .map_err(|e| CliError::input(format!("--archive-cert {}: {e}", cert_path.display())))?;
    // The signatures are checked with the certificate's key first; whether the certificate is
    // the court authority's archive certificate is reported below (only with --ca).
    let key = cert
        .verifying_key()
        .map_err(|e| CliError::input(format!("--archive-cert {}: {e}", cert_path.display())))?;
    let ca_path = beside(&folder, &None, "ca.pem").or_else(|| {
        super::tui::read_config()
            .ok()
            .and_then(|c| c.archive)
            .map(|a| a.ca)
    });
    let crl_path = beside(&folder, &None, "crl.pem");
    let mut witnesses = Vec::new();
    for w in &args.witnesses {
        let c = certified::read_certificate(&read(w, "--witness")?)
            .map_err(|e| CliError::input(format!("--witness {}: {e}", w.display())))?;
        witnesses.push(
            c.verifying_key()
                .map_err(|e| CliError::input(format!("--witness {}: {e}", w.display())))?,
        );
    }

    let input = std::fs::File::open(journal)
        .map_err(|e| CliError::input(format!("{}: cannot read ({e})", journal.display())))?;
    let heads = journal_heads(std::io::BufReader::new(input), &receipt_seqs(&records))
        .map_err(|e| CliError::input(format!("{}: cannot read ({e})", journal.display())))?;
    let mut result = audit(
        &heads,
        &records,
        &Trust {
            archive: &key,
            witnesses: &witnesses,
        },
    );

    let mut out = format!("receipts: {}\n", file.display());
    // Judged at the latest receipt's time: a revocation after it does not undo it.
    let at = result
        .receipts
        .iter()
        .map(|r| r.time.fixed_offset())
        .max()
        .unwrap_or_else(certified::now);
    let (trust, source) = match (trust, &ca_path) {
        (Some(t), _) => (Some(t.clone()), "--trust".to_string()),
        (None, Some(ca_path)) => {
            let roots = certified::read_certificates(&read(ca_path, "ca.pem")?)
                .map_err(|e| CliError::input(format!("{}: {e}", ca_path.display())))?;
            let crl = match &crl_path {
                Some(p) => Some(
                    Crl::from_bytes(&read(p, "crl.pem")?)
                        .map_err(|e| CliError::input(format!("{}: {e}", p.display())))?,
                ),
                None => None,
            };
            let trust = certified::trust(roots, crl)
                .map_err(|e| CliError::input(format!("{}: {e}", ca_path.display())))?;
            let source = match &crl_path {
                Some(p) => format!("{} and {}", ca_path.display(), p.display()),
                None => format!("{} (no CRL)", ca_path.display()),
            };
            (Some(trust), source)
        }
        (None, None) => (None, String::new()),
    };
    let authenticated = match &trust {
        Some(trust) => match certified::archive_key(trust, &cert, at) {
            Ok(_) => {
                let revocation = if trust.crls().is_empty() {
                    ", revocation not checked (no CRL)"
                } else {
                    ", not revoked"
                };
                out.push_str(&format!(
                    "  archive: certificate serial {} is the court authority's archive certificate ({source}){revocation}\n",
                    cert.serial_hex(),
                ));
                true
            }
            Err(why) => {
                result.problems.push(format!("{why} ({source})"));
                false
            }
        },
        None => {
            out.push_str(
                "  archive: certificate NOT checked against a court authority (pass --trust)\n",
            );
            false
        }
    };
    describe(&mut out, &result);
    let json = JsonReceipts {
        file: file.display().to_string(),
        holds: result.holds(),
        archive_authenticated: authenticated,
        receipts: result
            .receipts
            .iter()
            .map(|r| JsonReceipt {
                seq: r.seq,
                head: r.head.to_hex(),
                time: r.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                log_index: r.index,
                checkpoint: r.checkpoint,
                problem: r.problem.clone(),
            })
            .collect(),
        latest_checkpoint: result.latest,
        unproven_checkpoints: result.unproven.clone(),
        cosigned_by: result.cosigned.iter().map(|(n, _)| n.clone()).collect(),
        problems: result.problems.clone(),
    };
    Ok(Checked { text: out, json })
}

fn describe(out: &mut String, a: &Audit) {
    use std::fmt::Write as _;
    if a.receipts.is_empty() {
        let _ = writeln!(out, "  no receipt for this hearing");
    }
    for r in &a.receipts {
        let _ = writeln!(
            out,
            "  #{} {} (received {}, log index {}, checkpoint {}): {}",
            r.seq,
            &r.head.to_hex()[..16],
            r.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            r.index,
            r.checkpoint,
            r.problem
                .as_deref()
                .map_or_else(|| "ok".to_string(), |p| format!("FAIL: {p}"))
        );
    }
    if a.other_hearings > 0 {
        let _ = writeln!(
            out,
            "  {} receipts of other hearings ignored",
            a.other_hearings
        );
    }
    if let Some(latest) = a.latest {
        if a.unproven.is_empty() {
            let _ = writeln!(
                out,
                "  log: every checkpoint proven consistent with the latest (size {latest})"
            );
        } else {
            let sizes: Vec<String> = a.unproven.iter().map(u64::to_string).collect();
            let _ = writeln!(
                out,
                "  log: checkpoints of size {} NOT proven consistent with the latest (size {latest}): no proof held",
                sizes.join(", ")
            );
        }
    }
    for (name, time) in &a.cosigned {
        let at = chrono::DateTime::from_timestamp(*time as i64, 0)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  witness {name} cosigned the latest checkpoint at {at}"
        );
    }
    for p in &a.problems {
        let _ = writeln!(out, "  FAIL: {p}");
    }
    let _ = writeln!(
        out,
        "receipts status: {}",
        if a.holds() { "HOLD" } else { "FAIL" }
    );
}
