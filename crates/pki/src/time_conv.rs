//! Between the instants the rest of Hattama uses (chrono, with their UTC offset) and X.509 times.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use der::asn1::{GeneralizedTime, UtcTime};
use x509_cert::time::Time;

use crate::PkiError;

/// An X.509 time (UTCTime before 2050, GeneralizedTime after, as RFC 5280 asks).
pub fn to_x509(t: DateTime<FixedOffset>) -> Result<Time, PkiError> {
    let secs = u64::try_from(t.timestamp())
        .map_err(|_| PkiError::Invalid("a date before 1970 cannot be written".into()))?;
    let system = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    let bad = |e: der::Error| PkiError::Invalid(format!("the date cannot be written ({e})"));
    let dt = der::DateTime::from_system_time(system).map_err(bad)?;
    // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    if dt.year() < 2050 {
        Ok(Time::UtcTime(UtcTime::from_date_time(dt).map_err(bad)?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_date_time(dt)))
    }
}

/// The instant an X.509 time names, in UTC.
pub fn from_x509(t: &Time) -> DateTime<FixedOffset> {
    let secs = i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    DateTime::from_timestamp(secs, 0)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .fixed_offset()
}
