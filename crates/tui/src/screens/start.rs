//! The start screen: the hearings in the data directory (open, closed, sealed, or broken) and
//! the form that opens a new one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use crate::draft::DraftFile;
use crate::flow::{Action, Open, Status};
use crate::keymap::{Binding, Keymap, MOVE_KEYS};
use crate::widgets::form::{Field, Form, FormEvent, Label, limit_text};
use crate::widgets::list::{self, Cursor};
use crate::worker::{Done, Failed, Job};
use crate::{CourtName, CourtNames, Ctx};
use court::hearing::Hearing;
use journal::Kind;
use journal::entry::{CaseKind, HearingOpened, Instance, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Open,
    New,
    Check,
    Refresh,
    Move,
    Quit,
}

const KEYS: Keymap<Cmd> = Keymap(&[
    Binding::new(&[KeyCode::Enter], "Enter", "keys.open", Cmd::Open),
    Binding::new(&[KeyCode::Char('c')], "c", "keys.new_hearing", Cmd::New),
    Binding::new(&[KeyCode::Char('v')], "v", "keys.check", Cmd::Check),
    Binding::new(&[KeyCode::Char('r')], "r", "keys.refresh", Cmd::Refresh),
    Binding::new(
        &[KeyCode::Char('q'), KeyCode::Esc],
        "q",
        "keys.quit",
        Cmd::Quit,
    ),
    Binding::new(MOVE_KEYS, "", "keys.move", Cmd::Move),
]);

/// The keys of the new-hearing form.
const FORM_HELP: &[(&str, &str)] = &[
    ("Tab ↑↓", "keys.next_field"),
    ("← → Space", "keys.choose"),
    ("Enter", "keys.create"),
    ("Esc", "keys.cancel"),
];

/// A hearing's day as the list shows it: 24.11.2026.
const DAY: &str = "%d.%m.%Y";

#[derive(Clone)]
struct Row {
    path: PathBuf,
    /// Case number, court, date — or the file name when it does not read.
    text: String,
    state: &'static str,
}

pub struct Start {
    rows: Vec<Row>,
    /// Each journal's row by the file's length and modification time when it was read: a
    /// refresh (after every screen the judge leaves) re-reads and re-verifies only the journals
    /// that changed, not every hearing of the court.
    seen: HashMap<PathBuf, (Stamp, Row)>,
    cursor: Cursor,
    form: Option<Form>,
    draft: DraftFile,
}

impl Start {
    pub fn new(ctx: &Ctx) -> Start {
        let mut draft = DraftFile::new(&ctx.data_dir, "new-hearing");
        // A new-hearing form typed before a crash comes back as it was.
        let form = draft.load().map(|values| {
            let mut form = new_hearing_form(ctx);
            form.restore(&values);
            form
        });
        let mut start = Start {
            rows: Vec::new(),
            seen: HashMap::new(),
            cursor: Cursor::default(),
            form,
            draft,
        };
        start.refresh(ctx);
        start
    }

