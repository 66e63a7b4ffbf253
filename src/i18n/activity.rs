//! The details of activity entries in the UI's language. An entry's typed detail ([`Detail`]) is said in
//! German here; a text detail (names, tags, reasons typed by the user) is data and shown as stored, as are
//! the details of entries written before December 2026, which carry English text only.

use super::labels::{field_name_in, Label};
use super::texts::Common;
use super::{Locale, Text};
use crate::domain::activity::ActivityEntry;
use crate::domain::activity_detail::Detail;

/// `entry`'s detail in `locale`.
pub fn detail_in(entry: &ActivityEntry, locale: Locale) -> String {
    match (&entry.typed, locale) {
        (Some(typed), Locale::De) => german(typed),
        _ => entry.detail.clone(),
    }
}

/// A detail in `locale`, as an activity entry would say it ("Changed: city, postal code").
pub fn said_in(detail: &Detail, locale: Locale) -> String {
    match locale {
        Locale::De => german(detail),
        _ => detail.to_string(),
    }
}

/// Who made an entry (its `user`), in `locale`: the name set in Settings at the time, or "Local user" when
/// none was set (stored as no name, so that every device says it in the language it shows).
pub fn user_in(user: &str, locale: Locale) -> String {
    if user.is_empty() {
        Common::LocalUser.in_(locale).to_string()
    } else {
        user.to_string()
    }
}

/// `detail` in German.
fn german(detail: &Detail) -> String {
    match detail {
        Detail::Text { text } => text.clone(),
        Detail::Changed { fields } => {
            let names: Vec<&str> = fields.iter().map(|f| f.german()).collect();
            format!("Geändert: {}", names.join(", "))
        }
        Detail::Settled { paths } => {
            let names: Vec<String> = paths.iter().map(|p| field_name_in(p, Locale::De)).collect();
            format!("Geklärt: {}", names.join(", "))
        }
        Detail::Imported { file, created, updated } => format!("{file}: {created} angelegt, {updated} aktualisiert"),
        Detail::ImportUndone { removed, restored } => format!("{removed} entfernt, {restored} wiederhergestellt"),
        Detail::Subscription { quantity, offer, cycle } => {
            format!("{quantity} × {offer} ({})", cycle.german().to_lowercase())
        }
        Detail::Permission { what, allowed } => {
            format!("{}: {}", what.german(), if *allowed { "erlaubt" } else { "nicht erlaubt" })
        }
        Detail::Qualification { qualification } => qualification.german().into(),
        Detail::Was { relationship } => format!("war {}", relationship.german()),
        Detail::Now { relationship } => format!("jetzt {}", relationship.german()),
        Detail::DelegatedAdmin { asked: true } => "mit delegierter Administration".into(),
        Detail::DelegatedAdmin { asked: false } => "ohne delegierte Administration".into(),
        Detail::Customer { name } => format!("Kunde: {name}"),
        Detail::Region { region } => region.german().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::Action;
    use crate::domain::customer::{Purchasable, Qualification, Relationship};
    use crate::domain::field::Field;
    use crate::domain::profile::Region;
    use crate::domain::subscription::BillingCycle;
    use crate::domain::timestamp::Timestamp;

    /// An entry with `detail` as a use case writes it: the English text, and the data unless it is text.
    fn entry(detail: Detail) -> ActivityEntry {
        ActivityEntry {
            id: uuid::Uuid::nil(),
            at: Timestamp(0),
            customer_id: None,
            customer_name: String::new(),
            action: Action::CustomerEdited,
            user: String::new(),
            detail: detail.to_string(),
            typed: (!matches!(detail, Detail::Text { .. })).then_some(detail),
        }
    }

    #[test]
    fn an_entry_made_with_no_name_set_is_by_the_local_user_in_each_language() {
        assert_eq!(user_in("", Locale::En), "Local user");
        assert_eq!(user_in("", Locale::De), "Lokaler Benutzer");
        assert_eq!(user_in("Bea Lindner", Locale::De), "Bea Lindner");
    }

    #[test]
    fn typed_details_are_said_in_english_and_german() {
        let cases = [
            (
                Detail::Changed { fields: vec![Field::City, Field::PostalCode] },
                "Changed: city, postal code",
                "Geändert: Ort, Postleitzahl",
            ),
            (
                Detail::Settled {
                    paths: vec!["/billing/default_address/city".into(), "/subscriptions/#a/quantity".into()],
                },
                "Settled: City, subscriptions › quantity",
                "Geklärt: Ort, subscriptions › quantity",
            ),
            (
                Detail::Imported { file: "kunden.csv".into(), created: 5, updated: 1 },
                "kunden.csv: created 5, updated 1",
                "kunden.csv: 5 angelegt, 1 aktualisiert",
            ),
            (
                Detail::ImportUndone { removed: 5, restored: 1 },
                "removed 5, restored 1",
                "5 entfernt, 1 wiederhergestellt",
            ),
            (
                Detail::Subscription { quantity: 3, offer: "Microsoft 365 E3".into(), cycle: BillingCycle::Annual },
                "3 × Microsoft 365 E3 (Annual)",
                "3 × Microsoft 365 E3 (jährlich)",
            ),
            (Detail::Was { relationship: Relationship::Reseller }, "was Reseller", "war Händler"),
            (Detail::Now { relationship: Relationship::Reseller }, "now Reseller", "jetzt Händler"),
            (Detail::DelegatedAdmin { asked: true }, "with delegated admin", "mit delegierter Administration"),
            (
                Detail::Permission { what: Purchasable::Reservations, allowed: true },
                "Azure reservations: allowed",
                "Azure-Reservierungen: erlaubt",
            ),
            (Detail::Region { region: Region::Europe }, "Europe", "Europa"),
            (Detail::Qualification { qualification: Qualification::Education }, "Education", "Bildung"),
            (Detail::Customer { name: "Contoso GmbH".into() }, "Customer: Contoso GmbH", "Kunde: Contoso GmbH"),
            (Detail::from("Outside our region"), "Outside our region", "Outside our region"),
        ];
        for (detail, en, de) in cases {
            let e = entry(detail);
            assert_eq!((detail_in(&e, Locale::En).as_str(), detail_in(&e, Locale::De).as_str()), (en, de));
        }
    }

    #[test]
    fn an_entry_of_an_older_version_is_shown_as_stored() {
        let old: ActivityEntry =
            serde_json::from_str(r#"{"id":"00000000-0000-0000-0000-000000000000","at":0,"customer_id":null,"customer_name":"","action":"customer_edited","user":"","detail":"Changed: city"}"#)
                .unwrap();
        assert_eq!((old.typed.as_ref(), detail_in(&old, Locale::De).as_str()), (None, "Changed: city"));
        // And a typed entry travels as JSON with its data (other devices, backups).
        let typed = entry(Detail::Changed { fields: vec![Field::Email] });
        let text = serde_json::to_string(&typed).unwrap();
        assert_eq!(serde_json::from_str::<ActivityEntry>(&text).unwrap(), typed);
    }
}
