//! What the checks below the interface find, in the interface's language: the journal's faults
//! and warnings, the values the law cannot mean (`court::validity`), a document's problems and
//! warnings and its later entries, its PDF signatures' problems, and why a document cannot be
//! prepared or issued. Each line is made from the finding's stable code and its figures (seq,
//! count, field, entry kind) — never by reading the lower layers' English, which stays for the
//! command line — and never carries a value from an entry (names, IINs, texts).

use court::documents::DocumentError;
use court::documents::binding::{BindingError, DocumentProblem, DocumentWarning, LaterEntry};
use court::documents::issue::IssueError;
use court::documents::lack::Lack;
use court::documents::signature::{SignatureFault, SignatureProblem};
use court::validity::{Bound, Problem, Rule};
use journal::entry::Kind;
use journal::{Fault, FaultCode, Warning, WarningCode};
use store::JournalError;

use crate::Ctx;
use crate::entries::kind_label;
use crate::session::SessionError;

/// A warning of the journal's chain (docs/journal-format.md §9).
pub fn journal_warning(ctx: &Ctx, w: &Warning) -> String {
    let seq = w.seq.unwrap_or_default();
    match w.code {
        WarningCode::UnsealedAfterSeal => ctx.tf(
            "finding.unsealed_after_seal",
            &[
                ("count", w.count.to_string()),
                ("seal", seq.saturating_sub(1).to_string()),
            ],
        ),
        WarningCode::MissingNewline => {
            ctx.tf("finding.missing_newline", &[("seq", seq.to_string())])
        }
        WarningCode::OneKeyBothRoles => ctx.tf(
            "finding.one_key_both_roles",
            &[("seq", seq.to_string()), ("count", w.count.to_string())],
        ),
    }
}

/// A value that cannot be what the law means: the entry, its kind, the field, the rule.
pub fn problem(ctx: &Ctx, p: &Problem) -> String {
    let what = match (p.rule, p.bound) {
        (Rule::InvalidIin, _) => ctx.t("finding.invalid_iin").to_string(),
        (Rule::InvalidDate, _) => ctx.t("finding.invalid_date").to_string(),
        (Rule::NoCitation, _) => ctx.t("finding.no_citation").to_string(),
        (Rule::UnknownCitation, _) => ctx.t("finding.unknown_citation").to_string(),
        (Rule::AmountOutsideLimits, Bound::Range(min, max)) => ctx.tf(
            "finding.amount_outside_limits",
            &[("min", min.to_string()), ("max", max.to_string())],
        ),
        (Rule::AmountOutsideLimits, _) => ctx.t("finding.amount_not_set").to_string(),
        (Rule::WrongMciValue, Bound::Exactly(kzt)) => {
            ctx.tf("finding.wrong_mci_value", &[("kzt", kzt.to_string())])
        }
        (Rule::WrongMciValue, _) => ctx.tf("finding.wrong_mci_value", &[("kzt", "?".into())]),
        (Rule::InvalidFacts, _) => ctx.t("finding.invalid_facts").to_string(),
        (Rule::UnknownMeasure, _) => ctx.t("finding.unknown_measure").to_string(),
    };
    ctx.tf(
        "finding.value",
        &[
            ("seq", p.seq.to_string()),
            ("kind", kind_label(ctx, p.kind).to_string()),
            ("field", ctx.t(field_key(&p.field)).to_string()),
            ("what", what),
        ],
    )
}

/// The label of a body field a validity rule names (`penalty.fine_mci`, `citations[0]`, …).
fn field_key(field: &str) -> &'static str {
    // Matched by the part after the object's name (the key scanner of the tests reads every
    // dotted literal as a key of the catalog).
    if let Some(figure) = field.strip_prefix("penalty") {
        return match figure {
            ".fine_mci" => "finding.field_fine_mci",
            ".hours" => "finding.field_hours",
            ".days" => "finding.field_days",
            ".mci_kzt" => "finding.field_mci_kzt",
            _ => "finding.field_other",
        };
    }
    match field {
        "iin" => "finding.field_iin",
        "measure_id" => "finding.field_measure",
        f if f.strip_prefix("details") == Some(".birth_date") => "docs.lack.birth_date",
        f if f.starts_with("citations") => "finding.field_citations",
        f if f.starts_with("facts") => "finding.field_facts",
        _ => "finding.field_other",
    }
}

/// The first fault of a chain: what is wrong, and the field (a member name of the format).
pub fn fault(ctx: &Ctx, f: &Fault) -> String {
    let what = ctx.t(fault_key(f.code));
    match &f.field {
        Some(field) => ctx.tf(
            "finding.fault_field",
            &[("what", what.to_string()), ("field", field.clone())],
        ),
        None => what.to_string(),
    }
}

