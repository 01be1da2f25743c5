//! The second reading of the statutes (issue 13): one named test per defect found, each test
//! named after the defect and the article and part that settle it; then the points settled with
//! the texts and the facts the contract gained.

use ::law::Measure::*;
use ::law::Status::*;
use ::law::advice::AmountKind;
use serde_json::{Value, json};

use super::fixtures::{base, catalog, cites, reason, run, set, status, why};

/// The base facts with the given personal facts removed (not known).
fn unknown(mut f: Value, fields: &[&str]) -> Value {
    for k in fields {
        f = set(f, &format!("/person/{k}"), Value::Null);
    }
    f
}

fn param<'a>(r: &'a ::law::advice::Reason, name: &str) -> &'a str {
    r.params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

// ── Defect 1: a bar that holds whatever the unknown fact is ────────────────────────────────

#[test]
fn coao_50_2_and_49_1_7_bar_a_66_year_old_whatever_the_sex() {
    // 66 on the incident date, sex not entered: "women over 58, men over 63" (50(2)) and
    // "58 and over / 63 and over" (49-1(7)) bar both sexes.
    let f = unknown(
        set(
            base("civil", "defendant"),
            "/person/birth_date",
            json!("1960-01-01"),
        ),
        &["sex"],
    );
    let a = run(&f);
    for (m, basis, bars) in [
        (Coao653Arrest, "CoAO 50(2)", "woman_over_58,man_over_63"),
        (
            Coao653CommunityService,
            "CoAO 49-1(7)",
            "woman_58_and_over,man_63_and_over",
        ),
    ] {
        assert_eq!(status(&a, m), Blocked, "{m:?}");
        let r = reason(&a, m, "bar_either_way").expect("the bar says it holds either way");
        assert_eq!(r.basis, vec![basis]);
        assert_eq!(param(r, "bars"), bars);
        assert_eq!(param(r, "facts"), "person.sex");
        assert!(
            !why(&a, m).contains(&"bar_unknown"),
            "{m:?}: no caution left"
        );
    }
}

#[test]
fn coao_49_1_7_and_50_2_bar_a_lone_parent_of_a_2_year_old_whatever_the_sex() {
    // A woman with a child under 3 (under 14) and a man raising one alone are both barred.
    let f = unknown(
        set(
            set(
                base("civil", "defendant"),
                "/person/youngest_child_age",
                json!(2),
            ),
            "/person/raises_children_alone",
            json!(true),
        ),
        &["sex"],
    );
    let a = run(&f);
    assert_eq!(status(&a, Coao653CommunityService), Blocked);
    let r = reason(&a, Coao653CommunityService, "bar_either_way").unwrap();
    assert_eq!(
        param(r, "bars"),
        "woman_with_child_under_3,man_alone_with_child_under_3"
    );
    assert_eq!(status(&a, Coao653Arrest), Blocked);
    let r = reason(&a, Coao653Arrest, "bar_either_way").unwrap();
    assert_eq!(
        param(r, "bars"),
        "woman_with_child_under_14,man_alone_with_child_under_14"
    );
}

#[test]
fn coao_50_2_bar_that_one_value_clears_stays_a_caution() {
    // 60 years old, sex unknown: a woman is barred (over 58), a man is not (63).
    let f = unknown(
        set(
            base("civil", "defendant"),
            "/person/birth_date",
            json!("1966-01-01"),
        ),
        &["sex"],
    );
    let a = run(&f);
    assert_eq!(status(&a, Coao653Arrest), Caution);
    assert!(why(&a, Coao653Arrest).contains(&"bar_unknown"));
    assert!(reason(&a, Coao653Arrest, "bar_either_way").is_none());
    // A lone parent of a 2-year-old with "raises alone" unknown: a man not raising alone is clear.
    let g = unknown(
        set(
            base("civil", "defendant"),
            "/person/youngest_child_age",
            json!(2),
        ),
        &["sex", "raises_children_alone"],
    );
    assert_eq!(status(&run(&g), Coao653CommunityService), Caution);
}

