//! A remote held in memory with CouchDB's rules: server-made revisions in a revision tree per document, a
//! changes feed by sequence, a push on a stale revision is a conflict, the winner among several leaves
//! picked as CouchDB picks it — and what other replicators do: a write with `new_edits=false` that grows a
//! conflict branch, compaction that forgets old contents, and foreign documents. Faults on demand: a request
//! that fails before it arrives, or one whose answer is lost after the remote applied it. Native tests sync
//! stores through it.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{json, Value};
use uuid::Uuid;

use super::content::Content;
use super::doc::{Ancestor, Body, Branch, DocId, RemoteDoc};
use super::held::Unusable;
use super::remote::{Fetched, PullPage, PushDoc, PushResult, Remote, RemoteError, Stub};
use super::wire::{common, from_couch, generation, own_since, Read};

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

/// One leaf of a document's revision tree.
#[derive(Debug, Clone)]
struct Leaf {
    /// Its revision and every ancestor's, newest first.
    history: Vec<String>,
    mutation_id: Option<Uuid>,
    data: Option<Value>,
}

impl Leaf {
    fn rev(&self) -> &str {
        &self.history[0]
    }
}

/// A document: its leaves, the contents of revisions not compacted away (with the change that wrote each),
/// and its last change.
#[derive(Debug, Clone, Default)]
struct Tree {
    leaves: Vec<Leaf>,
    bodies: BTreeMap<String, (Option<Uuid>, Option<Value>)>,
    seq: u64,
}

impl Tree {
    /// The winning leaf as CouchDB picks it: live before deleted, then the longest history, then the
    /// greater revision.
    fn winner(&self) -> Option<&Leaf> {
        self.leaves.iter().max_by(|a, b| {
            (a.data.is_some(), generation(a.rev()), a.rev()).cmp(&(b.data.is_some(), generation(b.rev()), b.rev()))
        })
    }

    fn leaf_index(&self, rev: &str) -> Option<usize> {
        self.leaves.iter().position(|l| l.rev() == rev)
    }

    /// Grows a child of leaf `parent` (a new leaf when `None`).
    fn grow(&mut self, parent: Option<&str>, rev: String, mutation_id: Option<Uuid>, data: Option<Value>) {
        let mut history = vec![rev.clone()];
        if let Some(i) = parent.and_then(|p| self.leaf_index(p)) {
            history.extend(self.leaves.remove(i).history);
        } else if let Some(p) = parent {
            // A new branch off an inner revision: it shares that revision's ancestry.
            let ancestry =
                self.leaves.iter().find_map(|l| l.history.iter().position(|r| r == p).map(|i| &l.history[i..]));
            history.extend(ancestry.map(<[String]>::to_vec).unwrap_or_else(|| vec![p.to_string()]));
        }
        self.bodies.insert(rev, (mutation_id, data.clone()));
        self.leaves.push(Leaf { history, mutation_id, data });
    }

    /// The winner as a remote version, with its live losing leaves as branches.
    fn version(&self, id: DocId) -> Option<RemoteDoc> {
        let winner = self.winner()?;
        let mut doc = RemoteDoc::new(id, winner.rev().to_string(), winner.mutation_id, winner.data.clone());
        for loser in self.leaves.iter().filter(|l| l.rev() != winner.rev() && l.data.is_some()) {
            let common = common(&loser.history, &winner.history);
            let content = |r: &String| self.bodies.get(r).and_then(|(_, data)| data.clone());
            let base = common.first().and_then(content);
            // Each leaf's own revisions after the common one whose contents are not compacted away.
            let since =
                |history: &[String]| -> Vec<Value> { own_since(history, &common).iter().filter_map(content).collect() };
            let (since, winner_since) = (since(&loser.history), since(&winner.history));
            let (rev, mutation_id, data) = (loser.rev().to_string(), loser.mutation_id, loser.data.clone()?);
            doc.branches.push(Branch { rev, mutation_id, data, common, base, since, winner_since });
        }
        Some(doc)
    }

    /// The winner's own revisions after `known` (the ten newest when it is not one of them), as
    /// [`RemoteDoc::ancestors`].
    fn ancestors(&self, known: Option<&str>) -> Vec<Ancestor> {
        let Some(winner) = self.winner() else { return Vec::new() };
        let known: Vec<String> = known.map(String::from).into_iter().collect();
        let revs = own_since(&winner.history, &known);
        let body = |rev: &String| self.bodies.get(rev).cloned();
        revs.iter()
            .filter_map(body)
            .map(|(mutation_id, data)| Ancestor { mutation_id, body: Body::Sent(data) })
            .collect()
    }
}

