//! What recorded values must mean for the law: real dates, IINs with a valid check digit, a
//! penalty within the limits the law sets for the measure on the recorded facts, a measure
//! that cites its article and part, facts the law catalog accepts.
//!
//! The chain proves entries were not altered; this proves they can be true. One set of rules
//! for everyone who reads a protocol: `hattama verify` reports them as warnings (a recorded
//! mistake is not tampering), and a document is refused while the entries it prints break them
//! (`documents`). A problem names the entry, the field and the rule, never the value.

mod iin;

use std::collections::BTreeMap;
use std::fmt;

use journal::Entry;
use journal::entry::{Body, Kind, MeasureApplied, PersonDetails};
use law::facts::Day;
use law::{Catalog, Facts, Measure};

pub use iin::is_valid as is_valid_iin;

/// Which rule a value breaks, as a stable code (`hattama verify --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Not 12 digits with a valid check digit.
    InvalidIin,
    /// Not a date that exists, written `YYYY-MM-DD`.
    InvalidDate,
    /// A measure that cites no article and part.
    NoCitation,
    /// A citation the law catalog does not know.
    UnknownCitation,
    /// A penalty outside what the law allows for this measure on the recorded facts.
    AmountOutsideLimits,
    /// The MCI value in tenge is not the one the budget law sets for the year.
    WrongMciValue,
    /// Facts the law catalog refuses.
    InvalidFacts,
    /// A measure the law catalog does not know.
    UnknownMeasure,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::InvalidIin => "invalid_iin",
            Rule::InvalidDate => "invalid_date",
            Rule::NoCitation => "no_citation",
            Rule::UnknownCitation => "unknown_citation",
            Rule::AmountOutsideLimits => "amount_outside_limits",
            Rule::WrongMciValue => "wrong_mci_value",
            Rule::InvalidFacts => "invalid_facts",
            Rule::UnknownMeasure => "unknown_measure",
        }
    }
}

/// One value that cannot be what the law means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub seq: u64,
    pub kind: Kind,
    /// The body field, e.g. `details.birth_date` or `penalty.fine_mci`.
    pub field: String,
    pub rule: Rule,
    /// What the rule asks for; never the value found.
    pub what: String,
    /// The figures the law sets that the English `what` quotes, so an interface can word the
    /// problem in its own language from `rule` and these alone.
    pub bound: Bound,
}

/// What the law sets for a value that breaks its rule (never the value found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The rule names no figure; for `AmountOutsideLimits`, the law sets no such penalty.
    None,
    /// The least and the most the law allows.
    Range(u32, u32),
    /// The one value the law sets (the MCI in tenge for the year).
    Exactly(u32),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "entry {} ({}): field `{}` {}",
            self.seq, self.kind, self.field, self.what
        )
    }
}

/// Checks entries one by one in journal order (a measure's limits need its incident's facts,
/// recorded before it). Withheld bodies (excerpts) are skipped.
pub struct Validity<'c> {
    cat: &'c Catalog,
    /// The facts of each incident, when the catalog accepts them.
    facts: BTreeMap<u64, Facts>,
    problems: Vec<Problem>,
}

