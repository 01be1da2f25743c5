//! One or more named tests per rule of LAW.md (G1-G4, C1-C5, Cr1-Cr4, A1-A3, the CoAO 653
//! penalties and bars, protocol derivation), plus the statute points encoded beyond it.

use ::law::Measure::*;
use ::law::Status::*;
use ::law::advice::{Act, AmountKind};
use serde_json::json;

use super::fixtures::{base, run, set, status, why};

// ── G1-G4 ──────────────────────────────────────────────────────────────────────────────────

#[test]
fn g1_criminal_signs_bar_coao653_and_offer_referral_but_keep_removal() {
    let a = run(&set(
        base("civil", "defendant"),
        "/incident/criminal_signs",
        json!(true),
    ));
    for m in [
        Coao653Warning,
        Coao653Fine,
        Coao653CommunityService,
        Coao653Arrest,
    ] {
        assert_eq!(status(&a, m), Blocked, "{m:?}");
        assert!(why(&a, m).contains(&"criminal_signs_judge"));
    }
    assert_eq!(status(&a, ReferProsecutor), Available);
    assert!(
        a.option(ReferProsecutor)
            .unwrap()
            .basis
            .contains(&"CPC 120(6)".to_string())
    );
    assert_eq!(status(&a, Removal), Available);
}

#[test]
fn g1_insult_of_judge_is_a_crime_under_cc_410_2() {
    let f = set(
        base("criminal", "witness"),
        "/incident/conduct",
        json!("insult_of_judge"),
    );
    let a = run(&f);
    assert_eq!(status(&a, Coao653Fine), Blocked);
    assert_eq!(status(&a, MonetaryPenalty), Blocked);
    let refer = a.option(ReferProsecutor).unwrap();
    assert_eq!(refer.status(), Available);
    assert!(refer.basis.contains(&"CC 410(2)".to_string()));
    assert!(refer.basis.contains(&"CrPC 346(5)".to_string()));
}

#[test]
fn g1_insult_of_participant_is_a_crime_under_cc_410_1() {
    let f = set(
        base("civil", "plaintiff"),
        "/incident/conduct",
        json!("insult_of_participant"),
    );
    let a = run(&f);
    assert!(why(&a, Coao653Fine).contains(&"criminal_signs_insult_participant"));
    assert!(
        a.option(ReferProsecutor)
            .unwrap()
            .basis
            .contains(&"CC 410(1)".to_string())
    );
}

#[test]
fn g2_not_in_session_routes_to_offence_protocol() {
    for place in ["left_courtroom", "outside_session", "evasion"] {
        let mut f = set(base("civil", "defendant"), "/incident/where", json!(place));
        if place == "evasion" {
            // The elements CoAO 653(1) names for non-appearance, established.
            f = set(f, "/incident/evasion_without_good_reason", json!(true));
            f = set(f, "/incident/case_cannot_proceed", json!(true));
        }
        let a = run(&f);
        assert_eq!(status(&a, Coao653Fine), Blocked, "{place}");
        assert!(why(&a, Coao653Fine).contains(&"coao653_not_in_session"));
        assert_eq!(status(&a, Warning), Blocked, "{place}");
        let referral = a.option(OffenceProtocolReferral).unwrap();
        assert_eq!(referral.status(), Available, "{place}");
        assert_eq!(referral.act, Some(Act::OffenceProtocol));
        assert!(referral.basis.contains(&"CPC 120(4)".to_string()));
    }
}

#[test]
fn g2_in_session_there_is_no_offence_protocol() {
    let a = run(&base("civil", "defendant"));
    assert_eq!(status(&a, OffenceProtocolReferral), Blocked);
    assert!(why(&a, OffenceProtocolReferral).contains(&"in_session_court_acts"));
}

#[test]
fn g3_one_coercive_measure_per_act() {
    let f = set(
        base("civil", "defendant"),
        "/history/measures_for_this_act",
        json!(["warning"]),
    );
    let a = run(&f);
    assert_eq!(status(&a, Removal), Blocked);
    assert!(why(&a, Removal).contains(&"one_measure_per_act"));
    // "and/or one type of liability": a CoAO 653 penalty may still follow (CPC 119(4)).
    assert_ne!(status(&a, Coao653Fine), Blocked);
}

#[test]
fn g3_one_type_of_liability_per_act() {
    let f = set(
        base("civil", "defendant"),
        "/history/measures_for_this_act",
        json!(["coao653_fine"]),
    );
    let a = run(&f);
    assert_eq!(status(&a, Coao653Arrest), Blocked);
    assert!(why(&a, Coao653Arrest).contains(&"one_liability_per_act"));
    assert_eq!(status(&a, Removal), Available);
}

