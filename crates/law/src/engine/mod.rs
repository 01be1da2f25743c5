//! The paragraph-10 engine: facts + catalog → advice. Pure: no I/O, no clock; the incident date
//! in the facts decides which wording of each norm applies.
//!
//! Each measure has one function that builds its option, naming the article and part of every
//! rule it applies (rule ids of LAW.md in brackets: G1-G4, C1-C5, Cr1-Cr4, A1-A3).

mod bars;
mod coao653;
mod coercion;
mod gates;
mod protocol;
mod referral;
mod why;

pub use why::Why;

use super::advice::{Advice, Opt, Reason, ReasonKind};
use super::catalog::{Catalog, InForce, Participant};
use super::facts::{CaseKind, Conduct, Day, Facts, Place};
use super::measure::Measure;

/// Terms the engine and the report look up; the catalog must define each in kk/ru/en.
pub const REQUIRED_TERMS: &[(&str, &str)] = &[
    ("measure", "warning"),
    ("measure", "reprimand"),
    ("measure", "removal"),
    ("measure", "monetary_penalty"),
    ("measure", "closed_session"),
    ("measure", "coao653_warning"),
    ("measure", "coao653_fine"),
    ("measure", "coao653_community_service"),
    ("measure", "coao653_arrest"),
    ("measure", "refer_prosecutor"),
    ("measure", "offence_protocol_referral"),
    ("status", "available"),
    ("status", "caution"),
    ("status", "blocked"),
    ("act", "protocol_entry"),
    ("act", "presiding_judge_order"),
    ("act", "ruling_in_protocol"),
    ("act", "ruling_criminal"),
    ("act", "ruling_administrative"),
    ("act", "ruling_civil"),
    ("act", "separate_reasoned_ruling"),
    ("act", "prosecutor_referral"),
    ("act", "offence_protocol"),
    ("appeal", "objections_in_appeal"),
    ("appeal", "private_complaint"),
    ("appeal", "coao_complaint"),
    ("deadline_from", "receipt_of_copy"),
    ("deadline_from", "entry_into_force"),
    ("deadline_from", "pronouncement"),
    ("deadline_from", "service"),
    ("deadline_from", "ruling"),
    ("unit", "days"),
    ("unit", "working_days"),
    ("unit", "months"),
    ("unit", "hours"),
    ("unit", "mci"),
    ("unit", "kzt"),
    ("label", "basis"),
    ("label", "act"),
    ("label", "amount"),
    ("label", "limit"),
    ("label", "appeal"),
    ("label", "then"),
    ("label", "protocol"),
    ("label", "yes"),
    ("label", "no"),
    ("label", "unknown"),
    ("up_to", "mci"),
    ("up_to", "days"),
    ("label", "open_point"),
    ("label", "coao653_common"),
];

/// Why the person's act may be a crime, when it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CriminalSigns {
    /// The judge sees signs of a criminal offence.
    Judge,
    /// Insult of a judge: a crime under CC 410(2) (NP1 p.9).
    InsultOfJudge,
    /// Insult of a juror: CC 410(2) names the juror beside the judge (NP1 p.9).
    InsultOfJuror,
    /// Insult of a trial participant as contempt: a crime under CC 410(1).
    InsultOfParticipant,
}

/// What every rule function reads: the facts and what follows directly from them.
pub(crate) struct Ctx<'a> {
    pub f: &'a Facts,
    pub cat: &'a Catalog,
    pub day: Day,
    pub kind: CaseKind,
    pub in_session: bool,
    /// The breach happened in session, whether or not the person then left the courtroom
    /// (CPC 120(4) "проявлено в судебном заседании и нарушитель покинул зал").
    pub breach_in_session: bool,
    pub criminal: Option<CriminalSigns>,
    pub participant: Participant,
    pub part: u8,
}

