//! Procedural coercion: CPC 188 (civil), CrPC 346 with 159-160 (criminal), APPC 123-127
//! (administrative cases).

use super::gates::{in_session, no_criminal_signs, one_per_act};
use super::{Ctx, Why};
use crate::advice::{Act, Amount, AmountKind, Opt, Reason, ReasonKind};
use crate::catalog::Participant;
use crate::facts::{CaseKind, Conduct, PersonKind, Place};
use crate::measure::Measure;

/// C1: the presiding judge warns, on behalf of the court, anyone who breaches order
/// (CPC 188(1)). Criminal: no statutory warning; one may be given, never required (Cr1), and in
/// a jury trial matters jurors may not hear call for a warning first (CrPC 650(7), 651(3), 660(4)).
pub(crate) fn warning(ctx: &Ctx) -> Opt {
    let own: &[&str] = match ctx.kind {
        CaseKind::Criminal => &["CrPC 345(4)", "CrPC 346(1)"],
        _ => &["CPC 188(1)"],
    };
    let mut opt = Opt::new(Measure::Warning, own);
    opt.act = Some(Act::ProtocolEntry);
    in_session(ctx, &mut opt, own);
    natural_person_only(ctx, &mut opt, own);
    one_per_act(ctx, &mut opt);
    if ctx.kind == CaseKind::Criminal {
        opt.note(Why::CriminalWarningOptional, &["CrPC 346(1)"]);
        if ctx.f.case.jury {
            opt.note(
                Why::JuryWarnFirst,
                &["CrPC 650(7)", "CrPC 651(3)", "CrPC 660(4)"],
            );
        }
    } else if ctx.f.history.warned_in_hearing {
        opt.note(Why::WarningAlreadyGiven, &["CPC 188(2)", "CPC 188(3)"]);
    }
    opt
}

/// A1: reprimand by the presiding judge, explaining that a repeat brings a stricter measure
/// (APPC 125); entered in the protocol, no separate act (APPC 124(1)).
pub(crate) fn reprimand(ctx: &Ctx) -> Opt {
    let own = ["APPC 125", "APPC 123", "APPC 124(1)"];
    let mut opt = Opt::new(Measure::Reprimand, &own);
    opt.act = Some(Act::ProtocolEntry);
    in_session(ctx, &mut opt, &["APPC 125"]);
    natural_person_only(ctx, &mut opt, &["APPC 125"]);
    one_per_act(ctx, &mut opt);
    opt
}

/// Warning, reprimand and removal act on the person who breaches order in the courtroom
/// (CPC 188(1)-(3); CrPC 346(1), (4); APPC 125, 126): a legal entity is present only through a
/// natural person — its representative or official — on whom the measure falls, recorded under
/// that person's own role. (APPC 127(2) names "юридическое лицо либо его представителя" for
/// the monetary penalty alone.)
fn natural_person_only(ctx: &Ctx, opt: &mut Opt, own: &[&str]) {
    if ctx.f.person.kind == PersonKind::LegalEntity {
        opt.bar(Why::LegalEntityNotInCourtroom, own);
    }
}

/// C2/C3 (CPC 188(2)-(3)), Cr1 (CrPC 346(1), (3), (4)), A2 (APPC 126).
pub(crate) fn removal(ctx: &Ctx) -> Opt {
    let mut opt = match ctx.kind {
        CaseKind::Civil => civil_removal(ctx),
        CaseKind::Criminal => criminal_removal(ctx),
        CaseKind::Administrative => administrative_removal(ctx),
    };
    let own = opt.basis.clone();
    let own: Vec<&str> = own.iter().map(String::as_str).collect();
    in_session(ctx, &mut opt, &own);
    natural_person_only(ctx, &mut opt, &own);
    one_per_act(ctx, &mut opt);
    if ctx.criminal.is_some() {
        // G1 bars liability, not the removal that restores order.
        opt.note(Why::RemovalStaysAvailable, &own);
    }
    opt
}

