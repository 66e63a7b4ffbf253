//! Points in time as milliseconds since the Unix epoch (UTC), the unit `Date.now()` gives in the browser.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The UTC calendar date of this instant.
    pub fn date_utc(self) -> Date {
        self.to_datetime().date()
    }

    /// ISO 8601 / RFC 3339 text in UTC, e.g. `2026-11-25T11:48:39.123Z`.
    pub fn to_rfc3339(self) -> String {
        let dt = self.to_datetime();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            dt.year(),
            u8::from(dt.month()),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            dt.millisecond()
        )
    }

    fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_rfc3339_utc() {
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00.000Z");
        assert_eq!(Timestamp(1_764_071_319_123).to_rfc3339(), "2025-11-25T11:48:39.123Z");
    }

    #[test]
    fn out_of_range_does_not_panic() {
        assert_eq!(Timestamp(i64::MAX).to_rfc3339(), "1970-01-01T00:00:00.000Z");
    }
}
