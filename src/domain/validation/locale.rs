//! Culture (`de-DE`) and language (`de`) of the billing contact.

use super::FieldError;

/// A culture like `de-DE`: two or three lower-case letters, a dash, two upper-case letters.
pub fn culture(value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    match value.split_once('-') {
        Some((lang, region))
            if lang == lang.trim()
                && language(lang).is_ok()
                && region.len() == 2
                && region.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            Ok(())
        }
        _ => Err(FieldError::InvalidCulture),
    }
}

/// A language like `de`: two or three lower-case ASCII letters.
pub fn language(value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    if (2..=3).contains(&value.len()) && value.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(FieldError::InvalidLanguage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cultures_and_languages() {
        assert_eq!(culture("de-DE"), Ok(()));
        assert_eq!(culture("de"), Err(FieldError::InvalidCulture));
        assert_eq!(culture("DE-de"), Err(FieldError::InvalidCulture));
        assert_eq!(culture("inc -DE"), Err(FieldError::InvalidCulture));
        assert_eq!(language("en"), Ok(()));
        assert_eq!(language("english"), Err(FieldError::InvalidLanguage));
    }
}
