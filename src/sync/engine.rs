//! The sync engine: push the outbox, pull the remote's changes page by page, push what merging produced.
//! It knows neither HTTP nor IndexedDB — only the [`Store`] and [`Remote`] traits — so its rules are tested
//! natively and the same code runs in the browser.

use serde_json::Value;

use super::doc::PushAck;
use super::remote::{PushDoc, Remote, RemoteError};
use crate::domain::timestamp::Timestamp;
use crate::store::{ApplyReport, Store, StoreError};

/// Documents per pull page.
pub const PULL_PAGE: usize = 250;
/// Documents per push request.
pub const PUSH_BATCH: usize = 100;
/// The checkpoint is mirrored on the remote after the first page, every this many pages, and after the last.
pub const REMOTE_CHECKPOINT_EVERY: usize = 10;

/// Why a sync stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Documents the remote accepted from this device.
    pub pushed: usize,
    /// Remote versions stored or merged here.
    pub pulled: usize,
    /// Documents that now wait for the user on `/sync`.
    pub conflicts: usize,
    /// Remote documents this device could not store, with the reason.
    pub rejected: Vec<String>,
}

impl SyncReport {
    fn add(&mut self, applied: ApplyReport) {
        self.pulled += applied.changed;
        self.conflicts += applied.conflicts;
        self.rejected.extend(applied.rejected);
    }
}

/// Progress of a pull, for the progress bar: documents pulled so far of the remote's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub pulled: u64,
    pub total: Option<u64>,
}

/// Pushes, pulls until the remote has nothing newer, and pushes again what merging left to send.
pub async fn sync<S: Store, R: Remote>(
    store: &S,
    remote: &R,
    now: impl Fn() -> Timestamp,
    mut on_progress: impl FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    push(store, remote, &now, &mut report).await?;
    pull(store, remote, &now, &mut report, &mut on_progress).await?;
    push(store, remote, &now, &mut report).await?;
    Ok(report)
}

/// Pushes every pending document, a batch at a time. Conflicting versions the remote names are applied
/// like pulled ones (merged, or a conflict for the user), so the next round pushes on the right revision.
pub async fn push<S: Store, R: Remote>(
    store: &S,
    remote: &R,
    now: &impl Fn() -> Timestamp,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    // Each round either settles outbox entries or moves documents to newer revisions; the bound only guards
    // against a remote that keeps answering "conflict" for a version it never shows.
    for _ in 0..1_000 {
        let pending = store.pending_docs(PUSH_BATCH).await?;
        if pending.is_empty() {
            return Ok(());
        }
        // Created and deleted here before it ever reached the remote: nothing to send.
        let (local_only, pending): (Vec<_>, Vec<_>) =
            pending.into_iter().partition(|p| p.data.is_none() && p.state.is_none());
        let mut acks: Vec<PushAck> = local_only
            .into_iter()
            .map(|p| PushAck { id: p.id, from_rev: None, rev: None, data: None, mutations: p.mutations })
            .collect();
        let docs: Vec<PushDoc> = pending
            .iter()
            .filter_map(|p| {
                Some(PushDoc {
                    id: p.id,
                    mutation_id: p.mutation_id()?,
                    data: p.data.clone(),
                    assumed: p.state.clone().map(|s| (s.rev, s.base)),
                })
            })
            .collect();
        let result = if docs.is_empty() { Default::default() } else { remote.push(&docs).await? };
        for (id, rev) in &result.written {
            if let Some(p) = pending.iter().find(|p| p.id == *id) {
                acks.push(PushAck {
                    id: *id,
                    from_rev: p.state.as_ref().map(|s| s.rev.clone()),
                    rev: Some(rev.clone()),
                    data: p.data.clone(),
                    mutations: p.mutations.clone(),
                });
            }
        }
        report.pushed += result.written.len();
        let settled_any = !acks.is_empty();
        store.ack_pushed(acks).await?;
        let mut moved = false;
        if !result.conflicts.is_empty() {
            let applied = store.apply_remote(&result.conflicts, None, now()).await?;
            moved = applied.changed > 0 || applied.settled > 0;
            report.add(applied);
        }
        if !settled_any && !moved {
            return Ok(());
        }
    }
    Ok(())
}

/// Pulls pages until the remote has nothing newer; each page commits together with its checkpoint, so an
/// interrupted pull resumes after the last committed page.
pub async fn pull<S: Store, R: Remote>(
    store: &S,
    remote: &R,
    now: &impl Fn() -> Timestamp,
    report: &mut SyncReport,
    on_progress: &mut impl FnMut(Progress),
) -> Result<(), SyncError> {
    let checkpoint = agreed_checkpoint(store, remote, now()).await?;
    let total = if checkpoint.is_none() { remote.total().await? } else { None };
    let (mut pulled, mut pages) = (0u64, 0usize);
    let mut next = remote.pull(checkpoint.as_ref(), PULL_PAGE).await?;
    loop {
        let page = next;
        // The next page is fetched while this one is stored.
        let store_page = store.apply_remote(&page.docs, Some(&page.checkpoint), now());
        let (applied, following) = if page.more {
            let (applied, following) = futures::join!(store_page, remote.pull(Some(&page.checkpoint), PULL_PAGE));
            (applied?, Some(following))
        } else {
            (store_page.await?, None)
        };
        report.add(applied);
        pulled += page.docs.len() as u64;
        pages += 1;
        on_progress(Progress { pulled, total });
        // Best effort: an older (or missing) copy on the remote only means pulling some pages again.
        if pages == 1 || !page.more || pages % REMOTE_CHECKPOINT_EVERY == 0 {
            let _ = remote.save_checkpoint(&page.checkpoint).await;
        }
        match following {
            Some(following) => next = following?,
            None => return Ok(()),
        }
    }
}

/// Where to pull from: the local checkpoint, if the remote keeps a checkpoint of this device at all (its
/// copy may be a few pages older: it is mirrored every few pages). When it keeps none, the remote was
/// recreated (or is another database): sync starts over — everything is pulled again and every record here
/// is queued, so the remote gets back what it lost. Applying a version twice changes nothing.
async fn agreed_checkpoint<S: Store, R: Remote>(
    store: &S,
    remote: &R,
    now: Timestamp,
) -> Result<Option<Value>, SyncError> {
    let Some(local) = store.checkpoint().await? else {
        return Ok(None);
    };
    match remote.load_checkpoint(Some(&local)).await? {
        Some(_) => Ok(Some(local)),
        None => {
            store.restart_sync(now).await?;
            Ok(None)
        }
    }
}
