//! Persistent storage (`navigator.storage`); how much the app uses is the store's `storage_use`.

use wasm_bindgen_futures::JsFuture;
use web_sys::StorageManager;

fn manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"storage".into()).ok()?.then(|| navigator.storage())
}

async fn bool_promise(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Option<bool> {
    JsFuture::from(promise.ok()?).await.ok()?.as_bool()
}

/// Whether the browser promised not to evict the app's data.
pub async fn is_persisted() -> Option<bool> {
    bool_promise(manager()?.persisted()).await
}

/// Asks the browser to keep the app's data even when space runs low; returns whether it agreed.
pub async fn request_persistence() -> Option<bool> {
    bool_promise(manager()?.persist()).await
}

/// Bytes as "1.2 MB" (or "1,2 MB" in German).
pub fn format_bytes(bytes: f64) -> String {
    if bytes < 1000.0 {
        let unit = if super::locale::current() == crate::i18n::Locale::De { "Byte" } else { "bytes" };
        return format!("{} {unit}", super::format_number(bytes.round()));
    }
    let (value, unit) = crate::store::StorageUse::scaled(bytes);
    // One decimal, written the way the UI's language writes numbers (2.6 MB, 2,6 MB).
    format!("{} {unit}", super::format_number((value * 10.0).round() / 10.0))
}
