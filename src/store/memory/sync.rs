//! Sync's half of the in-memory store: a page works on a copy of the state and swaps it in when it commits,
//! refusing the commit (as IndexedDB's unique index does) when two customers would share a domain.

use std::collections::HashSet;

use serde_json::Value;
use uuid::Uuid;

use super::{MemoryStore, State};
use crate::domain::activity::ActivityEntry;
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::timestamp::Timestamp;
use crate::sync::content::Content;
use crate::sync::decide::Conflict;
use crate::sync::doc::{DocId, Kind, Pending, PendingDoc, PushAck, SyncState};
use crate::sync::held::SetAside;
use crate::sync::local::{LocalError, LocalSide, PageWriter, SyncStore, Wanted};
use crate::sync::records::Record;
use crate::sync::settings::SyncSettings;

/// The writes of one page, on a copy of the state.
pub struct MemoryPage<'a> {
    store: &'a MemoryStore,
    next: State,
}

impl PageWriter for MemoryPage<'_> {
    async fn breathe(&mut self) -> Result<(), LocalError> {
        Ok(())
    }

    fn put_record(&mut self, record: &Record) -> Result<(), LocalError> {
        self.next.put_record(record.clone());
        Ok(())
    }

    fn put_taken(&mut self, record: &Record, _text: &str, state: &SyncState) -> Result<(), LocalError> {
        self.put_record(record)?;
        self.put_state(record.doc_id(), state)
    }

    fn delete_record(&mut self, id: DocId) -> Result<(), LocalError> {
        self.next.delete_record(id);
        Ok(())
    }

    fn put_state(&mut self, id: DocId, state: &SyncState) -> Result<(), LocalError> {
        self.next.sync_states.insert(id, state.clone());
        Ok(())
    }

    fn settle(&mut self, _id: DocId, mutations: &[Uuid]) -> Result<(), LocalError> {
        self.next.outbox.retain(|e| !mutations.contains(&e.mutation_id));
        Ok(())
    }

    fn set_conflict(&mut self, id: DocId, conflict: Option<&Conflict>) -> Result<(), LocalError> {
        match conflict {
            Some(c) => drop(self.next.conflicts.insert(id, c.clone())),
            None => drop(self.next.conflicts.remove(&id)),
        }
        Ok(())
    }

    fn hold(&mut self, held: &SetAside) -> Result<(), LocalError> {
        self.next.held.insert(held.id.clone(), held.clone());
        Ok(())
    }

    fn release(&mut self, id: &str) -> Result<(), LocalError> {
        self.next.held.remove(id);
        Ok(())
    }

    fn queue(&mut self, entry: &OutboxEntry) -> Result<(), LocalError> {
        self.next.outbox.push(entry.clone());
        Ok(())
    }

    fn log(&mut self, entry: &ActivityEntry) -> Result<(), LocalError> {
        self.next.activity.push(entry.clone());
        self.next.outbox.push(OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: Entity::Activity,
            entity_id: entry.id,
            op: Op::Create,
            at: entry.at,
        });
        Ok(())
    }

    fn put_checkpoint(&mut self, checkpoint: &Value) -> Result<(), LocalError> {
        self.next.checkpoint = Some(checkpoint.clone());
        Ok(())
    }

    async fn commit(self) -> Result<(), LocalError> {
        // As IndexedDB, which runs a start over and a page one after the other, never interleaved.
        if self.store.state.borrow().epoch != self.next.epoch {
            return Err(LocalError::StartedOver);
        }
        if self.next.domains_collide() {
            return Err(LocalError::Constraint);
        }
        *self.store.state.borrow_mut() = self.next;
        Ok(())
    }
}

impl SyncStore for MemoryStore {
    type Page<'a> = MemoryPage<'a>;

    async fn read_page(&self, wanted: &[Wanted], epoch: u64) -> Result<(MemoryPage<'_>, Vec<LocalSide>), LocalError> {
        let state = self.state.borrow().clone();
        if state.epoch != epoch {
            return Err(LocalError::StartedOver);
        }
        let sides = wanted
            .iter()
            .map(|w| {
                let id = w.id;
                LocalSide {
                    record: state.record(id),
                    state: state.sync_states.get(&id).cloned(),
                    pending: state.pending_of(id.id),
                    conflict: state.conflicts.get(&id).cloned(),
                    held: state.held.contains_key(&id.to_string()),
                    domain_holder: w.domain.as_ref().and_then(|d| {
                        let holder = state.customers.values().find(|c| c.company.domain == *d);
                        holder.map(|c| (c.id, c.company.company_name.clone()))
                    }),
                }
            })
            .collect();
        Ok((MemoryPage { store: self, next: state }, sides))
    }

    async fn is_empty(&self) -> Result<bool, LocalError> {
        let s = self.state.borrow();
        Ok(Kind::ALL.iter().all(|k| s.count(*k) == 0) && s.sync_states.is_empty() && s.outbox.is_empty())
    }