/// Documents, the sequence counter, and the faults queued for the next requests.
#[derive(Debug, Default)]
pub struct MemoryRemote {
    docs: RefCell<BTreeMap<DocId, Tree>>,
    /// Documents of other apps or in shapes this app can't take, as CouchDB JSON, with their sequence.
    foreign: RefCell<BTreeMap<String, (Value, u64)>>,
    seq: RefCell<u64>,
    faults: RefCell<Vec<Fault>>,
    checkpoints: RefCell<BTreeMap<String, Value>>,
    /// Requests answered, by name ("pull", "fetch", "push").
    requests: RefCell<BTreeMap<&'static str, u64>>,
    /// Whether conflicts name the earlier revisions' changes without their contents.
    no_old_contents: std::cell::Cell<bool>,
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
        self.foreign.borrow_mut().clear();
        self.checkpoints.borrow_mut().clear();
    }

    /// Forgets one document entirely, as a purge does.
    pub fn purge(&self, id: DocId) {
        self.docs.borrow_mut().remove(&id);
    }

    /// Queues `faults` for the next requests, in order.
    pub fn fail_next(&self, faults: &[Fault]) {
        self.faults.borrow_mut().extend_from_slice(faults);
    }

    /// Every live (not deleted) document, as its winner.
    pub fn live_docs(&self) -> Vec<RemoteDoc> {
        self.docs.borrow().iter().filter_map(|(id, t)| t.version(*id)).filter(|d| !d.deleted()).collect()
    }

    /// One document's winner, deleted or not, with its branches.
    pub fn doc(&self, id: DocId) -> Option<RemoteDoc> {
        self.docs.borrow().get(&id).and_then(|t| t.version(id))
    }

    /// How many versions were written in all.
    pub fn writes(&self) -> u64 {
        *self.seq.borrow()
    }

    /// How many requests of `name` ("pull", "fetch", "push") were answered.
    pub fn requests(&self, name: &str) -> u64 {
        self.requests.borrow().get(name).copied().unwrap_or(0)
    }

    /// What another replicator writes with `new_edits=false`: revision `rev` as a child of `parent` (a new
    /// branch when `parent` is not the winner), content as given.
    pub fn replicate(&self, id: DocId, parent: Option<&str>, rev: &str, data: Option<Value>) {
        let seq = self.next_seq();
        let mut docs = self.docs.borrow_mut();
        let tree = docs.entry(id).or_default();
        tree.grow(parent, rev.to_string(), None, data);
        tree.seq = seq;
    }

    /// From now on a conflict names the winner's earlier revisions by the change that wrote each, without
    /// their contents (as an HTTP backend that keeps no old contents answers).
    pub fn send_no_old_contents(&self) {
        self.no_old_contents.set(true);
    }

    /// Forgets the contents of every revision that is not a leaf (as CouchDB's compaction does).
    pub fn compact(&self) {
        for tree in self.docs.borrow_mut().values_mut() {
            let leaves: Vec<String> = tree.leaves.iter().map(|l| l.rev().to_string()).collect();
            tree.bodies.retain(|rev, _| leaves.contains(rev));
        }
    }

    /// Stores a document as CouchDB JSON as another tool wrote it (any id, any shape).
    pub fn put_foreign(&self, doc: Value) {
        let seq = self.next_seq();
        let id = doc["_id"].as_str().unwrap_or_default().to_string();
        self.foreign.borrow_mut().insert(id, (doc, seq));
    }

    /// Stores a document another tool wrote, of the kind its id starts with (`invoice:7`: an invoice).
    pub fn put_other_kind(&self, id: &str) {
        let kind = id.split(':').next();
        self.put_foreign(json!({"_id": id, "_rev": "1-a", "kind": kind, "data": {}}));
    }

    /// The number of leaves of document `id` that are live.
    pub fn live_leaves(&self, id: DocId) -> usize {
        self.docs.borrow().get(&id).map(|t| t.leaves.iter().filter(|l| l.data.is_some()).count()).unwrap_or(0)
    }

    /// Applies the push of `doc` if its assumed revision is the winner, deleting the losing leaves it names;
    /// the current version otherwise, with the winner's revisions after the assumed one.
    pub fn push_one(&self, doc: &PushDoc, data: Option<Value>) -> Result<String, Option<Box<RemoteDoc>>> {
        let current = self.doc(doc.id);
        let assumed = doc.assumed.as_ref().map(|(rev, _)| rev.as_str());
        if current.as_ref().map(|d| d.rev.as_str()) != assumed {
            let mut ancestors = self.docs.borrow().get(&doc.id).map(|t| t.ancestors(assumed)).unwrap_or_default();
            if self.no_old_contents.get() {
                for a in ancestors.iter_mut().filter(|a| a.body != Body::Sent(None)) {
                    a.body = Body::Unsent;
                }
            }
            return Err(current.map(|current| Box::new(RemoteDoc { ancestors, ..current })));
        }
        let next = assumed.map(generation).unwrap_or(0) + 1;
        let rev = format!("{next}-{}", doc.mutation_id.simple());
        let seq = self.next_seq();
        let mut docs = self.docs.borrow_mut();
        let tree = docs.entry(doc.id).or_default();
        tree.grow(assumed, rev.clone(), Some(doc.mutation_id), data);
        for loser in &doc.losers {
            if tree.leaf_index(loser).is_some_and(|i| tree.leaves[i].data.is_some()) {
                let tombstone = format!("{}-{}", generation(loser) + 1, Uuid::new_v4().simple());
                tree.grow(Some(loser), tombstone, Some(doc.mutation_id), None);
            }
        }
        tree.seq = seq;
        Ok(rev)
    }

    /// Documents changed after sequence `since`, at most `limit`, the last sequence included and whether
    /// more follow.
    fn changes(&self, since: u64, limit: usize) -> (Vec<(u64, Change)>, u64, bool) {
        let mut changed: Vec<(u64, Change)> = self
            .docs
            .borrow()
            .iter()
            .filter(|(_, t)| t.seq > since)
            .map(|(id, t)| (t.seq, Change::Doc(*id)))
            .chain(
                self.foreign
                    .borrow()
                    .iter()
                    .filter(|(_, (_, s))| *s > since)
                    .map(|(id, (_, s))| (*s, Change::Foreign(id.clone()))),
            )
            .collect();
        changed.sort_by_key(|(s, _)| *s);
        let more = changed.len() > limit;
        changed.truncate(limit);
        let last = changed.last().map(|(s, _)| *s).unwrap_or(since);
        (changed, last, more)
    }

    fn next_seq(&self) -> u64 {
        let mut seq = self.seq.borrow_mut();
        *seq += 1;
        *seq
    }

    fn fault(&self, request: &'static str) -> Option<Fault> {
        *self.requests.borrow_mut().entry(request).or_default() += 1;
        let mut faults = self.faults.borrow_mut();
        (!faults.is_empty()).then(|| faults.remove(0))
    }
}

