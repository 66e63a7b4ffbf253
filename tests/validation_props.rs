//! Property tests for the validators: no panic on any input, and the documented boundaries hold for
//! every length and every country code.
#![cfg(not(target_arch = "wasm32"))]

use partner_accounts::domain::country::COUNTRY_CODES;
use partner_accounts::domain::draft::{CustomerDraft, SubscriptionLine};
use partner_accounts::domain::fixtures::ctx;
use partner_accounts::domain::subscription::BillingCycle;
use partner_accounts::domain::validation::{self as v, FieldError};
use proptest::prelude::*;
use time::macros::date;

proptest! {
    #[test]
    fn no_validator_panics_on_any_string(s in any::<String>(), country in "[A-Z]{0,3}") {
        let _ = v::company_name(&s);
        let _ = v::company_name_warnings(&s);
        let _ = v::person_name(&s);
        let _ = v::email(&s, std::slice::from_ref(&s));
        let _ = v::address_line(&s, true);
        let _ = v::city(&s);
        let _ = v::state(&s, &country);
        let _ = v::postal_code(&s, &country);
        let _ = v::country(&s);
        let _ = v::phone(&s, &country);
        let _ = v::org_registration_id(&s, &country);
        let _ = v::domain_prefix(&s);
        let _ = v::culture(&s);
        let _ = v::language(&s);
        let _ = v::tags(&v::parse_tags(&s));
        let _ = v::acceptance_date(&s, date!(2026 - 11 - 25));
    }

    #[test]
    fn a_whole_form_of_random_text_never_panics(fields in proptest::collection::vec(any::<String>(), 22)) {
        let draft = CustomerDraft {
            company_name: fields[0].clone(), domain_prefix: fields[1].clone(), first_name: fields[2].clone(),
            last_name: fields[3].clone(), email: fields[4].clone(), culture: fields[5].clone(),
            language: fields[6].clone(), address_line1: fields[7].clone(), address_line2: fields[8].clone(),
            address_line3: fields[9].clone(), city: fields[10].clone(), state: fields[11].clone(),
            postal_code: fields[12].clone(), country: fields[13].clone(), phone: fields[14].clone(),
            org_registration_id: fields[15].clone(), tags: fields[16].clone(), mca_first_name: fields[17].clone(),
            mca_last_name: fields[18].clone(), mca_email: fields[19].clone(), mca_phone: fields[20].clone(),
            mca_date: fields[21].clone(),
            subscriptions: vec![SubscriptionLine {
                offer_name: fields[0].clone(),
                quantity: fields[1].clone(),
                billing_cycle: BillingCycle::Monthly,
            }],
            referral_id: None,
            request_id: None,
        };
        let report = draft.validate(&ctx());
        prop_assert_eq!(report.is_ok(), draft.to_customer(&ctx(), uuid::Uuid::nil(), partner_accounts::domain::timestamp::Timestamp(0)).is_ok());
    }

    #[test]
    fn names_accept_exactly_1_to_50_characters(c in "[a-zA-ZäöüßÄÖÜéñ]", n in 1usize..120) {
        let name: String = std::iter::repeat_n(c.chars().next().unwrap(), n).collect();
        prop_assert_eq!(v::person_name(&name).is_ok(), n <= 50);
    }

    #[test]
    fn address_lines_accept_at_most_200_characters(c in "[a-zA-Z0-9äöü ,.-]", n in 0usize..400) {
        let line: String = format!("x{}", std::iter::repeat_n(c.chars().next().unwrap(), n).collect::<String>());
        let chars = line.trim().chars().count();
        prop_assert_eq!(v::address_line(&line, true).is_ok(), chars <= 200);
        prop_assert_eq!(v::address_line(&line, false).is_ok(), chars <= 200);
    }

    #[test]
    fn countries_are_exactly_the_assigned_alpha2_codes(code in "[A-Z]{2}") {
        prop_assert_eq!(v::country(&code).is_ok(), COUNTRY_CODES.contains(&code.as_str()));
    }

    #[test]
    fn blank_and_single_character_company_names_are_refused(ws in "[ \t]{0,5}", c in any::<char>()) {
        let single = format!("{ws}{c}{ws}");
        prop_assert!(v::company_name(&single).is_err());
    }
}

#[test]
fn boundary_values_of_the_documented_limits() {
    assert_eq!(v::person_name(""), Err(FieldError::Required));
    assert!(v::person_name(&"a".repeat(50)).is_ok());
    assert!(v::person_name(&"a".repeat(51)).is_err());
    assert!(v::address_line(&"a".repeat(200), true).is_ok());
    assert!(v::address_line(&"a".repeat(201), true).is_err());
    assert_eq!(v::address_line("", true), Err(FieldError::Required));
    assert!(v::address_line("", false).is_ok());
    assert_eq!(COUNTRY_CODES.len(), 249);
}
