//! The application: a stack of screens, the keys every screen shares, and the frame around
//! them (title bar, status line, key hints, the `?` help overlay).

use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::flow::{Action, Status};
use crate::screens::Screen;
use crate::widgets::safe;
use crate::{Ctx, worker};
use law::Lang;

pub struct App {
    pub ctx: Ctx,
    screens: Vec<Screen>,
    help: bool,
    status: Option<Status>,
    quit: bool,
}

impl App {
    /// The start screen: the hearings in the data directory.
    pub fn new(ctx: Ctx) -> App {
        let start = Screen::start(&ctx);
        App {
            ctx,
            screens: vec![start],
            help: false,
            status: None,
            quit: false,
        }
    }

    /// Start, then the hearing at `journal` opened on top of it.
    pub fn with_hearing(ctx: Ctx, journal: &Path) -> App {
        let mut app = App::new(ctx);
        match Screen::hearing(&app.ctx, journal) {
            Ok((screen, status)) => {
                app.screens.push(screen);
                app.status = status;
            }
            Err(status) => app.status = Some(status),
        }
        app
    }

    pub fn quit(&self) -> bool {
        self.quit
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            // Whatever was typed is already in its draft.
            self.quit = true;
            return;
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::F(1) | KeyCode::Char('?') | KeyCode::Enter
            ) {
                self.help = false;
            }
            return;
        }
        let typing = self.screens.last().is_some_and(Screen::typing);
        match key.code {
            KeyCode::F(1) => return self.help = true,
            KeyCode::Char('?') if !typing => return self.help = true,
            KeyCode::F(2) => return self.next_lang(),
            _ => {}
        }
        let Some(screen) = self.screens.last_mut() else {
            self.quit = true;
            return;
        };
        let action = screen.on_key(key, &self.ctx);
        let kept = screen.keep_draft();
        self.act(action);
        self.draft_kept(kept);
    }

    /// A paste from the terminal (bracketed paste): one event, however long the text.
    pub fn on_paste(&mut self, text: &str) {
        if self.help {
            return;
        }
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let action = screen.paste(text, &self.ctx);
        let kept = screen.keep_draft();
        self.act(action);
        self.draft_kept(kept);
    }

    /// A draft that could not be written is said at once, and again after every key while it
    /// cannot: typed text would not survive a crash. (The path is the data directory's; no
    /// typed text is shown.)
    fn draft_kept(&mut self, kept: std::io::Result<()>) {
        if kept.is_err() {
            let dir = self.ctx.data_dir.join("drafts").display().to_string();
            self.status = Some(Status::error(
                self.ctx.tf("draft.not_saved", &[("dir", dir)]),
            ));
        }
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::None => {}
            Action::Status(status) => self.status = Some(status),
            Action::Back => {
                self.status = None;
                self.screens.pop();
                if let Some(screen) = self.screens.last_mut() {
                    screen.refresh(&self.ctx);
                }
                if self.screens.is_empty() {
                    self.quit = true;
                }
            }
            Action::Quit => self.quit = true,
            Action::Open(open) => match Screen::open(&self.ctx, open) {
                Ok((screen, status)) => {
                    self.status = status;
                    self.screens.push(screen);
                }
                Err(status) => self.status = Some(status),
            },
            Action::Do(job) => {
                let result = worker::run(job, &self.ctx, None);
                if let Some(screen) = self.screens.last_mut() {
                    let next = screen.done(result, &self.ctx);
                    // What the answer spent (a confirmed form) leaves the draft too.
                    let kept = screen.keep_draft();
                    self.act(next);
                    self.draft_kept(kept);
                }
            }
        }
    }

    fn next_lang(&mut self) {
        self.ctx.lang = match self.ctx.lang {
            Lang::Kk => Lang::Ru,
            Lang::Ru => Lang::En,
            Lang::En => Lang::Kk,
        };
    }

    pub fn draw(&mut self, f: &mut Frame) {
        let [top, body, status, hints] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(f.area());
        let width = usize::from(f.area().width);
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let title = format!(
            " Hattama · {} · [{}]",
            screen.title(&self.ctx),
            self.ctx.lang.code().to_uppercase()
        );
        f.render_widget(
            Paragraph::new(safe::fit(&title, width))
                .style(Style::default().add_modifier(Modifier::REVERSED)),
            top,
        );
        screen.draw(f, body, &self.ctx);
        if let Some(s) = &self.status {
            let (mark, style) = if s.error {
                ("✗ ", Style::default().add_modifier(Modifier::BOLD))
            } else {
                ("✓ ", Style::default())
            };
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    safe::fit(&format!("{mark}{}", s.text), width),
                    style,
                ))),
                status,
            );
        }
        let hint = format!("{} · {}", screen.hint(&self.ctx), self.ctx.t("hint.global"));
        f.render_widget(
            Paragraph::new(safe::fit(&hint, width))
                .style(Style::default().add_modifier(Modifier::DIM)),
            hints,
        );
        if self.help {
            let keys = screen.keys();
            draw_help(f, body, &self.ctx, &keys);
        }
    }
}

fn draw_help(f: &mut Frame, area: Rect, ctx: &Ctx, keys: &[(&'static str, &'static str)]) {
    let global: &[(&str, &'static str)] = &[
        ("? F1", "help.help"),
        ("F2", "help.lang"),
        ("↑↓ j k", "help.move"),
        ("Tab", "help.tab"),
        ("Enter", "help.enter"),
        ("Esc", "help.back"),
        ("Ctrl-C", "help.quit"),
    ];
    let named: Vec<(String, &'static str)> = keys
        .iter()
        .map(|(k, d)| (crate::screens::key_name(ctx, k), *d))
        .collect();
    let key_w = named
        .iter()
        .map(|(k, _)| safe::width_of(k))
        .chain(global.iter().map(|(k, _)| safe::width_of(k)))
        .max()
        .unwrap_or(6);
    let mut lines: Vec<Line> = named
        .iter()
        .map(|(k, d)| Line::from(format!("{k:<key_w$}  {}", ctx.t(d))))
        .collect();
    lines.push(Line::from(""));
    lines.extend(
        global
            .iter()
            .map(|(k, d)| Line::from(format!("{k:<key_w$}  {}", ctx.t(d)))),
    );
    let height = (lines.len() as u16 + 2).min(area.height);
    let width = area.width.min(76);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(format!(" {} ", ctx.t("help.title")))),
        popup,
    );
}