#[test]
fn g4_no_coao653_in_administrative_cases() {
    let a = run(&base("administrative", "claimant"));
    for m in [
        Coao653Warning,
        Coao653Fine,
        Coao653CommunityService,
        Coao653Arrest,
    ] {
        assert_eq!(status(&a, m), Blocked);
        assert_eq!(why(&a, m), vec!["coao653_not_in_appc"]);
    }
}

// ── Civil: C1-C5 ───────────────────────────────────────────────────────────────────────────

#[test]
fn c1_warning_by_the_presiding_judge_to_anyone() {
    for role in ["defendant", "public", "witness", "representative"] {
        let a = run(&base("civil", role));
        let w = a.option(Warning).unwrap();
        assert_eq!(w.status(), Available, "{role}");
        assert_eq!(w.basis, vec!["CPC 188(1)"]);
        assert_eq!(w.act, Some(Act::ProtocolEntry));
    }
}

#[test]
fn c2_removal_of_a_participant_needs_a_repeated_breach_and_a_ruling() {
    let first = run(&set(
        base("civil", "plaintiff"),
        "/history/warned_in_hearing",
        json!(false),
    ));
    assert_eq!(status(&first, Removal), Blocked);
    assert!(why(&first, Removal).contains(&"removal_needs_repeat"));
    let repeat = run(&base("civil", "plaintiff"));
    let r = repeat.option(Removal).unwrap();
    assert_eq!(r.status(), Available);
    assert_eq!(r.act, Some(Act::RulingInProtocol));
    assert_eq!(r.appeal.as_ref().unwrap().route, "objections_in_appeal");
    assert!(r.follow_ups.iter().any(|f| f.why.id() == "brief_on_return"));
}

#[test]
fn c2_representative_removal_is_a_caution_on_the_open_point() {
    let a = run(&base("civil", "representative"));
    assert_eq!(status(&a, Removal), Caution);
    assert!(why(&a, Removal).contains(&"representative_civil"));
}

#[test]
fn c3_removal_of_others_by_the_presiding_judges_order() {
    let a = run(&base("civil", "public"));
    let r = a.option(Removal).unwrap();
    assert_eq!(r.status(), Available);
    assert_eq!(r.act, Some(Act::PresidingJudgeOrder));
    assert_eq!(r.basis, vec!["CPC 188(3)"]);
    let first = run(&set(
        base("civil", "public"),
        "/history/warned_in_hearing",
        json!(false),
    ));
    assert_eq!(status(&first, Removal), Blocked);
}

#[test]
fn c4_closed_session_only_on_mass_disorder() {
    let calm = run(&base("civil", "public"));
    assert_eq!(status(&calm, ClosedSession), Blocked);
    let mass = run(&set(
        base("civil", "public"),
        "/incident/conduct",
        json!("mass_disorder"),
    ));
    let c = mass.option(ClosedSession).unwrap();
    assert_eq!(c.status(), Available);
    assert_eq!(c.act, Some(Act::RulingInProtocol));
}

#[test]
fn c5_contempt_coao653_fine_by_separate_reasoned_ruling_with_amounts() {
    let a = run(&base("civil", "defendant"));
    let fine = a.option(Coao653Fine).unwrap();
    assert_eq!(fine.status(), Available);
    assert_eq!(fine.act, Some(Act::SeparateReasonedRuling));
    assert_eq!(fine.amount.unwrap().mci, 20);
    assert_eq!(fine.amount.unwrap().kind, AmountKind::Fixed);
    assert_eq!(a.mci_kzt, Some(4325));
    let appeal = fine.appeal.as_ref().unwrap();
    assert_eq!(appeal.deadline, Some("coao_complaint"));
    assert_eq!(appeal.suspends, Some(true));
    let follow: Vec<_> = fine.follow_ups.iter().map(|f| f.why.id()).collect();
    assert!(follow.contains(&"coao653_ruling_after_session"));
    assert!(follow.contains(&"coao653_explanations"));
    assert!(follow.contains(&"fine_payment"));
}

// ── Criminal: Cr1-Cr4 ──────────────────────────────────────────────────────────────────────