// ── Defect 2: CoAO 653 on a person present in the courtroom is no open point ──────────────

#[test]
fn coao_684_3_and_829_10_4_reach_a_member_of_the_public_without_an_open_point() {
    let a = run(&base("civil", "public"));
    assert_eq!(status(&a, Coao653Fine), Available);
    let r = reason(&a, Coao653Fine, "coao653_public").expect("the settled point as a note");
    assert_eq!(r.kind, ::law::advice::ReasonKind::Note);
    for norm in [
        "CoAO 653(1)",
        "CoAO 684(3)",
        "CoAO 829-10(4)",
        "CoAO 829-10(5)",
        "CPC 188(5)",
        "CPC 187-1(3)",
        "CPC 19(7)",
    ] {
        assert!(r.basis.iter().any(|b| b == norm), "cites {norm}");
    }
    let cat = catalog();
    assert!(!cat.open_points.contains_key("coao653_public"), "retired");
    let settled = &cat.settled_points["coao653_public"];
    assert!(settled.basis.iter().any(|b| b == "CoAO 684(3)"));
    assert!(cat.reason("coao653_public").unwrap().open_point.is_none());
}

// ── Defect 3: each code's own rule for a second measure on the same act ───────────────────

#[test]
fn appc_124_3_allows_escalation_after_a_reprimand_for_the_same_act() {
    let after_reprimand = set(
        base("administrative", "claimant"),
        "/history/measures_for_this_act",
        json!(["reprimand"]),
    );
    // Whether the reprimand gave no result is not recorded: caution, citing APPC 124(3).
    let a = run(&after_reprimand);
    for m in [Removal, MonetaryPenalty] {
        assert_eq!(status(&a, m), Caution, "{m:?}");
        assert!(why(&a, m).contains(&"appc_no_result_unknown"));
        assert!(cites(&a, m, "APPC 124(3)"));
        assert!(
            !cites(&a, m, "CPC 119(4)"),
            "{m:?}: not the civil code's rule"
        );
    }
    let no_result = run(&set(
        after_reprimand.clone(),
        "/history/earlier_measure_no_result",
        json!(true),
    ));
    assert_eq!(status(&no_result, Removal), Available);
    assert_eq!(status(&no_result, MonetaryPenalty), Available);
    assert!(why(&no_result, Removal).contains(&"appc_escalation_allowed"));
    let worked = run(&set(
        after_reprimand,
        "/history/earlier_measure_no_result",
        json!(false),
    ));
    assert_eq!(status(&worked, Removal), Blocked);
    assert!(why(&worked, Removal).contains(&"appc_measure_worked"));
}

#[test]
fn crpc_346_1_not_cpc_119_4_governs_a_second_measure_in_a_criminal_case() {
    let after_removal = set(
        base("criminal", "witness"),
        "/history/measures_for_this_act",
        json!(["removal"]),
    );
    let a = run(&after_removal);
    assert_eq!(status(&a, MonetaryPenalty), Blocked);
    let r = reason(&a, MonetaryPenalty, "one_measure_per_act_criminal").unwrap();
    assert_eq!(r.basis, vec!["CrPC 346(1)"]);
    assert!(!cites(&a, MonetaryPenalty, "CPC 119(4)"));
    // A warning is no measure of CrPC 346: removal may still follow it for the same act.
    let after_warning = set(
        base("criminal", "witness"),
        "/history/measures_for_this_act",
        json!(["warning"]),
    );
    assert_eq!(status(&run(&after_warning), Removal), Available);
    // A second CoAO 653 penalty: CoAO 12, not the civil code.
    let twice = run(&set(
        base("criminal", "witness"),
        "/history/measures_for_this_act",
        json!(["coao653_fine"]),
    ));
    let r = reason(&twice, Coao653Arrest, "one_liability_per_act").unwrap();
    assert_eq!(r.basis, vec!["CoAO 12"]);
}