enum Change {
    Doc(DocId),
    Foreign(String),
}

fn lost() -> RemoteError {
    RemoteError::Unreachable("the answer was lost".into())
}

fn no_network() -> RemoteError {
    RemoteError::Unreachable("no network".into())
}

impl MemoryClient<'_> {
    fn foreign(&self, id: &str) -> Option<Unusable> {
        match from_couch(self.remote.foreign.borrow().get(id)?.0.clone()) {
            Read::Unusable(u) => Some(u),
            _ => None,
        }
    }
}

impl Remote for MemoryClient<'_> {
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize, contents: bool) -> Result<PullPage, RemoteError> {
        let fault = self.remote.fault("pull");
        if fault == Some(Fault::Fail) {
            return Err(no_network());
        }
        let since = checkpoint.and_then(|c| c.get("seq")).and_then(Value::as_u64).unwrap_or(0);
        let (changed, last, more) = self.remote.changes(since, limit);
        let mut page = PullPage { checkpoint: json!({ "seq": last }), more, ..PullPage::default() };
        for (_, change) in changed {
            match change {
                Change::Doc(id) if contents => page.docs.extend(self.remote.doc(id)),
                Change::Doc(id) => {
                    let docs = self.remote.docs.borrow();
                    let revs = docs[&id].leaves.iter().map(|l| l.rev().to_string()).collect();
                    page.stubs.push(Stub { id, revs });
                }
                Change::Foreign(id) => page.unusable.extend(self.foreign(&id)),
            }
        }
        match fault {
            Some(Fault::LoseAnswer) => Err(lost()),
            _ => Ok(page),
        }
    }

    async fn fetch(&self, ids: &[DocId]) -> Result<Fetched, RemoteError> {
        let fault = self.remote.fault("fetch");
        if fault == Some(Fault::Fail) {
            return Err(no_network());
        }
        let docs = ids.iter().filter_map(|id| self.remote.doc(*id)).collect();
        match fault {
            Some(Fault::LoseAnswer) => Err(lost()),
            _ => Ok(Fetched { docs, unusable: Vec::new() }),
        }
    }

    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError> {
        let fault = self.remote.fault("push");
        if fault == Some(Fault::Fail) {
            return Err(no_network());
        }
        let mut result = PushResult::default();
        for doc in docs {
            let data = doc
                .data
                .as_ref()
                .map(Content::to_value)
                .transpose()
                .map_err(|e| RemoteError::Protocol(e.to_string()))?;
            match self.remote.push_one(doc, data) {
                Ok(rev) => result.written.push((doc.id, rev)),
                Err(Some(current)) => result.conflicts.push(*current),
                Err(None) => result.missing.push(doc.id),
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
