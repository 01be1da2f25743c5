//! `hattama verify FILE... [--json] [--trust CA.pem [--crl FILE]] [--pubkey FILE...]`: check
//! journals, excerpts and documents — the chain (faults: exit 3), and what the entries mean
//! (`court::validity`: warnings, exit 0). "Intact" is about the bytes; "authenticated" about
//! who signed, and only `--trust` (or, for old seals, `--pubkey`) can establish it.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::signers::TrustArgs;
use super::{CliError, Global, emit, load_catalog, resolve_journal};
use court::report::{Checked, Meaning};
use journal::{FaultCode, NameSource, PublicKeyRecord, Report, SignerInfo, VerifyOptions};
use store::keys;

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The journal or excerpt to check: a path, or a file name in the data directory. Several
    /// journals and excerpts are checked as many at a time as there are cores.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Print a machine-readable report (docs/journal-format.md §9).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Old seals (format 1) only: public keys the signers must match (`hattama-pubkey/1`
    /// files); repeatable.
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

fn warn(path: &Path, checked: &Checked) {
    for w in checked.warnings() {
        eprintln!(
            "warning: {}: {}",
            path.display(),
            w.replace(['\n', '\r'], " ")
        );
    }
}

pub fn run(args: &VerifyArgs, global: &Global) -> Result<(), CliError> {
    let mut trusted: Vec<PublicKeyRecord> = Vec::new();
    for file in &args.pubkeys {
        trusted.extend(keys::read_public_keys(file)?);
    }
    let trust = args.trust.load()?;
    let opts = VerifyOptions {
        trusted: (!args.pubkeys.is_empty()).then_some(trusted.as_slice()),
        trust: trust.as_ref(),
        ..VerifyOptions::default()
    };
    let paths: Vec<PathBuf> = args
        .files
        .iter()
        .map(|f| resolve_journal(f, args.data.as_deref()))
        .collect();
    // Every input is refused before anything is read if it is not a regular file.
    for path in &args.pubkeys {
        store::open_input(path).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    }
    let catalog = load_catalog(global)?;
    match paths.as_slice() {
        [path] => run_one(args, path, opts, &catalog),
        _ if args.receipts.receipts.is_some() => {
            // Each journal with its own receipts, one after another; the worst exit code.
            let mut worst: Option<CliError> = None;
            for path in &paths {
                if let Err(e) = run_one(args, path, opts, &catalog) {
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
        _ => run_many(args, &paths, opts, &catalog),
    }
}

/// Several journals and excerpts: a report for each, in the order given; then one line saying
/// how many failed. The exit code is the worst of them (3 if any is not intact).
fn run_many(
    args: &VerifyArgs,
    paths: &[PathBuf],
    opts: VerifyOptions<'_>,
    catalog: &law::Catalog,
) -> Result<(), CliError> {
    if args.protocol.is_some() || paths.iter().any(|p| super::verify_pdf::is_pdf(p)) {
        return Err(CliError::input(
            "PDF documents are checked one at a time (hattama verify DOCUMENT.pdf --protocol FILE)",
        ));
    }
    let results = store::verify_files_with(paths, opts, &|| Meaning::new(catalog));
    let mut json = Vec::new();
    let mut text = String::new();
    let (mut broken, mut unreadable, mut unauthenticated) = (0, 0, 0);
    for (path, result) in paths.iter().zip(results) {
        match result {
            Ok((report, meaning)) => {
                let checked = Checked::new(report, meaning);
                if let Some(fault) = &checked.report.fault {
                    broken += 1;
                    eprintln!("error: {}: {fault}", path.display());
                } else if opts.trust.is_some() && !checked.report.authenticated() {
                    unauthenticated += 1;
                    eprintln!(
                        "error: {}: not every signer is authenticated",
                        path.display()
                    );
                }
                warn(path, &checked);
                if args.json {
                    json.push(JsonReport::new(path, &checked));
                } else {
                    text.push_str(&human(path, &checked.report));
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
        "{} of {} files not intact, {unauthenticated} not authenticated, {unreadable} unreadable",
        broken,
        paths.len()
    );
    match (broken + unauthenticated, unreadable) {
        (0, 0) => Ok(()),
        (0, _) => Err(CliError::input(summary)),
        _ => Err(CliError::integrity(summary)),
    }
}

fn run_one(
    args: &VerifyArgs,
    path: &Path,
    opts: VerifyOptions<'_>,
    catalog: &law::Catalog,
) -> Result<(), CliError> {
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
    let checked = court::report::check_file(&path, opts, catalog)?;
    let receipts = match &args.receipts.receipts {
        Some(_) if checked.report.excerpt.is_some() => {
            return Err(CliError::input(format!(
                "{}: --receipts applies to a journal; this is an excerpt",
                path.display()
            )));
        }
        Some(_) => Some(super::receipts::check(&path, &args.receipts, opts.trust)?),
        None => None,
    };
    let receipts_hold = receipts.as_ref().is_none_or(|r| r.json.holds);
    if args.json {
        let mut json = JsonReport::new(&path, &checked);
        json.receipts = receipts.map(|r| r.json);
        let text = serde_json::to_string_pretty(&json)
            .map_err(|e| CliError::user(format!("cannot write the report ({e})")))?;
        emit(&format!("{text}\n"))?;
    } else {
        let mut text = human(&path, &checked.report);
        if let Some(r) = &receipts {
            text.push_str(&r.text);
        }
        emit(&text)?;
    }
    warn(&path, &checked);
    let report = &checked.report;
    match &report.fault {
        None if !receipts_hold => Err(CliError::integrity(format!(
            "{}: the journal does not match the archive's receipts",
            path.display()
        ))
        .with_hint("a journal changed after the archive received it cannot be made to match: compare it with `hattama archive fetch`")),
        None if opts.trust.is_some() && !report.authenticated() => {
            Err(CliError::integrity(format!(
                "{}: intact, but not every signer is authenticated by the trusted authority",
                path.display()
            )))
        }
        None => Ok(()),
        Some(fault) => {
            let err = CliError::integrity(format!("{}: {fault}", path.display()));
            Err(match fault.code {
                FaultCode::TornTail => err.with_hint(format!(
                    "a write was cut short by a crash; `hattama repair {}` removes the torn line and records it",
                    path.display()
                )),
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
    trust_given: bool,
    excerpt: Option<JsonExcerpt>,
    fault: Option<JsonFault>,
    /// Entries after the latest seal, not sealed yet.
    unsealed_entries: u64,
    warnings: Vec<JsonWarning>,
    /// Only with `--receipts` (docs/archive.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    receipts: Option<super::receipts::JsonReceipts>,
}

#[derive(Serialize)]
struct JsonWarning {
    code: &'static str,
    seq: Option<u64>,
    field: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct JsonSeal {
    seq: u64,
    version: u8,
    time: String,
    count: u64,
    head: String,
    signers: Vec<JsonSigner>,
}

#[derive(Serialize)]
pub(crate) struct JsonSigner {
    role: &'static str,
    name: String,
    /// `certificate`, `key_list` or `unsigned` (an old seal's name, a claim only).
    name_source: &'static str,
    algorithm: String,
    public_key: String,
    authenticated: bool,
    /// `unauthenticated`, `authenticated`, `untrusted`, `wrong_role`, `revoked`, `expired`,
    /// `not_yet_valid`, `key_listed`, `key_without_certificate`.
    status: &'static str,
    status_detail: String,
    certificate: Option<JsonCertificate>,
}

#[derive(Serialize)]
pub(crate) struct JsonCertificate {
    serial: String,
    sha256: String,
    subject_name: Option<String>,
    iin: Option<String>,
    role: Option<String>,
    issuer: Option<String>,
    not_before: String,
    not_after: String,
}

impl JsonCertificate {
    pub(crate) fn new(c: &pki::Certificate) -> JsonCertificate {
        let rfc = |t: chrono::DateTime<chrono::FixedOffset>| {
            t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        };
        JsonCertificate {
            serial: c.serial_hex(),
            sha256: super::court::hex(&c.fingerprint()),
            subject_name: c.holder().common_name.clone(),
            iin: c.holder().iin.clone(),
            role: c.holder().title.clone(),
            issuer: c.issuer().common_name.clone(),
            not_before: rfc(c.not_before()),
            not_after: rfc(c.not_after()),
        }
    }
}

impl JsonSigner {
    fn new(g: &SignerInfo) -> JsonSigner {
        JsonSigner {
            role: g.role.as_str(),
            name: g.name.clone(),
            name_source: match g.name_source {
                NameSource::Certificate => "certificate",
                NameSource::KeyList => "key_list",
                NameSource::Unsigned => "unsigned",
            },
            algorithm: g.algorithm.clone(),
            public_key: g.public_key.clone(),
            authenticated: g.status.authenticated(),
            status: g.status.code(),
            status_detail: g.status.describe(),
            certificate: g.certificate.as_ref().map(JsonCertificate::new),
        }
    }
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
    entry_index: Option<u32>,
    field: Option<String>,
    message: String,
}

impl JsonReport {
    fn new(path: &Path, checked: &Checked) -> JsonReport {
        let r = &checked.report;
        let chain = r.warnings.iter().map(|w| JsonWarning {
            code: w.code.as_str(),
            seq: w.seq,
            field: None,
            message: w.message.clone(),
        });
        let meaning = checked.problems.iter().map(|p| JsonWarning {
            code: p.rule.as_str(),
            seq: Some(p.seq),
            field: Some(p.field.clone()),
            message: p.to_string(),
        });
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
                    version: s.version,
                    time: rfc3339(&s.time),
                    count: s.count,
                    head: s.head.to_hex(),
                    signers: s.signers.iter().map(JsonSigner::new).collect(),
                })
                .collect(),
            signers_authenticated: r.seals_total > 0 && r.all_authenticated,
            trust_given: r.trust_given,
            excerpt: r.excerpt.as_ref().map(|x| JsonExcerpt {
                journal: x.journal.clone(),
                selected: x.selected.clone(),
            }),
            fault: r.fault.as_ref().map(|f| JsonFault {
                code: f.code.as_str(),
                seq: f.seq,
                line: f.line,
                entry_index: f.entry_index,
                field: f.field.clone(),
                message: f.to_string(),
            }),
            unsealed_entries: r.unsealed_after_seal,
            warnings: chain.chain(meaning).collect(),
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
    let n = r.unsealed_after_seal;
    let sealed = match r.seals.last() {
        Some(s) if r.sealed => format!("yes, at seq {}", s.seq),
        Some(_) => format!(
            "NO: {n} {} after the last seal (seq {}), not yet sealed",
            if n == 1 { "entry" } else { "entries" },
            r.entries - n
        ),
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
            out.push_str(&signer_line(s));
        }
    }
    if r.seals_total > r.seals.len() as u64 {
        let _ = writeln!(
            out,
            "… and {} more seals",
            r.seals_total - r.seals.len() as u64
        );
    }
    if r.seals_total > 0 {
        out.push_str(&signers_summary(r));
    }
    out
}

/// A time in a report: RFC 3339 as the journal holds it, fractions of a second only if any.
fn rfc3339(t: &journal::Time) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// One signer of a seal, for people: the name and where it comes from, and the status.
pub(crate) fn signer_line(s: &SignerInfo) -> String {
    let who = match (s.name_source, &s.certificate) {
        (NameSource::Certificate, Some(c)) => format!(
            "{} (certificate {}, issued by {})",
            s.name,
            c.serial_hex(),
            c.issuer().common_name.as_deref().unwrap_or("?")
        ),
        (NameSource::KeyList, _) => format!("{} (key {}…)", s.name, short(&s.public_key)),
        _ => format!(
            "name in the seal, not signed: \"{}\" ({} key {}…)",
            s.name,
            s.algorithm,
            short(&s.public_key)
        ),
    };
    format!("  {}: {who} — {}\n", s.role.as_str(), s.status.describe())
}

fn short(key: &str) -> String {
    key.chars().take(16).collect()
}

/// The closing line about signers: what was and was not proven.
fn signers_summary(r: &Report) -> String {
    if r.trust_given || r.trusted_keys {
        if r.all_authenticated {
            "signers: AUTHENTICATED (every seal's signers check out against the trusted authority or keys)\n".into()
        } else {
            "signers: NOT AUTHENTICATED (see each signer's status above; the bytes may be intact, but who signed is not proven)\n".into()
        }
    } else {
        "signers: UNAUTHENTICATED (signatures were checked against the certificates or keys inside the seals, which anyone can make; pass --trust COURT-CA.pem [--crl COURT-CA.crl] to check who signed)\n".into()
    }
}
