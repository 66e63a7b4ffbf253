//! Rules for the default address, phone number and organisation registration id.

use super::{length, FieldError};
use crate::domain::country;

/// Longest address line.
pub const MAX_ADDRESS_LINE: usize = 200;
/// Longest city name.
pub const MAX_CITY: usize = 100;
/// Longest postal code.
pub const MAX_POSTAL_CODE: usize = 20;
/// Longest state or region outside the US.
pub const MAX_STATE: usize = 100;
/// Longest organisation registration id.
pub const MAX_REGISTRATION_ID: usize = 50;

/// Address line 1 (`required`) is 1–200 characters; lines 2 and 3 are 0–200.
pub fn address_line(value: &str, required: bool) -> Result<(), FieldError> {
    length(value, usize::from(required), MAX_ADDRESS_LINE)
}

/// City: 1–100 characters.
pub fn city(value: &str) -> Result<(), FieldError> {
    length(value, 1, MAX_CITY)
}

/// Country: an assigned ISO 3166-1 alpha-2 code.
pub fn country(value: &str) -> Result<(), FieldError> {
    match value.trim() {
        "" => Err(FieldError::Required),
        code if country::is_country(code) => Ok(()),
        _ => Err(FieldError::UnknownCountry),
    }
}

/// State: 0–2 letters in the US, up to 100 characters elsewhere.
pub fn state(value: &str, country: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if country == "US" {
        if value.is_empty() || (value.len() == 2 && value.chars().all(|c| c.is_ascii_alphabetic())) {
            return Ok(());
        }
        return Err(FieldError::UsStateCode);
    }
    length(value, 0, MAX_STATE)
}

/// Postal code: required unless the country has none, at most 20 characters.
pub fn postal_code(value: &str, country: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() && country::requires_postal_code(country) {
        return Err(FieldError::PostalCodeRequiredIn(country.to_string()));
    }
    length(value, 0, MAX_POSTAL_CODE)
}

/// Phone number: required in the countries Partner Center lists; when given, 4–20 digits.
pub fn phone(value: &str, country: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return if country::requires_phone_and_registration(country) {
            Err(FieldError::PhoneRequiredIn(country.to_string()))
        } else {
            Ok(())
        };
    }
    let allowed = value.chars().all(|c| c.is_ascii_digit() || " +-().//".contains(c));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if allowed && (4..=20).contains(&digits) && value.len() <= 32 {
        Ok(())
    } else {
        Err(FieldError::InvalidPhone)
    }
}

/// Organisation registration id: required in the countries Partner Center lists, at most 50 characters.
pub fn org_registration_id(value: &str, country: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() && country::requires_phone_and_registration(country) {
        return Err(FieldError::RegistrationIdRequiredIn(country.to_string()));
    }
    length(value, 0, MAX_REGISTRATION_ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_lines() {
        assert_eq!(address_line("", true), Err(FieldError::Required));
        assert_eq!(address_line("", false), Ok(()));
        assert_eq!(address_line(&"a".repeat(200), true), Ok(()));
        assert_eq!(address_line(&"a".repeat(201), false), Err(FieldError::TooLong { max: 200, actual: 201 }));
    }

    #[test]
    fn us_states_are_two_letters_or_empty() {
        assert_eq!(state("", "US"), Ok(()));
        assert_eq!(state("WA", "US"), Ok(()));
        assert_eq!(state("Washington", "US"), Err(FieldError::UsStateCode));
        assert_eq!(state("Bayern", "DE"), Ok(()));
    }

    #[test]
    fn phone_and_registration_id_required_in_listed_countries() {
        assert_eq!(phone("", "PL"), Err(FieldError::PhoneRequiredIn("PL".into())));
        assert_eq!(phone("", "DE"), Ok(()));
        assert_eq!(phone("+48 22 123 45 67", "PL"), Ok(()));
        assert_eq!(phone("call me", "DE"), Err(FieldError::InvalidPhone));
        assert_eq!(phone("123", "DE"), Err(FieldError::InvalidPhone));
        assert_eq!(org_registration_id("", "IN"), Err(FieldError::RegistrationIdRequiredIn("IN".into())));
        assert_eq!(org_registration_id("", "FR"), Ok(()));
    }

    #[test]
    fn countries_and_postal_codes() {
        assert_eq!(country(""), Err(FieldError::Required));
        assert_eq!(country("ZZ"), Err(FieldError::UnknownCountry));
        assert_eq!(country("DE"), Ok(()));
        assert_eq!(postal_code("", "DE"), Err(FieldError::PostalCodeRequiredIn("DE".into())));
        assert_eq!(postal_code("", "HK"), Ok(()));
        assert_eq!(postal_code("10115", "DE"), Ok(()));
    }
}
