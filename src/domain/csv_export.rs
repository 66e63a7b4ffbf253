//! CSV files the partner downloads: Partner Center's `Customers.csv`, an all-fields variant, the activity
//! log and the referrals. UTF-8 with a byte-order mark so Excel shows umlauts right; cells that a spreadsheet would run as a
//! formula are neutralised (OWASP CSV injection).

use std::borrow::Cow;

use super::activity::ActivityEntry;
use super::customer::Customer;
use super::field::Field;
use super::referral::{Referral, ReferralState};
use super::timestamp::Timestamp;

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// Partner Center's columns of `Customers.csv`.
pub const CUSTOMERS_COLUMNS: [&str; 4] = [
    Field::MicrosoftId.english(),
    Field::CompanyName.english(),
    Field::DomainPrefix.english(),
    Field::Relationship.english(),
];

/// Every field of a customer, one column each.
pub const ALL_FIELDS_COLUMNS: [&str; 24] = [
    Field::MicrosoftId.english(),
    "Commerce ID",
    Field::CompanyName.english(),
    Field::DomainPrefix.english(),
    Field::OrgRegistrationId.english(),
    Field::Relationship.english(),
    Field::Qualification.english(),
    Field::FirstName.english(),
    Field::LastName.english(),
    Field::Email.english(),
    Field::Culture.english(),
    Field::Language.english(),
    Field::AddressLine1.english(),
    Field::AddressLine2.english(),
    Field::AddressLine3.english(),
    Field::City.english(),
    Field::State.english(),
    Field::PostalCode.english(),
    Field::Country.english(),
    Field::Phone.english(),
    Field::Tags.english(),
    "Indirect reseller",
    "Created",
    "Updated",
];

/// Columns of the referrals export.
pub const REFERRAL_COLUMNS: [&str; 14] = [
    "Customer",
    "Contact",
    "Email",
    "Need",
    "Value (EUR)",
    "Received",
    "State",
    "Days left to answer",
    "Deal name",
    "Deal value (EUR)",
    "Close by",
    "CRM id",
    "Decline reason",
    "Lost reason",
];

/// Columns of the activity log export.
pub const ACTIVITY_COLUMNS: [&str; 5] = ["Date", "Customer", "Action", "Details", "User"];

/// A cell a spreadsheet would treat as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The cell as it was before [`neutralise`]: a leading apostrophe before a formula sign is dropped, so a file
/// this app exported imports back unchanged.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail.
    out.write_record(header).expect("in-memory CSV");
    for row in rows {
        out.write_record(row.iter().map(|c| neutralise(c).into_owned())).expect("in-memory CSV");
    }
    let bytes = out.into_inner().expect("in-memory CSV");
    format!("{BOM}{}", String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}

/// `Customers.csv` as Partner Center exports it.
pub fn customers_csv(customers: &[Customer]) -> String {
    write(
        &CUSTOMERS_COLUMNS,
        customers.iter().map(|c| {
            vec![
                c.id.to_string(),
                c.company.company_name.clone(),
                c.company.domain.clone(),
                c.relationship.label().to_string(),
            ]
        }),
    )
}

/// Every field of every customer.
pub fn customers_full_csv(customers: &[Customer]) -> String {
    write(
        &ALL_FIELDS_COLUMNS,
        customers.iter().map(|c| {
            let a = &c.billing.default_address;
            vec![
                c.id.to_string(),
                c.commerce_id.clone().unwrap_or_default(),
                c.company.company_name.clone(),
                c.company.domain.clone(),
                c.company.organization_registration_number.clone().unwrap_or_default(),
                c.relationship.label().to_string(),
                c.qualification.label().to_string(),
                c.billing.first_name.clone(),
                c.billing.last_name.clone(),
                c.billing.email.clone(),
                c.billing.culture.clone(),
                c.billing.language.clone(),
                a.line1.clone(),
                a.line2.clone(),
                a.line3.clone(),
                a.city.clone(),
                a.state.clone(),
                a.postal_code.clone(),
                a.country.clone(),
                a.phone_number.clone(),
                c.tags.join(", "),
                c.associated_partner_id.clone().unwrap_or_default(),
                c.created_at.to_rfc3339(),
                c.updated_at.to_rfc3339(),
            ]
        }),
    )
}

/// The activity log as shown, with times formatted by `format_time` and who made each entry said by `user`.
pub fn activity_csv(
    entries: &[&ActivityEntry],
    format_time: impl Fn(Timestamp) -> String,
    user: impl Fn(&ActivityEntry) -> String,
) -> String {
    write(
        &ACTIVITY_COLUMNS,
        entries.iter().map(|e| {
            vec![format_time(e.at), e.customer_name.clone(), e.action.label().to_string(), e.detail.clone(), user(e)]
        }),
    )
}

