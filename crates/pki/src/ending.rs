//! When a certificate's end is said before it comes: one rule for the archive's own
//! certificate (its log) and a courtroom PC's (the secretary's desk). A month leaves the court
//! time to issue a new certificate before TLS refuses the old one.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

/// How long before a certificate's end it is said.
pub const AHEAD: TimeDelta = TimeDelta::days(30);

/// Where a certificate stands against its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// More than [`AHEAD`] left.
    Far,
    /// Ends within [`AHEAD`]: whole days left.
    Soon { days: i64 },
    /// Its end has passed.
    Ended,
}

/// Where a certificate ending at `end` stands at `now`.
pub fn ending(end: DateTime<FixedOffset>, now: DateTime<Utc>) -> Ending {
    let left = end.with_timezone(&Utc) - now;
    // The end itself is still within validity (RFC 5280 §4.1.2.5: notAfter is inclusive).
    if left < TimeDelta::zero() {
        Ending::Ended
    } else if left <= AHEAD {
        Ending::Soon {
            days: left.num_days(),
        }
    } else {
        Ending::Far
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_month_ahead_then_ended() {
        let end = DateTime::parse_from_rfc3339("2028-11-30T23:59:59+05:00").unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(ending(end, at("2028-10-30T00:00:00+05:00")), Ending::Far);
        assert_eq!(
            ending(end, at("2028-11-20T23:59:59+05:00")),
            Ending::Soon { days: 10 }
        );
        assert_eq!(
            ending(end, end.with_timezone(&Utc)),
            Ending::Soon { days: 0 }
        );
        assert_eq!(ending(end, at("2028-12-01T00:00:00+05:00")), Ending::Ended);
    }
}
