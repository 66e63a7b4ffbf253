//! The repository: a [`Store`] trait with an IndexedDB implementation for the browser and an in-memory one
//! for native tests. Every mutation is one [`WriteBatch`] applied atomically (one IndexedDB transaction).

pub mod change;
mod error;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;

pub use error::{StorageUse, StoreError};

use std::ops::Range;

use uuid::Uuid;

use crate::domain::activity::{ActivityEntry, ActivityQuery, LogPosition};
use crate::domain::customer::Customer;
use crate::domain::customer_index::Sort;
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::{PartnerProfile, RelationshipRequest};
use crate::domain::list_row::{CustomerCounts, ListRow};
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::profile::BusinessProfile;
use crate::domain::provider::Provider;
use crate::domain::referral::Referral;
use crate::domain::timestamp::Timestamp;
use crate::sync::doc::DocId;
use crate::sync::local::LocalError;
use crate::sync::records::Record;

/// Everything one use case writes; applied all or nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteBatch {
    /// The records written, each as created or updated: a customer created is inserted (refused if its id
    /// or primary domain exists already), a customer updated must exist, every other record is put. An
    /// activity entry is queued for sync as it is logged (see [`WriteBatch::outbox_entries`]).
    pub records: Vec<(Op, Record)>,
    /// Customers to remove (only undoing an import does this; there is no delete otherwise).
    pub delete_customers: Vec<Uuid>,
    /// Pending changes to queue (a use case makes one per record written: `usecases::Changes`).
    pub outbox: Vec<OutboxEntry>,
    /// Drafts to forget (e.g. the wizard's, once the customer is added).
    pub delete_drafts: Vec<String>,
    /// Sync conflicts the user resolved.
    pub clear_conflicts: Vec<DocId>,
    /// Documents no longer set aside (a flagged record fixed by the user).
    pub release: Vec<DocId>,
    /// Removes every record, draft and pending change and sync's bookkeeping (revisions, conflicts,
    /// documents set aside, the checkpoint) before the rest is written: a backup restored over everything.
    /// Settings stay.
    pub clear_everything: bool,
    /// Activity entries restored as they were, not queued (the backup's pending changes say what syncs).
    pub restore_activity: Vec<ActivityEntry>,
    /// Form drafts restored, by key.
    pub put_drafts: Vec<(String, CustomerDraft)>,
}

impl WriteBatch {
    /// Writes `record` as `op`. Its outbox entry is the caller's (`usecases::Changes` adds both).
    pub fn put(&mut self, op: Op, record: Record) {
        self.records.push((op, record));
    }

    /// A batch that writes `records` as `op` and nothing else (a restore's step).
    pub fn of(op: Op, records: impl IntoIterator<Item = Record>) -> WriteBatch {
        WriteBatch { records: records.into_iter().map(|r| (op, r)).collect(), ..WriteBatch::default() }
    }

    /// The customers it creates (`created`) or updates.
    pub fn customers(&self, created: bool) -> impl Iterator<Item = &Customer> {
        self.records.iter().filter_map(move |(op, r)| match r {
            Record::Customer(c) if (*op == Op::Create) == created => Some(&**c),
            _ => None,
        })
    }

    /// The activity entries it logs (and queues).
    pub fn activity(&self) -> impl Iterator<Item = &ActivityEntry> {
        self.records.iter().filter_map(|(_, r)| match r {
            Record::Activity(a) => Some(a),
            _ => None,
        })
    }

    /// The outbox entries to store: the batch's own, and one per activity entry (the log syncs too).
    pub fn outbox_entries(&self) -> impl Iterator<Item = OutboxEntry> + '_ {
        self.outbox.iter().cloned().chain(self.activity().map(|a| OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: Entity::Activity,
            entity_id: a.id,
            op: Op::Create,
            at: a.at,
        }))
    }
}

