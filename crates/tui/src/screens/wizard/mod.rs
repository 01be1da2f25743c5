//! The paragraph-10 wizard: who, where and what; every option the engine gives — available,
//! caution, blocked — with its citation and, on `w`, why; then the judge's choice and grounds.
//! For CoAO 653: announce → explanations → penalty within its limits → decision. Each confirmed
//! step is appended to the journal at once; what is typed in between is the wizard's state,
//! kept as a draft by the hearing screen.

mod draw;
mod facts;

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

use crate::Ctx;
use crate::dialogs::{self, Purpose};
use crate::flow::{Status, Sub};
use crate::keymap::{Binding, Keymap, MOVE_KEYS};
use crate::session::Session;
use crate::widgets::form::{Field, Form, FormEvent, Label, limit_text};
use crate::widgets::list::Cursor;
use crate::worker::{Done, Failed, Job};
use court::penalty::{self, Figure};
use journal::Body;
use journal::entry::{
    AdviceShown, ExplanationHeard, IncidentRecorded, Lang, MeasureApplied, Note, ParticipantLeft,
};
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
    /// What the job handed to the worker records, until its answer comes back.
    pending: Option<Pending>,
}

/// A step's entries sent to the worker: what to do with the answer.
enum Pending {
    /// The incident and the advice shown on it (the advice as worked out for it).
    Incident(Box<law::Advice>),
    Announcement,
    Explanation,
    Person,
    Measure(Measure),
}

/// What a key does in the wizard; each step has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    /// Typing or moving in the step's form, or in a list.
    Edit,
    Add,
    Why,
    Submit,
    NextStep,
    Cancel,
}

/// Moving between a form's fields (the form does it).
const FIELDS: Binding<Cmd> = Binding::new(
    &[KeyCode::Tab, KeyCode::BackTab, KeyCode::Up, KeyCode::Down],
    "Tab ↑↓",
    "keys.next_field",
    Cmd::Edit,
);
/// Choosing in a choice field (the form does it; Space too).
const CHOOSE: Binding<Cmd> = Binding::new(
    &[KeyCode::Left, KeyCode::Right],
    "← → Space",
    "keys.choose",
    Cmd::Edit,
);
const LIST: Binding<Cmd> = Binding::new(MOVE_KEYS, "↑↓", "keys.move", Cmd::Edit);
/// Tab alone where the form's fields are few.
const TAB: Binding<Cmd> = Binding {
    shown: "Tab",
    ..FIELDS
};
const fn enter(help: &'static str, cmd: Cmd) -> Binding<Cmd> {
    Binding {
        keys: &[KeyCode::Enter],
        shown: "Enter",
        help,
        cmd,
    }
}
const fn esc(help: &'static str) -> Binding<Cmd> {
    Binding {
        keys: &[KeyCode::Esc],
        shown: "Esc",
        help,
        cmd: Cmd::Cancel,
    }
}

