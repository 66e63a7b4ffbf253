//! The Microsoft Customer Agreement attestation: the date of acceptance.

use time::Date;

use super::FieldError;

/// Parses a date written `YYYY-MM-DD` (what `<input type=date>` gives).
pub fn iso_date(value: &str) -> Result<Date, FieldError> {
    crate::domain::iso_date::parse(value.trim()).ok_or(FieldError::InvalidDate)
}

/// Parses a date typed by hand: `YYYY-MM-DD`, or the German `31.12.2026` (day and month with one or two
/// digits, a four-digit year).
pub fn typed_date(value: &str) -> Result<Date, FieldError> {
    let value = value.trim();
    if let Ok(date) = iso_date(value) {
        return Ok(date);
    }
    let parts: Vec<&str> = value.split('.').map(str::trim).collect();
    let [day, month, year] = parts.as_slice() else { return Err(FieldError::InvalidDate) };
    let number = |text: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i32>().ok())
            .flatten()
    };
    let (Some(day), Some(month), Some(year)) = (number(day, 1..=2), number(month, 1..=2), number(year, 4..=4)) else {
        return Err(FieldError::InvalidDate);
    };
    let month = time::Month::try_from(month as u8).map_err(|_| FieldError::InvalidDate)?;
    Date::from_calendar_date(year, month, day as u8).map_err(|_| FieldError::InvalidDate)
}

/// Parses a date typed by hand (see [`typed_date`]) and refuses dates after `today`.
pub fn acceptance_date(value: &str, today: Date) -> Result<Date, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    let date = typed_date(value)?;
    if date > today {
        return Err(FieldError::DateInFuture);
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn not_in_the_future() {
        let today = date!(2026 - 11 - 25);
        assert_eq!(acceptance_date("2026-11-25", today), Ok(today));
        assert_eq!(acceptance_date("2026-11-26", today), Err(FieldError::DateInFuture));
        assert_eq!(acceptance_date("2026-02-30", today), Err(FieldError::InvalidDate));
        assert_eq!(acceptance_date("25.11.2026", today), Ok(today), "as German partners write it");
        assert_eq!(acceptance_date("26.11.2026", today), Err(FieldError::DateInFuture));
        assert_eq!(acceptance_date("", today), Err(FieldError::Required));
    }

    #[test]
    fn dates_typed_by_hand_read_in_iso_and_german() {
        assert_eq!(typed_date("2026-12-31"), Ok(date!(2026 - 12 - 31)));
        assert_eq!(typed_date(" 31.12.2026 "), Ok(date!(2026 - 12 - 31)));
        assert_eq!(typed_date("1.2.2027"), Ok(date!(2027 - 02 - 01)));
        assert_eq!(typed_date("29.02.2026"), Err(FieldError::InvalidDate), "2026 is no leap year");
        assert_eq!(typed_date("31.12.26"), Err(FieldError::InvalidDate), "two-digit years are ambiguous");
        assert_eq!(typed_date("12/31/2026"), Err(FieldError::InvalidDate));
        assert_eq!(typed_date("31.13.2026"), Err(FieldError::InvalidDate));
        assert_eq!(typed_date("+1.1.2026"), Err(FieldError::InvalidDate));
        assert_eq!(typed_date(""), Err(FieldError::InvalidDate));
    }
}
