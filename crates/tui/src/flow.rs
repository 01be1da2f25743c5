//! The screen-to-screen protocol: what a key asks for, as data. Screens answer keys with these
//! values and never call one another — the app opens and closes screens, the hearing screen
//! switches between its parts (live protocol, wizard, desk, documents) and hands the work the
//! answers describe to the worker (`crate::worker`).

use std::path::PathBuf;

use crate::dialogs::Purpose;
use crate::worker::Job;

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

/// A screen the app is asked to open on top of the current one.
#[derive(Debug, Clone, PartialEq)]
pub enum Open {
    /// The hearing whose journal is at `path`, opened for writing.
    Hearing {
        path: PathBuf,
        status: Option<Status>,
    },
    /// The appellate check.
    Check,
}

/// What a screen asks the app to do.
#[derive(Debug)]
pub enum Action {
    None,
    Status(Status),
    Back,
    Quit,
    Open(Open),
    /// Work for the worker; its answer comes back to the screen that asked (`done`).
    Do(Job),
}

/// How a part of the hearing screen (wizard, desk, documents) answers a key.
#[derive(Debug)]
pub enum Sub {
    /// Stay in the part; pass the action on.
    Stay(Action),
    /// Back to the live protocol; unfinished input is kept.
    Leave(Option<Status>),
    /// Finished: back to the live protocol, its input is spent.
    Done(Status),
    /// Open a dialog over the hearing screen.
    Dialog(Purpose),
    /// Work on the hearing for the worker; its answer comes back to the part (`done`).
    Do(Job),
}

impl Sub {
    pub fn none() -> Sub {
        Sub::Stay(Action::None)
    }

    pub fn status(status: Status) -> Sub {
        Sub::Stay(Action::Status(status))
    }

    pub fn error(text: impl Into<String>) -> Sub {
        Sub::status(Status::error(text))
    }
}
