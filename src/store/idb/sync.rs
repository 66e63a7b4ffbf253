//! The sync side of the IndexedDB store: pending documents, accepted pushes, and remote versions applied by
//! the rules of `sync::decide` — each write in one transaction that only awaits IndexedDB requests.

use std::collections::{HashMap, HashSet};

use indexed_db_futures::database::Database;
use indexed_db_futures::future::BasicRequest;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use js_sys::{Array, Object, Reflect};
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use super::codec;
use super::errors::{commit, from_idb};
use super::inline_state;
use super::reads::Reads;
use super::schema::{
    ACTIVITY, CONFLICTS, CUSTOMERS, DOMAIN_INDEX, DRAFTS, HELD, META, OUTBOX, PROFILES, PROVIDERS, REFERRALS, REQUESTS,
    SYNC_STATE,
};
use super::writes::Writes;
use super::IdbStore;
use crate::domain::activity::ActivityEntry;
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::timestamp::Timestamp;
use crate::store::{requeue, StoreError};
use crate::sync::content::Content;
use crate::sync::decide::Conflict;
use crate::sync::doc::{DocId, Kind, Pending, PendingDoc, PushAck, SyncState};
use crate::sync::held::SetAside;
use crate::sync::local::{LocalError, LocalSide, PageWriter, SyncStore, Waiting, Wanted};
use crate::sync::records::Record;
use crate::sync::settings::SyncSettings;

/// The key of the last pull's checkpoint in the meta store.
pub const CHECKPOINT_KEY: &str = "sync-checkpoint";
/// A key nothing is stored under: read to end a page's task between its writes.
const PAUSE_KEY: &str = "pause";
/// Requests a pulled page sends per task: 3,000 conflict branches merged (a record, its state, its outbox
/// entry, an activity entry and its outbox entry each) were 200–335 ms tasks of 250 documents.
const WRITES_PER_TASK: usize = 150;
/// The key of sync's epoch in the meta store (see `Pending::epoch`).
const EPOCH_KEY: &str = "sync-epoch";

/// The store holding records of `kind`.
fn record_store(kind: Kind) -> &'static str {
    match kind {
        Kind::Customer => CUSTOMERS,
        Kind::Request => REQUESTS,
        Kind::Activity => ACTIVITY,
        Kind::Referral => REFERRALS,
        Kind::Provider => PROVIDERS,
        Kind::Profile => PROFILES,
    }
}

/// Every store holding synced records.
pub(super) fn record_stores() -> impl Iterator<Item = &'static str> {
    Kind::ALL.into_iter().map(record_store)
}

/// What a sync transaction that may touch any record spans: the records and sync's bookkeeping.
fn sync_stores() -> Vec<&'static str> {
    record_stores().chain([SYNC_STATE, CONFLICTS, HELD, OUTBOX, META]).collect()
}

fn decode_record(kind: Kind, value: JsValue) -> Result<Record, StoreError> {
    Ok(match kind {
        Kind::Customer => Record::Customer(Box::new(codec::decode_customer(&value)?)),
        Kind::Request => Record::Request(codec::decode_serde(value)?),
        Kind::Activity => Record::Activity(codec::decode_serde(value)?),
        Kind::Referral => Record::Referral(Box::new(codec::decode_serde(value)?)),
        Kind::Provider => Record::Provider(codec::decode_serde(value)?),
        Kind::Profile => Record::Profile(Box::new(codec::decode_serde(value)?)),
    })
}

/// A stored record's content as document content (what a push sends), read without typing it (records are
/// stored only as their types write them): a customer's JSON text, any other record's object.
fn decode_data(kind: Kind, value: JsValue) -> Result<Value, StoreError> {
    match kind {
        Kind::Customer => codec::customer_data(&value),
        _ => codec::decode_serde(value),
    }
}

fn encode_record(record: &Record) -> Result<JsValue, StoreError> {
    match record {
        Record::Customer(c) => codec::encode_customer(c),
        Record::Request(r) => codec::encode_serde(r),
        Record::Activity(a) => codec::encode_serde(a),
        Record::Referral(r) => codec::encode_serde(r),
        Record::Provider(p) => codec::encode_serde(p),
        Record::Profile(p) => codec::encode_serde(p),
    }
}

/// A sync state is stored as `{rev, base, losers?}` with the base as JSON text (cloned far faster than an
/// object).
fn encode_state(state: &SyncState, base_text: Option<&str>) -> Result<JsValue, StoreError> {
    let owned = match base_text {
        Some(_) => None,
        None => state.base.as_ref().map(Value::to_string),
    };
    let base = base_text.or(owned.as_deref()).map(JsValue::from_str).unwrap_or(JsValue::NULL);
    let record = Object::new();
    let failed = |e: JsValue| StoreError::Failed(format!("{e:?}"));
    Reflect::set(&record, &"rev".into(), &state.rev.as_str().into()).map_err(failed)?;
    Reflect::set(&record, &"base".into(), &base).map_err(failed)?;
    if !state.losers.is_empty() {
        let losers: Array = state.losers.iter().map(|l| JsValue::from_str(l)).collect();
        Reflect::set(&record, &"losers".into(), &losers).map_err(failed)?;
    }
    Ok(record.into())
}

/// A sync-state entry saying the document has none here (it hides a state inside the record).
fn forgotten_state() -> Result<JsValue, StoreError> {
    let record = Object::new();
    Reflect::set(&record, &inline_state::FORGOTTEN.into(), &JsValue::TRUE)
        .map_err(|e| StoreError::Failed(format!("{e:?}")))?;
    Ok(record.into())
}

