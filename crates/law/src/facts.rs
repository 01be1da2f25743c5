//! The facts of one incident: what the judge tells the engine. Parsing is strict (unknown fields
//! and values are errors) and validation refuses impossible facts, naming the field.
//!
//! An absent optional fact means "not known", never "no": the engine turns an unknown legal fact
//! into a caution naming it instead of assuming an answer.

use serde::{Deserialize, Deserializer, Serialize};
use time::Date;

use super::catalog::Catalog;
use super::measure::Measure;

/// The earliest incident date the catalog is meant for (the current codes came into force
/// 2015-2016; older incidents belong to repealed codes).
pub const EARLIEST_INCIDENT: Date = time::macros::date!(2015 - 01 - 01);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub case: Case,
    pub incident: Incident,
    pub person: Person,
    pub history: History,
}

pub use case::{CaseKind, Instance};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub kind: CaseKind,
    pub instance: Instance,
    pub jury: bool,
    pub online: bool,
    /// Overrides the derivation of whether a protocol is kept at this instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_kept: Option<bool>,
    /// Appeal only: new evidence examined (or, civil/APPC, heard under first-instance rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal_new_evidence: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    InSession,
    LeftCourtroom,
    OutsideSession,
    Evasion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conduct {
    BreachOfOrder,
    Disobedience,
    BreachOfCourtRules,
    UnauthorisedRecording,
    OtherContempt,
    InsultOfJudge,
    InsultOfParticipant,
    MassDisorder,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub date: Day,
    #[serde(rename = "where")]
    pub place: Place,
    pub conduct: Conduct,
    pub criminal_signs: bool,
    /// CoAO 57 aggravating circumstances established (CoAO 43(2) makes the warning mandatory
    /// without them). Absent = not yet established either way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggravating_circumstances: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    Natural,
    Official,
    LegalEntity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

/// Age of the youngest child in completed years, or `"none"` for no children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildAge {
    Years(u8),
    None,
}

/// Disability group 1-3, or `"none"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disability {
    Group(u8),
    None,
}

/// A whole number or the word "none": read by hand so that a wrong value gets a clear message
/// (serde's untagged enums only say "did not match any variant").
fn number_or_none<'de, D: Deserializer<'de>>(d: D, what: &str) -> Result<Option<u64>, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) if s == "none" => Ok(None),
        serde_json::Value::Number(n) if n.as_u64().is_some() => Ok(n.as_u64()),
        other => Err(serde::de::Error::custom(format!(
            "{other} is not {what} (expected a whole number or \"none\")"
        ))),
    }
}

impl<'de> Deserialize<'de> for ChildAge {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match number_or_none(d, "an age in years")? {
            None => Ok(ChildAge::None),
            Some(n) => u8::try_from(n)
                .map(ChildAge::Years)
                .map_err(|_| serde::de::Error::custom(format!("{n} years is not a plausible age"))),
        }
    }
}

impl Serialize for ChildAge {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ChildAge::Years(n) => s.serialize_u8(*n),
            ChildAge::None => s.serialize_str("none"),
        }
    }
}

impl<'de> Deserialize<'de> for Disability {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match number_or_none(d, "a disability group")? {
            None => Ok(Disability::None),
            Some(n @ 1..=3) => Ok(Disability::Group(n as u8)),
            Some(n) => Err(serde::de::Error::custom(format!(
                "disability group {n} does not exist (expected 1, 2, 3 or \"none\")"
            ))),
        }
    }
}

impl Serialize for Disability {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Disability::Group(n) => s.serialize_u8(*n),
            Disability::None => s.serialize_str("none"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// A role of the case kind's own code, or `public`; checked against the catalog.
    pub role: String,
    pub kind: PersonKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pregnant: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youngest_child_age: Option<ChildAge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raises_children_alone: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability_group: Option<Disability>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permanent_resident: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consents_to_community_service: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// A warning (CPC) or reprimand (APPC) was already given to this person in this hearing.
    pub warned_in_hearing: bool,
    /// A CoAO 653 penalty on this person within the last year (repeat: part 2).
    pub coao653_within_year: bool,
    pub measures_for_this_act: Vec<Measure>,
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub Date);

const DAY_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Day {
    pub fn parse(s: &str) -> Option<Day> {
        Date::parse(s, DAY_FORMAT).ok().map(Day)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("'{s}' is not a date in the form YYYY-MM-DD"))
        })
    }
}

/// Why facts were refused: the field (a dotted path) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FactsError {
    pub field: String,
    pub problem: String,
}

