//! The remote side of sync, as the engine sees it: pull pages of changes after a checkpoint, push
//! documents based on the revision last seen. Implemented for the CouchDB replication protocol and for the
//! HTTP pull/push protocol of docs/SYNC-HTTP.md.

use serde_json::Value;

use super::content::Content;
use super::doc::{DocId, RemoteDoc};
use super::held::Unusable;

/// Why talking to the remote failed, in words for the sync page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum RemoteError {
    #[error("The server can't be reached ({0}).")]
    Unreachable(String),
    #[error("The server asks for valid credentials.")]
    Unauthorized,
    #[error("The server answered {status}: {reason}")]
    Http { status: u16, reason: String },
    #[error("The server's answer makes no sense to this app: {0}")]
    Protocol(String),
    /// This app's own sync code (a part of the app fetched when first needed) is not stored on this device
    /// yet and could not be fetched: no network, or a newer version was published.
    #[error("This app's sync code is not stored on this device yet and could not be fetched.")]
    CodeNotFetched,
}

impl RemoteError {
    /// Whether trying again later may help (a wrong password or a broken protocol won't).
    pub fn is_transient(&self) -> bool {
        match self {
            RemoteError::Unreachable(_) | RemoteError::CodeNotFetched => true,
            RemoteError::Http { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            RemoteError::Unauthorized | RemoteError::Protocol(_) => false,
        }
    }
}

/// One page of remote changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullPage {
    /// Documents changed after the checkpoint, with their content (the winner and any losing leaves).
    pub docs: Vec<RemoteDoc>,
    /// Documents changed after the checkpoint whose content was not sent: their leaf revisions, so that
    /// what this device holds already is not fetched ([`Remote::fetch`] brings the rest).
    pub stubs: Vec<Stub>,
    /// Documents this app cannot take (unknown kind, no content, …), with the reason. Design documents
    /// and the like are left out.
    pub unusable: Vec<Unusable>,
    /// Where the next page starts; opaque JSON, stored as it came.
    pub checkpoint: Value,
    /// Whether more pages follow right away.
    pub more: bool,
}

/// A changed document named without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    pub id: DocId,
    /// Its leaf revisions.
    pub revs: Vec<String>,
}

/// Documents fetched by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fetched {
    pub docs: Vec<RemoteDoc>,
    pub unusable: Vec<Unusable>,
}

/// A document to push: the new content and the version it was based on.
#[derive(Debug, Clone, PartialEq)]
pub struct PushDoc {
    pub id: DocId,
    /// The change this push carries, stored with the document.
    pub mutation_id: uuid::Uuid,
    /// The new content; `None` deletes the document.
    pub data: Option<Content>,
    /// The version this device last agreed on (revision and content), `None` for a new document.
    pub assumed: Option<(String, Option<Value>)>,
    /// Losing leaves this push deletes (their changes are merged into `data`).
    pub losers: Vec<String>,
}

/// What the remote did with a push.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushResult {
    /// Documents written, with their new revisions.
    pub written: Vec<(DocId, String)>,
    /// Documents not written because the remote holds a version this device has not seen: those versions.
    pub conflicts: Vec<RemoteDoc>,
    /// Conflicting versions this app cannot take.
    pub unusable: Vec<Unusable>,
    /// Documents pushed on a version the remote does not have at all (it lost them): they go again as new.
    pub missing: Vec<DocId>,
}

/// A remote endpoint.
#[allow(async_fn_in_trait)]
pub trait Remote {
    /// The changes after `checkpoint` (from the start when `None`), at most `limit` documents. `contents`
    /// says whether this device expects to hold few of them (then contents come along; otherwise remotes
    /// that can may answer with [`Stub`]s).
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize, contents: bool) -> Result<PullPage, RemoteError>;
    /// The current versions of `ids`, with every leaf.
    async fn fetch(&self, ids: &[DocId]) -> Result<Fetched, RemoteError>;
    /// Writes `docs`; a document whose assumed version is not the remote's current one is a conflict.
    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError>;
    /// How many documents the remote holds, if it can tell (for the first sync's progress bar).
    async fn total(&self) -> Result<Option<u64>, RemoteError>;
    /// The checkpoint this device stored on the remote: `Ok(None)` if the remote keeps none for it, `Err` only
    /// for transport failures. Remotes that cannot store checkpoints answer `Ok(Some(local))` by echoing the
    /// caller's `local`.
    async fn load_checkpoint(&self, local: Option<&Value>) -> Result<Option<Value>, RemoteError>;
    /// Stores `checkpoint` on the remote as well (best effort).
    async fn save_checkpoint(&self, checkpoint: &Value) -> Result<(), RemoteError>;
}
