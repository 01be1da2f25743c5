//! The screens, one file each, behind one enum so the app can stack them.

mod check;
mod desk;
pub mod documents;
mod events;
mod hearing;
mod list;
mod start;
pub mod wizard;

use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Ctx;

/// A line for the status bar: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub error: bool,
    pub text: String,
}

impl Status {
    pub fn ok(text: impl Into<String>) -> Status {
        Status {
            error: false,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            error: true,
            text: text.into(),
        }
    }
}

/// What a key asks the app to do.
pub enum Action {
    None,
    Status(Status),
    Back,
    Quit,
    Push(Box<Screen>, Option<Status>),
}

pub enum Screen {
    Start(start::Start),
    Hearing(Box<hearing::HearingScreen>),
    Check(check::Check),
}

impl Screen {
    pub fn start(ctx: &Ctx) -> Screen {
        Screen::Start(start::Start::new(ctx))
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

    /// Write (or drop) the draft of what is typed but unconfirmed.
    pub fn keep_draft(&mut self, ctx: &Ctx) {
        match self {
            Screen::Start(s) => s.keep_draft(),
            Screen::Hearing(s) => s.keep_draft(ctx),
            Screen::Check(_) => {}
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
