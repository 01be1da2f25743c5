//! `hattama verify DOCUMENT.pdf [--trust CA.pem [--crl FILE]] [--protocol FILE]`: the PDF's own
//! signatures over its bytes (no protocol needed: any changed byte or anything appended after
//! the last signature fails), the excerpt inside it, and with `--protocol` the binding both
//! ways (the seal it rests on is this protocol's; the protocol records this PDF's SHA-256 under
//! a seal). `--trust` authenticates the signers of the PDF and of the excerpt's seal.

use std::path::Path;

use serde_json::json;

use super::{CliError, emit};
pub(crate) use court::documents::binding::is_pdf;
use court::documents::binding::{BindingError, MAX_PDF, check_document};
use court::documents::signature::PdfSigner;
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
    let trusted = opts.trust.is_some();
    let authenticated = court::report::document_authenticated(&check);
    if as_json {
        let report = json!({
            "report": "hattama-verify-document/1",
            "file": path.display().to_string(),
            "kind": "document",
            "intact": check.problem.is_none(),
            "authenticated": authenticated,
            "trust_given": trusted,
            "pdf_sha256": check.pdf_sha256.to_hex(),
            "signed": !check.signatures.signers.is_empty(),
            "signatures": check.signatures.signers.iter().map(signer_json).collect::<Vec<_>>(),
            "signature_problem": check.signatures.problem.as_ref().map(ToString::to_string),
            "seal_signers": seal.map(|s| s.signers.iter().map(|g| g.status.code()).collect::<Vec<_>>()),
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
            "problem": check.problem.as_ref().map(ToString::to_string),
            "warnings": check.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| CliError::user(format!("cannot write the report ({e})")))?;
        emit(&format!("{text}\n"))?;
    } else {
        let mut out = format!("document: {shown}\nSHA-256: {}\n", check.pdf_sha256);
        let sigs = &check.signatures;
        match (&sigs.problem, sigs.signers.len()) {
            (Some(p), _) => out.push_str(&format!("signatures: BROKEN — {p}\n")),
            (None, 0) => out.push_str("signatures: none (the PDF is not signed)\n"),
            (None, n) => out.push_str(&format!(
                "signatures: {n}, covering every byte of the file (nothing changed or added since)\n"
            )),
        }
        for (i, s) in sigs.signers.iter().enumerate() {
            out.push_str(&format!("  {}. {}\n", i + 1, pdf_signer_line(s)));
        }
        out.push_str(&format!(
            "rests on entries: {}\n",
            selected
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(s) = seal {
            out.push_str(&format!(
                "excerpt: sealed at seq {}, head {}\n",
                s.seq,
                check.excerpt.head.map(|h| h.to_hex()).unwrap_or_default()
            ));
            for g in &s.signers {
                out.push_str(&super::verify::signer_line(g));
            }
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
        out.push_str(if !trusted {
            "signers: UNAUTHENTICATED (the certificates in the PDF and its seal are not checked against the court's authority; pass --trust COURT-CA.pem [--crl COURT-CA.crl])\n"
        } else if authenticated {
            "signers: AUTHENTICATED (the PDF's signers and the seal's signers chain to the trusted authority, valid and not revoked when they signed)\n"
        } else {
            "signers: NOT AUTHENTICATED (see each signer's status above)\n"
        });
        emit(&out)?;
    }
    for w in &check.warnings {
        eprintln!("warning: {shown}: {w}");
    }
    match check.problem {
        None if trusted && !authenticated => Err(CliError::integrity(format!(
            "{shown}: intact, but its signers are not all authenticated by the trusted authority"
        ))),
        None => Ok(()),
        Some(problem) => Err(CliError::integrity(format!("{shown}: {problem}"))),
    }
}

fn pdf_signer_line(s: &PdfSigner) -> String {
    let c = &s.certificate;
    let status = match &s.verdict {
        Some(v) => v.status.describe(),
        None => "unauthenticated".into(),
    };
    format!(
        "{}: {} (certificate {}, issued by {}), signed {} — {status}",
        c.holder().title.as_deref().unwrap_or("?"),
        s.name(),
        c.serial_hex(),
        c.issuer().common_name.as_deref().unwrap_or("?"),
        s.time
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
            .unwrap_or_else(|| "at an unstated time".into()),
    )
}

fn signer_json(s: &PdfSigner) -> serde_json::Value {
    json!({
        "role": s.certificate.holder().title,
        "name": s.name(),
        "time": s.time.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        "authenticated": s.verdict.as_ref().is_some_and(pki::Verdict::authenticated),
        "status": s.verdict.as_ref().map_or("unauthenticated", |v| v.status.code()),
        "status_detail": s.verdict.as_ref().map_or_else(|| "unauthenticated".to_string(), |v| v.status.describe()),
        "certificate": super::verify::JsonCertificate::new(&s.certificate),
    })
}
