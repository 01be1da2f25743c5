//! The screens, one file each, behind one enum so the app can stack them. Start, the hearing
//! and the check are screens of their own; the wizard, the desk and documents are parts of the
//! hearing screen, which owns them. No screen imports another but its own parts: they speak
//! through `crate::flow`.

mod check;
mod desk;
mod documents;
mod hearing;
mod start;
mod wizard;

use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::Ctx;
use crate::flow::{Action, Open, Status};
use crate::worker::{Done, Failed};

pub enum Screen {
    Start(start::Start),
    Hearing(Box<hearing::HearingScreen>),
    Check(check::Check),
}

impl Screen {
    pub fn start(ctx: &Ctx) -> Screen {
        Screen::Start(start::Start::new(ctx))
    }

    /// The screen `open` asks for. `Err` says why it cannot open.
    pub fn open(ctx: &Ctx, open: Open) -> Result<(Screen, Option<Status>), Status> {
        match open {
            Open::Hearing { path, status } => {
                let (screen, restored) = Screen::hearing(ctx, &path)?;
                Ok((screen, status.or(restored)))
            }
            Open::Check => Ok((Screen::Check(check::Check::new()), None)),
        }
    }

    /// The worker's answer to work the screen asked the app for.
    pub fn done(&mut self, result: Result<Done, Failed>, ctx: &Ctx) -> Action {
        match self {
            Screen::Start(s) => s.done(result, ctx),
            Screen::Hearing(_) | Screen::Check(_) => match result {
                Err(e) => Action::Status(Status::error(e)),
                Ok(_) => Action::None,
            },
        }
    }

    /// The hearing at `path`, opened for writing, with any draft restored.
    pub fn hearing(ctx: &Ctx, path: &Path) -> Result<(Screen, Option<Status>), Status> {
        let (screen, status) = hearing::HearingScreen::open(ctx, path)?;
        Ok((Screen::Hearing(Box::new(screen)), status))
    }

    pub fn title(&self, ctx: &Ctx) -> String {
        match self {
            Screen::Start(_) => ctx.t("start.title").to_string(),
            Screen::Hearing(s) => s.title(ctx),
            Screen::Check(_) => ctx.t("check.title").to_string(),
        }
    }

    /// A text field has the focus: letters and `?` are text, not commands.
    pub fn typing(&self) -> bool {
        match self {
            Screen::Start(s) => s.typing(),
            Screen::Hearing(s) => s.typing(),
            Screen::Check(s) => s.typing(),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        match self {
            Screen::Start(s) => s.on_key(key, ctx),
            Screen::Hearing(s) => s.on_key(key, ctx),
            Screen::Check(s) => s.on_key(key, ctx),
        }
    }

    /// A paste (the terminal's bracketed paste): one edit of the focused field.
    pub fn paste(&mut self, text: &str, ctx: &Ctx) -> Action {
        match self {
            Screen::Start(s) => s.paste(text, ctx),
            Screen::Hearing(s) => s.paste(text, ctx),
            Screen::Check(s) => s.paste(text, ctx),
        }
    }

    /// Write (or drop) the draft of what is typed but unconfirmed. `Err` when it cannot be
    /// written: what is typed would not survive a crash, and the judge must be told.
    pub fn keep_draft(&mut self) -> std::io::Result<()> {
        match self {
            Screen::Start(s) => s.keep_draft(),
            Screen::Hearing(s) => s.keep_draft(),
            Screen::Check(_) => Ok(()),
        }
    }

    /// Back on top after the screen above it closed.
    pub fn refresh(&mut self, ctx: &Ctx) {
        if let Screen::Start(s) = self {
            s.refresh(ctx);
        }
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        match self {
            Screen::Start(s) => s.draw(f, area, ctx),
            Screen::Hearing(s) => s.draw(f, area, ctx),
            Screen::Check(s) => s.draw(f, area, ctx),
        }
    }

    /// The short key hint for the bottom line.
    pub fn hint(&self, ctx: &Ctx) -> String {
        self.keys()
            .iter()
            .take(6)
            .map(|(k, d)| format!("{} {}", key_name(ctx, k), ctx.t(d)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Every key of the current screen with what it does (the `?` overlay).
    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self {
            Screen::Start(s) => s.keys(),
            Screen::Hearing(s) => s.keys(),
            Screen::Check(s) => s.keys(),
        }
    }
}

/// A key as the interface's language names it: the space bar has a name in every language
/// ("Бос орын", "Пробел"); the other keys are named as printed on the keyboard.
pub fn key_name(ctx: &Ctx, key: &str) -> String {
    key.replace("Space", ctx.t("key.space"))
}