impl<'a> Ctx<'a> {
    fn new(f: &'a Facts, cat: &'a Catalog) -> Ctx<'a> {
        let criminal = match f.incident.conduct {
            // Paragraph 9 of NP1 and CC 410(2): never an administrative matter.
            Conduct::InsultOfJudge => Some(CriminalSigns::InsultOfJudge),
            Conduct::InsultOfJuror => Some(CriminalSigns::InsultOfJuror),
            // CC 410(1) makes contempt by insulting a trial participant a crime.
            Conduct::InsultOfParticipant => Some(CriminalSigns::InsultOfParticipant),
            _ if f.incident.criminal_signs => Some(CriminalSigns::Judge),
            _ => None,
        };
        let participant = cat
            .role(f.case.kind, &f.person.role)
            .map(|r| r.participant)
            .unwrap_or(Participant::No);
        Ctx {
            f,
            cat,
            day: f.incident.date,
            kind: f.case.kind,
            in_session: f.incident.place == Place::InSession,
            breach_in_session: matches!(f.incident.place, Place::InSession | Place::LeftCourtroom),
            criminal,
            participant,
            // CoAO 653(2): repeated within a year after an administrative penalty.
            part: if f.history.coao653_within_year { 2 } else { 1 },
        }
    }

    pub fn role(&self) -> &str {
        &self.f.person.role
    }

    pub fn prior(&self) -> &[Measure] {
        &self.f.history.measures_for_this_act
    }
}

/// Advise on an incident. The facts must have passed [`Facts::validate`] against `cat`.
pub fn advise(f: &Facts, cat: &Catalog) -> Advice {
    let ctx = Ctx::new(f, cat);
    let (protocol_entry_required, protocol_basis, mut notes) = protocol::derive(&ctx);
    notes.extend(gates::incident_notes(&ctx));
    let mci_kzt = cat.mci_for_year(ctx.day.year());
    if mci_kzt.is_none() {
        notes.push(
            Reason::new(ReasonKind::Caution, Why::MciYearMissing, &[])
                .with("year", ctx.day.year().to_string()),
        );
    }
    let options = Measure::for_kind(ctx.kind)
        .iter()
        .map(|m| {
            let mut opt = build(&ctx, *m);
            check_wordings(&ctx, &mut opt);
            opt
        })
        .collect();
    Advice {
        kind: ctx.kind,
        date: ctx.day,
        coao653_part: ctx.part,
        mci_kzt,
        protocol_entry_required,
        protocol_basis,
        notes,
        options,
        catalog_version: cat.version.clone(),
    }
}

fn build(ctx: &Ctx, m: Measure) -> Opt {
    match m {
        Measure::Warning => coercion::warning(ctx),
        Measure::Reprimand => coercion::reprimand(ctx),
        Measure::Removal => coercion::removal(ctx),
        Measure::MonetaryPenalty => coercion::monetary_penalty(ctx),
        Measure::ClosedSession => coercion::closed_session(ctx),
        Measure::Coao653Warning
        | Measure::Coao653Fine
        | Measure::Coao653CommunityService
        | Measure::Coao653Arrest => coao653::option(ctx, m),
        Measure::ReferProsecutor => referral::prosecutor(ctx),
        Measure::OffenceProtocolReferral => referral::offence_protocol(ctx),
    }
}

/// Apply the wording in force on the incident date: a cited norm with no wording that day is a
/// caution (or a bar, when the norm did not exist yet), never silently used.
fn check_wordings(ctx: &Ctx, opt: &mut Opt) {
    let basis = opt.basis.clone();
    for id in &basis {
        match ctx.cat.in_force(id, ctx.day) {
            InForce::Yes(_) => {}
            InForce::Uncertain(n) => opt.push(
                Reason::new(ReasonKind::Caution, Why::EntryIntoForceUncertain, &[id])
                    .with("norm", id.clone())
                    .with("from", n.effective_from.to_string()),
            ),
            InForce::NotInCatalog => {
                let first = ctx.cat.norms.get(id).and_then(|w| w.first());
                let introduced_later =
                    first.is_some_and(|n| n.introduced && ctx.day < n.effective_from);
                let from = first
                    .map(|n| n.effective_from.to_string())
                    .unwrap_or_default();
                let (kind, why) = if introduced_later {
                    (ReasonKind::Bar, Why::NotYetInLaw)
                } else {
                    (ReasonKind::Caution, Why::WordingNotInCatalog)
                };
                opt.push(
                    Reason::new(kind, why, &[id])
                        .with("norm", id.clone())
                        .with("from", from)
                        .with("date", ctx.day.to_string()),
                );
            }
        }
    }
}
