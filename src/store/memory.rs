//! An in-memory [`Store`] with the same constraints as the IndexedDB one, for native tests.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::{Bound, Range};

use serde_json::Value;
use uuid::Uuid;

use super::{requeue, Store, StoreError, WriteBatch};
use crate::domain::activity::{newest_first, ActivityEntry, ActivityQuery, LogPosition};
use crate::domain::customer::Customer;
use crate::domain::customer_index::{CustomerIndex, Sort};
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::{PartnerProfile, RelationshipRequest};
use crate::domain::list_row::{added_in, CustomerCounts, ListRow};
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::profile::BusinessProfile;
use crate::domain::provider::Provider;
use crate::domain::referral::Referral;
use crate::domain::search::CustomerQuery;
use crate::domain::timestamp::Timestamp;
use crate::sync::decide::Conflict;
use crate::sync::doc::{DocId, Kind, SyncState};
use crate::sync::held::SetAside;
use crate::sync::records::Record;
use crate::sync::settings::SyncSettings;

mod sync;

#[derive(Default, Clone)]
struct State {
    customers: BTreeMap<Uuid, Customer>,
    outbox: Vec<OutboxEntry>,
    activity: Vec<ActivityEntry>,
    drafts: HashMap<String, CustomerDraft>,
    requests: BTreeMap<Uuid, RelationshipRequest>,
    referrals: BTreeMap<Uuid, Referral>,
    providers: BTreeMap<Uuid, Provider>,
    profiles: BTreeMap<Uuid, BusinessProfile>,
    partner: Option<PartnerProfile>,
    sync_states: BTreeMap<DocId, SyncState>,
    conflicts: BTreeMap<DocId, Conflict>,
    held: BTreeMap<String, SetAside>,
    checkpoint: Option<Value>,
    /// Sync's epoch: it changes when sync starts over.
    epoch: u64,
    device: Uuid,
    sync_settings: Option<(SyncSettings, Option<String>)>,
    last_backup: Option<Timestamp>,
}

impl State {
    fn record(&self, id: DocId) -> Option<Record> {
        match id.kind {
            Kind::Customer => self.customers.get(&id.id).map(|c| Record::Customer(Box::new(c.clone()))),
            Kind::Request => self.requests.get(&id.id).cloned().map(Record::Request),
            Kind::Activity => self.activity.iter().find(|a| a.id == id.id).cloned().map(Record::Activity),
            Kind::Referral => self.referrals.get(&id.id).cloned().map(|r| Record::Referral(Box::new(r))),
            Kind::Provider => self.providers.get(&id.id).cloned().map(Record::Provider),
            Kind::Profile => self.profiles.get(&id.id).cloned().map(|p| Record::Profile(Box::new(p))),
        }
    }