fn civil_removal(ctx: &Ctx) -> Opt {
    let repeated = ctx.f.history.warned_in_hearing;
    match ctx.participant {
        Participant::Yes => {
            let mut opt = Opt::new(Measure::Removal, &["CPC 188(2)"]);
            opt.act = Some(Act::RulingInProtocol);
            opt.appeal("objections_in_appeal", None, None, &["CPC 429(2)"]);
            opt.follow_up(Why::BriefOnReturn, &["CPC 188(2)"]);
            if !repeated {
                opt.bar(Why::RemovalNeedsRepeat, &["CPC 188(2)"]);
            }
            opt
        }
        Participant::No => {
            let mut opt = Opt::new(Measure::Removal, &["CPC 188(3)"]);
            opt.act = Some(Act::PresidingJudgeOrder);
            if !repeated {
                opt.bar(Why::RemovalNeedsRepeat, &["CPC 188(3)"]);
            }
            opt
        }
        Participant::Open => {
            // Representatives are not in CPC 43(1): the safe form is the court's ruling.
            let mut opt = Opt::new(Measure::Removal, &["CPC 188(2)", "CPC 188(3)"]);
            opt.act = Some(Act::RulingInProtocol);
            opt.appeal("objections_in_appeal", None, None, &["CPC 429(2)"]);
            opt.caution(
                Why::RepresentativeCivil,
                &["CPC 43(1)", "CPC 188(2)", "CPC 188(3)"],
            );
            opt.follow_up(Why::BriefOnReturn, &["CPC 188(2)"]);
            if !repeated {
                opt.bar(Why::RemovalNeedsRepeat, &["CPC 188(2)", "CPC 188(3)"]);
            }
            opt
        }
    }
}

fn criminal_removal(ctx: &Ctx) -> Opt {
    let participant = ctx.participant != Participant::No;
    let mut opt = if participant {
        let mut o = Opt::new(Measure::Removal, &["CrPC 346(1)", "CrPC 346(3)"]);
        o.act = Some(Act::Ruling);
        o
    } else {
        let mut o = Opt::new(Measure::Removal, &["CrPC 346(1)", "CrPC 346(4)"]);
        o.act = Some(Act::PresidingJudgeOrder);
        o
    };
    opt.appeal("objections_in_appeal", None, None, &["CrPC 415(3)"]);
    if matches!(ctx.role(), "prosecutor" | "defence_counsel") {
        opt.push(
            Reason::new(ReasonKind::Bar, Why::RemovalBarredRole, &["CrPC 346(1)"])
                .with("role", ctx.role()),
        );
    }
    if ctx.role() == "defendant" {
        opt.follow_up(Why::AskRemovedDefendant, &["CrPC 346(2)"]);
    }
    opt
}

fn administrative_removal(ctx: &Ctx) -> Opt {
    let reprimanded = ctx.f.history.warned_in_hearing;
    match ctx.participant {
        Participant::Yes => {
            let mut opt = Opt::new(Measure::Removal, &["APPC 126(1)", "APPC 124(1)"]);
            opt.act = Some(Act::ProtocolEntry);
            if !reprimanded {
                opt.bar(Why::RemovalNeedsReprimand, &["APPC 126(1)"]);
            }
            opt
        }
        Participant::No => {
            let mut opt = Opt::new(Measure::Removal, &["APPC 126(2)", "APPC 124(1)"]);
            opt.act = Some(Act::PresidingJudgeOrder);
            opt
        }
        Participant::Open => {
            let mut opt = Opt::new(
                Measure::Removal,
                &["APPC 126(1)", "APPC 126(2)", "APPC 124(1)"],
            );
            opt.act = Some(Act::PresidingJudgeOrder);
            if !reprimanded {
                opt.caution(
                    Why::RepresentativeAppc,
                    &["APPC 26(1)", "APPC 26(2)", "APPC 126(1)", "APPC 126(2)"],
                );
            }
            opt
        }
    }
}