/// The referrals as shown, their states as of `today`.
pub fn referrals_csv(referrals: &[&Referral], today: time::Date) -> String {
    write(
        &REFERRAL_COLUMNS,
        referrals.iter().map(|r| {
            let state = r.state_on(today);
            let deal = r.deal.clone().unwrap_or_default();
            let has_deal = r.deal.is_some();
            vec![
                r.customer_name.clone(),
                r.contact_name.clone(),
                r.contact_email.clone(),
                r.need.clone(),
                r.value.to_string(),
                r.received_on.to_string(),
                state.label().to_string(),
                if state == ReferralState::New { r.days_left(today).to_string() } else { String::new() },
                deal.name,
                if has_deal { deal.value.to_string() } else { String::new() },
                deal.close_by.map(|d| d.to_string()).unwrap_or_default(),
                deal.crm_id,
                r.decline_reason.clone(),
                r.lost_reason.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::CustomerDraft;
    use crate::domain::fixtures::{ctx, valid_draft};
    use uuid::Uuid;

    fn customer(name: &str, prefix: &str) -> Customer {
        let draft = CustomerDraft { company_name: name.into(), domain_prefix: prefix.into(), ..valid_draft() };
        draft.to_customer(&ctx(), Uuid::from_u128(1), Timestamp(0)).unwrap()
    }

    fn parse(csv_text: &str) -> Vec<Vec<String>> {
        let body = csv_text.strip_prefix(BOM).expect("starts with a BOM");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn customers_csv_has_partner_centers_columns_and_umlauts() {
        let rows = parse(&customers_csv(&[customer("Müller Bäckerei GmbH", "mueller")]));
        assert_eq!(rows[0], CUSTOMERS_COLUMNS);
        assert_eq!(
            rows[1],
            vec!["00000000-0000-0000-0000-000000000001", "Müller Bäckerei GmbH", "mueller.onmicrosoft.com", "Reseller"]
        );
    }

    #[test]
    fn formulas_are_neutralised_and_quotes_survive() {
        for evil in ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(evil).starts_with('\''), "{evil:?}");
        }
        assert_eq!(neutralise("Contoso"), "Contoso");
        for cell in ["=1+1", "+49 30 1234", "@anna", "-5", "Contoso", "'quoted'"] {
            assert_eq!(unneutralise(&neutralise(cell)), cell);
        }
        let rows = parse(&customers_csv(&[customer("=cmd|' /C calc'!A0 \"Inc\", AG", "evil")]));
        assert_eq!(rows[1][1], "'=cmd|' /C calc'!A0 \"Inc\", AG");
    }

    #[test]
    fn activity_rows_have_every_column() {
        let entry = ActivityEntry {
            id: Uuid::from_u128(1),
            at: Timestamp(0),
            customer_id: None,
            customer_name: "-Minus GmbH".into(),
            action: crate::domain::activity::Action::CustomerEdited,
            user: "Anna".into(),
            detail: "Changed: city".into(),
            typed: None,
        };
        let rows = parse(&activity_csv(&[&entry], Timestamp::to_rfc3339, |e| e.user.clone()));
        assert_eq!(rows[0], ACTIVITY_COLUMNS);
        assert_eq!(
            rows[1],
            ["1970-01-01T00:00:00.000Z", "'-Minus GmbH", "Account info edited", "Changed: city", "Anna"]
        );
    }

    #[test]
    fn all_fields_has_one_column_per_field() {
        let rows = parse(&customers_full_csv(&[customer("Contoso GmbH", "contoso")]));
        assert_eq!(rows[0].len(), ALL_FIELDS_COLUMNS.len());
        assert_eq!(rows[1].len(), ALL_FIELDS_COLUMNS.len());
        assert_eq!(rows[1][20], "Berlin, Retail");
        assert_eq!(rows[1][18], "DE");
    }

    #[test]
    fn referrals_export_their_state_of_the_day_and_formulas_are_neutralised() {
        use crate::domain::referral::NewReferral;
        let today = time::macros::date!(2026 - 11 - 25);
        let form = NewReferral {
            customer_name: "=HYPERLINK(\"x\")".into(),
            need: "Teams".into(),
            value: "5000".into(),
            received_on: Some(time::macros::date!(2026 - 11 - 01)),
            ..NewReferral::default()
        };
        let old = form.to_referral(Uuid::from_u128(1), today, Timestamp(1)).unwrap();
        let fresh = NewReferral { customer_name: "Fabrikam".into(), received_on: Some(today), ..form }
            .to_referral(Uuid::from_u128(2), today, Timestamp(1))
            .unwrap();
        let csv = referrals_csv(&[&old, &fresh], today);
        let mut rows = csv::Reader::from_reader(csv.trim_start_matches(BOM).as_bytes());
        let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][0], "'=HYPERLINK(\"x\")");
        assert_eq!((&rows[0][6], &rows[0][7]), ("Expired", ""));
        assert_eq!((&rows[1][6], &rows[1][7], &rows[1][4]), ("New", "14", "5000"));
    }
}
