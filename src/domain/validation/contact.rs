//! Rules for people: names and email addresses.

use std::str::FromStr;

use email_address::EmailAddress;

use super::{length, FieldError};

/// Longest first or last name.
pub const MAX_NAME: usize = 50;

/// A first or last name: 1–50 characters.
pub fn person_name(value: &str) -> Result<(), FieldError> {
    length(value, 1, MAX_NAME)
}

/// A customer's email address: valid, with a dotted domain, not at Microsoft and not in one of the
/// partner's own domains (`forbidden_domains`, lower case).
pub fn email(value: &str, forbidden_domains: &[String]) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    let parsed = EmailAddress::from_str(value).map_err(|_| FieldError::InvalidEmail)?;
    let domain = parsed.domain().to_lowercase();
    let labels_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if !labels_ok || value.chars().any(char::is_whitespace) {
        return Err(FieldError::InvalidEmail);
    }
    let forbidden = std::iter::once("microsoft.com").chain(forbidden_domains.iter().map(String::as_str));
    for f in forbidden {
        if domain == f || domain.ends_with(&format!(".{f}")) {
            return Err(FieldError::ForbiddenEmailDomain(f.to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_to_fifty_characters() {
        assert_eq!(person_name(""), Err(FieldError::Required));
        assert_eq!(person_name("Ö"), Ok(()));
        assert_eq!(person_name(&"ä".repeat(50)), Ok(()));
        assert_eq!(person_name(&"ä".repeat(51)), Err(FieldError::TooLong { max: 50, actual: 51 }));
    }

    #[test]
    fn emails() {
        let partner = vec!["fabrikam.com".to_string()];
        assert_eq!(email("anna@contoso.de", &partner), Ok(()));
        assert_eq!(email("", &partner), Err(FieldError::Required));
        for bad in ["anna", "anna@", "@contoso.de", "anna@contoso", "an na@contoso.de", "anna@contoso..de"] {
            assert_eq!(email(bad, &partner), Err(FieldError::InvalidEmail), "{bad}");
        }
        assert_eq!(email("x@Fabrikam.com", &partner), Err(FieldError::ForbiddenEmailDomain("fabrikam.com".into())));
        assert_eq!(email("x@eu.fabrikam.com", &partner), Err(FieldError::ForbiddenEmailDomain("fabrikam.com".into())));
        assert_eq!(email("x@microsoft.com", &[]), Err(FieldError::ForbiddenEmailDomain("microsoft.com".into())));
        assert_eq!(email("x@notfabrikam.com", &partner), Ok(()));
    }
}
