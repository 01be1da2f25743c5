//! The two referrals: materials to the prosecutor when a breach shows signs of a crime (G1), and
//! an offence report when the contempt is not before the court in session (G2), for evasion of
//! appearance only with the elements CoAO 653(1) names.

use super::gates::{criminal_reason, no_criminal_signs, one_per_act, referral_basis};
use super::{Ctx, Why};
use crate::advice::{Act, Opt, ReasonKind};
use crate::catalog::Participant;
use crate::facts::{CaseKind, Place};
use crate::measure::Measure;

/// G1: CPC 120(6), 188(6); CrPC 346(5); APPC 124(5).
pub(crate) fn prosecutor(ctx: &Ctx) -> Opt {
    let mut opt = Opt::new(Measure::ReferProsecutor, referral_basis(ctx.kind));
    opt.act = Some(Act::ProsecutorReferral);
    match ctx.criminal {
        Some(signs) => {
            let reason = criminal_reason(ctx, ReasonKind::Note, signs);
            for b in &reason.basis {
                if !opt.basis.contains(b) {
                    opt.basis.push(b.clone());
                }
            }
            opt.push(reason);
            if ctx.kind == CaseKind::Civil {
                opt.follow_up(Why::ServeReferral, &["CPC 120(6)"]);
            }
        }
        None => opt.bar(Why::NoCriminalSigns, referral_basis(ctx.kind)),
    }
    opt
}

/// G2: contempt after the offender left, outside the session, or evasion of appearance goes the
/// general way: an offence report on the presiding judge's oral order, heard by the court with
/// CoAO jurisdiction (CPC 120(4)-(5); CoAO 684(1); NP1 p.10, last paragraph).
pub(crate) fn offence_protocol(ctx: &Ctx) -> Opt {
    let basis: &[&str] = match ctx.kind {
        CaseKind::Civil => &["CPC 120(4)", "CPC 120(5)", "CoAO 684(1)", "NP1 p.10"],
        CaseKind::Criminal => &["CoAO 684(1)", "NP1 p.10"],
        CaseKind::Administrative => &["CoAO 684(1)", "NP1 p.10", "CoAO 653 note"],
    };
    let mut opt = Opt::new(Measure::OffenceProtocolReferral, basis);
    opt.act = Some(Act::OffenceProtocol);
    if ctx.in_session {
        // In session the court itself finds and rules; no offence report is drawn up.
        let own: &[&str] = match ctx.kind {
            CaseKind::Civil => &["CPC 120(1)"],
            CaseKind::Criminal => &["CoAO 829-10(5)", "NP1 p.10"],
            CaseKind::Administrative => &["APPC 123"],
        };
        opt.bar(Why::InSessionCourtActs, own);
    }
    no_criminal_signs(ctx, &mut opt);
    one_per_act(ctx, &mut opt);
    if ctx.kind == CaseKind::Administrative && !ctx.in_session {
        let participant_absent =
            ctx.f.incident.place == Place::Evasion && ctx.participant == Participant::Yes;
        if participant_absent {
            // APPC 127(4) reaches a participant's non-appearance, so CoAO 653 does not (its note).
            opt.bar(Why::Coao653NoteExcludes, &["CoAO 653 note", "APPC 127(4)"]);
        } else {
            opt.caution(Why::AppcOutsideContempt, &["CoAO 653 note", "CoAO 684(1)"]);
        }
    }
    if ctx.f.incident.place == Place::Evasion {
        evasion_elements(ctx, &mut opt);
    }
    if ctx.kind == CaseKind::Civil {
        opt.follow_up(Why::OralOrderBailiff, &["CPC 120(4)", "CPC 120(5)"]);
    }
    opt
}

/// CoAO 653(1) covers non-appearance only "без уважительных причин ... в случаях, когда
/// дальнейшее рассмотрение дела в их отсутствие представляется суду невозможным": both are
/// elements of the offence the report would charge, so each must be established.
fn evasion_elements(ctx: &Ctx, opt: &mut Opt) {
    let i = &ctx.f.incident;
    let basis = ["CoAO 653(1)"];
    match i.evasion_without_good_reason {
        Some(true) => {}
        Some(false) => opt.bar(Why::EvasionWithGoodReason, &basis),
        None => opt.caution(Why::EvasionGoodReasonUnknown, &basis),
    }
    match i.case_cannot_proceed {
        Some(true) => {}
        Some(false) => opt.bar(Why::EvasionCaseCanProceed, &basis),
        None => opt.caution(Why::EvasionProceedUnknown, &basis),
    }
}
