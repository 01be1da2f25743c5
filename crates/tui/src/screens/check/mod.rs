//! The appellate check: open a protocol (journal), an excerpt or a document PDF and see at once
//! whether its bytes are intact — and if not, the first bad entry and why — and, separately,
//! whether its signers are authenticated by the court's certification authority (given as a
//! trust file and a revocation list, remembered). Each seal's and each PDF signature's signers
//! are listed with their status; the warnings the checks carry follow. It never says more than
//! was proven: intact bytes are not authenticated signers. Offline, read-only: nothing is
//! written but the remembered paths. A case can also be fetched from the court archive
//! (`archive`) and checked the same way, with the archive's receipts.

mod archive;

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::Ctx;
use crate::findings;
use crate::flow::{Action, Status};
use crate::settings::TrustFiles;
use crate::signers::{self, day, role_key, status_text};
use crate::widgets::form::{Field, Form, FormEvent, limit_text};
use crate::widgets::list;
use court::documents::binding::{DocumentCheck, MAX_PDF, check_document, is_pdf};
use court::documents::signature::PdfSigner;
use court::report::{Checked, check_file, document_authenticated};
use journal::{NameSource, Report, SignerInfo, SignerStatus, VerifyOptions};
use pki::Trust;

/// The check is one form: the form moves between its fields, Enter verifies, Esc goes back.
const KEYS: &[(&str, &str)] = &[
    ("Tab", "keys.next_field"),
    ("Enter", "keys.verify"),
    ("Esc", "keys.back"),
];

/// What a check established: the bytes, and the signers — two separate findings. Ordered
/// worst first: several files checked together (a fetched case) get the worst of theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    /// A fault in the bytes (or the file could not be checked).
    Broken,
    /// Bytes intact; a signer is untrusted, revoked, expired, or has no certificate.
    NotAuthenticated,
    /// Bytes intact; no trust given, so who signed is not established.
    Unauthenticated,
    /// Bytes intact and every signer authenticated by the trusted authority.
    Authenticated,
}

impl Verdict {
    fn title(self, ctx: &Ctx) -> String {
        match self {
            Verdict::Broken => format!("✗ {}", ctx.t("check.broken")),
            Verdict::Unauthenticated => format!(
                "✓ {} · ? {}",
                ctx.t("check.intact"),
                ctx.t("check.signers_unauthenticated")
            ),
            Verdict::NotAuthenticated => format!(
                "✓ {} · ✗ {}",
                ctx.t("check.intact"),
                ctx.t("check.signers_not_authenticated")
            ),
            Verdict::Authenticated => format!(
                "✓ {} · ✓ {}",
                ctx.t("check.intact"),
                ctx.t("check.signers_authenticated")
            ),
        }
    }

    fn status(self, ctx: &Ctx) -> Status {
        // The status bar marks the line itself (✓/✗): the title's first mark is not repeated.
        let title = self.title(ctx);
        let text = title
            .strip_prefix("✓ ")
            .or_else(|| title.strip_prefix("✗ "))
            .unwrap_or(&title)
            .to_string();
        match self {
            Verdict::Authenticated | Verdict::Unauthenticated => Status::ok(text),
            _ => Status::error(text),
        }
    }
}

pub struct Check {
    form: Form,
    result: Option<(Verdict, Vec<String>)>,
    /// A case being fetched from the archive.
    fetching: Option<archive::Pending>,
}

impl Check {
    pub fn new(ctx: &Ctx) -> Check {
        let trust = ctx.settings.trust();
        let shown =
            |p: Option<std::path::PathBuf>| p.map(|p| p.display().to_string()).unwrap_or_default();
        let mut fields = vec![
            Field::text("check.file", "").required(),
            Field::text("check.protocol", ""),
            Field::text("check.trust", &shown(trust.ca)),
            Field::text("check.crl", &shown(trust.crl)),
        ];
        // A case can be fetched only where an archive is set up; elsewhere the field would
        // only ever answer "no archive".
        if ctx.archive.is_some() {
            fields.push(Field::text("check.archive_case", ""));
        }
        Check {
            form: Form::new("check.form", fields),
            result: None,
            fetching: None,
        }
    }

