//! The facts of one incident: what the judge tells the engine. Parsing is strict (unknown fields
//! and values are errors) and validation refuses impossible facts, naming the field.
//!
//! An absent optional fact means "not known", never "no": the engine turns an unknown legal fact
//! into a caution naming it instead of assuming an answer.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

use super::catalog::Catalog;
use super::measure::Measure;

/// The earliest incident date the catalog is meant for (the current codes came into force
/// 2015-2016; older incidents belong to repealed codes).
pub const EARLIEST_INCIDENT: NaiveDate = match NaiveDate::from_ymd_opt(2015, 1, 1) {
    Some(day) => day,
    None => panic!("2015-01-01 is a date"),
};

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
    /// The hearing is audio/video recorded and a short protocol is kept (CPC 281(1), 282(3)-(4);
    /// CrPC 347-1(2); APPC 147(1)): it changes what the protocol entry holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_protocol: Option<bool>,
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
    /// CC 410(2) names the juror beside the judge; only a jury trial has jurors.
    InsultOfJuror,
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
    /// Evasion only: the person failed to appear without a good reason (an element of CoAO
    /// 653(1) for non-appearance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evasion_without_good_reason: Option<bool>,
    /// Evasion only: the court finds the case cannot go on without the person (the other
    /// element of CoAO 653(1) for non-appearance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_cannot_proceed: Option<bool>,
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

/// Citizenship, beside permanent residence: CoAO 49-1(7) bars community service only for foreign
/// citizens and stateless persons who do not live permanently in Kazakhstan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Citizenship {
    Citizen,
    ForeignCitizen,
    Stateless,
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
    pub citizenship: Option<Citizenship>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consents_to_community_service: Option<bool>,
    /// The person takes part as an advocate (адвокат): CrPC 159 and 346(1) exempt advocates
    /// from the criminal monetary penalty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advocate: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// A warning (CPC) or reprimand (APPC) was already given to this person in this hearing.
    pub warned_in_hearing: bool,
    /// A CoAO 653 penalty on this person within the last year (repeat: part 2).
    pub coao653_within_year: bool,
    pub measures_for_this_act: Vec<Measure>,
    /// APPC only: the measure already applied for this act gave no result (APPC 124(3) then
    /// allows another measure, or the same again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_measure_no_result: Option<bool>,
    /// APPC only: an earlier monetary penalty on this person was not complied with (the court
    /// act or requirement it was imposed for is still not met): APPC 127(9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_penalty_not_complied: Option<bool>,
    /// APPC only, with `earlier_penalty_not_complied`: that penalty's amount in MCI; the new
    /// one is increased by 10 MCI over it (APPC 127(9)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_penalty_mci: Option<u32>,
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub NaiveDate);

