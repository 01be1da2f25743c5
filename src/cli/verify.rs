//! `hattama verify FILE [--json] [--pubkey FILE...]`: check a journal or an excerpt.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CliError, emit, resolve_journal};
use journal::{FaultCode, PublicKeyRecord, Report, VerifyOptions};
use store::keys;
use store::verify_file;

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The journal or excerpt to check: a path, or a file name in the data directory. Several
    /// journals and excerpts are checked as many at a time as there are cores.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Print a machine-readable report (docs/journal-format.md §9).
    #[arg(long)]
    pub json: bool,
    /// Public keys the signers must match (from `hattama keys export`); repeatable.
    #[arg(long = "pubkey", value_name = "FILE")]
    pub pubkeys: Vec<PathBuf>,
    /// For a PDF ruling or protocol: the journal it must be bound to (both ways).
    #[arg(long, value_name = "FILE")]
    pub protocol: Option<PathBuf>,
    /// The data directory [default: $XDG_DATA_HOME/hattama or ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    #[command(flatten)]
    pub receipts: super::receipts::ReceiptArgs,
}

pub fn run(args: &VerifyArgs) -> Result<(), CliError> {
    let mut trusted: Vec<PublicKeyRecord> = Vec::new();
    for file in &args.pubkeys {
        trusted.extend(keys::read_public_keys(file)?);
    }
    let opts = VerifyOptions {
        trusted: (!args.pubkeys.is_empty()).then_some(trusted.as_slice()),
        ..VerifyOptions::default()
    };
    let paths: Vec<PathBuf> = args
        .files
        .iter()
        .map(|f| resolve_journal(f, args.data.as_deref()))
        .collect();
    match paths.as_slice() {
        [path] => run_one(args, path, opts),
        _ if args.receipts.receipts.is_some() => {
            // Each journal with its own receipts, one after another; the worst exit code.
            let mut worst: Option<CliError> = None;
            for path in &paths {
                if let Err(e) = run_one(args, path, opts) {
                    eprintln!("{e}");
                    if worst
                        .as_ref()
                        .is_none_or(|w| e.kind.exit_code() > w.kind.exit_code())
                    {
                        worst = Some(e);
                    }
                }
            }
            match worst {
                None => Ok(()),
                Some(w) => Err(CliError::new(
                    w.kind,
                    format!("{} journals checked; not all hold", paths.len()),
                )),
            }
        }
        _ => run_many(args, &paths, opts),
    }
}

/// Several journals and excerpts: a report for each, in the order given; then one line saying
/// how many failed. The exit code is the worst of them (3 if any is not intact).
fn run_many(args: &VerifyArgs, paths: &[PathBuf], opts: VerifyOptions<'_>) -> Result<(), CliError> {
    if args.protocol.is_some() || paths.iter().any(|p| super::verify_pdf::is_pdf(p)) {
        return Err(CliError::input(
            "PDF documents are checked one at a time (hattama verify DOCUMENT.pdf --protocol FILE)",
        ));
    }
    let results = store::verify_files(paths, opts);
    let mut json = Vec::new();
    let mut text = String::new();
    let (mut broken, mut unreadable) = (0, 0);
    for (path, result) in paths.iter().zip(results) {
        match result {
            Ok(report) => {
                if let Some(fault) = &report.fault {
                    broken += 1;
                    eprintln!("error: {}: {fault}", path.display());
                }
                if args.json {
                    json.push(JsonReport::new(path, &report));
                } else {
                    text.push_str(&human(path, &report));
                }
            }
            Err(e) => {
                unreadable += 1;
                eprintln!("{}", CliError::from(e));
            }
        }
    }
    if args.json {
        let out = serde_json::to_string_pretty(&json)
            .map_err(|e| CliError::user(format!("cannot write the report ({e})")))?;
        emit(&format!("{out}\n"))?;
    } else {
        emit(&text)?;
    }
    let summary = format!(
        "{} of {} files not intact, {unreadable} unreadable",
        broken,
        paths.len()
    );
    match (broken, unreadable) {
        (0, 0) => Ok(()),
        (0, _) => Err(CliError::input(summary)),
        _ => Err(CliError::integrity(summary)),
    }
}

