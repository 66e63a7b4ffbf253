//! The CouchDB replication protocol (CouchDB 3, Cloudant, PouchDB Server), read as CouchDB's own
//! replicator reads it: `_changes?style=all_docs` names every changed document with its leaf revisions, the
//! ones this device does not hold are fetched with `_all_docs?conflicts=true`, and a document with losing
//! leaves has them (and the revision they share with the winner) read with `_bulk_get?revs=true` — or one
//! `GET ?rev=&revs=true` each where a server has no `_bulk_get`. A first sync that expects little here asks
//! `_changes` for the contents at once. Push with `_bulk_docs` carrying the revision last seen (a `conflict`
//! answer is a conflict) and the losing leaves a merge replaces, deleted in the same request; the checkpoint
//! mirrored in `_local/partner-accounts-<device>`; live updates by long polling with our own abort timer.

use std::cell::{Cell, RefCell};

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use web_sys::AbortSignal;

use super::doc::{Ancestor, Body, Branch, DocId, RemoteDoc};
use super::held::Unusable;
use super::remote::{Fetched, PullPage, PushDoc, PushResult, Remote, RemoteError, Stub};
use super::settings::SyncSettings;
use super::transport::{encode, read, Transport};
use super::wire::{common, from_couch, own_since, revisions, to_couch, CouchWrite, Read};

/// A losing leaf as `_bulk_get` gave it, with the revisions it shares with the winner (newest first), and
/// the revisions each of the two leaves made after those (newest first, see [`own_since`]).
struct Leaf {
    leaf: Value,
    common: Vec<String>,
    since: Vec<String>,
    winner_since: Vec<String>,
}

/// The content of a revision as `_bulk_get` gave it (`None`: gone, deleted or unreadable).
fn content(revision: Option<Value>) -> Option<Value> {
    match from_couch(revision?) {
        Read::Doc(d) => d.data,
        _ => None,
    }
}

/// A CouchDB database as a remote.
#[derive(Debug)]
pub struct CouchDb {
    transport: Transport,
    db_url: String,
    local_id: String,
    local_rev: RefCell<Option<String>>,
    /// Whether the server answered `_bulk_get` (until it does not).
    bulk_get: Cell<bool>,
}

#[derive(Deserialize)]
struct Changes {
    results: Vec<Change>,
    last_seq: Value,
    #[serde(default)]
    pending: Option<u64>,
}

#[derive(Deserialize)]
struct Change {
    id: String,
    #[serde(default)]
    changes: Vec<ChangeRev>,
    #[serde(default)]
    deleted: bool,
    #[serde(default)]
    doc: Option<Value>,
}

#[derive(Deserialize)]
struct ChangeRev {
    rev: String,
}

/// A `_bulk_docs` request.
#[derive(Serialize)]
struct BulkDocs<'a> {
    docs: Vec<CouchWrite<'a>>,
}

#[derive(Deserialize)]
struct BulkResult {
    id: String,
    #[serde(default)]
    rev: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Deserialize)]
struct AllDocs {
    rows: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    value: Option<RowValue>,
    #[serde(default)]
    doc: Option<Value>,
}

#[derive(Deserialize)]
struct RowValue {
    rev: String,
    #[serde(default)]
    deleted: bool,
}

#[derive(Deserialize)]
struct BulkGet {
    results: Vec<BulkGetResult>,
}

#[derive(Deserialize)]
struct BulkGetResult {
    #[serde(default)]
    docs: Vec<BulkGetDoc>,
}

#[derive(Deserialize)]
struct BulkGetDoc {
    #[serde(default)]
    ok: Option<Value>,
}

#[derive(Deserialize)]
struct DbInfo {
    doc_count: u64,
}

/// A sequence as CouchDB takes it in a URL: strings as they are, numbers as digits.
fn since(checkpoint: Option<&Value>) -> String {
    match checkpoint {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "0".into(),
    }
}

impl CouchDb {
    /// The database of `settings`, signing in with `secret`; `device` names this device's checkpoint.
    pub fn new(settings: &SyncSettings, secret: Option<&str>, device: &str) -> CouchDb {
        CouchDb {
            transport: Transport::new(settings, secret),
            db_url: format!("{}/{}", settings.base_url(), encode(settings.database.trim())),
            local_id: format!("_local/partner-accounts-{device}"),
            local_rev: RefCell::new(None),
            bulk_get: Cell::new(true),
        }
    }

    /// Creates the database if it does not exist yet.
    pub async fn ensure_database(&self) -> Result<(), RemoteError> {
        if self.transport.send::<()>(Request::get(&self.db_url), None, None).await?.is_none() {
            self.transport.send::<()>(Request::put(&self.db_url), None, None).await?;
        }
        Ok(())
    }