/// A sync-state entry's state (`None`: the entry says there is none).
fn decode_state(value: &JsValue) -> Result<Option<SyncState>, StoreError> {
    if Reflect::get(value, &inline_state::FORGOTTEN.into()).is_ok_and(|v| v.is_truthy()) {
        return Ok(None);
    }
    let field = |name: &str| Reflect::get(value, &name.into()).ok().and_then(|v| v.as_string());
    let rev = field("rev").ok_or_else(|| StoreError::Corrupt("a sync state has no revision".into()))?;
    let base = field("base").map(|text| serde_json::from_str(&text)).transpose();
    let losers = match Reflect::get(value, &"losers".into()) {
        Ok(list) if Array::is_array(&list) => Array::from(&list).iter().filter_map(|v| v.as_string()).collect(),
        _ => Vec::new(),
    };
    Ok(Some(SyncState { rev, base: base.map_err(|e| StoreError::Corrupt(e.to_string()))?, losers }))
}

/// The sync state of a document of `kind`: its entry in the sync-state store if it has one, else the state
/// its stored customer record carries in `epoch` (see [`inline_state`]).
fn state_of(
    kind: Kind,
    entry: Option<&JsValue>,
    record: Option<&JsValue>,
    epoch: u64,
) -> Result<Option<SyncState>, StoreError> {
    match (entry, record) {
        (Some(entry), _) => decode_state(entry),
        (None, Some(record)) if kind == Kind::Customer => inline_state::carried_state(record, epoch),
        (None, _) => Ok(None),
    }
}

fn json_text(value: &Value) -> JsValue {
    JsValue::from_str(&value.to_string())
}

async fn get(store: &ObjectStore<'_>, key: String) -> Result<Option<JsValue>, StoreError> {
    request(store, key)?.await.map_err(from_idb)
}

/// Sends a `get` without waiting for it: a page's reads all go out at once, then are awaited in turn.
fn request(store: &ObjectStore<'_>, key: String) -> Result<BasicRequest<Option<JsValue>>, StoreError> {
    store.get(key).primitive().map_err(from_idb)
}

/// Outbox entries with their keys, oldest first: all of them, or a window after key `after`.
async fn outbox_with_keys(
    store: &ObjectStore<'_>,
    window: Option<(f64, u32)>,
) -> Result<Vec<(f64, OutboxEntry)>, StoreError> {
    let (keys, values) = outbox_stored(store, window).await?;
    let entries = values.into_iter().map(codec::decode_serde::<OutboxEntry>).collect::<Result<Vec<_>, _>>()?;
    Ok(keys.into_iter().zip(entries).collect())
}

/// Outbox entries' keys and stored values (not decoded), oldest first: all of them, or up to `limit` after
/// key `after`.
async fn outbox_stored(
    store: &ObjectStore<'_>,
    window: Option<(f64, u32)>,
) -> Result<(Vec<f64>, Vec<JsValue>), StoreError> {
    let (keys, values) = match window {
        None => (
            store.get_all_keys::<f64>().primitive().map_err(from_idb)?,
            store.get_all::<JsValue>().primitive().map_err(from_idb)?,
        ),
        Some((after, limit)) => {
            let range = || KeyRange::LowerBound(after, true);
            (
                store
                    .get_all_keys::<f64>()
                    .with_query::<f64, _>(range())
                    .with_limit(limit)
                    .primitive()
                    .map_err(from_idb)?,
                store
                    .get_all::<JsValue>()
                    .with_query::<f64, _>(range())
                    .with_limit(limit)
                    .primitive()
                    .map_err(from_idb)?,
            )
        }
    };
    let keys: Vec<f64> = keys.await.map_err(from_idb)?.collect::<Result<_, _>>().map_err(from_idb)?;
    let values: Vec<JsValue> = values.await.map_err(from_idb)?.collect::<Result<_, _>>().map_err(from_idb)?;
    Ok((keys, values))
}

/// How many changes wait to be pushed.
pub async fn pending_count(db: &Database) -> Result<u32, StoreError> {
    let tx = db.transaction(OUTBOX).build().map_err(from_idb)?;
    let store = tx.object_store(OUTBOX).map_err(from_idb)?;
    store.count().primitive().map_err(from_idb)?.await.map_err(from_idb)
}

/// Up to `limit` documents with pending changes after outbox key `after`, leaving out those in conflict and
/// those in `skip`. The outbox is read in windows of `limit` entries until `limit` documents are found, so a
/// long outbox is not read whole each time; a document's later entries beyond the window are pushed in a
/// later round. `resume` is the last key before the first entry left for a later read.
pub async fn pending_docs(
    db: &Database,
    limit: usize,
    after: Option<u64>,
    skip: &HashSet<DocId>,
) -> Result<Pending, StoreError> {
    let tx = db.transaction(sync_stores()).build().map_err(from_idb)?;
    read_pending(&tx, limit, after, skip).await
}

/// Records `acks` as [`ack_pushed`] does, then reads as [`pending_docs`] does, in one transaction: the push
/// pipeline's bookkeeping between two requests.
pub async fn ack_then_read(
    db: &Database,
    (epoch, acks): (u64, Vec<PushAck>),
    limit: usize,
    after: Option<u64>,
    skip: &HashSet<DocId>,
) -> Result<Pending, StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    record_acks(&tx, epoch, acks).await?;
    match read_pending(&tx, limit, after, skip).await {
        Ok(pending) => commit(tx).await.map(|()| pending),
        // A failed write aborts the transaction, and the reads after it fail too: the commit says why.
        Err(read) => Err(commit(tx).await.err().unwrap_or(read)),
    }
}

