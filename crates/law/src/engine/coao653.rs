//! CoAO 653 in the courtroom (C5, Cr4): administrative liability for contempt found during a
//! civil or criminal trial, heard at once (CoAO 684(3), 829-10(4)-(5); CPC 120; CrPC 346(1);
//! NP1 p.10), set out in a separate reasoned ruling (NP1 p.10; CoAO 829-14(3), 822(1)), on a
//! person of the age of administrative liability (CoAO 30).

use super::gates::{no_criminal_signs, one_per_act};
use super::{Ctx, Why, bars};
use crate::advice::{Act, Amount, AmountKind, Opt, Reason, ReasonKind};
use crate::facts::{CaseKind, PersonKind};
use crate::measure::Measure;

pub(crate) fn option(ctx: &Ctx, m: Measure) -> Opt {
    let part_basis = format!("CoAO 653({})", ctx.part);
    if ctx.kind == CaseKind::Administrative {
        // G4: the article does not reach what APPC coercion covers (CoAO 653, note); NP1 p.10
        // gives CoAO 653 to criminal and civil trials only.
        let mut opt = Opt::new(m, &["CoAO 653 note", "NP1 p.10"]);
        opt.bar(Why::Coao653NotInAppc, &["CoAO 653 note", "NP1 p.10"]);
        return opt;
    }
    let mut basis = vec![part_basis.as_str()];
    match ctx.kind {
        CaseKind::Civil => basis.extend(["CPC 188(5)", "CPC 120(1)"]),
        _ => basis.extend(["CrPC 346(1)", "CoAO 684(3)"]),
    }
    basis.extend(["CoAO 829-10(4)", "CoAO 829-10(5)", "NP1 p.10"]);
    let mut opt = Opt::new(m, &basis);
    opt.act = Some(Act::SeparateReasonedRuling);
    opt.appeal(
        "coao_complaint",
        Some("coao_complaint"),
        Some(true),
        &["CoAO 829-2(3)", "CoAO 829-4(1)", "CoAO 829-4(4)"],
    );
    common_gates(ctx, &mut opt);
    let sanction = ctx.cat.coao653(ctx.part, ctx.day);
    if sanction.is_none() {
        opt.push(
            Reason::new(
                ReasonKind::Caution,
                Why::SanctionWordingMissing,
                &[&part_basis],
            )
            .with("date", ctx.day.to_string()),
        );
    }
    // CoAO 43(2): without aggravating circumstances (art. 57) the warning the article provides
    // is mandatory, so part 1's stricter penalties need them established.
    let stricter_in_part_1 = ctx.part == 1 && m != Measure::Coao653Warning;
    if stricter_in_part_1 {
        match ctx.f.incident.aggravating_circumstances {
            None => opt.caution(Why::AggravatingUnknown, &["CoAO 43(2)", "CoAO 57"]),
            Some(false) => opt.bar(Why::WarningMandatory, &["CoAO 43(2)"]),
            Some(true) => {}
        }
    }
    let legal_entity = ctx.f.person.kind == PersonKind::LegalEntity;
    if !legal_entity {
        // CoAO 30: below the age of administrative liability no CoAO 653 penalty at all.
        bars::apply(ctx, &mut opt, &ctx.cat.liability_bars);
    }
    match m {
        Measure::Coao653Warning => {
            opt.basis.push("CoAO 43(1)".into());
            if sanction.is_some_and(|s| !s.warning) {
                opt.bar(Why::NoWarningInPart2, &["CoAO 653(2)"]);
            }
            if ctx.part == 1 && ctx.f.incident.aggravating_circumstances == Some(false) {
                opt.note(Why::WarningMandatoryNote, &["CoAO 43(2)"]);
            }
            if legal_entity {
                opt.caution(Why::LegalEntityPresent, &["CoAO 684(3)"]);
            }
        }
        Measure::Coao653Fine => {
            opt.basis.push("CoAO 44(1)".into());
            if let Some(s) = sanction {
                opt.amount = Some(Amount {
                    mci: s.fine_mci,
                    kind: AmountKind::Fixed,
                });
            }
            if legal_entity {
                opt.caution(Why::LegalEntityPresent, &["CoAO 684(3)"]);
            }
            opt.note(Why::MciDayCoao, &["CoAO 44(1)"]);
            opt.follow_up(Why::FinePayment, &["CoAO 893(1)"]);
        }
        Measure::Coao653CommunityService => {
            opt.basis.extend([
                "CoAO 49-1(1)".into(),
                "CoAO 49-1(2)".into(),
                "CoAO 49-1(4)".into(),
            ]);
            if let Some(s) = sanction {
                opt.min_hours = Some(ctx.cat.community_service_min_hours);
                opt.max_hours = Some(s.community_service_max_hours);
            }
            if legal_entity {
                opt.bar(Why::NotForLegalEntity, &["CoAO 41(2)", "CoAO 49-1(1)"]);
            } else {
                match ctx.f.person.consents_to_community_service {
                    None => opt.caution(Why::ConsentUnknown, &["CoAO 49-1(2)"]),
                    Some(false) => opt.bar(Why::NoConsent, &["CoAO 49-1(2)"]),
                    Some(true) => {}
                }
                bars::apply(ctx, &mut opt, &ctx.cat.community_service_bars);
            }
        }
        Measure::Coao653Arrest => {
            opt.basis.extend(["CoAO 50(1)".into(), "CoAO 50(2)".into()]);
            if let Some(s) = sanction {
                opt.max_days = Some(s.arrest_max_days);
            }
            if legal_entity {
                opt.bar(Why::NotForLegalEntity, &["CoAO 41(2)"]);
            } else {
                bars::apply(ctx, &mut opt, &ctx.cat.arrest_bars);
            }
            opt.note(Why::ArrestExceptional, &["CoAO 50(1)"]);
            opt.follow_up(Why::ArrestAppealSameDay, &["CoAO 829-3(4)"]);
        }
        _ => {}
    }
    follow_ups(ctx, &mut opt);
    opt
}

