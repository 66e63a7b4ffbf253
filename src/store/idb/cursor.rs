//! Walking an index with a plain `IDBCursorWithValue` (stopping after a few records, in either direction),
//! where the wrapper crate's streams would read ahead.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbCursorWithValue, IdbRequest};

use super::errors::from_dom;
use crate::store::StoreError;

/// Waits for the cursor request's next success: the cursor on a record, or `None` past the last one.
pub async fn next(request: &IdbRequest) -> Result<Option<IdbCursorWithValue>, StoreError> {
    let step = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(step)
        .await
        .map_err(|_| request.error().ok().flatten().map(from_dom).unwrap_or(StoreError::Failed("cursor".into())))?;
    Ok(request.result().map_err(from_js)?.dyn_into::<IdbCursorWithValue>().ok())
}

/// Maps an error thrown by a `web-sys` IndexedDB call.
pub fn from_js(e: JsValue) -> StoreError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(ex) => from_dom(ex),
        Err(other) => StoreError::Failed(format!("{other:?}")),
    }
}
