//! The UI's language now: a signal every text follows. Which language to start in, remembering a choice
//! and telling the page are the browser's part (`platform::locale`), which hands the language here.

use std::cell::Cell;

use leptos::prelude::*;

use super::Locale;

thread_local! {
    static CURRENT: Cell<Option<RwSignal<Locale>>> = const { Cell::new(None) };
}

/// The signal, made on first use: `app::start` settles the language before anything draws, outside any
/// owner, so the signal lives as long as the page.
fn signal() -> RwSignal<Locale> {
    CURRENT.with(|cell| match cell.get() {
        Some(signal) => signal,
        None => {
            let signal = RwSignal::new(Locale::default());
            cell.set(Some(signal));
            signal
        }
    })
}

/// The current language; inside a reactive closure, the closure re-runs when it changes.
pub fn current() -> Locale {
    signal().get()
}

/// Switches every text to `locale`.
pub fn switch(locale: Locale) {
    signal().set(locale);
}
