//! Validation of what a partner types, as pure functions returning typed errors and warnings.
//! The messages (the `Display` of each error) are what the user reads next to the field.

mod address;
mod attestation;
mod company_name;
mod contact;
mod domain_prefix;
mod locale;
mod tags;

pub use address::{address_line, city, country, org_registration_id, phone, postal_code, state};
pub use attestation::{acceptance_date, iso_date, typed_date};
pub use company_name::{company_name, company_name_warnings};
pub use contact::{email, person_name};
pub use domain_prefix::domain_prefix;
pub use locale::{culture, language};
pub use tags::{parse_tags, tags};

/// The field a rule reports on.
pub use crate::domain::field::Field;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Why a value is refused. The text is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FieldError {
    #[error("This field is required.")]
    Required,
    #[error("Use at most {max} characters (now {actual}).")]
    TooLong { max: usize, actual: usize },
    #[error("Use at least {min} characters.")]
    TooShort { min: usize },
    #[error("A company name needs more than one character.")]
    SingleCharacter,
    #[error("A company name needs at least one letter or digit, not only special characters or spaces.")]
    OnlySpecialCharacters,
    #[error("“{0}” alone is a legal-form abbreviation, not a company name. Enter the full name.")]
    RestrictedAbbreviation(String),
    #[error("A company name can't be single characters separated by spaces, like “1 2 3”.")]
    SpacedSingleCharacters,
    #[error("A company name can't be one character repeated, like “999”.")]
    OneCharacterRepeated,
    #[error("Enter a valid email address, like name@example.com.")]
    InvalidEmail,
    #[error("The customer's email address can't be in the domain “{0}”: use an address of the customer's own.")]
    ForbiddenEmailDomain(String),
    #[error("Choose a country from the list.")]
    UnknownCountry,
    #[error("Use the two-letter state code, like WA.")]
    UsStateCode,
    #[error("A phone number is required for customers in {0}.")]
    PhoneRequiredIn(String),
    #[error("Enter a phone number with 4 to 20 digits; only digits, spaces, + - ( ) . and / are allowed.")]
    InvalidPhone,
    #[error("An organisation registration id is required for customers in {0}.")]
    RegistrationIdRequiredIn(String),
    #[error("A postal code is required in {0}.")]
    PostalCodeRequiredIn(String),
    #[error("Use only letters a–z and digits 0–9, no spaces, dots or dashes.")]
    DomainPrefixCharacters,
    #[error("{0}.onmicrosoft.com is already used by the customer “{1}”.")]
    DomainTaken(String, String),
    #[error("Enter a date such as 2026-12-31 or 31.12.2026.")]
    InvalidDate,
    #[error("The date of acceptance can't be in the future.")]
    DateInFuture,
    #[error("Use a culture like de-DE or en-US.")]
    InvalidCulture,
    #[error("Use a two-letter language code like de or en.")]
    InvalidLanguage,
    #[error("Enter the partner id as shown in Partner Center: a GUID like 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d.")]
    InvalidPartnerId,
    #[error("Enter an offer name (at most 200 characters).")]
    OfferName,
    #[error("Enter a quantity from 1 to 100000.")]
    Quantity,
    #[error("A customer can have at most {max} tags (now {actual}).")]
    TooManyTags { max: usize, actual: usize },
    #[error("The tag “{tag}” is longer than {max} characters.")]
    TagTooLong { tag: String, max: usize },
}

/// Something that is allowed but probably a mistake; shown, never blocking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Warning {
    #[error("The name contains “{0}”, a web domain ending. Please make sure the company name is correct: it is used to approve the account.")]
    TopLevelDomain(String),
    #[error("“{0}” appears three or more times in a row. Please make sure the company name is correct.")]
    RepeatedCharacter(char),
    #[error("The name has single characters separated by spaces. Please make sure the company name is correct.")]
    SpacedSingleCharacters,
}

/// All errors and warnings of one form, by field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub errors: BTreeMap<Field, FieldError>,
    pub warnings: BTreeMap<Field, Vec<Warning>>,
}

impl Report {
    /// Records the outcome of one rule for `field`; the first error of a field wins.
    pub fn check(&mut self, field: Field, outcome: Result<(), FieldError>) {
        if let Err(e) = outcome {
            self.errors.entry(field).or_insert(e);
        }
    }

    /// Whether nothing blocks submitting the form.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error of `field`, if any.
    pub fn error(&self, field: Field) -> Option<&FieldError> {
        self.errors.get(&field)
    }
}

/// Number of characters (Unicode scalar values) — the unit the documented limits count in.
pub(crate) fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Checks that the trimmed `value` has between `min` and `max` characters; `min == 0` makes it optional.
pub fn length(value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let n = char_len(value.trim());
    if n == 0 && min > 0 {
        Err(FieldError::Required)
    } else if n < min {
        Err(FieldError::TooShort { min })
    } else if n > max {
        Err(FieldError::TooLong { max, actual: n })
    } else {
        Ok(())
    }
}
