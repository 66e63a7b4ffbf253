//! Several tabs of the app at once: a broadcast channel so every tab hears of changes, and a Web Lock so
//! only one tab (the first, until it closes) runs sync.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// Text messages to and from the app's other tabs.
pub struct TabChannel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Joins channel `name`; `on_message` gets every text another tab posts. `None` where the browser has
    /// no BroadcastChannel (then each tab is on its own).
    pub fn open(name: &str, on_message: impl Fn(String) + 'static) -> Option<TabChannel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(TabChannel { channel, _listener: listener })
    }

    /// Sends `text` to the other tabs.
    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }
}

/// Calls `on_granted` once this tab holds the lock `name`, which it keeps until it closes; other tabs queue
/// behind it. Where the browser has no Web Locks, at once.
pub fn hold_lock(name: &str, on_granted: impl FnOnce() + 'static) {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let Some(locks) = locks else {
        on_granted();
        return;
    };
    let mut on_granted = Some(on_granted);
    // The callback's promise never settles, so the lock is held for the tab's life.
    let callback = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        if let Some(f) = on_granted.take() {
            f();
        }
        js_sys::Promise::new(&mut |_, _| {})
    });
    let request =
        js_sys::Reflect::get(&locks, &"request".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(request) = request {
        let _ = request.call2(&locks, &JsValue::from_str(name), callback.as_ref());
    }
    callback.forget();
}