#[test]
fn appc_127_9_new_penalty_after_non_compliance_is_increased_by_10_mci() {
    let after_penalty = set(
        set(
            base("administrative", "claimant"),
            "/history/measures_for_this_act",
            json!(["monetary_penalty"]),
        ),
        "/history/earlier_penalty_not_complied",
        json!(true),
    );
    let a = run(&set(
        after_penalty.clone(),
        "/history/earlier_penalty_mci",
        json!(20),
    ));
    let p = a.option(MonetaryPenalty).unwrap();
    assert_eq!(p.status(), Available);
    assert_eq!(p.amount.unwrap().mci, 30);
    assert_eq!(p.amount.unwrap().kind, AmountKind::Fixed);
    assert!(p.basis.contains(&"APPC 127(9)".to_string()));
    // The earlier amount not recorded: no amount is shown, a caution says why.
    let b = run(&after_penalty);
    let p = b.option(MonetaryPenalty).unwrap();
    assert_eq!(p.status(), Caution);
    assert!(p.amount.is_none());
    assert!(why(&b, MonetaryPenalty).contains(&"appc_earlier_amount_unknown"));
    // Complied with: no new penalty for the same act.
    let complied = run(&set(
        set(
            base("administrative", "claimant"),
            "/history/measures_for_this_act",
            json!(["monetary_penalty"]),
        ),
        "/history/earlier_penalty_not_complied",
        json!(false),
    ));
    assert_eq!(status(&complied, MonetaryPenalty), Blocked);
    // Above the 100 MCI of APPC 127(2): the open point, as a caution.
    let high = run(&set(
        after_penalty,
        "/history/earlier_penalty_mci",
        json!(100),
    ));
    assert_eq!(
        high.option(MonetaryPenalty).unwrap().amount.unwrap().mci,
        110
    );
    assert!(why(&high, MonetaryPenalty).contains(&"appc_increase_above_range"));
}

// ── Defect 4: the criminal monetary penalty once the offender has left ────────────────────

#[test]
fn crpc_160_2_penalty_stands_when_the_offender_left_the_courtroom() {
    let left = run(&set(
        base("criminal", "witness"),
        "/incident/where",
        json!("left_courtroom"),
    ));
    assert_eq!(status(&left, MonetaryPenalty), Available);
    // The breach outside the session is still not this penalty's.
    let outside = run(&set(
        base("criminal", "witness"),
        "/incident/where",
        json!("outside_session"),
    ));
    assert_eq!(status(&outside, MonetaryPenalty), Blocked);
    // CoAO 653 in session stays barred once the person left (CPC 120(4) routing, G2).
    assert_eq!(status(&left, Coao653Fine), Blocked);
    // The APPC gives the penalty on the same facts.
    let appc = run(&set(
        base("administrative", "claimant"),
        "/incident/where",
        json!("left_courtroom"),
    ));
    assert_eq!(status(&appc, MonetaryPenalty), Available);
}

// ── Defect 5: "over 58 / over 63" on the birthday itself ──────────────────────────────────

#[test]
fn coao_50_2_no_over_63_caution_on_the_63rd_birthday_itself() {
    // Incident 2026-11-24: born 1963-11-24 is exactly 63 years and 0 days.
    let birthday = run(&set(
        base("civil", "defendant"),
        "/person/birth_date",
        json!("1963-11-24"),
    ));
    assert_eq!(status(&birthday, Coao653Arrest), Available);
    assert!(!why(&birthday, Coao653Arrest).contains(&"bar_age_boundary"));
    // 63 and over (49-1(7)) includes the birthday.
    assert_eq!(status(&birthday, Coao653CommunityService), Blocked);
    // The next day onward in that year: the open point.
    let day_after = run(&set(
        base("civil", "defendant"),
        "/person/birth_date",
        json!("1963-11-23"),
    ));
    assert_eq!(status(&day_after, Coao653Arrest), Caution);
    assert!(why(&day_after, Coao653Arrest).contains(&"bar_age_boundary"));
}

