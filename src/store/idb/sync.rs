//! The sync side of the IndexedDB store: pending documents, accepted pushes, and remote versions applied by
//! the rules of `sync::decide` — each write in one transaction that only awaits IndexedDB requests.

use std::collections::{HashMap, HashSet};

use indexed_db_futures::database::Database;
use indexed_db_futures::future::BasicRequest;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;
use js_sys::{Object, Reflect};
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use super::codec;
use super::errors::from_idb;
use super::schema::{
    ACTIVITY, CONFLICTS, CUSTOMERS, DOMAIN_INDEX, META, MUTATION_INDEX, OUTBOX, PROFILES, PROVIDERS, REFERRALS,
    REQUESTS, SYNC_STATE,
};
use crate::domain::outbox::OutboxEntry;
use crate::domain::timestamp::Timestamp;
use crate::store::{requeue, ApplyReport, StoreError};
use crate::sync::apply::{domain_taken, plan, RecordWrite};
use crate::sync::decide::{Conflict, Outcome};
use crate::sync::doc::{DocId, Kind, PendingDoc, PushAck, RemoteDoc, SyncState};
use crate::sync::records::Record;
use crate::sync::settings::SyncSettings;

/// The key of the last pull's checkpoint in the meta store.
pub const CHECKPOINT_KEY: &str = "sync-checkpoint";

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
    record_stores().chain([SYNC_STATE, CONFLICTS, OUTBOX, META]).collect()
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

/// A sync state is stored as `{rev, base}` with the base as JSON text (cloned far faster than an object).
fn encode_state(state: &SyncState) -> Result<JsValue, StoreError> {
    encode_state_with(&state.rev, state.base.as_ref().map(Value::to_string).as_deref())
}

/// The stored form of a state whose base's JSON text is at hand.
fn encode_state_with(rev: &str, base_text: Option<&str>) -> Result<JsValue, StoreError> {
    let record = Object::new();
    let base = base_text.map(JsValue::from_str).unwrap_or(JsValue::NULL);
    Reflect::set(&record, &"rev".into(), &rev.into())
        .and_then(|_| Reflect::set(&record, &"base".into(), &base))
        .map_err(|e| StoreError::Failed(format!("{e:?}")))?;
    Ok(record.into())
}

