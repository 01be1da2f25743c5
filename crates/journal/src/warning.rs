//! What a verifier reports that is not a fault: every byte the hashes cover holds, but a person
//! must act (docs/journal-format.md §9). A warning never makes a journal "not intact" and never
//! changes the exit code; a fault does both.

use std::fmt;

/// What needs doing, as a stable machine-readable code (the `--json` contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningCode {
    /// Entries follow the latest seal and are not sealed yet: normal work after a ruling is
    /// issued or a remark is filed, until the judge and the secretary seal again.
    UnsealedAfterSeal,
    /// The last line is a whole, verifying entry without its newline (a copy tool or an editor
    /// dropped it); nothing can be appended until `repair` restores it.
    MissingNewline,
    /// A seal's judge and secretary signatures were made by one key: the bytes hold, but one
    /// person sealed as both officials (Hattama refuses to seal so; another tool did it).
    OneKeyBothRoles,
}

impl WarningCode {
    pub const ALL: &'static [WarningCode] = &[
        WarningCode::UnsealedAfterSeal,
        WarningCode::MissingNewline,
        WarningCode::OneKeyBothRoles,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::UnsealedAfterSeal => "unsealed_after_seal",
            WarningCode::MissingNewline => "missing_newline",
            WarningCode::OneKeyBothRoles => "one_key_both_roles",
        }
    }
}

/// One warning: its code, the first seq it concerns, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub code: WarningCode,
    pub seq: Option<u64>,
    /// How many entries (an unsealed tail) or seals (one key in both roles) it concerns; 1
    /// otherwise. With `code` and `seq` it is all an interface needs to word the warning in
    /// its own language.
    pub count: u64,
    /// Never quotes a body.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl Warning {
    /// `count` entries after the seal at `seal_seq` await a new seal.
    pub fn unsealed(seal_seq: u64, count: u64) -> Warning {
        let entries = if count == 1 { "entry" } else { "entries" };
        Warning {
            code: WarningCode::UnsealedAfterSeal,
            seq: Some(seal_seq + 1),
            count,
            message: format!(
                "{count} {entries} after the last seal (seq {seal_seq}), not yet sealed; the judge and the secretary must seal the journal again"
            ),
        }
    }

    /// The entry at `seq`, the last, verifies but its line has no newline.
    pub fn missing_newline(seq: u64) -> Warning {
        Warning {
            code: WarningCode::MissingNewline,
            seq: Some(seq),
            count: 1,
            message: format!(
                "the last line (seq {seq}) verifies but has no newline (a copy tool or an editor dropped it); `hattama repair` restores it before anything is appended"
            ),
        }
    }

    /// `count` seals, the first at `seq`, were signed as judge and as secretary by one key.
    pub fn one_key(seq: u64, count: u64) -> Warning {
        let seals = if count == 1 {
            "the seal".to_string()
        } else {
            format!("{count} seals, the first")
        };
        Warning {
            code: WarningCode::OneKeyBothRoles,
            seq: Some(seq),
            count,
            message: format!(
                "{seals} at seq {seq} signed as the judge and as the secretary with one key: one person sealed as both officials"
            ),
        }
    }
}
