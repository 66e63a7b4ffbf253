//! The customer list's reads: rows in chunks by id (the whole list, a chunk per task), the first screen
//! through an index in the sort's order, the rows of customers that changed, and the counts — and every
//! customer whole, a chunk per task.

use std::ops::Range;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use js_sys::Array;
use uuid::Uuid;
use wasm_bindgen::JsValue;
use web_sys::{IdbCursorDirection, IdbKeyRange};

use super::codec;
use super::codec::ENDED_GROUP;
use super::cursor::{self, from_js};
use super::errors::from_idb;
use super::reads::Reads;
use super::schema::{ADDED_INDEX, BILLING_MISSING_INDEX, CUSTOMERS, ENDED_INDEX, NAME_INDEX, UPDATED_INDEX};
use crate::domain::customer::{Customer, Relationship};
use crate::domain::customer_index::{Sort, SortColumn};
use crate::domain::list_row::{added_in, CustomerCounts, ListRow};
use crate::domain::timestamp::Timestamp;
use crate::store::StoreError;

/// Customers decoded per task by [`all_customers`].
const CUSTOMER_CHUNK: u32 = 1_000;

/// Every customer, in id order: read in chunks within one transaction (one snapshot), each decoded as it
/// arrives, so that 100,000 customers are many short tasks instead of one that holds up the page.
pub async fn all_customers(db: &Database) -> Result<Vec<Customer>, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    let total = store.count().primitive().map_err(from_idb)?.await.map_err(from_idb)?;
    let mut customers = Vec::with_capacity(total as usize);
    loop {
        let records = records_after(&store, customers.last().map(|c: &Customer| c.id), CUSTOMER_CHUNK).await?;
        for record in &records {
            customers.push(codec::decode_customer(record)?);
        }
        if records.len() < CUSTOMER_CHUNK as usize {
            return Ok(customers);
        }
    }
}

/// Up to `limit` customer records in id order after `after` (from the first when `None`).
async fn records_after(store: &ObjectStore<'_>, after: Option<Uuid>, limit: u32) -> Result<Vec<JsValue>, StoreError> {
    let request = store.get_all::<JsValue>().with_limit(limit);
    let records = match after {
        Some(id) => request.with_query::<String, _>(KeyRange::LowerBound(id.to_string(), true)).primitive(),
        None => request.primitive(),
    };
    records.map_err(from_idb)?.await.map_err(from_idb)?.map(|r| r.map_err(from_idb)).collect()
}

/// Up to `limit` rows in id order after `after`.
pub async fn list_rows(db: &Database, after: Option<Uuid>, limit: u32) -> Result<Vec<ListRow>, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    records_after(&store, after, limit).await?.iter().map(codec::decode_row).collect()
}

/// Up to `limit` customers' stored JSON texts in id order after `after`.
pub async fn customer_documents(
    db: &Database,
    after: Option<Uuid>,
    limit: u32,
) -> Result<Vec<(Uuid, String)>, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    let records = records_after(&store, after, limit).await?;
    records
        .iter()
        .map(|record| {
            let text = codec::customer_text(record)
                .ok_or_else(|| StoreError::Corrupt("a customer record has no document".into()))?;
            let id = js_sys::Reflect::get(record, &"id".into()).ok().and_then(|v| v.as_string());
            let id = id.and_then(|i| Uuid::parse_str(&i).ok());
            Ok((id.ok_or_else(|| StoreError::Corrupt("a customer record has no id".into()))?, text))
        })
        .collect()
}

/// How many customers there are, ended and without billing details among them, and the listed ones per
/// relationship: counts through indexes (the ended and billing ones hold only those customers; the added
/// index is counted per group). A database whose upgrade could not add those indexes counts its rows
/// instead.
pub async fn customer_counts(db: &Database) -> Result<CustomerCounts, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    if !has_count_indexes(&store) {
        drop(tx);
        return Ok(CustomerCounts::of(&list_rows(db, None, u32::MAX).await?));
    }
    let mut reads = Reads::default();
    let all = reads.count(&store)?;
    let ended = reads.index_count(&store.index(ENDED_INDEX).map_err(from_idb)?, None)?;
    let billing = reads.index_count(&store.index(BILLING_MISSING_INDEX).map_err(from_idb)?, None)?;
    let added = store.index(ADDED_INDEX).map_err(from_idb)?;
    let by_relationship =
        Relationship::ALL.map(|r| group_range(r.key(), None).and_then(|range| reads.index_count(&added, Some(&range))));
    let mut results = reads.results().await?;
    let mut counts = CustomerCounts {
        all: results.count(all),
        ended: results.count(ended),
        billing_missing: results.count(billing),
        ..Default::default()
    };
    for (slot, read) in counts.listed_by_relationship.iter_mut().zip(by_relationship) {
        *slot = results.count(read?);
    }
    Ok(counts)
}