impl FactsError {
    fn new(field: &str, problem: impl Into<String>) -> Self {
        FactsError {
            field: field.to_string(),
            problem: problem.into(),
        }
    }
}

impl Facts {
    /// Parse facts JSON strictly, naming the field of the first error.
    pub fn from_json(text: &str) -> Result<Facts, FactsError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let facts: Facts = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." {
                "facts".to_string()
            } else {
                path
            };
            // serde_json appends " at line L column C"; keep it, it helps find the spot.
            FactsError {
                field,
                problem: e.into_inner().to_string(),
            }
        })?;
        Ok(facts)
    }

    /// Refuse facts that cannot all be true, or that the case kind's code does not know.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), FactsError> {
        let kind = self.case.kind;
        let date = self.incident.date;
        if date.0 < EARLIEST_INCIDENT {
            return Err(FactsError::new(
                "incident.date",
                format!(
                    "{date} is before 2015-01-01; the catalog covers the codes in force since 2015"
                ),
            ));
        }
        if self.case.jury && kind != CaseKind::Criminal {
            return Err(FactsError::new(
                "case.jury",
                "a jury sits only in criminal cases",
            ));
        }
        if self.case.appeal_new_evidence.is_some() && self.case.instance != Instance::Appeal {
            return Err(FactsError::new(
                "case.appeal_new_evidence",
                "applies only when case.instance is \"appeal\"",
            ));
        }
        if catalog.role(kind, &self.person.role).is_none() {
            let known = catalog.role_ids(kind).join(", ");
            return Err(FactsError::new(
                "person.role",
                format!(
                    "'{}' is not a role in a {} case (expected one of: {known})",
                    self.person.role,
                    kind.id()
                ),
            ));
        }
        self.person.validate(date)?;
        for (i, m) in self.history.measures_for_this_act.iter().enumerate() {
            if !m.known_in(kind) {
                return Err(FactsError::new(
                    &format!("history.measures_for_this_act[{i}]"),
                    format!("'{}' is not a measure in a {} case", m.id(), kind.id()),
                ));
            }
        }
        Ok(())
    }
}

impl Person {
    fn validate(&self, incident: Day) -> Result<(), FactsError> {
        let natural = self.kind != PersonKind::LegalEntity;
        let personal = [
            ("person.birth_date", self.birth_date.is_some()),
            ("person.sex", self.sex.is_some()),
            ("person.pregnant", self.pregnant.is_some()),
            (
                "person.youngest_child_age",
                self.youngest_child_age.is_some(),
            ),
            (
                "person.raises_children_alone",
                self.raises_children_alone.is_some(),
            ),
            ("person.disability_group", self.disability_group.is_some()),
        ];
        if !natural && let Some((field, _)) = personal.iter().find(|(_, set)| *set) {
            return Err(FactsError::new(field, "does not apply to a legal entity"));
        }
        if self.pregnant == Some(true) && self.sex == Some(Sex::Male) {
            return Err(FactsError::new(
                "person.pregnant",
                "cannot be true when person.sex is \"male\"",
            ));
        }
        if let Some(birth) = self.birth_date {
            if birth > incident {
                return Err(FactsError::new(
                    "person.birth_date",
                    format!("{birth} is after the incident date {incident}"),
                ));
            }
            let age = age_on(birth, incident);
            if age > 125 {
                return Err(FactsError::new(
                    "person.birth_date",
                    format!("{birth} makes the person {age} years old"),
                ));
            }
            if let Some(ChildAge::Years(child)) = self.youngest_child_age
                && u32::from(child) >= age
            {
                return Err(FactsError::new(
                    "person.youngest_child_age",
                    format!("{child} is not less than the person's own age ({age})"),
                ));
            }
        }
        if let Some(ChildAge::Years(child)) = self.youngest_child_age
            && child > 110
        {
            return Err(FactsError::new(
                "person.youngest_child_age",
                format!("{child} years is not a plausible age"),
            ));
        }
        Ok(())
    }

    /// Age in completed years on `day`, when the birth date is known.
    pub fn age_on(&self, day: Day) -> Option<u32> {
        self.birth_date.map(|b| age_on(b, day))
    }
}

/// Completed years between `birth` and `day` (a birthday counts on its own date; 29 February
/// birthdays count on 1 March in common years, since 28 February is still before it).
pub fn age_on(birth: Day, day: Day) -> u32 {
    let (b, d) = (birth.0, day.0);
    let mut years = d.year() - b.year();
    if (u8::from(d.month()), d.day()) < (u8::from(b.month()), b.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}
