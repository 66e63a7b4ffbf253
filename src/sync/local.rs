//! What sync needs of this device's storage: its own bookkeeping (pending documents, revisions, the
//! checkpoint, conflicts, documents set aside, settings) and the small reads and writes of one pulled page.
//! Every store (IndexedDB in the browser, memory in native tests) supplies these; the rules that decide
//! what to write live once, in [`super::apply`].

use std::collections::HashSet;

use serde_json::Value;
use uuid::Uuid;

use super::decide::Conflict;
use super::doc::{DocId, Pending, PushAck, SyncState};
use super::held::SetAside;
use super::records::Record;
use super::settings::SyncSettings;
use crate::domain::activity::ActivityEntry;
use crate::domain::outbox::OutboxEntry;
use crate::domain::timestamp::Timestamp;

/// Why this device's storage failed sync, in words for the sync page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum LocalError {
    #[error("The browser's storage for this app is full: sync can't store what it received. Free some space on this device, then sync again.")]
    Full,
    /// A write broke a uniqueness rule (a primary domain used twice).
    #[error("Two customers would have the same primary domain.")]
    Constraint,
    #[error("Stored data could not be read ({0}).")]
    Corrupt(String),
    #[error("A newer version of this app is open in another tab: it syncs from there. Reload this tab to use it.")]
    NewerVersion,
    #[error("This device's storage failed ({0}).")]
    Failed(String),
    /// Sync started over (new settings, another remote) while a round was under way: the round stops
    /// without writing what it received, and the next one syncs with the new remote.
    #[error("Sync started over with the new settings.")]
    StartedOver,
}

/// This device's side of one document, read inside the transaction that applies a pulled version.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalSide {
    /// The record as stored (`None`: absent).
    pub record: Option<Record>,
    pub state: Option<SyncState>,
    /// Outbox entries of this document not pushed yet, oldest first.
    pub pending: Vec<Uuid>,
    /// Its open conflict.
    pub conflict: Option<Conflict>,
    /// Whether it is set aside now.
    pub held: bool,
    /// For a customer, when asked: the customer holding its primary domain here (id, company name).
    pub domain_holder: Option<(Uuid, String)>,
}

/// What a page reads of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub id: DocId,
    /// For a pulled customer, when asked: its primary domain, to find who holds it here.
    pub domain: Option<String>,
    /// This device held nothing when the first sync began and no page wrote this document since: it needs
    /// no reads (a store still reads it if changes wait to be pushed, which a use case may have written).
    pub new_here: bool,
}

/// The writes of one pulled page, made in one transaction that [`PageWriter::commit`] commits. Writes are
/// sent as they are made; only the commit is awaited.
#[allow(async_fn_in_trait)]
pub trait PageWriter {
    /// Stores `record`.
    fn put_record(&mut self, record: &Record) -> Result<(), LocalError>;
    /// Stores `record` taken as the remote has it (`text` is its content's JSON text) with its sync `state`,
    /// whose base is that same content.
    fn put_taken(&mut self, record: &Record, text: &str, state: &SyncState) -> Result<(), LocalError>;
    /// Removes the record of `id`.
    fn delete_record(&mut self, id: DocId) -> Result<(), LocalError>;
    /// Stores the sync state of `id`.
    fn put_state(&mut self, id: DocId, state: &SyncState) -> Result<(), LocalError>;
    /// Removes the outbox entries `mutations` of `id` (settled).
    fn settle(&mut self, id: DocId, mutations: &[Uuid]) -> Result<(), LocalError>;
    /// Stores (`Some`) or clears (`None`) the conflict of `id`.
    fn set_conflict(&mut self, id: DocId, conflict: Option<&Conflict>) -> Result<(), LocalError>;
    /// Sets a document aside (keyed by its id as the remote writes it).
    fn hold(&mut self, held: &SetAside) -> Result<(), LocalError>;
    /// Clears the set-aside entry of the document `id`.
    fn release(&mut self, id: &str) -> Result<(), LocalError>;
    /// Queues a change to push.
    fn queue(&mut self, entry: &OutboxEntry) -> Result<(), LocalError>;
    /// Writes an activity entry (and queues it: the log syncs too).
    fn log(&mut self, entry: &ActivityEntry) -> Result<(), LocalError>;
    /// Stores the pull's checkpoint.
    fn put_checkpoint(&mut self, checkpoint: &Value) -> Result<(), LocalError>;
    /// Ends the page's task after many writes (awaiting one of them; the transaction stays open), so that a
    /// page of many writes is not one long task; nothing after a few.
    async fn breathe(&mut self) -> Result<(), LocalError>;
    /// Commits every write of the page, or none.
    async fn commit(self) -> Result<(), LocalError>;
}

/// What waits on this device: changes to push, conflicts for the user, documents set aside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub pending: u32,
    pub conflicts: usize,
    pub set_aside: usize,
}

/// Sync's half of this device's storage.
#[allow(async_fn_in_trait)]
pub trait SyncStore {
    /// The writer of one page.
    type Page<'a>: PageWriter
    where
        Self: 'a;