    pub fn refresh(&mut self, ctx: &Ctx) {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&ctx.data_dir)
            .map(|dir| {
                dir.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                    .collect()
            })
            .unwrap_or_default();
        paths.sort();
        let mut seen = HashMap::with_capacity(paths.len());
        for path in paths {
            let stamp = stamp(&path);
            let row = match self.seen.remove(&path) {
                Some((was, row)) if stamp.is_some() && was == stamp => row,
                _ => row(path.clone()),
            };
            seen.insert(path, (stamp, row));
        }
        self.rows = seen.values().map(|(_, row)| row.clone()).collect();
        self.rows.sort_by(|a, b| a.path.cmp(&b.path));
        self.seen = seen;
        self.cursor.clamp(self.rows.len());
    }

    pub fn typing(&self) -> bool {
        self.form.as_ref().is_some_and(Form::typing)
    }

    pub fn keep_draft(&mut self) -> std::io::Result<()> {
        let values = self.form.as_ref().map(Form::values);
        self.draft.store(values.as_ref())
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.form.is_some() {
            FORM_HELP.to_vec()
        } else {
            KEYS.help()
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        if let Some(form) = &mut self.form {
            return match form.on_key(key) {
                FormEvent::Cancel => {
                    self.form = None;
                    Action::None
                }
                FormEvent::Submit => self.create(ctx),
                FormEvent::Full(max) => Action::Status(Status::error(limit_text(ctx, max, false))),
                _ => Action::None,
            };
        }
        match KEYS.command(&key) {
            None => Action::None,
            Some(Cmd::Move) => {
                self.cursor.on_key(key, self.rows.len());
                Action::None
            }
            Some(Cmd::Quit) => Action::Quit,
            Some(Cmd::New) => {
                self.form = Some(new_hearing_form(ctx));
                Action::None
            }
            Some(Cmd::Check) => Action::Open(Open::Check),
            Some(Cmd::Refresh) => {
                self.refresh(ctx);
                Action::None
            }
            Some(Cmd::Open) => match self.rows.get(self.cursor.index) {
                Some(row) => Action::Open(Open::Hearing {
                    path: row.path.clone(),
                    status: None,
                }),
                None => Action::Status(Status::error(ctx.t("start.none"))),
            },
        }
    }

    /// A paste, as one edit of the new-hearing form's focused field.
    pub fn paste(&mut self, text: &str, ctx: &Ctx) -> Action {
        match self.form.as_mut().map(|f| f.paste(text)) {
            Some(Err(max)) => Action::Status(Status::error(limit_text(ctx, max, true))),
            _ => Action::None,
        }
    }

    /// The worker's answer to the new hearing: open it.
    pub fn done(&mut self, result: Result<Done, Failed>, ctx: &Ctx) -> Action {
        match result {
            Ok(Done::Created(path)) => {
                self.form = None;
                self.refresh(ctx);
                Action::Open(Open::Hearing {
                    path,
                    status: Some(Status::ok(ctx.t("start.created"))),
                })
            }
            Ok(_) => Action::None,
            Err(e) => Action::Status(Status::error(e)),
        }
    }

    fn create(&mut self, ctx: &Ctx) -> Action {
        let Some(form) = &self.form else {
            return Action::None;
        };
        if let Some(field) = form.missing() {
            return Action::Status(Status::error(
                ctx.tf("form.required", &[("field", ctx.t(field).to_string())]),
            ));
        }
        let now = (ctx.clock)().now();
        let opened = HearingOpened {
            hearing_id: now.format("h%Y%m%d-%H%M%S").to_string(),
            court: form.get("new.court").trim().into(),
            judge: form.get("new.judge").trim().into(),
            secretary: form.get("new.secretary").trim().into(),
            case_number: form.get("new.case_number").trim().into(),
            case_kind: match form.get("new.case_kind") {
                "criminal" => CaseKind::Criminal,
                "administrative" => CaseKind::Administrative,
                _ => CaseKind::Civil,
            },
            instance: match form.get("new.instance") {
                "appeal" => Instance::Appeal,
                "cassation" => Instance::Cassation,
                _ => Instance::First,
            },
            language: if form.get("new.language") == "kk" {
                Lang::Kk
            } else {
                Lang::Ru
            },
            online: form.get("new.online") == "yes",
            recording: form.opt("new.recording"),
            place: form.opt("new.place"),
            court_other: form.opt("new.court_other"),
            place_other: form.opt("new.place_other"),
        };
        let opened = arrange(opened, ctx.court.as_ref());
        Action::Do(Job::Create(Box::new(opened)))
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let lines: Vec<String> = self
            .rows
            .iter()
            .map(|r| format!("[{}] {}", ctx.t(r.state), r.text))
            .collect();
        let title = ctx.tf("start.list", &[("dir", ctx.data_dir.display().to_string())]);
        if lines.is_empty() {
            list::draw(
                f,
                area,
                &title,
                &[ctx.t("start.empty").to_string()],
                None,
                true,
            );
        } else {
            list::draw(f, area, &title, &lines, Some(self.cursor.index), true);
        }
        if let Some(form) = &self.form {
            form.draw(f, list::centered(area, 90, 16), ctx);
        }
    }
}

/// What tells a journal changed without reading it: an append grows it, a repair or a copy
/// over it changes its modification time. `None` when the file cannot be stat'ed (read again).
type Stamp = Option<(u64, SystemTime)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

fn row(path: PathBuf) -> Row {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match Hearing::load(&path) {
        Ok(h) => {
            let state = match h.entries.last().map(|e| e.kind) {
                Some(Kind::Sealed) => "state.sealed",
                _ if h.entries.iter().any(|e| e.kind == Kind::HearingClosed) => "state.closed",
                _ => "state.open",
            };
            let date = h
                .entries
                .first()
                .map(|e| e.time.format(DAY).to_string())
                .unwrap_or_default();
            Row {
                path,
                text: format!("{date} · {} · {}", h.opened.case_number, h.opened.court),
                state,
            }
        }
        Err(_) => Row {
            path,
            text: file,
            state: "state.broken",
        },
    }
}