impl Day {
    /// Exactly `YYYY-MM-DD` with a real date: four-digit year, two-digit month and day.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Day)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
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
        self.validate_case(catalog)?;
        if catalog.role(kind, &self.person.role).is_none() {
            let known = catalog.role_ids(kind).join(", ");
            return Err(FactsError::new(
                "person.role",
                format!(
                    "'{}' is not a role in {} (expected one of: {known})",
                    self.person.role,
                    kind.a_case()
                ),
            ));
        }
        self.validate_incident()?;
        self.person.validate(date)?;
        self.validate_history(catalog)
    }

    fn validate_case(&self, catalog: &Catalog) -> Result<(), FactsError> {
        let kind = self.case.kind;
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
        // An administrative case runs under the APPC: before the APPC was in force such a
        // dispute was a civil case under the CPC (its chapters 27-30, excluded by Law No.
        // 351-VI from 01.07.2021), so "administrative" on that date cannot be true.
        let appc_from = catalog.codes.get("APPC").map(|c| c.in_force_from);
        if kind == CaseKind::Administrative
            && let Some(from) = appc_from
            && self.incident.date < from
        {
            return Err(FactsError::new(
                "case.kind",
                format!(
                    "\"administrative\" cases run under the APPC, in force from {from}; on {} \
                     such a dispute was heard under the CPC (case.kind \"civil\")",
                    self.incident.date
                ),
            ));
        }
        Ok(())
    }

    fn validate_incident(&self) -> Result<(), FactsError> {
        let i = &self.incident;
        if i.conduct == Conduct::InsultOfJuror && !self.case.jury {
            return Err(FactsError::new(
                "incident.conduct",
                "\"insult_of_juror\" needs a jury trial (case.jury is false)",
            ));
        }
        let evasion_only = [
            (
                "incident.evasion_without_good_reason",
                i.evasion_without_good_reason.is_some(),
            ),
            (
                "incident.case_cannot_proceed",
                i.case_cannot_proceed.is_some(),
            ),
        ];
        if i.place != Place::Evasion
            && let Some((field, _)) = evasion_only.iter().find(|(_, set)| *set)
        {
            return Err(FactsError::new(
                field,
                "applies only when incident.where is \"evasion\"",
            ));
        }
        Ok(())
    }

    fn validate_history(&self, catalog: &Catalog) -> Result<(), FactsError> {
        let kind = self.case.kind;
        let h = &self.history;
        for (i, m) in h.measures_for_this_act.iter().enumerate() {
            if !m.known_in(kind) {
                return Err(FactsError::new(
                    &format!("history.measures_for_this_act[{i}]"),
                    format!("'{}' is not a measure in {}", m.id(), kind.a_case()),
                ));
            }
        }
        // A warning or reprimand for this act was given in this hearing: a history that says
        // both "given for this act" and "not given in this hearing" is refused rather than
        // resolved one way, since either reading changes the advice (CPC 188(2), APPC 126(1)).
        let warned_for_act = h
            .measures_for_this_act
            .iter()
            .find(|m| matches!(m, Measure::Warning | Measure::Reprimand));
        if let Some(m) = warned_for_act
            && !h.warned_in_hearing
        {
            return Err(FactsError::new(
                "history.warned_in_hearing",
                format!(
                    "is false, but history.measures_for_this_act lists '{}' given for this act \
                     in this hearing",
                    m.id()
                ),
            ));
        }
        let appc_only = [
            (
                "history.earlier_measure_no_result",
                h.earlier_measure_no_result.is_some(),
            ),
            (
                "history.earlier_penalty_not_complied",
                h.earlier_penalty_not_complied.is_some(),
            ),
            (
                "history.earlier_penalty_mci",
                h.earlier_penalty_mci.is_some(),
            ),
        ];
        if kind != CaseKind::Administrative
            && let Some((field, _)) = appc_only.iter().find(|(_, set)| *set)
        {
            return Err(FactsError::new(
                field,
                format!(
                    "applies only in an administrative case, not in {}",
                    kind.a_case()
                ),
            ));
        }
        if let Some(mci) = h.earlier_penalty_mci {
            if h.earlier_penalty_not_complied != Some(true) {
                return Err(FactsError::new(
                    "history.earlier_penalty_mci",
                    "applies only when history.earlier_penalty_not_complied is true",
                ));
            }
            let min = catalog.administrative_penalty.min_mci;
            if mci < min {
                return Err(FactsError::new(
                    "history.earlier_penalty_mci",
                    format!("{mci} MCI is below the {min} MCI an APPC penalty starts at"),
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
            ("person.citizenship", self.citizenship.is_some()),
            ("person.advocate", self.advocate.is_some()),
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

/// Whether `day` is the day the person turns a year older: exactly N years and 0 days, the one
/// day on which "over N years" cannot hold on any reading (CoAO 50(2)).
pub fn birthday_on(birth: Day, day: Day) -> bool {
    day.0
        .pred_opt()
        .is_some_and(|before| age_on(birth, Day(before)) < age_on(birth, day))
}

/// Completed years between `birth` and `day` (a birthday counts on its own date; 29 February
/// birthdays count on 1 March in common years, since 28 February is still before it).
pub fn age_on(birth: Day, day: Day) -> u32 {
    let (b, d) = (birth.0, day.0);
    let mut years = d.year() - b.year();
    if (d.month(), d.day()) < (b.month(), b.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}
