//! The paragraph-10 wizard: who, where and what; every option the engine gives — available,
//! caution, blocked — with its citation and, on `w`, why; then the judge's choice and grounds.
//! For CoAO 653: announce → explanations → penalty within its limits → decision. Each confirmed
//! step is appended to the journal at once; what is typed in between is the wizard's state,
//! kept as a draft by the hearing screen.

mod draw;
pub use draw::wrapped;
mod facts;

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

use super::events::Purpose;
use super::hearing::Sub;
use super::list::Cursor;
use super::{Action, Status};
use crate::Ctx;
use crate::form::{Field, Form, FormEvent, Label};
use crate::session::Session;
use journal::Body;
use journal::entry::{
    AdviceShown, ExplanationHeard, IncidentRecorded, Language, MeasureApplied, Note,
    ParticipantLeft, Penalty,
};
use law::advice::AmountKind;
use law::{self, Facts, Measure, Status as OptStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Who,
    Facts,
    Options,
    Announce,
    Explanations,
    Person,
    Decide,
    Done,
}

/// Everything the wizard needs to come back after a crash: confirmed steps by their seqs in
/// the journal, unconfirmed input as form values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WizardState {
    pub step: Step,
    pub who: Option<String>,
    pub facts: BTreeMap<String, String>,
    pub incident_seq: Option<u64>,
    pub chosen: Option<String>,
    pub explanation: BTreeMap<String, String>,
    #[serde(default)]
    pub person: BTreeMap<String, String>,
    pub decide: BTreeMap<String, String>,
    pub measure_seq: Option<u64>,
}

pub struct Wizard {
    step: Step,
    who: Option<String>,
    who_cursor: Cursor,
    facts: Form,
    incident_seq: Option<u64>,
    advice: Option<law::Advice>,
    options: Cursor,
    why: bool,
    chosen: Option<Measure>,
    explanation: Form,
    /// The person's data a CoAO 653 ruling states (CoAO 822(1)3), checked before the decision:
    /// once the hearing is closed the protocol can no longer take it.
    person: Form,
    decide: Form,
    measure_seq: Option<u64>,
}

impl Wizard {
    pub fn new(s: &Session, who: Option<&str>) -> Wizard {
        let mut w = Wizard {
            step: Step::Who,
            who: None,
            who_cursor: Cursor::default(),
            facts: facts::form(s.hearing.opened.case_kind, recorded(s), None),
            incident_seq: None,
            advice: None,
            options: Cursor::default(),
            why: false,
            chosen: None,
            explanation: Form::new("explain.title", Vec::new()),
            person: Form::new("dialog.edit", Vec::new()),
            decide: Form::new("decide.title", Vec::new()),
            measure_seq: None,
        };
        if let Some(i) = who.and_then(|id| s.hearing.participants.iter().position(|p| p.id == id)) {
            w.who_cursor.index = i;
        }
        w
    }

    /// Rebuild from a draft: the advice is worked out again from the facts in the journal.
    pub fn restore(state: WizardState, ctx: &Ctx, s: &Session) -> Wizard {
        let mut w = Wizard::new(s, state.who.as_deref());
        w.who = state.who.clone();
        w.facts = facts::form(
            s.hearing.opened.case_kind,
            recorded(s),
            w.who.as_deref().and_then(|id| s.hearing.participant(id)),
        );
        w.facts.restore(&state.facts);
        w.incident_seq = state.incident_seq;
        w.advice = state.incident_seq.and_then(|seq| advice_of(ctx, s, seq));
        w.chosen = state.chosen.as_deref().and_then(Measure::from_id);
        w.measure_seq = state.measure_seq;
        w.explanation = explanation_form(s, w.who.as_deref());
        w.explanation.restore(&state.explanation);
        w.person = person_form(ctx, s, w.who.as_deref());
        w.person.restore(&state.person);
        w.decide = decide_form(&w);
        w.decide.restore(&state.decide);
        // A step whose basis did not survive (the journal lacks it) starts over where it can.
        w.step = match state.step {
            Step::Options
            | Step::Announce
            | Step::Explanations
            | Step::Person
            | Step::Decide
            | Step::Done
                if w.advice.is_none() =>
            {
                if w.who.is_some() {
                    Step::Facts
                } else {
                    Step::Who
                }
            }
            step => step,
        };
        w
    }

