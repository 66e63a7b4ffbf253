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