/// The remembered names put the right way round: the form offers them in the interface's
/// language first; if the language of proceedings chosen is the other one, the pair is swapped
/// so that `court`/`place` are in the language of proceedings. Typed names stay as typed.
fn arrange(mut o: HearingOpened, court: Option<&CourtNames>) -> HearingOpened {
    let Some(c) = court else {
        return o;
    };
    let (own, other) = o.language.act((&c.kk, &c.ru), (&c.ru, &c.kk));
    let swap = |first: &mut String, second: &mut Option<String>, own: &str, other: &str| {
        if *first == other && second.as_deref() == Some(own) {
            *first = own.to_string();
            *second = Some(other.to_string());
        }
    };
    swap(&mut o.court, &mut o.court_other, &own.court, &other.court);
    if let (Some(place), Some(own_place), Some(other_place)) = (
        o.place.as_mut(),
        own.place.as_deref(),
        other.place.as_deref(),
    ) {
        swap(place, &mut o.place_other, own_place, other_place);
    }
    o
}

fn new_hearing_form(ctx: &Ctx) -> Form {
    let default_lang = if ctx.lang == law::Lang::Kk {
        "kk"
    } else {
        "ru"
    };
    // A court's names in both languages, when remembered in config.toml.
    let (own, other) = match (&ctx.court, default_lang) {
        (Some(c), "kk") => (Some(&c.kk), Some(&c.ru)),
        (Some(c), _) => (Some(&c.ru), Some(&c.kk)),
        (None, _) => (None, None),
    };
    let court = |n: Option<&CourtName>| n.map(|n| n.court.clone()).unwrap_or_default();
    let place = |n: Option<&CourtName>| n.and_then(|n| n.place.clone()).unwrap_or_default();
    Form::new(
        "new.title",
        vec![
            Field::text("new.court", &court(own)).required(),
            Field::text("new.judge", "").required(),
            Field::text("new.secretary", "").required(),
            Field::text("new.case_number", "").required(),
            Field::choice(
                "new.case_kind",
                Label::terms("case_kind", &["civil", "criminal", "administrative"]),
                "civil",
            ),
            Field::choice(
                "new.instance",
                Label::ui_options(&[
                    ("first", "instance.first"),
                    ("appeal", "instance.appeal"),
                    ("cassation", "instance.cassation"),
                ]),
                "first",
            ),
            Field::choice(
                "new.language",
                Label::ui_options(&[("kk", "language.kk"), ("ru", "language.ru")]),
                default_lang,
            ),
            Field::flag("new.online", false),
            Field::text("new.recording", ""),
            // The place is part of every CoAO 653 ruling (CoAO 822(1)2) and cannot be added to
            // the opening later, so it is asked for now.
            Field::text("new.place", &place(own)).required(),
            // Acts in the other language are translations, and name the court and the place in
            // it; asked for last, as they matter only for translations.
            Field::text("new.court_other", &court(other)),
            Field::text("new.place_other", &place(other)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> CourtNames {
        let name = |court: &str, place: &str| CourtName {
            court: court.into(),
            place: Some(place.into()),
        };
        CourtNames {
            kk: name("Алмалы аудандық соты", "Төле би к-сі, 155"),
            ru: name("Алмалинский районный суд", "ул. Толе би, 155"),
        }
    }

    fn opened(language: Lang, court: &str, other: &str) -> HearingOpened {
        HearingOpened {
            hearing_id: "h".into(),
            court: court.into(),
            judge: "J".into(),
            secretary: "S".into(),
            case_number: "1".into(),
            case_kind: CaseKind::Civil,
            instance: Instance::First,
            language,
            online: false,
            recording: None,
            place: Some("ул. Толе би, 155".into()),
            court_other: Some(other.into()),
            place_other: Some("Төле би к-сі, 155".into()),
        }
    }

    #[test]
    fn remembered_names_follow_the_language_of_proceedings() {
        let c = names();
        // Offered in Russian first, the hearing conducted in Kazakh: swapped.
        let o = arrange(opened(Lang::Kk, &c.ru.court, &c.kk.court), Some(&c));
        assert_eq!(o.court, c.kk.court);
        assert_eq!(o.court_other.as_deref(), Some(c.ru.court.as_str()));
        assert_eq!(o.place, c.kk.place);
        assert_eq!(o.place_other, c.ru.place);
        // Already the right way round, or typed by hand: as given.
        let o = arrange(opened(Lang::Ru, &c.ru.court, &c.kk.court), Some(&c));
        assert_eq!(o.court, c.ru.court);
        let typed = arrange(opened(Lang::Kk, "Басқа сот", "Другой суд"), Some(&c));
        assert_eq!(typed.court, "Басқа сот");
    }
}
