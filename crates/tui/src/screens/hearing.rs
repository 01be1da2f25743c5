//! The hearing screen: the live protocol, the roster and the follow-ups the law demands, with
//! quick keys for the standard events. From here the judge starts the paragraph-10 wizard, the
//! secretary opens the desk, and documents are issued. The screen owns the open hearing and
//! its parts (wizard, desk, documents); the parts answer keys with a `Sub`, and the work they
//! ask for goes to the worker from here, their answer back to them.

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
use super::wizard::{Wizard, WizardState};
use crate::dialogs::{self, Purpose};
use crate::draft::DraftFile;
use crate::flow::{Action, Status, Sub};
use crate::keymap::{Binding, Keymap, MOVE_KEYS};
use crate::session::Session;
use crate::signing::{SignEvent, Signing};
use crate::widgets::form::{Form, FormEvent, limit_text};
use crate::widgets::list::{self, Cursor};
use crate::widgets::safe;
use crate::worker::{self, Done, Job};
use crate::{Ctx, entries};
use court::follow_ups::{FollowUp, Item, follow_ups, on_return};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Live {
    Breach,
    Note,
    Add,
    Edit,
    Left,
    Joined,
    Recess,
    Resumed,
    Desk,
    Documents,
    Focus,
    Move,
    Back,
}

const LIVE: Keymap<Live> = Keymap(&[
    Binding::new(&[KeyCode::Char('b')], "b", "keys.breach", Live::Breach),
    Binding::new(&[KeyCode::Char('n')], "n", "keys.note", Live::Note),
    Binding::new(&[KeyCode::Char('a')], "a", "keys.add", Live::Add),
    Binding::new(&[KeyCode::Char('e')], "e", "keys.edit", Live::Edit),
    Binding::new(&[KeyCode::Char('l')], "l", "keys.left", Live::Left),
    Binding::new(&[KeyCode::Char('i')], "i", "keys.joined", Live::Joined),
    Binding::new(&[KeyCode::Char('p')], "p", "keys.recess", Live::Recess),
    Binding::new(&[KeyCode::Char('u')], "u", "keys.resumed", Live::Resumed),
    Binding::new(&[KeyCode::Char('s')], "s", "keys.desk", Live::Desk),
    Binding::new(
        &[KeyCode::Char('o')],
        "o",
        "keys.documents",
        Live::Documents,
    ),
    Binding::new(
        &[KeyCode::Tab, KeyCode::BackTab],
        "Tab",
        "keys.focus",
        Live::Focus,
    ),
    Binding::new(MOVE_KEYS, "", "keys.move", Live::Move),
    Binding::new(&[KeyCode::Esc], "Esc", "keys.back", Live::Back),
]);

/// The keys of a dialog (a form over the screen).
const DIALOG_HELP: &[(&str, &str)] = &[
    ("Tab ↑↓", "keys.next_field"),
    ("← → Space", "keys.choose"),
    ("Enter", "keys.confirm"),
    ("Esc", "keys.cancel"),
];

/// The keys of the signing dialog.
const SIGNING_HELP: &[(&str, &str)] = &[
    ("Tab ↑↓", "keys.next_field"),
    ("Enter", "keys.confirm"),
    ("Esc", "keys.cancel"),
];

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
    /// The signing dialog: never in a draft (it holds a passphrase while it is typed).
    signing: Option<Signing>,
    /// The wizard's state when the judge stepped out of it (Esc): resumed by `b`.
    parked: Option<WizardState>,
    follow_ups: Vec<String>,
    draft: DraftFile,
}