#[test]
fn coao_50_2_no_over_58_caution_on_the_58th_birthday_itself() {
    let woman = set(
        set(base("civil", "defendant"), "/person/sex", json!("female")),
        "/person/pregnant",
        json!(false),
    );
    let birthday = run(&set(
        woman.clone(),
        "/person/birth_date",
        json!("1968-11-24"),
    ));
    assert_eq!(status(&birthday, Coao653Arrest), Available);
    let later = run(&set(woman, "/person/birth_date", json!("1968-03-01")));
    assert_eq!(status(&later, Coao653Arrest), Caution);
}

#[test]
fn coao_50_2_a_29_february_birthday_counts_on_1_march_in_a_common_year() {
    // Born 1964-02-29: in 2027 (not a leap year) the 63rd birthday counts on 1 March.
    let on = run(&set(
        set(
            base("civil", "defendant"),
            "/incident/date",
            json!("2027-03-01"),
        ),
        "/person/birth_date",
        json!("1964-02-29"),
    ));
    assert!(!why(&on, Coao653Arrest).contains(&"bar_age_boundary"));
}

// ── Also seen: settled with the texts ──────────────────────────────────────────────────────

#[test]
fn cpc_188_and_appc_125_126_a_legal_entity_is_not_warned_reprimanded_or_removed() {
    let entity = |kind: &str, role: &str| {
        set(
            unknown(
                base(kind, role),
                &[
                    "birth_date",
                    "sex",
                    "youngest_child_age",
                    "raises_children_alone",
                    "disability_group",
                ],
            ),
            "/person/kind",
            json!("legal_entity"),
        )
    };
    let civil = run(&entity("civil", "defendant"));
    for m in [Warning, Removal] {
        assert_eq!(status(&civil, m), Blocked, "{m:?}");
        assert!(why(&civil, m).contains(&"legal_entity_not_in_courtroom"));
    }
    let appc = run(&entity("administrative", "defendant"));
    for m in [Reprimand, Removal] {
        assert_eq!(status(&appc, m), Blocked, "{m:?}");
    }
    // APPC 127(2) names the legal entity for the monetary penalty.
    assert_ne!(status(&appc, MonetaryPenalty), Blocked);
}

#[test]
fn crpc_346_1_and_159_criminal_prosecutor_carries_the_coao653_open_point() {
    let a = run(&base("criminal", "prosecutor"));
    assert_eq!(status(&a, Coao653Warning), Caution);
    let r = reason(&a, Coao653Warning, "coao653_criminal_defendant").unwrap();
    assert!(r.basis.iter().any(|b| b == "CrPC 159"));
    // An advocate representing a victim: the same exemption from the CrPC penalty.
    let advocate = run(&set(
        base("criminal", "representative"),
        "/person/advocate",
        json!(true),
    ));
    assert_eq!(status(&advocate, Coao653Warning), Caution);
}

#[test]
fn coao_30_no_coao653_below_the_age_of_16() {
    let fifteen = run(&set(
        base("civil", "witness"),
        "/person/birth_date",
        json!("2011-01-01"),
    ));
    for m in [Coao653Warning, Coao653Fine] {
        assert_eq!(status(&fifteen, m), Blocked, "{m:?}");
        let r = reason(&fifteen, m, "bar_applies").unwrap();
        assert_eq!(r.basis, vec!["CoAO 30"]);
    }
    // Sixteen: liable (arrest and community service stay barred under 18).
    let sixteen = run(&set(
        base("civil", "witness"),
        "/person/birth_date",
        json!("2010-11-24"),
    ));
    assert_eq!(status(&sixteen, Coao653Fine), Available);
    // Not known: a caution naming the birth date, never an assumed adult.
    let unknown_age = run(&unknown(base("civil", "witness"), &["birth_date"]));
    assert_eq!(status(&unknown_age, Coao653Fine), Caution);
    let r = reason(&unknown_age, Coao653Fine, "bar_unknown").unwrap();
    assert_eq!(param(r, "bar"), "under_liability_age");
}

// ── The facts the contract gained ──────────────────────────────────────────────────────────

