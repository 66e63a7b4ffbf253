//! Texts in views: closures that follow the language switch.

use std::fmt::Display;
use std::sync::Arc;

use super::errors::Localize;
use super::language as locale;
use super::{fill, Locale, Text};

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

/// An error's message in the current language, as it is now (tracked when read inside a reactive closure).
pub fn say<E: Localize + ?Sized>(error: &E) -> String {
    error.localize(locale::current())
}

/// A message kept after an action — an error, "Imported …" — worded in the language shown whenever it is
/// read, so that switching the language re-words a message already on the page.
#[derive(Clone)]
pub struct Said(Arc<dyn Fn(Locale) -> String + Send + Sync>);

impl Said {
    /// A message that `words` puts in the language asked for.
    pub fn new(words: impl Fn(Locale) -> String + Send + Sync + 'static) -> Said {
        Said(Arc::new(words))
    }

    /// An error's message.
    pub fn error<E: Localize + Send + Sync + 'static>(error: E) -> Said {
        Said::new(move |l| error.localize(l))
    }

    /// A text without placeholders.
    pub fn text<K: Text>(key: K) -> Said {
        Said::new(move |l| key.in_(l).to_string())
    }

    /// A text with its placeholders filled by `args`, which read the same in every language (numbers, names).
    pub fn filled<K: Text>(key: K, args: Vec<String>) -> Said {
        Said::new(move |l| fill(key.in_(l), &args.iter().map(|a| a as &dyn Display).collect::<Vec<_>>()))
    }

    /// The message in the current language (tracked when read inside a reactive closure).
    pub fn now(&self) -> String {
        self.in_(locale::current())
    }

    /// The message in `locale`.
    pub fn in_(&self, locale: Locale) -> String {
        (self.0)(locale)
    }
}

impl std::fmt::Debug for Said {
    /// The English words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Said").field(&(self.0)(Locale::En)).finish()
    }
}

/// A kept message as the text a field or notice shows, re-worded when the language changes.
pub fn shown(kept: leptos::prelude::RwSignal<Option<Said>>) -> leptos::prelude::Signal<Option<String>> {
    use leptos::prelude::*;
    Signal::derive(move || kept.with(|k| k.as_ref().map(Said::now)))
}
