//! Evaluating the bars the catalog lists: who may not be given administrative arrest
//! (CoAO 50(2)) or community service (CoAO 49-1(7)), and who is below the age of administrative
//! liability (CoAO 30). An unknown fact never counts as "not barred": when the bars hold for
//! every value the missing facts could take, the option is blocked and the reason says the bar
//! holds either way; otherwise the option is a caution naming the missing facts.

use super::{Ctx, Why};
use crate::advice::{Opt, Reason, ReasonKind};
use crate::catalog::{Bar, BarTest};
use crate::facts::{ChildAge, Citizenship, Disability, Sex, age_on, birthday_on};

enum Outcome {
    Applies,
    Clear,
    /// The facts that would decide it are missing.
    Unknown(Vec<&'static str>),
    /// "Over N years" after the N-th birthday but before the next: the text does not settle it.
    Boundary,
}

/// An age in completed years, and whether the day is the birthday itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Age {
    years: u32,
    birthday: bool,
}

/// The person as far as the bars look at them; `None` is "not known".
#[derive(Debug, Clone, Copy)]
struct Subject {
    sex: Option<Sex>,
    pregnant: Option<bool>,
    child: Option<ChildAge>,
    alone: Option<bool>,
    age: Option<Age>,
    disability: Option<Disability>,
    resident: Option<bool>,
    citizenship: Option<Citizenship>,
}

impl Subject {
    fn of(ctx: &Ctx) -> Subject {
        let p = &ctx.f.person;
        Subject {
            sex: p.sex,
            pregnant: p.pregnant,
            child: p.youngest_child_age,
            alone: p.raises_children_alone,
            age: p.birth_date.map(|b| Age {
                years: age_on(b, ctx.day),
                birthday: birthday_on(b, ctx.day),
            }),
            disability: p.disability_group,
            resident: p.permanent_resident,
            citizenship: p.citizenship,
        }
    }
}

/// Add a reason to `opt` for every bar that applies or cannot be ruled out.
pub(crate) fn apply(ctx: &Ctx, opt: &mut Opt, bars: &[Bar]) {
    let subject = Subject::of(ctx);
    let outcomes: Vec<(&Bar, Outcome)> = bars.iter().map(|b| (b, evaluate(b, &subject))).collect();
    let applies = outcomes.iter().any(|(_, o)| matches!(o, Outcome::Applies));
    let mut missing: Vec<&'static str> = Vec::new();
    for (_, o) in &outcomes {
        if let Outcome::Unknown(facts) = o {
            for f in facts {
                if !missing.contains(f) {
                    missing.push(f);
                }
            }
        }
    }
    if !applies
        && !missing.is_empty()
        && let Some((barring, decisive)) = barred_either_way(&subject, bars, &missing)
    {
        let mut basis: Vec<&str> = Vec::new();
        for b in &barring {
            if !basis.contains(&b.basis.as_str()) {
                basis.push(&b.basis);
            }
        }
        let ids: Vec<&str> = barring.iter().map(|b| b.id.as_str()).collect();
        opt.push(
            Reason::new(ReasonKind::Bar, Why::BarEitherWay, &basis)
                .with("bars", ids.join(","))
                .with("facts", decisive.join(", ")),
        );
        return;
    }
    for (bar, outcome) in outcomes {
        // The report shows the bar's own words (terms.toml, group "bar") from the `bar` param.
        let reason =
            |kind, why| Reason::new(kind, why, &[bar.basis.as_str()]).with("bar", bar.id.clone());
        match outcome {
            Outcome::Applies => opt.push(reason(ReasonKind::Bar, Why::BarApplies)),
            Outcome::Clear => {}
            Outcome::Unknown(facts) => opt
                .push(reason(ReasonKind::Caution, Why::BarUnknown).with("facts", facts.join(", "))),
            Outcome::Boundary => opt.push(reason(ReasonKind::Caution, Why::BarAgeBoundary)),
        }
    }
}

