//! An in-memory [`Store`] with the same constraints as the IndexedDB one, for native tests.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::{Store, StoreError, WriteBatch};
use crate::domain::activity::ActivityEntry;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::{PartnerProfile, RelationshipRequest};
use crate::domain::outbox::OutboxEntry;

#[derive(Default, Clone)]
struct State {
    customers: BTreeMap<Uuid, Customer>,
    outbox: Vec<OutboxEntry>,
    activity: Vec<ActivityEntry>,
    drafts: HashMap<String, CustomerDraft>,
    requests: BTreeMap<Uuid, RelationshipRequest>,
    partner: Option<PartnerProfile>,
}

/// A store that lives as long as the value; single-threaded like the browser.
#[derive(Default)]
pub struct MemoryStore {
    state: RefCell<State>,
}

impl Store for MemoryStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        Ok(self.state.borrow().customers.values().cloned().collect())
    }

    async fn customer(&self, id: Uuid) -> Result<Option<Customer>, StoreError> {
        Ok(self.state.borrow().customers.get(&id).cloned())
    }

    async fn customer_by_domain(&self, domain: &str) -> Result<Option<Customer>, StoreError> {
        Ok(self.state.borrow().customers.values().find(|c| c.company.domain == domain).cloned())
    }

    async fn count_customers(&self) -> Result<u32, StoreError> {
        Ok(self.state.borrow().customers.len() as u32)
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        Ok(self.state.borrow().outbox.clone())
    }

    async fn activity(&self, customer: Option<Uuid>) -> Result<Vec<ActivityEntry>, StoreError> {
        let state = self.state.borrow();
        let mut entries: Vec<ActivityEntry> =
            state.activity.iter().filter(|a| customer.is_none() || a.customer_id == customer).cloned().collect();
        entries.sort_by(|a, b| b.at.cmp(&a.at));
        Ok(entries)
    }

    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError> {
        Ok(self.state.borrow().drafts.get(key).cloned())
    }

    async fn save_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError> {
        self.state.borrow_mut().drafts.insert(key.to_string(), draft.clone());
        Ok(())
    }

    async fn requests(&self) -> Result<Vec<RelationshipRequest>, StoreError> {
        let mut all: Vec<RelationshipRequest> = self.state.borrow().requests.values().cloned().collect();
        all.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        Ok(all)
    }

    async fn partner_profile(&self) -> Result<Option<PartnerProfile>, StoreError> {
        Ok(self.state.borrow().partner.clone())
    }

    async fn save_partner_profile(&self, profile: &PartnerProfile) -> Result<(), StoreError> {
        self.state.borrow_mut().partner = Some(profile.clone());
        Ok(())
    }

    async fn apply(&self, batch: WriteBatch) -> Result<(), StoreError> {
        // Work on a copy and swap it in at the end, so a failure leaves nothing half written.
        let mut next = self.state.borrow().clone();
        for c in batch.insert_customers {
            if next.customers.contains_key(&c.id) {
                return Err(StoreError::DuplicateId(c.id.to_string()));
            }
            if next.customers.values().any(|o| o.company.domain == c.company.domain) {
                return Err(StoreError::DuplicateDomain(c.company.domain));
            }
            next.customers.insert(c.id, c);
        }
        for c in batch.update_customers {
            if !next.customers.contains_key(&c.id) {
                return Err(StoreError::MissingCustomer(c.id.to_string()));
            }
            if next.customers.values().any(|o| o.id != c.id && o.company.domain == c.company.domain) {
                return Err(StoreError::DuplicateDomain(c.company.domain));
            }
            next.customers.insert(c.id, c);
        }
        for id in batch.delete_customers {
            next.customers.remove(&id);
        }
        for r in batch.put_requests {
            next.requests.insert(r.id, r);
        }
        next.outbox.extend(batch.outbox);
        next.activity.extend(batch.activity);
        for key in batch.delete_drafts {
            next.drafts.remove(&key);
        }
        *self.state.borrow_mut() = next;
        Ok(())
    }
}
