//! Sync started in a tab: the channel to the other tabs is joined at once, and the runner — [`run_here`] and
//! all it reaches, a chunk of its own fetched right after start — counts what waits, answers and shows the
//! other tabs' status messages, and, in the one tab that holds the sync lock, runs the loop that syncs when
//! something changed here, when asked, when the network returns, after a backoff, or (live) when the remote
//! changes.

use std::rc::Rc;

use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use futures::{FutureExt, StreamExt};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::wasm_split;
use serde_json::value::RawValue;

use super::sync::{Kick, SyncHandle, TabMessage, TabRole, CHANNEL, LAST_OK_KEY, RUNNER_RETRY_MS};
use crate::platform::chunk::ChunkFailed;
use crate::platform::{self, storage, tabs};
use crate::store::change::Change;
use crate::store::idb::IdbStore;
use crate::sync::backoff;
use crate::sync::couchdb::CouchDb;
use crate::sync::engine::{self, Progress, Round, SyncError, SyncReport};
use crate::sync::http::HttpRemote;
use crate::sync::local::{LocalError, SyncStore};
use crate::sync::remote::RemoteError;
use crate::sync::settings::{AuthKind, RemoteKind, SyncSettings};
use crate::sync::status::{SyncSnapshot, SyncStatus};

/// The lock only the syncing tab holds.
const LOCK: &str = "partner-accounts-sync";
/// How often the HTTP remote is asked for news when live; how long a CouchDB long poll may last.
const HTTP_POLL_MS: u32 = 15_000;
const LONG_POLL_MS: u32 = 30_000;
/// How long after start the runner is fetched, once the browser is idle (at most this much later).
const RUNNER_DELAY_MS: u32 = 1_000;
const RUNNER_IDLE_MS: u32 = 2_000;
/// How long a round waits after a change here, so that a burst of changes goes in one round.
const SETTLE_MS: u32 = 200;
/// The same without a remote, where a round only counts what waits (the count shown follows each change
/// meanwhile): a tag change on 100,000 customers commits a step every 0.3–0.5 s, and a count of the outbox
/// between steps (~0.3 s at 100,000) held each next step back — 183 s in all against 95 s.
const SETTLE_ALONE_MS: u32 = 2_000;
/// With a remote, the longest a burst of changes holds its round back (an import of 100,000 rows takes ~30 s).
const SETTLE_AT_MOST_MS: u32 = 60_000;
/// How long a change in steps may pause between two steps before its round starts anyway: only when its
/// steps end without a last write (a tab closed in the middle, a step refused) — the last step's write asks
/// for its round as any change does. A step of a tag change on 100,000 customers takes 0.3–0.5 s, but on a
/// phone-slow CPU sharing two cores with a build one took more than 2 s, and the round started beside it.
const SETTLE_STEPPING_MS: u32 = 10_000;

