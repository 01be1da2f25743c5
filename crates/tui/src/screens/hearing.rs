//! The hearing screen: the live protocol, the roster and the follow-ups the law demands, with
//! quick keys for the standard events. From here the judge starts the paragraph-10 wizard, the
//! secretary opens the desk, and documents are issued.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde::{Deserialize, Serialize};

use super::desk::Desk;
use super::documents::Documents;
use super::events::{self, Purpose};
use super::list::{self, Cursor};
use super::wizard::{Wizard, WizardState};
use super::{Action, Status};
use crate::draft::DraftFile;
use crate::form::{Form, FormEvent};
use crate::session::Session;
use crate::{Ctx, entries, safe};
use journal::Body;
use journal::entry::{ParticipantAdded, Resumed};

enum Mode {
    Live,
    Wizard(Box<Wizard>),
    Desk(Desk),
    Documents(Documents),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Focus {
    Protocol,
    Roster,
}

/// What is kept on disk while unconfirmed: an open dialog and the wizard's state.
#[derive(Debug, Default, Serialize, Deserialize)]
struct HearingDraft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    modal: Option<(Purpose, BTreeMap<String, String>)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wizard: Option<WizardState>,
}

pub struct HearingScreen {
    pub session: Session,
    mode: Mode,
    focus: Focus,
    protocol: Cursor,
    roster: Cursor,
    modal: Option<(Purpose, Form)>,
    /// The wizard's state when the judge stepped out of it (Esc): resumed by `b`.
    parked: Option<WizardState>,
    follow_ups: Vec<String>,
    draft: DraftFile,
}

