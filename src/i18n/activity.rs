//! The details of activity entries in the UI's language. Entries store their detail as written (English,
//! like Partner Center's log and the CSV export); the known shapes are read back and said in German here,
//! anything else (names, reasons typed by the user) is shown as stored.

use super::labels::{german_field_name, german_qualification, german_relationship, Label};
use super::Locale;
use crate::domain::activity::Action;
use crate::domain::profile::Region;

fn german_list(list: &str) -> String {
    list.split(", ").map(german_field_name).collect::<Vec<_>>().join(", ")
}

/// `detail` of an entry of `action`, in `locale`.
pub fn detail_in(action: Action, detail: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return detail.to_string();
    }
    let german = match action {
        Action::CustomerEdited => detail.strip_prefix("Changed: ").map(|l| format!("Geändert: {}", german_list(l))),
        Action::ConflictResolved => detail.strip_prefix("Settled: ").map(|l| format!("Geklärt: {}", german_list(l))),
        Action::CustomersImported => detail.rsplit_once(": created ").and_then(|(file, counts)| {
            let (created, updated) = counts.split_once(", updated ")?;
            Some(format!("{file}: {created} angelegt, {updated} aktualisiert"))
        }),
        Action::ImportUndone => detail.strip_prefix("removed ").and_then(|rest| {
            let (removed, restored) = rest.split_once(", restored ")?;
            Some(format!("{removed} entfernt, {restored} wiederhergestellt"))
        }),
        Action::SubscriptionAdded => detail
            .strip_suffix("(Monthly)")
            .map(|d| format!("{d}(monatlich)"))
            .or_else(|| detail.strip_suffix("(Annual)").map(|d| format!("{d}(jährlich)"))),
        Action::QualificationSet => Some(german_qualification(detail).to_string()),
        Action::RelationshipEnded => detail.strip_prefix("was ").map(|r| format!("war {}", german_relationship(r))),
        Action::RelationshipReactivated => {
            detail.strip_prefix("now ").map(|r| format!("jetzt {}", german_relationship(r)))
        }
        Action::RelationshipRequested | Action::RelationshipRequestAccepted => match detail {
            "with delegated admin" => Some("mit delegierter Administration".into()),
            "without delegated admin" => Some("ohne delegierte Administration".into()),
            _ => None,
        },
        Action::PurchasePermissionChanged => detail.split_once(": ").map(|(what, verb)| {
            let what = match what {
                "Azure reservations" => "Azure-Reservierungen",
                "Azure savings plans" => "Azure-Sparpläne",
                other => other,
            };
            let verb = if verb == "allowed" { "erlaubt" } else { "nicht erlaubt" };
            format!("{what}: {verb}")
        }),
        Action::BusinessProfileSaved => {
            Region::ALL.iter().find(|r| r.label() == detail).map(|r| r.german().to_string())
        }
        _ => None,
    };
    german.unwrap_or_else(|| detail.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de(action: Action, detail: &str) -> String {
        detail_in(action, detail, Locale::De)
    }

    #[test]
    fn known_details_are_said_in_german_and_the_rest_as_stored() {
        assert_eq!(de(Action::CustomerEdited, "Changed: city, postal code"), "Geändert: Ort, Postleitzahl");
        assert_eq!(de(Action::ConflictResolved, "Settled: City, Email"), "Geklärt: Ort, E-Mail");
        assert_eq!(
            de(Action::CustomersImported, "kunden.csv: created 5, updated 1"),
            "kunden.csv: 5 angelegt, 1 aktualisiert"
        );
        assert_eq!(de(Action::ImportUndone, "removed 5, restored 1"), "5 entfernt, 1 wiederhergestellt");
        assert_eq!(de(Action::SubscriptionAdded, "3 × Microsoft 365 E3 (Annual)"), "3 × Microsoft 365 E3 (jährlich)");
        assert_eq!(de(Action::RelationshipEnded, "was Reseller"), "war Händler");
        assert_eq!(de(Action::RelationshipRequested, "with delegated admin"), "mit delegierter Administration");
        assert_eq!(
            de(Action::PurchasePermissionChanged, "Azure reservations: allowed"),
            "Azure-Reservierungen: erlaubt"
        );
        assert_eq!(de(Action::BusinessProfileSaved, "Europe"), "Europa");
        assert_eq!(de(Action::QualificationSet, "Education"), "Bildung");
        assert_eq!(de(Action::ReferralDeclined, "Outside our region"), "Outside our region");
        assert_eq!(de(Action::TagsAdded, "VIP"), "VIP");
        assert_eq!(detail_in(Action::CustomerEdited, "Changed: city", Locale::En), "Changed: city");
    }
}