#[test]
fn crpc_159_advocate_fact_decides_the_penalty_on_counsel_and_representatives() {
    let counsel = base("criminal", "defence_counsel");
    // Not known: a caution naming person.advocate.
    let a = run(&counsel);
    assert_eq!(status(&a, MonetaryPenalty), Caution);
    assert!(why(&a, MonetaryPenalty).contains(&"penalty_representative_advocate"));
    // A defender who is not an advocate is not among those 346(1) and 159 exempt.
    let not = run(&set(counsel, "/person/advocate", json!(false)));
    assert_eq!(status(&not, MonetaryPenalty), Available);
    assert!(why(&not, MonetaryPenalty).contains(&"defender_not_advocate"));
    let rep = run(&set(
        base("criminal", "representative"),
        "/person/advocate",
        json!(true),
    ));
    assert_eq!(status(&rep, MonetaryPenalty), Blocked);
    assert!(why(&rep, MonetaryPenalty).contains(&"penalty_barred_advocate"));
    let rep_not = run(&set(
        base("criminal", "representative"),
        "/person/advocate",
        json!(false),
    ));
    assert_eq!(status(&rep_not, MonetaryPenalty), Available);
}

#[test]
fn coao_49_1_7_8_bars_only_foreigners_and_stateless_not_resident() {
    let abroad = set(
        base("civil", "defendant"),
        "/person/permanent_resident",
        json!(false),
    );
    let citizen = run(&set(
        abroad.clone(),
        "/person/citizenship",
        json!("citizen"),
    ));
    assert_eq!(status(&citizen, Coao653CommunityService), Available);
    let stateless = run(&set(
        abroad.clone(),
        "/person/citizenship",
        json!("stateless"),
    ));
    assert_eq!(status(&stateless, Coao653CommunityService), Blocked);
    // Citizenship not known: a citizen abroad is not barred, so it is a caution.
    let a = run(&abroad);
    assert_eq!(status(&a, Coao653CommunityService), Caution);
    let r = reason(&a, Coao653CommunityService, "bar_unknown").unwrap();
    assert_eq!(param(r, "facts"), "person.citizenship");
}

#[test]
fn cc_410_2_insult_of_a_juror_is_criminal_and_distinct_from_the_judge() {
    let f = set(
        set(base("criminal", "witness"), "/case/jury", json!(true)),
        "/incident/conduct",
        json!("insult_of_juror"),
    );
    let a = run(&f);
    assert_eq!(status(&a, Coao653Fine), Blocked);
    assert!(why(&a, Coao653Fine).contains(&"criminal_signs_insult_juror"));
    let refer = a.option(ReferProsecutor).unwrap();
    assert_eq!(refer.status(), Available);
    assert!(refer.basis.contains(&"CC 410(2)".to_string()));
}

#[test]
fn coao_653_1_evasion_needs_no_good_reason_and_a_case_that_cannot_proceed() {
    let evasion = set(
        base("civil", "witness"),
        "/incident/where",
        json!("evasion"),
    );
    let a = run(&evasion);
    assert_eq!(status(&a, OffenceProtocolReferral), Caution);
    let w = why(&a, OffenceProtocolReferral);
    assert!(w.contains(&"evasion_good_reason_unknown"));
    assert!(w.contains(&"evasion_proceed_unknown"));
    let good_reason = run(&set(
        evasion.clone(),
        "/incident/evasion_without_good_reason",
        json!(false),
    ));
    assert_eq!(status(&good_reason, OffenceProtocolReferral), Blocked);
    let can_proceed = run(&set(
        evasion.clone(),
        "/incident/case_cannot_proceed",
        json!(false),
    ));
    assert_eq!(status(&can_proceed, OffenceProtocolReferral), Blocked);
    let both = run(&set(
        set(evasion, "/incident/case_cannot_proceed", json!(true)),
        "/incident/evasion_without_good_reason",
        json!(true),
    ));
    assert_eq!(status(&both, OffenceProtocolReferral), Available);
}

