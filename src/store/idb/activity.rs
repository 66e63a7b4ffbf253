//! The activity log's reads: a page at a time, newest first, through the index on time (or, for one
//! customer, through the index on the customer), and counts without reading an entry.

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use uuid::Uuid;
use wasm_bindgen::JsValue;
use web_sys::{IdbCursorDirection, IdbKeyRange};

use super::codec;
use super::cursor::{self, from_js};
use super::errors::from_idb;
use super::schema::{ACTIVITY, AT_INDEX, CUSTOMER_ID_INDEX};
use crate::domain::activity::{ActivityEntry, ActivityQuery, LogPosition};
use crate::store::StoreError;

/// Up to `limit` entries of `query`, newest first, after `after`.
pub async fn page(
    db: &Database,
    query: &ActivityQuery,
    after: Option<LogPosition>,
    limit: u32,
) -> Result<Vec<ActivityEntry>, StoreError> {
    if let Some(customer) = query.customer {
        return Ok(query.page(of_customer(db, customer).await?, after, limit as usize));
    }
    let (first, last) = query.span();
    let upper = after.map_or(last.0, |p| p.at.0.min(last.0));
    if upper < first.0 {
        return Ok(Vec::new());
    }
    let range =
        IdbKeyRange::bound(&JsValue::from_f64(first.0 as f64), &JsValue::from_f64(upper as f64)).map_err(from_js)?;
    let tx = db.transaction(ACTIVITY).build().map_err(from_idb)?;
    let store = tx.object_store(ACTIVITY).map_err(from_idb)?;
    let index = store.index(AT_INDEX).map_err(from_idb)?;
    let request =
        index.as_sys().open_cursor_with_range_and_direction(&range, IdbCursorDirection::Prev).map_err(from_js)?;
    let mut entries = Vec::with_capacity(limit as usize);
    while entries.len() < limit as usize {
        let Some(cursor) = cursor::next(&request).await? else { break };
        let entry: ActivityEntry = codec::decode_serde(cursor.value().map_err(from_js)?)?;
        // Entries of the page before's last millisecond come first and are skipped.
        if after.is_none_or(|p| p.precedes(&entry)) {
            entries.push(entry);
        }
        cursor.continue_().map_err(from_js)?;
    }
    Ok(entries)
}

/// Up to `limit` entries in id order (the store's key) after the one with id `after`.
pub async fn after(db: &Database, after: Option<Uuid>, limit: u32) -> Result<Vec<ActivityEntry>, StoreError> {
    let tx = db.transaction(ACTIVITY).build().map_err(from_idb)?;
    let store = tx.object_store(ACTIVITY).map_err(from_idb)?;
    let request = store.get_all::<JsValue>().with_limit(limit);
    let found = match after {
        Some(id) => request.with_query::<String, _>(KeyRange::LowerBound(id.to_string(), true)).primitive(),
        None => request.primitive(),
    };
    found
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?
        .map(|r| r.map_err(from_idb).and_then(codec::decode_serde))
        .collect()
}

/// How many entries `query` matches: counted by the index on time, or read for one customer.
pub async fn count(db: &Database, query: &ActivityQuery) -> Result<u32, StoreError> {
    if let Some(customer) = query.customer {
        return Ok(of_customer(db, customer).await?.iter().filter(|e| query.matches(e)).count() as u32);
    }
    let (first, last) = query.span();
    let tx = db.transaction(ACTIVITY).build().map_err(from_idb)?;
    let store = tx.object_store(ACTIVITY).map_err(from_idb)?;
    let index = store.index(AT_INDEX).map_err(from_idb)?;
    let range = KeyRange::Bound(first.0 as f64, false, last.0 as f64, false);
    index.count().with_query::<f64, _>(range).primitive().map_err(from_idb)?.await.map_err(from_idb)
}

/// Every entry of one customer (a customer's log is short).
pub async fn of_customer(db: &Database, customer: Uuid) -> Result<Vec<ActivityEntry>, StoreError> {
    let tx = db.transaction(ACTIVITY).build().map_err(from_idb)?;
    let store = tx.object_store(ACTIVITY).map_err(from_idb)?;
    let index = store.index(CUSTOMER_ID_INDEX).map_err(from_idb)?;
    let found = index
        .get_all::<JsValue>()
        .with_query(customer.to_string())
        .primitive()
        .map_err(from_idb)?
        .await
        .map_err(from_idb)?;
    found.map(|r| r.map_err(from_idb).and_then(codec::decode_serde)).collect()
}
