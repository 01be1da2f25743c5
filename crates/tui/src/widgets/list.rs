//! A bordered list with a selection: ↑/↓ or j/k move, PgUp/PgDn jump, Home/End. The selected
//! line is marked with `▶` as well as reversed, so colour is never the only signal; lines are
//! cleaned and cut with an ellipsis to the box's width; the view scrolls to the selection.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::safe;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub index: usize,
}

impl Cursor {
    /// Move on a navigation key; false if the key is not one.
    pub fn on_key(&mut self, key: KeyEvent, len: usize) -> bool {
        let last = len.saturating_sub(1);
        self.index = match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.index.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (self.index + 1).min(last),
            KeyCode::PageUp => self.index.saturating_sub(10),
            KeyCode::PageDown => (self.index + 10).min(last),
            KeyCode::Home => 0,
            KeyCode::End => last,
            _ => return false,
        };
        true
    }

    pub fn clamp(&mut self, len: usize) {
        self.index = self.index.min(len.saturating_sub(1));
    }
}

/// Draw `lines` in a box titled `title`; `selected` marks one (None: nothing selectable, the
/// view shows the end). `focused` draws the border bold.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: &[String],
    selected: Option<usize>,
    focused: bool,
) {
    let block = Block::bordered()
        .title(safe::fit(
            &format!(" {title} "),
            usize::from(area.width.saturating_sub(2)),
        ))
        .border_style(if focused {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        });
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    if rows == 0 {
        return;
    }
    let anchor = selected.unwrap_or(lines.len().saturating_sub(1));
    let first = if lines.len() <= rows {
        0
    } else {
        anchor.saturating_sub(rows - 1).min(lines.len() - rows)
    };
    let shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, text)| {
            if selected == Some(i) {
                Line::styled(
                    safe::fit(&format!("▶ {text}"), width),
                    Style::default().add_modifier(Modifier::REVERSED),
                )
            } else if selected.is_some() {
                Line::raw(safe::fit(&format!("  {text}"), width))
            } else {
                Line::raw(safe::fit(text, width))
            }
        })
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// The middle of `area`, `width`×`height` at most: where dialogs go.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
