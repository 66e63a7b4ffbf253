//! What exactly an activity entry's action did, as data: said in English by `Display` (the text stored
//! with the entry, which the CSV export and older versions of the app read) and in the UI's language by
//! `i18n::activity`. Nothing is parsed back from prose.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::customer::{Purchasable, Qualification, Relationship};
use super::field::{field_name, Field};
use super::profile::Region;
use super::subscription::BillingCycle;
use super::tagged::{need, TaggedError};

/// The detail of one activity entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "Stored")]
pub enum Detail {
    /// Words that are data and stay as they are (tags, an offer's or a provider's name, a typed reason).
    Text { text: String },
    /// The fields an edit changed.
    Changed { fields: Vec<Field> },
    /// The fields of a sync conflict settled, by their path in the record.
    Settled { paths: Vec<String> },
    /// A CSV import: the file, and how many customers it created and updated.
    Imported { file: String, created: usize, updated: usize },
    /// An import undone: customers removed and restored.
    ImportUndone { removed: usize, restored: usize },
    /// A subscription added.
    Subscription { quantity: u32, offer: String, cycle: BillingCycle },
    /// A purchase permission changed.
    Permission { what: Purchasable, allowed: bool },
    /// The qualification set.
    Qualification { qualification: Qualification },
    /// The relationship a customer had when it ended.
    Was { relationship: Relationship },
    /// The relationship a customer has again.
    Now { relationship: Relationship },
    /// Whether a relationship request asks for delegated admin.
    DelegatedAdmin { asked: bool },
    /// The customer a referral was won with.
    Customer { name: String },
    /// The region of a business profile.
    Region { region: Region },
}

/// A detail as stored: the tag `kind` beside the fields of every kind (why a flat struct: `domain::tagged`).
#[derive(Deserialize)]
struct Stored {
    kind: String,
    text: Option<String>,
    fields: Option<Vec<Field>>,
    paths: Option<Vec<String>>,
    file: Option<String>,
    created: Option<usize>,
    updated: Option<usize>,
    removed: Option<usize>,
    restored: Option<usize>,
    quantity: Option<u32>,
    offer: Option<String>,
    cycle: Option<BillingCycle>,
    what: Option<Purchasable>,
    allowed: Option<bool>,
    qualification: Option<Qualification>,
    relationship: Option<Relationship>,
    asked: Option<bool>,
    name: Option<String>,
    region: Option<Region>,
}

impl TryFrom<Stored> for Detail {
    type Error = TaggedError;