fn decode_state(value: &JsValue) -> Result<SyncState, StoreError> {
    let field = |name: &str| Reflect::get(value, &name.into()).ok().and_then(|v| v.as_string());
    let rev = field("rev").ok_or_else(|| StoreError::Corrupt("a sync state has no revision".into()))?;
    let base = field("base").map(|text| serde_json::from_str(&text)).transpose();
    Ok(SyncState { rev, base: base.map_err(|e| StoreError::Corrupt(e.to_string()))? })
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

/// Outbox entries read per request while looking for pending documents.
const OUTBOX_WINDOW: u32 = 500;

/// Outbox entries with their keys, oldest first: all of them, or a window after key `after`.
async fn outbox_with_keys(
    store: &ObjectStore<'_>,
    window: Option<(f64, u32)>,
) -> Result<Vec<(f64, OutboxEntry)>, StoreError> {
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
    let entries = values.into_iter().map(codec::decode_serde::<OutboxEntry>).collect::<Result<Vec<_>, _>>()?;
    Ok(keys.into_iter().zip(entries).collect())
}

/// How many changes wait to be pushed.
pub async fn pending_count(db: &Database) -> Result<u32, StoreError> {
    let tx = db.transaction(OUTBOX).build().map_err(from_idb)?;
    let store = tx.object_store(OUTBOX).map_err(from_idb)?;
    store.count().primitive().map_err(from_idb)?.await.map_err(from_idb)
}

/// Up to `limit` documents with pending changes, skipping those in conflict. The outbox is read in
/// windows from its start until `limit` documents are found, so a long outbox is not read whole each time;
/// a document's later entries beyond the window are pushed in a later round.
pub async fn pending_docs(db: &Database, limit: usize) -> Result<Vec<PendingDoc>, StoreError> {
    let tx = db.transaction(sync_stores()).build().map_err(from_idb)?;
    let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
    let conflicts = tx.object_store(CONFLICTS).map_err(from_idb)?;
    let in_conflict: HashSet<String> = conflicts
        .get_all_keys::<String>()
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?
        .collect::<Result<_, _>>()
        .map_err(from_idb)?;
    let mut docs: Vec<PendingDoc> = Vec::new();
    let mut after = -1.0;
    while docs.len() < limit {
        let window = outbox_with_keys(&outbox, Some((after, OUTBOX_WINDOW))).await?;
        let Some((last, _)) = window.last() else { break };
        after = *last;
        for (_, entry) in window {
            let id = DocId::new(Kind::of(entry.entity), entry.entity_id);
            if in_conflict.contains(&id.to_string()) {
                continue;
            }
            match docs.iter().position(|d| d.id == id) {
                Some(i) => docs[i].mutations.push(entry.mutation_id),
                None if docs.len() < limit => {
                    docs.push(PendingDoc { id, mutations: vec![entry.mutation_id], data: None, state: None })
                }
                None => {}
            }
        }
    }
    let states = tx.object_store(SYNC_STATE).map_err(from_idb)?;
    let mut reads = Vec::with_capacity(docs.len());
    for doc in &docs {
        let store = tx.object_store(record_store(doc.id.kind)).map_err(from_idb)?;
        reads.push((request(&store, doc.id.id.to_string())?, request(&states, doc.id.to_string())?));
    }
    for (doc, (record, state)) in docs.iter_mut().zip(reads) {
        doc.data = match record.await.map_err(from_idb)? {
            Some(v) => Some(decode_record(doc.id.kind, v)?.to_data()),
            None => None,
        };
        doc.state = state.await.map_err(from_idb)?.as_ref().map(decode_state).transpose()?;
    }
    Ok(docs)
}

/// Records accepted pushes: new sync states, their outbox entries removed (found by mutation id).
pub async fn ack_pushed(db: &Database, acks: Vec<PushAck>) -> Result<(), StoreError> {
    if acks.is_empty() {
        return Ok(());
    }
    let tx = db.transaction([OUTBOX, SYNC_STATE]).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
    let by_mutation = outbox.index(MUTATION_INDEX).map_err(from_idb)?;
    let states = tx.object_store(SYNC_STATE).map_err(from_idb)?;
    let mut reads = Vec::with_capacity(acks.len());
    for ack in &acks {
        let keys = ack
            .mutations
            .iter()
            .map(|m| by_mutation.get_key(m.to_string()).with_key_type::<f64>().primitive().map_err(from_idb))
            .collect::<Result<Vec<_>, _>>()?;
        reads.push((request(&states, ack.id.to_string())?, keys));
    }
    for (ack, (state, keys)) in acks.into_iter().zip(reads) {
        let current = state.await.map_err(from_idb)?.as_ref().map(decode_state).transpose()?;
        let mut outbox_keys = Vec::with_capacity(keys.len());
        for key in keys {
            outbox_keys.extend(key.await.map_err(from_idb)?);
        }
        if let Some(rev) = ack.rev {
            if current.map(|s| s.rev) != ack.from_rev {
                continue; // the document moved on meanwhile: the next push sorts it out
            }
            let state = encode_state(&SyncState { rev, base: ack.data })?;
            states.put(state).with_key(ack.id.to_string()).primitive().map_err(from_idb)?;
        }
        for key in outbox_keys {
            outbox.delete(key).primitive().map_err(from_idb)?;
        }
    }
    tx.commit().await.map_err(from_idb)
}

/// The primary domain a pulled customer document carries.
fn pulled_domain(doc: &RemoteDoc) -> Option<String> {
    (doc.id.kind == Kind::Customer).then_some(())?;
    doc.data.as_ref()?.pointer("/company/domain")?.as_str().map(String::from)
}

/// Applies remote versions and stores the checkpoint, in one transaction. Every read of the page goes out
/// before the first is awaited. Pulled customers are first written trusting the unique domain index; if it
/// refuses one (the domain is used here by another customer), the page is applied again, checking each
/// domain first and setting the colliding documents aside with the reason.
pub async fn apply_remote(
    db: &Database,
    docs: &[RemoteDoc],
    checkpoint: Option<&Value>,
    now: Timestamp,
) -> Result<ApplyReport, StoreError> {
    match apply_page(db, docs, checkpoint, now, false).await {
        Err(StoreError::Failed(reason)) if reason.starts_with("ConstraintError") => {
            apply_page(db, docs, checkpoint, now, true).await
        }
        other => other,
    }
}

async fn apply_page(
    db: &Database,
    docs: &[RemoteDoc],
    checkpoint: Option<&Value>,
    now: Timestamp,
    check_domains: bool,
) -> Result<ApplyReport, StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
    let states = tx.object_store(SYNC_STATE).map_err(from_idb)?;
    let conflicts = tx.object_store(CONFLICTS).map_err(from_idb)?;
    let customers = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    let by_domain = customers.index(DOMAIN_INDEX).map_err(from_idb)?;
    let open_conflicts = conflicts.count().primitive().map_err(from_idb)?.await.map_err(from_idb)?;
    let mut reads = Vec::with_capacity(docs.len());
    for doc in docs {
        let records = tx.object_store(record_store(doc.id.kind)).map_err(from_idb)?;
        let holder = match pulled_domain(doc).filter(|_| check_domains) {
            Some(domain) => Some(by_domain.get(domain).primitive().map_err(from_idb)?),
            None => None,
        };
        let conflict = match open_conflicts {
            0 => None,
            _ => Some(request(&conflicts, doc.id.to_string())?),
        };
        reads.push((
            request(&records, doc.id.id.to_string())?,
            request(&states, doc.id.to_string())?,
            conflict,
            holder,
        ));
    }
    // Pending outbox entries by record; on a first sync the outbox is usually empty.
    let mut pending: HashMap<Uuid, Vec<(f64, Uuid)>> = HashMap::new();
    let queued = outbox.count().primitive().map_err(from_idb)?.await.map_err(from_idb)?;
    if queued > 0 {
        for (key, entry) in outbox_with_keys(&outbox, None).await? {
            pending.entry(entry.entity_id).or_default().push((key, entry.mutation_id));
        }
    }
    let mut report = ApplyReport::default();
    for (doc, (record, state, conflict, holder)) in docs.iter().zip(reads) {
        let key = doc.id.to_string();
        let records = tx.object_store(record_store(doc.id.kind)).map_err(from_idb)?;
        let record = record.await.map_err(from_idb)?.map(|v| decode_record(doc.id.kind, v)).transpose()?;
        let state = state.await.map_err(from_idb)?.as_ref().map(decode_state).transpose()?;
        let conflict: Option<Conflict> = match conflict {
            Some(c) => c.await.map_err(from_idb)?.map(codec::decode_serde).transpose()?,
            None => None,
        };
        let had_conflict = conflict.is_some();
        let holder = match holder {
            Some(h) => h.await.map_err(from_idb)?.map(|v| codec::decode_customer(&v)).transpose()?,
            None => None,
        };
        let mutations: Vec<Uuid> =
            pending.get(&doc.id.id).map(|p| p.iter().map(|(_, m)| *m).collect()).unwrap_or_default();
        let plan = match plan(doc, record.as_ref(), state, mutations, conflict, now) {
            Ok(plan) => plan,
            Err(reason) => {
                report.rejected.push(reason);
                continue;
            }
        };
        // A version taken as it is: its JSON text serves as both the record and the base.
        let taken_text = match (&plan.outcome, &plan.state) {
            (Outcome::Taken, Some(SyncState { base: Some(base), .. })) => Some(base.to_string()),
            _ => None,
        };
        match &plan.record {
            RecordWrite::Keep => {}
            RecordWrite::Put(r) => {
                if let (Record::Customer(c), Some(other)) = (r, &holder) {
                    if other.id != c.id && other.company.domain == c.company.domain {
                        report.rejected.push(domain_taken(&c.company.domain, &other.company.company_name));
                        continue;
                    }
                }
                let value = match (r, &taken_text) {
                    (Record::Customer(c), Some(text)) => codec::encode_customer_with(c, text.clone())?,
                    _ => encode_record(r)?,
                };
                records.put(value).primitive().map_err(from_idb)?;
                report.changed += 1;
            }
            RecordWrite::Delete => {
                records.delete(doc.id.id.to_string()).primitive().map_err(from_idb)?;
                report.changed += 1;
            }
        }
        if let Some(s) = &plan.state {
            let state = match &taken_text {
                Some(text) => encode_state_with(&s.rev, Some(text))?,
                None => encode_state(s)?,
            };
            states.put(state).with_key(key.clone()).primitive().map_err(from_idb)?;
        }
        let settled = pending.get(&doc.id.id).into_iter().flatten().filter(|(_, m)| plan.settled.contains(m));
        for (outbox_key, _) in settled {
            outbox.delete(*outbox_key).primitive().map_err(from_idb)?;
        }
        report.settled += plan.settled.len();
        match &plan.conflict {
            Some(c) => drop(conflicts.put(codec::encode_serde(c)?).with_key(key).primitive().map_err(from_idb)?),
            None if had_conflict => drop(conflicts.delete(key).primitive().map_err(from_idb)?),
            None => {}
        }
        report.conflicts += usize::from(plan.outcome == Outcome::Conflicted);
    }
    if let Some(cp) = checkpoint {
        let meta = tx.object_store(META).map_err(from_idb)?;
        meta.put(json_text(cp)).with_key(CHECKPOINT_KEY.to_string()).primitive().map_err(from_idb)?;
    }
    tx.commit().await.map_err(from_idb)?;
    Ok(report)
}

