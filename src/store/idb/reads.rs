//! Many reads in one transaction, awaited once. The requests of a transaction complete in the order they
//! were made, so when the last one has succeeded every earlier one holds its result: only the last is
//! listened to. (Awaiting each request through `indexed_db_futures` attaches two listeners per request; a
//! pulled page of 250 documents makes 500 reads.)

use indexed_db_futures::index::Index;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbRequest, IdbRequestReadyState};

use super::errors::from_dom;
use crate::store::StoreError;

/// Reads sent, each known by its position.
#[derive(Default)]
pub struct Reads {
    requests: Vec<IdbRequest>,
}

/// The position of one read in [`Reads::results`].
#[derive(Debug, Clone, Copy)]
pub struct Read(usize);

impl Reads {
    fn push(&mut self, request: Result<IdbRequest, JsValue>) -> Result<Read, StoreError> {
        self.requests.push(request.map_err(failed)?);
        Ok(Read(self.requests.len() - 1))
    }

    /// Sends a `get` of `key` in `store`.
    pub fn get(&mut self, store: &ObjectStore<'_>, key: &str) -> Result<Read, StoreError> {
        self.push(store.as_sys().get(&JsValue::from_str(key)))
    }

    /// Sends a `getKey` of `key` in `store` (whether it is there, without its value).
    pub fn get_key(&mut self, store: &ObjectStore<'_>, key: &str) -> Result<Read, StoreError> {
        self.push(store.as_sys().get_key(&JsValue::from_str(key)))
    }

    /// Sends a `get` of `key` in `index`.
    pub fn index_get(&mut self, index: &Index<'_>, key: &str) -> Result<Read, StoreError> {
        self.push(index.as_sys().get(&JsValue::from_str(key)))
    }

    /// Waits for the last read (unless it is done already: the caller awaited something later in the same
    /// transaction); then every result (`undefined` where nothing was found).
    pub async fn results(self) -> Result<Results, StoreError> {
        let Some(last) = self.requests.last() else { return Ok(Results(Vec::new())) };
        let failure = || last.error().ok().flatten().map(from_dom).unwrap_or_else(|| failed(JsValue::NULL));
        if last.ready_state() == IdbRequestReadyState::Done {
            if last.error().ok().flatten().is_some() {
                return Err(failure());
            }
        } else {
            let done = Promise::new(&mut |resolve, reject| {
                last.set_onsuccess(Some(&resolve));
                last.set_onerror(Some(&reject));
            });
            if JsFuture::from(done).await.is_err() {
                return Err(failure());
            }
        }
        let values = self.requests.iter().map(|r| r.result().map_err(failed)).collect::<Result<_, _>>()?;
        Ok(Results(values))
    }
}

/// What the reads found.
pub struct Results(Vec<JsValue>);

impl Results {
    /// The value `read` found, `None` when there was none.
    pub fn take(&mut self, read: Read) -> Option<JsValue> {
        let value = std::mem::replace(&mut self.0[read.0], JsValue::UNDEFINED);
        (!value.is_undefined()).then_some(value)
    }

    /// Like [`Results::take`], for a read that may not have been made.
    pub fn take_some(&mut self, read: Option<Read>) -> Option<JsValue> {
        read.and_then(|r| self.take(r))
    }
}

fn failed(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(ex) => from_dom(ex),
        Err(other) => StoreError::Failed(format!("{other:?}")),
    }
}