fn run_one(args: &VerifyArgs, path: &Path, opts: VerifyOptions<'_>) -> Result<(), CliError> {
    let path = path.to_path_buf();
    if super::verify_pdf::is_pdf(&path) {
        let protocol = args
            .protocol
            .as_deref()
            .map(|p| resolve_journal(p, args.data.as_deref()));
        return super::verify_pdf::run(&path, protocol.as_deref(), opts, args.json);
    }
    if args.protocol.is_some() {
        return Err(CliError::input(format!(
            "{}: --protocol applies to a PDF document; this is a journal or an excerpt",
            path.display()
        )));
    }
    let report = verify_file(&path, opts)?;
    let receipts = match &args.receipts.receipts {
        Some(_) if report.excerpt.is_some() => {
            return Err(CliError::input(format!(
                "{}: --receipts applies to a journal; this is an excerpt",
                path.display()
            )));
        }
        Some(_) => Some(super::receipts::check(&path, &args.receipts)?),
        None => None,
    };
    let receipts_hold = receipts.as_ref().is_none_or(|r| r.json.holds);
    if args.json {
        let mut json = JsonReport::new(&path, &report);
        json.receipts = receipts.map(|r| r.json);
        let text = serde_json::to_string_pretty(&json)
            .map_err(|e| CliError::user(format!("cannot write the report ({e})")))?;
        emit(&format!("{text}\n"))?;
    } else {
        let mut text = human(&path, &report);
        if let Some(r) = &receipts {
            text.push_str(&r.text);
        }
        emit(&text)?;
    }
    match &report.fault {
        None if !receipts_hold => Err(CliError::integrity(format!(
            "{}: the journal does not match the archive's receipts",
            path.display()
        ))
        .with_hint("a journal changed after the archive received it cannot be made to match: compare it with `hattama archive fetch`")),
        None => Ok(()),
        Some(fault) => {
            let err = CliError::integrity(format!("{}: {fault}", path.display()));
            Err(match fault.code {
                FaultCode::TornTail => err.with_hint(format!(
                    "a write was cut short by a crash; `hattama repair {}` removes the torn line and records it",
                    path.display()
                )),
                FaultCode::UnsealedAfterSeal => {
                    err.with_hint("the judge and the secretary must seal the journal again")
                }
                _ => err,
            })
        }
    }
}

/// The `--json` report; field names and meanings are part of the documented contract.
#[derive(Serialize)]
struct JsonReport {
    report: &'static str,
    file: String,
    kind: &'static str,
    intact: bool,
    entries: u64,
    head: Option<String>,
    head_time: Option<String>,
    sealed: bool,
    seals_total: u64,
    seals: Vec<JsonSeal>,
    signers_authenticated: bool,
    excerpt: Option<JsonExcerpt>,
    fault: Option<JsonFault>,
    /// Only with `--receipts` (docs/archive.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    receipts: Option<super::receipts::JsonReceipts>,
}

#[derive(Serialize)]
struct JsonSeal {
    seq: u64,
    time: String,
    count: u64,
    head: String,
    signers: Vec<JsonSigner>,
}

#[derive(Serialize)]
struct JsonSigner {
    role: &'static str,
    name: String,
    algorithm: String,
    public_key: String,
    authenticated: bool,
}

#[derive(Serialize)]
struct JsonExcerpt {
    journal: String,
    selected: Vec<u64>,
}

#[derive(Serialize)]
struct JsonFault {
    code: &'static str,
    seq: Option<u64>,
    line: Option<u64>,
    field: Option<String>,
    message: String,
}