impl<'c> Validity<'c> {
    pub fn new(cat: &'c Catalog) -> Validity<'c> {
        Validity {
            cat,
            facts: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    pub fn entry(&mut self, entry: &Entry) {
        let Some(body) = &entry.body else {
            return;
        };
        let mut report = |field: &str, rule: Rule, what: String, bound: Bound| {
            self.problems.push(Problem {
                seq: entry.seq,
                kind: entry.kind,
                field: field.to_string(),
                rule,
                what,
                bound,
            });
        };
        match body {
            Body::ParticipantAdded(p) => person(p.iin.as_deref(), &p.details, &mut report),
            Body::ParticipantUpdated(p) => person(p.iin.as_deref(), &p.details, &mut report),
            Body::IncidentRecorded(i) => {
                match Facts::from_json(&i.facts.to_string())
                    .and_then(|f| f.validate(self.cat).map(|()| f))
                {
                    Ok(facts) => {
                        self.facts.insert(entry.seq, facts);
                    }
                    // The catalog's message names the field; it may quote the value, so only
                    // the field is kept.
                    Err(e) => report(
                        &format!("facts.{}", e.field),
                        Rule::InvalidFacts,
                        "is not what the law catalog accepts (`hattama advise` on these facts says why)".into(),
                        Bound::None,
                    ),
                }
            }
            Body::MeasureApplied(m) => {
                let facts = m.incident_seq.and_then(|s| self.facts.get(&s));
                measure(m, facts, self.cat, &mut report);
            }
            _ => {}
        }
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

/// The problems of `entries`, in order.
pub fn check<'a>(cat: &Catalog, entries: impl IntoIterator<Item = &'a Entry>) -> Vec<Problem> {
    let mut v = Validity::new(cat);
    for e in entries {
        v.entry(e);
    }
    v.into_problems()
}

type Report<'r> = dyn FnMut(&str, Rule, String, Bound) + 'r;

fn person(iin: Option<&str>, details: &PersonDetails, report: &mut Report<'_>) {
    if iin.is_some_and(|i| !iin::is_valid(i)) {
        report(
            "iin",
            Rule::InvalidIin,
            "is not an IIN: 12 digits, the last a valid check digit (Law No. 223 of 12.01.2007, art. 1(1)1))".into(),
            Bound::None,
        );
    }
    if details
        .birth_date
        .as_deref()
        .is_some_and(|d| Day::parse(d).is_none())
    {
        report(
            "details.birth_date",
            Rule::InvalidDate,
            "is not a date that exists, written YYYY-MM-DD".into(),
            Bound::None,
        );
    }
}

fn measure(m: &MeasureApplied, facts: Option<&Facts>, cat: &Catalog, report: &mut Report<'_>) {
    let Some(measure) = Measure::from_id(&m.measure_id) else {
        report(
            "measure_id",
            Rule::UnknownMeasure,
            "is not a measure the law catalog knows".into(),
            Bound::None,
        );
        return;
    };
    if m.citations.iter().all(|c| c.trim().is_empty()) {
        report(
            "citations",
            Rule::NoCitation,
            "is empty: a measure names its article and part".into(),
            Bound::None,
        );
    }
    for (i, c) in m.citations.iter().enumerate() {
        if !c.trim().is_empty() && !cat.norm_exists(c) {
            report(
                &format!("citations[{i}]"),
                Rule::UnknownCitation,
                "is not a provision the law catalog knows".into(),
                Bound::None,
            );
        }
    }
    // Limits come from the engine's option for this measure on the recorded facts — the
    // same option the judge chose from; without valid facts there is nothing to measure by.
    let Some(facts) = facts else {
        return;
    };
    let advice = law::advise(facts, cat);
    let penalty = m.penalty.unwrap_or_default();
    let ranges: Vec<(&str, std::ops::RangeInclusive<u32>)> = advice
        .option(measure)
        .map(crate::penalty::limits)
        .unwrap_or_default()
        .into_iter()
        .map(|(figure, range)| (figure.field(), range))
        .collect();
    let given = [
        ("penalty.fine_mci", penalty.fine_mci),
        ("penalty.hours", penalty.hours),
        ("penalty.days", penalty.days),
    ];
    for (field, value) in given {
        let Some(value) = value else { continue };
        match ranges.iter().find(|(f, _)| *f == field) {
            Some((_, range)) if range.contains(&value) => {}
            Some((_, range)) => report(
                field,
                Rule::AmountOutsideLimits,
                format!(
                    "is outside what the law allows for this measure on the recorded facts ({} to {})",
                    range.start(),
                    range.end()
                ),
                Bound::Range(*range.start(), *range.end()),
            ),
            None => report(
                field,
                Rule::AmountOutsideLimits,
                "is given, but the law sets no such penalty for this measure on the recorded facts"
                    .into(),
                Bound::None,
            ),
        }
    }
    if let (Some(_), Some(kzt), Some(law_kzt)) = (penalty.fine_mci, penalty.mci_kzt, advice.mci_kzt)
        && kzt != law_kzt
    {
        report(
            "penalty.mci_kzt",
            Rule::WrongMciValue,
            format!(
                "is not the MCI in tenge the budget law sets for the year of the incident ({law_kzt})"
            ),
            Bound::Exactly(law_kzt),
        );
    }
}