#[test]
fn cr1_removal_of_anyone_but_prosecutor_and_defence_counsel() {
    for role in ["prosecutor", "defence_counsel"] {
        let a = run(&set(
            base("criminal", role),
            "/history/warned_in_hearing",
            json!(false),
        ));
        assert_eq!(status(&a, Removal), Blocked, "{role}");
        assert!(why(&a, Removal).contains(&"removal_barred_role"));
    }
    // No warning needed first in criminal trials.
    let w = run(&set(
        base("criminal", "victim"),
        "/history/warned_in_hearing",
        json!(false),
    ));
    let r = w.option(Removal).unwrap();
    assert_eq!(r.status(), Available);
    assert_eq!(r.act, Some(Act::Ruling));
    let public = run(&base("criminal", "public"));
    assert_eq!(
        public.option(Removal).unwrap().act,
        Some(Act::PresidingJudgeOrder)
    );
}

#[test]
fn cr1_warning_is_optional_and_jury_trials_warn_first() {
    let f = set(base("criminal", "witness"), "/case/jury", json!(true));
    let a = run(&f);
    let w = why(&a, Warning);
    assert!(w.contains(&"criminal_warning_optional"));
    assert!(w.contains(&"jury_warn_first"));
    assert_eq!(status(&a, Warning), Available);
}

#[test]
fn cr2_monetary_penalty_up_to_50_mci_never_on_defendant_counsel_prosecutor() {
    let a = run(&base("criminal", "witness"));
    let p = a.option(MonetaryPenalty).unwrap();
    assert_eq!(p.status(), Available);
    assert_eq!(p.amount.unwrap().mci, 50);
    assert_eq!(p.amount.unwrap().kind, AmountKind::UpTo);
    assert_eq!(
        p.appeal.as_ref().unwrap().deadline,
        Some("crpc_private_complaint")
    );
    for role in ["defendant", "prosecutor"] {
        assert_eq!(
            status(&run(&base("criminal", role)), MonetaryPenalty),
            Blocked,
            "{role}"
        );
    }
    let advocate = set(
        base("criminal", "defence_counsel"),
        "/person/advocate",
        json!(true),
    );
    assert_eq!(status(&run(&advocate), MonetaryPenalty), Blocked);
    assert_eq!(
        status(&run(&base("criminal", "representative")), MonetaryPenalty),
        Caution
    );
    assert_eq!(
        status(&run(&base("criminal", "public")), MonetaryPenalty),
        Available
    );
}

#[test]
fn cr3_removed_defendant_is_asked_before_every_session() {
    let a = run(&base("criminal", "defendant"));
    let r = a.option(Removal).unwrap();
    assert!(
        r.follow_ups
            .iter()
            .any(|f| f.why.id() == "ask_removed_defendant")
    );
}

#[test]
fn cr4_coao653_on_defendant_is_a_caution_not_a_guess() {
    let a = run(&base("criminal", "defendant"));
    assert_eq!(status(&a, Coao653Warning), Caution);
    assert!(why(&a, Coao653Warning).contains(&"coao653_criminal_defendant"));
    assert_eq!(
        status(&run(&base("criminal", "witness")), Coao653Warning),
        Available
    );
}

// ── Administrative cases: A1-A3 ────────────────────────────────────────────────────────────

#[test]
fn a1_reprimand_entered_in_protocol() {
    let a = run(&base("administrative", "defendant"));
    let r = a.option(Reprimand).unwrap();
    assert_eq!(r.status(), Available);
    assert_eq!(r.act, Some(Act::ProtocolEntry));
    assert!(a.option(Warning).is_none(), "the APPC has no warning");
}

#[test]
fn a2_participant_removal_only_after_reprimand_others_without() {
    let f = set(
        base("administrative", "claimant"),
        "/history/warned_in_hearing",
        json!(false),
    );
    assert_eq!(status(&run(&f), Removal), Blocked);
    assert_eq!(
        status(&run(&base("administrative", "claimant")), Removal),
        Available
    );
    let w = set(
        base("administrative", "witness"),
        "/history/warned_in_hearing",
        json!(false),
    );
    let a = run(&w);
    assert_eq!(status(&a, Removal), Available);
    assert_eq!(
        a.option(Removal).unwrap().act,
        Some(Act::PresidingJudgeOrder)
    );
}

#[test]
fn a3_monetary_penalty_20_mci_by_ruling_appealable_10_working_days() {
    let a = run(&base("administrative", "claimant"));
    let p = a.option(MonetaryPenalty).unwrap();
    assert_eq!(p.status(), Available);
    assert_eq!(p.amount.unwrap().mci, 20);
    let appeal = p.appeal.as_ref().unwrap();
    assert_eq!(appeal.deadline, Some("appc_private_complaint"));
    assert_eq!(appeal.suspends, Some(true));
    let plain = set(
        base("administrative", "claimant"),
        "/incident/conduct",
        json!("breach_of_order"),
    );
    assert_eq!(status(&run(&plain), MonetaryPenalty), Caution);
}

