//! The language of the UI: the one chosen in the header (remembered in `localStorage`), else the browser's.

use std::cell::Cell;

use leptos::prelude::*;

use crate::i18n::Locale;

/// Where the choice is remembered.
const KEY: &str = "ui-language";

thread_local! {
    static CURRENT: Cell<Option<RwSignal<Locale>>> = const { Cell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The language to start in: the remembered choice, else the browser's preferred language.
fn initial() -> Locale {
    match storage().and_then(|s| s.get_item(KEY).ok().flatten()) {
        Some(code) => Locale::from_tag(&code),
        None => Locale::from_tag(&super::browser_locale()),
    }
}

fn signal() -> RwSignal<Locale> {
    CURRENT.with(|cell| match cell.get() {
        Some(signal) => signal,
        None => {
            // `app::start` asks first, outside any owner, so the signal lives as long as the page.
            let locale = initial();
            let signal = RwSignal::new(locale);
            set_document_language(locale);
            cell.set(Some(signal));
            signal
        }
    })
}

/// The current language; inside a reactive closure, the closure re-runs when it changes.
pub fn current() -> Locale {
    signal().get()
}

/// Switches the UI to `locale` and remembers the choice on this device.
pub fn set(locale: Locale) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, locale.code());
    }
    set_document_language(locale);
    signal().set(locale);
}

/// The tag `Intl` formats with now (tracked), e.g. `de-DE`.
pub fn format_tag() -> String {
    current().format_tag(&super::browser_locale())
}

/// `<html lang>` in `locale` (the window title follows in `app::WindowTitle`).
fn set_document_language(locale: Locale) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", locale.code());
    }
}
