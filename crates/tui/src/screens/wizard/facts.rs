//! The facts of an incident as the judge enters them, turned into the engine's facts JSON
//! (docs/facts.md). What the judge leaves "not known" stays absent, and the engine cautions
//! on it instead of assuming an answer.

use serde_json::{Map, Value, json};

use crate::widgets::form::{Field, Form, Label};
use court::hearing::{Hearing, Participant};
use journal::Body;
use journal::entry::{CaseKind, Instance};

/// The facts form for a hearing of `kind`, with what the protocol already knows filled in: the
/// person's birth date, and a short protocol where the hearing names its recording (CPC 281(1),
/// CrPC 347-1(2), APPC 147(1)) — shown, so the judge can change it, never silently assumed.
/// Fields a code does not know are not offered: the juror and the advocate in criminal cases
/// only, the APPC's escalation facts in administrative cases only.
pub fn form(kind: CaseKind, recorded: bool, p: Option<&Participant>) -> Form {
    let birth = p
        .and_then(|p| p.details.birth_date.clone())
        .unwrap_or_default();
    let criminal = kind == CaseKind::Criminal;
    let administrative = kind == CaseKind::Administrative;
    let mut conduct = vec![
        "breach_of_order",
        "disobedience",
        "breach_of_court_rules",
        "unauthorised_recording",
        "other_contempt",
        "insult_of_judge",
    ];
    if criminal {
        // CC 410(2): "судьи и (или) присяжного заседателя"; jurors sit in criminal trials only.
        conduct.push("insult_of_juror");
    }
    conduct.extend(["insult_of_participant", "mass_disorder"]);
    let mut fields = vec![
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
            Label::terms("conduct", &conduct),
            "breach_of_order",
        ),
        Field::text("facts.description", "").required(),
        Field::flag("facts.criminal_signs", false),
        Field::tri("facts.aggravating", "unknown"),
        Field::flag("facts.coao653_within_year", false),
        // CoAO 653(1): the elements of contempt by non-appearance (sent for evasion only).
        Field::tri("facts.evasion_without_good_reason", "unknown"),
        Field::tri("facts.case_cannot_proceed", "unknown"),
    ];
    if administrative {
        fields.extend([
            Field::tri("facts.earlier_measure_no_result", "unknown"),
            Field::tri("facts.earlier_penalty_not_complied", "unknown"),
            Field::text("facts.earlier_penalty_mci", ""),
        ]);
    }
    fields.extend([
        Field::flag("facts.jury", false),
        Field::tri(
            "facts.short_protocol",
            if recorded { "yes" } else { "unknown" },
        ),
        Field::choice(
            "facts.person_kind",
            Label::ui_options(&[
                ("natural", "person_kind.natural"),
                ("official", "person_kind.official"),
                ("legal_entity", "person_kind.legal_entity"),
            ]),
            "natural",
        ),
    ]);
    if criminal {
        fields.push(Field::tri("facts.advocate", "unknown"));
    }
    fields.extend([
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
        Field::choice(
            "facts.citizenship",
            Label::ui_options(&[
                ("unknown", "common.unknown"),
                ("citizen", "citizenship.citizen"),
                ("foreign_citizen", "citizenship.foreign_citizen"),
                ("stateless", "citizenship.stateless"),
            ]),
            "unknown",
        ),
        Field::tri("facts.consents", "unknown"),
    ]);
    Form::new("facts.title", fields)
}

/// The facts JSON for the engine and the journal. `Err` names the field the judge must fix.
pub fn build(
    form: &Form,
    h: &Hearing,
    who: &Participant,
    date: &str,
) -> Result<Value, &'static str> {
    let o = &h.opened;
    let mut case = Map::new();
    case.insert(
        "kind".into(),
        json!(match o.case_kind {
            CaseKind::Civil => "civil",
            CaseKind::Criminal => "criminal",
            CaseKind::Administrative => "administrative",
        }),
    );
    case.insert(
        "instance".into(),
        json!(match o.instance {
            Instance::First => "first",
            Instance::Appeal => "appeal",
            Instance::Cassation => "cassation",
        }),
    );
    case.insert("jury".into(), json!(form.get("facts.jury") == "yes"));
    case.insert("online".into(), json!(o.online));
    if let Some(v) = tri(form, "facts.short_protocol") {
        case.insert("short_protocol".into(), v);
    }
    Ok(json!({
        "case": case,
        "incident": incident(form, date),
        "person": person(form, who)?,
        "history": history(form, h, who)?,
    }))
}

