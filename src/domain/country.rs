//! ISO 3166-1 alpha-2 country codes and the per-country rules Partner Center applies to addresses.
//! Localised country names come from the browser (`Intl.DisplayNames`), so only codes live here.

/// Every officially assigned ISO 3166-1 alpha-2 code, sorted.
pub const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD",
    "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA",
    "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE",
    "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA",
    "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP",
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT",
    "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS",
    "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
    "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST",
    "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA",
    "ZM", "ZW",
];

/// Countries where Partner Center requires a phone number and an organisation registration id.
pub const PHONE_AND_REGISTRATION_REQUIRED: [&str; 24] = [
    "AE", "AM", "AZ", "BR", "BY", "HU", "IN", "IQ", "KG", "KZ", "MD", "MM", "PL", "RU", "SA", "SS", "TH", "TJ", "TR",
    "UA", "UZ", "VE", "VN", "ZA",
];

/// Countries that do not use postal codes; everywhere else a postal code is required.
const WITHOUT_POSTAL_CODES: [&str; 62] = [
    "AE", "AG", "AO", "AQ", "AW", "BF", "BI", "BJ", "BO", "BQ", "BS", "BV", "BW", "BZ", "CD", "CF", "CG", "CI", "CK",
    "CM", "CW", "DJ", "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY", "HK", "HM", "JM", "KI", "KM", "KN", "KP",
    "LY", "ML", "MO", "MR", "NR", "NU", "QA", "RW", "SB", "SC", "SL", "SR", "ST", "SX", "SY", "TD", "TF", "TG", "TK",
    "TL", "TO", "TV", "UG", "ZW",
];

/// Whether `code` (upper case) is an assigned ISO 3166-1 alpha-2 code.
pub fn is_country(code: &str) -> bool {
    COUNTRY_CODES.binary_search(&code).is_ok()
}

/// Whether a phone number and an organisation registration id are mandatory for customers in `code`.
pub fn requires_phone_and_registration(code: &str) -> bool {
    PHONE_AND_REGISTRATION_REQUIRED.binary_search(&code).is_ok()
}

/// Whether addresses in `code` need a postal code: in every country of the list but those without (an
/// unknown code asks for none; the country field says what is wrong with it).
pub fn requires_postal_code(code: &str) -> bool {
    is_country(code) && WITHOUT_POSTAL_CODES.binary_search(&code).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_unique(list: &[&str]) -> bool {
        list.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn tables_are_sorted_for_binary_search_and_contain_only_assigned_codes() {
        assert!(sorted_unique(&COUNTRY_CODES));
        assert!(sorted_unique(&PHONE_AND_REGISTRATION_REQUIRED));
        assert!(sorted_unique(&WITHOUT_POSTAL_CODES));
        assert!(PHONE_AND_REGISTRATION_REQUIRED.iter().all(|c| is_country(c)));
        assert!(WITHOUT_POSTAL_CODES.iter().all(|c| is_country(c)));
    }

    #[test]
    fn knows_the_rules_of_a_few_countries() {
        assert!(is_country("DE") && is_country("US") && !is_country("XX") && !is_country("de"));
        assert!(requires_phone_and_registration("PL") && !requires_phone_and_registration("DE"));
        assert!(requires_postal_code("DE") && !requires_postal_code("HK") && !requires_postal_code("XX"));
    }
}
