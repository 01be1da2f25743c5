//! A form: labelled fields, one line each, filled with the keyboard only. Tab/↓ and Shift-Tab/↑
//! move between fields, ←/→ or Space change a choice, typing edits a text field, Enter submits,
//! Esc cancels. The values survive a crash as a draft (`values`/`restore`).

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::safe;
use crate::Ctx;

/// How a choice's option is named on screen, resolved in the current language at draw time.
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    /// A string of the interface catalog.
    Ui(&'static str),
    /// A term of the law catalog: (group, id).
    Term(&'static str, String),
    /// Text as it is (a participant's name, a file name).
    Plain(String),
    /// Text in all three languages (a role's name from the catalog).
    Text(law::Text),
}

impl Label {
    /// Choice options named by terms of the law catalog's `group`.
    pub fn terms(group: &'static str, ids: &[&str]) -> Vec<(String, Label)> {
        ids.iter()
            .map(|id| (id.to_string(), Label::Term(group, id.to_string())))
            .collect()
    }

    /// Choice options named by interface strings: (id, string key) pairs.
    pub fn ui_options(pairs: &[(&str, &'static str)]) -> Vec<(String, Label)> {
        pairs
            .iter()
            .map(|(id, key)| (id.to_string(), Label::Ui(key)))
            .collect()
    }

    pub fn text(&self, ctx: &Ctx) -> String {
        match self {
            Label::Ui(key) => ctx.t(key).to_string(),
            Label::Term(group, id) => ctx.term(group, id),
            Label::Plain(text) => text.clone(),
            Label::Text(text) => text.get(ctx.lang).to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text {
        text: String,
        max: usize,
    },
    Choice {
        options: Vec<(String, Label)>,
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's id (kept in drafts) and the interface string naming it.
    pub key: &'static str,
    pub value: Value,
    pub required: bool,
}

impl Field {
    pub fn text(key: &'static str, initial: &str) -> Field {
        Field {
            key,
            value: Value::Text {
                text: initial.to_string(),
                max: 4000,
            },
            required: false,
        }
    }

    pub fn choice(key: &'static str, options: Vec<(String, Label)>, selected: &str) -> Field {
        let index = options
            .iter()
            .position(|(id, _)| id == selected)
            .unwrap_or(0);
        Field {
            key,
            value: Value::Choice { options, index },
            required: false,
        }
    }

    /// Yes/no/not known, with ids `yes`, `no`, `unknown`.
    pub fn tri(key: &'static str, selected: &str) -> Field {
        let options = ["unknown", "yes", "no"]
            .into_iter()
            .map(|id| (id.to_string(), Label::Ui(tri_label(id))))
            .collect();
        Field::choice(key, options, selected)
    }

    /// Yes/no, with ids `yes`, `no`.
    pub fn flag(key: &'static str, yes: bool) -> Field {
        let options = ["no", "yes"]
            .into_iter()
            .map(|id| (id.to_string(), Label::Ui(tri_label(id))))
            .collect();
        Field::choice(key, options, if yes { "yes" } else { "no" })
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The text, or the chosen option's id.
    pub fn get(&self) -> &str {
        match &self.value {
            Value::Text { text, .. } => text,
            Value::Choice { options, index } => {
                options.get(*index).map(|(id, _)| id.as_str()).unwrap_or("")
            }
        }
    }

    fn set(&mut self, raw: &str) {
        match &mut self.value {
            Value::Text { text, max } => *text = raw.chars().take(*max).collect(),
            Value::Choice { options, index } => {
                if let Some(i) = options.iter().position(|(id, _)| id == raw) {
                    *index = i;
                }
            }
        }
    }
}

fn tri_label(id: &str) -> &'static str {
    match id {
        "yes" => "common.yes",
        "no" => "common.no",
        _ => "common.unknown",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: &'static str,
    pub fields: Vec<Field>,
    pub focus: usize,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Nothing visible changed.
    Ignored,
    /// A value or the focus changed.
    Changed,
    Submit,
    Cancel,
    /// The focused text field is full: the character was not taken.
    Full(usize),
}

impl Form {
    pub fn new(title: &'static str, fields: Vec<Field>) -> Form {
        Form {
            title,
            fields,
            focus: 0,
        }
    }

    pub fn get(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.get())
            .unwrap_or("")
    }

    /// A text field's value trimmed, `None` when empty.
    pub fn opt(&self, key: &str) -> Option<String> {
        let v = self.get(key).trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// The first required field left empty, as its interface string id.
    pub fn missing(&self) -> Option<&'static str> {
        self.fields
            .iter()
            .find(|f| f.required && f.get().trim().is_empty())
            .map(|f| f.key)
    }

    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields
            .iter()
            .map(|f| (f.key.to_string(), f.get().to_string()))
            .collect()
    }

    pub fn restore(&mut self, values: &BTreeMap<String, String>) {
        for field in &mut self.fields {
            if let Some(v) = values.get(field.key) {
                field.set(v);
            }
        }
    }

    /// Paste `text` into the focused text field as one edit (a terminal's bracketed paste): line
    /// breaks become spaces, and what does not fit the field is dropped. `Err` holds the
    /// field's limit when the paste was cut; nothing happens outside a text field.
    pub fn paste(&mut self, pasted: &str) -> Result<(), usize> {
        let Some(Field {
            value: Value::Text { text, max },
            ..
        }) = self.fields.get_mut(self.focus)
        else {
            return Ok(());
        };
        let room = max.saturating_sub(text.chars().count());
        let mut chars = pasted.chars().map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c => c,
        });
        text.extend(chars.by_ref().take(room));
        match chars.next() {
            Some(_) => Err(*max),
            None => Ok(()),
        }
    }

    /// Whether the focused field takes typed characters (so `?` and letters are text there).
    pub fn typing(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.value),
            Some(Value::Text { .. })
        )
    }

    pub fn on_key(&mut self, key: KeyEvent) -> FormEvent {
        let n = self.fields.len();
        if n == 0 {
            return match key.code {
                KeyCode::Enter => FormEvent::Submit,
                KeyCode::Esc => FormEvent::Cancel,
                _ => FormEvent::Ignored,
            };
        }
        match key.code {
            KeyCode::Esc => return FormEvent::Cancel,
            KeyCode::Enter => return FormEvent::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            _ => return self.edit(key),
        }
        FormEvent::Changed
    }

    fn edit(&mut self, key: KeyEvent) -> FormEvent {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormEvent::Ignored;
        };
        match (&mut field.value, key.code) {
            (Value::Choice { options, index }, KeyCode::Right | KeyCode::Char(' ')) => {
                *index = (*index + 1) % options.len().max(1);
            }
            (Value::Choice { options, index }, KeyCode::Left) => {
                let n = options.len().max(1);
                *index = (*index + n - 1) % n;
            }
            (Value::Text { text, .. }, KeyCode::Backspace) => {
                text.pop();
            }
            (Value::Text { text, .. }, KeyCode::Char('u'))
                if key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                text.clear();
            }
            (Value::Text { text, max }, KeyCode::Char(c))
                if !key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                if text.chars().count() >= *max {
                    return FormEvent::Full(*max);
                }
                text.push(c);
            }
            _ => return FormEvent::Ignored,
        }
        FormEvent::Changed
    }

    /// Draw as a box over `area` (cleared first): one line per field, the focused one marked
    /// with `▶` and reversed, a required empty one with `*`.
    pub fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        f.render_widget(Clear, area);
        let block = Block::bordered().title(format!(" {} ", ctx.t(self.title)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let label_w = self
            .fields
            .iter()
            .map(|fl| safe::width_of(ctx.t(fl.key)) + 3)
            .max()
            .unwrap_or(10)
            .min(usize::from(inner.width) / 2)
            .max(2);
        let value_w = usize::from(inner.width).saturating_sub(label_w + 2);
        // Scroll so that the focused field is always visible on a small screen.
        let rows = usize::from(inner.height.saturating_sub(1)).max(1);
        let first = self.focus.saturating_sub(rows - 1);
        let mut lines = Vec::new();
        for (i, field) in self.fields.iter().enumerate().skip(first).take(rows) {
            let focused = i == self.focus;
            let mark = if focused { "▶" } else { " " };
            let star = if field.required && field.get().trim().is_empty() {
                "*"
            } else {
                " "
            };
            let label = safe::fit(&format!("{}{}", ctx.t(field.key), star), label_w - 1);
            let value = match &field.value {
                Value::Text { text, .. } if focused => {
                    format!("{}▏", safe::tail(text, value_w.saturating_sub(1)))
                }
                Value::Text { text, .. } => safe::fit(text, value_w),
                Value::Choice { options, index } => {
                    let name = options
                        .get(*index)
                        .map(|(_, l)| l.text(ctx))
                        .unwrap_or_default();
                    safe::fit(&format!("‹ {name} ›"), value_w)
                }
            };
            let style = if focused {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{mark}{label:<width$} ", width = label_w - 1)),
                Span::styled(value, style),
            ]));
        }
        lines.push(Line::from(Span::styled(
            safe::fit(ctx.t("form.hint"), usize::from(inner.width)),
            Style::default().add_modifier(Modifier::DIM),
        )));
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// What the status line says when a field's limit stops typing (`pasted: false`) or cuts a
/// paste.
pub fn limit_text(ctx: &Ctx, max: usize, pasted: bool) -> String {
    let key = if pasted {
        "form.paste_cut"
    } else {
        "form.full"
    };
    ctx.tf(key, &[("max", max.to_string())])
}
