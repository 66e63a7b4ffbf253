//! App-wide state shared through Leptos context: the store handle, a change counter that lists and
//! counts re-read on, and sync.

pub mod sync;

use leptos::prelude::*;
use sync::SyncHandle;

use crate::domain::draft::ValidationContext;
use crate::domain::invitation::PartnerProfile;
use crate::platform;
use crate::store::idb::IdbStore;

/// What every page can reach.
#[derive(Clone)]
pub struct AppState {
    /// The open IndexedDB store.
    pub store: IdbStore,
    /// The partner's own details from settings, if set.
    pub partner: RwSignal<Option<PartnerProfile>>,
    /// Bumped after every local change, so resources that read it fetch again.
    pub revision: RwSignal<u64>,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// A new version of the app has installed and waits for a reload.
    pub update_ready: RwSignal<bool>,
    /// Another tab upgraded the database: this tab's connection is closed and it must reload.
    pub outdated: RwSignal<bool>,
    /// Sync's state, and the way to ask for it.
    pub sync: SyncHandle,
}

impl AppState {
    /// State around an open store, with the browser's current network state.
    pub fn new(store: IdbStore, partner: Option<PartnerProfile>) -> AppState {
        let revision = RwSignal::new(0);
        let sync = sync::start(store.clone(), move || revision.update(|r| *r += 1));
        AppState {
            store,
            partner: RwSignal::new(partner),
            revision,
            sync,
            online: RwSignal::new(platform::is_online()),
            update_ready: RwSignal::new(false),
            outdated: RwSignal::new(false),
        }
    }

    /// Tells every view (in every tab) that data changed here, and has the change pushed soon.
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
        self.sync.local_change();
    }

    /// The name written into the activity log: the one set in settings, or "Local user" (in the UI's language).
    pub fn user_name(&self) -> String {
        let name = self.partner.with_untracked(|p| p.as_ref().map(|p| p.user_name.clone()).unwrap_or_default());
        if name.is_empty() {
            crate::i18n::view::tr(crate::i18n::texts::Common::LocalUser).into()
        } else {
            name
        }
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