    /// How many records of `kind` there are.
    fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Customer => self.customers.len(),
            Kind::Request => self.requests.len(),
            Kind::Activity => self.activity.len(),
            Kind::Referral => self.referrals.len(),
            Kind::Provider => self.providers.len(),
            Kind::Profile => self.profiles.len(),
        }
    }

    fn pending_of(&self, id: Uuid) -> Vec<Uuid> {
        self.outbox.iter().filter(|e| e.entity_id == id).map(|e| e.mutation_id).collect()
    }

    /// Writes `record` (primary domains are checked when a page commits).
    fn put_record(&mut self, record: Record) {
        match record {
            Record::Customer(c) => drop(self.customers.insert(c.id, *c)),
            Record::Request(r) => drop(self.requests.insert(r.id, r)),
            Record::Activity(a) => {
                self.activity.retain(|o| o.id != a.id);
                self.activity.push(a);
            }
            Record::Referral(r) => drop(self.referrals.insert(r.id, *r)),
            Record::Provider(p) => drop(self.providers.insert(p.id, p)),
            Record::Profile(p) => drop(self.profiles.insert(p.id, *p)),
        }
    }

    /// Whether two customers share a primary domain.
    fn domains_collide(&self) -> bool {
        let mut seen = std::collections::HashSet::new();
        !self.customers.values().all(|c| seen.insert(c.company.domain.as_str()))
    }

    /// Forgets revisions, conflicts and the checkpoint, and queues every record not queued yet.
    fn start_over(&mut self, now: Timestamp) {
        self.sync_states.clear();
        self.conflicts.clear();
        self.held.clear();
        self.checkpoint = None;
        self.epoch += 1;
        let queued: Vec<Uuid> = self.outbox.iter().map(|e| e.entity_id).collect();
        let mut records: Vec<(Entity, Uuid)> = self.customers.keys().map(|id| (Entity::Customer, *id)).collect();
        records.extend(self.requests.keys().map(|id| (Entity::RelationshipRequest, *id)));
        records.extend(self.activity.iter().map(|a| (Entity::Activity, a.id)));
        records.extend(self.referrals.keys().map(|id| (Entity::Referral, *id)));
        records.extend(self.providers.keys().map(|id| (Entity::Provider, *id)));
        records.extend(self.profiles.keys().map(|id| (Entity::BusinessProfile, *id)));
        for (entity, id) in records.into_iter().filter(|(_, id)| !queued.contains(id)) {
            self.outbox.push(requeue(entity, id, now));
        }
    }

    fn delete_record(&mut self, id: DocId) {
        match id.kind {
            Kind::Customer => drop(self.customers.remove(&id.id)),
            Kind::Request => drop(self.requests.remove(&id.id)),
            Kind::Activity => self.activity.retain(|a| a.id != id.id),
            Kind::Referral => drop(self.referrals.remove(&id.id)),
            Kind::Provider => drop(self.providers.remove(&id.id)),
            Kind::Profile => drop(self.profiles.remove(&id.id)),
        }
    }
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

    async fn customers_of(&self, ids: &[Uuid]) -> Result<Vec<Customer>, StoreError> {
        let state = self.state.borrow();
        Ok(ids.iter().filter_map(|id| state.customers.get(id).cloned()).collect())
    }

    async fn customer_by_domain(&self, domain: &str) -> Result<Option<Customer>, StoreError> {
        Ok(self.state.borrow().customers.values().find(|c| c.company.domain == domain).cloned())
    }

    async fn customer_counts(&self) -> Result<CustomerCounts, StoreError> {
        let rows: Vec<ListRow> = self.state.borrow().customers.values().map(ListRow::from).collect();
        Ok(CustomerCounts::of(&rows))
    }

    async fn customers_added(&self, spans: &[Range<Timestamp>]) -> Result<Vec<u32>, StoreError> {
        let rows: Vec<ListRow> = self.state.borrow().customers.values().map(ListRow::from).collect();
        Ok(added_in(&rows, spans))
    }

    async fn list_rows(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<ListRow>, StoreError> {
        let state = self.state.borrow();
        let from =
            after.map(|a| (Bound::Excluded(a), Bound::Unbounded)).unwrap_or((Bound::Unbounded, Bound::Unbounded));
        Ok(state.customers.range(from).take(limit as usize).map(|(_, c)| ListRow::from(c)).collect())
    }

    async fn first_rows(&self, sort: Sort, limit: u32) -> Result<Option<Vec<ListRow>>, StoreError> {
        let mut index = CustomerIndex::new(sort);
        index.upsert(self.state.borrow().customers.values().map(ListRow::from));
        let all = CustomerQuery { show_ended: true, ..CustomerQuery::default() };
        Ok(Some(index.query(&all).iter().take(limit as usize).map(|p| index.row(*p)).collect()))
    }

    async fn list_rows_of(&self, ids: &[Uuid]) -> Result<Vec<ListRow>, StoreError> {
        let state = self.state.borrow();
        Ok(ids.iter().filter_map(|id| state.customers.get(id)).map(ListRow::from).collect())
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        Ok(self.state.borrow().outbox.clone())
    }

    async fn activity(&self, customer: Option<Uuid>) -> Result<Vec<ActivityEntry>, StoreError> {
        let state = self.state.borrow();
        let mut entries: Vec<ActivityEntry> =
            state.activity.iter().filter(|a| customer.is_none() || a.customer_id == customer).cloned().collect();
        newest_first(&mut entries);
        Ok(entries)
    }

    async fn activity_page(
        &self,
        query: &ActivityQuery,
        after: Option<LogPosition>,
        limit: u32,
    ) -> Result<Vec<ActivityEntry>, StoreError> {
        Ok(query.page(self.state.borrow().activity.iter().cloned(), after, limit as usize))
    }

    async fn activity_after(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<ActivityEntry>, StoreError> {
        let mut entries: Vec<ActivityEntry> =
            self.state.borrow().activity.iter().filter(|a| after.is_none_or(|id| a.id > id)).cloned().collect();
        entries.sort_by_key(|a| a.id);
        entries.truncate(limit as usize);
        Ok(entries)
    }

    async fn count_activity(&self, query: &ActivityQuery) -> Result<u32, StoreError> {
        Ok(self.state.borrow().activity.iter().filter(|e| query.matches(e)).count() as u32)
    }

    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError> {
        Ok(self.state.borrow().drafts.get(key).cloned())
    }

    async fn save_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError> {
        self.state.borrow_mut().drafts.insert(key.to_string(), draft.clone());
        Ok(())
    }

    async fn outbox_after(&self, after: f64, limit: u32) -> Result<Vec<(f64, OutboxEntry)>, StoreError> {
        // Keys as an auto-incremented store gives them: 1, 2, 3, … in order.
        let state = self.state.borrow();
        let keyed = state.outbox.iter().enumerate().map(|(i, e)| ((i + 1) as f64, e.clone()));
        Ok(keyed.filter(|(k, _)| *k > after).take(limit as usize).collect())
    }

    async fn drafts(&self) -> Result<Vec<(String, CustomerDraft)>, StoreError> {
        let mut all: Vec<_> = self.state.borrow().drafts.iter().map(|(k, d)| (k.clone(), d.clone())).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(all)
    }

    async fn customer_documents(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<(Uuid, String)>, StoreError> {
        let state = self.state.borrow();
        // Stored as the IndexedDB store keys them: by the id's text.
        let mut ids: Vec<&Uuid> = state.customers.keys().collect();
        ids.sort_by_key(|id| id.to_string());
        let after = after.map(|a| a.to_string());
        ids.into_iter()
            .filter(|id| after.as_ref().is_none_or(|a| id.to_string() > *a))
            .take(limit as usize)
            .map(|id| {
                let text =
                    serde_json::to_string(&state.customers[id]).map_err(|e| StoreError::Failed(e.to_string()))?;
                Ok((*id, text))
            })
            .collect()
    }

    async fn last_backup(&self) -> Result<Option<Timestamp>, StoreError> {
        Ok(self.state.borrow().last_backup)
    }

    async fn backup_made(&self, at: Timestamp) -> Result<(), StoreError> {
        self.state.borrow_mut().last_backup = Some(at);
        Ok(())
    }

    async fn requests(&self) -> Result<Vec<RelationshipRequest>, StoreError> {
        let mut all: Vec<RelationshipRequest> = self.state.borrow().requests.values().cloned().collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(all)
    }

    async fn referrals(&self) -> Result<Vec<Referral>, StoreError> {
        let mut all: Vec<Referral> = self.state.borrow().referrals.values().cloned().collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.received_on));
        Ok(all)
    }

    async fn providers(&self) -> Result<Vec<Provider>, StoreError> {
        let mut all: Vec<Provider> = self.state.borrow().providers.values().cloned().collect();
        all.sort_by_key(|p| p.name.to_lowercase());
        Ok(all)
    }

    async fn business_profiles(&self) -> Result<Vec<BusinessProfile>, StoreError> {
        Ok(self.state.borrow().profiles.values().cloned().collect())
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
        if batch.clear_everything {
            next = State {
                epoch: next.epoch,
                device: next.device,
                sync_settings: next.sync_settings,
                partner: next.partner,
                last_backup: next.last_backup,
                ..State::default()
            };
        }
        next.outbox.extend(batch.outbox_entries());
        for (op, record) in batch.records {
            match record {
                Record::Customer(c) if op == Op::Create => {
                    if next.customers.contains_key(&c.id) {
                        return Err(StoreError::DuplicateId(c.id.to_string()));
                    }
                    if next.customers.values().any(|o| o.company.domain == c.company.domain) {
                        return Err(StoreError::DuplicateDomain(c.company.domain));
                    }
                    next.customers.insert(c.id, *c);
                }
                Record::Customer(c) => {
                    if !next.customers.contains_key(&c.id) {
                        return Err(StoreError::MissingCustomer(c.id.to_string()));
                    }
                    if next.customers.values().any(|o| o.id != c.id && o.company.domain == c.company.domain) {
                        return Err(StoreError::DuplicateDomain(c.company.domain));
                    }
                    next.customers.insert(c.id, *c);
                }
                Record::Request(r) => {
                    next.requests.insert(r.id, r);
                }
                Record::Referral(r) => {
                    next.referrals.insert(r.id, *r);
                }
                Record::Provider(p) => {
                    next.providers.insert(p.id, p);
                }
                Record::Profile(p) => {
                    next.profiles.insert(p.id, *p);
                }
                Record::Activity(a) => next.activity.push(a),
            }
        }
        for id in batch.delete_customers {
            next.customers.remove(&id);
        }
        next.activity.extend(batch.restore_activity);
        next.drafts.extend(batch.put_drafts);
        for id in batch.clear_conflicts {
            next.conflicts.remove(&id);
        }
        for id in batch.release {
            next.held.remove(&id.to_string());
        }
        for key in batch.delete_drafts {
            next.drafts.remove(&key);
        }
        *self.state.borrow_mut() = next;
        Ok(())
    }
}