const WHO: Keymap<Cmd> = Keymap(&[
    Binding { shown: "", ..LIST },
    Binding {
        shown: "↑↓ Enter",
        ..enter("keys.pick", Cmd::Submit)
    },
    Binding::new(&[KeyCode::Char('a')], "a", "keys.add", Cmd::Add),
    esc("keys.leave"),
]);
const FACTS: Keymap<Cmd> = Keymap(&[
    FIELDS,
    CHOOSE,
    enter("keys.record_facts", Cmd::Submit),
    esc("keys.back"),
]);
const OPTIONS: Keymap<Cmd> = Keymap(&[
    LIST,
    Binding::new(&[KeyCode::Char('w')], "w", "keys.why", Cmd::Why),
    enter("keys.choose_measure", Cmd::Submit),
    esc("keys.leave"),
]);
const ANNOUNCE: Keymap<Cmd> = Keymap(&[enter("keys.announce", Cmd::Submit), esc("keys.back")]);
const EXPLANATIONS: Keymap<Cmd> = Keymap(&[
    TAB,
    enter("keys.record_explanation", Cmd::Submit),
    Binding::new(&[KeyCode::F(10)], "F10", "keys.next_step", Cmd::NextStep),
    esc("keys.leave"),
]);
const PERSON: Keymap<Cmd> = Keymap(&[
    FIELDS,
    enter("keys.record_person", Cmd::Submit),
    esc("keys.back"),
]);
const DECIDE: Keymap<Cmd> = Keymap(&[TAB, enter("keys.decide", Cmd::Submit), esc("keys.back")]);
const DONE: Keymap<Cmd> = Keymap(&[Binding::new(
    &[KeyCode::Enter, KeyCode::Esc],
    "Enter Esc",
    "keys.finish",
    Cmd::Submit,
)]);

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
            pending: None,
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
        w.advice = state
            .incident_seq
            .and_then(|seq| s.hearing.advice_on(seq, &ctx.catalog).ok());
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

    fn keymap(&self) -> Keymap<Cmd> {
        match self.step {
            Step::Who => WHO,
            Step::Facts => FACTS,
            Step::Options => OPTIONS,
            Step::Announce => ANNOUNCE,
            Step::Explanations => EXPLANATIONS,
            Step::Person => PERSON,
            Step::Decide => DECIDE,
            Step::Done => DONE,
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        self.keymap().help()
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &Session) -> Sub {
        if self.pending.is_some() {
            // The worker has not answered yet; a key now would act on a stale step.
            return Sub::none();
        }
        let cmd = self.keymap().command(&key).unwrap_or(Cmd::Edit);
        match (self.step, cmd) {
            (_, Cmd::Edit) => self.edit(key, ctx, s),
            (Step::Who, Cmd::Add) => Sub::Dialog(Purpose::AddParticipant),
            (Step::Who, Cmd::Submit) => self.pick(ctx, s),
            (Step::Who | Step::Options | Step::Explanations, Cmd::Cancel) => Sub::Leave(None),
            (Step::Facts, Cmd::Submit) => self.record_facts(ctx, s),
            (Step::Facts, Cmd::Cancel) => self.back(Step::Who),
            (Step::Options, Cmd::Why) => {
                self.why = !self.why;
                Sub::none()
            }
            (Step::Options, Cmd::Submit) => self.choose(ctx),
            (Step::Announce, Cmd::Submit) => self.announce(s),
            (Step::Announce, Cmd::Cancel) => self.back(Step::Options),
            (Step::Explanations, Cmd::Submit) => self.record_explanation(ctx, s),
            (Step::Explanations, Cmd::NextStep) => self.go_decide(ctx, s),
            (Step::Person, Cmd::Submit) => self.record_person(ctx, s),
            (Step::Person, Cmd::Cancel) => self.back(Step::Explanations),
            (Step::Decide, Cmd::Submit) => self.record_measure(ctx, s),
            (Step::Decide, Cmd::Cancel) => self.back(if self.coao653() {
                Step::Person
            } else {
                Step::Options
            }),
            (Step::Done, _) => Sub::Done(Status::ok(ctx.t("wizard.finished"))),
            _ => Sub::none(),
        }
    }

    /// The step's form, if the step is one.
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self.step {
            Step::Facts => Some(&mut self.facts),
            Step::Explanations => Some(&mut self.explanation),
            Step::Person => Some(&mut self.person),
            Step::Decide => Some(&mut self.decide),
            Step::Who | Step::Options | Step::Announce | Step::Done => None,
        }
    }

    /// A key that is not one of the step's commands: typing in its form, or moving in its list.
    fn edit(&mut self, key: KeyEvent, ctx: &Ctx, s: &Session) -> Sub {
        match self.step {
            Step::Who => {
                self.who_cursor.on_key(key, s.hearing.participants.len());
            }
            Step::Options => {
                let n = self.advice.as_ref().map_or(0, |a| a.options.len());
                self.options.on_key(key, n);
            }
            _ => {
                // Enter and Esc are the step's commands, so the form only sees editing keys.
                if let Some(FormEvent::Full(max)) = self.form_mut().map(|f| f.on_key(key)) {
                    return Sub::error(limit_text(ctx, max, false));
                }
            }
        }
        Sub::none()
    }

    fn back(&mut self, step: Step) -> Sub {
        self.step = step;
        Sub::none()
    }

    fn pick(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        let Some(p) = s.hearing.participants.get(self.who_cursor.index) else {
            return Sub::error(ctx.t("wizard.add_first"));
        };
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
        Sub::none()
    }

    fn record_facts(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        if let Some(field) = self.facts.missing() {
            return Sub::error(ctx.tf("form.required", &[("field", ctx.t(field).to_string())]));
        }
        let Some(who) = self.who.as_deref().and_then(|id| s.hearing.participant(id)) else {
            self.step = Step::Who;
            return Sub::error(ctx.t("live.pick_participant"));
        };
        let date = (ctx.clock)().now().format("%Y-%m-%d").to_string();
        let value = match facts::build(&self.facts, &s.hearing, who, &date) {
            Ok(v) => v,
            Err(field) => {
                return Sub::error(ctx.tf("facts.invalid", &[("field", ctx.t(field).to_string())]));
            }
        };
        let parsed =
            Facts::from_json(&value.to_string()).and_then(|f| f.validate(&ctx.catalog).map(|()| f));
        let facts = match parsed {
            Ok(f) => f,
            Err(e) => return Sub::error(ctx.tf("facts.rejected", &[("error", e.to_string())])),
        };
        let advice = law::advise(&facts, &ctx.catalog);
        let incident_seq = s.next_seq();
        // The advice as shown is recorded in the language of proceedings, with the catalog's
        // version, so that it can be reproduced later.
        let shown = law::report::report(&advice, &ctx.catalog, doc_lang(s));
        let advice_shown = match serde_json::to_value(&shown) {
            Ok(advice) => Body::AdviceShown(AdviceShown {
                incident_seq,
                advice,
                catalog_version: ctx.catalog.version.clone(),
            }),
            Err(e) => return Sub::error(e.to_string()),
        };
        let incident = Body::IncidentRecorded(IncidentRecorded {
            facts: value,
            description: self.facts.opt("facts.description"),
            participant_id: Some(who.id.clone()),
            recording_offset_ms: None,
        });
        self.send(
            Pending::Incident(Box::new(advice)),
            incident_seq,
            vec![incident, advice_shown],
        )
    }

    fn choose(&mut self, ctx: &Ctx) -> Sub {
        let Some(opt) = self
            .advice
            .as_ref()
            .and_then(|a| a.options.get(self.options.index))
        else {
            self.step = Step::Facts;
            return Sub::none();
        };
        if opt.status() == OptStatus::Blocked {
            return Sub::error(ctx.t("wizard.blocked"));
        }
        let (measure, caution) = (opt.measure, opt.status() == OptStatus::Caution);
        self.chosen = Some(measure);
        self.decide = decide_form(self);
        self.step = if measure.is_coao653() {
            Step::Announce
        } else {
            Step::Decide
        };
        if caution {
            Sub::error(ctx.t("wizard.caution_chosen"))
        } else {
            Sub::status(Status::ok(ctx.term("measure", measure.id())))
        }
    }

    fn announce(&mut self, s: &Session) -> Sub {
        let note = Body::Note(Note {
            text: announcement(s, self.who.as_deref()),
            recording_offset_ms: None,
        });
        self.send(Pending::Announcement, s.next_seq(), vec![note])
    }

    fn record_explanation(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        let Some(summary) = self.explanation.opt("explain.summary") else {
            return self.go_decide(ctx, s);
        };
        let body = Body::ExplanationHeard(ExplanationHeard {
            participant_id: self.explanation.get("explain.who").to_string(),
            summary,
            incident_seq: self.incident_seq,
        });
        self.send(Pending::Explanation, s.next_seq(), vec![body])
    }

    fn go_decide(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        self.person = person_form(ctx, s, self.who.as_deref());
        self.step = Step::Person;
        let heard = self
            .heard(s)
            .iter()
            .any(|(id, _)| Some(id.as_str()) == self.who.as_deref());
        if heard {
            Sub::none()
        } else {
            Sub::error(ctx.t("wizard.no_own_explanation"))
        }
    }

    /// Record what changed in the person's data (nothing, if nothing did), then decide.
    fn record_person(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        let Some(id) = self.who.clone() else {
            self.step = Step::Who;
            return Sub::none();
        };
        match dialogs::body(&Purpose::EditParticipant { id }, &self.person, ctx, s) {
            Ok(Some(body)) => self.send(Pending::Person, s.next_seq(), vec![body]),
            Ok(None) => {
                self.step = Step::Decide;
                Sub::status(Status::ok(ctx.t("dialog.unchanged")))
            }
            Err(status) => Sub::status(status),
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

    fn record_measure(&mut self, ctx: &Ctx, s: &Session) -> Sub {
        if let Some(field) = self.decide.missing() {
            return Sub::error(ctx.tf("form.required", &[("field", ctx.t(field).to_string())]));
        }
        let (Some(mci_kzt), Some(opt)) = (
            self.advice.as_ref().map(|a| a.mci_kzt),
            self.option().cloned(),
        ) else {
            self.step = Step::Options;
            return Sub::error(ctx.t("wizard.choose_first"));
        };
        let typed = |figure| self.decide.get(figure_key(figure)).to_string();
        let penalty = match penalty::decide(&opt, typed, mci_kzt) {
            Ok(p) => p,
            Err(e) => {
                let limit = format!("{}–{}", e.min, e.max);
                return Sub::error(ctx.tf("decide.out_of_range", &[("limit", limit)]));
            }
        };
        let measure = opt.measure;
        let mut bodies = vec![Body::MeasureApplied(MeasureApplied {
            measure_id: measure.id().into(),
            citations: opt.basis.clone(),
            act_form: opt.act.map(|a| a.id()).unwrap_or("protocol_entry").into(),
            grounds: self.decide.get("decide.grounds").trim().to_string(),
            incident_seq: self.incident_seq,
            participant_id: self.who.clone(),
            penalty,
        })];
        if let (Measure::Removal, Some(id)) = (measure, &self.who) {
            // The protocol's own words: the hearing's language, citations written out in it.
            let lang = doc_lang(s);
            let cited = crate::cites(&ctx.catalog, &opt.basis, lang);
            bodies.push(Body::ParticipantLeft(ParticipantLeft {
                participant_id: id.clone(),
                reason: Some(format!("{} ({cited})", removal_words(s))),
            }));
        }
        self.send(Pending::Measure(measure), s.next_seq(), bodies)
    }

    /// Hand the step's entries to the worker.
    fn send(&mut self, pending: Pending, first_seq: u64, bodies: Vec<Body>) -> Sub {
        self.pending = Some(pending);
        Sub::Do(Job::Record { first_seq, bodies })
    }

    /// The worker's answer to the step's entries: on to the next step, or stay with the reason.
    pub fn done(&mut self, result: Result<Done, Failed>, ctx: &Ctx, s: &Session) -> Sub {
        let Some(pending) = self.pending.take() else {
            return Sub::none();
        };
        let (seqs, failed) = match result {
            Ok(Done::Recorded { seqs, failed }) => (seqs, failed),
            Ok(_) => return Sub::error(ctx.t("worker.unexpected")),
            Err(e) => return Sub::error(e),
        };
        let Some(&seq) = seqs.first() else {
            return Sub::error(failed.unwrap_or_default());
        };
        let status = match pending {
            Pending::Incident(advice) => {
                self.incident_seq = Some(seq);
                self.advice = Some(*advice);
                self.step = Step::Options;
                self.options = Cursor::default();
                Status::ok(ctx.tf("wizard.incident_recorded", &[("seq", seq.to_string())]))
            }
            Pending::Announcement => {
                self.explanation = explanation_form(s, self.who.as_deref());
                self.step = Step::Explanations;
                dialogs::recorded(ctx, seq, journal::Kind::Note)
            }
            Pending::Explanation => {
                self.explanation = explanation_form(s, self.who.as_deref());
                dialogs::recorded(ctx, seq, journal::Kind::ExplanationHeard)
            }
            Pending::Person => {
                self.step = Step::Decide;
                dialogs::recorded(ctx, seq, journal::Kind::ParticipantUpdated)
            }
            Pending::Measure(measure) => {
                self.measure_seq = Some(seq);
                self.step = Step::Done;
                Status::ok(format!("#{seq} {}", ctx.term("measure", measure.id())))
            }
        };
        // A later entry of the step failed after the first was recorded: the step moved on
        // (what is on disk stands), and the failure is what the judge must see.
        match failed {
            Some(e) => Sub::error(e),
            None => Sub::status(status),
        }
    }
}

/// Whether the hearing names its audio/video recording: then the protocol is a short one.
fn recorded(s: &Session) -> bool {
    s.hearing
        .opened
        .recording
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
}

/// The hearing's language of proceedings, in which the protocol is written.
fn doc_lang(s: &Session) -> Lang {
    s.language()
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
    dialogs::form(&Purpose::EditParticipant { id }, ctx, s)
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

/// The decision form: the figures of the penalty the chosen option leaves to the judge (none
/// for a warning, a fixed fine or a procedural measure) and the grounds.
fn decide_form(w: &Wizard) -> Form {
    let mut fields: Vec<Field> = w
        .option()
        .map(penalty::figures)
        .unwrap_or_default()
        .into_iter()
        .map(|figure| Field::text(figure_key(figure), "").required())
        .collect();
    fields.push(Field::text("decide.grounds", "").required());
    Form::new("decide.title", fields)
}

fn figure_key(figure: Figure) -> &'static str {
    match figure {
        Figure::Mci => "decide.mci",
        Figure::Hours => "decide.hours",
        Figure::Days => "decide.days",
    }
}
