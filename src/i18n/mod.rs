//! English and German for every text of the UI.
//!
//! Each text is a variant of a small enum (one enum per part of the app, in `texts/`), declared with both
//! languages side by side through [`texts!`]: a key without a German (or English) text does not compile, and
//! a key the views use but nobody declared does not either. Texts with values use numbered placeholders
//! (`{0}`, `{1}`) filled by [`fill`]; a native test checks both languages have the same placeholders.
//! Error enums and domain labels are translated in [`errors`] and [`labels`]; the domain itself stays English
//! (its words are also what CSV files and the activity log store).

#[macro_use]
mod catalogue;
pub mod activity;
pub mod errors;
pub mod labels;
#[cfg(target_arch = "wasm32")]
pub mod language;
pub mod sync_words;
pub mod texts;
pub mod titles;
#[cfg(target_arch = "wasm32")]
pub mod view;

use std::fmt::Display;

/// A language of the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// German.
    De,
}

impl Locale {
    /// Both languages, in the order the switch shows them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::De];

    /// The language for a BCP 47 tag such as `de-AT` or `en-US`: German for any `de`, English otherwise.
    pub fn from_tag(tag: &str) -> Locale {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("de") {
            Locale::De
        } else {
            Locale::En
        }
    }

    /// The two-letter code, as stored and as `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
        }
    }

    /// The tag to format dates, numbers and money with: the browser's own tag when it is of this language
    /// (so `de-AT` or `en-GB` keep their regional habits), otherwise `en-US` or `de-DE`.
    /// A tag that is not one (`C`, `C.UTF-8` from a browser started under a POSIX locale) is never passed on:
    /// `Intl` would refuse it; `en_US` is read as `en-US`.
    pub fn format_tag(self, browser_tag: &str) -> String {
        let tag = browser_tag.trim().replace('_', "-");
        if Locale::from_tag(&tag) == self && well_formed(&tag) {
            tag
        } else {
            match self {
                Locale::En => "en-US".into(),
                Locale::De => "de-DE".into(),
            }
        }
    }
}

/// Whether `tag` has the shape of a BCP 47 language tag `Intl` accepts: a language of 2–3 or 5–8 letters,
/// then subtags of 1–8 letters or digits.
fn well_formed(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    let letters = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    matches!(language.len(), 2 | 3 | 5..=8)
        && letters(language)
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A text of the UI in both languages.
pub trait Text: Copy + Send + Sync + 'static {
    /// The text in `locale`.
    fn in_(self, locale: Locale) -> &'static str;
}

/// Any text as a plain value, for components that take a label from whichever group the caller uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tx {
    en: &'static str,
    de: &'static str,
}

impl Tx {
    /// The text of `key` in both languages.
    pub fn of<K: Text>(key: K) -> Tx {
        Tx { en: key.in_(Locale::En), de: key.in_(Locale::De) }
    }
}

impl Text for Tx {
    fn in_(self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::De => self.de,
        }
    }
}

/// The text for a count of `n`: `one` for exactly one, `other` for any other count (none included) — the
/// plural rule of English and German alike.
pub fn plural<K: Text>(n: u64, one: K, other: K) -> K {
    if n == 1 {
        one
    } else {
        other
    }
}

/// `template` with `{0}`, `{1}`, … replaced by `args` in order.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = template.to_string();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &arg.to_string());
    }
    out
}

#[cfg(test)]
mod tests;
