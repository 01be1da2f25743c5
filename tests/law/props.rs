//! Properties over random incidents: the bars always hold, citations always exist, amounts add up.

use ::law::facts::{ChildAge, Disability, Sex};
use ::law::report::report;
use ::law::{Catalog, Facts, Lang, Measure, Status, advise};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::fixtures::catalog;

fn pick<T: Clone + std::fmt::Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

fn opt_json(s: impl Strategy<Value = Value>) -> impl Strategy<Value = Value> {
    prop_oneof![Just(Value::Null), s]
}

fn facts_strategy() -> impl Strategy<Value = Value> {
    let kind = pick(vec!["civil", "criminal", "administrative"]);
    kind.prop_flat_map(|kind| {
        let cat = catalog();
        let roles: Vec<String> = cat
            .role_ids(match kind {
                "civil" => ::law::facts::CaseKind::Civil,
                "criminal" => ::law::facts::CaseKind::Criminal,
                _ => ::law::facts::CaseKind::Administrative,
            })
            .into_iter()
            .map(String::from)
            .collect();
        let measures: Vec<&'static str> = Measure::for_kind(match kind {
            "civil" => ::law::facts::CaseKind::Civil,
            "criminal" => ::law::facts::CaseKind::Criminal,
            _ => ::law::facts::CaseKind::Administrative,
        })
        .iter()
        .map(|m| m.id())
        .collect();
        (
            (
                Just(kind),
                pick(vec!["first", "appeal", "cassation"]),
                any::<bool>(),
                (2015i32..=2027, 1u8..=12, 1u8..=28),
                pick(vec![
                    "in_session",
                    "left_courtroom",
                    "outside_session",
                    "evasion",
                ]),
                pick(vec![
                    "breach_of_order",
                    "disobedience",
                    "breach_of_court_rules",
                    "unauthorised_recording",
                    "other_contempt",
                    "insult_of_judge",
                    "insult_of_participant",
                    "mass_disorder",
                ]),
                any::<bool>(),
                opt_json(any::<bool>().prop_map(Value::from)),
            ),
            (
                pick(roles),
                pick(vec!["natural", "official", "natural"]),
                opt_json(
                    (1940i32..=2012, 1u8..=12, 1u8..=28)
                        .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}"))),
                ),
                opt_json(pick(vec!["female", "male"]).prop_map(Value::from)),
                opt_json(any::<bool>().prop_map(Value::from)),
                opt_json(prop_oneof![
                    (0u8..20).prop_map(Value::from),
                    Just(json!("none"))
                ]),
                opt_json(any::<bool>().prop_map(Value::from)),
                opt_json(prop_oneof![
                    (1u8..=3).prop_map(Value::from),
                    Just(json!("none"))
                ]),
                opt_json(any::<bool>().prop_map(Value::from)),
                opt_json(any::<bool>().prop_map(Value::from)),
                opt_json(
                    pick(vec!["citizen", "foreign_citizen", "stateless"]).prop_map(Value::from),
                ),
            ),
            (
                any::<bool>(),
                any::<bool>(),
                proptest::sample::subsequence(measures, 0..=2),
            ),
        )
    })
    .prop_map(|(inc, per, hist)| {
        let (kind, instance, online, (y, m, d), place, conduct, signs, aggr) = inc;
        let (role, pkind, birth, sex, pregnant, child, alone, dis, resident, consent, citizenship) =
            per;
        let (warned, repeat, prior) = hist;
        let mut person = json!({"role": role, "kind": pkind});
        for (k, v) in [
            ("birth_date", birth),
            ("sex", sex),
            ("pregnant", pregnant),
            ("youngest_child_age", child),
            ("raises_children_alone", alone),
            ("disability_group", dis),
            ("permanent_resident", resident),
            ("consents_to_community_service", consent),
            ("citizenship", citizenship),
        ] {
            if !v.is_null() {
                person[k] = v;
            }
        }
        let mut incident = json!({"date": format!("{y:04}-{m:02}-{d:02}"), "where": place,
                                  "conduct": conduct, "criminal_signs": signs});
        if !aggr.is_null() {
            incident["aggravating_circumstances"] = aggr;
        }
        json!({
            "case": {"kind": kind, "instance": instance, "jury": false, "online": online},
            "incident": incident,
            "person": person,
            "history": {"warned_in_hearing": warned, "coao653_within_year": repeat,
                        "measures_for_this_act": prior}
        })
    })
}

/// Parse and validate, or `None` for facts the validator refuses (impossible combinations).
fn valid(cat: &Catalog, v: &Value) -> Option<Facts> {
    let f = Facts::from_json(&v.to_string()).ok()?;
    f.validate(cat).ok()?;
    Some(f)
}

