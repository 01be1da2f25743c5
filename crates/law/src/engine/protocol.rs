//! Whether the in-courtroom measure must be entered in a hearing protocol: NP1 p.10 requires it
//! wherever a protocol is kept, and appellate and cassation courts keep one only where the law
//! says so. With an audio/video recording the protocol is a short one (CPC 281(1), 282(4);
//! CrPC 347-1(2); APPC 147(1)), which changes what the entry holds.

use super::{Ctx, Why};
use crate::advice::{Reason, ReasonKind};
use crate::facts::{CaseKind, Instance};

/// (required?, the citations, notes). `None` means the texts do not settle it: ask the judge.
pub(crate) fn derive(ctx: &Ctx) -> (Option<bool>, Vec<String>, Vec<Reason>) {
    let case = &ctx.f.case;
    let mut notes = Vec::new();
    let (kept, basis): (Option<bool>, Vec<&str>) = match (ctx.kind, case.instance) {
        // CPC 281(1); APPC 147(1) applies the CPC rules to the protocol.
        (CaseKind::Civil, Instance::First) => (Some(true), vec!["CPC 281(1)"]),
        (CaseKind::Administrative, Instance::First) => {
            (Some(true), vec!["APPC 147(1)", "CPC 281(1)"])
        }
        (CaseKind::Criminal, Instance::First) => (Some(true), vec!["CrPC 347(1)"]),
        // CPC 281(3): on appeal only when heard under first-instance rules or new evidence is
        // examined; APPC appeals follow the CPC (APPC 168-169).
        (CaseKind::Civil, Instance::Appeal) => (case.appeal_new_evidence, vec!["CPC 281(3)"]),
        (CaseKind::Administrative, Instance::Appeal) => (
            case.appeal_new_evidence,
            vec!["CPC 281(3)", "APPC 168", "APPC 169"],
        ),
        // CrPC 429(8): a criminal appeal keeps a protocol when evidence is examined anew.
        (CaseKind::Criminal, Instance::Appeal) => (case.appeal_new_evidence, vec!["CrPC 429(8)"]),
        // CPC 281(4): no protocol in cassation or at the Supreme Court.
        (CaseKind::Civil | CaseKind::Administrative, Instance::Cassation) => {
            (Some(false), vec!["CPC 281(4)"])
        }
        // Criminal cassation: not found in the code (LAW.md, open points).
        (CaseKind::Criminal, Instance::Cassation) => (None, vec!["NP1 p.10"]),
    };
    let mut basis: Vec<String> = basis.iter().map(|s| s.to_string()).collect();
    basis.push("NP1 p.10".to_string());
    basis.dedup();
    if kept.is_none() {
        let why = if case.instance == Instance::Cassation {
            Why::ProtocolCriminalCassation
        } else {
            Why::ProtocolAppealUnknown
        };
        notes.push(Reason {
            kind: ReasonKind::Caution,
            why,
            params: Vec::new(),
            basis: basis.clone(),
        });
    }
    let kept = match case.protocol_kept {
        Some(judge_says) => {
            notes.push(Reason::new(
                ReasonKind::Note,
                Why::ProtocolSetByJudge,
                &["NP1 p.10"],
            ));
            Some(judge_says)
        }
        None => kept,
    };
    match kept {
        Some(true) => {
            let short = case.short_protocol == Some(true);
            let record: &[&str] = match ctx.kind {
                CaseKind::Civil => &["CPC 120(1)", "CPC 188(2)", "NP1 p.10"],
                // CrPC 347(3) lists what a paper protocol holds "если не была применена аудио-,
                // видеозапись"; with a recording the short protocol of 347-1(2) records the
                // court's actions in order and its rulings with the file and the time.
                CaseKind::Criminal if short => &["CrPC 347-1(2)", "NP1 p.10"],
                CaseKind::Criminal => &["CrPC 347(3)", "NP1 p.10"],
                CaseKind::Administrative => &["APPC 124(1)", "NP1 p.10"],
            };
            notes.push(Reason::new(ReasonKind::Note, Why::ProtocolRequired, record));
            if short {
                // CPC 282(4): the short protocol's particulars and the recording's file name; the
                // entries the codes require "в протоколе" (CPC 120(1), 188(2); APPC 124(1))
                // still go into it. APPC 147(1) adds the automatic transcript.
                let short_basis: &[&str] = match ctx.kind {
                    CaseKind::Civil => &["CPC 281(1)", "CPC 282(4)", "CPC 120(1)", "CPC 188(2)"],
                    CaseKind::Criminal => &["CrPC 347-1(2)"],
                    CaseKind::Administrative => &["APPC 147(1)", "CPC 282(4)", "APPC 124(1)"],
                };
                notes.push(Reason::new(
                    ReasonKind::Note,
                    Why::ProtocolShort,
                    short_basis,
                ));
            }
        }
        Some(false) => notes.push(Reason::new(
            ReasonKind::Note,
            Why::ProtocolNotKept,
            &["NP1 p.10"],
        )),
        None => {}
    }
    (kept, basis, notes)
}
