//! What a write changed, said precisely enough that each view re-reads only what it shows: the customers
//! by id, the smaller lists (requests, referrals, providers, profiles) and the activity log as areas.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::WriteBatch;
use crate::sync::doc::{DocId, Kind};
#[cfg(test)]
use crate::sync::records::Record;

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// These customers were added, edited or removed.
    Customers(Vec<Uuid>),
    /// Relationship requests changed.
    Requests,
    /// Referrals changed.
    Referrals,
    /// Indirect providers changed.
    Providers,
    /// Business profiles changed.
    Profiles,
    /// The activity log has new entries.
    Activity,
    /// Anything may have changed.
    Everything,
    /// This many changes were queued to be pushed (the outbox grew by as many entries).
    Queued(u32),
}

impl Change {
    /// The changes that records written or removed by sync make.
    pub fn of_docs(ids: &[DocId]) -> Vec<Change> {
        let customers: Vec<Uuid> = ids.iter().filter(|d| d.kind == Kind::Customer).map(|d| d.id).collect();
        let mut changes = Vec::new();
        if !customers.is_empty() {
            changes.push(Change::Customers(customers));
        }
        for (kind, change) in [
            (Kind::Request, Change::Requests),
            (Kind::Referral, Change::Referrals),
            (Kind::Provider, Change::Providers),
            (Kind::Profile, Change::Profiles),
            (Kind::Activity, Change::Activity),
        ] {
            if ids.iter().any(|d| d.kind == kind) {
                changes.push(change);
            }
        }
        changes
    }
}

/// The customers of the last change: which, or all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerChange {
    /// Counts changes, so that two changes of the same customers are two.
    pub version: u64,
    /// `None`: every customer may have changed.
    pub ids: Option<Vec<Uuid>>,
}

impl CustomerChange {
    /// Whether customer `id` is among them.
    pub fn concerns(&self, id: Uuid) -> bool {
        self.ids.as_ref().is_none_or(|ids| ids.contains(&id))
    }
}

impl WriteBatch {
    /// What applying this batch changes.
    pub fn changes(&self) -> Vec<Change> {
        if self.clear_everything {
            return vec![Change::Everything];
        }
        // The records written and the customers removed, said as sync says the documents it wrote.
        let removed = self.delete_customers.iter().map(|id| DocId::new(Kind::Customer, *id));
        let ids: Vec<DocId> = self.records.iter().map(|(_, r)| r.doc_id()).chain(removed).collect();
        let mut changes = Change::of_docs(&ids);
        if !self.restore_activity.is_empty() && !changes.contains(&Change::Activity) {
            changes.push(Change::Activity);
        }
        let queued = self.outbox_entries().count();
        if queued > 0 {
            changes.push(Change::Queued(u32::try_from(queued).unwrap_or(u32::MAX)));
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::domain::timestamp::Timestamp;

    #[test]
    fn a_batch_says_which_customers_and_areas_it_changes() {
        let c = valid_draft().to_customer(&ctx(), Uuid::from_u128(7), Timestamp(1)).unwrap();
        let batch = WriteBatch {
            delete_customers: vec![Uuid::from_u128(8)],
            ..WriteBatch::of(crate::domain::outbox::Op::Update, [Record::Customer(Box::new(c))])
        };
        assert_eq!(batch.changes(), vec![Change::Customers(vec![Uuid::from_u128(7), Uuid::from_u128(8)])]);
        assert!(WriteBatch::default().changes().is_empty());
    }

    #[test]
    fn a_batch_says_how_many_changes_it_queues_for_the_remote() {
        use crate::domain::activity::{Action, ActivityEntry};
        use crate::domain::outbox::{Entity, Op, OutboxEntry};
        let c = valid_draft().to_customer(&ctx(), Uuid::from_u128(7), Timestamp(1)).unwrap();
        let queued = |id: u128| OutboxEntry {
            mutation_id: Uuid::from_u128(100 + id),
            entity: Entity::Customer,
            entity_id: Uuid::from_u128(id),
            op: Op::Update,
            at: Timestamp(1),
        };
        let logged = ActivityEntry {
            id: Uuid::from_u128(9),
            at: Timestamp(1),
            customer_id: Some(c.id),
            customer_name: c.company.company_name.clone(),
            action: Action::CustomerEdited,
            user: "Jan".into(),
            detail: String::new(),
            typed: None,
        };
        let mut batch = WriteBatch::of(Op::Update, [Record::Customer(Box::new(c)), Record::Activity(logged)]);
        batch.outbox = vec![queued(7), queued(8)];
        // Two changes of customers and the activity entry, which syncs too.
        assert_eq!(batch.changes().last(), Some(&Change::Queued(3)));
        batch.outbox.clear();
        assert_eq!(batch.changes().last(), Some(&Change::Queued(1)));
    }

    #[test]
    fn synced_documents_say_which_areas_changed() {
        let c = Uuid::from_u128(1);
        let ids = [DocId::new(Kind::Customer, c), DocId::new(Kind::Activity, Uuid::from_u128(2))];
        assert_eq!(Change::of_docs(&ids), vec![Change::Customers(vec![c]), Change::Activity]);
        assert!(Change::of_docs(&[]).is_empty());
        let change = CustomerChange { version: 3, ids: Some(vec![c]) };
        assert!(change.concerns(c) && !change.concerns(Uuid::from_u128(9)));
        assert!(CustomerChange { version: 4, ids: None }.concerns(Uuid::from_u128(9)));
    }
}