impl HearingScreen {
    pub fn open(ctx: &Ctx, path: &Path) -> Result<(HearingScreen, Option<Status>), Status> {
        let session =
            Session::open(path, ctx.clock.clone()).map_err(|e| Status::error(e.to_string()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut screen = HearingScreen {
            session,
            mode: Mode::Live,
            focus: Focus::Protocol,
            protocol: Cursor::default(),
            roster: Cursor::default(),
            modal: None,
            parked: None,
            follow_ups: Vec::new(),
            draft: DraftFile::new(&ctx.data_dir, &name),
        };
        screen.changed(ctx);
        let mut status = None;
        if let Some(d) = screen.draft.load::<HearingDraft>() {
            if let Some((purpose, values)) = d.modal {
                let mut form = events::form(&purpose, ctx, &screen.session);
                form.restore(&values);
                screen.modal = Some((purpose, form));
            }
            if let Some(state) = d.wizard {
                screen.mode = Mode::Wizard(Box::new(Wizard::restore(state, ctx, &screen.session)));
            }
            status = Some(Status::ok(ctx.t("draft.restored")));
        }
        Ok((screen, status))
    }

    pub fn title(&self, ctx: &Ctx) -> String {
        let o = &self.session.hearing.opened;
        let mode = match &self.mode {
            Mode::Live => ctx.t("hearing.title"),
            Mode::Wizard(_) => ctx.t("wizard.title"),
            Mode::Desk(_) => ctx.t("desk.title"),
            Mode::Documents(_) => ctx.t("docs.title"),
        };
        format!("{mode} · {}", o.case_number)
    }

    pub fn typing(&self) -> bool {
        if let Some((_, form)) = &self.modal {
            return form.typing();
        }
        match &self.mode {
            Mode::Wizard(w) => w.typing(),
            _ => false,
        }
    }

    pub fn keep_draft(&mut self, _ctx: &Ctx) {
        let wizard = match &self.mode {
            Mode::Wizard(w) => w.state(),
            _ => self.parked.clone(),
        };
        let draft = HearingDraft {
            modal: self.modal.as_ref().map(|(p, f)| (p.clone(), f.values())),
            wizard,
        };
        let keep = (draft.modal.is_some() || draft.wizard.is_some()).then_some(&draft);
        let _ = self.draft.store(keep);
    }

    /// Replay-dependent views after the journal changed.
    fn changed(&mut self, ctx: &Ctx) {
        self.follow_ups = events::follow_ups(ctx, &self.session.hearing);
        let n = self.session.hearing.entries.len();
        self.protocol.index = n.saturating_sub(1);
        self.roster.clamp(self.session.hearing.participants.len());
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.modal.is_some() {
            return vec![
                ("Tab ↑↓", "keys.next_field"),
                ("← → Space", "keys.choose"),
                ("Enter", "keys.confirm"),
                ("Esc", "keys.cancel"),
            ];
        }
        match &self.mode {
            Mode::Live => vec![
                ("b", "keys.breach"),
                ("n", "keys.note"),
                ("a", "keys.add"),
                ("e", "keys.edit"),
                ("l", "keys.left"),
                ("i", "keys.joined"),
                ("p", "keys.recess"),
                ("u", "keys.resumed"),
                ("s", "keys.desk"),
                ("o", "keys.documents"),
                ("Tab", "keys.focus"),
                ("Esc", "keys.back"),
            ],
            Mode::Wizard(w) => w.keys(),
            Mode::Desk(d) => d.keys(),
            Mode::Documents(d) => d.keys(),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        if let Some((purpose, form)) = &mut self.modal {
            return match form.on_key(key) {
                FormEvent::Cancel => {
                    self.modal = None;
                    Action::None
                }
                FormEvent::Submit => {
                    let purpose = purpose.clone();
                    let form = form.clone();
                    match events::submit(&purpose, &form, ctx, &mut self.session) {
                        Ok(status) => {
                            self.modal = None;
                            self.changed(ctx);
                            Action::Status(status)
                        }
                        Err(status) => Action::Status(status),
                    }
                }
                _ => Action::None,
            };
        }
        let outcome = match &mut self.mode {
            Mode::Live => return self.live_key(key, ctx),
            Mode::Wizard(w) => w.on_key(key, ctx, &mut self.session),
            Mode::Desk(d) => d.on_key(key, ctx, &mut self.session),
            Mode::Documents(d) => d.on_key(key, ctx, &mut self.session),
        };
        self.changed_if_needed(ctx);
        match outcome {
            Sub::Stay(action) => action,
            Sub::Leave(status) => {
                if let Mode::Wizard(w) = &self.mode {
                    // Stepping out keeps the wizard's input for `b` to resume.
                    self.parked = w.state();
                }
                self.mode = Mode::Live;
                self.changed(ctx);
                status.map(Action::Status).unwrap_or(Action::None)
            }
            Sub::Done(status) => {
                self.mode = Mode::Live;
                self.parked = None;
                self.changed(ctx);
                Action::Status(status)
            }
            Sub::Dialog(purpose) => {
                let form = events::form(&purpose, ctx, &self.session);
                self.modal = Some((purpose, form));
                Action::None
            }
        }
    }

    fn changed_if_needed(&mut self, ctx: &Ctx) {
        if self.protocol.index + 1 != self.session.hearing.entries.len() {
            self.changed(ctx);
        }
    }

    fn live_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        let participants = self.session.hearing.participants.len();
        let moved = match self.focus {
            Focus::Protocol => self
                .protocol
                .on_key(key, self.session.hearing.entries.len()),
            Focus::Roster => self.roster.on_key(key, participants),
        };
        if moved {
            return Action::None;
        }
        let selected = self
            .session
            .hearing
            .participants
            .get(self.roster.index)
            .map(|p| p.id.clone());
        let open = !self.session.closed();
        let dialog = |purpose: Purpose| Some(purpose);
        let purpose = match key.code {
            KeyCode::Esc => return Action::Back,
            KeyCode::Tab | KeyCode::BackTab => {
                self.focus = if self.focus == Focus::Protocol {
                    Focus::Roster
                } else {
                    Focus::Protocol
                };
                return Action::None;
            }
            KeyCode::Char('s') => {
                self.mode = Mode::Desk(Desk::new(ctx, &self.session));
                return Action::None;
            }
            KeyCode::Char('o') => {
                self.mode = Mode::Documents(Documents::new(ctx, &self.session));
                return Action::None;
            }
            _ if !open => {
                return match key.code {
                    KeyCode::Char('b' | 'n' | 'a' | 'e' | 'l' | 'i' | 'p' | 'u') => {
                        Action::Status(Status::error(ctx.t("live.closed")))
                    }
                    _ => Action::None,
                };
            }
            KeyCode::Char('b') => {
                let wizard = match self.parked.take() {
                    Some(state) => Wizard::restore(state, ctx, &self.session),
                    None => Wizard::new(&self.session, selected.as_deref()),
                };
                self.mode = Mode::Wizard(Box::new(wizard));
                return Action::None;
            }
            KeyCode::Char('n') => dialog(Purpose::Note),
            KeyCode::Char('p') => dialog(Purpose::Recess),
            KeyCode::Char('a') => dialog(Purpose::AddParticipant),
            KeyCode::Char('e') | KeyCode::Char('l') => match selected {
                Some(id) if key.code == KeyCode::Char('e') => {
                    dialog(Purpose::EditParticipant { id })
                }
                Some(id) => dialog(Purpose::Left { id }),
                None => return Action::Status(Status::error(ctx.t("live.pick_participant"))),
            },
            KeyCode::Char('u') => {
                return self.record(ctx, Body::Resumed(Resumed {}), ctx.t("kind.resumed"));
            }
            KeyCode::Char('i') => return self.rejoin(ctx, selected.as_deref()),
            _ => None,
        };
        if let Some(purpose) = purpose {
            let form = events::form(&purpose, ctx, &self.session);
            self.modal = Some((purpose, form));
        }
        Action::None
    }

    fn record(&mut self, ctx: &Ctx, body: Body, what: &str) -> Action {
        match self.session.append(body) {
            Ok(seq) => {
                self.changed(ctx);
                Action::Status(Status::ok(format!("#{seq} {what}")))
            }
            Err(e) => Action::Status(Status::error(e.to_string())),
        }
    }

    /// A participant who left comes back. If they were removed, the follow-up the law demands
    /// for their return is shown.
    fn rejoin(&mut self, ctx: &Ctx, id: Option<&str>) -> Action {
        let Some(p) = id
            .and_then(|id| self.session.hearing.participant(id))
            .cloned()
        else {
            return Action::Status(Status::error(ctx.t("live.pick_participant")));
        };
        if p.left_seq.is_none() {
            return Action::Status(Status::error(ctx.t("live.not_left")));
        }
        let body = Body::ParticipantAdded(ParticipantAdded {
            participant_id: p.id.clone(),
            role: p.role.clone(),
            name: p.name.clone(),
            iin: None,
            details: Default::default(),
        });
        let action = self.record(ctx, body, ctx.t("kind.participant_added"));
        match events::return_prompt(ctx, &self.session.hearing, &p.id) {
            Some(prompt) if matches!(action, Action::Status(Status { error: false, .. })) => {
                Action::Status(Status::ok(prompt))
            }
            _ => action,
        }
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let [head, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
        self.draw_head(f, head, ctx);
        match &mut self.mode {
            Mode::Live => self.draw_live(f, body, ctx),
            Mode::Wizard(w) => w.draw(f, body, ctx, &self.session),
            Mode::Desk(d) => d.draw(f, body, ctx, &self.session),
            Mode::Documents(d) => d.draw(f, body, ctx, &self.session),
        }
        if let Some((_, form)) = &self.modal {
            let height = (form.fields.len() as u16 + 3).max(5);
            form.draw(f, list::centered(body, 90, height), ctx);
        }
    }

    fn draw_head(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let o = &self.session.hearing.opened;
        let state = if self.session.sealed() {
            ctx.t("state.sealed")
        } else if self.session.closed() {
            ctx.t("state.closed")
        } else {
            ctx.t("state.open")
        };
        let width = usize::from(area.width);
        let first = format!(
            "{} · {} · {} · [{}]",
            o.case_number,
            ctx.term(
                "case_kind",
                court::documents::data::case_kind_id(o.case_kind)
            ),
            o.court,
            state
        );
        let second = format!(
            "{}: {} · {}: {}{}",
            ctx.t("new.judge"),
            o.judge,
            ctx.t("new.secretary"),
            o.secretary,
            o.recording
                .as_deref()
                .map(|r| format!(" · {}: {r}", ctx.t("new.recording")))
                .unwrap_or_default()
        );
        f.render_widget(
            Paragraph::new(vec![
                Line::raw(safe::fit(&first, width)),
                Line::raw(safe::fit(&second, width)),
            ]),
            area,
        );
    }

    fn draw_live(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(64), Constraint::Percentage(36)])
                .areas(area);
        let h = &self.session.hearing;
        let lines = protocol_lines(ctx, h);
        // Which panel has the keys is said in words too (a marker), not only by the border.
        let titled = |key: &'static str, focus: Focus| {
            if self.focus == focus {
                format!("● {}", ctx.t(key))
            } else {
                ctx.t(key).to_string()
            }
        };
        list::draw(
            f,
            left,
            &titled("hearing.protocol", Focus::Protocol),
            &lines,
            Some(self.protocol.index),
            self.focus == Focus::Protocol,
        );
        let [roster, follow] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
        let people: Vec<String> = h
            .participants
            .iter()
            .map(|p| {
                let away = if p.left_seq.is_some() {
                    format!(" ({})", ctx.t("roster.away"))
                } else {
                    String::new()
                };
                format!("{} — {}{away}", p.name, entries::role_name(ctx, h, &p.role))
            })
            .collect();
        let (people, selected) = if people.is_empty() {
            (vec![ctx.t("roster.empty").to_string()], None)
        } else {
            (people, Some(self.roster.index))
        };
        list::draw(
            f,
            roster,
            &titled("hearing.roster", Focus::Roster),
            &people,
            selected,
            self.focus == Focus::Roster,
        );
        let follow_lines = if self.follow_ups.is_empty() {
            vec![ctx.t("follow.none").to_string()]
        } else {
            self.follow_ups.clone()
        };
        list::draw(
            f,
            follow,
            ctx.t("hearing.follow_ups"),
            &follow_lines,
            None,
            false,
        );
    }
}

/// The protocol as lines: `#seq hh:mm kind — summary`.
pub fn protocol_lines(ctx: &Ctx, h: &court::hearing::Hearing) -> Vec<String> {
    h.entries
        .iter()
        .map(|e| {
            format!(
                "#{:<3} {} {} — {}",
                e.seq,
                e.time.format("%H:%M"),
                entries::kind_label(ctx, e.kind),
                entries::summary(ctx, h, e)
            )
        })
        .collect()
}

/// How a sub-screen (wizard, desk, documents) answers a key.
pub enum Sub {
    /// Stay in the sub-screen; pass the action on.
    Stay(Action),
    /// Back to the live screen; unfinished input is kept.
    Leave(Option<Status>),
    /// Finished: back to the live screen, its input is spent.
    Done(Status),
    /// Open a dialog over the hearing screen.
    Dialog(Purpose),
}
