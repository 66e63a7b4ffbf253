//! What the customer list shows of one customer — the fields of its grid, search, filters and sorts —
//! small enough to hold 100,000 of them in memory and to store beside each customer record, so the list is
//! read without decoding whole customers.

use std::ops::Range;

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
    /// The customers the list shows by default, per relationship in [`Relationship::ALL`]'s order.
    pub listed_by_relationship: [u32; Relationship::ALL.len()],
}

impl CustomerCounts {
    /// The counts of `rows`.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a ListRow>) -> CustomerCounts {
        rows.into_iter().fold(CustomerCounts::default(), |mut c, r| {
            c.all += 1;
            c.ended += u32::from(r.ended);
            c.billing_missing += u32::from(r.billing_missing);
            if !r.ended {
                c.listed_by_relationship[r.relationship.position()] += 1;
            }
            c
        })
    }

    /// The customers the list shows by default (the relationships that have not ended).
    pub fn listed(&self) -> u32 {
        self.all - self.ended
    }

    /// The relationships with at least one listed customer, with how many, in [`Relationship::ALL`]'s order.
    pub fn by_relationship(&self) -> impl Iterator<Item = (Relationship, u32)> + '_ {
        Relationship::ALL.into_iter().zip(self.listed_by_relationship).filter(|(_, n)| *n > 0)
    }
}

/// How many of `rows` were added in each of `spans` (half-open), in order.
pub fn added_in<'a>(rows: impl IntoIterator<Item = &'a ListRow>, spans: &[Range<Timestamp>]) -> Vec<u32> {
    let mut counts = vec![0; spans.len()];
    for row in rows {
        for (count, span) in counts.iter_mut().zip(spans) {
            *count += u32::from(span.contains(&row.added));
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u128, relationship: Relationship, ended: bool, added: i64) -> ListRow {
        ListRow {
            id: Uuid::from_u128(n),
            name: format!("Kunde {n}"),
            domain: format!("k{n}.onmicrosoft.com"),
            relationship,
            tags: vec![],
            provider: None,
            ended,
            billing_missing: n % 2 == 0,
            added: Timestamp(added),
            changed: Timestamp(added),
        }
    }

    #[test]
    fn counts_leave_ended_relationships_out_of_the_relationships_listed() {
        let rows = [
            row(1, Relationship::Reseller, false, 0),
            row(2, Relationship::Reseller, true, 0),
            row(3, Relationship::Advisor, false, 0),
            row(4, Relationship::None, false, 0),
        ];
        let counts = CustomerCounts::of(&rows);
        assert_eq!((counts.all, counts.ended, counts.billing_missing, counts.listed()), (4, 1, 2, 3));
        assert_eq!(
            counts.by_relationship().collect::<Vec<_>>(),
            [(Relationship::Reseller, 1), (Relationship::Advisor, 1), (Relationship::None, 1)]
        );
    }

    #[test]
    fn added_in_counts_each_half_open_span() {
        let rows = [
            row(1, Relationship::Reseller, false, 9),
            row(2, Relationship::Reseller, true, 10),
            row(3, Relationship::Advisor, false, 19),
            row(4, Relationship::None, false, 20),
        ];
        let spans = [Timestamp(0)..Timestamp(10), Timestamp(10)..Timestamp(20), Timestamp(30)..Timestamp(40)];
        assert_eq!(added_in(&rows, &spans), [1, 2, 0]);
    }
}