/// [`pending_docs`] inside `tx` (which spans the sync stores); only its reads are awaited.
async fn read_pending(
    tx: &Transaction<'_>,
    limit: usize,
    after: Option<u64>,
    skip: &HashSet<DocId>,
) -> Result<Pending, StoreError> {
    let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
    let conflicts = tx.object_store(CONFLICTS).map_err(from_idb)?;
    let epoch = read_epoch(&tx.object_store(META).map_err(from_idb)?).await?;
    let in_conflict: HashSet<String> = conflicts
        .get_all_keys::<String>()
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?
        .collect::<Result<_, _>>()
        .map_err(from_idb)?;
    let mut docs: Vec<PendingDoc> = Vec::new();
    // `resume` follows the entries read so far while every one of them was taken or passed over for good.
    let (mut resume, mut unbroken) = (after, true);
    let mut after = after.map_or(-1.0, |key| key as f64);
    while docs.len() < limit {
        let window = outbox_with_keys(&outbox, Some((after, limit.max(1) as u32))).await?;
        let Some((last, _)) = window.last() else { break };
        after = *last;
        for (key, entry) in window {
            let id = DocId::new(Kind::of(entry.entity), entry.entity_id);
            let taken = if skip.contains(&id) || in_conflict.contains(&id.to_string()) {
                true
            } else if let Some(doc) = docs.iter_mut().find(|d| d.id == id) {
                doc.mutations.push(entry.mutation_id);
                doc.keys.push(key as u64);
                true
            } else if docs.len() < limit {
                docs.push(PendingDoc {
                    id,
                    mutations: vec![entry.mutation_id],
                    data: None,
                    state: None,
                    keys: vec![key as u64],
                });
                true
            } else {
                false
            };
            unbroken &= taken;
            if unbroken {
                resume = Some(key as u64);
            }
        }
    }
    let states = tx.object_store(SYNC_STATE).map_err(from_idb)?;
    let mut reads = Reads::default();
    let mut wanted = Vec::with_capacity(docs.len());
    for doc in &docs {
        let store = tx.object_store(record_store(doc.id.kind)).map_err(from_idb)?;
        wanted.push((reads.get(&store, &doc.id.id.to_string())?, reads.get(&states, &doc.id.to_string())?));
    }
    let mut found = reads.results().await?;
    for (doc, (record, state)) in docs.iter_mut().zip(wanted) {
        let record = found.take(record);
        doc.state = state_of(doc.id.kind, found.take(state).as_ref(), record.as_ref(), epoch)?;
        // A customer's content stays the JSON text it is stored as: the push writes it into the request, the
        // ack stores it as the state's base.
        doc.data = match record {
            Some(record) if doc.id.kind == Kind::Customer => Some(codec::customer_content(&record)?),
            Some(record) => Some(decode_data(doc.id.kind, record)?.into()),
            None => None,
        };
    }
    Ok(Pending { docs, epoch, resume })
}

/// Records accepted pushes: new sync states, their outbox entries removed — unless sync started over since
/// `epoch`.
pub async fn ack_pushed(db: &Database, epoch: u64, acks: Vec<PushAck>) -> Result<(), StoreError> {
    if acks.is_empty() {
        return Ok(());
    }
    let tx =
        db.transaction([OUTBOX, SYNC_STATE, META]).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    record_acks(&tx, epoch, acks).await?;
    commit(tx).await
}

/// [`ack_pushed`] inside `tx` (which spans the outbox, the sync states and the meta store); only the read of
/// the epoch is awaited.
async fn record_acks(tx: &Transaction<'_>, epoch: u64, acks: Vec<PushAck>) -> Result<(), StoreError> {
    if acks.is_empty() || read_epoch(&tx.object_store(META).map_err(from_idb)?).await? != epoch {
        return Ok(()); // nothing to record, or the remote changed meanwhile: these revisions are the old remote's
    }
    let mut writes = Writes::new();
    let mut keys = Vec::new();
    for ack in acks {
        if let Some(rev) = ack.rev {
            let state = match ack.data {
                Some(Content::Text(text)) => encode_state(&SyncState::at(rev, None), Some(text.get()))?,
                data => {
                    let base =
                        data.map(Content::into_value).transpose().map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    encode_state(&SyncState::at(rev, base), None)?
                }
            };
            writes.put(tx, SYNC_STATE, &state, Some(&ack.id.to_string()))?;
        }
        keys.extend(ack.keys);
    }
    writes.delete_keys(tx, OUTBOX, &keys)
}

/// Forgets the sync states of `ids`: an entry saying so, which also hides a state inside a record.
pub async fn forget_revs(db: &Database, ids: &[DocId]) -> Result<(), StoreError> {
    let tx = db.transaction(SYNC_STATE).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let mut writes = Writes::new();
    let forgotten = forgotten_state()?;
    for id in ids {
        writes.put(&tx, SYNC_STATE, &forgotten, Some(&id.to_string()))?;
    }
    commit(tx).await
}

/// Before a use case rewrites or removes the customers `ids` inside `tx` (which spans the customers, the
/// sync states and the meta store): the state an old record carries moves to the sync-state store, with the
/// old content as its base, since the new record does not carry it. Only reads of `tx` are awaited.
pub(super) async fn move_carried_states(tx: &Transaction<'_>, ids: &[Uuid]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let (customers, states) =
        (tx.object_store(CUSTOMERS).map_err(from_idb)?, tx.object_store(SYNC_STATE).map_err(from_idb)?);
    let epoch = read_epoch(&tx.object_store(META).map_err(from_idb)?).await?;
    let mut reads = Reads::default();
    let mut wanted = Vec::with_capacity(ids.len());
    for id in ids {
        let key = DocId::new(Kind::Customer, *id).to_string();
        wanted.push((reads.get(&customers, &id.to_string())?, reads.get_key(&states, &key)?, key));
    }
    let mut found = reads.results().await?;
    let mut writes = Writes::new();
    for (record, entry, key) in wanted {
        let (record, entry) = (found.take(record), found.take(entry));
        let Some((rev, doc)) = record.filter(|_| entry.is_none()).and_then(|r| inline_state::carried_text(&r, epoch))
        else {
            continue;
        };
        writes.put(tx, SYNC_STATE, &encode_state(&SyncState::at(rev, None), Some(&doc))?, Some(&key))?;
    }
    Ok(())
}

