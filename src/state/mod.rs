//! App-wide state shared through Leptos context: the store handle, the change signals views re-read on,
//! the customer list's index, and sync.

pub mod changes;
pub mod customers;
pub mod sync;
mod sync_runner;

use changes::Changes;
use customers::CustomerList;
use leptos::prelude::*;
use sync::SyncHandle;

use crate::store::change::Change;

use crate::domain::draft::ValidationContext;
use crate::domain::invitation::PartnerProfile;
use crate::platform;
use crate::store::idb::IdbStore;
use crate::store::StorageUse;

/// What every page can reach.
#[derive(Clone)]
pub struct AppState {
    /// The open IndexedDB store.
    pub store: IdbStore,
    /// The partner's own details from settings, if set.
    pub partner: RwSignal<Option<PartnerProfile>>,
    /// What changed, by area: views track what they show.
    pub changes: Changes,
    /// The customer list's index (loaded when a page first needs it).
    pub customers: CustomerList,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// A new version of the app has installed and waits for a reload.
    pub update_ready: RwSignal<bool>,
    /// Another tab upgraded the database: this tab's connection is closed and it must reload.
    pub outdated: RwSignal<bool>,
    /// Sync's state, and the way to ask for it.
    pub sync: SyncHandle,
    /// A write was refused because the browser's storage for the app is full: how full it is, as far as the
    /// browser told (until the partner closes the banner that says what to do).
    pub storage_full: RwSignal<Option<Option<StorageUse>>>,
}

impl AppState {
    /// State around an open store, with the browser's current network state.
    pub fn new(store: IdbStore, partner: Option<PartnerProfile>) -> AppState {
        let changes = Changes::new();
        let customers = CustomerList::new();
        let heard = move |list: &[Change]| {
            for change in list {
                changes.note(change);
            }
        };
        // Other tabs and sync report what they changed…
        let sync = sync_runner::start(store.clone(), move |list| heard(&list));
        // …and the store what this tab's use cases wrote: every view hears it, and so do the other tabs.
        store.observe(move |list| {
            heard(list);
            sync.local_change(list);
        });
        customers.follow(store.clone(), changes);
        let storage_full = RwSignal::new(None);
        store.on_full(move |usage| storage_full.set(Some(usage)));
        AppState {
            store,
            partner: RwSignal::new(partner),
            changes,
            customers,
            sync,
            online: RwSignal::new(platform::is_online()),
            update_ready: RwSignal::new(false),
            outdated: RwSignal::new(false),
            storage_full,
        }
    }

    /// The name written into the activity log: the one set in Settings, or none (empty), which the log shows
    /// as "Local user" in the language it is read in (`i18n::activity::user_in`).
    pub fn user_name(&self) -> String {
        self.partner.with_untracked(|p| p.as_ref().map(|p| p.user_name.trim().to_string()).unwrap_or_default())
    }

    /// What the form rules need today.
    pub fn validation_context(&self) -> ValidationContext {
        let partner_domains =
            self.partner.with_untracked(|p| p.as_ref().map(PartnerProfile::email_domain_list).unwrap_or_default());
        ValidationContext { today: platform::today(), partner_domains }
    }
}

/// The app state from context; every page is rendered below the provider.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
