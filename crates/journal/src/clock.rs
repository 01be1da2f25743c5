//! Where entry times come from: a clock trait, the real clock at Kazakhstan time, a test clock.
//!
//! The journal never reads the system time itself, so tests and documents are reproducible.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, FixedOffset, SecondsFormat, TimeDelta, Utc};

/// A moment with its offset from UTC, as entry times are written.
pub type Time = DateTime<FixedOffset>;

/// Kazakhstan has kept one time zone, UTC+5, since 1 March 2024.
pub const KAZAKHSTAN: FixedOffset = match FixedOffset::east_opt(5 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+5 is a valid offset"),
};

/// A source of "now" for entry times.
pub trait Clock: Send {
    fn now(&self) -> Time;
}

/// The system clock, read as local time at +05:00.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Time {
        Utc::now().with_timezone(&KAZAKHSTAN)
    }
}

/// A clock that says what it is told; clones share one time, so a test keeps a handle to
/// move the time of a journal it gave the clock to.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<Time>>);

impl FixedClock {
    pub fn new(at: Time) -> FixedClock {
        FixedClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: Time) {
        // A poisoned lock only means another thread panicked mid-assignment of a Copy value.
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = at;
    }

    pub fn advance(&self, by: TimeDelta) {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *guard += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Time {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An entry time as the journal writes it: RFC 3339, whole seconds, `Z` for UTC and the
/// numeric offset otherwise (`2026-11-24T10:00:00+05:00`).
pub fn format_time(time: &Time) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An entry time as the journal reads it: an RFC 3339 date-time with an offset, `T` (or `t`)
/// between date and time as RFC 3339 §5.6 writes it.
pub fn parse_time(text: &str) -> Option<Time> {
    if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
        return None;
    }
    DateTime::parse_from_rfc3339(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_before() {
        let t = parse_time("2026-11-24T10:00:00+05:00").unwrap();
        assert_eq!(format_time(&t), "2026-11-24T10:00:00+05:00");
        let utc = parse_time("2026-11-24T05:01:00Z").unwrap();
        assert_eq!(format_time(&utc), "2026-11-24T05:01:00Z");
        assert_eq!(utc, parse_time("2026-11-24T10:01:00+05:00").unwrap());
        let with_fraction = parse_time("2026-11-24T10:00:00.25+05:00").unwrap();
        assert_eq!(format_time(&with_fraction), "2026-11-24T10:00:00+05:00");
    }

    #[test]
    fn only_rfc_3339_is_read() {
        for bad in [
            "2026-11-24 10:00:00+05:00",
            "2026-11-24T10:00:00",
            "24.11.2026 10:00",
            "2026-11-24",
            "",
        ] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
        assert!(parse_time("2026-11-24t10:00:00z").is_some());
    }
}