impl HearingScreen {
    pub fn open(ctx: &Ctx, path: &Path) -> Result<(HearingScreen, Option<Status>), Status> {
        let session = Session::open(path, ctx.clock.clone())
            .map_err(|e| Status::error(crate::findings::session_error(ctx, &e)))?;
        // Opened: the archive is sent what it lacks (after a restart, an outage, offline work).
        if let Some(archive) = &ctx.archive {
            archive.notify(&session.path);
        }
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
            signing: None,
            parked: None,
            follow_ups: Vec::new(),
            draft: DraftFile::new(&ctx.data_dir, &name),
        };
        screen.changed(ctx);
        let mut status = None;
        if let Some(d) = screen.draft.load::<HearingDraft>() {
            if let Some((purpose, values)) = d.modal {
                let mut form = dialogs::form(&purpose, ctx, &screen.session);
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
        if self.signing.is_some() {
            return true;
        }
        if let Some((_, form)) = &self.modal {
            return form.typing();
        }
        match &self.mode {
            Mode::Wizard(w) => w.typing(),
            _ => false,
        }
    }

    pub fn keep_draft(&mut self) -> std::io::Result<()> {
        let wizard = match &self.mode {
            Mode::Wizard(w) => w.state(),
            _ => self.parked.clone(),
        };
        let draft = HearingDraft {
            modal: self.modal.as_ref().map(|(p, f)| (p.clone(), f.values())),
            wizard,
        };
        let keep = (draft.modal.is_some() || draft.wizard.is_some()).then_some(&draft);
        self.draft.store(keep)
    }

    /// Replay-dependent views after the journal changed.
    fn changed(&mut self, ctx: &Ctx) {
        let h = &self.session.hearing;
        self.follow_ups = follow_ups(h, &ctx.catalog, ctx.lang)
            .iter()
            .map(|f| follow_up_line(ctx, f))
            .collect();
        self.protocol.index = h.entries.len().saturating_sub(1);
        self.roster.clamp(h.participants.len());
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.signing.is_some() {
            return SIGNING_HELP.to_vec();
        }
        if self.modal.is_some() {
            return DIALOG_HELP.to_vec();
        }
        match &self.mode {
            Mode::Live => LIVE.help(),
            Mode::Wizard(w) => w.keys(),
            Mode::Desk(d) => d.keys(),
            Mode::Documents(d) => d.keys(),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        if let Some(signing) = &mut self.signing {
            return match signing.on_key(key, ctx) {
                SignEvent::Asking(None) => Action::None,
                SignEvent::Asking(Some(Ok(line))) => Action::Status(Status::ok(line)),
                SignEvent::Asking(Some(Err(line))) => Action::Status(Status::error(line)),
                SignEvent::Cancelled => {
                    self.signing = None;
                    Action::Status(Status::ok(ctx.t("sign.cancelled")))
                }
                SignEvent::Ready(job) => {
                    self.signing = None;
                    self.follow(Sub::Do(job), ctx)
                }
            };
        }
        if let Some((purpose, form)) = &mut self.modal {
            return match form.on_key(key) {
                FormEvent::Cancel => {
                    self.modal = None;
                    Action::None
                }
                FormEvent::Submit => {
                    let purpose = purpose.clone();
                    self.submit_dialog(&purpose, ctx)
                }
                FormEvent::Full(max) => Action::Status(Status::error(limit_text(ctx, max, false))),
                _ => Action::None,
            };
        }
        let sub = match &mut self.mode {
            Mode::Live => return self.live_key(key, ctx),
            Mode::Wizard(w) => w.on_key(key, ctx, &self.session),
            Mode::Desk(d) => d.on_key(key, ctx, &self.session),
            Mode::Documents(d) => d.on_key(key, ctx, &self.session),
        };
        self.follow(sub, ctx)
    }

    /// A paste, as one edit of the focused field: the open dialog's, or the wizard step's.
    pub fn paste(&mut self, text: &str, ctx: &Ctx) -> Action {
        if let Some(signing) = &mut self.signing {
            signing.paste(text);
            return Action::None;
        }
        let form = match (&mut self.modal, &mut self.mode) {
            (Some((_, form)), _) => form,
            (None, Mode::Wizard(w)) => match w.form_mut() {
                Some(form) => form,
                None => return Action::None,
            },
            _ => return Action::None,
        };
        match form.paste(text) {
            Err(max) => Action::Status(Status::error(limit_text(ctx, max, true))),
            Ok(()) => Action::None,
        }
    }

    /// Carry out what a part answered: run the work it asks for and give it the answer (which
    /// may ask for more), leave it, or open a dialog.
    fn follow(&mut self, mut sub: Sub, ctx: &Ctx) -> Action {
        loop {
            match sub {
                Sub::Do(job) => {
                    let result = worker::run(job, ctx, Some(&mut self.session));
                    self.changed(ctx);
                    sub = match &mut self.mode {
                        Mode::Live => return Action::None,
                        Mode::Wizard(w) => w.done(result, ctx, &self.session),
                        Mode::Desk(d) => d.done(result, ctx, &self.session),
                        Mode::Documents(d) => d.done(result, ctx, &self.session),
                    };
                }
                Sub::Stay(action) => return action,
                Sub::Leave(status) => {
                    if let Mode::Wizard(w) = &self.mode {
                        // Stepping out keeps the wizard's input for `b` to resume.
                        self.parked = w.state();
                    }
                    self.mode = Mode::Live;
                    self.changed(ctx);
                    return status.map(Action::Status).unwrap_or(Action::None);
                }
                Sub::Done(status) => {
                    self.mode = Mode::Live;
                    self.parked = None;
                    self.changed(ctx);
                    return Action::Status(status);
                }
                Sub::Dialog(purpose) => {
                    let form = dialogs::form(&purpose, ctx, &self.session);
                    self.modal = Some((purpose, form));
                    return Action::None;
                }
                Sub::Sign(purpose) => {
                    self.signing = Some(Signing::new(purpose, ctx, &self.session));
                    return Action::None;
                }
            }
        }
    }

    /// Record what the open dialog holds; the dialog stays open (with the reason) on failure.
    fn submit_dialog(&mut self, purpose: &Purpose, ctx: &Ctx) -> Action {
        let Some((_, form)) = &self.modal else {
            return Action::None;
        };
        let body = match dialogs::body(purpose, form, ctx, &self.session) {
            Ok(Some(body)) => body,
            Ok(None) => {
                self.modal = None;
                return Action::Status(Status::ok(ctx.t("dialog.unchanged")));
            }
            Err(status) => return Action::Status(status),
        };
        match self.record(ctx, vec![body]) {
            Ok(status) => {
                self.modal = None;
                Action::Status(status)
            }
            Err(status) => Action::Status(status),
        }
    }

    /// Record `bodies` through the worker; the status names the first entry recorded.
    fn record(&mut self, ctx: &Ctx, bodies: Vec<Body>) -> Result<Status, Status> {
        let kinds: Vec<_> = bodies.iter().map(Body::kind).collect();
        let job = Job::Record {
            first_seq: self.session.next_seq(),
            bodies,
        };
        let result = worker::run(job, ctx, Some(&mut self.session));
        self.changed(ctx);
        match result {
            Ok(Done::Recorded { seqs, failed: None }) => match (seqs.first(), kinds.first()) {
                (Some(seq), Some(kind)) => Ok(dialogs::recorded(ctx, *seq, *kind)),
                _ => Ok(Status::ok(ctx.t("dialog.unchanged"))),
            },
            Ok(Done::Recorded {
                failed: Some(e), ..
            })
            | Err(e) => Err(Status::error(e)),
            Ok(_) => Err(Status::error(ctx.t("worker.unexpected"))),
        }
    }

    fn live_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        let Some(cmd) = LIVE.command(&key) else {
            return Action::None;
        };
        let h = &self.session.hearing;
        let selected = h.participants.get(self.roster.index).map(|p| p.id.clone());
        let open = !self.session.closed();
        let dialog = match cmd {
            Live::Move => {
                match self.focus {
                    Focus::Protocol => self.protocol.on_key(key, h.entries.len()),
                    Focus::Roster => self.roster.on_key(key, h.participants.len()),
                };
                return Action::None;
            }
            Live::Back => return Action::Back,
            Live::Focus => {
                self.focus = if self.focus == Focus::Protocol {
                    Focus::Roster
                } else {
                    Focus::Protocol
                };
                return Action::None;
            }
            Live::Desk => {
                self.mode = Mode::Desk(Desk::new(ctx, &self.session));
                return Action::None;
            }
            Live::Documents => {
                self.mode = Mode::Documents(Documents::new(ctx, &self.session));
                return Action::None;
            }
            // Everything else records something during the hearing.
            _ if !open => return Action::Status(Status::error(ctx.t("live.closed"))),
            Live::Breach => {
                let wizard = match self.parked.take() {
                    Some(state) => Wizard::restore(state, ctx, &self.session),
                    None => Wizard::new(&self.session, selected.as_deref()),
                };
                self.mode = Mode::Wizard(Box::new(wizard));
                return Action::None;
            }
            Live::Note => Purpose::Note,
            Live::Recess => Purpose::Recess,
            Live::Add => Purpose::AddParticipant,
            Live::Edit | Live::Left => match selected {
                Some(id) if cmd == Live::Edit => Purpose::EditParticipant { id },
                Some(id) => Purpose::Left { id },
                None => return Action::Status(Status::error(ctx.t("live.pick_participant"))),
            },
            Live::Resumed => {
                let status = self.record(ctx, vec![Body::Resumed(Resumed {})]);
                return Action::Status(status.unwrap_or_else(|e| e));
            }
            Live::Joined => return self.rejoin(ctx, selected.as_deref()),
        };
        let form = dialogs::form(&dialog, ctx, &self.session);
        self.modal = Some((dialog, form));
        Action::None
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
        match self.record(ctx, vec![body]) {
            Err(status) => Action::Status(status),
            Ok(status) => {
                let texts: Vec<String> =
                    on_return(&self.session.hearing, &p.id, &ctx.catalog, ctx.lang)
                        .iter()
                        .map(|f| follow_up_text(ctx, f))
                        .collect();
                if texts.is_empty() {
                    Action::Status(status)
                } else {
                    let prompt = format!("{}: {}", ctx.t("follow.on_return"), texts.join("; "));
                    Action::Status(Status::ok(prompt))
                }
            }
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
        if let Some(signing) = &self.signing {
            signing.draw(f, list::centered(body, 90, 8), ctx);
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
        let archived = crate::archive::line(ctx, &self.session.path)
            .map(|a| format!(" · {a}"))
            .unwrap_or_default();
        let first = format!(
            "{} · {} · {} · [{}]{archived}",
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
        let lines = entries::protocol_lines(ctx, h);
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

/// A follow-up as the live screen lists it: `#seq what`.
fn follow_up_line(ctx: &Ctx, f: &FollowUp) -> String {
    format!("#{} {}", f.seq, follow_up_text(ctx, f))
}

fn follow_up_text(ctx: &Ctx, f: &FollowUp) -> String {
    match &f.item {
        Item::Due(due) => ctx.t(entries::due_key(*due)).to_string(),
        Item::Law { text, basis } => format!("{text} ({})", ctx.cites(basis)),
    }
}
