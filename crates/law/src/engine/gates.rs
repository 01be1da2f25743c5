//! The general routing rules every option passes through: G1 (signs of a crime), G2 (not in
//! session), G3 (one act, one measure), and the notes that concern the whole incident.

use super::{CriminalSigns, Ctx, Why};
use crate::advice::{Opt, Reason, ReasonKind};
use crate::facts::CaseKind;
use crate::measure::Measure;

/// Where each code sends materials when a breach shows signs of a crime (G1).
pub(crate) fn referral_basis(kind: CaseKind) -> &'static [&'static str] {
    match kind {
        // CPC 120(6): ruling served within 3 working days, sent to the prosecutor; 188(6).
        CaseKind::Civil => &["CPC 120(6)", "CPC 188(6)"],
        CaseKind::Criminal => &["CrPC 346(5)"],
        CaseKind::Administrative => &["APPC 124(5)"],
    }
}

/// The reason a breach is (or may be) a crime, with its citation.
pub(crate) fn criminal_reason(ctx: &Ctx, kind: ReasonKind, signs: CriminalSigns) -> Reason {
    let (why, own): (Why, &[&str]) = match signs {
        CriminalSigns::Judge => (Why::CriminalSignsJudge, &[]),
        CriminalSigns::InsultOfJudge => (Why::CriminalSignsInsultJudge, &["CC 410(2)", "NP1 p.9"]),
        CriminalSigns::InsultOfParticipant => (Why::CriminalSignsInsultParticipant, &["CC 410(1)"]),
    };
    let mut basis: Vec<&str> = own.to_vec();
    basis.extend_from_slice(referral_basis(ctx.kind));
    Reason::new(kind, why, &basis)
}

/// G1: with signs of a criminal offence there is no administrative penalty for that act
/// (CPC 120(6), 188(6); CrPC 346(5); APPC 124(5); CC 410; NP1 p.9).
pub(crate) fn no_criminal_signs(ctx: &Ctx, opt: &mut Opt) {
    if let Some(signs) = ctx.criminal {
        opt.push(criminal_reason(ctx, ReasonKind::Bar, signs));
    }
}

/// G2 for coercion: the measures of CPC 188, CrPC 346 and APPC 125-126 act on a breach in the
/// courtroom during the hearing; `own` is the article that says so.
pub(crate) fn in_session(ctx: &Ctx, opt: &mut Opt, own: &[&str]) {
    if !ctx.in_session {
        opt.bar(Why::NotInSession, own);
    }
}

/// G3: one unlawful act, at most one coercive measure and/or one type of liability
/// (CPC 119(4)); escalation needs a new act.
pub(crate) fn one_per_act(ctx: &Ctx, opt: &mut Opt) {
    let prior = ctx.prior();
    if opt.measure.is_coercion() && prior.iter().any(|m| m.is_coercion()) {
        opt.bar(Why::OneMeasurePerAct, &["CPC 119(4)"]);
    }
    let liability = |m: &Measure| m.is_coao653() || *m == Measure::OffenceProtocolReferral;
    if liability(&opt.measure) && prior.iter().any(liability) {
        opt.bar(Why::OneLiabilityPerAct, &["CPC 119(4)"]);
    }
}

/// Notes on the whole incident: online hearings, repeat contempt, the duty to record.
pub(crate) fn incident_notes(ctx: &Ctx) -> Vec<Reason> {
    let mut notes = Vec::new();
    if ctx.f.case.online {
        let basis: &[&str] = match ctx.kind {
            CaseKind::Civil => &["CPC 187(4)", "NP1 p.10"],
            CaseKind::Criminal => &["CrPC 345(1)", "NP1 p.10"],
            CaseKind::Administrative => &["APPC 110(3)", "NP1 p.10"],
        };
        notes.push(Reason::new(ReasonKind::Note, Why::OnlineSameRules, basis));
    }
    if ctx.part == 2 && ctx.kind != CaseKind::Administrative {
        notes.push(Reason::new(
            ReasonKind::Note,
            Why::RepeatPart2,
            &["CoAO 653(2)"],
        ));
    }
    if let Some(signs) = ctx.criminal {
        notes.push(criminal_reason(ctx, ReasonKind::Note, signs));
    }
    notes
}
