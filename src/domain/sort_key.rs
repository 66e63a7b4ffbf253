//! Sort keys that compare as people read: case and accents fold to the base letter (German order for
//! umlauts: "Müller" sorts with "Muller", "ß" as "ss"), and numbers compare by value ("Kunde 2" before
//! "Kunde 10"). A key is a plain string, so sorting 100,000 names compares bytes — and IndexedDB can keep an
//! index in the same order, which lets the first screen of the list be read before the rest.

/// Digit runs are padded to this many digits (longer runs keep their length and still sort by it first).
const DIGITS: usize = 12;

/// The sort key of `text`.
pub fn sort_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 8);
    let mut digits = String::new();
    let flush = |digits: &mut String, key: &mut String| {
        if digits.is_empty() {
            return;
        }
        let trimmed = digits.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        // Longer numbers sort after shorter ones: the length leads when a run outgrows the padding.
        if trimmed.len() > DIGITS {
            key.push(char::from(b'0' + (trimmed.len().min(9 + DIGITS) - DIGITS) as u8));
        } else {
            key.push('0');
        }
        key.extend(std::iter::repeat_n('0', DIGITS.saturating_sub(trimmed.len())));
        key.push_str(trimmed);
        digits.clear();
    };
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut key);
        for lower in c.to_lowercase() {
            match fold(lower) {
                Some(base) => key.push_str(base),
                None => key.push(lower),
            }
        }
    }
    flush(&mut digits, &mut key);
    key
}

/// The base letters of a Latin letter with a diacritic (or a ligature), if it is one.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = names.to_vec();
        v.sort_by_key(|n| sort_key(n));
        v.into_iter().map(String::from).collect()
    }

    #[test]
    fn numbers_sort_by_value() {
        assert_eq!(
            sorted(&["Kunde 10", "Kunde 2", "Kunde 1", "Kunde 100", "Kunde 0"]),
            ["Kunde 0", "Kunde 1", "Kunde 2", "Kunde 10", "Kunde 100"]
        );
        assert_eq!(sorted(&["A 007", "A 7", "A 6"]).first().map(String::as_str), Some("A 6"));
        assert!(sort_key("x 1234567890123456") > sort_key("x 999999999999"), "longer numbers are larger");
    }

    #[test]
    fn case_and_umlauts_fold_to_the_base_letter() {
        assert_eq!(
            sorted(&["Zander", "Müller", "Mueller", "Muller", "apfel", "Äpfel"]),
            ["apfel", "Äpfel", "Mueller", "Müller", "Muller", "Zander"]
        );
        assert_eq!(sort_key("Straße"), sort_key("STRASSE"));
        assert_eq!(sort_key("Ærø"), "aero");
    }

    proptest! {
        #[test]
        fn numbers_compare_like_their_values(a in 0u64..10_000_000, b in 0u64..10_000_000) {
            let (ka, kb) = (sort_key(&format!("Kunde {a}")), sort_key(&format!("Kunde {b}")));
            prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
        }
    }
}
