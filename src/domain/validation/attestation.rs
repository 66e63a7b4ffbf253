//! The Microsoft Customer Agreement attestation: the date of acceptance.

use time::{macros::format_description, Date};

use super::FieldError;

/// Parses a date written `YYYY-MM-DD` (what `<input type=date>` gives).
pub fn iso_date(value: &str) -> Result<Date, FieldError> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]")).map_err(|_| FieldError::InvalidDate)
}

/// Parses `YYYY-MM-DD` and refuses dates after `today`.
pub fn acceptance_date(value: &str, today: Date) -> Result<Date, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    let date = iso_date(value)?;
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
        assert_eq!(acceptance_date("25.11.2026", today), Err(FieldError::InvalidDate));
        assert_eq!(acceptance_date("", today), Err(FieldError::Required));
    }
}
