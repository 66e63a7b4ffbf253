//! The texts of the UI, one group per part of the app.

/// Declares each module of texts and re-exports its groups — and lists every group for the catalogue's
/// checks, so a group that can be used is a group that is checked.
macro_rules! groups {
    ($($module:ident: $($group:ident),+;)+) => {
        $(mod $module; pub use $module::{$($group),+};)+

        /// Every text of every group: its key's name, English and German.
        #[cfg(test)]
        pub(crate) fn every_text() -> Vec<(String, &'static str, &'static str)> {
            use crate::i18n::{Locale, Text};
            let mut all = Vec::new();
            $($(all.extend($group::ALL.iter().map(|k| (format!("{k:?}"), k.in_(Locale::En), k.in_(Locale::De))));)+)+
            all
        }
    };
}

groups! {
    common: Common;
    customer: Customer;
    customer_form: Form;
    home: Home;
    lists: Activity, Import, Invite, List;
    partner: Profile, Providers;
    referrals: Referrals;
    settings: Settings;
    sync: Sync;
}
