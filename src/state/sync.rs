//! The sync runner of this tab: signals every page reads (status, pending changes, conflicts, progress),
//! and — in the one tab that holds the sync lock — the loop that syncs when something changed here, when
//! asked, when the network returns, after a backoff, or (live) when the remote changes.

use std::future::Future;
use std::pin::Pin;

use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::{FutureExt, StreamExt};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::wasm_split;
use serde::{Deserialize, Serialize};

use crate::platform::chunk::ChunkFailed;
use crate::platform::{self, storage, tabs};
use crate::store::change::Change;
use crate::store::idb::IdbStore;
use crate::sync::backoff;
use crate::sync::couchdb::CouchDb;
use crate::sync::engine::{self, Progress, SyncError, SyncReport};
use crate::sync::http::HttpRemote;
use crate::sync::local::SyncStore;
use crate::sync::remote::RemoteError;
use crate::sync::settings::{AuthKind, RemoteKind, SyncSettings};
use crate::sync::status::{SyncSnapshot, SyncStatus};

/// The lock only the syncing tab holds, and the channel the tabs talk on.
const LOCK: &str = "partner-accounts-sync";
const CHANNEL: &str = "partner-accounts";
/// How often the HTTP remote is asked for news when live; how long a CouchDB long poll may last.
const HTTP_POLL_MS: u32 = 15_000;
const LONG_POLL_MS: u32 = 30_000;
/// How long a round waits after a change here, so that a burst of changes goes in one round.
const SETTLE_MS: u32 = 200;
/// Where the time of the last successful sync is kept between visits.
const LAST_OK_KEY: &str = "partner-accounts.last-sync";

/// What tabs tell each other.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum TabMessage {
    /// A tab opened: the syncing tab answers with its state.
    Hello,
    /// Something changed in that tab's data: re-read it, and (the syncing tab) push it.
    Changed(Vec<Change>),
    /// The user asked to sync now, or saved new settings.
    SyncNow,
    /// The syncing tab's state, for the others to show.
    Status(SyncSnapshot),
}

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
    /// Whether this tab runs sync.
    pub leader: RwSignal<bool>,
    kick: StoredValue<Option<UnboundedSender<Kick>>>,
    channel: StoredValue<Option<tabs::TabChannel>, LocalStorage>,
}

impl SyncHandle {
    fn new() -> SyncHandle {
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
            leader: RwSignal::new(false),
            kick: StoredValue::new(None),
            channel: StoredValue::new_local(None),
        }
    }

    /// The partner asked for a sync: it starts right away (the syncing tab runs it, wherever the request
    /// comes from).
    pub fn sync_now(&self) {
        match self.kick.get_value() {
            Some(kick) => drop(kick.unbounded_send(Kick::Now)),
            None => self.post(&TabMessage::SyncNow),
        }
    }

    /// Data changed in this tab: other tabs re-read it, and the change is pushed soon.
    pub fn local_change(&self, changes: &[Change]) {
        self.post(&TabMessage::Changed(changes.to_vec()));
        self.kick_if_leader(Kick::Soon);
    }

    /// Asks this tab's loop for a sync, if this tab runs sync.
    fn kick_if_leader(&self, kick: Kick) {
        if let Some(sender) = self.kick.get_value() {
            let _ = sender.unbounded_send(kick);
        }
    }

    fn post(&self, message: &TabMessage) {
        if let Ok(text) = serde_json::to_string(message) {
            self.channel.with_value(|c| c.as_ref().map(|c| c.post(&text)));
        }
    }

    fn snapshot(&self) -> SyncSnapshot {
        SyncSnapshot {
            status: self.status.get(),
            pending: self.pending.get(),
            conflicts: self.conflicts.get(),
            set_aside: self.set_aside.get(),
            last_ok: self.last_ok.get(),
            last_counts: self.last_counts.get(),
            progress: None,
        }
        .with_progress(self.progress.get())
    }

    fn snapshot_untracked(&self) -> SyncSnapshot {
        untrack(|| self.snapshot())
    }

    fn show(&self, s: SyncSnapshot) {
        self.status.set(s.status);
        self.pending.set(s.pending);
        self.conflicts.set(s.conflicts);
        self.set_aside.set(s.set_aside);
        self.last_ok.set(s.last_ok);
        self.last_counts.set(s.last_counts);
        self.progress.set(s.progress.map(|(pulled, total)| Progress { pulled, total }));
    }
}