/// Where customers, the outbox, the activity log and form drafts live.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every customer.
    async fn customers(&self) -> Result<Vec<Customer>, StoreError>;
    /// One customer by id.
    async fn customer(&self, id: Uuid) -> Result<Option<Customer>, StoreError>;
    /// The customers of `ids` that exist, in the order of `ids`.
    async fn customers_of(&self, ids: &[Uuid]) -> Result<Vec<Customer>, StoreError>;
    /// The customer whose primary domain is `domain` (lower case).
    async fn customer_by_domain(&self, domain: &str) -> Result<Option<Customer>, StoreError>;
    /// How many customers there are, ended and without billing details among them.
    async fn customer_counts(&self) -> Result<CustomerCounts, StoreError>;
    /// How many customers were added in each of `spans` (half-open), ended ones included — from counts.
    async fn customers_added(&self, spans: &[Range<Timestamp>]) -> Result<Vec<u32>, StoreError>;
    /// Up to `limit` list rows in id order, after customer `after` (reading the whole list in chunks).
    async fn list_rows(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<ListRow>, StoreError>;
    /// The first `limit` list rows in `sort`'s order, when the store keeps an index in that order (the list's
    /// first screen before the whole list is read); `None` when it keeps none.
    async fn first_rows(&self, sort: Sort, limit: u32) -> Result<Option<Vec<ListRow>>, StoreError>;
    /// The list rows of `ids` (customers that no longer exist are left out).
    async fn list_rows_of(&self, ids: &[Uuid]) -> Result<Vec<ListRow>, StoreError>;
    /// Pending changes, oldest first.
    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError>;
    /// Up to `limit` pending changes with their keys, oldest first, after the one with key `after` (0: from
    /// the first); a backup reads them in chunks.
    async fn outbox_after(&self, after: f64, limit: u32) -> Result<Vec<(f64, OutboxEntry)>, StoreError>;
    /// Activity entries, newest first, optionally only those of one customer.
    async fn activity(&self, customer: Option<Uuid>) -> Result<Vec<ActivityEntry>, StoreError>;
    /// Up to `limit` entries of `query`, newest first, after `after` (the last entry of the page before).
    async fn activity_page(
        &self,
        query: &ActivityQuery,
        after: Option<LogPosition>,
        limit: u32,
    ) -> Result<Vec<ActivityEntry>, StoreError>;
    /// Up to `limit` activity entries in id order after the one with id `after` (a backup reads the whole
    /// log in chunks).
    async fn activity_after(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<ActivityEntry>, StoreError>;
    /// How many entries `query` matches.
    async fn count_activity(&self, query: &ActivityQuery) -> Result<u32, StoreError>;
    /// A saved form draft.
    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError>;
    /// Saves a form draft (its own small transaction: drafts are not changes to sync).
    async fn save_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError>;
    /// Every saved form draft, with its key.
    async fn drafts(&self) -> Result<Vec<(String, CustomerDraft)>, StoreError>;
    /// Up to `limit` customers as their stored JSON text, in id order, after customer `after` (a backup
    /// reads them in chunks, without parsing them).
    async fn customer_documents(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<(Uuid, String)>, StoreError>;
    /// When a backup was last downloaded on this device (`None`: never).
    async fn last_backup(&self) -> Result<Option<Timestamp>, StoreError>;
    /// Notes that a backup was downloaded at `at`.
    async fn backup_made(&self, at: Timestamp) -> Result<(), StoreError>;
    /// Every relationship request, newest first.
    async fn requests(&self) -> Result<Vec<RelationshipRequest>, StoreError>;
    /// Every referral, newest received first.
    async fn referrals(&self) -> Result<Vec<Referral>, StoreError>;
    /// Every indirect provider, by name.
    async fn providers(&self) -> Result<Vec<Provider>, StoreError>;
    /// Every region's business profile that has been saved.
    async fn business_profiles(&self) -> Result<Vec<BusinessProfile>, StoreError>;
    /// The partner's own details, if set.
    async fn partner_profile(&self) -> Result<Option<PartnerProfile>, StoreError>;
    /// Saves the partner's own details (settings of this device, not synced).
    async fn save_partner_profile(&self, profile: &PartnerProfile) -> Result<(), StoreError>;
    /// Applies `batch` in one transaction: all of it or nothing.
    async fn apply(&self, batch: WriteBatch) -> Result<(), StoreError>;
}

impl From<StoreError> for LocalError {
    fn from(e: StoreError) -> LocalError {
        match e {
            StoreError::QuotaExceeded(_) => LocalError::Full,
            StoreError::Constraint => LocalError::Constraint,
            StoreError::Corrupt(why) => LocalError::Corrupt(why),
            StoreError::NewerVersion => LocalError::NewerVersion,
            other => LocalError::Failed(other.to_string()),
        }
    }
}

/// An outbox entry that queues record `id` of `entity` again (for a new remote).
pub fn requeue(entity: Entity, id: Uuid, at: Timestamp) -> OutboxEntry {
    OutboxEntry { mutation_id: Uuid::new_v4(), entity, entity_id: id, op: Op::Update, at }
}
