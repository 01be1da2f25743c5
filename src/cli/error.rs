//! The one error type at the edge: every failure a command can meet, mapped to an exit code.
//!
//! Exit codes are part of the contract: 0 ok, 1 a user error (a refused action), 2 bad usage or
//! bad input (nothing was changed), 3 an integrity failure (something was altered).

use std::fmt;

use journal::FaultCode;
use pki::KeyFileError;
use store::keys::KeyError;
use store::{ErrorClass, JournalError};

/// What kind of failure, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The action was understood but refused (e.g. a ruling whose mandatory data is missing).
    User,
    /// Bad usage or bad input: a malformed file, an unknown field, an impossible fact.
    Input,
    /// A verified object is not intact.
    Integrity,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::User => 1,
            ErrorKind::Input => 2,
            ErrorKind::Integrity => 3,
        }
    }
}

/// A one-line message a person can act on, plus optional `hint:` lines.
#[derive(Debug, Clone)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
    pub hints: Vec<String>,
}

impl CliError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Input, message)
    }

    pub fn user(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::User, message)
    }

    pub fn integrity(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Integrity, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The message stays on one line: newlines inside it would break log parsing.
        write!(f, "error: {}", self.message.replace(['\n', '\r'], " "))?;
        for hint in &self.hints {
            write!(f, "\nhint: {}", hint.replace(['\n', '\r'], " "))?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

impl From<JournalError> for CliError {
    fn from(e: JournalError) -> CliError {
        let message = e.to_string();
        let err = match e.class() {
            ErrorClass::Input => CliError::input(message),
            ErrorClass::User => CliError::user(message),
            ErrorClass::Integrity => CliError::integrity(message),
        };
        match e {
            JournalError::Locked { .. } => {
                err.with_hint("close the other hattama that has this hearing open, then try again")
            }
            JournalError::Broken { fault, .. } if fault.code == FaultCode::TornTail => {
                err.with_hint("run `hattama repair FILE` to cut the torn line")
            }
            JournalError::Changed { .. } => err.with_hint(
                "another program wrote to the journal while hattama had it open; `hattama verify FILE` shows what stands there now",
            ),
            _ => err,
        }
    }
}

impl From<KeyError> for CliError {
    fn from(e: KeyError) -> CliError {
        let message = e.to_string();
        match &e {
            KeyError::Key { path, source } => match source {
                KeyFileError::NotProtected => CliError::user(message).with_hint(format!(
                    "protect it with `hattama keys protect {}`, then destroy the plain file",
                    path.display()
                )),
                KeyFileError::OldFormat => CliError::user(message)
                    .with_hint(format!(
                        "protect it with `hattama keys protect {}`, then destroy the plain file",
                        path.display()
                    ))
                    .with_hint(
                        "seals and signed documents need a P-256 key with a court certificate: `hattama keys new`",
                    ),
                KeyFileError::Unsupported => CliError::input(message).with_hint(
                    "make a P-256 key with `hattama keys new` and have the court certify it",
                ),
                KeyFileError::WrongPassphrase => CliError::user(message),
                KeyFileError::Random(_) | KeyFileError::Encrypt(_) => CliError::user(message),
                KeyFileError::NotAKey(_) | KeyFileError::WeakPassphrase => {
                    CliError::input(message)
                }
            },
            KeyError::TooOpen { .. } | KeyError::Exists { .. } | KeyError::Write { .. } => {
                CliError::user(message)
            }
            KeyError::Open { .. } | KeyError::Invalid { .. } | KeyError::Certificate { .. } => {
                CliError::input(message)
            }
        }
    }
}
