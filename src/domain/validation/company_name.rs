//! Partner Center's company name rules (errors) and the hints that are only warnings.

use super::{char_len, FieldError, Warning};

/// Longest company name Partner Center accepts.
pub const MAX_COMPANY_NAME: usize = 255;

/// Legal-form abbreviations that are not a company name on their own (compared without dots, spaces, case).
const RESTRICTED_ABBREVIATIONS: [&str; 44] = [
    "ab",
    "ag",
    "aps",
    "as",
    "bhd",
    "bv",
    "co",
    "coltd",
    "company",
    "corp",
    "corporation",
    "cpa",
    "gbr",
    "gmbh",
    "gmbhcokg",
    "inc",
    "incorporated",
    "kft",
    "kg",
    "kgaa",
    "kk",
    "lda",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "ohg",
    "ooo",
    "oy",
    "plc",
    "privatelimited",
    "pte",
    "pteltd",
    "pty",
    "ptyltd",
    "pvt",
    "pvtltd",
    "sarl",
    "sdnbhd",
    "srl",
    "wll",
    "zrt",
];

/// Web domain endings that trigger the "TLD in the name" warning.
const TOP_LEVEL_DOMAINS: [&str; 26] = [
    "app", "at", "biz", "ch", "club", "co", "com", "de", "dev", "edu", "eu", "fr", "gov", "info", "io", "it", "net",
    "nl", "online", "org", "ru", "shop", "site", "uk", "us", "xyz",
];

/// The rules that refuse a company name.
pub fn company_name(value: &str) -> Result<(), FieldError> {
    let name = value.trim();
    let n = char_len(name);
    if n == 0 {
        return Err(FieldError::Required);
    }
    if n > MAX_COMPANY_NAME {
        return Err(FieldError::TooLong { max: MAX_COMPANY_NAME, actual: n });
    }
    if !name.chars().any(char::is_alphanumeric) {
        return Err(FieldError::OnlySpecialCharacters);
    }
    if n == 1 {
        return Err(FieldError::SingleCharacter);
    }
    let folded: String = name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if RESTRICTED_ABBREVIATIONS.binary_search(&folded.as_str()).is_ok() {
        return Err(FieldError::RestrictedAbbreviation(name.to_string()));
    }
    if only_spaced_single_characters(name) {
        return Err(FieldError::SpacedSingleCharacters);
    }
    let mut chars = folded.chars();
    if let Some(first) = chars.next() {
        if folded.chars().count() >= 3
            && chars.all(|c| c == first)
            && name.chars().filter(|c| !c.is_alphanumeric()).all(char::is_whitespace)
        {
            return Err(FieldError::OneCharacterRepeated);
        }
    }
    Ok(())
}

/// Hints shown under a company name that is allowed but looks wrong.
pub fn company_name_warnings(value: &str) -> Vec<Warning> {
    let lower = value.trim().to_lowercase();
    let mut warnings = Vec::new();
    if let Some(tld) = top_level_domain(&lower) {
        warnings.push(Warning::TopLevelDomain(tld));
    }
    if let Some(c) = triple_character(&lower) {
        warnings.push(Warning::RepeatedCharacter(c));
    }
    if has_spaced_single_characters(&lower) {
        warnings.push(Warning::SpacedSingleCharacters);
    }
    warnings
}

/// The first `.tld` ending a word, e.g. ".com" in "contoso.com gmbh".
fn top_level_domain(lower: &str) -> Option<String> {
    lower.match_indices('.').find_map(|(i, _)| {
        let rest = &lower[i + 1..];
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let ends_word = rest[word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        let after_word = lower[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        (after_word && ends_word && TOP_LEVEL_DOMAINS.binary_search(&word.as_str()).is_ok()).then(|| format!(".{word}"))
    })
}

/// A letter or digit that occurs three or more times in a row.
fn triple_character(lower: &str) -> Option<char> {
    let chars: Vec<char> = lower.chars().collect();
    chars.windows(3).find(|w| w[0].is_alphanumeric() && w[0] == w[1] && w[1] == w[2]).map(|w| w[0])
}

fn single_char_tokens(name: &str) -> Vec<bool> {
    name.split_whitespace().map(|t| t.chars().count() == 1 && t.chars().all(char::is_alphanumeric)).collect()
}

/// The whole name is single characters separated by white space ("1 2 3").
fn only_spaced_single_characters(name: &str) -> bool {
    let tokens = single_char_tokens(name);
    tokens.len() >= 2 && tokens.iter().all(|&single| single)
}

/// Two or more single characters in a row somewhere in the name ("A B Consulting").
fn has_spaced_single_characters(name: &str) -> bool {
    single_char_tokens(name).windows(2).any(|w| w[0] && w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(RESTRICTED_ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(TOP_LEVEL_DOMAINS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn refuses_what_partner_center_refuses() {
        assert_eq!(company_name("   "), Err(FieldError::Required));
        assert_eq!(company_name("A"), Err(FieldError::SingleCharacter));
        assert_eq!(company_name("&$^#"), Err(FieldError::OnlySpecialCharacters));
        assert_eq!(company_name(" \t "), Err(FieldError::Required));
        assert_eq!(company_name("GmbH"), Err(FieldError::RestrictedAbbreviation("GmbH".into())));
        assert_eq!(company_name("L.L.C."), Err(FieldError::RestrictedAbbreviation("L.L.C.".into())));
        assert_eq!(company_name("inc"), Err(FieldError::RestrictedAbbreviation("inc".into())));
        assert_eq!(company_name("1 2 3"), Err(FieldError::SpacedSingleCharacters));
        assert_eq!(company_name("999"), Err(FieldError::OneCharacterRepeated));
        assert!(matches!(company_name(&"x".repeat(256)), Err(FieldError::TooLong { max: 255, actual: 256 })));
        assert_eq!(company_name(&"xy".repeat(127)), Ok(()));
    }

    #[test]
    fn accepts_real_names() {
        for name in ["Contoso GmbH", "Fabrikam, Inc.", "Müller & Söhne KG", "3M", "AB InBev", "中国移动"] {
            assert_eq!(company_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn warns_without_refusing() {
        assert_eq!(company_name_warnings("Contoso.com"), vec![Warning::TopLevelDomain(".com".into())]);
        assert_eq!(company_name_warnings("Shop.de GmbH"), vec![Warning::TopLevelDomain(".de".into())]);
        assert_eq!(company_name_warnings("Schifffahrt AG"), vec![Warning::RepeatedCharacter('f')]);
        assert_eq!(company_name_warnings("A B Consulting"), vec![Warning::SpacedSingleCharacters]);
        assert!(company_name_warnings("Contoso Ltd.").is_empty());
        assert_eq!(company_name_warnings("Smith.Co Consulting"), vec![Warning::TopLevelDomain(".co".into())]);
        assert!(company_name_warnings("Version 2.0 Labs").is_empty());
    }
}
