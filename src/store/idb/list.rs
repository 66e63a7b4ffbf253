//! The customer list's reads: rows in chunks by id (the whole list, a chunk per task), the first screen
//! through an index in the sort's order, the rows of customers that changed, and the counts — and every
//! customer whole, a chunk per task.

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use uuid::Uuid;
use wasm_bindgen::JsValue;
use web_sys::IdbCursorDirection;

use super::codec;
use super::cursor::{self, from_js};
use super::errors::from_idb;
use super::reads::Reads;
use super::schema::{BILLING_MISSING_INDEX, CUSTOMERS, ENDED_INDEX, NAME_INDEX, UPDATED_INDEX};
use crate::domain::customer::Customer;
use crate::domain::customer_index::{Sort, SortColumn};
use crate::domain::list_row::{CustomerCounts, ListRow};
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

/// How many customers there are, ended and without billing details among them: three counts, the last two
/// through indexes that hold only those customers. A database whose upgrade could not add those indexes
/// counts its rows instead.
pub async fn customer_counts(db: &Database) -> Result<CustomerCounts, StoreError> {
    let tx = db.transaction(CUSTOMERS).build().map_err(from_idb)?;
    let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
    let names = store.as_sys().index_names();
    if !(names.contains(ENDED_INDEX) && names.contains(BILLING_MISSING_INDEX)) {
        drop(tx);
        return Ok(CustomerCounts::of(&list_rows(db, None, u32::MAX).await?));
    }
    let all = store.count().primitive().map_err(from_idb)?.await.map_err(from_idb)?;
    let store = &store;
    let in_index = |name: &'static str| async move {
        store.index(name).map_err(from_idb)?.count().primitive().map_err(from_idb)?.await.map_err(from_idb)
    };
    Ok(CustomerCounts {
        all,
        ended: in_index(ENDED_INDEX).await?,
        billing_missing: in_index(BILLING_MISSING_INDEX).await?,
    })
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