/// How many customers were added in each of `spans`: the added index counted per group and span, summed
/// per span (rows counted without the index, as in [`customer_counts`]).
pub async fn customers_added(db: &Database, spans: &[Range<Timestamp>]) -> Result<Vec<u32>, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    if !has_count_indexes(&store) {
        drop(tx);
        return Ok(added_in(&list_rows(db, None, u32::MAX).await?, spans));
    }
    let added = store.index(ADDED_INDEX).map_err(from_idb)?;
    let groups = Relationship::ALL.map(Relationship::key);
    let mut reads = Reads::default();
    let mut per_span = Vec::with_capacity(spans.len());
    for span in spans {
        let sent = groups
            .iter()
            .chain([&ENDED_GROUP])
            .map(|group| reads.index_count(&added, Some(&group_range(group, Some(span))?)));
        per_span.push(sent.collect::<Result<Vec<_>, _>>()?);
    }
    let mut results = reads.results().await?;
    Ok(per_span.into_iter().map(|sent| sent.into_iter().map(|read| results.count(read)).sum()).collect())
}

/// Whether the customers' counting indexes exist (a database upgraded without its upgrade transaction
/// lacks them).
fn has_count_indexes(store: &ObjectStore<'_>) -> bool {
    let names = store.as_sys().index_names();
    [ENDED_INDEX, BILLING_MISSING_INDEX, ADDED_INDEX].into_iter().all(|name| names.contains(name))
}

/// The keys of the added index in `group`: all of them, or those added within `span`.
fn group_range(group: &str, span: Option<&Range<Timestamp>>) -> Result<IdbKeyRange, StoreError> {
    let group = JsValue::from_str(group);
    let (lower, upper) = match span {
        // `[group]` sorts before every `[group, time]`, and `[group, []]` after (arrays sort after numbers).
        None => (Array::of1(&group), Array::of2(&group, &Array::new())),
        Some(span) => (
            Array::of2(&group, &JsValue::from_f64(span.start.0 as f64)),
            Array::of2(&group, &JsValue::from_f64(span.end.0 as f64)),
        ),
    };
    // Half-open: the upper bound itself is left out.
    IdbKeyRange::bound_with_lower_open_and_upper_open(&lower, &upper, false, true).map_err(from_js)
}

/// The first `limit` rows in `sort`'s order through the index kept in that order (company name, last
/// changed): one `getAll` ascending, a cursor descending; `None` for sorts without one, or a database made
/// before the name index.
pub async fn first_rows(db: &Database, sort: Sort, limit: u32) -> Result<Option<Vec<ListRow>>, StoreError> {
    let index_name = match sort.column {
        SortColumn::Name => NAME_INDEX,
        SortColumn::Changed => UPDATED_INDEX,
        _ => return Ok(None),
    };
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    if !store.as_sys().index_names().contains(index_name) {
        return Ok(None);
    }
    let index = store.index(index_name).map_err(from_idb)?;
    if !sort.descending {
        let records = index.get_all::<JsValue>().with_limit(limit).primitive().map_err(from_idb)?;
        let records = records.await.map_err(from_idb)?;
        return records.map(|r| codec::decode_row(&r.map_err(from_idb)?)).collect::<Result<_, _>>().map(Some);
    }
    let request = index
        .as_sys()
        .open_cursor_with_range_and_direction(&JsValue::UNDEFINED, IdbCursorDirection::Prev)
        .map_err(from_js)?;
    let mut rows = Vec::with_capacity(limit as usize);
    while rows.len() < limit as usize {
        let Some(cursor) = cursor::next(&request).await? else { break };
        rows.push(codec::decode_row(&cursor.value().map_err(from_js)?)?);
        cursor.continue_().map_err(from_js)?;
    }
    Ok(Some(rows))
}

/// The rows of `ids` (absent ones left out).
pub async fn list_rows_of(db: &Database, ids: &[Uuid]) -> Result<Vec<ListRow>, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    let mut reads = Reads::default();
    let wanted = ids.iter().map(|id| reads.get(&store, &id.to_string())).collect::<Result<Vec<_>, _>>()?;
    let mut found = reads.results().await?;
    wanted.into_iter().filter_map(|r| found.take(r)).map(|r| codec::decode_row(&r)).collect()
}
