//! Texts in views: closures that follow the language switch.

use std::fmt::Display;

use super::errors::Localize;
use super::language as locale;
use super::{fill, Text};

/// The text in the current language, as a closure a view re-runs when the language changes.
pub fn t<K: Text>(key: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key.in_(locale::current())
}

/// The text in the current language now (tracked when read inside a reactive closure).
pub fn tr<K: Text>(key: K) -> &'static str {
    key.in_(locale::current())
}

/// The text in the current language with its placeholders filled.
pub fn tf<K: Text>(key: K, args: &[&dyn Display]) -> String {
    fill(key.in_(locale::current()), args)
}

/// An error's message in the current language, as it is now (for messages kept after an action).
pub fn say<E: Localize + ?Sized>(error: &E) -> String {
    error.localize(locale::current())
}