    pub fn typing(&self) -> bool {
        self.form.typing()
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        KEYS.to_vec()
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        match self.form.on_key(key) {
            FormEvent::Cancel => Action::Back,
            FormEvent::Submit => {
                let file = self.form.opt("check.file");
                let case = self.form.opt("check.archive_case");
                let file = match (file, &case) {
                    (Some(_), Some(_)) => {
                        return Action::Status(Status::error(ctx.t("check.file_or_case")));
                    }
                    (Some(file), None) => file,
                    (None, Some(_)) => String::new(),
                    (None, None) => {
                        return Action::Status(Status::error(ctx.tf(
                            "form.required",
                            &[("field", ctx.t("check.file").to_string())],
                        )));
                    }
                };
                let protocol = self.form.opt("check.protocol").map(PathBuf::from);
                let files = TrustFiles {
                    ca: self.form.opt("check.trust").map(PathBuf::from),
                    crl: self.form.opt("check.crl").map(PathBuf::from),
                };
                let trust = match files.ca {
                    None if files.crl.is_some() => {
                        return Action::Status(Status::error(ctx.t("sign.trust_missing")));
                    }
                    None => None,
                    Some(_) => match signers::load_trust(ctx, &files) {
                        Ok(trust) => {
                            let _ = ctx.settings.remember_trust(&files);
                            Some(trust)
                        }
                        Err(e) => return Action::Status(Status::error(e)),
                    },
                };
                if let (Some(case), Some(archive)) = (case, ctx.archive.as_deref()) {
                    let pending = archive::Pending::start(ctx, archive, &case, trust);
                    let status = pending.waiting(ctx);
                    self.result = None;
                    self.fetching = Some(pending);
                    return Action::Status(Status::ok(status));
                }
                let (verdict, lines) =
                    check(ctx, Path::new(&file), protocol.as_deref(), trust.as_ref());
                self.fetching = None;
                self.result = Some((verdict, lines));
                Action::Status(verdict.status(ctx))
            }
            FormEvent::Full(max) => Action::Status(Status::error(limit_text(ctx, max, false))),
            _ => Action::None,
        }
    }

    /// A paste, as one edit of the focused field.
    pub fn paste(&mut self, text: &str, ctx: &Ctx) -> Action {
        match self.form.paste(text) {
            Err(max) => Action::Status(Status::error(limit_text(ctx, max, true))),
            Ok(()) => Action::None,
        }
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        // A fetch is looked at on every frame (the interface draws at least twice a second).
        if let Some(done) = self.fetching.as_ref().and_then(|p| p.poll(ctx)) {
            self.fetching = None;
            self.result = Some(done);
        }
        // The fields, the form's help line and its borders.
        let form = self.form.fields.len() as u16 + 3;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(form), Constraint::Min(3)]).areas(area);
        self.form.draw(f, top, ctx);
        match (&self.result, &self.fetching) {
            (Some((verdict, lines)), _) => {
                list::draw(f, bottom, &verdict.title(ctx), lines, None, true);
            }
            (None, Some(pending)) => list::draw(
                f,
                bottom,
                ctx.t("check.result"),
                &[pending.waiting(ctx)],
                None,
                false,
            ),
            (None, None) => list::draw(
                f,
                bottom,
                ctx.t("check.result"),
                &[ctx.t("check.explain").to_string()],
                None,
                false,
            ),
        }
    }
}

/// Verify `file` (journal, excerpt or PDF) with `trust` (if given) and describe what was found.
fn check(
    ctx: &Ctx,
    file: &Path,
    protocol: Option<&Path>,
    trust: Option<&Trust>,
) -> (Verdict, Vec<String>) {
    let mut lines = vec![format!("{}: {}", ctx.t("check.file"), file.display())];
    let opts = VerifyOptions {
        trust,
        ..VerifyOptions::default()
    };
    if is_pdf(file) {
        // Capped, and only a regular file is opened: a FIFO or a device never blocks the screen.
        let pdf = match store::read_input(file, MAX_PDF) {
            Ok(pdf) => pdf,
            Err(store::OpenError::TooLarge(_)) => {
                lines.push(ctx.t("check.too_large").to_string());
                return (Verdict::Broken, lines);
            }
            Err(_) => {
                lines.push(format!("✗ {}", findings::open_error(ctx, file)));
                return (Verdict::Broken, lines);
            }
        };
        return match check_document(&pdf, protocol, opts) {
            Ok(c) => {
                let verdict = document(ctx, &c, trust.is_some(), &mut lines);
                (verdict, lines)
            }
            Err(e) => {
                lines.push(format!("✗ {}", findings::binding_error(ctx, &e)));
                (Verdict::Broken, lines)
            }
        };
    }
    match check_file(file, opts, &ctx.catalog) {
        Ok(checked) => {
            let kind = if checked.report.excerpt.is_some() {
                "check.kind_excerpt"
            } else {
                "check.kind_journal"
            };
            lines.push(format!("{}: {}", ctx.t("check.kind"), ctx.t(kind)));
            describe(ctx, &checked.report, &mut lines);
            signers_summary(ctx, &checked.report, &mut lines);
            warnings(ctx, &checked, &mut lines);
            let r = &checked.report;
            let verdict = if !r.intact() {
                Verdict::Broken
            } else if !r.trust_given {
                Verdict::Unauthenticated
            } else if r.authenticated() {
                Verdict::Authenticated
            } else {
                Verdict::NotAuthenticated
            };
            (verdict, lines)
        }
        Err(e) => {
            lines.push(format!("✗ {}", findings::journal_error(ctx, &e)));
            (Verdict::Broken, lines)
        }
    }
}