    pub fn state(&self) -> Option<WizardState> {
        Some(WizardState {
            step: self.step,
            who: self.who.clone(),
            facts: self.facts.values(),
            incident_seq: self.incident_seq,
            chosen: self.chosen.map(|m| m.id().to_string()),
            explanation: self.explanation.values(),
            person: self.person.values(),
            decide: self.decide.values(),
            measure_seq: self.measure_seq,
        })
    }

    pub fn typing(&self) -> bool {
        match self.step {
            Step::Facts => self.facts.typing(),
            Step::Explanations => self.explanation.typing(),
            Step::Person => self.person.typing(),
            Step::Decide => self.decide.typing(),
            _ => false,
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self.step {
            Step::Who => vec![
                ("↑↓ Enter", "keys.pick"),
                ("a", "keys.add"),
                ("Esc", "keys.leave"),
            ],
            Step::Facts => vec![
                ("Tab ↑↓", "keys.next_field"),
                ("← → Space", "keys.choose"),
                ("Enter", "keys.record_facts"),
                ("Esc", "keys.back"),
            ],
            Step::Options => vec![
                ("↑↓", "keys.move"),
                ("w", "keys.why"),
                ("Enter", "keys.choose_measure"),
                ("Esc", "keys.leave"),
            ],
            Step::Announce => vec![("Enter", "keys.announce"), ("Esc", "keys.back")],
            Step::Explanations => vec![
                ("Tab", "keys.next_field"),
                ("Enter", "keys.record_explanation"),
                ("F10", "keys.next_step"),
                ("Esc", "keys.leave"),
            ],
            Step::Person => vec![
                ("Tab ↑↓", "keys.next_field"),
                ("Enter", "keys.record_person"),
                ("Esc", "keys.back"),
            ],
            Step::Decide => vec![
                ("Tab", "keys.next_field"),
                ("Enter", "keys.decide"),
                ("Esc", "keys.back"),
            ],
            Step::Done => vec![("Enter Esc", "keys.finish")],
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &mut Session) -> Sub {
        match self.step {
            Step::Who => self.who_key(key, ctx, s),
            Step::Facts => match self.facts.on_key(key) {
                FormEvent::Cancel => {
                    self.step = Step::Who;
                    Sub::Stay(Action::None)
                }
                FormEvent::Submit => self.record_facts(ctx, s),
                _ => Sub::Stay(Action::None),
            },
            Step::Options => self.options_key(key, ctx),
            Step::Announce => match key.code {
                KeyCode::Enter => self.announce(ctx, s),
                KeyCode::Esc => {
                    self.step = Step::Options;
                    Sub::Stay(Action::None)
                }
                _ => Sub::Stay(Action::None),
            },
            Step::Explanations => {
                if key.code == KeyCode::F(10) {
                    return self.go_decide(ctx, s);
                }
                match self.explanation.on_key(key) {
                    FormEvent::Cancel => Sub::Leave(None),
                    FormEvent::Submit => self.record_explanation(ctx, s),
                    _ => Sub::Stay(Action::None),
                }
            }
            Step::Person => match self.person.on_key(key) {
                FormEvent::Cancel => {
                    self.step = Step::Explanations;
                    Sub::Stay(Action::None)
                }
                FormEvent::Submit => self.record_person(ctx, s),
                _ => Sub::Stay(Action::None),
            },
            Step::Decide => match self.decide.on_key(key) {
                FormEvent::Cancel => {
                    self.step = if self.coao653() {
                        Step::Person
                    } else {
                        Step::Options
                    };
                    Sub::Stay(Action::None)
                }
                FormEvent::Submit => self.record_measure(ctx, s),
                _ => Sub::Stay(Action::None),
            },
            Step::Done => match key.code {
                KeyCode::Enter | KeyCode::Esc => Sub::Done(Status::ok(ctx.t("wizard.finished"))),
                _ => Sub::Stay(Action::None),
            },
        }
    }

    fn who_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &Session) -> Sub {
        let people = &s.hearing.participants;
        if self.who_cursor.on_key(key, people.len()) {
            return Sub::Stay(Action::None);
        }
        match key.code {
            KeyCode::Esc => Sub::Leave(None),
            KeyCode::Char('a') => Sub::Dialog(Purpose::AddParticipant),
            KeyCode::Enter => match people.get(self.who_cursor.index) {
                Some(p) => {
                    if self.who.as_deref() != Some(p.id.as_str()) {
                        let typed = self.facts.values();
                        self.facts = facts::form(s.hearing.opened.case_kind, recorded(s), Some(p));
                        self.facts.restore(&typed);
                        if let Some(b) = &p.details.birth_date {
                            self.facts
                                .restore(&BTreeMap::from([("facts.birth_date".into(), b.clone())]));
                        }
                    }
                    self.who = Some(p.id.clone());
                    self.step = Step::Facts;
                    Sub::Stay(Action::None)
                }
                None => Sub::Stay(Action::Status(Status::error(ctx.t("wizard.add_first")))),
            },
            _ => Sub::Stay(Action::None),
        }
    }

    fn record_facts(&mut self, ctx: &Ctx, s: &mut Session) -> Sub {
        let err = |text: String| Sub::Stay(Action::Status(Status::error(text)));
        if let Some(field) = self.facts.missing() {
            return err(ctx.tf("form.required", &[("field", ctx.t(field).to_string())]));
        }
        let Some(who) = self
            .who
            .as_deref()
            .and_then(|id| s.hearing.participant(id))
            .cloned()
        else {
            self.step = Step::Who;
            return err(ctx.t("live.pick_participant").to_string());
        };
        let date = (ctx.clock)().now().format("%Y-%m-%d").to_string();
        let value = match facts::build(&self.facts, &s.hearing, &who, &date) {
            Ok(v) => v,
            Err(field) => {
                return err(ctx.tf("facts.invalid", &[("field", ctx.t(field).to_string())]));
            }
        };
        let parsed =
            Facts::from_json(&value.to_string()).and_then(|f| f.validate(&ctx.catalog).map(|()| f));
        let facts = match parsed {
            Ok(f) => f,
            Err(e) => return err(ctx.tf("facts.rejected", &[("error", e.to_string())])),
        };
        let advice = law::advise(&facts, &ctx.catalog);
        let incident = Body::IncidentRecorded(IncidentRecorded {
            facts: value,
            description: self.facts.opt("facts.description"),
            participant_id: Some(who.id.clone()),
            recording_offset_ms: None,
        });
        let incident_seq = match s.append(incident) {
            Ok(seq) => seq,
            Err(e) => return err(e.to_string()),
        };
        // The advice as shown is recorded in the language of proceedings, with the catalog's
        // version, so that it can be reproduced later.
        let shown = law::report::report(&advice, &ctx.catalog, doc_lang(s));
        let body = serde_json::to_value(&shown).map(|advice| {
            Body::AdviceShown(AdviceShown {
                incident_seq,
                advice,
                catalog_version: ctx.catalog.version.clone(),
            })
        });
        self.incident_seq = Some(incident_seq);
        self.advice = Some(advice);
        self.step = Step::Options;
        self.options = Cursor::default();
        match body
            .map_err(|e| e.to_string())
            .and_then(|b| s.append(b).map_err(|e| e.to_string()))
        {
            Ok(_) => Sub::Stay(Action::Status(Status::ok(ctx.tf(
                "wizard.incident_recorded",
                &[("seq", incident_seq.to_string())],
            )))),
            Err(e) => err(e),
        }
    }

    fn options_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Sub {
        let Some(advice) = &self.advice else {
            self.step = Step::Facts;
            return Sub::Stay(Action::None);
        };
        if self.options.on_key(key, advice.options.len()) {
            return Sub::Stay(Action::None);
        }
        match key.code {
            KeyCode::Char('w') => {
                self.why = !self.why;
                Sub::Stay(Action::None)
            }
            KeyCode::Esc => Sub::Leave(None),
            KeyCode::Enter => {
                let Some(opt) = advice.options.get(self.options.index) else {
                    return Sub::Stay(Action::None);
                };
                if opt.status() == OptStatus::Blocked {
                    return Sub::Stay(Action::Status(Status::error(ctx.t("wizard.blocked"))));
                }
                self.chosen = Some(opt.measure);
                self.decide = decide_form(self);
                self.step = if opt.measure.is_coao653() {
                    Step::Announce
                } else {
                    Step::Decide
                };
                let status = if opt.status() == OptStatus::Caution {
                    Status::error(ctx.t("wizard.caution_chosen"))
                } else {
                    Status::ok(ctx.term("measure", opt.measure.id()))
                };
                Sub::Stay(Action::Status(status))
            }
            _ => Sub::Stay(Action::None),
        }
    }

    fn announce(&mut self, ctx: &Ctx, s: &mut Session) -> Sub {
        let text = announcement(s, self.who.as_deref());
        match s.append(Body::Note(Note {
            text,
            recording_offset_ms: None,
        })) {
            Ok(seq) => {
                self.explanation = explanation_form(s, self.who.as_deref());
                self.step = Step::Explanations;
                Sub::Stay(Action::Status(Status::ok(format!(
                    "#{seq} {}",
                    ctx.t("kind.note")
                ))))
            }
            Err(e) => Sub::Stay(Action::Status(Status::error(e.to_string()))),
        }
    }

    fn record_explanation(&mut self, ctx: &Ctx, s: &mut Session) -> Sub {
        let Some(summary) = self.explanation.opt("explain.summary") else {
            return self.go_decide(ctx, s);
        };
        let body = Body::ExplanationHeard(ExplanationHeard {
            participant_id: self.explanation.get("explain.who").to_string(),
            summary,
            incident_seq: self.incident_seq,
        });
        match s.append(body) {
            Ok(seq) => {
                self.explanation = explanation_form(s, self.who.as_deref());
                Sub::Stay(Action::Status(Status::ok(format!(
                    "#{seq} {}",
                    ctx.t("kind.explanation_heard")
                ))))
            }
            Err(e) => Sub::Stay(Action::Status(Status::error(e.to_string()))),
        }
    }

    fn go_decide(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        self.person = person_form(ctx, s, self.who.as_deref());
        self.step = Step::Person;
        let heard = self
            .heard(s)
            .iter()
            .any(|(id, _)| Some(id.as_str()) == self.who.as_deref());
        if heard {
            Sub::Stay(Action::None)
        } else {
            Sub::Stay(Action::Status(Status::error(
                ctx.t("wizard.no_own_explanation"),
            )))
        }
    }

    /// Record what changed in the person's data (nothing, if nothing did), then decide.
    fn record_person(&mut self, ctx: &Ctx, s: &mut Session) -> Sub {
        let Some(id) = self.who.clone() else {
            self.step = Step::Who;
            return Sub::Stay(Action::None);
        };
        match super::events::submit(&Purpose::EditParticipant { id }, &self.person, ctx, s) {
            Ok(status) => {
                self.step = Step::Decide;
                Sub::Stay(Action::Status(status))
            }
            Err(status) => Sub::Stay(Action::Status(status)),
        }
    }

    /// Explanations recorded on this incident: (participant id, summary).
    pub fn heard(&self, s: &Session) -> Vec<(String, String)> {
        s.hearing
            .entries
            .iter()
            .filter_map(|e| match &e.body {
                Some(Body::ExplanationHeard(x))
                    if x.incident_seq.is_some() && x.incident_seq == self.incident_seq =>
                {
                    Some((x.participant_id.clone(), x.summary.clone()))
                }
                _ => None,
            })
            .collect()
    }

    fn coao653(&self) -> bool {
        self.chosen.is_some_and(Measure::is_coao653)
    }

    fn option(&self) -> Option<&law::advice::Opt> {
        self.advice.as_ref()?.option(self.chosen?)
    }

    fn record_measure(&mut self, ctx: &Ctx, s: &mut Session) -> Sub {
        let err = |text: String| Sub::Stay(Action::Status(Status::error(text)));
        if let Some(field) = self.decide.missing() {
            return err(ctx.tf("form.required", &[("field", ctx.t(field).to_string())]));
        }
        let (Some(mci_kzt), Some(opt)) = (
            self.advice.as_ref().map(|a| a.mci_kzt),
            self.option().cloned(),
        ) else {
            self.step = Step::Options;
            return err(ctx.t("wizard.choose_first").to_string());
        };
        let penalty = match penalty(&self.decide, &opt, mci_kzt) {
            Ok(p) => p,
            Err(text) => return err(ctx.tf("decide.out_of_range", &[("limit", text)])),
        };
        let measure = opt.measure;
        let body = Body::MeasureApplied(MeasureApplied {
            measure_id: measure.id().into(),
            citations: opt.basis.clone(),
            act_form: opt.act.map(|a| a.id()).unwrap_or("protocol_entry").into(),
            grounds: self.decide.get("decide.grounds").trim().to_string(),
            incident_seq: self.incident_seq,
            participant_id: self.who.clone(),
            penalty,
        });
        let seq = match s.append(body) {
            Ok(seq) => seq,
            Err(e) => return err(e.to_string()),
        };
        self.measure_seq = Some(seq);
        if let (Measure::Removal, Some(id)) = (measure, &self.who) {
            // The protocol's own words: the hearing's language, citations written out in it.
            let lang = doc_lang(s);
            let cited = crate::cites(&ctx.catalog, &opt.basis, lang);
            let reason = format!("{} ({cited})", removal_words(s));
            let left = Body::ParticipantLeft(ParticipantLeft {
                participant_id: id.clone(),
                reason: Some(reason),
            });
            if let Err(e) = s.append(left) {
                return err(e.to_string());
            }
        }
        self.step = Step::Done;
        Sub::Stay(Action::Status(Status::ok(format!(
            "#{seq} {}",
            ctx.term("measure", measure.id())
        ))))
    }
}

fn advice_of(ctx: &Ctx, s: &Session, seq: u64) -> Option<law::Advice> {
    let e = s.hearing.entry(seq)?;
    let Some(Body::IncidentRecorded(i)) = &e.body else {
        return None;
    };
    let facts = Facts::from_json(&i.facts.to_string()).ok()?;
    facts.validate(&ctx.catalog).ok()?;
    Some(law::advise(&facts, &ctx.catalog))
}

/// Whether the hearing names its audio/video recording: then the protocol is a short one.
fn recorded(s: &Session) -> bool {
    s.hearing
        .opened
        .recording
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
}

fn doc_lang(s: &Session) -> law::Lang {
    match s.language() {
        Language::Kk => law::Lang::Kk,
        Language::Ru => law::Lang::Ru,
    }
}

/// The protocol's words for announcing the contempt and the right to explain (in the language
/// of proceedings: the protocol is written in it).
fn announcement(s: &Session, who: Option<&str>) -> String {
    let name = who
        .and_then(|id| s.hearing.participant(id))
        .map(|p| p.name.clone())
        .unwrap_or_default();
    crate::text::trf(doc_lang(s), "protocol.announce", &[("name", name)])
}

fn removal_words(s: &Session) -> &'static str {
    crate::text::tr(doc_lang(s), "protocol.removed")
}

