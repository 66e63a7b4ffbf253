//! How records are stored. A customer is `{id, domain, updated_at, name_key, row, doc}`: the indexed
//! fields as plain properties (the company name's sort key for the list's first screen), the list's row as a
//! small JSON string (the list reads it without the rest), and the whole customer as one JSON string, which
//! the browser clones far faster than an object built field by field (see docs/PERFORMANCE.md). Small
//! records use serde objects directly.

use js_sys::{Array, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::customer::Customer;
use crate::domain::list_row::ListRow;
use crate::domain::sort_key::sort_key;
use crate::store::StoreError;
use crate::sync::content::Content;

/// The stored form of a customer.
pub fn encode_customer(c: &Customer) -> Result<JsValue, StoreError> {
    Ok(encode_customers([c])?.get(0))
}

/// The stored forms of `customers`, in order.
pub fn encode_customers<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> Result<Array, StoreError> {
    let mut batch = CustomerBatch::default();
    for c in customers {
        batch.push(c, &serde_json::to_string(c).map_err(|e| StoreError::Failed(e.to_string()))?, None::<()>)?;
    }
    batch.take()
}

/// Stored forms of customers built as one JSON text and made JS objects by one `JSON.parse`: a first sync
/// stores 100,000 customers, and each of their seven strings would otherwise cross from wasm to JS on its
/// own (decoded one by one: ~3× the time per record, see docs/PERFORMANCE.md). The customers' own JSON
/// texts travel beside it, joined by [`DOC_SEPARATOR`]: inside it, each would be escaped as a JSON string
/// and unescaped again by `JSON.parse` — two more passes over most of the bytes.
#[derive(Default)]
pub struct CustomerBatch {
    text: Vec<u8>,
    docs: String,
    len: usize,
}

/// Joins the customers' JSON texts in a [`CustomerBatch`]: a control character, which JSON text never holds
/// unescaped (inside a string it is written `\u0001`; outside one only spaces and line breaks may stand).
const DOC_SEPARATOR: char = '\u{1}';
/// The property holding the whole customer as JSON text.
const DOC_KEY: &str = "doc";

impl CustomerBatch {
    /// Adds the stored form of `c`, whose content is the JSON text `doc`, with the properties of `carried`
    /// besides (the sync state a pulled customer carries, see [`inline_state`](super::inline_state)).
    pub fn push<C: Serialize>(&mut self, c: &Customer, doc: &str, carried: Option<C>) -> Result<(), StoreError> {
        let listed = ListRow::from(c);
        let stored = Stored {
            id: c.id,
            domain: c.company.domain.as_str(),
            updated_at: c.updated_at.0,
            name_key: sort_key(&c.company.company_name),
            row: serde_json::to_string(&listed).map_err(|e| StoreError::Failed(e.to_string()))?,
            ended: listed.ended.then_some(1),
            billing_missing: listed.billing_missing.then_some(1),
            added: (added_group(&listed), c.created_at.0),
            carried,
        };
        self.text.push(if self.len == 0 { b'[' } else { b',' });
        serde_json::to_writer(&mut self.text, &stored).map_err(|e| StoreError::Failed(e.to_string()))?;
        if self.len > 0 {
            self.docs.push(DOC_SEPARATOR);
        }
        self.docs.push_str(doc);
        self.len += 1;
        Ok(())
    }

    /// Whether no customer waits in the batch.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The stored forms added so far, in order, as JS objects; the batch is empty again.
    pub fn take(&mut self) -> Result<Array, StoreError> {
        let CustomerBatch { mut text, docs, len } = std::mem::take(self);
        if len == 0 {
            return Ok(Array::new());
        }
        text.push(b']');
        let text = std::str::from_utf8(&text).map_err(|e| StoreError::Failed(e.to_string()))?;
        let parsed: Array =
            js_sys::JSON::parse(text).map_err(|e| StoreError::Failed(format!("{e:?}")))?.unchecked_into();
        let docs = js_sys::JsString::from(docs).split(DOC_SEPARATOR.encode_utf8(&mut [0; 4]));
        // A separator inside a text would give each record after it the wrong customer: refused whole.
        if docs.length() as usize != len || parsed.length() as usize != len {
            return Err(StoreError::Failed("a customer's JSON text held a control character".into()));
        }
        let key = JsValue::from_str(DOC_KEY);
        for (stored, doc) in parsed.iter().zip(docs.iter()) {
            Reflect::set(&stored, &key, &doc).map_err(|e| StoreError::Failed(format!("{e:?}")))?;
        }
        Ok(parsed)
    }
}

/// A stored customer's properties. The indexes' key paths name the same properties ([`NAME_KEY`],
/// [`ENDED_KEY`], [`BILLING_MISSING_KEY`], [`ADDED_KEY`]).
#[derive(Serialize)]
struct Stored<'a, C> {
    id: uuid::Uuid,
    domain: &'a str,
    updated_at: i64,
    name_key: String,
    /// The list's row as JSON text (the list reads it without the rest).
    row: String,
    /// Present (as 1) only when true: the indexes on them hold only those customers (counted on Home).
    #[serde(skip_serializing_if = "Option::is_none")]
    ended: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_missing: Option<u8>,
    /// `[group, created_at]`: what Home counts per relationship and per month ([`added_group`]).
    added: (&'static str, i64),
    // `doc` ([`DOC_KEY`]), the whole customer as JSON text — which the browser clones far faster than an
    // object — is set apart (see [`CustomerBatch`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    carried: Option<C>,
}

/// The property holding the company name's sort key (indexed).
pub const NAME_KEY: &str = "name_key";
/// The property of an outbox entry (`OutboxEntry::entity_id`, as serde writes it) naming its record.
pub const OUTBOX_ENTITY_KEY: &str = "entity_id";
/// The property present (as 1) only on customers whose relationship has ended (indexed).
pub const ENDED_KEY: &str = "ended";
/// The property present (as 1) only on customers without billing details (indexed).
pub const BILLING_MISSING_KEY: &str = "billing_missing";
/// The property `[group, created_at]` of every customer (indexed), see [`added_group`].
pub const ADDED_KEY: &str = "added";
/// The group of the customers whose relationship has ended, in [`ADDED_KEY`].
pub const ENDED_GROUP: &str = "ended";

/// The group a customer is counted in on Home: its relationship's key while the relationship lasts,
/// [`ENDED_GROUP`] once it has ended.
pub fn added_group(row: &ListRow) -> &'static str {
    if row.ended {
        ENDED_GROUP
    } else {
        row.relationship.key()
    }
}

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
    Reflect::get(record, &JsValue::from_str(DOC_KEY)).ok()?.as_string()
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

/// Any serde value as a plain JS object (the shape JSON gives it). Made through JSON text, so that every
/// record is written and read by serde_json's code alone: serde-wasm-bindgen's own copy of every stored type's
/// code was ~18 KiB (brotli) of the app.
pub fn encode_serde<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Failed(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| StoreError::Failed("JSON text the browser could not read".into()))
}

/// Any serde value from a plain JS object (through JSON text, see [`encode_serde`]); nothing stored reads as
/// `null`.
pub fn decode_serde<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    let text = js_sys::JSON::stringify(&value).ok().and_then(|t| t.as_string());
    serde_json::from_str(text.as_deref().unwrap_or("null")).map_err(|e| StoreError::Corrupt(e.to_string()))
}