impl JsonReport {
    fn new(path: &Path, r: &Report) -> JsonReport {
        JsonReport {
            report: "hattama-verify/1",
            file: path.display().to_string(),
            kind: if r.excerpt.is_some() {
                "excerpt"
            } else {
                "journal"
            },
            intact: r.intact(),
            entries: r.entries,
            head: r.head.map(|h| h.to_hex()),
            head_time: r.head_time.map(|t| rfc3339(&t)),
            sealed: r.sealed,
            seals_total: r.seals_total,
            seals: r
                .seals
                .iter()
                .map(|s| JsonSeal {
                    seq: s.seq,
                    time: rfc3339(&s.time),
                    count: s.count,
                    head: s.head.to_hex(),
                    signers: s
                        .signers
                        .iter()
                        .map(|g| JsonSigner {
                            role: g.role.as_str(),
                            name: g.name.clone(),
                            algorithm: g.algorithm.clone(),
                            public_key: g.public_key.clone(),
                            authenticated: g.authenticated,
                        })
                        .collect(),
                })
                .collect(),
            signers_authenticated: r.trusted_keys && r.seals_total > 0,
            excerpt: r.excerpt.as_ref().map(|x| JsonExcerpt {
                journal: x.journal.clone(),
                selected: x.selected.clone(),
            }),
            fault: r.fault.as_ref().map(|f| JsonFault {
                code: f.code.as_str(),
                seq: f.seq,
                line: f.line,
                field: f.field.clone(),
                message: f.to_string(),
            }),
            receipts: None,
        }
    }
}

fn human(path: &Path, r: &Report) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let rfc = |t: journal::Time| rfc3339(&t);
    let what = if r.excerpt.is_some() {
        "excerpt"
    } else {
        "journal"
    };
    let _ = writeln!(out, "{what}: {}", path.display());
    let _ = writeln!(
        out,
        "status: {}",
        if r.intact() { "INTACT" } else { "BROKEN" }
    );
    if let Some(x) = &r.excerpt {
        let seqs: Vec<String> = x.selected.iter().map(u64::to_string).collect();
        let _ = writeln!(
            out,
            "excerpt of: {} (entries {} in full)",
            x.journal,
            seqs.join(", ")
        );
    }
    let verified = if r.intact() {
        ""
    } else {
        " verified before the fault"
    };
    let _ = writeln!(out, "entries: {}{verified}", r.entries);
    if let (Some(head), Some(time)) = (r.head, r.head_time) {
        let _ = writeln!(out, "head: {head} (seq {}, {})", r.entries, rfc(time));
    }
    let sealed = match r.seals.last() {
        Some(s) if r.sealed => format!("yes, at seq {}", s.seq),
        Some(s) => format!("NO: entries follow the last seal (seq {})", s.seq),
        None => "no".to_string(),
    };
    let _ = writeln!(out, "sealed: {sealed}");
    for seal in &r.seals {
        let _ = writeln!(
            out,
            "seal at seq {} ({}): {} entries up to {}",
            seal.seq,
            rfc(seal.time),
            seal.count,
            seal.head
        );
        for s in &seal.signers {
            let key: String = s.public_key.chars().take(16).collect();
            let auth = if s.authenticated {
                "authenticated"
            } else {
                "unauthenticated"
            };
            let _ = writeln!(
                out,
                "  {}: {} ({} key {key}…, {auth})",
                s.role.as_str(),
                s.name,
                s.algorithm
            );
        }
    }
    if r.seals_total > r.seals.len() as u64 {
        let _ = writeln!(
            out,
            "… and {} more seals",
            r.seals_total - r.seals.len() as u64
        );
    }
    if r.seals_total > 0 && !r.trusted_keys {
        let _ = writeln!(
            out,
            "signers: UNAUTHENTICATED (signatures were checked against the keys inside the seal; pass --pubkey to check who signed)"
        );
    }
    out
}

/// A time in a report: RFC 3339 as the journal holds it, fractions of a second only if any.
fn rfc3339(t: &journal::Time) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
