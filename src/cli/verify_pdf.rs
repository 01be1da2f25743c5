//! `hattama verify DOCUMENT.pdf [--protocol FILE]`: the excerpt inside a ruling or protocol PDF,
//! and with `--protocol` the binding both ways (the seal it rests on is this protocol's; the
//! protocol records this PDF's SHA-256 under a seal).

use std::path::Path;

use serde_json::json;

use super::{CliError, emit};
pub(crate) use court::documents::binding::is_pdf;
use court::documents::binding::{BindingError, MAX_PDF, check_document};
use journal::VerifyOptions;

pub(crate) fn run(
    path: &Path,
    protocol: Option<&Path>,
    opts: VerifyOptions<'_>,
    as_json: bool,
) -> Result<(), CliError> {
    let shown = path.display();
    // Every input is refused before anything is read if it is not a regular file.
    if let Some(protocol) = protocol {
        store::open_regular(protocol, false)
            .map_err(|e| CliError::input(format!("{}: {e}", protocol.display())))?;
    }
    let pdf = store::read_input(path, MAX_PDF).map_err(|e| match e {
        store::OpenError::TooLarge(_) => CliError::input(format!(
            "{shown}: larger than {} MiB; not a document Hattama issued",
            MAX_PDF >> 20
        )),
        other => CliError::input(format!("{shown}: cannot read ({other})")),
    })?;
    let check = check_document(&pdf, protocol, opts).map_err(|e| match e {
        BindingError::Journal(j) => j.into(),
        // Not a document Hattama issued (no excerpt, unreadable, a bomb): bad input, not an
        // altered document.
        other => CliError::input(format!("{shown}: {other}")),
    })?;
    let seal = check.excerpt.seals.last();
    let selected = check.rests_on();
    if as_json {
        let report = json!({
            "file": path.display().to_string(),
            "kind": "document",
            "intact": check.problem.is_none(),
            "pdf_sha256": check.pdf_sha256.to_hex(),
            "rests_on": selected,
            "seal_seq": seal.map(|s| s.seq),
            "head": check.excerpt.head.map(|h| h.to_hex()),
            "protocol": check.protocol.as_ref().map(|p| json!({
                "file": p.path.display().to_string(),
                "head_matches": p.head_matches,
                "recorded_at_seq": p.issued_seq,
                "record_sealed": p.issued_sealed,
                "later_entries": p.later.iter().map(|l| json!({
                    "seq": l.seq,
                    "kind": l.kind.as_str(),
                    "target_seq": l.target,
                    "sealed": l.sealed,
                })).collect::<Vec<_>>(),
            })),
            "problem": check.problem,
            "warnings": check.warnings,
        });
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| CliError::user(format!("cannot write the report ({e})")))?;
        emit(&format!("{text}\n"))?;
    } else {
        let mut out = format!(
            "document: {shown}\nSHA-256: {}\nrests on entries: {}\n",
            check.pdf_sha256,
            selected
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(s) = seal {
            out.push_str(&format!(
                "excerpt: sealed at seq {} ({}), head {}\n",
                s.seq,
                s.signers
                    .iter()
                    .map(|x| format!("{} ({})", x.name, x.role.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
                check.excerpt.head.map(|h| h.to_hex()).unwrap_or_default()
            ));
        }
        match &check.protocol {
            Some(p) => {
                out.push_str(&format!(
                    "protocol: {} — seal {}, this PDF recorded {}\n",
                    p.path.display(),
                    if p.head_matches { "matches" } else { "DOES NOT MATCH" },
                    match (p.issued_seq, p.issued_sealed) {
                        (Some(seq), true) => format!("at seq {seq}, sealed"),
                        (Some(seq), false) => format!("at seq {seq}, NOT YET SEALED"),
                        (None, _) => "NOWHERE".into(),
                    }
                ));
                if p.later.is_empty() {
                    out.push_str("later entries on what it rests on: none\n");
                } else {
                    out.push_str("later entries on what it rests on:\n");
                    for l in &p.later {
                        out.push_str(&format!("  {l}\n"));
                    }
                }
            }
            None => out.push_str(
                "protocol: not checked (pass --protocol FILE to check that the protocol records this PDF)\n",
            ),
        }
        out.push_str(&format!(
            "status: {}\n",
            if check.problem.is_none() {
                "INTACT"
            } else {
                "BROKEN"
            }
        ));
        emit(&out)?;
    }
    for w in &check.warnings {
        eprintln!("warning: {shown}: {w}");
    }
    match check.problem {
        None => Ok(()),
        Some(problem) => Err(CliError::integrity(format!("{shown}: {problem}"))),
    }
}