fn stored_last_ok() -> Option<crate::domain::timestamp::Timestamp> {
    storage::remembered(LAST_OK_KEY)?.parse().ok().map(crate::domain::timestamp::Timestamp)
}

fn store_last_ok(t: crate::domain::timestamp::Timestamp) {
    storage::remember(LAST_OK_KEY, &t.0.to_string());
}

/// Starts sync for this tab: loads the settings, joins the other tabs, and runs the loop once this tab
/// holds the sync lock. `heard` gets what another tab or a pull changed.
pub fn start(store: IdbStore, heard: impl Fn(Vec<Change>) + Copy + 'static) -> SyncHandle {
    let handle = SyncHandle::new();
    let channel = tabs::TabChannel::open(CHANNEL, move |text| match serde_json::from_str(&text) {
        Ok(TabMessage::Changed(changes)) => {
            heard(changes);
            handle.kick_if_leader(Kick::Soon);
        }
        Ok(TabMessage::SyncNow) => handle.kick_if_leader(Kick::Now),
        Ok(TabMessage::Hello) if handle.leader.get_untracked() => {
            handle.post(&TabMessage::Status(handle.snapshot_untracked()))
        }
        Ok(TabMessage::Status(s)) if !handle.leader.get_untracked() => handle.show(s),
        _ => {}
    });
    handle.channel.set_value(channel);
    // The syncing tab tells the others whatever it shows.
    Effect::new(move || {
        let snapshot = handle.snapshot();
        if handle.leader.get() {
            handle.post(&TabMessage::Status(snapshot));
        }
    });
    let counts_store = store.clone();
    spawn_local(async move {
        if let Ok(Some((settings, secret))) = store.sync_settings().await {
            // Until the first round reports, say that sync is starting rather than "off".
            handle.status.set(SyncStatus::Syncing);
            handle.settings.set(Some(settings));
            handle.secret.set(secret);
        }
        refresh_counts(&counts_store, handle).await;
        // Only now ask the syncing tab for its state, so its answer is not overwritten by the lines above.
        handle.post(&TabMessage::Hello);
        tabs::hold_lock(LOCK, move || {
            let (kick, kicks) = unbounded();
            handle.kick.set_value(Some(kick));
            handle.leader.set(true);
            spawn_local(run(store, handle, kicks, heard));
        });
    });
    handle
}

async fn refresh_counts(store: &IdbStore, h: SyncHandle) {
    if let Ok(n) = store.pending_count().await {
        h.pending.set(n);
    }
    if let Ok(c) = store.conflicts().await {
        h.conflicts.set(c.len());
    }
    if let Ok(held) = store.set_aside().await {
        h.set_aside.set(held.len());
    }
}

/// Why the loop is asked for a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kick {
    /// The partner asked ("Sync now", settings saved, the network back): start at once.
    Now,
    /// Data changed here or in another tab: wait a moment so that a burst of changes goes in one round.
    Soon,
}

/// What the loop waits for before its next round.
enum Wait {
    /// A request (local change, "sync now", the network back).
    Kick,
    /// A request, or this many milliseconds (backoff, polling).
    Delay(u32),
    /// A request, or a change on the CouchDB remote (long poll).
    RemoteChange(CouchDb),
}

async fn run(
    store: IdbStore,
    h: SyncHandle,
    mut kicks: UnboundedReceiver<Kick>,
    heard: impl Fn(Vec<Change>) + Copy + 'static,
) {
    let mut failures = 0u32;
    let mut wait = Wait::Delay(0);
    loop {
        // What woke the loop (`None`: a timer or the remote).
        let woken = match wait {
            Wait::Kick => kicks.next().await,
            Wait::Delay(ms) => {
                futures::select! {
                    kick = kicks.next() => kick,
                    _ = TimeoutFuture::new(ms).fuse() => None,
                }
            }
            Wait::RemoteChange(remote) => {
                let checkpoint = store.checkpoint().await.ok().flatten();
                let abort = web_sys::AbortController::new().ok();
                let signal = abort.as_ref().map(|a| a.signal());
                let woken = match signal {
                    Some(signal) => futures::select! {
                        kick = kicks.next() => kick,
                        _ = remote.wait_for_change(checkpoint.as_ref(), &signal).fuse() => None,
                        _ = TimeoutFuture::new(LONG_POLL_MS).fuse() => None,
                    },
                    None => None,
                };
                if let Some(a) = abort {
                    a.abort();
                }
                woken
            }
        };
        // Let a burst of changes settle into one round, unless the partner is waiting for it.
        if woken != Some(Kick::Now) {
            TimeoutFuture::new(SETTLE_MS).await;
        }
        while kicks.try_recv().is_ok() {}
        wait = round(&store, h, &mut failures, heard).await;
    }
}

