//! What can be wrong with a journal or an excerpt: stable fault codes and the first fault found.
//!
//! The codes are part of the `--json` contract (docs/journal-format.md §9). A fault names the
//! seq, the line (or an excerpt's entry index) and the field; its detail never quotes a value
//! of the entry — neither its body nor a number that stands where a seq should.

use std::fmt;

macro_rules! fault_codes {
    ($($variant:ident = $code:literal, $text:literal;)*) => {
        /// What is wrong, as a stable machine-readable code (docs/journal-format.md §6).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum FaultCode { $($variant,)* }

        impl FaultCode {
            pub const ALL: &'static [FaultCode] = &[$(FaultCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(FaultCode::$variant => $code,)* }
            }

            /// A short description for people.
            pub fn text(self) -> &'static str {
                match self { $(FaultCode::$variant => $text,)* }
            }
        }
    };
}

fault_codes! {
    Empty = "empty", "the journal holds no entry";
    InvalidUtf8 = "invalid_utf8", "the line is not valid UTF-8";
    LineTooLong = "line_too_long", "the line is longer than 1 MiB";
    Malformed = "malformed", "the entry is malformed";
    Gap = "gap", "entries are missing";
    Duplicate = "duplicate", "the seq was already used";
    Reordered = "reordered", "entries are out of order";
    BrokenLink = "broken_link", "prev does not match the hash of the entry before";
    BodyHashMismatch = "body_hash_mismatch", "the body does not match its hash";
    HashMismatch = "hash_mismatch", "the entry does not match its hash";
    TimeBackwards = "time_backwards", "the time is earlier than the entry before";
    MissingBody = "missing_body", "a body that must be present is missing";
    NotAllowed = "not_allowed", "the entry may not come here";
    NotAllowedAfterSeal = "not_allowed_after_seal", "the entry may not follow a seal";
    BadReference = "bad_reference", "the entry refers to a seq that is not before it";
    BadSeal = "bad_seal", "the seal does not match the chain";
    BadSignature = "bad_signature", "a seal signature does not verify";
    UnknownSigner = "unknown_signer", "a seal is signed by a key that is not among the given public keys";
    TornTail = "torn_tail", "the last line was cut short, as by a crash during a write";
    IncompleteExcerpt = "incomplete_excerpt", "the excerpt lacks what it must hold";
}

/// The first thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The seq where the chain breaks (the expected seq), if the fault is tied to an entry.
    pub seq: Option<u64>,
    /// The line of a journal file (1-based).
    pub line: Option<u64>,
    /// In an excerpt: the entry's index in its `entries` array (0-based, as JSON tools count),
    /// which is not a line of the file. (An excerpt of at most 64 MiB holds far fewer than
    /// 2^32 entries; the narrow type keeps errors that carry a fault small.)
    pub entry_index: Option<u32>,
    pub code: FaultCode,
    /// The member at fault, e.g. `hash` or `body.signatures[0]`.
    pub field: Option<String>,
    /// More detail; never quotes a body.
    pub detail: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match (self.line, self.entry_index) {
            (_, Some(i)) => Some(format!("entries[{i}]")),
            (Some(line), None) => Some(format!("line {line}")),
            (None, None) => None,
        };
        match (self.seq, place) {
            (Some(seq), Some(place)) => write!(f, "broken at seq {seq} ({place}): ")?,
            (Some(seq), None) => write!(f, "broken at seq {seq}: ")?,
            (None, Some(place)) => write!(f, "broken at {place}: ")?,
            (None, None) => write!(f, "broken: ")?,
        }
        write!(f, "{}: {}", self.code.as_str(), self.code.text())?;
        if let Some(field) = &self.field {
            write!(f, "; field `{field}`")?;
        }
        if !self.detail.is_empty() {
            write!(f, "; {}", self.detail)?;
        }
        Ok(())
    }
}

impl Fault {
    pub fn new(code: FaultCode, seq: Option<u64>, line: Option<u64>) -> Fault {
        Fault {
            seq,
            line,
            entry_index: None,
            code,
            field: None,
            detail: String::new(),
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Fault {
        self.field = Some(field.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Fault {
        self.detail = detail.into();
        self
    }

    /// The same fault placed by its index in an excerpt's `entries` (`line` counted from 1
    /// there) rather than by a line of the file.
    pub fn in_excerpt(mut self) -> Fault {
        self.entry_index = self
            .line
            .take()
            .map(|l| u32::try_from(l.saturating_sub(1)).unwrap_or(u32::MAX));
        self
    }
}