// ── CoAO 653 penalties, bars and consent ────────────────────────────────────────────────────

#[test]
fn coao653_part2_on_repeat_has_no_warning_and_higher_limits() {
    let a = run(&set(
        base("civil", "defendant"),
        "/history/coao653_within_year",
        json!(true),
    ));
    assert_eq!(a.coao653_part, 2);
    assert_eq!(status(&a, Coao653Warning), Blocked);
    assert_eq!(a.option(Coao653Fine).unwrap().amount.unwrap().mci, 30);
    assert_eq!(
        a.option(Coao653CommunityService).unwrap().max_hours,
        Some(40)
    );
    assert_eq!(a.option(Coao653Arrest).unwrap().max_days, Some(10));
}

#[test]
fn coao653_part1_limits_and_community_service_minimum() {
    let a = run(&base("civil", "defendant"));
    let cs = a.option(Coao653CommunityService).unwrap();
    assert_eq!((cs.min_hours, cs.max_hours), (Some(10), Some(20)));
    assert_eq!(a.option(Coao653Arrest).unwrap().max_days, Some(5));
}

#[test]
fn coao653_warning_is_mandatory_without_aggravating_circumstances() {
    let none = set(
        base("civil", "defendant"),
        "/incident/aggravating_circumstances",
        json!(false),
    );
    let a = run(&none);
    assert_eq!(status(&a, Coao653Fine), Blocked);
    assert!(why(&a, Coao653Fine).contains(&"warning_mandatory"));
    assert_eq!(status(&a, Coao653Warning), Available);
    let unknown = set(
        base("civil", "defendant"),
        "/incident/aggravating_circumstances",
        json!(null),
    );
    assert_eq!(status(&run(&unknown), Coao653Fine), Caution);
}

#[test]
fn coao653_arrest_bars_of_coao_50_2() {
    let cases = [
        ("/person/birth_date", json!("2010-01-01")), // under 18
        ("/person/disability_group", json!(2)),
        ("/person/birth_date", json!("1960-01-01")), // man over 63
    ];
    for (path, value) in cases {
        let a = run(&set(base("civil", "defendant"), path, value.clone()));
        assert_eq!(status(&a, Coao653Arrest), Blocked, "{path} = {value}");
    }
    let woman = set(
        set(base("civil", "defendant"), "/person/sex", json!("female")),
        "/person/pregnant",
        json!(true),
    );
    assert_eq!(status(&run(&woman), Coao653Arrest), Blocked);
    let mother = set(
        set(
            set(base("civil", "defendant"), "/person/sex", json!("female")),
            "/person/pregnant",
            json!(false),
        ),
        "/person/youngest_child_age",
        json!(13),
    );
    assert_eq!(status(&run(&mother), Coao653Arrest), Blocked);
    let father = set(
        set(
            base("civil", "defendant"),
            "/person/youngest_child_age",
            json!(10),
        ),
        "/person/raises_children_alone",
        json!(true),
    );
    assert_eq!(status(&run(&father), Coao653Arrest), Blocked);
    assert_eq!(
        status(&run(&father), Coao653CommunityService),
        Available,
        "child over 3"
    );
}

#[test]
fn coao653_arrest_age_boundary_is_an_open_point() {
    // A man past his 63rd birthday, not yet 64: "over 63" is not settled.
    let f = set(
        base("civil", "defendant"),
        "/person/birth_date",
        json!("1963-11-23"),
    );
    let a = run(&f);
    assert_eq!(status(&a, Coao653Arrest), Caution);
    assert!(why(&a, Coao653Arrest).contains(&"bar_age_boundary"));
    // ... while community service bars "63 and over" outright.
    assert_eq!(status(&a, Coao653CommunityService), Blocked);
}

#[test]
fn coao653_missing_birth_date_makes_arrest_a_caution_naming_the_fact() {
    let a = run(&set(
        base("civil", "defendant"),
        "/person/birth_date",
        json!(null),
    ));
    let arrest = a.option(Coao653Arrest).unwrap();
    assert_eq!(arrest.status(), Caution);
    let r = arrest
        .reasons
        .iter()
        .find(|r| r.why.id() == "bar_unknown")
        .unwrap();
    assert!(
        r.params
            .iter()
            .any(|(k, v)| *k == "facts" && v.contains("person.birth_date"))
    );
}

