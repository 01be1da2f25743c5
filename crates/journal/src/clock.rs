//! Where entry times come from: a clock trait, the real clock at Kazakhstan time, a test clock.
//!
//! The journal never reads the system time itself, so tests and documents are reproducible.

use std::sync::{Arc, Mutex, PoisonError};

use time::{Duration, OffsetDateTime, UtcOffset};

/// Kazakhstan has kept one time zone, UTC+5, since 1 March 2024.
pub const KAZAKHSTAN: UtcOffset = time::macros::offset!(+5);

/// A source of "now" for entry times.
pub trait Clock: Send {
    fn now(&self) -> OffsetDateTime;
}

/// The system clock, read as local time at +05:00.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc().to_offset(KAZAKHSTAN)
    }
}

/// A clock that says what it is told; clones share one time, so a test keeps a handle to
/// move the time of a journal it gave the clock to.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<OffsetDateTime>>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> FixedClock {
        FixedClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: OffsetDateTime) {
        // A poisoned lock only means another thread panicked mid-assignment of a Copy value.
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *guard += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
