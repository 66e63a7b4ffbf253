//! A remote held in memory with CouchDB's rules (server-made revisions, a changes feed by sequence, a push
//! on a stale revision is a conflict), and faults on demand: a request that fails before it arrives, or one
//! whose answer is lost after the remote applied it. Native tests sync stores through it; the e2e suite's
//! HTTP test server keeps its documents in it.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{json, Value};
use uuid::Uuid;

use super::doc::{DocId, RemoteDoc};
use super::remote::{PullPage, PushDoc, PushResult, Remote, RemoteError};

/// What goes wrong with the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request goes through (to fail a later one).
    Pass,
    /// The request never arrives.
    Fail,
    /// The remote applies the request, but its answer is lost.
    LoseAnswer,
}

#[derive(Debug, Clone)]
struct Stored {
    doc: RemoteDoc,
    generation: u64,
    seq: u64,
}

/// Documents, the sequence counter, and the faults queued for the next requests.
#[derive(Debug, Default)]
pub struct MemoryRemote {
    docs: RefCell<BTreeMap<DocId, Stored>>,
    seq: RefCell<u64>,
    faults: RefCell<Vec<Fault>>,
    checkpoints: RefCell<BTreeMap<String, Value>>,
}

/// One device's connection to a [`MemoryRemote`] (checkpoints are kept per device, as CouchDB's `_local`).
#[derive(Debug, Clone, Copy)]
pub struct MemoryClient<'a> {
    pub remote: &'a MemoryRemote,
    pub device: &'a str,
}

impl MemoryRemote {
    /// The connection of device `device`.
    pub fn client<'a>(&'a self, device: &'a str) -> MemoryClient<'a> {
        MemoryClient { remote: self, device }
    }

    /// Forgets every document and checkpoint, as a recreated database would.
    pub fn reset(&self) {
        self.docs.borrow_mut().clear();
        self.checkpoints.borrow_mut().clear();
    }
    /// Queues `faults` for the next requests, in order.
    pub fn fail_next(&self, faults: &[Fault]) {
        self.faults.borrow_mut().extend_from_slice(faults);
    }

    /// Every live (not deleted) document.
    pub fn live_docs(&self) -> Vec<RemoteDoc> {
        self.docs.borrow().values().filter(|s| !s.doc.deleted()).map(|s| s.doc.clone()).collect()
    }

    /// One document, deleted or not.
    pub fn doc(&self, id: DocId) -> Option<RemoteDoc> {
        self.docs.borrow().get(&id).map(|s| s.doc.clone())
    }

    /// How many versions were written in all.
    pub fn writes(&self) -> u64 {
        *self.seq.borrow()
    }

    /// Applies the push of `doc` if its assumed revision is current; the conflicting version otherwise.
    pub fn push_one(&self, doc: &PushDoc) -> Result<String, Option<RemoteDoc>> {
        let current = self.docs.borrow().get(&doc.id).cloned();
        let assumed = doc.assumed.as_ref().map(|(rev, _)| rev.as_str());
        if current.as_ref().map(|s| s.doc.rev.as_str()) != assumed {
            return Err(current.map(|s| s.doc));
        }
        let generation = current.map(|s| s.generation).unwrap_or(0) + 1;
        Ok(self.store(doc.id, generation, doc.mutation_id, doc.data.clone()))
    }

    /// The newest version of each document changed after sequence `since`, at most `limit`, and the last
    /// sequence included; whether more follow.
    pub fn changes(&self, since: u64, limit: usize) -> (Vec<RemoteDoc>, u64, bool) {
        let mut changed: Vec<Stored> = self.docs.borrow().values().filter(|s| s.seq > since).cloned().collect();
        changed.sort_by_key(|s| s.seq);
        let more = changed.len() > limit;
        changed.truncate(limit);
        let last = changed.last().map(|s| s.seq).unwrap_or(since);
        (changed.into_iter().map(|s| s.doc).collect(), last, more)
    }

    fn store(&self, id: DocId, generation: u64, mutation: Uuid, data: Option<Value>) -> String {
        let rev = format!("{generation}-{}", mutation.simple());
        let mut seq = self.seq.borrow_mut();
        *seq += 1;
        let doc = RemoteDoc { id, rev: rev.clone(), mutation_id: Some(mutation), data };
        self.docs.borrow_mut().insert(id, Stored { doc, generation, seq: *seq });
        rev
    }

    fn fault(&self) -> Option<Fault> {
        let mut faults = self.faults.borrow_mut();
        (!faults.is_empty()).then(|| faults.remove(0))
    }
}

fn lost() -> RemoteError {
    RemoteError::Unreachable("the answer was lost".into())
}

impl Remote for MemoryClient<'_> {
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize) -> Result<PullPage, RemoteError> {
        let fault = self.remote.fault();
        if fault == Some(Fault::Fail) {
            return Err(RemoteError::Unreachable("no network".into()));
        }
        let since = checkpoint.and_then(|c| c.get("seq")).and_then(Value::as_u64).unwrap_or(0);
        let (docs, last, more) = self.remote.changes(since, limit);
        match fault {
            Some(Fault::LoseAnswer) => Err(lost()),
            _ => Ok(PullPage { docs, checkpoint: json!({ "seq": last }), more }),
        }
    }

    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError> {
        let fault = self.remote.fault();
        if fault == Some(Fault::Fail) {
            return Err(RemoteError::Unreachable("no network".into()));
        }
        let mut result = PushResult::default();
        for doc in docs {
            match self.remote.push_one(doc) {
                Ok(rev) => result.written.push((doc.id, rev)),
                Err(current) => result.conflicts.extend(current),
            }
        }
        match fault {
            Some(Fault::LoseAnswer) => Err(lost()),
            _ => Ok(result),
        }
    }

    async fn total(&self) -> Result<Option<u64>, RemoteError> {
        Ok(Some(self.remote.docs.borrow().len() as u64))
    }

    async fn load_checkpoint(&self, _local: Option<&Value>) -> Result<Option<Value>, RemoteError> {
        Ok(self.remote.checkpoints.borrow().get(self.device).cloned())
    }

    async fn save_checkpoint(&self, checkpoint: &Value) -> Result<(), RemoteError> {
        self.remote.checkpoints.borrow_mut().insert(self.device.to_string(), checkpoint.clone());
        Ok(())
    }
}
