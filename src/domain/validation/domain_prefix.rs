//! The domain prefix that becomes `<prefix>.onmicrosoft.com`.

use super::FieldError;

/// Longest prefix: a DNS label holds at most 63 characters.
pub const MAX_DOMAIN_PREFIX: usize = 63;

/// Letters a–z and digits only, 1–63 characters (case is ignored: domains are stored lower case).
pub fn domain_prefix(value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::DomainPrefixCharacters);
    }
    if value.len() > MAX_DOMAIN_PREFIX {
        return Err(FieldError::TooLong { max: MAX_DOMAIN_PREFIX, actual: value.len() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits_only() {
        assert_eq!(domain_prefix("contoso2024"), Ok(()));
        assert_eq!(domain_prefix("Contoso"), Ok(()));
        assert_eq!(domain_prefix(""), Err(FieldError::Required));
        for bad in ["con-toso", "con toso", "contoso.com", "müller", "a_b"] {
            assert_eq!(domain_prefix(bad), Err(FieldError::DomainPrefixCharacters), "{bad}");
        }
        assert_eq!(domain_prefix(&"a".repeat(64)), Err(FieldError::TooLong { max: 63, actual: 64 }));
    }
}
