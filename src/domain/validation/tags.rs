//! Tags: at most 150 per customer, each at most 50 characters.

use super::{char_len, FieldError};

/// Most tags one customer may carry.
pub const MAX_TAGS: usize = 150;
/// Longest tag.
pub const MAX_TAG: usize = 50;

/// Splits comma-separated input into trimmed tags, dropping empty ones and duplicates (case-insensitive).
pub fn parse_tags(input: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in input.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// Checks the count and length limits.
pub fn tags(tags: &[String]) -> Result<(), FieldError> {
    if tags.len() > MAX_TAGS {
        return Err(FieldError::TooManyTags { max: MAX_TAGS, actual: tags.len() });
    }
    match tags.iter().find(|t| char_len(t) > MAX_TAG) {
        Some(tag) => Err(FieldError::TagTooLong { tag: tag.clone(), max: MAX_TAG }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_limits() {
        assert_eq!(parse_tags(" a, b ,,A, c"), vec!["a", "b", "c"]);
        let many: Vec<String> = (0..151).map(|i| format!("t{i}")).collect();
        assert_eq!(tags(&many), Err(FieldError::TooManyTags { max: 150, actual: 151 }));
        assert_eq!(tags(&many[..150]), Ok(()));
        let long = vec!["x".repeat(51)];
        assert_eq!(tags(&long), Err(FieldError::TagTooLong { tag: "x".repeat(51), max: 50 }));
        assert_eq!(tags(&["x".repeat(50)]), Ok(()));
    }
}
