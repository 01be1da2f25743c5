//! Evaluating the arrest bars (CoAO 50(2)) and community-service bars (CoAO 49-1(7)) listed in
//! the catalog. An unknown fact never counts as "not barred": it becomes a caution naming it.

use super::{Ctx, Why};
use crate::advice::{Opt, Reason, ReasonKind};
use crate::catalog::{Bar, BarTest};
use crate::facts::{ChildAge, Disability, Sex};

enum Outcome {
    Applies,
    Clear,
    /// The facts that would decide it are missing.
    Unknown(Vec<&'static str>),
    /// "Over N years" at exactly N completed years: the text does not settle it.
    Boundary,
}

/// Add a reason to `opt` for every bar that applies or cannot be ruled out.
pub(crate) fn apply(ctx: &Ctx, opt: &mut Opt, bars: &[Bar]) {
    for bar in bars {
        // The report shows the bar's own words (terms.toml, group "bar") from the `bar` param.
        let reason =
            |kind, why| Reason::new(kind, why, &[bar.basis.as_str()]).with("bar", bar.id.clone());
        match evaluate(ctx, bar) {
            Outcome::Applies => opt.push(reason(ReasonKind::Bar, Why::BarApplies)),
            Outcome::Clear => {}
            Outcome::Unknown(facts) => opt
                .push(reason(ReasonKind::Caution, Why::BarUnknown).with("facts", facts.join(", "))),
            Outcome::Boundary => opt.push(reason(ReasonKind::Caution, Why::BarAgeBoundary)),
        }
    }
}

fn evaluate(ctx: &Ctx, bar: &Bar) -> Outcome {
    let p = &ctx.f.person;
    let years = bar.years.unwrap_or(0);
    let age = p.age_on(ctx.day);
    match bar.test {
        BarTest::Pregnant => match (p.sex, p.pregnant) {
            (Some(Sex::Male), _) | (_, Some(false)) => Outcome::Clear,
            (_, Some(true)) => Outcome::Applies,
            (_, None) => Outcome::Unknown(vec!["person.pregnant"]),
        },
        BarTest::FemaleWithChildUnder => {
            let child = child_under(p.youngest_child_age, years);
            for_sex(p.sex, Sex::Female, child, "person.youngest_child_age")
        }
        BarTest::MaleAloneWithChildUnder => {
            let child = child_under(p.youngest_child_age, years);
            let alone_with_child = match (child, p.raises_children_alone) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let mut missing = Vec::new();
            if child.is_none() {
                missing.push("person.youngest_child_age");
            }
            if child != Some(false) && p.raises_children_alone.is_none() {
                missing.push("person.raises_children_alone");
            }
            match (p.sex, alone_with_child) {
                (Some(Sex::Female), _) | (_, Some(false)) => Outcome::Clear,
                (Some(Sex::Male), Some(true)) => Outcome::Applies,
                (None, Some(true)) => Outcome::Unknown(vec!["person.sex"]),
                (_, None) => Outcome::Unknown(missing),
            }
        }
        BarTest::AgeUnder => match age {
            None => Outcome::Unknown(vec!["person.birth_date"]),
            Some(a) if a < years => Outcome::Applies,
            Some(_) => Outcome::Clear,
        },
        BarTest::FemaleAgeOver | BarTest::MaleAgeOver => {
            let sex = if bar.test == BarTest::FemaleAgeOver {
                Sex::Female
            } else {
                Sex::Male
            };
            match age {
                None => with_sex(p.sex, sex, Outcome::Unknown(vec!["person.birth_date"])),
                Some(a) if a > years => for_sex(p.sex, sex, Some(true), ""),
                Some(a) if a == years => with_sex(p.sex, sex, Outcome::Boundary),
                Some(_) => Outcome::Clear,
            }
        }
        BarTest::FemaleAgeAtLeast | BarTest::MaleAgeAtLeast => {
            let sex = if bar.test == BarTest::FemaleAgeAtLeast {
                Sex::Female
            } else {
                Sex::Male
            };
            match age {
                None => with_sex(p.sex, sex, Outcome::Unknown(vec!["person.birth_date"])),
                Some(a) => for_sex(p.sex, sex, Some(a >= years), ""),
            }
        }
        BarTest::DisabilityGroupIn => match p.disability_group {
            None => Outcome::Unknown(vec!["person.disability_group"]),
            Some(Disability::None) => Outcome::Clear,
            Some(Disability::Group(g)) if bar.groups.contains(&g) => Outcome::Applies,
            Some(Disability::Group(_)) => Outcome::Clear,
        },
        BarTest::NotPermanentResident => match p.permanent_resident {
            None => Outcome::Unknown(vec!["person.permanent_resident"]),
            Some(false) => Outcome::Applies,
            Some(true) => Outcome::Clear,
        },
    }
}

/// Is the youngest child under `years`? `None` when unknown.
fn child_under(child: Option<ChildAge>, years: u32) -> Option<bool> {
    match child {
        None => None,
        Some(ChildAge::None) => Some(false),
        Some(ChildAge::Years(a)) => Some(u32::from(a) < years),
    }
}

/// A bar on one sex whose other condition is `cond` (missing fact named `fact` when unknown).
fn for_sex(sex: Option<Sex>, barred: Sex, cond: Option<bool>, fact: &'static str) -> Outcome {
    match (sex, cond) {
        (Some(s), _) if s != barred => Outcome::Clear,
        (_, Some(false)) => Outcome::Clear,
        (Some(_), Some(true)) => Outcome::Applies,
        (None, Some(true)) => Outcome::Unknown(vec!["person.sex"]),
        (Some(_), None) => Outcome::Unknown(vec![fact]),
        (None, None) => Outcome::Unknown(vec![fact, "person.sex"]),
    }
}

/// An outcome that only matters if the person is of the barred sex.
fn with_sex(sex: Option<Sex>, barred: Sex, outcome: Outcome) -> Outcome {
    match sex {
        Some(s) if s != barred => Outcome::Clear,
        Some(_) => outcome,
        None => match outcome {
            Outcome::Unknown(mut facts) => {
                facts.push("person.sex");
                Outcome::Unknown(facts)
            }
            _ => Outcome::Unknown(vec!["person.sex"]),
        },
    }
}
