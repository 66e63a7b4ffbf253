//! What the in-browser tests share: a validation context, a valid form, and a fresh database per test.
use partner_accounts::domain::draft::{CustomerDraft, ValidationContext};
use partner_accounts::store::idb::{IdbStore, MIGRATIONS};
use time::macros::date;
use uuid::Uuid;

/// Today's date and no partner domains.
pub fn ctx() -> ValidationContext {
    ValidationContext { today: date!(2026 - 11 - 25), partner_domains: vec![] }
}

/// A valid form for a German customer.
pub fn draft(name: &str, prefix: &str) -> CustomerDraft {
    CustomerDraft {
        company_name: name.into(),
        domain_prefix: prefix.into(),
        first_name: "Anna".into(),
        last_name: "Müller".into(),
        email: "anna@contoso.de".into(),
        address_line1: "Hauptstraße 1".into(),
        city: "Berlin".into(),
        postal_code: "10115".into(),
        mca_first_name: "Anna".into(),
        mca_last_name: "Müller".into(),
        mca_email: "anna@contoso.de".into(),
        ..CustomerDraft::with_defaults(date!(2026 - 11 - 20))
    }
}

/// A fresh database per test, so tests don't see each other's data.
pub async fn fresh() -> (IdbStore, String) {
    let name = format!("test-{}", Uuid::new_v4());
    (IdbStore::open_with(&name, MIGRATIONS, || ()).await.expect("open"), name)
}