/// CoAO 50(2), read directly from the statute, independent of the engine and the catalog.
fn arrest_barred(f: &Facts) -> bool {
    let p = &f.person;
    let age = p.age_on(f.incident.date);
    let child = match p.youngest_child_age {
        Some(ChildAge::Years(a)) => Some(a),
        _ => None,
    };
    let female = p.sex == Some(Sex::Female);
    let male = p.sex == Some(Sex::Male);
    p.pregnant == Some(true)
        || (female && child.is_some_and(|c| c < 14))
        || age.is_some_and(|a| a < 18)
        || matches!(p.disability_group, Some(Disability::Group(g)) if g <= 2)
        || (female && age.is_some_and(|a| a > 58))
        || (male && age.is_some_and(|a| a > 63))
        || (male && p.raises_children_alone == Some(true) && child.is_some_and(|c| c < 14))
}

/// The same facts with the sex entered as `sex`, or `None` when that cannot be (a pregnant man).
fn with_sex(v: &Value, sex: &str) -> Option<Value> {
    if sex == "male" && v["person"]["pregnant"] == json!(true) {
        return None;
    }
    let mut w = v.clone();
    w["person"]["sex"] = json!(sex);
    Some(w)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Issue 13, defect 1: a bar that holds for a woman and for a man holds when the sex is not
    /// known, and knowing the sex never lifts a bar that held either way.
    #[test]
    fn a_bar_that_holds_for_both_sexes_holds_when_the_sex_is_unknown(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        if f.person.sex.is_some() {
            return Ok(());
        }
        let a = advise(&f, cat);
        let variants: Vec<_> = ["female", "male"]
            .iter()
            .filter_map(|s| with_sex(&v, s))
            .filter_map(|w| valid(cat, &w))
            .map(|g| advise(&g, cat))
            .collect();
        for m in [Measure::Coao653Arrest, Measure::Coao653CommunityService] {
            let Some(unknown) = a.option(m).map(|o| o.status()) else { continue };
            let known: Vec<Status> = variants.iter().filter_map(|b| b.option(m)).map(|o| o.status()).collect();
            if known.len() == 2 && known.iter().all(|s| *s == Status::Blocked) {
                prop_assert_eq!(unknown, Status::Blocked, "{:?} {}", m, v);
            }
            if unknown == Status::Blocked {
                for s in &known {
                    prop_assert_eq!(*s, Status::Blocked, "{:?} {}", m, v);
                }
            }
        }
    }

    #[test]
    fn arrest_is_never_available_for_anyone_coao_50_2_bars(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        let a = advise(&f, cat);
        if let Some(arrest) = a.option(Measure::Coao653Arrest)
            && arrest_barred(&f)
        {
            prop_assert_eq!(arrest.status(), Status::Blocked, "{}", v);
        }
    }

    #[test]
    fn no_coao653_option_is_available_in_an_administrative_case(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        let a = advise(&f, cat);
        if f.case.kind == ::law::facts::CaseKind::Administrative {
            for o in a.options.iter().filter(|o| o.measure.is_coao653()) {
                prop_assert_ne!(o.status(), Status::Available);
            }
        }
    }

    #[test]
    fn removal_is_never_available_for_criminal_prosecutor_or_defence(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        let a = advise(&f, cat);
        let barred_role = matches!(f.person.role.as_str(), "prosecutor" | "defence_counsel");
        if f.case.kind == ::law::facts::CaseKind::Criminal && barred_role {
            prop_assert_eq!(a.option(Measure::Removal).map(|o| o.status()), Some(Status::Blocked));
        }
    }

    #[test]
    fn every_citation_exists_in_the_catalog(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        let a = advise(&f, cat);
        let mut cited: Vec<&String> = a.protocol_basis.iter().collect();
        cited.extend(a.notes.iter().flat_map(|r| &r.basis));
        for o in &a.options {
            cited.extend(&o.basis);
            cited.extend(o.reasons.iter().flat_map(|r| &r.basis));
            cited.extend(o.follow_ups.iter().flat_map(|r| &r.basis));
            cited.extend(o.appeal.iter().flat_map(|ap| &ap.basis));
        }
        for id in cited {
            prop_assert!(cat.norm_exists(id), "unknown citation {}", id);
        }
    }

    #[test]
    fn amount_kzt_is_amount_mci_times_the_incident_years_mci(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        let a = advise(&f, cat);
        let rep = report(&a, cat, Lang::Ru);
        let mci = cat.mci_for_year(f.incident.date.year());
        for o in &rep.options {
            match (o.amount_mci, mci) {
                (Some(m), Some(k)) => prop_assert_eq!(o.amount_kzt, Some(u64::from(m) * u64::from(k))),
                _ => prop_assert_eq!(o.amount_kzt, None),
            }
        }
    }

    #[test]
    fn every_option_the_kind_knows_is_listed_once(v in facts_strategy()) {
        let cat = catalog();
        let Some(f) = valid(cat, &v) else { return Ok(()); };
        let a = advise(&f, cat);
        let listed: Vec<Measure> = a.options.iter().map(|o| o.measure).collect();
        prop_assert_eq!(listed.as_slice(), Measure::for_kind(f.case.kind));
    }
}
