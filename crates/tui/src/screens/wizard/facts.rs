//! The facts of an incident as the judge enters them, turned into the engine's facts JSON
//! (docs/facts.md). What the judge leaves "not known" stays absent, and the engine cautions
//! on it instead of assuming an answer.

use serde_json::{Map, Value, json};

use crate::form::{Field, Form, Label};
use court::hearing::{Hearing, Participant};
use journal::Body;
use journal::entry::{CaseKind, Instance};

/// The facts form, with what the protocol already knows about the person filled in.
pub fn form(p: Option<&Participant>) -> Form {
    let birth = p
        .and_then(|p| p.details.birth_date.clone())
        .unwrap_or_default();
    Form::new(
        "facts.title",
        vec![
            Field::choice(
                "facts.where",
                Label::terms(
                    "place",
                    &["in_session", "left_courtroom", "outside_session", "evasion"],
                ),
                "in_session",
            ),
            Field::choice(
                "facts.conduct",
                Label::terms(
                    "conduct",
                    &[
                        "breach_of_order",
                        "disobedience",
                        "breach_of_court_rules",
                        "unauthorised_recording",
                        "other_contempt",
                        "insult_of_judge",
                        "insult_of_participant",
                        "mass_disorder",
                    ],
                ),
                "breach_of_order",
            ),
            Field::text("facts.description", "").required(),
            Field::flag("facts.criminal_signs", false),
            Field::tri("facts.aggravating", "unknown"),
            Field::flag("facts.coao653_within_year", false),
            Field::flag("facts.jury", false),
            Field::choice(
                "facts.person_kind",
                Label::ui_options(&[
                    ("natural", "person_kind.natural"),
                    ("official", "person_kind.official"),
                    ("legal_entity", "person_kind.legal_entity"),
                ]),
                "natural",
            ),
            Field::text("facts.birth_date", &birth),
            Field::choice(
                "facts.sex",
                Label::ui_options(&[
                    ("unknown", "common.unknown"),
                    ("female", "sex.female"),
                    ("male", "sex.male"),
                ]),
                "unknown",
            ),
            Field::tri("facts.pregnant", "unknown"),
            Field::text("facts.youngest_child_age", ""),
            Field::tri("facts.raises_children_alone", "unknown"),
            Field::choice(
                "facts.disability_group",
                Label::ui_options(&[
                    ("unknown", "common.unknown"),
                    ("none", "disability.none"),
                    ("1", "disability.1"),
                    ("2", "disability.2"),
                    ("3", "disability.3"),
                ]),
                "unknown",
            ),
            Field::tri("facts.permanent_resident", "unknown"),
            Field::tri("facts.consents", "unknown"),
        ],
    )
}

/// The facts JSON for the engine and the journal. `Err` names the field the judge must fix.
pub fn build(
    form: &Form,
    h: &Hearing,
    who: &Participant,
    date: &str,
) -> Result<Value, &'static str> {
    let o = &h.opened;
    let tri = |key: &str| match form.get(key) {
        "yes" => Some(Value::Bool(true)),
        "no" => Some(Value::Bool(false)),
        _ => None,
    };
    let mut incident = Map::new();
    incident.insert("date".into(), json!(date));
    incident.insert("where".into(), json!(form.get("facts.where")));
    incident.insert("conduct".into(), json!(form.get("facts.conduct")));
    incident.insert(
        "criminal_signs".into(),
        json!(form.get("facts.criminal_signs") == "yes"),
    );
    if let Some(v) = tri("facts.aggravating") {
        incident.insert("aggravating_circumstances".into(), v);
    }
    let mut person = Map::new();
    person.insert("role".into(), json!(who.role));
    person.insert("kind".into(), json!(form.get("facts.person_kind")));
    if let Some(b) = form.opt("facts.birth_date") {
        person.insert("birth_date".into(), json!(b));
    }
    if matches!(form.get("facts.sex"), "female" | "male") {
        person.insert("sex".into(), json!(form.get("facts.sex")));
    }
    for (key, name) in [
        ("facts.pregnant", "pregnant"),
        ("facts.raises_children_alone", "raises_children_alone"),
        ("facts.permanent_resident", "permanent_resident"),
        ("facts.consents", "consents_to_community_service"),
    ] {
        if let Some(v) = tri(key) {
            person.insert(name.into(), v);
        }
    }
    if let Some(age) = form.opt("facts.youngest_child_age") {
        let value = match age.as_str() {
            "none" | "нет" | "жоқ" | "-" => json!("none"),
            n => json!(n.parse::<u8>().map_err(|_| "facts.youngest_child_age")?),
        };
        person.insert("youngest_child_age".into(), value);
    }
    match form.get("facts.disability_group") {
        "none" => {
            person.insert("disability_group".into(), json!("none"));
        }
        g @ ("1" | "2" | "3") => {
            person.insert(
                "disability_group".into(),
                json!(g.parse::<u8>().unwrap_or(1)),
            );
        }
        _ => {}
    }
    Ok(json!({
        "case": {
            "kind": match o.case_kind {
                CaseKind::Civil => "civil",
                CaseKind::Criminal => "criminal",
                CaseKind::Administrative => "administrative",
            },
            "instance": match o.instance {
                Instance::First => "first",
                Instance::Appeal => "appeal",
                Instance::Cassation => "cassation",
            },
            "jury": form.get("facts.jury") == "yes",
            "online": o.online,
        },
        "incident": incident,
        "person": person,
        "history": {
            "warned_in_hearing": warned(h, &who.id),
            "coao653_within_year": form.get("facts.coao653_within_year") == "yes",
            "measures_for_this_act": [],
        }
    }))
}

/// A warning (CPC) or reprimand (APPC) already given to this person in this hearing.
fn warned(h: &Hearing, id: &str) -> bool {
    h.entries.iter().any(|e| {
        matches!(&e.body, Some(Body::MeasureApplied(m))
            if matches!(m.measure_id.as_str(), "warning" | "reprimand")
                && m.participant_id.as_deref() == Some(id))
    })
}