    /// Opens the transaction of one page and reads the local side of each wanted document in it. When sync
    /// started over since `epoch` (a round under way, another remote saved) the page is refused with
    /// [`LocalError::StartedOver`], and so is its commit if the start over comes between the two: nothing of
    /// the remote before is written.
    async fn read_page(&self, wanted: &[Wanted], epoch: u64) -> Result<(Self::Page<'_>, Vec<LocalSide>), LocalError>;
    /// Sync's epoch now: it changes whenever sync starts over (see [`Pending::epoch`]).
    async fn epoch(&self) -> Result<u64, LocalError>;
    /// Whether this device holds nothing at all: no record, no revision, no pending change.
    async fn is_empty(&self) -> Result<bool, LocalError>;
    /// The revision this device holds of each of `ids` (`None`: unknown), for skipping what it has.
    async fn known_revs(&self, ids: &[DocId]) -> Result<Vec<Option<String>>, LocalError>;
    /// How many changes wait to be pushed.
    async fn pending_count(&self) -> Result<u32, LocalError>;
    /// How many changes, conflicts and documents set aside wait. A store may count them without reading
    /// them (a round asks after every burst of changes).
    async fn waiting(&self) -> Result<Waiting, LocalError> {
        Ok(Waiting {
            pending: self.pending_count().await?,
            conflicts: self.conflicts().await?.len(),
            set_aside: self.set_aside().await?.len(),
        })
    }
    /// Up to `limit` documents with changes to push, oldest change first; documents with an open conflict
    /// wait until the user resolved it, and those in `skip` (their push is under way) are left out. `after`
    /// is the [`Pending::resume`] of an earlier read whose documents are all in `skip` or settled: the read
    /// may start there.
    async fn pending_docs(
        &self,
        limit: usize,
        after: Option<u64>,
        skip: &HashSet<DocId>,
    ) -> Result<Pending, LocalError>;
    /// Records pushes the remote accepted (new revisions, outbox entries removed), in one transaction —
    /// unless sync started over since `epoch` (then nothing is recorded and the next round pushes again).
    async fn ack_pushed(&self, epoch: u64, acks: Vec<PushAck>) -> Result<(), LocalError>;
    /// Records `acked` (epoch and acks, as [`SyncStore::ack_pushed`]), then reads the next documents to push
    /// (as [`SyncStore::pending_docs`]): the push's bookkeeping between two requests. A store may do both in
    /// one transaction.
    async fn ack_then_read(
        &self,
        acked: (u64, Vec<PushAck>),
        limit: usize,
        after: Option<u64>,
        skip: &HashSet<DocId>,
    ) -> Result<Pending, LocalError> {
        self.ack_pushed(acked.0, acked.1).await?;
        self.pending_docs(limit, after, skip).await
    }
    /// Forgets the revisions of `ids` (the remote no longer has them): their next push creates them anew.
    async fn forget_revs(&self, ids: &[DocId]) -> Result<(), LocalError>;
    /// The last pull's checkpoint.
    async fn checkpoint(&self) -> Result<Option<Value>, LocalError>;
    /// Open sync conflicts, oldest first.
    async fn conflicts(&self) -> Result<Vec<Conflict>, LocalError>;
    /// Documents set aside, oldest first.
    async fn set_aside(&self) -> Result<Vec<SetAside>, LocalError>;
    /// Forgets the set-aside entries of documents `ids` (the user dismissed them), in one transaction.
    async fn dismiss(&self, ids: &[String]) -> Result<(), LocalError>;
    /// Ignores documents of the unknown kind `kind` from now on (`ignore`), forgetting those set aside now
    /// (`ids`), or stops ignoring it — kept in the sync settings, in one transaction. Returns the settings as
    /// saved (`None`: no remote is set, nothing changed).
    async fn ignore_kind(&self, kind: &str, ignore: bool, ids: &[String]) -> Result<Option<SyncSettings>, LocalError>;
    /// This device's id (made on first use); it names the device's checkpoint on a remote.
    async fn device_id(&self) -> Result<Uuid, LocalError>;
    /// Starts sync over with the same remote: revisions, conflicts, documents set aside and the checkpoint
    /// are forgotten and every record is queued (the remote was recreated and lost what it had). Returns
    /// the new epoch.
    async fn restart_sync(&self, now: Timestamp) -> Result<u64, LocalError>;
    /// The sync settings and, if the user chose to remember it on this device, the password or token.
    async fn sync_settings(&self) -> Result<Option<(SyncSettings, Option<String>)>, LocalError>;
    /// Saves the sync settings and the secret (`None` forgets it), in one transaction, over those stored
    /// ([`SyncSettings::saved_over`]); returns the settings as saved. When they name another remote than
    /// before, sync starts over as in [`SyncStore::restart_sync`].
    async fn save_sync_settings(
        &self,
        settings: &SyncSettings,
        secret: Option<&str>,
        now: Timestamp,
    ) -> Result<SyncSettings, LocalError>;
}