fn person_form(ctx: &Ctx, s: &Session, who: Option<&str>) -> Form {
    let id = who.unwrap_or_default().to_string();
    super::events::form(&Purpose::EditParticipant { id }, ctx, s)
}

fn explanation_form(s: &Session, who: Option<&str>) -> Form {
    let people: Vec<(String, Label)> = s
        .hearing
        .participants
        .iter()
        .map(|p| (p.id.clone(), Label::Plain(p.name.clone())))
        .collect();
    Form::new(
        "explain.title",
        vec![
            Field::choice("explain.who", people, who.unwrap_or("")),
            Field::text("explain.summary", ""),
        ],
    )
}

/// The decision form: the penalty the chosen option allows (none for a warning or a
/// procedural measure) and the grounds.
fn decide_form(w: &Wizard) -> Form {
    let mut fields = Vec::new();
    if let Some(opt) = w.option() {
        if opt.amount.is_some_and(|a| a.kind == AmountKind::UpTo) {
            fields.push(Field::text("decide.mci", "").required());
        }
        if opt.max_hours.is_some() {
            fields.push(Field::text("decide.hours", "").required());
        }
        if opt.max_days.is_some() {
            fields.push(Field::text("decide.days", "").required());
        }
    }
    fields.push(Field::text("decide.grounds", "").required());
    Form::new("decide.title", fields)
}

/// The penalty as decided, within the option's limits; `Err` is the limit broken.
fn penalty(
    form: &Form,
    opt: &law::advice::Opt,
    mci_kzt: Option<u32>,
) -> Result<Option<Penalty>, String> {
    let number = |key: &str, min: u32, max: u32| -> Result<u32, String> {
        form.get(key)
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or(format!("{min}–{max}"))
    };
    let mut p = Penalty::default();
    match opt.amount {
        Some(a) if a.kind == AmountKind::Fixed => p.fine_mci = Some(a.mci),
        Some(a) => p.fine_mci = Some(number("decide.mci", 1, a.mci)?),
        None => {}
    }
    if p.fine_mci.is_some() {
        p.mci_kzt = mci_kzt;
    }
    if let Some(max) = opt.max_hours {
        p.hours = Some(number("decide.hours", opt.min_hours.unwrap_or(1), max)?);
    }
    if let Some(max) = opt.max_days {
        p.days = Some(number("decide.days", 1, max)?);
    }
    Ok((p != Penalty::default()).then_some(p))
}
