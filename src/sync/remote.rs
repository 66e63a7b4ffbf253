//! The remote side of sync, as the engine sees it: pull pages of changes after a checkpoint, push
//! documents based on the revision last seen. Implemented for the CouchDB replication protocol and for the
//! HTTP pull/push protocol of docs/SYNC-HTTP.md.

use serde_json::Value;

use super::doc::{DocId, RemoteDoc};

/// Why talking to the remote failed, in words for the sync page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    #[error("The server can't be reached ({0}).")]
    Unreachable(String),
    #[error("The server asks for valid credentials.")]
    Unauthorized,
    #[error("The server answered {status}: {reason}")]
    Http { status: u16, reason: String },
    #[error("The server's answer makes no sense to this app: {0}")]
    Protocol(String),
}

impl RemoteError {
    /// Whether trying again later may help (a wrong password or a broken protocol won't).
    pub fn is_transient(&self) -> bool {
        match self {
            RemoteError::Unreachable(_) => true,
            RemoteError::Http { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            RemoteError::Unauthorized | RemoteError::Protocol(_) => false,
        }
    }
}

/// One page of remote changes.
#[derive(Debug, Clone, PartialEq)]
pub struct PullPage {
    /// The newest version of each document changed after the checkpoint (ids this app does not own are
    /// left out by the remote adapter).
    pub docs: Vec<RemoteDoc>,
    /// Where the next page starts; opaque JSON, stored as it came.
    pub checkpoint: Value,
    /// Whether more pages follow right away.
    pub more: bool,
}

/// A document to push: the new content and the version it was based on.
#[derive(Debug, Clone, PartialEq)]
pub struct PushDoc {
    pub id: DocId,
    /// The change this push carries, stored with the document.
    pub mutation_id: uuid::Uuid,
    /// The new content; `None` deletes the document.
    pub data: Option<Value>,
    /// The version this device last agreed on (revision and content), `None` for a new document.
    pub assumed: Option<(String, Option<Value>)>,
}

/// What the remote did with a push.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushResult {
    /// Documents written, with their new revisions.
    pub written: Vec<(DocId, String)>,
    /// Documents not written because the remote holds a version this device has not seen: those versions.
    pub conflicts: Vec<RemoteDoc>,
}

/// A remote endpoint.
#[allow(async_fn_in_trait)]
pub trait Remote {
    /// The changes after `checkpoint` (from the start when `None`), at most `limit` documents.
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize) -> Result<PullPage, RemoteError>;
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
