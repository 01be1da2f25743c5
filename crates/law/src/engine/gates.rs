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
        CriminalSigns::InsultOfJuror => (Why::CriminalSignsInsultJuror, &["CC 410(2)", "NP1 p.9"]),
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

/// G3: what may follow a measure already applied for the same act, by each code's own rule.
/// Civil: one coercive measure and/or one type of liability (CPC 119(4)). Criminal: removal or
/// the monetary penalty, not both (CrPC 346(1) "удалить ... или ... наложить"). Administrative:
/// another measure, or the same again, when the first gave no result (APPC 124(3)), a second
/// penalty on the terms of APPC 127(9). Liability once imposed is not imposed again (CoAO 12).
pub(crate) fn one_per_act(ctx: &Ctx, opt: &mut Opt) {
    let prior = ctx.prior();
    let m = opt.measure;
    if m.is_coercion() && prior.iter().any(|p| p.is_coercion()) {
        match ctx.kind {
            CaseKind::Civil => opt.bar(Why::OneMeasurePerAct, &["CPC 119(4)"]),
            CaseKind::Criminal => {
                // A warning is no measure of CrPC 346 (Cr1): it neither uses up the act nor is
                // barred by one.
                let either = |x: &Measure| matches!(x, Measure::Removal | Measure::MonetaryPenalty);
                if either(&m) && prior.iter().any(either) {
                    opt.bar(Why::OneMeasurePerActCriminal, &["CrPC 346(1)"]);
                }
            }
            CaseKind::Administrative => appc_escalation(ctx, opt),
        }
    }
    let liability = |x: &Measure| x.is_coao653() || *x == Measure::OffenceProtocolReferral;
    if liability(&m) && prior.iter().any(liability) {
        let basis: &[&str] = match ctx.kind {
            CaseKind::Civil => &["CPC 119(4)", "CoAO 12"],
            _ => &["CoAO 12"],
        };
        opt.bar(Why::OneLiabilityPerAct, basis);
    }
}

/// APPC 124(3): "если избранная мера процессуального принуждения не дала результатов,
/// допускается применение иной меры ... или они могут быть применены вновь"; a monetary penalty
/// "с особенностями, предусмотренными частью девятой статьи 127" — a new one only when the act
/// or requirement is still not complied with.
fn appc_escalation(ctx: &Ctx, opt: &mut Opt) {
    let h = &ctx.f.history;
    let penalty_again =
        opt.measure == Measure::MonetaryPenalty && ctx.prior().contains(&Measure::MonetaryPenalty);
    if penalty_again {
        let basis = ["APPC 124(3)", "APPC 127(9)"];
        match h.earlier_penalty_not_complied {
            // The increased amount is the penalty option's own business (coercion.rs).
            Some(true) => {}
            Some(false) => opt.bar(Why::AppcPenaltyComplied, &basis),
            None => opt.caution(Why::AppcPenaltyNotCompliedUnknown, &basis),
        }
        return;
    }
    match h.earlier_measure_no_result {
        Some(true) => opt.note(Why::AppcEscalationAllowed, &["APPC 124(3)"]),
        Some(false) => opt.bar(Why::AppcMeasureWorked, &["APPC 124(3)"]),
        None => opt.caution(Why::AppcNoResultUnknown, &["APPC 124(3)"]),
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