/// Starts sync for this tab: joins the other tabs, loads the settings, and fetches the runner, which syncs
/// once this tab holds the sync lock. `heard` gets what another tab or a pull changed.
pub fn start(store: IdbStore, heard: impl Fn(Vec<Change>) + Copy + 'static) -> SyncHandle {
    let handle = SyncHandle::new();
    let channel = tabs::TabChannel::open(CHANNEL, move |text| match serde_json::from_str(&text) {
        Ok(TabMessage::Changed(changes)) => {
            handle.count_queued(&changes);
            heard(changes);
            handle.kick_if_leader(Kick::Soon);
        }
        Ok(TabMessage::SyncNow) => handle.kick_if_leader(Kick::Now),
        Ok(TabMessage::Settings { settings, secret }) => handle.take_settings(settings, secret),
        Ok(TabMessage::Stepping) => handle.kick_if_leader(Kick::Stepping),
        Ok(message) => match handle.listener.get_value() {
            Some(listener) => listener(message),
            // Before the runner is here this tab does not sync, so a hello is not for it.
            None => {
                if let TabMessage::Status(status) = message {
                    handle.early_status.set_value(Some(status));
                }
            }
        },
        Err(_) => {}
    });
    handle.channel.set_value(channel);
    let (hurry, mut hurried) = unbounded();
    handle.hurry.set_value(Some(hurry));
    let owner = Owner::current();
    spawn_local(async move {
        if let Ok(Some((settings, secret))) = store.sync_settings().await {
            // Until the first round reports, say that sync is starting rather than "off".
            handle.status.set(SyncStatus::Syncing);
            handle.settings.set(Some(settings));
            handle.secret.set(secret);
        }
        // The runner's chunks are compiled on the page's thread: not while the first page is being read and
        // drawn (waiting for IndexedDB leaves the browser idle, so an idle callback alone came too early) —
        // unless the partner asks for a sync first ("Save and sync" right after opening the app waited up to
        // this long: a first sync of 10,000 took 3.1 s instead of 2.5 s).
        let later = async {
            TimeoutFuture::new(RUNNER_DELAY_MS).await;
            platform::idle(RUNNER_IDLE_MS).await;
        };
        futures::select! {
            () = later.fuse() => {},
            _ = hurried.next() => {},
        }
        handle.hurry.set_value(None);
        let heard: Rc<dyn Fn(Vec<Change>)> = Rc::new(heard);
        // Fetched from the service worker's cache after the first visit; before that, only a network gone
        // since the first paint (or a newer deployment) stops it.
        while run_here(store.clone(), handle, heard.clone(), owner.clone()).await.is_err() {
            handle.runner_missing.set_value(true);
            handle.say_if_runner_missing();
            TimeoutFuture::new(RUNNER_RETRY_MS).await;
        }
        handle.runner_missing.set_value(false);
    });
    handle
}

/// Starts the runner of this tab (`owner`: the app's, which the status effect belongs to): it hears the
/// other tabs' hellos and status, counts what waits, asks the syncing tab for its state, and syncs once this
/// tab holds the lock. `heard` gets what a pull changed.
#[wasm_split(sync_runner, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn run_here(
    store: IdbStore,
    handle: SyncHandle,
    heard: Rc<dyn Fn(Vec<Change>)>,
    owner: Option<Owner>,
) -> Result<(), ChunkFailed> {
    handle.listener.set_value(Some(Rc::new(move |message| match message {
        TabMessage::Hello if handle.role.get_untracked() == TabRole::Runs => {
            post_status(handle, &untrack(|| snapshot(handle)))
        }
        TabMessage::Status(s) if handle.role.get_untracked() != TabRole::Runs => show(handle, &s),
        _ => {}
    })));
    if let Some(status) = handle.early_status.try_update_value(Option::take).flatten() {
        show(handle, &status);
    }
    // The syncing tab tells the others whatever it shows.
    let tell = move || {
        Effect::new(move || {
            let snapshot = snapshot(handle);
            if handle.role.get() == TabRole::Runs {
                post_status(handle, &snapshot);
            }
        });
    };
    match owner {
        Some(owner) => owner.with(tell),
        None => tell(),
    }
    spawn_local(async move {
        refresh_counts(&store, handle).await;
        // Only now ask the syncing tab for its state, so its answer is not overwritten by the counts.
        handle.post(&TabMessage::Hello);
        tabs::hold_lock(LOCK, move || {
            let (kick, kicks) = unbounded();
            handle.kick.set_value(Some(kick));
            handle.role.set(TabRole::Runs);
            spawn_local(run(store, handle, kicks, heard));
        });
    });
    Ok(())
}

/// What this tab shows, for the others (tracked: the effect above re-sends it on every change).
fn snapshot(h: SyncHandle) -> SyncSnapshot {
    SyncSnapshot {
        status: h.status.get(),
        pending: h.pending.get(),
        conflicts: h.conflicts.get(),
        set_aside: h.set_aside.get(),
        last_ok: h.last_ok.get(),
        last_counts: h.last_counts.get(),
        progress: None,
    }
    .with_progress(h.progress.get())
}

fn post_status(h: SyncHandle, snapshot: &SyncSnapshot) {
    if let Ok(text) = serde_json::value::to_raw_value(snapshot) {
        h.post(&TabMessage::Status(text));
    }
}