/// Yes / no / not known: not known stays absent from the facts.
fn tri(form: &Form, key: &str) -> Option<Value> {
    match form.get(key) {
        "yes" => Some(Value::Bool(true)),
        "no" => Some(Value::Bool(false)),
        _ => None,
    }
}

fn incident(form: &Form, date: &str) -> Map<String, Value> {
    let mut incident = Map::new();
    incident.insert("date".into(), json!(date));
    incident.insert("where".into(), json!(form.get("facts.where")));
    incident.insert("conduct".into(), json!(form.get("facts.conduct")));
    incident.insert(
        "criminal_signs".into(),
        json!(form.get("facts.criminal_signs") == "yes"),
    );
    if let Some(v) = tri(form, "facts.aggravating") {
        incident.insert("aggravating_circumstances".into(), v);
    }
    // The elements of contempt by non-appearance mean something only for evasion (the engine
    // refuses them elsewhere), so they are sent only then.
    if form.get("facts.where") == "evasion" {
        for (key, name) in [
            (
                "facts.evasion_without_good_reason",
                "evasion_without_good_reason",
            ),
            ("facts.case_cannot_proceed", "case_cannot_proceed"),
        ] {
            if let Some(v) = tri(form, key) {
                incident.insert(name.into(), v);
            }
        }
    }
    incident
}

fn person(form: &Form, who: &Participant) -> Result<Map<String, Value>, &'static str> {
    let mut person = Map::new();
    person.insert("role".into(), json!(who.role));
    person.insert("kind".into(), json!(form.get("facts.person_kind")));
    // A legal entity has no birth date, sex or citizenship: its personal fields are not sent
    // (the engine refuses them), whatever the form still holds from a natural person.
    if form.get("facts.person_kind") == "legal_entity" {
        return Ok(person);
    }
    if let Some(b) = form.opt("facts.birth_date") {
        person.insert("birth_date".into(), json!(b));
    }
    if matches!(form.get("facts.sex"), "female" | "male") {
        person.insert("sex".into(), json!(form.get("facts.sex")));
    }
    if matches!(
        form.get("facts.citizenship"),
        "citizen" | "foreign_citizen" | "stateless"
    ) {
        person.insert("citizenship".into(), json!(form.get("facts.citizenship")));
    }
    for (key, name) in [
        ("facts.pregnant", "pregnant"),
        ("facts.raises_children_alone", "raises_children_alone"),
        ("facts.permanent_resident", "permanent_resident"),
        ("facts.consents", "consents_to_community_service"),
        ("facts.advocate", "advocate"),
    ] {
        if let Some(v) = tri(form, key) {
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
    Ok(person)
}

fn history(
    form: &Form,
    h: &Hearing,
    who: &Participant,
) -> Result<Map<String, Value>, &'static str> {
    let mut history = Map::new();
    history.insert("warned_in_hearing".into(), json!(warned(h, &who.id)));
    history.insert(
        "coao653_within_year".into(),
        json!(form.get("facts.coao653_within_year") == "yes"),
    );
    history.insert("measures_for_this_act".into(), json!([]));
    // APPC 124(3), 127(9): asked in administrative cases only (the form has them only there).
    if let Some(v) = tri(form, "facts.earlier_measure_no_result") {
        history.insert("earlier_measure_no_result".into(), v);
    }
    let not_complied = tri(form, "facts.earlier_penalty_not_complied");
    if let Some(v) = &not_complied {
        history.insert("earlier_penalty_not_complied".into(), v.clone());
    }
    if let Some(mci) = form.opt("facts.earlier_penalty_mci") {
        // The amount means something only with non-compliance; the engine refuses it alone,
        // so the judge is told here which field to fix.
        if not_complied != Some(Value::Bool(true)) {
            return Err("facts.earlier_penalty_not_complied");
        }
        let n = mci
            .parse::<u32>()
            .map_err(|_| "facts.earlier_penalty_mci")?;
        history.insert("earlier_penalty_mci".into(), json!(n));
    }
    Ok(history)
}

/// A warning (CPC) or reprimand (APPC) already given to this person in this hearing.
fn warned(h: &Hearing, id: &str) -> bool {
    h.entries.iter().any(|e| {
        matches!(&e.body, Some(Body::MeasureApplied(m))
            if matches!(m.measure_id.as_str(), "warning" | "reprimand")
                && m.participant_id.as_deref() == Some(id))
    })
}
