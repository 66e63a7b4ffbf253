//! Dates as ISO 8601 calendar dates, `YYYY-MM-DD`: how records store them and what `<input type=date>`
//! gives. Written by hand rather than with the `time` crate's general format descriptions, whose parser and
//! formatter the first load would otherwise carry (docs/PERFORMANCE.md, "Transfer size of the first load").

use time::{Date, Month};

/// The date written `YYYY-MM-DD` (four-digit year), if it is one that exists.
pub fn parse(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// `date` written `YYYY-MM-DD`.
pub fn format(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// For `#[serde(with = "iso_date::text")]`: a date stored as `YYYY-MM-DD`.
pub mod text {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes the date as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Date, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(&super::format(*date))
    }

    /// Reads a date written `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<str>>::deserialize(from)?;
        super::parse(&text).ok_or_else(|| D::Error::custom(format!("not a date (YYYY-MM-DD): {text}")))
    }
}

/// For `#[serde(with = "iso_date::optional")]`: a date stored as `YYYY-MM-DD`, or `null`.
pub mod optional {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes the date as `YYYY-MM-DD`, or `null`.
    pub fn serialize<S: Serializer>(date: &Option<Date>, to: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::text::serialize(date, to),
            None => to.serialize_none(),
        }
    }

    /// Reads a date written `YYYY-MM-DD`, or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Option<Date>, D::Error> {
        #[derive(Deserialize)]
        struct Text(#[serde(with = "super::text")] Date);
        Ok(Option::<Text>::deserialize(from)?.map(|Text(date)| date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_read_back_as_written_and_only_real_ones_are_read() {
        for d in [date!(2026 - 12 - 05), date!(2024 - 02 - 29), date!(0001 - 01 - 01), date!(9999 - 12 - 31)] {
            assert_eq!(parse(&format(d)), Some(d));
        }
        assert_eq!(format(date!(2026 - 01 - 09)), "2026-01-09");
        for wrong in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "26-1-1",
            "2026-1-01",
            "2026/01/01",
            "",
            "2026-01-011",
            "+026-01-01",
            "２026-01-01",
        ] {
            assert_eq!(parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn stored_dates_keep_the_form_records_already_have() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Record {
            #[serde(with = "text")]
            on: Date,
            #[serde(with = "optional", default)]
            by: Option<Date>,
        }
        let record = Record { on: date!(2026 - 11 - 20), by: None };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(json, r#"{"on":"2026-11-20","by":null}"#);
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
        let stored = r#"{"on":"2026-11-20","by":"2027-01-31"}"#;
        assert_eq!(serde_json::from_str::<Record>(stored).unwrap().by, Some(date!(2027 - 01 - 31)));
        assert_eq!(serde_json::from_str::<Record>(r#"{"on":"2026-11-20"}"#).unwrap().by, None);
        assert!(serde_json::from_str::<Record>(r#"{"on":"20.11.2026"}"#).is_err());
    }
}
