//! Persistent storage (`navigator.storage`; how much the app uses is the store's `storage_use`), and small
//! settings of this device remembered in `localStorage`.

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
        let unit = if crate::i18n::language::current() == crate::i18n::Locale::De { "Byte" } else { "bytes" };
        return format!("{} {unit}", super::format_number(bytes.round()));
    }
    let (value, unit) = crate::store::StorageUse::scaled(bytes);
    // One decimal, written the way the UI's language writes numbers (2.6 MB, 2,6 MB).
    format!("{} {unit}", super::format_number((value * 10.0).round() / 10.0))
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The value remembered on this device under `key`, if any (none where `localStorage` is refused).
pub fn remembered(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

/// Remembers `value` under `key` on this device (silently not where `localStorage` is refused: these are
/// conveniences, the data itself lives in IndexedDB).
pub fn remember(key: &str, value: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(key, value);
    }
}