    /// Waits until the database changes after `checkpoint` (a long poll) or `signal` aborts it.
    pub async fn wait_for_change(&self, checkpoint: Option<&Value>, signal: &AbortSignal) -> Result<(), RemoteError> {
        let url = format!(
            "{}/_changes?feed=longpoll&limit=1&timeout=25000&since={}",
            self.db_url,
            encode(&since(checkpoint))
        );
        match self.transport.send::<()>(Request::get(&url), None, Some(signal)).await {
            Err(RemoteError::Unreachable(_)) if signal.aborted() => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Specific revisions of documents, with their histories (`None` where the server no longer has one:
    /// compacted or never there). One `_bulk_get`, or one `GET` each on servers without it.
    async fn revisions_of(&self, wanted: &[(String, String)]) -> Result<Vec<Option<Value>>, RemoteError> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        if self.bulk_get.get() {
            let body =
                json!({ "docs": wanted.iter().map(|(id, rev)| json!({"id": id, "rev": rev})).collect::<Vec<_>>() });
            let url = format!("{}/_bulk_get?revs=true", self.db_url);
            match self.transport.send(Request::post(&url), Some(&body), None).await {
                Ok(Some(response)) => {
                    let answer: BulkGet = read(response).await?;
                    let docs = answer.results.into_iter().map(|r| r.docs.into_iter().find_map(|d| d.ok));
                    return Ok(docs.collect());
                }
                Ok(None) | Err(RemoteError::Http { status: 400 | 405 | 501, .. }) => self.bulk_get.set(false),
                Err(e) => return Err(e),
            }
        }
        let mut docs = Vec::with_capacity(wanted.len());
        for (id, rev) in wanted {
            let url = format!("{}/{}?rev={}&revs=true", self.db_url, encode(id), encode(rev));
            docs.push(match self.transport.send::<()>(Request::get(&url), None, None).await? {
                Some(response) => Some(read(response).await?),
                None => None,
            });
        }
        Ok(docs)
    }

    /// Completes documents that have losing leaves (`_conflicts`): each leaf's content and history, the
    /// revision it shares with the winner and that revision's content if the server still has it. A leaf
    /// that can't be read leaves its document set aside with the reason.
    async fn with_branches(
        &self,
        docs: Vec<(RemoteDoc, Vec<String>)>,
        out: &mut Vec<RemoteDoc>,
        unusable: &mut Vec<Unusable>,
    ) -> Result<(), RemoteError> {
        if docs.is_empty() {
            return Ok(());
        }
        let mut wanted = Vec::new();
        for (doc, losers) in &docs {
            let id = doc.id.to_string();
            wanted.push((id.clone(), doc.rev.clone()));
            wanted.extend(losers.iter().map(|rev| (id.clone(), rev.clone())));
        }
        let mut leaves = self.revisions_of(&wanted).await?.into_iter();
        // Each document with its losing leaves and the revisions each shares with the winner.
        let mut found: Vec<(RemoteDoc, Vec<Leaf>)> = Vec::new();
        for (doc, losers) in docs {
            let winner_history = leaves.next().flatten().map(|w| revisions(&w)).unwrap_or_default();
            let mut branches = Vec::new();
            for _ in &losers {
                if let Some(leaf) = leaves.next().flatten() {
                    let history = revisions(&leaf);
                    let common = common(&history, &winner_history);
                    let (since, winner_since) = (own_since(&history, &common), own_since(&winner_history, &common));
                    branches.push(Leaf { leaf, common, since, winner_since });
                }
            }
            found.push((doc, branches));
        }
        // The newest shared revision of every branch and each side's revisions since, read in one more request.
        let wanted: Vec<(String, String)> = found
            .iter()
            .flat_map(|(doc, branches)| {
                branches.iter().flat_map(move |b| {
                    let revs = b.common.first().into_iter().chain(&b.since).chain(&b.winner_since);
                    revs.map(move |rev| (doc.id.to_string(), rev.clone()))
                })
            })
            .collect();
        let mut read = self.revisions_of(&wanted).await?.into_iter();
        for (mut doc, branches) in found {
            for Leaf { leaf, common, since, winner_since } in branches {
                let base = if common.is_empty() { None } else { content(read.next().flatten()) };
                let since = since.iter().filter_map(|_| content(read.next().flatten())).collect();
                let winner_since = winner_since.iter().filter_map(|_| content(read.next().flatten())).collect();
                match from_couch(leaf) {
                    Read::Doc(RemoteDoc { rev, mutation_id, data: Some(data), .. }) => {
                        doc.branches.push(Branch { rev, mutation_id, data, common, base, since, winner_since })
                    }
                    Read::Unusable(u) => unusable.push(Unusable { id: doc.id.to_string(), ..u }),
                    _ => {}
                }
            }
            out.push(doc);
        }
        Ok(())
    }

    /// Completes the versions `pushed` documents conflicted with by their winners' own revisions after the one
    /// each push assumed ([`RemoteDoc::ancestors`]): the winners' histories, then those revisions, in two
    /// `_bulk_get`s.
    async fn with_ancestors(&self, docs: &mut [RemoteDoc], pushed: &[PushDoc]) -> Result<(), RemoteError> {
        let winners: Vec<(String, String)> = docs.iter().map(|d| (d.id.to_string(), d.rev.clone())).collect();
        let histories = self.revisions_of(&winners).await?;
        let assumed = |doc: &RemoteDoc| {
            let push = pushed.iter().find(|p| p.id == doc.id);
            push.and_then(|p| p.assumed.as_ref()).map(|(rev, _)| rev.clone()).into_iter().collect::<Vec<_>>()
        };
        let revs: Vec<Vec<String>> = docs
            .iter()
            .zip(histories)
            .map(|(doc, winner)| own_since(&winner.map(|w| revisions(&w)).unwrap_or_default(), &assumed(doc)))
            .collect();
        let wanted: Vec<(String, String)> = docs
            .iter()
            .zip(&revs)
            .flat_map(|(doc, revs)| revs.iter().map(move |rev| (doc.id.to_string(), rev.clone())))
            .collect();
        let mut read = self.revisions_of(&wanted).await?.into_iter();
        for (doc, revs) in docs.iter_mut().zip(revs) {
            doc.ancestors = revs
                .iter()
                .filter_map(|_| read.next().flatten())
                .filter_map(|version| match from_couch(version) {
                    Read::Doc(d) => Some(Ancestor { mutation_id: d.mutation_id, body: Body::Sent(d.data) }),
                    _ => None,
                })
                .collect();
        }
        Ok(())
    }

    /// Sorts documents as `_changes` or `_all_docs` give them: one leaf, several (to complete), or unusable.
    fn sort(
        doc: Value,
        single: &mut Vec<RemoteDoc>,
        multi: &mut Vec<(RemoteDoc, Vec<String>)>,
        unusable: &mut Vec<Unusable>,
    ) {
        let losers: Vec<String> = doc
            .get("_conflicts")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(|r| r.as_str().map(String::from)).collect())
            .unwrap_or_default();
        match from_couch(doc) {
            Read::Doc(d) => {
                if losers.is_empty() {
                    single.push(d)
                } else {
                    multi.push((d, losers))
                }
            }
            Read::Unusable(u) => unusable.push(u),
            Read::Ignored => {}
        }
    }
}

impl Remote for CouchDb {
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize, contents: bool) -> Result<PullPage, RemoteError> {
        let docs = if contents { "&include_docs=true&conflicts=true" } else { "" };
        let url =
            format!("{}/_changes?style=all_docs{docs}&limit={limit}&since={}", self.db_url, encode(&since(checkpoint)));
        let changes: Changes = self.transport.json::<_, ()>(Request::get(&url), None).await?;
        let more = changes.pending.map(|p| p > 0).unwrap_or(changes.results.len() >= limit);
        let mut page = PullPage { checkpoint: changes.last_seq, more, ..PullPage::default() };
        let mut multi = Vec::new();
        for change in changes.results {
            if change.id.starts_with('_') {
                continue;
            }
            match (change.doc, DocId::parse(&change.id)) {
                (Some(doc), _) => Self::sort(doc, &mut page.docs, &mut multi, &mut page.unusable),
                (None, Some(id)) => {
                    page.stubs.push(Stub { id, revs: change.changes.into_iter().map(|c| c.rev).collect() })
                }
                // Another app's document: named without fetching it (a deleted one is not worth a word).
                (None, None) if !change.deleted => {
                    let Some(rev) = change.changes.into_iter().next().map(|c| c.rev) else { continue };
                    let kind = change.id.split_once(':').map(|(k, _)| k).unwrap_or_default().to_string();
                    page.unusable.push(Unusable {
                        id: change.id,
                        rev,
                        reason: super::held::Reason::UnknownKind { kind },
                    });
                }
                (None, None) => {}
            }
        }
        let mut completed = Vec::new();
        self.with_branches(multi, &mut completed, &mut page.unusable).await?;
        page.docs.extend(completed);
        Ok(page)
    }