/// Removes, within `tx`, every record, draft and pending change and sync's bookkeeping (revisions,
/// conflicts, documents set aside, the checkpoint): a backup is restored over everything. The epoch, the
/// settings and this device's id stay.
pub(super) fn clear_everything(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let mut writes = Writes::new();
    for store in record_stores().chain([OUTBOX, DRAFTS, CONFLICTS, HELD, SYNC_STATE]) {
        writes.clear(tx, store)?;
    }
    writes.delete(tx, META, &JsValue::from_str(CHECKPOINT_KEY))
}

/// Up to `limit` outbox entries with their keys after key `after`, oldest first.
pub async fn outbox_after(db: &Database, after: f64, limit: u32) -> Result<Vec<(f64, OutboxEntry)>, StoreError> {
    let tx = db.transaction(OUTBOX).build().map_err(from_idb)?;
    outbox_with_keys(&tx.object_store(OUTBOX).map_err(from_idb)?, Some((after, limit))).await
}

/// Sync's epoch, kept in the meta store (0 until sync first starts over).
pub(super) async fn read_epoch(meta: &ObjectStore<'_>) -> Result<u64, StoreError> {
    Ok(get(meta, EPOCH_KEY.to_string()).await?.and_then(|v| v.as_f64()).unwrap_or(0.0) as u64)
}

/// The revision held of each of `ids`: in the sync-state store, or inside a customer's record.
pub async fn known_revs(db: &Database, ids: &[DocId]) -> Result<Vec<Option<String>>, StoreError> {
    let tx = db.transaction([SYNC_STATE, CUSTOMERS, META]).build().map_err(from_idb)?;
    let (states, customers) =
        (tx.object_store(SYNC_STATE).map_err(from_idb)?, tx.object_store(CUSTOMERS).map_err(from_idb)?);
    let epoch = read_epoch(&tx.object_store(META).map_err(from_idb)?).await?;
    let mut reads = Reads::default();
    let mut wanted = Vec::with_capacity(ids.len());
    for id in ids {
        let record = (id.kind == Kind::Customer).then(|| reads.get(&customers, &id.id.to_string())).transpose()?;
        wanted.push((reads.get(&states, &id.to_string())?, record));
    }
    let mut found = reads.results().await?;
    let mut revs = Vec::with_capacity(ids.len());
    for (state, record) in wanted {
        let (state, record) = (found.take(state), found.take_some(record));
        revs.push(match (state, record) {
            (Some(state), _) => decode_state(&state)?.map(|s| s.rev),
            // Only customers' records were read: only they carry a state.
            (None, Some(record)) => inline_state::carried_rev(&record, epoch),
            (None, None) => None,
        });
    }
    Ok(revs)
}

/// The writes of one pulled page: one read-write transaction over the records and sync's bookkeeping, and
/// the outbox keys of the page's pending changes.
pub struct IdbPage<'a> {
    tx: Transaction<'a>,
    writes: Writes,
    outbox_keys: HashMap<Uuid, f64>,
    /// Sync's epoch, for states put inside records.
    epoch: u64,
    /// Documents with an entry in the sync-state store (their state is never put inside the record).
    with_entry: HashSet<DocId>,
    /// Customers taken from the remote, put together when the page is written out (or before any other write
    /// to the customers, so writes of one customer keep their order).
    taken: codec::CustomerBatch,
    /// Requests sent since the page's task last ended (see [`PageWriter::breathe`]).
    unawaited: usize,
}

impl IdbPage<'_> {
    fn put(&mut self, store: &'static str, value: &JsValue, key: Option<&str>) -> Result<(), LocalError> {
        if store == CUSTOMERS {
            self.put_taken_customers()?;
        }
        self.unawaited += 1;
        Ok(self.writes.put(&self.tx, store, value, key)?)
    }

    fn delete(&mut self, store: &'static str, key: &JsValue) -> Result<(), LocalError> {
        if store == CUSTOMERS {
            self.put_taken_customers()?;
        }
        self.unawaited += 1;
        Ok(self.writes.delete(&self.tx, store, key)?)
    }

    fn put_taken_customers(&mut self) -> Result<(), LocalError> {
        if self.taken.is_empty() {
            return Ok(());
        }
        for value in self.taken.take()? {
            self.writes.put(&self.tx, CUSTOMERS, &value, None)?;
        }
        Ok(())
    }
}