/// Shows the syncing tab's status (JSON text of a [`SyncSnapshot`]; anything else is not shown).
fn show(h: SyncHandle, text: &RawValue) {
    let Ok(s) = serde_json::from_str::<SyncSnapshot>(text.get()) else { return };
    h.role.set(TabRole::Follows);
    h.status.set(s.status);
    h.pending.set(s.pending);
    h.conflicts.set(s.conflicts);
    h.set_aside.set(s.set_aside);
    h.last_ok.set(s.last_ok);
    h.last_counts.set(s.last_counts);
    h.progress.set(s.progress.map(|(pulled, total)| Progress { pulled, total }));
}

fn store_last_ok(t: crate::domain::timestamp::Timestamp) {
    storage::remember(LAST_OK_KEY, &t.0.to_string());
}

async fn refresh_counts(store: &IdbStore, h: SyncHandle) {
    if let Ok(w) = store.waiting().await {
        h.pending.set(w.pending);
        h.conflicts.set(w.conflicts);
        h.set_aside.set(w.set_aside);
    }
}

/// What the loop waits for before its next round.
enum Wait {
    /// Nothing: the next round starts at once — the runner's first (a sync asked for before the runner's code
    /// was here waited a burst's settling time, 200 ms, for nothing), or after a round stopped because sync
    /// started over with new settings.
    Nothing,
    /// A request (local change, "sync now", the network back).
    Kick,
    /// A request, or this many milliseconds (backoff, polling).
    Delay(u32),
    /// A request, or a change on the CouchDB remote (long poll).
    RemoteChange(CouchDb),
}