/// The last pull's checkpoint.
pub async fn checkpoint(db: &Database) -> Result<Option<Value>, StoreError> {
    let tx = db.transaction(META).build().map_err(from_idb)?;
    let text = get(&tx.object_store(META).map_err(from_idb)?, CHECKPOINT_KEY.to_string()).await?;
    let parsed = text.and_then(|t| t.as_string()).map(|t| serde_json::from_str(&t)).transpose();
    parsed.map_err(|e| StoreError::Corrupt(e.to_string()))
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
    tx.commit().await.map_err(from_idb)?;
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

/// Forgets revisions, conflicts and the checkpoint, and queues every record not queued yet — inside `tx`,
/// which covers the meta, sync state, conflict, outbox and record stores.
async fn start_over(tx: &Transaction<'_>, now: Timestamp) -> Result<(), StoreError> {
    tx.object_store(SYNC_STATE).map_err(from_idb)?.clear().map_err(from_idb)?;
    tx.object_store(CONFLICTS).map_err(from_idb)?.clear().map_err(from_idb)?;
    tx.object_store(META).map_err(from_idb)?.delete(CHECKPOINT_KEY.to_string()).primitive().map_err(from_idb)?;
    let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
    let queued: HashSet<Uuid> = outbox_with_keys(&outbox, None).await?.into_iter().map(|(_, e)| e.entity_id).collect();
    for kind in Kind::ALL {
        let (store, entity) = (record_store(kind), kind.entity());
        let keys = tx.object_store(store).map_err(from_idb)?.get_all_keys::<String>().primitive().map_err(from_idb)?;
        for key in keys.await.map_err(from_idb)? {
            let Ok(id) = Uuid::parse_str(&key.map_err(from_idb)?) else { continue };
            if !queued.contains(&id) {
                outbox.add(codec::encode_serde(&requeue(entity, id, now))?).primitive().map_err(from_idb)?;
            }
        }
    }
    Ok(())
}

/// Starts sync over with the same remote (it lost this device's checkpoint: it was recreated).
pub async fn restart_sync(db: &Database, now: Timestamp) -> Result<(), StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    start_over(&tx, now).await?;
    tx.commit().await.map_err(from_idb)
}

/// Saves the settings and secret; for another remote, starts sync over (see `Store::save_sync_settings`).
pub async fn save_sync_settings(
    db: &Database,
    settings: &SyncSettings,
    secret: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let tx = db.transaction(sync_stores()).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
    let meta = tx.object_store(META).map_err(from_idb)?;
    let before: Option<SyncSettings> = get(&meta, SETTINGS_KEY.into()).await?.map(codec::decode_serde).transpose()?;
    if before.map(|s| s.remote_key()) != Some(settings.remote_key()) {
        start_over(&tx, now).await?;
    }
    meta.put(codec::encode_serde(settings)?).with_key(SETTINGS_KEY.to_string()).primitive().map_err(from_idb)?;
    match secret {
        Some(s) => drop(meta.put(JsValue::from_str(s)).with_key(SECRET_KEY.to_string()).primitive().map_err(from_idb)?),
        None => drop(meta.delete(SECRET_KEY.to_string()).primitive().map_err(from_idb)?),
    }
    tx.commit().await.map_err(from_idb)
}
