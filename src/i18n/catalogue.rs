//! The macro that declares a group of texts with both languages side by side.

/// Declares `enum $name` with one variant per text and implements [`crate::i18n::Text`] for it.
/// Every entry is `Key: "English" | "Deutsch",` — an entry without both texts is a syntax error.
macro_rules! texts {
    ($(#[$meta:meta])* $name:ident { $($key:ident: $en:literal | $de:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $(#[allow(missing_docs)] $key,)*
        }

        impl $name {
            /// Every text of the group, for the checks.
            #[cfg(test)]
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
        }

        impl From<$name> for $crate::i18n::Tx {
            fn from(key: $name) -> $crate::i18n::Tx {
                $crate::i18n::Tx::of(key)
            }
        }

        impl $crate::i18n::Text for $name {
            fn in_(self, locale: $crate::i18n::Locale) -> &'static str {
                const EN: &[&str] = &[$($en,)*];
                const DE: &[&str] = &[$($de,)*];
                match locale {
                    $crate::i18n::Locale::En => EN[self as usize],
                    $crate::i18n::Locale::De => DE[self as usize],
                }
            }
        }
    };
}