/// G1-G3 and the points on who may be penalised.
fn common_gates(ctx: &Ctx, opt: &mut Opt) {
    if !ctx.in_session {
        // G2: outside the session the general procedure applies (offence report).
        let basis: &[&str] = match ctx.kind {
            CaseKind::Civil => &["CPC 120(4)", "CPC 120(5)", "CoAO 684(1)", "NP1 p.10"],
            _ => &["CoAO 684(3)", "CoAO 684(1)", "NP1 p.10"],
        };
        opt.bar(Why::Coao653NotInSession, basis);
    }
    no_criminal_signs(ctx, opt);
    one_per_act(ctx, opt);
    let exempt_role = matches!(ctx.role(), "defendant" | "defence_counsel" | "prosecutor");
    if ctx.kind == CaseKind::Criminal && (exempt_role || ctx.f.person.advocate == Some(true)) {
        // Cr4: CrPC 346(1) and 159 exempt the defendant, the defence advocate, advocates and
        // the prosecutor from the CrPC's own penalty (346(1) the prosecutor and defence counsel
        // from removal too); whether CoAO 653 may fall on them the texts do not settle.
        opt.caution(
            Why::Coao653CriminalDefendant,
            &["CrPC 346(1)", "CrPC 159", "CoAO 684(3)"],
        );
    }
    if ctx.role() == "public" {
        // Settled (issue 13): CoAO 684(3), 829-10(4)-(5) and CPC 188(5) speak of a person
        // present in the process, CoAO 653(1) of participants "и иных лиц"; CPC 187-1(3) and
        // 19(7) make recording by others present a ground of contempt liability.
        let basis: &[&str] = match ctx.kind {
            CaseKind::Civil => &[
                "CoAO 653(1)",
                "CoAO 684(3)",
                "CoAO 829-10(4)",
                "CoAO 829-10(5)",
                "CPC 188(5)",
                "CPC 187-1(3)",
                "CPC 19(7)",
            ],
            _ => &[
                "CoAO 653(1)",
                "CoAO 684(3)",
                "CoAO 829-10(4)",
                "CoAO 829-10(5)",
            ],
        };
        opt.note(Why::Coao653Public, basis);
    }
}

fn follow_ups(ctx: &Ctx, opt: &mut Opt) {
    match ctx.kind {
        CaseKind::Civil => {
            opt.follow_up(Why::Coao653Announce, &["CPC 120(1)", "CoAO 829-10(4)"]);
            opt.follow_up(Why::Coao653Explanations, &["CPC 120(2)"]);
            opt.follow_up(Why::Coao653RulingAfterSession, &["CPC 120(3)"]);
        }
        _ => {
            opt.follow_up(Why::Coao653Announce, &["CrPC 346(1)", "CoAO 829-10(4)"]);
            opt.follow_up(Why::Coao653Explanations, &["CoAO 829-10(4)"]);
        }
    }
    opt.follow_up(
        Why::Coao653RulingContents,
        &["CoAO 829-14(3)", "CoAO 822(1)", "NP1 p.10"],
    );
    opt.follow_up(
        Why::Coao653ProtocolExcerpt,
        &["CoAO 829-3(2)", "CoAO 829-10(5)"],
    );
}