impl PageWriter for IdbPage<'_> {
    fn put_record(&mut self, record: &Record) -> Result<(), LocalError> {
        self.put(record_store(record.doc_id().kind), &encode_record(record)?, None)
    }

    fn put_taken(&mut self, record: &Record, text: &str, state: &SyncState) -> Result<(), LocalError> {
        let id = record.doc_id();
        let carried = state.losers.is_empty() && !self.with_entry.contains(&id);
        match record {
            Record::Customer(c) => {
                // The text at hand is the stored document: the customer is not written out again.
                let rev = carried.then(|| inline_state::Carried::new(&state.rev, self.epoch));
                self.taken.push(c, text, rev)?;
                if carried {
                    return Ok(());
                }
            }
            _ => self.put_record(record)?,
        }
        let value = encode_state(state, Some(text))?;
        self.put(SYNC_STATE, &value, Some(&id.to_string()))
    }

    fn delete_record(&mut self, id: DocId) -> Result<(), LocalError> {
        self.delete(record_store(id.kind), &JsValue::from_str(&id.id.to_string()))
    }

    fn put_state(&mut self, id: DocId, state: &SyncState) -> Result<(), LocalError> {
        let value = encode_state(state, None)?;
        self.put(SYNC_STATE, &value, Some(&id.to_string()))
    }

    fn settle(&mut self, _id: DocId, mutations: &[Uuid]) -> Result<(), LocalError> {
        for m in mutations {
            if let Some(key) = self.outbox_keys.get(m).copied() {
                self.delete(OUTBOX, &JsValue::from_f64(key))?;
            }
        }
        Ok(())
    }

    fn set_conflict(&mut self, id: DocId, conflict: Option<&Conflict>) -> Result<(), LocalError> {
        match conflict {
            Some(c) => self.put(CONFLICTS, &codec::encode_serde(c)?, Some(&id.to_string())),
            None => self.delete(CONFLICTS, &JsValue::from_str(&id.to_string())),
        }
    }

    fn hold(&mut self, held: &SetAside) -> Result<(), LocalError> {
        self.put(HELD, &codec::encode_serde(held)?, Some(&held.id))
    }

    fn release(&mut self, id: &str) -> Result<(), LocalError> {
        self.delete(HELD, &JsValue::from_str(id))
    }

    fn queue(&mut self, entry: &OutboxEntry) -> Result<(), LocalError> {
        self.unawaited += 1;
        Ok(self.writes.add(&self.tx, OUTBOX, &codec::encode_serde(entry)?)?)
    }

    fn log(&mut self, entry: &ActivityEntry) -> Result<(), LocalError> {
        self.put(ACTIVITY, &codec::encode_serde(entry)?, None)?;
        self.queue(&OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: Entity::Activity,
            entity_id: entry.id,
            op: Op::Create,
            at: entry.at,
        })
    }

    fn put_checkpoint(&mut self, checkpoint: &Value) -> Result<(), LocalError> {
        self.put(META, &json_text(checkpoint), Some(CHECKPOINT_KEY))
    }

    async fn breathe(&mut self) -> Result<(), LocalError> {
        if self.unawaited < WRITES_PER_TASK {
            return Ok(());
        }
        self.unawaited = 0;
        // A read queued behind the writes: it is answered once they are done, in a task of its own.
        get(&self.tx.object_store(META).map_err(from_idb)?, PAUSE_KEY.into()).await?;
        Ok(())
    }

    async fn commit(mut self) -> Result<(), LocalError> {
        self.put_taken_customers()?;
        Ok(super::errors::commit(self.tx).await?)
    }
}

/// Opens a page's transaction and reads the local side of each wanted document: every read goes out before
/// any is awaited, and only the last is awaited; conflicts and documents set aside are only looked up while
/// there are any, and documents new here are not looked up at all while no change waits to be pushed.
async fn read_page<'a>(db: &'a Database, wanted: &[Wanted]) -> Result<(IdbPage<'a>, Vec<LocalSide>), StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let mut sides = Vec::with_capacity(wanted.len());
    let mut outbox_keys = HashMap::new();
    let mut with_entry = HashSet::new();
    let epoch = read_epoch(&tx.object_store(META).map_err(from_idb)?).await?;
    {
        let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
        let states = tx.object_store(SYNC_STATE).map_err(from_idb)?;
        let conflicts = tx.object_store(CONFLICTS).map_err(from_idb)?;
        let held = tx.object_store(HELD).map_err(from_idb)?;
        let customers = tx.object_store(CUSTOMERS).map_err(from_idb)?;
        let by_domain = customers.index(DOMAIN_INDEX).map_err(from_idb)?;
        let open_conflicts = conflicts.count().primitive().map_err(from_idb)?;
        let held_count = held.count().primitive().map_err(from_idb)?;
        let queued = outbox.count().primitive().map_err(from_idb)?;
        let (open_conflicts, held_count, queued) = (
            open_conflicts.await.map_err(from_idb)?,
            held_count.await.map_err(from_idb)?,
            queued.await.map_err(from_idb)?,
        );
        let mut reads = Reads::default();
        let mut planned = Vec::with_capacity(wanted.len());
        for w in wanted {
            if w.new_here && queued == 0 {
                planned.push(None);
                continue;
            }
            let (key, doc_key) = (w.id.id.to_string(), w.id.to_string());
            let records = tx.object_store(record_store(w.id.kind)).map_err(from_idb)?;
            planned.push(Some((
                reads.get(&records, &key)?,
                reads.get(&states, &doc_key)?,
                (open_conflicts > 0).then(|| reads.get(&conflicts, &doc_key)).transpose()?,
                (held_count > 0).then(|| reads.get_key(&held, &doc_key)).transpose()?,
                w.domain.as_ref().map(|d| reads.index_get(&by_domain, d)).transpose()?,
            )));
        }
        // Pending outbox entries by record; on a first sync the outbox is usually empty.
        let mut pending: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        if queued > 0 {
            for (key, entry) in outbox_with_keys(&outbox, None).await? {
                pending.entry(entry.entity_id).or_default().push(entry.mutation_id);
                outbox_keys.insert(entry.mutation_id, key);
            }
        }
        let mut found = reads.results().await?;
        for (w, planned) in wanted.iter().zip(planned) {
            let Some((record, state, conflict, held, holder)) = planned else {
                sides.push(LocalSide::default());
                continue;
            };
            let holder = found.take_some(holder).map(|v| codec::decode_customer(&v)).transpose()?;
            let (record, entry) = (found.take(record), found.take(state));
            if entry.is_some() {
                with_entry.insert(w.id);
            }
            sides.push(LocalSide {
                state: state_of(w.id.kind, entry.as_ref(), record.as_ref(), epoch)?,
                record: record.map(|v| decode_record(w.id.kind, v)).transpose()?,
                pending: pending.get(&w.id.id).cloned().unwrap_or_default(),
                conflict: found.take_some(conflict).map(codec::decode_serde).transpose()?,
                held: found.take_some(held).is_some(),
                domain_holder: holder.map(|c| (c.id, c.company.company_name)),
            });
        }
    }
    Ok((
        IdbPage { tx, writes: Writes::new(), outbox_keys, epoch, with_entry, taken: Default::default(), unawaited: 0 },
        sides,
    ))
}