async fn run(store: IdbStore, h: SyncHandle, mut kicks: UnboundedReceiver<Kick>, heard: Rc<dyn Fn(Vec<Change>)>) {
    let mut failures = 0u32;
    let mut wait = Wait::Nothing;
    loop {
        // What woke the loop (`None`: a timer or the remote).
        let woken = match wait {
            Wait::Nothing => Some(Kick::Now),
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
        if woken != Some(Kick::Now) {
            if woken.is_some() {
                // A change waits for the round: no longer "up to date" (an import's burst holds it back).
                h.status.update(|s| {
                    if matches!(
                        s,
                        SyncStatus::UpToDate
                            | SyncStatus::Live
                            | SyncStatus::SetAside { .. }
                            | SyncStatus::ToSettle { .. }
                    ) {
                        *s = SyncStatus::Syncing;
                    }
                });
            }
            settle(&mut kicks, h, woken.unwrap_or(Kick::Soon)).await;
        }
        while kicks.try_recv().is_ok() {}
        wait = round(&store, h, &mut failures, &*heard).await;
    }
}

/// Lets a burst of changes settle into one round: waits until the changes have been quiet for as long as
/// the last one asks, unless the partner asks for a sync ("Sync now"). Without a remote such a round only
/// counts what waits, and counting walks the outbox — each of an import's batches waited behind it (at
/// 100,000 rows 39.9 s against 36.3 s without). With a remote, a round pushing while an import writes made
/// both wait for each other (20,000 rows: the import 5.7 s alone, 11.2–11.7 s beside the push); a burst longer
/// than [`SETTLE_AT_MOST_MS`] still gets its round then. A change in steps (the partner watches its progress)
/// holds the round until its last step, however long: rounds between its steps doubled the undoing of a tag
/// change on 100,000 customers.
async fn settle(kicks: &mut UnboundedReceiver<Kick>, h: SyncHandle, mut last: Kick) {
    let (start, mut stepping) = (js_sys::Date::now(), last == Kick::Stepping);
    loop {
        let remote = h.settings.with_untracked(Option::is_some);
        let quiet = match (last, remote) {
            (Kick::Stepping, _) => SETTLE_STEPPING_MS,
            (_, true) => SETTLE_MS,
            (_, false) => SETTLE_ALONE_MS,
        };
        futures::select! {
            kick = kicks.next() => match kick {
                Some(Kick::Now) | None => return,
                Some(kick) => last = kick,
            },
            _ = TimeoutFuture::new(quiet).fuse() => return,
        }
        stepping |= last == Kick::Stepping;
        if remote && !stepping && js_sys::Date::now() - start >= f64::from(SETTLE_AT_MOST_MS) {
            return;
        }
    }
}

/// One sync round and what to wait for next.
async fn round(store: &IdbStore, h: SyncHandle, failures: &mut u32, heard: &dyn Fn(Vec<Change>)) -> Wait {
    refresh_counts(store, h).await;
    // The epoch first, then the settings: settings saved in between (any tab) start sync over, and the
    // round stops at its first read instead of syncing the new epoch with the remote before.
    let stored = match store.epoch().await {
        Ok(epoch) => store.sync_settings().await.map(|saved| saved.map(|s| (epoch, s))),
        Err(e) => Err(e),
    };
    let (epoch, settings, remembered) = match stored {
        Ok(Some((epoch, (settings, remembered)))) => (epoch, settings, remembered),
        Ok(None) => {
            h.status.set(SyncStatus::Off);
            return Wait::Kick;
        }
        Err(e) => {
            h.status.set(SyncStatus::Error(e.into()));
            return Wait::Kick;
        }
    };
    if h.settings.get_untracked().as_ref() != Some(&settings) {
        h.settings.set(Some(settings.clone()));
    }
    if !platform::is_online() {
        h.status.set(SyncStatus::Offline);
        return Wait::Kick; // the browser's `online` event asks again
    }
    let secret = remembered.or_else(|| h.secret.get_untracked());
    if settings.auth != AuthKind::None && secret.is_none() {
        h.status.set(SyncStatus::NeedsCredentials);
        return Wait::Kick;
    }
    h.status.set(SyncStatus::Syncing);
    let device = store.device_id().await.map(|d| d.to_string()).unwrap_or_default();
    let round = Round { epoch, ignored_kinds: settings.ignored_kinds.clone() };
    let (result, live) = engine_run(store.clone(), (settings.clone(), secret, round), device, h.progress).await;
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
        // Another remote was saved meanwhile: the next round syncs with it, at once.
        Err(SyncError::Local(LocalError::StartedOver)) => Wait::Nothing,
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

/// Runs the engine against the remote of `settings`: the sync's result, and what to wait for after it. (The
/// engine and the remotes' protocols are in the runner's chunk: a split point of their own would be a split
/// point's code calling another's, which the in-browser tests' unsplit wasm cannot instantiate; and the
/// two chunks were 16 KiB larger than one.)
async fn engine_run(
    store: IdbStore,
    (settings, secret, round): (SyncSettings, Option<String>, Round),
    device: String,
    progress: RwSignal<Option<Progress>>,
) -> (Result<SyncReport, SyncError>, Wait) {
    let on_progress = |p: Progress| progress.set(Some(p));
    match settings.kind {
        RemoteKind::CouchDb => {
            let remote = CouchDb::new(&settings, secret.as_deref(), &device);
            let result = match remote.ensure_database().await {
                Ok(()) => engine::sync(&store, &remote, round, platform::now, on_progress).await,
                Err(e) => Err(e.into()),
            };
            (result, Wait::RemoteChange(remote))
        }
        RemoteKind::Http => {
            let remote = HttpRemote::new(&settings, secret.as_deref());
            (engine::sync(&store, &remote, round, platform::now, on_progress).await, Wait::Delay(HTTP_POLL_MS))
        }
    }
}

/// A round went through: up to date, unless conflicts wait for the partner (their changes are not sent) or
/// documents are set aside.
fn finished(h: SyncHandle, settings: &SyncSettings, live: Wait) -> Wait {
    let (conflicts, set_aside) = (h.conflicts.get_untracked(), h.set_aside.get_untracked());
    h.status.set(match (conflicts, set_aside, settings.live) {
        (0, 0, true) => SyncStatus::Live,
        (0, 0, false) => SyncStatus::UpToDate,
        (0, count, live) => SyncStatus::SetAside { count, live },
        (count, _, live) => SyncStatus::ToSettle { count, live },
    });
    if settings.live {
        live
    } else {
        Wait::Kick
    }
}