/// Cr2 (CrPC 346(1), (3), (4), 159, 160) and A3 (APPC 124(2), 127). Civil cases have no
/// procedural monetary penalty: contempt there goes under CoAO 653 (CPC 188(5)).
pub(crate) fn monetary_penalty(ctx: &Ctx) -> Opt {
    match ctx.kind {
        CaseKind::Administrative => administrative_penalty(ctx),
        _ => criminal_penalty(ctx),
    }
}

fn criminal_penalty(ctx: &Ctx) -> Opt {
    let mut basis = vec!["CrPC 346(1)", "CrPC 346(3)", "CrPC 160(2)"];
    if ctx.participant == Participant::No {
        basis.push("CrPC 346(4)");
    }
    let cp = &ctx.cat.criminal_penalty;
    basis.extend(cp.basis.iter().map(String::as_str));
    let mut opt = Opt::new(Measure::MonetaryPenalty, &basis);
    opt.act = Some(Act::Ruling);
    opt.amount = Some(Amount {
        mci: cp.max_mci,
        kind: AmountKind::UpTo,
    });
    opt.appeal(
        "private_complaint",
        Some("crpc_private_complaint"),
        None,
        &["CrPC 415(3)", "CrPC 418(1)"],
    );
    exempt_from_criminal_penalty(ctx, &mut opt);
    // CrPC 160(2): "Если соответствующее нарушение допущено в ходе судебного заседания, то
    // взыскание налагается судом в том судебном заседании, где это нарушение было установлено"
    // — the breach must be in session, not the person stay: leaving the courtroom after it does
    // not take the penalty away (CPC 120(4)'s routing concerns CoAO 653, not this penalty).
    if !ctx.breach_in_session {
        opt.bar(Why::NotInSession, &["CrPC 160(2)"]);
    }
    // CrPC 346(1): only "in cases not containing signs of a criminal offence".
    no_criminal_signs(ctx, &mut opt);
    one_per_act(ctx, &mut opt);
    opt.note(Why::MciDayOpen, &["CrPC 160(4)"]);
    opt.follow_up(Why::PaymentDeferral, &["CrPC 160(5)"]);
    opt
}

/// CrPC 346(1): "Денежное взыскание не может быть наложено на подсудимого и его адвоката,
/// участвующего в качестве защитника"; CrPC 159: on "иных лиц, за исключением адвоката,
/// прокурора и подсудимого". An unknown `person.advocate` is a caution where an advocate is
/// likely (defence counsel, representatives), never an assumed answer.
fn exempt_from_criminal_penalty(ctx: &Ctx, opt: &mut Opt) {
    let counsel = ctx.role() == "defence_counsel";
    let advocate_basis: &[&str] = if counsel {
        &["CrPC 346(1)", "CrPC 159"]
    } else {
        &["CrPC 159"]
    };
    match (ctx.role(), ctx.f.person.advocate) {
        ("defendant", _) => opt.bar(
            Why::PenaltyBarredDefendantCounsel,
            &["CrPC 346(1)", "CrPC 159"],
        ),
        ("prosecutor", _) => opt.bar(Why::PenaltyBarredProsecutor, &["CrPC 159"]),
        (_, Some(true)) => opt.bar(Why::PenaltyBarredAdvocate, advocate_basis),
        ("defence_counsel" | "representative", None) => {
            opt.caution(Why::PenaltyRepresentativeAdvocate, advocate_basis)
        }
        ("defence_counsel", Some(false)) => opt.note(Why::DefenderNotAdvocate, advocate_basis),
        _ => {}
    }
}

