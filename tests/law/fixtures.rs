//! Facts to start from, changed per test with JSON pointers.

use ::law::{Advice, Catalog, Facts, Measure, Status, advise};
use serde_json::{Value, json};

/// A civil first-instance defendant, in session, all personal facts known and clear of bars.
pub fn base(kind: &str, role: &str) -> Value {
    json!({
        "case": {"kind": kind, "instance": "first", "jury": false, "online": false},
        "incident": {"date": "2026-11-24", "where": "in_session", "conduct": "disobedience",
                     "criminal_signs": false, "aggravating_circumstances": true},
        "person": {"role": role, "kind": "natural", "birth_date": "1980-05-01", "sex": "male",
                   "youngest_child_age": "none", "raises_children_alone": false,
                   "disability_group": "none", "permanent_resident": true,
                   "consents_to_community_service": true},
        "history": {"warned_in_hearing": true, "coao653_within_year": false,
                    "measures_for_this_act": []}
    })
}

/// Set `value` at the JSON pointer `path` (e.g. "/person/sex"); `null` removes the field.
pub fn set(mut facts: Value, path: &str, value: Value) -> Value {
    let (parent, key) = path.rsplit_once('/').expect("pointer with a parent");
    let obj = facts
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("parent object");
    if value.is_null() {
        obj.remove(key);
    } else {
        obj.insert(key.to_string(), value);
    }
    facts
}

/// The built-in catalog, loaded once for the whole test binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-in catalog loads"))
}

pub fn run(facts: &Value) -> Advice {
    let cat = catalog();
    let f = Facts::from_json(&facts.to_string()).expect("facts parse");
    f.validate(cat).expect("facts are valid");
    advise(&f, cat)
}

pub fn status(advice: &Advice, m: Measure) -> Status {
    advice.option(m).map(|o| o.status()).expect("option listed")
}

/// The reason ids of an option.
pub fn why(advice: &Advice, m: Measure) -> Vec<&'static str> {
    advice
        .option(m)
        .map(|o| o.reasons.iter().map(|r| r.why.id()).collect())
        .expect("option listed")
}

/// The reason `id` of an option, if it gives one.
pub fn reason<'a>(advice: &'a Advice, m: Measure, id: &str) -> Option<&'a ::law::advice::Reason> {
    advice
        .option(m)
        .and_then(|o| o.reasons.iter().find(|r| r.why.id() == id))
}

/// Whether the option's reasons, follow-ups or basis cite `norm` anywhere.
pub fn cites(advice: &Advice, m: Measure, norm: &str) -> bool {
    advice.option(m).is_some_and(|o| {
        o.basis.iter().any(|b| b == norm)
            || o.reasons
                .iter()
                .chain(&o.follow_ups)
                .any(|r| r.basis.iter().any(|b| b == norm))
    })
}
