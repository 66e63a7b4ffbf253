//! Valid example data for tests, in one place: the unit tests, the in-browser tests (`tests/`) and the e2e
//! harness all build their customers from here. Compiled for tests and with the `fixtures` feature only.

use time::macros::date;

use super::draft::{CustomerDraft, ValidationContext};

/// The tests' today (2026-11-25), with the partner's own email domain `fabrikam.com`.
pub fn ctx() -> ValidationContext {
    ValidationContext { today: date!(2026 - 11 - 25), partner_domains: vec!["fabrikam.com".into()] }
}

/// A complete, valid form for a German customer with this company name and domain prefix, no tags.
pub fn draft(company_name: &str, domain_prefix: &str) -> CustomerDraft {
    CustomerDraft {
        company_name: company_name.into(),
        domain_prefix: domain_prefix.into(),
        first_name: "Anna".into(),
        last_name: "Müller".into(),
        email: "anna.mueller@contoso.de".into(),
        address_line1: "Hauptstraße 1".into(),
        city: "Berlin".into(),
        postal_code: "10115".into(),
        mca_first_name: "Anna".into(),
        mca_last_name: "Müller".into(),
        mca_email: "anna.mueller@contoso.de".into(),
        ..CustomerDraft::with_defaults(date!(2026 - 11 - 20))
    }
}

/// Contoso Handels GmbH (`contosohandel.onmicrosoft.com`), tagged "Berlin, Retail".
pub fn valid_draft() -> CustomerDraft {
    CustomerDraft { tags: "Berlin, Retail".into(), ..draft("Contoso Handels GmbH", "ContosoHandel") }
}
