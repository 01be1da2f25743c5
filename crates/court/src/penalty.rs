//! The penalty a judge decides, held to the limits of the option the law engine gave: a fixed
//! amount is that amount; "up to" means 1 to the ceiling; hours and days within the option's
//! range. The wizard asks here which figures to enter and whether they hold; so will any check
//! of a recorded penalty.

use std::ops::RangeInclusive;

use journal::entry::Penalty;
use law::advice::{AmountKind, Opt};

/// A figure the judge enters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The amount in MCI, for an "up to" amount (CrPC 160(4), APPC 127(2)).
    Mci,
    /// Community service hours (CoAO 49-1).
    Hours,
    /// Days of administrative arrest (CoAO 50).
    Days,
}

/// A figure outside the option's limits (or not a whole number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("out of range: {min}–{max}")]
pub struct OutOfRange {
    pub figure: Figure,
    pub min: u32,
    pub max: u32,
}

/// The figures `opt` leaves to the judge, in the order a form asks for them.
pub fn figures(opt: &Opt) -> Vec<Figure> {
    let mut out = Vec::new();
    if opt.amount.is_some_and(|a| a.kind == AmountKind::UpTo) {
        out.push(Figure::Mci);
    }
    if opt.max_hours.is_some() {
        out.push(Figure::Hours);
    }
    if opt.max_days.is_some() {
        out.push(Figure::Days);
    }
    out
}

/// The range `opt` allows for `figure`, if it asks for it.
pub fn range(opt: &Opt, figure: Figure) -> Option<(u32, u32)> {
    match figure {
        Figure::Mci => opt
            .amount
            .filter(|a| a.kind == AmountKind::UpTo)
            .map(|a| (1, a.mci)),
        Figure::Hours => opt.max_hours.map(|max| (opt.min_hours.unwrap_or(1), max)),
        Figure::Days => opt.max_days.map(|max| (1, max)),
    }
}

impl Figure {
    /// The figure's member in a recorded penalty (`measure_applied.penalty`).
    pub fn field(self) -> &'static str {
        match self {
            Figure::Mci => "penalty.fine_mci",
            Figure::Hours => "penalty.hours",
            Figure::Days => "penalty.days",
        }
    }
}

/// Every range a recorded penalty of `opt` must fall in: a fixed amount is exactly itself, the
/// figures the judge enters within their [`range`].
pub fn limits(opt: &Opt) -> Vec<(Figure, RangeInclusive<u32>)> {
    let mut out: Vec<(Figure, RangeInclusive<u32>)> = opt
        .amount
        .filter(|a| a.kind == AmountKind::Fixed)
        .map(|a| (Figure::Mci, a.mci..=a.mci))
        .into_iter()
        .collect();
    out.extend(
        figures(opt)
            .into_iter()
            .filter_map(|f| range(opt, f).map(|(lo, hi)| (f, lo..=hi))),
    );
    out
}

/// The penalty decided under `opt` from the figures as typed (`typed(figure)`), with the MCI
/// value in tenge of the year that applies. `Ok(None)` for a measure without a penalty.
pub fn decide(
    opt: &Opt,
    typed: impl Fn(Figure) -> String,
    mci_kzt: Option<u32>,
) -> Result<Option<Penalty>, OutOfRange> {
    let number = |figure: Figure| -> Result<Option<u32>, OutOfRange> {
        let Some((min, max)) = range(opt, figure) else {
            return Ok(None);
        };
        typed(figure)
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .map(Some)
            .ok_or(OutOfRange { figure, min, max })
    };
    let fine_mci = match opt.amount {
        Some(a) if a.kind == AmountKind::Fixed => Some(a.mci),
        Some(_) => number(Figure::Mci)?,
        None => None,
    };
    let p = Penalty {
        fine_mci,
        mci_kzt: fine_mci.and(mci_kzt),
        hours: number(Figure::Hours)?,
        days: number(Figure::Days)?,
    };
    Ok((p != Penalty::default()).then_some(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use law::Measure;
    use law::advice::Amount;

    fn up_to(max: u32) -> Opt {
        let mut o = Opt::new(Measure::MonetaryPenalty, &["CrPC 160(4)"]);
        o.amount = Some(Amount {
            mci: max,
            kind: AmountKind::UpTo,
        });
        o
    }

    #[test]
    fn an_up_to_amount_is_one_to_the_ceiling() {
        let o = up_to(50);
        assert_eq!(figures(&o), vec![Figure::Mci]);
        let p = decide(&o, |_| "50".into(), Some(4325)).unwrap().unwrap();
        assert_eq!((p.fine_mci, p.mci_kzt), (Some(50), Some(4325)));
        for bad in ["0", "51", "", "ten", "-1"] {
            assert_eq!(
                decide(&o, |_| bad.into(), None),
                Err(OutOfRange {
                    figure: Figure::Mci,
                    min: 1,
                    max: 50
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_fixed_amount_is_not_asked_for() {
        let mut o = Opt::new(Measure::Coao653Fine, &["CoAO 653(1)"]);
        o.amount = Some(Amount {
            mci: 20,
            kind: AmountKind::Fixed,
        });
        assert!(figures(&o).is_empty());
        let p = decide(&o, |_| unreachable!(), Some(4325)).unwrap().unwrap();
        assert_eq!(p.fine_mci, Some(20));
    }

    #[test]
    fn hours_and_days_stay_within_the_option() {
        let mut o = Opt::new(Measure::Coao653CommunityService, &["CoAO 653(2)"]);
        (o.min_hours, o.max_hours) = (Some(10), Some(40));
        assert_eq!(range(&o, Figure::Hours), Some((10, 40)));
        assert!(decide(&o, |_| "9".into(), None).is_err());
        assert_eq!(
            decide(&o, |_| "40".into(), None).unwrap().unwrap().hours,
            Some(40)
        );
        let mut arrest = Opt::new(Measure::Coao653Arrest, &["CoAO 653(2)"]);
        arrest.max_days = Some(15);
        assert!(decide(&arrest, |_| "16".into(), None).is_err());
        assert_eq!(
            decide(&arrest, |_| "15".into(), None)
                .unwrap()
                .unwrap()
                .days,
            Some(15)
        );
        let warning = Opt::new(Measure::Warning, &["CPC 188(1)"]);
        assert_eq!(decide(&warning, |_| String::new(), None), Ok(None));
    }
}
