//! The repository: a [`Store`] trait with an IndexedDB implementation for the browser and an in-memory one
//! for native tests. Every mutation is one [`WriteBatch`] applied atomically (one IndexedDB transaction).

mod error;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;

pub use error::StoreError;

use uuid::Uuid;

use crate::domain::activity::ActivityEntry;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::{PartnerProfile, RelationshipRequest};
use crate::domain::outbox::OutboxEntry;

/// Everything one use case writes; applied all or nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteBatch {
    /// New customers; fails if the id or the primary domain exists already.
    pub insert_customers: Vec<Customer>,
    /// Changed customers; fails if one does not exist (or its domain collides with another's).
    pub update_customers: Vec<Customer>,
    pub outbox: Vec<OutboxEntry>,
    pub activity: Vec<ActivityEntry>,
    /// Customers to remove (only undoing an import does this; there is no delete otherwise).
    pub delete_customers: Vec<Uuid>,
    /// New or changed relationship requests.
    pub put_requests: Vec<RelationshipRequest>,
    /// Drafts to forget (e.g. the wizard's, once the customer is added).
    pub delete_drafts: Vec<String>,
}

/// Where customers, the outbox, the activity log and form drafts live.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every customer.
    async fn customers(&self) -> Result<Vec<Customer>, StoreError>;
    /// One customer by id.
    async fn customer(&self, id: Uuid) -> Result<Option<Customer>, StoreError>;
    /// The customer whose primary domain is `domain` (lower case).
    async fn customer_by_domain(&self, domain: &str) -> Result<Option<Customer>, StoreError>;
    /// How many customers there are.
    async fn count_customers(&self) -> Result<u32, StoreError>;
    /// Pending changes, oldest first.
    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError>;
    /// Activity entries, newest first, optionally only those of one customer.
    async fn activity(&self, customer: Option<Uuid>) -> Result<Vec<ActivityEntry>, StoreError>;
    /// A saved form draft.
    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError>;
    /// Saves a form draft (its own small transaction: drafts are not changes to sync).
    async fn save_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError>;
    /// Every relationship request, newest first.
    async fn requests(&self) -> Result<Vec<RelationshipRequest>, StoreError>;
    /// The partner's own details, if set.
    async fn partner_profile(&self) -> Result<Option<PartnerProfile>, StoreError>;
    /// Saves the partner's own details (settings of this device, not synced).
    async fn save_partner_profile(&self, profile: &PartnerProfile) -> Result<(), StoreError>;
    /// Applies `batch` in one transaction: all of it or nothing.
    async fn apply(&self, batch: WriteBatch) -> Result<(), StoreError>;
}