fn administrative_penalty(ctx: &Ctx) -> Opt {
    let ap = &ctx.cat.administrative_penalty;
    let mut opt = Opt::new(
        Measure::MonetaryPenalty,
        &[
            ap.fixed_basis.as_str(),
            ap.range_basis.as_str(),
            "APPC 124(2)",
        ],
    );
    opt.act = Some(Act::Ruling);
    opt.amount = Some(Amount {
        mci: ap.fixed_mci,
        kind: AmountKind::Fixed,
    });
    opt.appeal(
        "private_complaint",
        Some("appc_private_complaint"),
        Some(true),
        &["APPC 124(2)"],
    );
    increased_on_non_compliance(ctx, &mut opt);
    match ctx.f.incident.place {
        Place::InSession | Place::LeftCourtroom => {}
        Place::Evasion if ctx.participant == Participant::Yes => {}
        Place::Evasion => opt.caution(Why::AppcNonAppearanceOthers, &["APPC 127(4)"]),
        Place::OutsideSession => opt.caution(Why::AppcOutsideSession, &["APPC 127(4)"]),
    }
    if matches!(
        ctx.f.incident.conduct,
        Conduct::BreachOfOrder | Conduct::MassDisorder
    ) {
        opt.caution(
            Why::AppcBreachOfOrderNotListed,
            &["APPC 127(4)", "APPC 125", "APPC 126(1)"],
        );
    }
    if ctx.criminal.is_some() {
        opt.caution(Why::AppcCriminalSigns, &["APPC 124(5)"]);
    }
    one_per_act(ctx, &mut opt);
    opt.note(Why::MciDayOpen, &["APPC 127(2)"]);
    opt.follow_up(Why::AppcPriorNotice, &["APPC 127(2)"]);
    opt.follow_up(Why::AppcPayableAfterForce, &["APPC 127(6)"]);
    opt.follow_up(Why::AppcReliefApplication, &["APPC 127(7)"]);
    opt
}

/// APPC 127(9): "При неисполнении судебного акта или требования суда, указанного в частях
/// третьей и четвертой настоящей статьи, суд вправе наложить новое денежное взыскание в размере,
/// увеличенном на десять месячных расчетных показателей" — the amount is the earlier one plus
/// the increase, shown only when the earlier amount is known.
fn increased_on_non_compliance(ctx: &Ctx, opt: &mut Opt) {
    let h = &ctx.f.history;
    if h.earlier_penalty_not_complied != Some(true) {
        return;
    }
    let ap = &ctx.cat.administrative_penalty;
    let basis = ap.increase_basis.as_str();
    opt.basis.push(basis.to_string());
    let increase = ap.increase_mci.to_string();
    let Some(earlier) = h.earlier_penalty_mci else {
        opt.amount = None;
        opt.push(
            Reason::new(ReasonKind::Caution, Why::AppcEarlierAmountUnknown, &[basis])
                .with("increase", increase),
        );
        return;
    };
    let mci = earlier.saturating_add(ap.increase_mci);
    opt.amount = Some(Amount {
        mci,
        kind: AmountKind::Fixed,
    });
    opt.push(
        Reason::new(ReasonKind::Note, Why::AppcIncreasedPenalty, &[basis])
            .with("earlier", earlier.to_string())
            .with("increase", increase)
            .with("mci", mci.to_string()),
    );
    if mci > ap.max_mci {
        opt.push(
            Reason::new(
                ReasonKind::Caution,
                Why::AppcIncreaseAboveRange,
                &[ap.range_basis.as_str(), basis],
            )
            .with("mci", mci.to_string())
            .with("max", ap.max_mci.to_string()),
        );
    }
}

/// C4: on mass disorder the court may remove everyone not participating and sit in closed
/// session, by a ruling entered in the protocol, or adjourn (CPC 188(4), 19(2), 19(8)).
pub(crate) fn closed_session(ctx: &Ctx) -> Opt {
    let mut opt = Opt::new(
        Measure::ClosedSession,
        &["CPC 188(4)", "CPC 19(2)", "CPC 19(8)"],
    );
    opt.act = Some(Act::RulingInProtocol);
    opt.appeal("objections_in_appeal", None, None, &["CPC 429(2)"]);
    if ctx.f.incident.conduct != Conduct::MassDisorder {
        opt.bar(Why::ClosedSessionOnlyMass, &["CPC 188(4)"]);
    } else {
        opt.note(Why::ClosedSessionOrAdjourn, &["CPC 188(4)"]);
    }
    in_session(ctx, &mut opt, &["CPC 188(4)"]);
    one_per_act(ctx, &mut opt);
    opt
}