/// Whether the database holds no record, no revision and no pending change.
pub async fn is_empty(db: &Database) -> Result<bool, StoreError> {
    let names: Vec<&str> = record_stores().chain([SYNC_STATE, OUTBOX]).collect();
    let tx = db.transaction(names.clone()).build().map_err(from_idb)?;
    let mut counts = Vec::with_capacity(names.len());
    for name in &names {
        counts.push(tx.object_store(name).map_err(from_idb)?.count().primitive().map_err(from_idb)?);
    }
    for count in counts {
        if count.await.map_err(from_idb)? > 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The last pull's checkpoint.
pub async fn checkpoint(db: &Database) -> Result<Option<Value>, StoreError> {
    let tx = db.transaction(META).build().map_err(from_idb)?;
    let text = get(&tx.object_store(META).map_err(from_idb)?, CHECKPOINT_KEY.to_string()).await?;
    let parsed = text.and_then(|t| t.as_string()).map(|t| serde_json::from_str(&t)).transpose();
    parsed.map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// How many changes, conflicts and documents set aside wait, counted in one transaction without reading them.
pub async fn waiting(db: &Database) -> Result<Waiting, StoreError> {
    let tx = db.transaction([OUTBOX, CONFLICTS, HELD]).build().map_err(from_idb)?;
    let mut reads = Reads::default();
    let [pending, conflicts, held] = [OUTBOX, CONFLICTS, HELD].map(|name| {
        let store = tx.object_store(name).map_err(from_idb)?;
        reads.count(&store)
    });
    let (pending, conflicts, held) = (pending?, conflicts?, held?);
    let mut counted = reads.results().await?;
    Ok(Waiting {
        pending: counted.count(pending),
        conflicts: counted.count(conflicts) as usize,
        set_aside: counted.count(held) as usize,
    })
}

/// Open conflicts, oldest first.
pub async fn conflicts(db: &Database) -> Result<Vec<Conflict>, StoreError> {
    let tx = db.transaction(CONFLICTS).build().map_err(from_idb)?;
    let store = tx.object_store(CONFLICTS).map_err(from_idb)?;
    let all = store.get_all::<JsValue>().primitive().map_err(from_idb)?.await.map_err(from_idb)?;
    let mut list: Vec<Conflict> =
        all.map(|v| v.map_err(from_idb).and_then(codec::decode_serde)).collect::<Result<_, _>>()?;
    list.sort_by_key(|c| c.detected_at);
    Ok(list)
}

/// Documents set aside, oldest first.
pub async fn set_aside(db: &Database) -> Result<Vec<SetAside>, StoreError> {
    let tx = db.transaction(HELD).build().map_err(from_idb)?;
    let store = tx.object_store(HELD).map_err(from_idb)?;
    let mut list: Vec<SetAside> = Vec::new();
    // A window at a time, each answer decoded in a task of its own: 50,000 documents of another tool's kind
    // read and decoded at once were a 386–448 ms task when `/sync` opened.
    loop {
        let request = store.get_all::<JsValue>().with_limit(REQUEUE_PER_TASK as u32);
        let request = match list.last() {
            Some(last) => request.with_query::<String, _>(KeyRange::LowerBound(last.id.clone(), true)).primitive(),
            None => request.primitive(),
        };
        let window = request.map_err(from_idb)?.await.map_err(from_idb)?;
        let before = list.len();
        for value in window {
            list.push(codec::decode_serde(value.map_err(from_idb)?)?);
        }
        if list.len() - before < REQUEUE_PER_TASK {
            break;
        }
    }
    list.sort_by_key(|h| h.seen_at);
    Ok(list)
}

/// Forgets documents set aside.
pub async fn dismiss(db: &Database, ids: &[String]) -> Result<(), StoreError> {
    let tx = db.transaction(HELD).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    forget_held(&tx.object_store(HELD).map_err(from_idb)?, ids).await?;
    commit(tx).await
}

/// Deletes the set-aside entries `ids`, [`REQUEUE_PER_TASK`] requests per task (the transaction stays open
/// in between): 50,000 documents of another tool's kind, deleted in one task, froze the page for 1.2 s.
async fn forget_held(held: &ObjectStore<'_>, ids: &[String]) -> Result<(), StoreError> {
    for window in ids.chunks(REQUEUE_PER_TASK) {
        let mut last = None;
        for id in window {
            last = Some(held.delete(id.clone()).primitive().map_err(from_idb)?);
        }
        if let Some(last) = last.filter(|_| window.len() == REQUEUE_PER_TASK) {
            last.await.map_err(from_idb)?;
        }
    }
    Ok(())
}

/// Ignores documents of kind `kind` from now on, or stops ignoring them (see `SyncStore::ignore_kind`).
pub async fn ignore_kind(
    db: &Database,
    kind: &str,
    ignore: bool,
    ids: &[String],
) -> Result<Option<SyncSettings>, StoreError> {
    let tx = db.transaction([META, HELD]).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    let Some(stored) = get(&meta, SETTINGS_KEY.into()).await? else { return Ok(None) };
    let mut settings: SyncSettings = codec::decode_serde(stored)?;
    settings.ignored_kinds.retain(|k| k != kind);
    if ignore {
        settings.ignored_kinds.push(kind.to_string());
        forget_held(&tx.object_store(HELD).map_err(from_idb)?, ids).await?;
    }
    meta.put(codec::encode_serde(&settings)?).with_key(SETTINGS_KEY.to_string()).primitive().map_err(from_idb)?;
    commit(tx).await?;
    Ok(Some(settings))
}

/// The key of this device's id in the meta store.
const DEVICE_KEY: &str = "device-id";
/// The keys of the sync settings and the remembered secret in the meta store.
const SETTINGS_KEY: &str = "sync-settings";
const SECRET_KEY: &str = "sync-secret";

/// This device's id, made and stored on first use.
pub async fn device_id(db: &Database) -> Result<Uuid, StoreError> {
    let tx = db.transaction(META).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    if let Some(id) = get(&meta, DEVICE_KEY.into()).await?.and_then(|v| v.as_string()) {
        if let Ok(id) = Uuid::parse_str(&id) {
            return Ok(id);
        }
    }
    let id = Uuid::new_v4();
    meta.put(JsValue::from_str(&id.to_string())).with_key(DEVICE_KEY.to_string()).primitive().map_err(from_idb)?;
    commit(tx).await?;
    Ok(id)
}

/// The sync settings and the remembered secret.
pub async fn sync_settings(db: &Database) -> Result<Option<(SyncSettings, Option<String>)>, StoreError> {
    let tx = db.transaction(META).build().map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    let Some(settings) = get(&meta, SETTINGS_KEY.into()).await? else {
        return Ok(None);
    };
    let secret = get(&meta, SECRET_KEY.into()).await?.and_then(|v| v.as_string());
    Ok(Some((codec::decode_serde(settings)?, secret)))
}

/// Records queued again, or outbox entries read, per task when sync starts over (100,000 customers queued in
/// one task froze the page for 5.4 s after a new remote was saved); set-aside entries read or deleted per
/// task too.
const REQUEUE_PER_TASK: usize = 1_000;

/// Forgets revisions, conflicts and the checkpoint, and queues every record not queued yet — inside `tx`,
/// which covers the meta, sync state, conflict, outbox and record stores. Returns the new epoch.
async fn start_over(tx: &Transaction<'_>, now: Timestamp) -> Result<u64, StoreError> {
    tx.object_store(SYNC_STATE).map_err(from_idb)?.clear().map_err(from_idb)?;
    tx.object_store(CONFLICTS).map_err(from_idb)?.clear().map_err(from_idb)?;
    tx.object_store(HELD).map_err(from_idb)?.clear().map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    meta.delete(CHECKPOINT_KEY.to_string()).primitive().map_err(from_idb)?;
    let next = read_epoch(&meta).await? + 1;
    meta.put(JsValue::from_f64(next as f64)).with_key(EPOCH_KEY.to_string()).primitive().map_err(from_idb)?;
    let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
    let queued = queued_ids(&outbox).await?;
    for kind in Kind::ALL {
        let (records, entity) = (tx.object_store(record_store(kind)).map_err(from_idb)?, kind.entity());
        let mut after: Option<String> = None;
        loop {
            // Each window of keys is a task of its own (the page paints and answers in between), asked for
            // after the records of the window before were queued; the transaction stays open meanwhile.
            let request = records.get_all_keys::<String>().with_limit(REQUEUE_PER_TASK as u32);
            let request = match after.take() {
                Some(key) => request.with_query::<String, _>(KeyRange::LowerBound(key, true)).primitive(),
                None => request.primitive(),
            };
            let keys: Vec<String> =
                request.map_err(from_idb)?.await.map_err(from_idb)?.collect::<Result<_, _>>().map_err(from_idb)?;
            for key in &keys {
                let Ok(id) = Uuid::parse_str(key) else { continue };
                if !queued.contains(&id) {
                    outbox.add(codec::encode_serde(&requeue(entity, id, now))?).primitive().map_err(from_idb)?;
                }
            }
            if keys.len() < REQUEUE_PER_TASK {
                break;
            }
            after = keys.into_iter().last();
        }
    }
    Ok(next)
}

/// The records the outbox holds a change of, read [`REQUEUE_PER_TASK`] entries per request (each answer a
/// task of its own: 100,000 entries read at once were a 197 ms task). Only each entry's `entity_id` is read
/// (decoding whole entries made setting a remote up after importing 10,000 customers take 167 ms instead of
/// 131 ms).
async fn queued_ids(outbox: &ObjectStore<'_>) -> Result<HashSet<Uuid>, StoreError> {
    let field = JsValue::from_str(codec::OUTBOX_ENTITY_KEY);
    // Outbox keys count up from 1.
    let (mut ids, mut after) = (HashSet::new(), -1.0);
    loop {
        let (keys, values) = outbox_stored(outbox, Some((after, REQUEUE_PER_TASK as u32))).await?;
        for value in values {
            let id = Reflect::get(&value, &field).ok().and_then(|id| id.as_string());
            let id = id.and_then(|id| Uuid::parse_str(&id).ok());
            ids.insert(id.ok_or_else(|| StoreError::Corrupt("an outbox entry names no record".into()))?);
        }
        match keys.last() {
            Some(last) if keys.len() == REQUEUE_PER_TASK => after = *last,
            _ => return Ok(ids),
        }
    }
}

/// Starts sync over with the same remote (it lost this device's checkpoint: it was recreated); returns the
/// new epoch.
pub async fn restart_sync(db: &Database, now: Timestamp) -> Result<u64, StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let epoch = start_over(&tx, now).await?;
    commit(tx).await?;
    Ok(epoch)
}

/// Sync's epoch now.
pub async fn epoch(db: &Database) -> Result<u64, StoreError> {
    let tx = db.transaction(META).build().map_err(from_idb)?;
    read_epoch(&tx.object_store(META).map_err(from_idb)?).await
}

/// Saves the settings and secret; for another remote, starts sync over (see `Store::save_sync_settings`).
pub async fn save_sync_settings(
    db: &Database,
    settings: &SyncSettings,
    secret: Option<&str>,
    now: Timestamp,
) -> Result<SyncSettings, StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    let before: Option<SyncSettings> = get(&meta, SETTINGS_KEY.into()).await?.map(codec::decode_serde).transpose()?;
    if before.as_ref().map(SyncSettings::remote_key) != Some(settings.remote_key()) {
        start_over(&tx, now).await?;
    }
    let saved = settings.clone().saved_over(before.as_ref());
    meta.put(codec::encode_serde(&saved)?).with_key(SETTINGS_KEY.to_string()).primitive().map_err(from_idb)?;
    match secret {
        Some(s) => drop(meta.put(JsValue::from_str(s)).with_key(SECRET_KEY.to_string()).primitive().map_err(from_idb)?),
        None => drop(meta.delete(SECRET_KEY.to_string()).primitive().map_err(from_idb)?),
    }
    commit(tx).await?;
    Ok(saved)
}

impl SyncStore for IdbStore {
    type Page<'a> = IdbPage<'a>;

    async fn read_page(&self, wanted: &[Wanted], epoch: u64) -> Result<(IdbPage<'_>, Vec<LocalSide>), LocalError> {
        // Read in the page's own transaction, which a start over (meta included) cannot interleave with: a
        // page refused here is dropped with no write made.
        let (page, sides) = read_page(&self.db, wanted).await?;
        if page.epoch != epoch {
            return Err(LocalError::StartedOver);
        }
        Ok((page, sides))
    }

    async fn epoch(&self) -> Result<u64, LocalError> {
        Ok(epoch(&self.db).await?)
    }

    async fn is_empty(&self) -> Result<bool, LocalError> {
        Ok(is_empty(&self.db).await?)
    }

    async fn known_revs(&self, ids: &[DocId]) -> Result<Vec<Option<String>>, LocalError> {
        Ok(known_revs(&self.db, ids).await?)
    }

    async fn pending_count(&self) -> Result<u32, LocalError> {
        Ok(pending_count(&self.db).await?)
    }

    async fn pending_docs(
        &self,
        limit: usize,
        after: Option<u64>,
        skip: &HashSet<DocId>,
    ) -> Result<Pending, LocalError> {
        Ok(pending_docs(&self.db, limit, after, skip).await?)
    }

    async fn ack_pushed(&self, epoch: u64, acks: Vec<PushAck>) -> Result<(), LocalError> {
        Ok(ack_pushed(&self.db, epoch, acks).await?)
    }

    async fn ack_then_read(
        &self,
        acked: (u64, Vec<PushAck>),
        limit: usize,
        after: Option<u64>,
        skip: &HashSet<DocId>,
    ) -> Result<Pending, LocalError> {
        Ok(ack_then_read(&self.db, acked, limit, after, skip).await?)
    }

    async fn forget_revs(&self, ids: &[DocId]) -> Result<(), LocalError> {
        Ok(forget_revs(&self.db, ids).await?)
    }

    async fn checkpoint(&self) -> Result<Option<Value>, LocalError> {
        Ok(checkpoint(&self.db).await?)
    }

    async fn waiting(&self) -> Result<Waiting, LocalError> {
        Ok(waiting(&self.db).await?)
    }

    async fn conflicts(&self) -> Result<Vec<Conflict>, LocalError> {
        Ok(conflicts(&self.db).await?)
    }

    async fn set_aside(&self) -> Result<Vec<SetAside>, LocalError> {
        Ok(set_aside(&self.db).await?)
    }

    async fn dismiss(&self, ids: &[String]) -> Result<(), LocalError> {
        Ok(dismiss(&self.db, ids).await?)
    }

    async fn ignore_kind(&self, kind: &str, ignore: bool, ids: &[String]) -> Result<Option<SyncSettings>, LocalError> {
        Ok(ignore_kind(&self.db, kind, ignore, ids).await?)
    }

    async fn device_id(&self) -> Result<Uuid, LocalError> {
        Ok(device_id(&self.db).await?)
    }

    async fn restart_sync(&self, now: Timestamp) -> Result<u64, LocalError> {
        Ok(restart_sync(&self.db, now).await?)
    }

    async fn sync_settings(&self) -> Result<Option<(SyncSettings, Option<String>)>, LocalError> {
        Ok(sync_settings(&self.db).await?)
    }

    async fn save_sync_settings(
        &self,
        settings: &SyncSettings,
        secret: Option<&str>,
        now: Timestamp,
    ) -> Result<SyncSettings, LocalError> {
        Ok(save_sync_settings(&self.db, settings, secret, now).await?)
    }
}
