//! The terminal interface: snapshots of every screen and wizard step (ratatui's TestBackend,
//! insta), the interface catalog's completeness, and the real binary driven in a pseudo-terminal
//! (a whole hearing to a sealed protocol and a ruling; a kill mid-wizard and the draft back).

mod findings;
mod pty;
mod screens;
mod signing;
mod strings;

use std::path::Path;
use std::sync::Arc;

use ::journal::{Clock, FixedClock};
use ::law::{Catalog, Lang};
use ::tui::{App, Ctx};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// An interface on `dir` (data in `dir/data`, keys in `dir/keys`) at a fixed time.
pub fn ctx(dir: &Path, lang: Lang) -> Ctx {
    let clock = FixedClock::new(::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap());
    let source = Arc::new(move || {
        clock.advance(chrono::TimeDelta::seconds(30));
        Box::new(clock.clone()) as Box<dyn Clock>
    });
    Ctx::new(
        lang,
        dir.join("data"),
        dir.join("keys"),
        Catalog::builtin().unwrap(),
        source,
    )
}

pub fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Type `text`; `\t` is Tab, `\n` Enter, `↓`/`→` arrows, `⎋` Esc.
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = match c {
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            '↓' => KeyCode::Down,
            '↑' => KeyCode::Up,
            '→' => KeyCode::Right,
            '⎋' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        key(app, code);
    }
}

/// The screen as text.
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().to_string()
}
