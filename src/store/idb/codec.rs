//! How records are stored. A customer is `{id, domain, updated_at, name_key, row, doc}`: the indexed
//! fields as plain properties (the company name's sort key for the list's first screen), the list's row as a
//! small JSON string (the list reads it without the rest), and the whole customer as one JSON string, which
//! the browser clones far faster than an object built field by field (see docs/PERFORMANCE.md). Small
//! records use serde objects directly.

use js_sys::{Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::domain::customer::Customer;
use crate::domain::list_row::ListRow;
use crate::domain::sort_key::sort_key;
use crate::store::StoreError;
use crate::sync::content::Content;

/// The stored form of a customer.
pub fn encode_customer(c: &Customer) -> Result<JsValue, StoreError> {
    let doc = serde_json::to_string(c).map_err(|e| StoreError::Failed(e.to_string()))?;
    encode_customer_with(c, doc)
}

/// The stored form of `c` whose JSON text `doc` is already at hand (a pulled document's content).
pub fn encode_customer_with(c: &Customer, doc: String) -> Result<JsValue, StoreError> {
    let record = Object::new();
    let listed = ListRow::from(c);
    let row = serde_json::to_string(&listed).map_err(|e| StoreError::Failed(e.to_string()))?;
    KEYS.with(|k| {
        let set = |key: &JsValue, v: JsValue| Reflect::set(&record, key, &v).map(|_| ());
        set(&k.id, c.id.to_string().into())
            .and_then(|()| set(&k.domain, c.company.domain.as_str().into()))
            .and_then(|()| set(&k.updated_at, (c.updated_at.0 as f64).into()))
            .and_then(|()| set(&k.name_key, sort_key(&c.company.company_name).into()))
            .and_then(|()| set(&k.row, row.into()))
            // Present only when true: the indexes on them hold only those customers (counted on Home).
            .and_then(|()| if listed.ended { set(&k.ended, 1.into()) } else { Ok(()) })
            .and_then(|()| if listed.billing_missing { set(&k.billing_missing, 1.into()) } else { Ok(()) })
            .and_then(|()| set(&k.doc, doc.into()))
    })
    .map_err(|e| StoreError::Failed(format!("{e:?}")))?;
    Ok(record.into())
}

/// A stored customer's property names as JS strings, made once: a first sync stores 100,000 customers,
/// and each name would otherwise cross from wasm to JS for each of them.
struct Keys {
    id: JsValue,
    domain: JsValue,
    updated_at: JsValue,
    name_key: JsValue,
    row: JsValue,
    ended: JsValue,
    billing_missing: JsValue,
    doc: JsValue,
}

thread_local! {
    static KEYS: Keys = Keys {
        id: "id".into(),
        domain: "domain".into(),
        updated_at: "updated_at".into(),
        name_key: NAME_KEY.into(),
        row: "row".into(),
        ended: ENDED_KEY.into(),
        billing_missing: BILLING_MISSING_KEY.into(),
        doc: "doc".into(),
    };
}

/// The property holding the company name's sort key (indexed).
pub const NAME_KEY: &str = "name_key";
/// The property present (as 1) only on customers whose relationship has ended (indexed).
pub const ENDED_KEY: &str = "ended";
/// The property present (as 1) only on customers without billing details (indexed).
pub const BILLING_MISSING_KEY: &str = "billing_missing";

/// A stored customer's list row: its `row` property, or — for records written before it existed — the row
/// of the whole customer.
pub fn decode_row(record: &JsValue) -> Result<ListRow, StoreError> {
    let row = Reflect::get(record, &JsValue::from_str("row")).ok().and_then(|r| r.as_string());
    match row.map(|r| serde_json::from_str(&r)) {
        Some(Ok(row)) => Ok(row),
        _ => Ok(ListRow::from(&decode_customer(record)?)),
    }
}

/// A stored customer's content as JSON text.
pub fn customer_text(record: &JsValue) -> Option<String> {
    Reflect::get(record, &JsValue::from_str("doc")).ok()?.as_string()
}

/// A stored customer's content as JSON, without typing it.
pub fn customer_data(record: &JsValue) -> Result<serde_json::Value, StoreError> {
    parse_stored(record)
}

/// A stored customer's content as the JSON text it is stored as (checked to be JSON, not parsed).
pub fn customer_content(record: &JsValue) -> Result<Content, StoreError> {
    Content::from_text(stored_text(record)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A customer from its stored form.
pub fn decode_customer(record: &JsValue) -> Result<Customer, StoreError> {
    parse_stored(record)
}

/// A stored customer's content read as `T`.
fn parse_stored<T: DeserializeOwned>(record: &JsValue) -> Result<T, StoreError> {
    serde_json::from_str(&stored_text(record)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn stored_text(record: &JsValue) -> Result<String, StoreError> {
    customer_text(record).ok_or_else(|| StoreError::Corrupt("a customer record has no document".into()))
}

/// Any serde value as a plain JS object.
pub fn encode_serde<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| StoreError::Failed(e.to_string()))
}

/// Any serde value from a plain JS object.
pub fn decode_serde<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}