/// One sync round and what to wait for next.
async fn round(store: &IdbStore, h: SyncHandle, failures: &mut u32, heard: impl Fn(Vec<Change>)) -> Wait {
    refresh_counts(store, h).await;
    let Some(settings) = h.settings.get_untracked() else {
        h.status.set(SyncStatus::Off);
        return Wait::Kick;
    };
    if !platform::is_online() {
        h.status.set(SyncStatus::Offline);
        return Wait::Kick; // the browser's `online` event asks again
    }
    let secret = h.secret.get_untracked();
    if settings.auth != AuthKind::None && secret.is_none() {
        h.status.set(SyncStatus::NeedsCredentials);
        return Wait::Kick;
    }
    h.status.set(SyncStatus::Syncing);
    let device = store.device_id().await.map(|d| d.to_string()).unwrap_or_default();
    let (result, live) = match engine_run(store.clone(), settings.clone(), secret, device, h.progress).await {
        Ok(run) => run.await,
        // Only when the network went before the service worker stored the engine: tried again as for a
        // server that can't be reached.
        Err(ChunkFailed) => (Err(SyncError::Remote(RemoteError::CodeNotFetched)), Wait::Kick),
    };
    h.progress.set(None);
    refresh_counts(store, h).await;
    match result {
        Ok(report) => {
            *failures = 0;
            let now = platform::now();
            h.last_ok.set(Some(now));
            h.last_counts.set(Some((report.pulled, report.pushed)));
            store_last_ok(now);
            let changes = Change::of_docs(&report.changed);
            if !changes.is_empty() {
                heard(changes.clone());
                h.post(&TabMessage::Changed(changes));
            }
            finished(h, &settings, live)
        }
        Err(SyncError::Remote(RemoteError::Unauthorized)) => {
            if !settings.remember {
                h.secret.set(None);
            }
            h.status.set(SyncStatus::NeedsCredentials);
            Wait::Kick
        }
        Err(SyncError::Remote(e)) if e.is_transient() => {
            *failures += 1;
            let delay = backoff::delay_ms(*failures, js_sys::Math::random());
            h.status.set(if platform::is_online() {
                SyncStatus::Retrying { reason: e, in_seconds: delay.div_ceil(1000) }
            } else {
                SyncStatus::Offline
            });
            Wait::Delay(delay as u32)
        }
        Err(e) => {
            h.status.set(SyncStatus::Error(e));
            Wait::Kick
        }
    }
}

/// A sync round's run of the engine, and what to wait for after it.
type EngineRun = Pin<Box<dyn Future<Output = (Result<SyncReport, SyncError>, Wait)>>>;

/// Runs the engine against the remote of `settings`. The engine and the remotes' protocols are a chunk of
/// their own (a split point), fetched at the first round — after the first paint.
#[wasm_split(sync_engine, wasm_split_path = ::leptos::wasm_split, fallible)]
fn engine_run(
    store: IdbStore,
    settings: SyncSettings,
    secret: Option<String>,
    device: String,
    progress: RwSignal<Option<Progress>>,
) -> Result<EngineRun, ChunkFailed> {
    Ok(Box::pin(async move {
        let on_progress = |p: Progress| progress.set(Some(p));
        match settings.kind {
            RemoteKind::CouchDb => {
                let remote = CouchDb::new(&settings, secret.as_deref(), &device);
                let result = match remote.ensure_database().await {
                    Ok(()) => engine::sync(&store, &remote, platform::now, on_progress).await,
                    Err(e) => Err(e.into()),
                };
                (result, Wait::RemoteChange(remote))
            }
            RemoteKind::Http => {
                let remote = HttpRemote::new(&settings, secret.as_deref());
                (engine::sync(&store, &remote, platform::now, on_progress).await, Wait::Delay(HTTP_POLL_MS))
            }
        }
    }))
}

fn finished(h: SyncHandle, settings: &SyncSettings, live: Wait) -> Wait {
    let set_aside = h.set_aside.get_untracked();
    h.status.set(match (set_aside, settings.live) {
        (0, true) => SyncStatus::Live,
        (0, false) => SyncStatus::UpToDate,
        (count, live) => SyncStatus::SetAside { count, live },
    });
    if settings.live {
        live
    } else {
        Wait::Kick
    }
}