fn fault_key(code: FaultCode) -> &'static str {
    match code {
        FaultCode::Empty => "finding.fault_empty",
        FaultCode::InvalidUtf8 => "finding.fault_invalid_utf8",
        FaultCode::LineTooLong => "finding.fault_line_too_long",
        FaultCode::Malformed => "finding.fault_malformed",
        FaultCode::Gap => "finding.fault_gap",
        FaultCode::Duplicate => "finding.fault_duplicate",
        FaultCode::Reordered => "finding.fault_reordered",
        FaultCode::BrokenLink => "finding.fault_broken_link",
        FaultCode::BodyHashMismatch => "finding.fault_body_hash_mismatch",
        FaultCode::HashMismatch => "finding.fault_hash_mismatch",
        FaultCode::TimeBackwards => "finding.fault_time_backwards",
        FaultCode::MissingBody => "finding.fault_missing_body",
        FaultCode::NotAllowed => "finding.fault_not_allowed",
        FaultCode::NotAllowedAfterSeal => "finding.fault_not_allowed_after_seal",
        FaultCode::BadReference => "finding.fault_bad_reference",
        FaultCode::BadSeal => "finding.fault_bad_seal",
        FaultCode::BadSignature => "finding.fault_bad_signature",
        FaultCode::UnknownSigner => "finding.fault_unknown_signer",
        FaultCode::TornTail => "finding.fault_torn_tail",
        FaultCode::IncompleteExcerpt => "finding.fault_incomplete_excerpt",
    }
}

/// An entry recorded after a document's seal on what it rests on: its kind by the interface's
/// own name, the entry it points at, and whether a seal covers it.
pub fn later_entry(ctx: &Ctx, l: &LaterEntry) -> String {
    let state = ctx.t(if l.sealed {
        "finding.later_sealed"
    } else {
        "finding.later_unsealed"
    });
    let mut params = vec![
        ("seq", l.seq.to_string()),
        ("kind", kind_label(ctx, l.kind).to_string()),
        ("state", state.to_string()),
    ];
    match (l.kind, l.target) {
        (Kind::RemarkFiled, _) | (_, None) => ctx.tf("finding.later", &params),
        (_, Some(target)) => {
            params.push(("target", target.to_string()));
            ctx.tf("finding.later_of", &params)
        }
    }
}

/// What breaks a document.
pub fn document_problem(ctx: &Ctx, p: &DocumentProblem) -> String {
    match p {
        DocumentProblem::Signature(s) => ctx.tf(
            "finding.doc_signature",
            &[("why", signature_problem(ctx, s))],
        ),
        DocumentProblem::Excerpt(f) => ctx.tf("finding.doc_excerpt", &[("fault", fault(ctx, f))]),
        DocumentProblem::OtherProtocol(seq) => {
            ctx.tf("finding.doc_other_protocol", &[("seq", seq.to_string())])
        }
        DocumentProblem::NotRecorded => ctx.t("finding.doc_not_recorded").to_string(),
        DocumentProblem::Unsigned => ctx.t("finding.doc_unsigned").to_string(),
    }
}

/// What a reader of a document must know although its binding holds.
pub fn document_warning(ctx: &Ctx, w: &DocumentWarning) -> String {
    match w {
        DocumentWarning::RecordNotSealed => ctx.t("finding.doc_record_unsealed").to_string(),
        DocumentWarning::LaterEntries(n) => {
            ctx.tf("finding.doc_later_entries", &[("count", n.to_string())])
        }
    }
}

/// What breaks a PDF's own signatures.
pub fn signature_problem(ctx: &Ctx, p: &SignatureProblem) -> String {
    ctx.t(match p.code {
        SignatureFault::Malformed => "finding.sig_malformed",
        SignatureFault::ChangedAfterSigning => "finding.sig_changed",
        SignatureFault::Uncheckable => "finding.sig_uncheckable",
        SignatureFault::Appended => "finding.sig_appended",
        SignatureFault::UpdateDoesMore => "finding.sig_update",
    })
    .to_string()
}

/// Why a PDF could not be checked at all.
pub fn binding_error(ctx: &Ctx, e: &BindingError) -> String {
    match e {
        BindingError::Journal(e) => journal_error(ctx, e),
        BindingError::NoExcerpt => ctx.t("finding.no_excerpt").to_string(),
        BindingError::Unreadable(_) => ctx.t("finding.pdf_unreadable").to_string(),
        BindingError::NotAnExcerpt(_) => ctx.t("finding.not_an_excerpt").to_string(),
    }
}

