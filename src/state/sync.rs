//! Sync as every page sees it: signals (status, pending changes, conflicts, progress), "Sync now", and the
//! messages the app's tabs send each other. The loop that syncs — and reads and writes the syncing tab's
//! status for the others — is [`sync_runner`](super::sync_runner), a chunk of its own fetched right after
//! start, so the first paint does not wait for it.

use std::rc::Rc;

use futures::channel::mpsc::UnboundedSender;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::platform::{storage, tabs};
use crate::store::change::Change;
use crate::sync::engine::Progress;
use crate::sync::remote::RemoteError;
use crate::sync::settings::SyncSettings;
use crate::sync::status::SyncStatus;

/// The channel the tabs talk on.
pub(super) const CHANNEL: &str = "partner-accounts";
/// Where the time of the last successful sync is kept between visits.
pub(super) const LAST_OK_KEY: &str = "partner-accounts.last-sync";
/// How long to wait before fetching the runner again when its chunk could not be fetched (the network went
/// before the service worker stored it).
pub(super) const RUNNER_RETRY_MS: u32 = 10_000;

/// What tabs tell each other.
#[derive(Debug, Serialize, Deserialize)]
pub(super) enum TabMessage {
    /// A tab opened: the syncing tab answers with its state.
    Hello,
    /// Something changed in that tab's data: re-read it, and (the syncing tab) push it.
    Changed(Vec<Change>),
    /// The user asked to sync now.
    SyncNow,
    /// The user saved these settings in that tab, with the secret it holds (in memory only, unless
    /// remembered): every tab shows them, and the syncing tab syncs with them.
    Settings { settings: SyncSettings, secret: Option<String> },
    /// A change in steps goes on in that tab: the syncing tab holds its round until the steps end.
    Stepping,
    /// The syncing tab's state (a [`SyncSnapshot`](crate::sync::status::SyncSnapshot)), for the others to
    /// show; kept as JSON text, which only the runner reads.
    Status(Box<RawValue>),
}

/// What the runner hears of the other tabs: a hello, or the syncing tab's status.
pub(super) type Listener = Rc<dyn Fn(TabMessage)>;

/// Sync as every page sees it.
#[derive(Clone, Copy)]
pub struct SyncHandle {
    pub status: RwSignal<SyncStatus>,
    /// Changes on this device not pushed yet.
    pub pending: RwSignal<u32>,
    /// Documents waiting for the user on `/sync`.
    pub conflicts: RwSignal<usize>,
    /// Documents from the remote set aside (listed on `/sync`).
    pub set_aside: RwSignal<usize>,
    pub last_ok: RwSignal<Option<crate::domain::timestamp::Timestamp>>,
    /// What the last successful sync did: records received, documents sent.
    pub last_counts: RwSignal<Option<(usize, usize)>>,
    /// During a pull: documents so far, of how many.
    pub progress: RwSignal<Option<Progress>>,
    pub settings: RwSignal<Option<SyncSettings>>,
    /// The password or token, in memory (and in the store only if the user asked to remember it).
    pub secret: RwSignal<Option<String>>,
    /// Whether this tab runs sync, as far as it knows.
    pub role: RwSignal<TabRole>,
    pub(super) kick: StoredValue<Option<UnboundedSender<Kick>>>,
    /// Until the runner is here: told when the partner asks for a sync, so that its code is fetched now
    /// rather than a moment after start.
    pub(super) hurry: StoredValue<Option<UnboundedSender<()>>>,
    pub(super) channel: StoredValue<Option<tabs::TabChannel>, LocalStorage>,
    /// The runner, once its chunk is here.
    pub(super) listener: StoredValue<Option<Listener>, LocalStorage>,
    /// The syncing tab's last status heard before the runner was here.
    pub(super) early_status: StoredValue<Option<Box<RawValue>>, LocalStorage>,
    /// The runner's chunk could not be fetched (it is tried again every [`RUNNER_RETRY_MS`]).
    pub(super) runner_missing: StoredValue<bool>,
}

/// Which tab of the app runs sync: one tab does, for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabRole {
    /// Not known yet: this tab's runner has not started, or no other tab has answered it.
    Unknown,
    /// This tab holds the lock and syncs.
    Runs,
    /// Another tab syncs and tells this one how it goes.
    Follows,
}

