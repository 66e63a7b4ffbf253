//! Registers the app-shell service worker (`sw.js`, generated at build time) and reports when a new version
//! has installed and is waiting, so the page can offer a reload instead of silently mixing versions.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent in insecure contexts (plain http other than localhost) and some private modes.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into()).ok()?.then(|| navigator.service_worker())
}

/// Registers `sw.js` below the base path; calls `on_update_ready` when a newer version waits to take over.
pub fn register(on_update_ready: impl Fn() + 'static) {
    let Some(container) = container() else { return };
    let on_update_ready: Rc<dyn Fn()> = Rc::new(on_update_ready);
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(container.register("sw.js")).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        let has_controller = move || container.controller().is_some();
        if registration.waiting().is_some() && has_controller() {
            on_update_ready();
        }
        let reg = registration.clone();
        let on_update_found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let worker = installing.clone();
            let ready = on_update_ready.clone();
            let has_controller = has_controller.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                // A first install has no controller yet: that is not an update.
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    ready();
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
    });
}

/// Lets the waiting version take over, then reloads the page once it controls it.
pub fn apply_update() {
    let Some(container) = container() else { return };
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) =
            JsFuture::from(container.ready().unwrap_or_else(|_| js_sys::Promise::reject(&JsValue::NULL))).await
        else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(waiting) = registration.waiting() {
            let _ = waiting.post_message(&"skip-waiting".into());
        }
    });
}

/// Reloads into the newest version there is: a version installed and waiting (the one a newer tab runs)
/// takes over first, so the reload does not come back in the old one even offline; otherwise a plain reload
/// (page loads ask the network first).
pub fn reload_into_newest() {
    let reload = || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    let Some(container) = container() else { return reload() };
    wasm_bindgen_futures::spawn_local(async move {
        let registration = JsFuture::from(container.get_registration()).await.ok();
        let waiting =
            registration.and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok()).and_then(|r| r.waiting());
        match waiting {
            Some(_) => apply_update(),
            None => reload(),
        }
    });
}

/// Whether a service worker controls this page (then it starts with no network).
pub fn is_controlled() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}