/// When for every value the `missing` facts could take some bar applies: the bars and the
/// missing facts that decide it, each pared down to what is needed (a fact left unknown, or a
/// bar left out, still leaves the person barred either way), so the reason names the bar that
/// holds and the fact it does not depend on — "woman over 58 / man over 63, whatever the sex".
fn barred_either_way<'b>(
    known: &Subject,
    bars: &'b [Bar],
    missing: &[&'static str],
) -> Option<(Vec<&'b Bar>, Vec<&'static str>)> {
    let all: Vec<&Bar> = bars.iter().collect();
    if !always_barred(known, &all, missing) {
        return None;
    }
    let mut facts = missing.to_vec();
    for f in missing {
        let fewer: Vec<&'static str> = facts.iter().copied().filter(|x| x != f).collect();
        if always_barred(known, &all, &fewer) {
            facts = fewer;
        }
    }
    let mut keep = all;
    for b in bars {
        let fewer: Vec<&Bar> = keep.iter().copied().filter(|x| x.id != b.id).collect();
        if !fewer.is_empty() && always_barred(known, &fewer, &facts) {
            keep = fewer;
        }
    }
    Some((keep, facts))
}

/// Whether some bar of `bars` applies to every person the known facts allow once the `facts`
/// are filled in (facts left out stay unknown, which never makes a bar apply).
fn always_barred(known: &Subject, bars: &[&Bar], facts: &[&'static str]) -> bool {
    let people = completions(known, bars, facts);
    !people.is_empty()
        && people.iter().all(|s| {
            bars.iter()
                .any(|b| matches!(evaluate(b, s), Outcome::Applies))
        })
}

/// Every person the known facts allow, the `missing` facts filled in with each value that can
/// change a bar's outcome (the ages and child ages around the catalog's thresholds).
fn completions(known: &Subject, bars: &[&Bar], missing: &[&'static str]) -> Vec<Subject> {
    let wants = |fact: &str| missing.contains(&fact);
    let thresholds = |child: bool| -> Vec<u32> {
        let mut t: Vec<u32> = bars
            .iter()
            .filter(|b| child == is_child_test(b.test))
            .filter_map(|b| b.years)
            .collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    let sexes: Vec<Option<Sex>> = if wants("person.sex") {
        vec![Some(Sex::Female), Some(Sex::Male)]
    } else {
        vec![known.sex]
    };
    let pregnant = pick(wants("person.pregnant"), known.pregnant, &[true, false]);
    let alone = pick(
        wants("person.raises_children_alone"),
        known.alone,
        &[true, false],
    );
    let resident = pick(
        wants("person.permanent_resident"),
        known.resident,
        &[true, false],
    );
    let children: Vec<Option<ChildAge>> = if wants("person.youngest_child_age") {
        let mut c = vec![Some(ChildAge::None), Some(ChildAge::Years(0))];
        c.extend(
            thresholds(true)
                .into_iter()
                .filter_map(|t| u8::try_from(t).ok())
                .map(|t| Some(ChildAge::Years(t))),
        );
        c
    } else {
        vec![known.child]
    };
    let ages: Vec<Option<Age>> = if wants("person.birth_date") {
        let mut a = Vec::new();
        for t in thresholds(false) {
            for (years, birthday) in [
                (t.saturating_sub(1), false),
                (t, true),
                (t, false),
                (t + 1, false),
            ] {
                a.push(Some(Age { years, birthday }));
            }
        }
        a
    } else {
        vec![known.age]
    };
    let disabilities: Vec<Option<Disability>> = if wants("person.disability_group") {
        let mut d = vec![Some(Disability::None)];
        d.extend((1..=3).map(|g| Some(Disability::Group(g))));
        d
    } else {
        vec![known.disability]
    };
    let citizenships: Vec<Option<Citizenship>> = if wants("person.citizenship") {
        vec![
            Some(Citizenship::Citizen),
            Some(Citizenship::ForeignCitizen),
            Some(Citizenship::Stateless),
        ]
    } else {
        vec![known.citizenship]
    };
    let mut out = Vec::new();
    for &sex in &sexes {
        for &pregnant in &pregnant {
            // Validation refuses a pregnant man; no such person is a completion either.
            if sex == Some(Sex::Male) && pregnant == Some(true) {
                continue;
            }
            for &child in &children {
                for &alone in &alone {
                    for &age in &ages {
                        // Nor a youngest child as old as the person.
                        if let (Some(ChildAge::Years(c)), Some(a)) = (child, age)
                            && u32::from(c) >= a.years
                        {
                            continue;
                        }
                        for &disability in &disabilities {
                            for &resident in &resident {
                                for &citizenship in &citizenships {
                                    out.push(Subject {
                                        sex,
                                        pregnant,
                                        child,
                                        alone,
                                        age,
                                        disability,
                                        resident,
                                        citizenship,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// The known value, or every value of `all` when the fact is one of the missing ones.
fn pick(wanted: bool, known: Option<bool>, all: &[bool]) -> Vec<Option<bool>> {
    if wanted {
        all.iter().map(|v| Some(*v)).collect()
    } else {
        vec![known]
    }
}

fn is_child_test(test: BarTest) -> bool {
    matches!(
        test,
        BarTest::FemaleWithChildUnder | BarTest::MaleAloneWithChildUnder
    )
}

fn evaluate(bar: &Bar, p: &Subject) -> Outcome {
    let years = bar.years.unwrap_or(0);
    match bar.test {
        BarTest::Pregnant => match (p.sex, p.pregnant) {
            (Some(Sex::Male), _) | (_, Some(false)) => Outcome::Clear,
            (_, Some(true)) => Outcome::Applies,
            (_, None) => Outcome::Unknown(vec!["person.pregnant"]),
        },
        BarTest::FemaleWithChildUnder => {
            let child = child_under(p.child, years);
            for_sex(p.sex, Sex::Female, child, "person.youngest_child_age")
        }
        BarTest::MaleAloneWithChildUnder => {
            let child = child_under(p.child, years);
            let alone_with_child = match (child, p.alone) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            let mut missing = Vec::new();
            if child.is_none() {
                missing.push("person.youngest_child_age");
            }
            if child != Some(false) && p.alone.is_none() {
                missing.push("person.raises_children_alone");
            }
            match (p.sex, alone_with_child) {
                (Some(Sex::Female), _) | (_, Some(false)) => Outcome::Clear,
                (Some(Sex::Male), Some(true)) => Outcome::Applies,
                (None, Some(true)) => Outcome::Unknown(vec!["person.sex"]),
                (_, None) => {
                    if p.sex.is_none() {
                        missing.push("person.sex");
                    }
                    Outcome::Unknown(missing)
                }
            }
        }
        BarTest::AgeUnder => match p.age {
            None => Outcome::Unknown(vec!["person.birth_date"]),
            Some(a) if a.years < years => Outcome::Applies,
            Some(_) => Outcome::Clear,
        },
        BarTest::FemaleAgeOver | BarTest::MaleAgeOver => {
            let sex = if bar.test == BarTest::FemaleAgeOver {
                Sex::Female
            } else {
                Sex::Male
            };
            match p.age {
                None => with_sex(p.sex, sex, Outcome::Unknown(vec!["person.birth_date"])),
                Some(a) if a.years > years => for_sex(p.sex, sex, Some(true), ""),
                // CoAO 50(2) "свыше": on the birthday itself the person is exactly N years and
                // 0 days, over N on no reading (the same Code says "N и свыше" in 49-1(7) when
                // it means to include N). Later in that year the text does not settle it.
                Some(a) if a.years == years && !a.birthday => {
                    with_sex(p.sex, sex, Outcome::Boundary)
                }
                Some(_) => Outcome::Clear,
            }
        }
        BarTest::FemaleAgeAtLeast | BarTest::MaleAgeAtLeast => {
            let sex = if bar.test == BarTest::FemaleAgeAtLeast {
                Sex::Female
            } else {
                Sex::Male
            };
            match p.age {
                None => with_sex(p.sex, sex, Outcome::Unknown(vec!["person.birth_date"])),
                Some(a) => for_sex(p.sex, sex, Some(a.years >= years), ""),
            }
        }
        BarTest::DisabilityGroupIn => match p.disability {
            None => Outcome::Unknown(vec!["person.disability_group"]),
            Some(Disability::None) => Outcome::Clear,
            Some(Disability::Group(g)) if bar.groups.contains(&g) => Outcome::Applies,
            Some(Disability::Group(_)) => Outcome::Clear,
        },
        // CoAO 49-1(7) 8): "не проживающих постоянно на территории Республики Казахстан
        // иностранных граждан и лиц без гражданства" — a citizen living abroad is not barred.
        BarTest::NotPermanentResident => match (p.citizenship, p.resident) {
            (Some(Citizenship::Citizen), _) | (_, Some(true)) => Outcome::Clear,
            (Some(_), Some(false)) => Outcome::Applies,
            (None, Some(false)) => Outcome::Unknown(vec!["person.citizenship"]),
            (Some(_), None) => Outcome::Unknown(vec!["person.permanent_resident"]),
            (None, None) => {
                Outcome::Unknown(vec!["person.permanent_resident", "person.citizenship"])
            }
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