impl SyncHandle {
    pub(super) fn new() -> SyncHandle {
        SyncHandle {
            status: RwSignal::new(SyncStatus::Off),
            pending: RwSignal::new(0),
            conflicts: RwSignal::new(0),
            set_aside: RwSignal::new(0),
            last_ok: RwSignal::new(stored_last_ok()),
            last_counts: RwSignal::new(None),
            progress: RwSignal::new(None),
            settings: RwSignal::new(None),
            secret: RwSignal::new(None),
            role: RwSignal::new(TabRole::Unknown),
            kick: StoredValue::new(None),
            hurry: StoredValue::new(None),
            channel: StoredValue::new_local(None),
            listener: StoredValue::new_local(None),
            early_status: StoredValue::new_local(None),
            runner_missing: StoredValue::new(false),
        }
    }

    /// The partner asked for a sync: it starts right away (the syncing tab runs it, wherever the request
    /// comes from).
    pub fn sync_now(&self) {
        match self.kick.get_value() {
            Some(kick) => drop(kick.unbounded_send(Kick::Now)),
            None => {
                self.post(&TabMessage::SyncNow);
                self.hurry.with_value(|h| h.as_ref().map(|h| h.unbounded_send(())));
                self.say_if_runner_missing();
            }
        }
    }

    /// The partner saved sync settings in this tab (`secret`: the password or token to sync with): every tab
    /// takes them, and a sync starts with them — a round under way with the remote before stops at its next
    /// page (see [`engine::sync`](crate::sync::engine::sync)).
    pub fn settings_saved(&self, settings: SyncSettings, secret: Option<String>) {
        self.post(&TabMessage::Settings { settings: settings.clone(), secret: secret.clone() });
        self.take_settings(settings, secret);
        self.sync_now();
    }

    /// Shows `settings` and keeps `secret` for the rounds this tab runs.
    pub(super) fn take_settings(&self, settings: SyncSettings, secret: Option<String>) {
        self.secret.set(secret);
        if self.settings.get_untracked().as_ref() != Some(&settings) {
            self.settings.set(Some(settings));
        }
    }

    /// While the runner's code could not be fetched and a remote is set: says so, as for the engine's code.
    pub(super) fn say_if_runner_missing(&self) {
        if self.runner_missing.get_value() && self.settings.with_untracked(Option::is_some) {
            let in_seconds = u64::from(RUNNER_RETRY_MS / 1000);
            self.status.set(SyncStatus::Retrying { reason: RemoteError::CodeNotFetched, in_seconds });
        }
    }

    /// Data changed in this tab: other tabs re-read it, and the change is pushed soon.
    pub fn local_change(&self, changes: &[Change]) {
        self.post(&TabMessage::Changed(changes.to_vec()));
        self.count_queued(changes);
        self.kick_if_leader(Kick::Soon);
    }

    /// A change made in steps (a tag on many customers) goes on in this tab, and its next step follows: the
    /// round waits until the steps end, so that pushing beside them does not slow them down (told at each
    /// step; when they stop coming, the round starts).
    pub fn stepping(&self) {
        self.post(&TabMessage::Stepping);
        self.kick_if_leader(Kick::Stepping);
    }

    /// In the syncing tab, whose count every tab shows: adds the changes just queued here or in another tab
    /// to the count of changes waiting, so that it grows while an import writes (a round counts them from
    /// the database only once the import's burst of changes is over).
    pub(super) fn count_queued(&self, changes: &[Change]) {
        let queued: u32 = changes.iter().map(|c| if let Change::Queued(n) = c { *n } else { 0 }).sum();
        if queued > 0 && self.role.get_untracked() == TabRole::Runs {
            self.pending.update(|p| *p = p.saturating_add(queued));
        }
    }

    /// Asks this tab's loop for a sync, if this tab runs sync.
    pub(super) fn kick_if_leader(&self, kick: Kick) {
        if let Some(sender) = self.kick.get_value() {
            let _ = sender.unbounded_send(kick);
        }
    }

    pub(super) fn post(&self, message: &TabMessage) {
        if let Ok(text) = serde_json::to_string(message) {
            self.channel.with_value(|c| c.as_ref().map(|c| c.post(&text)));
        }
    }
}

/// Why the loop is asked for a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kick {
    /// The partner asked ("Sync now", settings saved, the network back): start at once.
    Now,
    /// Data changed here or in another tab: wait a moment so that a burst of changes goes in one round.
    Soon,
    /// A change in steps goes on here or in another tab: wait until its steps end.
    Stepping,
}

fn stored_last_ok() -> Option<crate::domain::timestamp::Timestamp> {
    storage::remembered(LAST_OK_KEY)?.parse().ok().map(crate::domain::timestamp::Timestamp)
}