/// Why a journal (or an excerpt) could not be read or written: a fault it holds, the file, or
/// the entry refused. Paths are the files the user gave or the interface keeps.
pub fn journal_error(ctx: &Ctx, e: &JournalError) -> String {
    let at = |key: &'static str, path: &std::path::Path| {
        ctx.tf(key, &[("path", path.display().to_string())])
    };
    let entry = |key: &'static str, seq: u64, kind: Kind| {
        ctx.tf(
            key,
            &[
                ("seq", seq.to_string()),
                ("kind", kind_label(ctx, kind).to_string()),
            ],
        )
    };
    match e {
        JournalError::Broken { fault: f, .. } => ctx.tf(
            "finding.journal_broken",
            &[
                (
                    "seq",
                    f.seq.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
                ),
                ("fault", fault(ctx, f)),
            ],
        ),
        JournalError::Open { path, .. } | JournalError::Input { path, .. } => {
            at("finding.file_unreadable", path)
        }
        JournalError::Io { path, .. } => at("finding.file_io", path),
        JournalError::Locked { path } => at("finding.journal_locked", path),
        JournalError::Exists { path } => at("finding.journal_exists", path),
        JournalError::ReadOnly { path, .. } => at("finding.journal_read_only", path),
        JournalError::NotAJournal { path, .. } => at("finding.not_a_journal", path),
        JournalError::Excerpt { path, .. } => at("finding.bad_excerpt", path),
        JournalError::Seal { path, .. } => at("finding.seal_refused", path),
        JournalError::Refused { seq, kind, .. } => entry("finding.entry_refused", *seq, *kind),
        JournalError::WriteFailed { seq, kind, .. } => {
            entry("finding.entry_write_failed", *seq, *kind)
        }
        JournalError::Changed { .. } => ctx.t("worker.changed").to_string(),
        JournalError::Replaced { .. } => ctx.t("worker.replaced").to_string(),
        JournalError::Key(e) => crate::signers::key_error(ctx, e),
    }
}

/// Why a hearing's journal could not be opened, read again or written by the interface.
pub fn session_error(ctx: &Ctx, e: &SessionError) -> String {
    match e {
        SessionError::Journal(e) => journal_error(ctx, e),
        SessionError::Hearing(_) => ctx.t("finding.doc_hearing").to_string(),
        SessionError::NotOpen => ctx.t("worker.no_hearing").to_string(),
    }
}

/// A file given to check that cannot be opened as input (missing, not a regular file, too large).
pub fn open_error(ctx: &Ctx, path: &std::path::Path) -> String {
    ctx.tf(
        "finding.file_unreadable",
        &[("path", path.display().to_string())],
    )
}

/// Why the worker did not issue a document. The PDF's path is the interface's own (documents
/// folder), never personal data.
pub fn issue_error(ctx: &Ctx, e: &IssueError) -> String {
    match e {
        IssueError::Journal(e) => {
            ctx.tf("finding.issue_journal", &[("why", journal_error(ctx, e))])
        }
        IssueError::Render(_) => ctx.t("finding.issue_render").to_string(),
        IssueError::Exists(path) => ctx.tf(
            "finding.issue_exists",
            &[("path", path.display().to_string())],
        ),
        IssueError::Write { path, .. } => ctx.tf(
            "finding.issue_write",
            &[("path", path.display().to_string())],
        ),
        IssueError::Signer(_) => ctx.t("finding.issue_signer").to_string(),
        IssueError::NotRecorded { path, sha256, .. } => ctx.tf(
            "finding.issue_not_recorded",
            &[
                ("path", path.display().to_string()),
                ("sha", sha256.to_hex()),
            ],
        ),
    }
}

/// Why a document cannot be prepared, one line per item; `lack` words what the protocol lacks
/// (the documents screen does, as it knows the participants).
pub fn document_error(ctx: &Ctx, e: &DocumentError, lack: impl Fn(&Lack) -> String) -> Vec<String> {
    match e {
        DocumentError::Invalid { problems, .. } => {
            problems.iter().map(|p| problem(ctx, p)).collect()
        }
        DocumentError::NotSealed(seq) => {
            vec![ctx.tf("finding.doc_not_sealed", &[("seq", seq.to_string())])]
        }
        DocumentError::NoRuling {
            seq,
            measure,
            basis,
        } => {
            let basis: Vec<String> = basis
                .split(", ")
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect();
            vec![ctx.tf(
                "finding.doc_no_ruling",
                &[
                    ("seq", seq.to_string()),
                    ("measure", ctx.term("measure", measure)),
                    ("basis", ctx.cites(&basis)),
                ],
            )]
        }
        DocumentError::NotAMeasure(seq) => {
            vec![ctx.tf("finding.doc_not_a_measure", &[("seq", seq.to_string())])]
        }
        DocumentError::NotAnActLanguage(_) => vec![ctx.t("finding.doc_act_language").to_string()],
        DocumentError::Hearing(_) => vec![ctx.t("finding.doc_hearing").to_string()],
        DocumentError::Missing { missing, .. } => missing.iter().map(lack).collect(),
    }
}
