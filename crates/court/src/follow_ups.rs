//! What the law still requires after the measures of a hearing: the act still to be drawn up
//! for a measure (`acts::due`), and each measure's follow-ups as the engine gives them on the
//! facts recorded with its incident (announce the penalty, explain the appeal, a removed
//! person's return…). The interface shows them; the rules are here.

use journal::Body;
use law::report::report;
use law::{Catalog, Lang, Measure};

use crate::acts::{self, Due};
use crate::hearing::Hearing;

/// One thing still required, tied to the measure (its seq) it follows from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub seq: u64,
    pub item: Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A document of its own is due and not yet issued.
    Due(Due),
    /// What the engine says the law requires next, in the requested language, with its basis
    /// (citation ids).
    Law { text: String, basis: Vec<String> },
}

/// Every follow-up of every measure applied in the hearing, in protocol order.
pub fn follow_ups(h: &Hearing, cat: &Catalog, lang: Lang) -> Vec<FollowUp> {
    let mut out = Vec::new();
    for e in &h.entries {
        let Some(view) = h.measure(e.seq) else {
            continue;
        };
        let issued = h.entries.iter().any(
            |x| matches!(&x.body, Some(Body::RulingIssued(r)) if r.measure_seq == Some(e.seq)),
        );
        if let Some(due) = acts::due(h.opened.case_kind, &view.measure.act_form)
            && !issued
        {
            out.push(FollowUp {
                seq: e.seq,
                item: Item::Due(due),
            });
        }
        out.extend(of_measure(h, e.seq, cat, lang));
    }
    out
}

/// When a participant who was removed comes back: the follow-ups of their latest removal
/// (CPC 188(2), CrPC 346(2) — what they are told on return).
pub fn on_return(h: &Hearing, participant_id: &str, cat: &Catalog, lang: Lang) -> Vec<FollowUp> {
    let removal = h.entries.iter().rev().find_map(|e| match &e.body {
        Some(Body::MeasureApplied(m))
            if m.measure_id == Measure::Removal.id()
                && m.participant_id.as_deref() == Some(participant_id) =>
        {
            Some(e.seq)
        }
        _ => None,
    });
    removal.map_or_else(Vec::new, |seq| of_measure(h, seq, cat, lang))
}

/// The engine's follow-ups for the measure at `seq`, re-advised on its incident's facts. A
/// measure without an incident, or whose facts the catalog no longer accepts, has none to show.
fn of_measure(h: &Hearing, seq: u64, cat: &Catalog, lang: Lang) -> Vec<FollowUp> {
    let Some(view) = h.measure(seq) else {
        return Vec::new();
    };
    let (Some((incident, _)), Some(measure)) =
        (view.incident, Measure::from_id(&view.measure.measure_id))
    else {
        return Vec::new();
    };
    let Ok(advice) = h.advice_on(incident.seq, cat) else {
        return Vec::new();
    };
    report(&advice, cat, lang)
        .options
        .into_iter()
        .filter(|o| o.measure == measure.id())
        .flat_map(|o| o.follow_ups)
        .map(|r| FollowUp {
            seq,
            item: Item::Law {
                text: r.text,
                basis: r.basis,
            },
        })
        .collect()
}