#[test]
fn coao653_community_service_needs_consent_and_residence() {
    let no = set(
        base("civil", "defendant"),
        "/person/consents_to_community_service",
        json!(false),
    );
    assert_eq!(status(&run(&no), Coao653CommunityService), Blocked);
    let unknown = set(
        base("civil", "defendant"),
        "/person/consents_to_community_service",
        json!(null),
    );
    assert_eq!(status(&run(&unknown), Coao653CommunityService), Caution);
    let foreigner = set(
        set(
            base("civil", "defendant"),
            "/person/permanent_resident",
            json!(false),
        ),
        "/person/citizenship",
        json!("foreign_citizen"),
    );
    assert_eq!(status(&run(&foreigner), Coao653CommunityService), Blocked);
    let woman58 = set(
        set(
            set(base("civil", "defendant"), "/person/sex", json!("female")),
            "/person/pregnant",
            json!(false),
        ),
        "/person/birth_date",
        json!("1968-11-24"),
    );
    assert_eq!(status(&run(&woman58), Coao653CommunityService), Blocked);
}

#[test]
fn coao653_legal_entity_gets_no_arrest_or_community_service() {
    let mut f = base("civil", "defendant");
    for k in [
        "birth_date",
        "sex",
        "youngest_child_age",
        "raises_children_alone",
        "disability_group",
    ] {
        f = set(f, &format!("/person/{k}"), json!(null));
    }
    let a = run(&set(f, "/person/kind", json!("legal_entity")));
    assert_eq!(status(&a, Coao653Arrest), Blocked);
    assert_eq!(status(&a, Coao653CommunityService), Blocked);
    assert_eq!(status(&a, Coao653Fine), Caution);
}

#[test]
fn wording_in_force_on_incident_date_before_2025_09_01() {
    let f = set(
        base("civil", "defendant"),
        "/incident/date",
        json!("2025-06-10"),
    );
    let a = run(&f);
    // Community service did not exist before 01.09.2025 (CoAO 49-1 was added then).
    assert_eq!(status(&a, Coao653CommunityService), Blocked);
    assert!(why(&a, Coao653CommunityService).contains(&"not_yet_in_law"));
    // The older CoAO 653 sanctions are not in the catalog: caution, no amount.
    let fine = a.option(Coao653Fine).unwrap();
    assert_eq!(fine.status(), Caution);
    assert!(fine.amount.is_none());
    assert_eq!(a.mci_kzt, Some(3932));
}

#[test]
fn mci_of_a_year_not_in_the_catalog_is_a_caution() {
    let a = run(&set(
        base("civil", "defendant"),
        "/incident/date",
        json!("2023-03-01"),
    ));
    assert_eq!(a.mci_kzt, None);
    assert!(a.notes.iter().any(|n| n.why.id() == "mci_year_missing"));
}

// ── Protocol derivation by instance ─────────────────────────────────────────────────────────

#[test]
fn protocol_kept_first_instance_always() {
    for kind in ["civil", "administrative"] {
        assert_eq!(
            run(&base(kind, "defendant")).protocol_entry_required,
            Some(true)
        );
    }
    assert_eq!(
        run(&base("criminal", "witness")).protocol_entry_required,
        Some(true)
    );
}

#[test]
fn protocol_on_appeal_depends_on_new_evidence() {
    let appeal = set(
        base("civil", "defendant"),
        "/case/instance",
        json!("appeal"),
    );
    assert_eq!(run(&appeal).protocol_entry_required, None);
    let with = set(appeal.clone(), "/case/appeal_new_evidence", json!(true));
    assert_eq!(run(&with).protocol_entry_required, Some(true));
    let without = set(appeal, "/case/appeal_new_evidence", json!(false));
    assert_eq!(run(&without).protocol_entry_required, Some(false));
}

#[test]
fn protocol_cassation_none_civil_open_criminal_and_judge_override() {
    let civil = set(
        base("civil", "defendant"),
        "/case/instance",
        json!("cassation"),
    );
    assert_eq!(run(&civil).protocol_entry_required, Some(false));
    let criminal = set(
        base("criminal", "witness"),
        "/case/instance",
        json!("cassation"),
    );
    let a = run(&criminal);
    assert_eq!(a.protocol_entry_required, None);
    assert!(
        a.notes
            .iter()
            .any(|n| n.why.id() == "protocol_criminal_cassation")
    );
    let set_by_judge = set(criminal, "/case/protocol_kept", json!(true));
    assert_eq!(run(&set_by_judge).protocol_entry_required, Some(true));
}
