//! Keys as data: one table per screen (or per step of a screen) names each key, what it does
//! in words for the help, and the command it stands for. The screen's key handler looks the
//! command up in the same table the `?` overlay and the bottom line list, so the two cannot
//! drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One binding: the keys, how the help shows them, what they do (a string key of the
/// interface's words), and the command.
#[derive(Debug, Clone, Copy)]
pub struct Binding<C: 'static> {
    pub keys: &'static [KeyCode],
    pub shown: &'static str,
    pub help: &'static str,
    pub cmd: C,
}

impl<C> Binding<C> {
    pub const fn new(
        keys: &'static [KeyCode],
        shown: &'static str,
        help: &'static str,
        cmd: C,
    ) -> Binding<C> {
        Binding {
            keys,
            shown,
            help,
            cmd,
        }
    }
}

/// A screen's keys.
#[derive(Debug, Clone, Copy)]
pub struct Keymap<C: 'static>(pub &'static [Binding<C>]);

impl<C: Copy> Keymap<C> {
    /// The command `key` stands for here. Keys with Ctrl or Alt are never a screen's command
    /// (Ctrl-C quits; the others are not used).
    pub fn command(&self, key: &KeyEvent) -> Option<C> {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return None;
        }
        self.0
            .iter()
            .find(|b| b.keys.contains(&key.code))
            .map(|b| b.cmd)
    }

    /// (keys as shown, what they do) for the help overlay and the bottom line. A binding with
    /// nothing to show (moving in a list, which the help lists among the keys every screen
    /// has) is left out.
    pub fn help(&self) -> Vec<(&'static str, &'static str)> {
        self.0
            .iter()
            .filter(|b| !b.shown.is_empty())
            .map(|b| (b.shown, b.help))
            .collect()
    }
}

/// Moving in a list, as every list screen has it (`crate::widgets::list::Cursor`); the help's
/// list of keys every screen has names them.
pub const MOVE_KEYS: &[KeyCode] = &[
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Char('k'),
    KeyCode::Char('j'),
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::End,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Cmd {
        Open,
        Move,
    }

    const KEYS: Keymap<Cmd> = Keymap(&[
        Binding::new(
            &[KeyCode::Enter, KeyCode::Char('o')],
            "Enter o",
            "keys.open",
            Cmd::Open,
        ),
        Binding::new(MOVE_KEYS, "↑↓", "keys.move", Cmd::Move),
    ]);

    #[test]
    fn one_table_answers_the_handler_and_the_help() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(KEYS.command(&key(KeyCode::Char('o'))), Some(Cmd::Open));
        assert_eq!(KEYS.command(&key(KeyCode::Char('j'))), Some(Cmd::Move));
        assert_eq!(KEYS.command(&key(KeyCode::Char('x'))), None);
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(KEYS.command(&ctrl_o), None);
        assert_eq!(
            KEYS.help(),
            vec![("Enter o", "keys.open"), ("↑↓", "keys.move")]
        );
    }
}
