//! The CouchDB replication protocol (CouchDB 3, Cloudant, PouchDB Server): pull from `_changes` with the
//! sequence as an opaque checkpoint, push with `_bulk_docs` carrying the revision last seen (a `conflict`
//! answer is a conflict, and the current version is fetched from `_all_docs`), the checkpoint mirrored in
//! `_local/partner-accounts-<device>`, and live updates by long polling with our own abort timer.

use std::cell::RefCell;

use gloo_net::http::Request;
use serde::Deserialize;
use serde_json::{json, Value};
use web_sys::AbortSignal;

use super::doc::RemoteDoc;
use super::remote::{PullPage, PushDoc, PushResult, Remote, RemoteError};
use super::settings::SyncSettings;
use super::transport::{encode, read, Transport};
use super::wire::{from_couch, to_couch};

/// A CouchDB database as a remote.
#[derive(Debug)]
pub struct CouchDb {
    transport: Transport,
    db_url: String,
    local_id: String,
    local_rev: RefCell<Option<String>>,
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
    #[serde(default)]
    doc: Option<Value>,
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

    /// The current versions of `ids` (deleted ones as tombstones).
    async fn current(&self, ids: &[String]) -> Result<Vec<RemoteDoc>, RemoteError> {
        let url = format!("{}/_all_docs?include_docs=true", self.db_url);
        let all: AllDocs = self.transport.json(Request::post(&url), Some(&json!({ "keys": ids }))).await?;
        Ok(all
            .rows
            .into_iter()
            .filter_map(|row| match row.doc {
                Some(doc) => from_couch(&doc),
                // A deleted document: its id and tombstone revision only.
                None => from_couch(&json!({"_id": row.id?, "_rev": row.value?.rev, "_deleted": true})),
            })
            .collect())
    }
}

impl Remote for CouchDb {
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize) -> Result<PullPage, RemoteError> {
        let url = format!(
            "{}/_changes?include_docs=true&style=main_only&limit={limit}&since={}",
            self.db_url,
            encode(&since(checkpoint))
        );
        let changes: Changes = self.transport.json::<_, ()>(Request::get(&url), None).await?;
        let more = changes.pending.map(|p| p > 0).unwrap_or(changes.results.len() >= limit);
        let docs = changes.results.iter().filter_map(|c| c.doc.as_ref().and_then(from_couch)).collect();
        Ok(PullPage { docs, checkpoint: changes.last_seq, more })
    }

    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError> {
        let body = json!({ "docs": docs.iter().map(to_couch).collect::<Vec<_>>() });
        let url = format!("{}/_bulk_docs", self.db_url);
        let results: Vec<BulkResult> = self.transport.json(Request::post(&url), Some(&body)).await?;
        let mut outcome = PushResult::default();
        let mut conflicted = Vec::new();
        for r in results {
            let Some(push) = docs.iter().find(|d| d.id.to_string() == r.id) else { continue };
            match (r.rev, r.error.as_deref()) {
                (Some(rev), None) => outcome.written.push((push.id, rev)),
                (_, Some("conflict")) => conflicted.push(r.id),
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
            outcome.conflicts = self.current(&conflicted).await?;
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
