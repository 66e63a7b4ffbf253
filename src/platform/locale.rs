//! Which language the UI starts in — the one chosen in the header (remembered in `localStorage`), else the
//! browser's — and a choice remembered and told to the page (`<html lang>`); the language itself lives in
//! [`i18n::language`](crate::i18n::language).

use super::storage::{remember, remembered};
use crate::i18n::language;
use crate::i18n::Locale;

pub use crate::i18n::language::current;

/// Where the choice is remembered.
const KEY: &str = "ui-language";

/// Settles the language to start in (the remembered choice, else the browser's preferred language) and
/// returns it. `app::start` calls it first, outside any owner.
pub fn start() -> Locale {
    let locale = match remembered(KEY) {
        Some(code) => Locale::from_tag(&code),
        None => Locale::from_tag(&super::browser_locale()),
    };
    set_document_language(locale);
    language::switch(locale);
    locale
}

/// Switches the UI to `locale` and remembers the choice on this device.
pub fn set(locale: Locale) {
    remember(KEY, locale.code());
    set_document_language(locale);
    language::switch(locale);
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