    async fn known_revs(&self, ids: &[DocId]) -> Result<Vec<Option<String>>, LocalError> {
        let state = self.state.borrow();
        Ok(ids.iter().map(|id| state.sync_states.get(id).map(|s| s.rev.clone())).collect())
    }

    async fn pending_count(&self) -> Result<u32, LocalError> {
        Ok(self.state.borrow().outbox.len() as u32)
    }

    async fn pending_docs(
        &self,
        limit: usize,
        _after: Option<u64>,
        skip: &HashSet<DocId>,
    ) -> Result<Pending, LocalError> {
        let state = self.state.borrow();
        let mut docs: Vec<PendingDoc> = Vec::new();
        for entry in &state.outbox {
            let id = DocId::new(Kind::of(entry.entity), entry.entity_id);
            if state.conflicts.contains_key(&id) || skip.contains(&id) {
                continue;
            }
            match docs.iter().position(|d| d.id == id) {
                Some(i) => docs[i].mutations.push(entry.mutation_id),
                None if docs.len() < limit => docs.push(PendingDoc {
                    id,
                    mutations: vec![entry.mutation_id],
                    data: state.record(id).map(|r| r.to_data().into()),
                    state: state.sync_states.get(&id).cloned(),
                    keys: Vec::new(),
                }),
                None => {}
            }
        }
        Ok(Pending { docs, epoch: state.epoch, resume: None })
    }

    async fn ack_pushed(&self, epoch: u64, acks: Vec<PushAck>) -> Result<(), LocalError> {
        let mut state = self.state.borrow_mut();
        if state.epoch != epoch {
            return Ok(());
        }
        for ack in acks {
            if let Some(rev) = ack.rev {
                let base =
                    ack.data.map(Content::into_value).transpose().map_err(|e| LocalError::Corrupt(e.to_string()))?;
                state.sync_states.insert(ack.id, SyncState::at(rev, base));
            }
            state.outbox.retain(|e| !ack.mutations.contains(&e.mutation_id));
        }
        Ok(())
    }

    async fn forget_revs(&self, ids: &[DocId]) -> Result<(), LocalError> {
        let mut state = self.state.borrow_mut();
        for id in ids {
            state.sync_states.remove(id);
        }
        Ok(())
    }

    async fn checkpoint(&self) -> Result<Option<Value>, LocalError> {
        Ok(self.state.borrow().checkpoint.clone())
    }

    async fn conflicts(&self) -> Result<Vec<Conflict>, LocalError> {
        let mut all: Vec<Conflict> = self.state.borrow().conflicts.values().cloned().collect();
        all.sort_by_key(|c| c.detected_at);
        Ok(all)
    }

    async fn set_aside(&self) -> Result<Vec<SetAside>, LocalError> {
        let mut all: Vec<SetAside> = self.state.borrow().held.values().cloned().collect();
        all.sort_by_key(|h| h.seen_at);
        Ok(all)
    }

    async fn dismiss(&self, ids: &[String]) -> Result<(), LocalError> {
        let mut state = self.state.borrow_mut();
        for id in ids {
            state.held.remove(id);
        }
        Ok(())
    }

    async fn ignore_kind(&self, kind: &str, ignore: bool, ids: &[String]) -> Result<Option<SyncSettings>, LocalError> {
        let mut state = self.state.borrow_mut();
        let Some((settings, _)) = state.sync_settings.as_mut() else { return Ok(None) };
        settings.ignored_kinds.retain(|k| k != kind);
        if ignore {
            settings.ignored_kinds.push(kind.to_string());
        }
        let saved = settings.clone();
        if ignore {
            ids.iter().for_each(|id| drop(state.held.remove(id)));
        }
        Ok(Some(saved))
    }

    async fn device_id(&self) -> Result<Uuid, LocalError> {
        let mut state = self.state.borrow_mut();
        if state.device.is_nil() {
            state.device = Uuid::new_v4();
        }
        Ok(state.device)
    }

    async fn restart_sync(&self, now: Timestamp) -> Result<u64, LocalError> {
        let mut state = self.state.borrow_mut();
        state.start_over(now);
        Ok(state.epoch)
    }

    async fn epoch(&self) -> Result<u64, LocalError> {
        Ok(self.state.borrow().epoch)
    }

    async fn sync_settings(&self) -> Result<Option<(SyncSettings, Option<String>)>, LocalError> {
        Ok(self.state.borrow().sync_settings.clone())
    }

    async fn save_sync_settings(
        &self,
        settings: &SyncSettings,
        secret: Option<&str>,
        now: Timestamp,
    ) -> Result<SyncSettings, LocalError> {
        let mut state = self.state.borrow_mut();
        let before = state.sync_settings.as_ref().map(|(s, _)| s.clone());
        if before.as_ref().map(SyncSettings::remote_key) != Some(settings.remote_key()) {
            state.start_over(now);
        }
        let saved = settings.clone().saved_over(before.as_ref());
        state.sync_settings = Some((saved.clone(), secret.map(String::from)));
        Ok(saved)
    }
}