#[test]
fn cpc_282_4_and_crpc_347_1_2_short_protocol_changes_the_entry() {
    let short =
        |kind: &str, role: &str| run(&set(base(kind, role), "/case/short_protocol", json!(true)));
    let civil = short("civil", "defendant");
    let note = civil
        .notes
        .iter()
        .find(|n| n.why.id() == "protocol_short")
        .unwrap();
    assert!(note.basis.iter().any(|b| b == "CPC 282(4)"));
    let criminal = short("criminal", "witness");
    let required = criminal
        .notes
        .iter()
        .find(|n| n.why.id() == "protocol_required")
        .unwrap();
    // CrPC 347(3) is the paper protocol without a recording; 347-1(2) the short one.
    assert_eq!(required.basis, vec!["CrPC 347-1(2)", "NP1 p.10"]);
    let full = run(&set(
        base("criminal", "witness"),
        "/case/short_protocol",
        json!(false),
    ));
    assert!(!full.notes.iter().any(|n| n.why.id() == "protocol_short"));
}

// ── The report ─────────────────────────────────────────────────────────────────────────────

#[test]
fn advise_table_shows_the_shared_coao653_follow_ups_once() {
    use ::law::Lang;
    use ::law::report::{report, table};
    let cat = catalog();
    let a = run(&base("civil", "defendant"));
    let rep = report(&a, cat, Lang::En);
    let text = table(&rep, cat);
    let announce = rep.options[3]
        .follow_ups
        .iter()
        .find(|f| f.id == "coao653_announce")
        .map(|f| f.text.clone())
        .unwrap();
    assert_eq!(text.matches(&announce).count(), 1, "{text}");
    assert_eq!(
        text.matches("[Common to every CoAO 653 penalty]").count(),
        1
    );
    // What belongs to one option only stays under it.
    assert_eq!(
        text.matches("The fine is paid within 30 days").count(),
        1,
        "{text}"
    );
    // The JSON keeps every option complete.
    let with_announce = rep
        .options
        .iter()
        .filter(|o| o.follow_ups.iter().any(|f| f.id == "coao653_announce"))
        .count();
    assert_eq!(with_announce, 4);
}

// ── The contract's two descriptions agree ─────────────────────────────────────────────────

#[test]
fn facts_schema_lists_exactly_the_fields_the_engine_reads() {
    let schema: Value = serde_json::from_str(include_str!("../../docs/facts.schema.json")).unwrap();
    // Every field filled: what the engine reads back must be what the schema lists.
    let full = json!({
        "case": {"kind": "administrative", "instance": "appeal", "jury": false, "online": false,
                 "protocol_kept": true, "appeal_new_evidence": true, "short_protocol": true},
        "incident": {"date": "2026-11-24", "where": "evasion", "conduct": "other_contempt",
                     "criminal_signs": false, "aggravating_circumstances": false,
                     "evasion_without_good_reason": true, "case_cannot_proceed": true},
        "person": {"role": "claimant", "kind": "natural", "birth_date": "1980-05-01",
                   "sex": "female", "pregnant": false, "youngest_child_age": 5,
                   "raises_children_alone": false, "disability_group": "none",
                   "permanent_resident": true, "citizenship": "citizen",
                   "consents_to_community_service": true, "advocate": false},
        "history": {"warned_in_hearing": true, "coao653_within_year": false,
                    "measures_for_this_act": ["reprimand"], "earlier_measure_no_result": true,
                    "earlier_penalty_not_complied": true, "earlier_penalty_mci": 20}
    });
    let facts = ::law::Facts::from_json(&full.to_string()).unwrap();
    facts.validate(catalog()).unwrap();
    let back = serde_json::to_value(&facts).unwrap();
    for section in ["case", "incident", "person", "history"] {
        let mut engine: Vec<&String> = back[section].as_object().unwrap().keys().collect();
        let mut listed: Vec<&String> = schema["properties"][section]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        engine.sort();
        listed.sort();
        assert_eq!(engine, listed, "{section}");
    }
    let conduct = &schema["properties"]["incident"]["properties"]["conduct"]["enum"];
    assert!(
        conduct
            .as_array()
            .unwrap()
            .contains(&json!("insult_of_juror"))
    );
}
