//! A titled panel of lines wrapped at word boundaries: reasons, states and refusals are
//! sentences, not table rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::safe;

pub fn wrapped(f: &mut Frame, area: Rect, title: &str, lines: &[String]) {
    let text: Vec<Line> = lines.iter().map(|l| Line::raw(safe::clean(l))).collect();
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(format!(" {} ", safe::clean(title)))),
        area,
    );
}
