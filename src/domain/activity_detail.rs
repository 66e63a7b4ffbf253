//! What exactly an activity entry's action did, as data: said in English by `Display` (the text stored
//! with the entry, which the CSV export and older versions of the app read) and in the UI's language by
//! `i18n::activity`. Nothing is parsed back from prose.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::customer::{Purchasable, Qualification, Relationship};
use super::field::{field_name, Field};
use super::profile::Region;
use super::subscription::BillingCycle;

/// The detail of one activity entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