/// A PDF: its own signatures over its bytes and their signers, the excerpt inside it, and the
/// protocol it must be bound to.
fn document(ctx: &Ctx, c: &DocumentCheck, trusted: bool, lines: &mut Vec<String>) -> Verdict {
    lines.push(format!(
        "{}: {}",
        ctx.t("check.kind"),
        ctx.t("check.kind_pdf")
    ));
    lines.push(format!("SHA-256: {}", c.pdf_sha256.to_hex()));
    let sigs = &c.signatures;
    match (&sigs.problem, sigs.signers.len()) {
        (Some(p), _) => lines.push(format!(
            "✗ {}: {}",
            ctx.t("check.pdf_signatures_broken"),
            findings::signature_problem(ctx, p)
        )),
        (None, 0) => lines.push(format!("✗ {}", ctx.t("check.pdf_unsigned"))),
        (None, n) => lines.push(format!(
            "✓ {}",
            ctx.tf("check.pdf_signed", &[("count", n.to_string())])
        )),
    }
    for s in &sigs.signers {
        lines.push(pdf_signer_line(ctx, s));
    }
    lines.push(format!(
        "{}: {}",
        ctx.t("check.rests_on"),
        c.rests_on()
            .iter()
            .map(|s| format!("#{s}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    describe(ctx, &c.excerpt, lines);
    match &c.protocol {
        Some(p) => {
            lines.push(format!(
                "{}: {}",
                ctx.t("check.protocol"),
                if p.head_matches {
                    ctx.t("check.head_matches")
                } else {
                    ctx.t("check.head_differs")
                }
            ));
            lines.push(match (p.issued_seq, p.issued_sealed) {
                (Some(seq), true) => ctx.tf("check.recorded_sealed", &[("seq", seq.to_string())]),
                (Some(seq), false) => {
                    ctx.tf("check.recorded_unsealed", &[("seq", seq.to_string())])
                }
                (None, _) => ctx.t("check.not_recorded").to_string(),
            });
            if p.later.is_empty() {
                lines.push(ctx.t("check.later_none").to_string());
            } else {
                lines.push(format!("⚠ {}:", ctx.t("check.later")));
                for l in &p.later {
                    lines.push(format!("  {}", findings::later_entry(ctx, l)));
                }
            }
        }
        None => lines.push(ctx.t("check.no_protocol").to_string()),
    }
    if let Some(problem) = &c.problem {
        lines.push(format!("✗ {}", findings::document_problem(ctx, problem)));
    }
    let authenticated = document_authenticated(c);
    lines.push(if !trusted {
        format!("? {}", ctx.t("check.give_trust"))
    } else if authenticated {
        format!("✓ {}", ctx.t("check.all_authenticated"))
    } else {
        format!("✗ {}", ctx.t("check.not_all_authenticated"))
    });
    for w in &c.warnings {
        lines.push(format!("⚠ {}", findings::document_warning(ctx, w)));
    }
    if c.problem.is_some() || sigs.problem.is_some() {
        Verdict::Broken
    } else if !trusted {
        Verdict::Unauthenticated
    } else if authenticated {
        Verdict::Authenticated
    } else {
        Verdict::NotAuthenticated
    }
}

fn describe(ctx: &Ctx, report: &Report, lines: &mut Vec<String>) {
    lines.push(ctx.tf("check.entries", &[("count", report.entries.to_string())]));
    if let Some(head) = report.head {
        lines.push(format!("{}: {}", ctx.t("check.head"), head.to_hex()));
    }
    match &report.fault {
        None => lines.push(format!("✓ {}", ctx.t("check.chain_ok"))),
        Some(fault) => {
            lines.push(format!(
                "✗ {}",
                ctx.tf(
                    "check.first_bad",
                    &[(
                        "seq",
                        fault
                            .seq
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "?".into())
                    )]
                )
            ));
            lines.push(format!("  {}", findings::fault(ctx, fault)));
        }
    }
    if report.seals.is_empty() {
        lines.push(ctx.t("check.no_seal").to_string());
    }
    for seal in &report.seals {
        lines.push(ctx.tf(
            "check.seal",
            &[
                ("seq", seal.seq.to_string()),
                ("count", seal.count.to_string()),
                ("date", day(&seal.time)),
            ],
        ));
        for s in &seal.signers {
            lines.push(seal_signer_line(ctx, s));
        }
    }
    if report.seals_total > report.seals.len() as u64 {
        lines.push(ctx.tf(
            "check.more_seals",
            &[(
                "count",
                (report.seals_total - report.seals.len() as u64).to_string(),
            )],
        ));
    }
    if !report.sealed && report.intact() {
        lines.push(if report.seals.is_empty() {
            ctx.t("check.not_sealed_at_end").to_string()
        } else {
            format!(
                "⚠ {}",
                ctx.tf(
                    "check.unsealed_tail",
                    &[("count", report.unsealed_after_seal.to_string())]
                )
            )
        });
    }
}

/// One signer of a seal: role, name and where the name comes from, and their status.
fn seal_signer_line(ctx: &Ctx, s: &SignerInfo) -> String {
    let role = ctx.t(role_key(s.role));
    let who = match s.name_source {
        NameSource::Certificate | NameSource::KeyList => s.name.clone(),
        NameSource::Unsigned => ctx.tf("check.name_unsigned", &[("name", s.name.clone())]),
    };
    let (mark, status) = match &s.status {
        SignerStatus::Unauthenticated => ("?", ctx.t("trust.unauthenticated").to_string()),
        SignerStatus::KeyListed => ("✓", ctx.t("trust.key_listed").to_string()),
        SignerStatus::WithoutCertificate => ("✗", ctx.t("trust.without_certificate").to_string()),
        SignerStatus::Verdict(v) if v.authenticated() && v.revocation_checked.is_none() => {
            ("✓", ctx.t("trust.authenticated_no_crl").to_string())
        }
        SignerStatus::Verdict(v) => (
            if v.authenticated() { "✓" } else { "✗" },
            status_text(ctx, &v.status),
        ),
    };
    format!("  {mark} {role}: {who} — {status}")
}

/// One signature of a PDF: who, when, and their status.
fn pdf_signer_line(ctx: &Ctx, s: &PdfSigner) -> String {
    let role = match s.certificate.holder().role {
        Some(pki::CertRole::Judge) => ctx.t("role.judge").to_string(),
        Some(pki::CertRole::Secretary) => ctx.t("role.secretary").to_string(),
        _ => s
            .certificate
            .holder()
            .title
            .clone()
            .unwrap_or_else(|| "?".into()),
    };
    let when = s.time.map(|t| day(&t)).unwrap_or_else(|| "?".into());
    let (mark, status) = match &s.verdict {
        None => ("?", ctx.t("trust.unauthenticated").to_string()),
        Some(v) if v.authenticated() && v.revocation_checked.is_none() => {
            ("✓", ctx.t("trust.authenticated_no_crl").to_string())
        }
        Some(v) => (
            if v.authenticated() { "✓" } else { "✗" },
            status_text(ctx, &v.status),
        ),
    };
    let valid = if s.valid { "" } else { " ✗" };
    format!("  {mark} {role}: {} ({when}){valid} — {status}", s.name())
}

/// The closing line about who signed: what was and was not proven.
fn signers_summary(ctx: &Ctx, r: &Report, lines: &mut Vec<String>) {
    if r.seals_total == 0 || !r.intact() {
        return;
    }
    lines.push(if !(r.trust_given || r.trusted_keys) {
        format!("? {}", ctx.t("check.give_trust"))
    } else if r.all_authenticated {
        format!("✓ {}", ctx.t("check.all_authenticated"))
    } else {
        format!("✗ {}", ctx.t("check.not_all_authenticated"))
    });
}

/// The warnings the checks carry, in the interface's language: the chain's and what the
/// entries mean for the law.
fn warnings(ctx: &Ctx, checked: &Checked, lines: &mut Vec<String>) {
    let chain = checked.report.warnings.iter();
    let all: Vec<String> = chain
        .map(|w| findings::journal_warning(ctx, w))
        .chain(checked.problems.iter().map(|p| findings::problem(ctx, p)))
        .collect();
    if all.is_empty() {
        return;
    }
    lines.push(format!("{}:", ctx.t("check.warnings")));
    for w in all {
        lines.push(format!("⚠ {w}"));
    }
}