    fn try_from(s: Stored) -> Result<Detail, TaggedError> {
        Ok(match s.kind.as_str() {
            "text" => Detail::Text { text: need(s.text, "text")? },
            "changed" => Detail::Changed { fields: need(s.fields, "fields")? },
            "settled" => Detail::Settled { paths: need(s.paths, "paths")? },
            "imported" => Detail::Imported {
                file: need(s.file, "file")?,
                created: need(s.created, "created")?,
                updated: need(s.updated, "updated")?,
            },
            "import_undone" => {
                Detail::ImportUndone { removed: need(s.removed, "removed")?, restored: need(s.restored, "restored")? }
            }
            "subscription" => Detail::Subscription {
                quantity: need(s.quantity, "quantity")?,
                offer: need(s.offer, "offer")?,
                cycle: need(s.cycle, "cycle")?,
            },
            "permission" => Detail::Permission { what: need(s.what, "what")?, allowed: need(s.allowed, "allowed")? },
            "qualification" => Detail::Qualification { qualification: need(s.qualification, "qualification")? },
            "was" => Detail::Was { relationship: need(s.relationship, "relationship")? },
            "now" => Detail::Now { relationship: need(s.relationship, "relationship")? },
            "delegated_admin" => Detail::DelegatedAdmin { asked: need(s.asked, "asked")? },
            "customer" => Detail::Customer { name: need(s.name, "name")? },
            "region" => Detail::Region { region: need(s.region, "region")? },
            other => return Err(TaggedError::UnknownTag(other.to_string())),
        })
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Detail {
        Detail::Text { text }
    }
}

impl From<&str> for Detail {
    fn from(text: &str) -> Detail {
        Detail::Text { text: text.to_string() }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::Text { text } => f.write_str(text),
            Detail::Changed { fields } => {
                let names: Vec<String> = fields.iter().map(|x| x.english().to_lowercase()).collect();
                write!(f, "Changed: {}", names.join(", "))
            }
            Detail::Settled { paths } => {
                let names: Vec<String> = paths.iter().map(|p| field_name(p)).collect();
                write!(f, "Settled: {}", names.join(", "))
            }
            Detail::Imported { file, created, updated } => write!(f, "{file}: created {created}, updated {updated}"),
            Detail::ImportUndone { removed, restored } => write!(f, "removed {removed}, restored {restored}"),
            Detail::Subscription { quantity, offer, cycle } => write!(f, "{quantity} × {offer} ({})", cycle.label()),
            Detail::Permission { what, allowed } => {
                write!(f, "{}: {}", what.label(), if *allowed { "allowed" } else { "not allowed" })
            }
            Detail::Qualification { qualification } => f.write_str(qualification.label()),
            Detail::Was { relationship } => write!(f, "was {}", relationship.label()),
            Detail::Now { relationship } => write!(f, "now {}", relationship.label()),
            Detail::DelegatedAdmin { asked: true } => f.write_str("with delegated admin"),
            Detail::DelegatedAdmin { asked: false } => f.write_str("without delegated admin"),
            Detail::Customer { name } => write!(f, "Customer: {name}"),
            Detail::Region { region } => f.write_str(region.label()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detail_is_stored_and_read_back_as_it_was() {
        let details = [
            Detail::Text { text: "VIP".into() },
            Detail::Changed { fields: vec![Field::CompanyName, Field::City] },
            Detail::Settled { paths: vec!["billing.default_address.city".into()] },
            Detail::Imported { file: "kunden.csv".into(), created: 3, updated: 2 },
            Detail::ImportUndone { removed: 3, restored: 2 },
            Detail::Subscription { quantity: 5, offer: "Microsoft 365 E3".into(), cycle: BillingCycle::Monthly },
            Detail::Permission { what: Purchasable::SavingsPlans, allowed: false },
            Detail::Qualification { qualification: Qualification::Nonprofit },
            Detail::Was { relationship: Relationship::Reseller },
            Detail::Now { relationship: Relationship::Reseller },
            Detail::DelegatedAdmin { asked: true },
            Detail::Customer { name: "Contoso GmbH".into() },
            Detail::Region { region: Region::Europe },
        ];
        for detail in details {
            let text = serde_json::to_string(&detail).unwrap();
            assert_eq!(serde_json::from_str::<Detail>(&text).unwrap(), detail, "{text}");
            let value = serde_json::to_value(&detail).unwrap();
            assert_eq!(serde_json::from_value::<Detail>(value).unwrap(), detail);
        }
        // As every earlier version stored them.
        let was: Detail = serde_json::from_str(r#"{"relationship":"reseller","kind":"was","other":1}"#).unwrap();
        assert_eq!(was, Detail::Was { relationship: Relationship::Reseller });
    }

    #[test]
    fn a_detail_of_an_unknown_kind_or_without_its_fields_is_not_read() {
        let read = |json: serde_json::Value| serde_json::from_value::<Detail>(json).unwrap_err().to_string();
        let unknown = read(serde_json::json!({"kind": "merged", "text": "x"}));
        assert_eq!(unknown, TaggedError::UnknownTag("merged".into()).to_string());
        let missing = read(serde_json::json!({"kind": "imported", "file": "a.csv", "created": 1}));
        assert_eq!(missing, TaggedError::Missing("updated").to_string());
    }
}
