//! What the customer list shows of one customer — the fields of its grid, search, filters and sorts —
//! small enough to hold 100,000 of them in memory and to store beside each customer record, so the list is
//! read without decoding whole customers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::customer::{Customer, Relationship};
use super::timestamp::Timestamp;

/// One customer in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: Uuid,
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "d")]
    pub domain: String,
    #[serde(rename = "r")]
    pub relationship: Relationship,
    #[serde(rename = "t", default)]
    pub tags: Vec<String>,
    /// The indirect provider the customer is shared with (its partner id, lower case), if any.
    #[serde(rename = "p", default)]
    pub provider: Option<String>,
    /// The relationship has ended.
    #[serde(rename = "e", default)]
    pub ended: bool,
    /// The bill-to details are missing (see [`Customer::billing_missing`]).
    #[serde(rename = "b", default)]
    pub billing_missing: bool,
    #[serde(rename = "a")]
    pub added: Timestamp,
    #[serde(rename = "c")]
    pub changed: Timestamp,
}

impl From<&Customer> for ListRow {
    fn from(c: &Customer) -> ListRow {
        ListRow {
            id: c.id,
            name: c.company.company_name.clone(),
            domain: c.company.domain.clone(),
            relationship: c.relationship,
            tags: c.tags.clone(),
            provider: c.associated_partner_id.as_ref().map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty()),
            ended: c.relationship_end.is_some(),
            billing_missing: c.billing_missing(),
            added: c.created_at,
            changed: c.updated_at,
        }
    }
}

/// How many customers there are, and how many of them the list sets apart (read from counts, never by
/// reading every customer).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CustomerCounts {
    /// Every customer stored.
    pub all: u32,
    /// Customers whose relationship has ended (the list hides them unless asked).
    pub ended: u32,
    /// Customers whose bill-to details are missing.
    pub billing_missing: u32,
}

impl CustomerCounts {
    /// The counts of `rows`.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a ListRow>) -> CustomerCounts {
        rows.into_iter().fold(CustomerCounts::default(), |c, r| CustomerCounts {
            all: c.all + 1,
            ended: c.ended + u32::from(r.ended),
            billing_missing: c.billing_missing + u32::from(r.billing_missing),
        })
    }

    /// The customers the list shows by default (the relationships that have not ended).
    pub fn listed(&self) -> u32 {
        self.all - self.ended
    }
}