    async fn fetch(&self, ids: &[DocId]) -> Result<Fetched, RemoteError> {
        let url = format!("{}/_all_docs?include_docs=true&conflicts=true", self.db_url);
        let keys: Vec<String> = ids.iter().map(DocId::to_string).collect();
        let all: AllDocs = self.transport.json(Request::post(&url), Some(&json!({ "keys": keys }))).await?;
        let (mut fetched, mut multi) = (Fetched::default(), Vec::new());
        for row in all.rows {
            match (row.doc, row.id.as_deref().and_then(DocId::parse), row.value) {
                (Some(doc), _, _) => Self::sort(doc, &mut fetched.docs, &mut multi, &mut fetched.unusable),
                // A deleted document: its id and tombstone revision only.
                (None, Some(id), Some(value)) if value.deleted => {
                    fetched.docs.push(RemoteDoc::new(id, value.rev, None, None))
                }
                _ => {}
            }
        }
        let mut completed = Vec::new();
        self.with_branches(multi, &mut completed, &mut fetched.unusable).await?;
        fetched.docs.extend(completed);
        Ok(fetched)
    }

    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError> {
        // Each document, then the tombstones of the losing leaves it merged; answers come in that order.
        let mut owners = Vec::new();
        let mut body_docs = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            for (n, couch) in to_couch(doc).into_iter().enumerate() {
                owners.push((i, n == 0));
                body_docs.push(couch);
            }
        }
        let url = format!("{}/_bulk_docs", self.db_url);
        let results: Vec<BulkResult> =
            self.transport.json(Request::post(&url), Some(&BulkDocs { docs: body_docs })).await?;
        let mut outcome = PushResult::default();
        let mut conflicted = Vec::new();
        for (r, (i, main)) in results.into_iter().zip(owners) {
            // A losing leaf already gone (another device merged it first) is fine: it is no leaf any more.
            if !main {
                continue;
            }
            let push = &docs[i];
            match (r.rev, r.error.as_deref()) {
                (Some(rev), None) => outcome.written.push((push.id, rev)),
                (_, Some("conflict")) => conflicted.push(push.id),
                (_, error) => {
                    let reason = r.reason.unwrap_or_default();
                    return Err(RemoteError::Http {
                        status: 0,
                        reason: format!("{} refused: {} {reason}", r.id, error.unwrap_or("no revision")),
                    });
                }
            }
        }
        if !conflicted.is_empty() {
            let mut current = self.fetch(&conflicted).await?;
            self.with_ancestors(&mut current.docs, docs).await?;
            // A conflict on a document the database does not have at all (purged): it goes again as new.
            let found = |id: &DocId| {
                current.docs.iter().any(|d| d.id == *id) || current.unusable.iter().any(|u| u.id == id.to_string())
            };
            outcome.missing = conflicted.iter().filter(|id| !found(id)).copied().collect();
            outcome.conflicts = current.docs;
            outcome.unusable = current.unusable;
        }
        Ok(outcome)
    }

    async fn total(&self) -> Result<Option<u64>, RemoteError> {
        let info: DbInfo = self.transport.json::<_, ()>(Request::get(&self.db_url), None).await?;
        Ok(Some(info.doc_count))
    }

    async fn load_checkpoint(&self, _local: Option<&Value>) -> Result<Option<Value>, RemoteError> {
        let url = format!("{}/{}", self.db_url, self.local_id);
        let Some(response) = self.transport.send::<()>(Request::get(&url), None, None).await? else {
            return Ok(None);
        };
        let doc: Value = read(response).await?;
        *self.local_rev.borrow_mut() = doc.get("_rev").and_then(Value::as_str).map(String::from);
        Ok(doc.get("last_seq").cloned())
    }

    async fn save_checkpoint(&self, checkpoint: &Value) -> Result<(), RemoteError> {
        let url = format!("{}/{}", self.db_url, self.local_id);
        let mut body = json!({ "last_seq": checkpoint });
        if let Some(rev) = self.local_rev.borrow().clone() {
            body["_rev"] = json!(rev);
        }
        let saved: Value = match self.transport.json(Request::put(&url), Some(&body)).await {
            Err(RemoteError::Http { status: 409, .. }) => {
                // Someone (another tab of this device, long ago) moved it: take its revision and write again.
                self.load_checkpoint(None).await?;
                body["_rev"] = json!(self.local_rev.borrow().clone());
                self.transport.json(Request::put(&url), Some(&body)).await?
            }
            other => other?,
        };
        *self.local_rev.borrow_mut() = saved.get("rev").and_then(Value::as_str).map(String::from);
        Ok(())
    }
}
