//! The sync engine: push the outbox, pull the remote's changes page by page, push what merging produced.
//! It knows neither HTTP nor IndexedDB — only the [`Store`] and [`Remote`] traits — so its rules are tested
//! natively and the same code runs in the browser.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::apply::{apply_page, ApplyReport, Page, Prepared};
use super::doc::{DocId, Pending, PendingDoc, PushAck};
use super::local::{LocalError, SyncStore};
use super::remote::{PullPage, PushDoc, PushResult, Remote, RemoteError, Stub};
use crate::domain::timestamp::Timestamp;

/// Documents per pull page.
pub const PULL_PAGE: usize = 250;
/// Documents per push request.
pub const PUSH_BATCH: usize = 500;
/// The checkpoint is mirrored on the remote after the first page, every this many pages, and after the last.
pub const REMOTE_CHECKPOINT_EVERY: usize = 10;

/// Why a sync stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum SyncError {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Local(#[from] LocalError),
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
    /// Remote documents set aside by this sync (listed on `/sync`).
    pub set_aside: usize,
    /// Documents whose conflict branches on the remote were merged here.
    pub merged_branches: usize,
    /// Documents fetched by id (those this device did not hold in the version the remote has).
    pub fetched: usize,
    /// Records written or removed here, so lists update only those.
    pub changed: Vec<DocId>,
}

impl SyncReport {
    fn add(&mut self, applied: ApplyReport) {
        self.pulled += applied.changed;
        self.conflicts += applied.conflicts;
        self.set_aside += applied.set_aside;
        self.merged_branches += applied.merged_branches;
        self.changed.extend(applied.changed_ids);
    }
}

/// Progress of a pull, for the progress bar: documents pulled so far of the remote's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub pulled: u64,
    pub total: Option<u64>,
}

/// What one round works for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    /// Sync's epoch, read before the settings that made the remote: when sync starts over meanwhile (another
    /// remote saved), the round stops with [`LocalError::StartedOver`] before recording anything more.
    pub epoch: u64,
    /// Kinds of document the partner chose to ignore (`invoice`, written by another tool): never set aside.
    pub ignored_kinds: Vec<String>,
}

/// Pushes, pulls until the remote has nothing newer, and pushes again what merging left to send.
pub async fn sync<S: SyncStore, R: Remote>(
    store: &S,
    remote: &R,
    round: Round,
    now: impl Fn() -> Timestamp,
    mut on_progress: impl FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let mut session = Session { round, ..Session::default() };
    push(store, remote, &now, &mut session).await?;
    pull(store, remote, &now, &mut session, &mut on_progress).await?;
    push(store, remote, &now, &mut session).await?;
    Ok(session.report)
}

/// What one sync learnt on its way, so that it need not ask again.
#[derive(Default)]
struct Session {
    report: SyncReport,
    /// Revisions the remote gave this sync's pushes: the pull that follows skips them without a look.
    pushed: HashMap<DocId, String>,
    round: Round,
}

impl Session {
    /// `pending`, if read at this round's epoch.
    fn current(&self, pending: Pending) -> Result<Pending, SyncError> {
        if pending.epoch == self.round.epoch {
            Ok(pending)
        } else {
            Err(LocalError::StartedOver.into())
        }
    }
}

/// Pushes every pending document, a batch at a time, each with the losing leaves it deletes. Conflicting
/// versions the remote names are applied like pulled ones (merged, or a conflict for the user), so the
/// next round pushes on the right revision.
async fn push<S: SyncStore, R: Remote>(
    store: &S,
    remote: &R,
    now: &impl Fn() -> Timestamp,
    session: &mut Session,
) -> Result<(), SyncError> {
    // Each round either settles outbox entries or moves documents to newer revisions; the bound only guards
    // against a remote that keeps answering "conflict" for a version it never shows.
    for _ in 0..1_000 {
        let first = session.current(store.pending_docs(PUSH_BATCH, None, &HashSet::new()).await?)?;
        if first.docs.is_empty() || !push_run(store, remote, now, session, first).await? {
            return Ok(());
        }
    }
    Ok(())
}

/// Pushes `batch` and the batches after it as a pipeline: while one batch is on the wire, the next one is
/// read and the one before is acknowledged. Runs to the end of the outbox, or to a batch the remote
/// answered with conflicts (applied before returning, so the next round pushes on the right revisions).
/// Returns whether anything settled or moved.
async fn push_run<S: SyncStore, R: Remote>(
    store: &S,
    remote: &R,
    now: &impl Fn() -> Timestamp,
    session: &mut Session,
    mut batch: Pending,
) -> Result<bool, SyncError> {
    let (mut progressed, epoch) = (false, session.round.epoch);
    // The batch pushed before this one: its acks and documents.
    let mut previous: (Vec<PushAck>, HashSet<DocId>) = (Vec::new(), HashSet::new());
    loop {
        let (docs, mut acks) = outgoing(&batch.docs);
        let ids: HashSet<DocId> = batch.docs.iter().map(|d| d.id).collect();
        let (previous_acks, previous_ids) = std::mem::take(&mut previous);
        let skip: HashSet<DocId> = ids.union(&previous_ids).copied().collect();
        let sending = async {
            if docs.is_empty() {
                Ok(PushResult::default())
            } else {
                remote.push(&docs).await
            }
        };
        let (result, next) =
            futures::join!(sending, store.ack_then_read((epoch, previous_acks), PUSH_BATCH, batch.resume, &skip));
        let next = next.map_err(SyncError::from).and_then(|next| session.current(next));
        let result = result?;
        for (id, rev) in &result.written {
            session.pushed.insert(*id, rev.clone());
            if let Some(p) = batch.docs.iter().find(|p| p.id == *id) {
                acks.push(PushAck {
                    id: *id,
                    rev: Some(rev.clone()),
                    data: p.data.clone(),
                    mutations: p.mutations.clone(),
                    keys: p.keys.clone(),
                });
            }
        }
        session.report.pushed += result.written.len();
        progressed |= !acks.is_empty();
        let troubled = !result.conflicts.is_empty() || !result.unusable.is_empty() || !result.missing.is_empty();
        match next {
            Ok(next) if !troubled && !next.docs.is_empty() => {
                previous = (acks, ids);
                batch = next;
            }
            next => {
                store.ack_pushed(epoch, acks).await?;
                next?;
                return Ok(apply_troubles(store, now, session, result).await? || progressed);
            }
        }
    }
}

/// What a batch sends, and the acks of documents with nothing to send (created and deleted here before
/// they ever reached the remote).
fn outgoing(batch: &[PendingDoc]) -> (Vec<PushDoc>, Vec<PushAck>) {
    let (local_only, pending): (Vec<_>, Vec<_>) = batch.iter().partition(|p| p.data.is_none() && p.state.is_none());
    let acks = local_only
        .into_iter()
        .map(|p| PushAck { id: p.id, rev: None, data: None, mutations: p.mutations.clone(), keys: p.keys.clone() })
        .collect();
    let docs = pending
        .into_iter()
        .filter_map(|p| {
            Some(PushDoc {
                id: p.id,
                mutation_id: p.mutation_id()?,
                data: p.data.clone(),
                assumed: p.state.clone().map(|s| (s.rev, s.base)),
                losers: p.state.as_ref().map(|s| s.losers.clone()).unwrap_or_default(),
            })
        })
        .collect();
    (docs, acks)
}

/// Applies the versions a push conflicted with (like pulled ones) and forgets the revisions the remote no
/// longer has; returns whether anything moved.
async fn apply_troubles<S: SyncStore>(
    store: &S,
    now: &impl Fn() -> Timestamp,
    session: &mut Session,
    result: PushResult,
) -> Result<bool, SyncError> {
    let mut moved = false;
    if !result.conflicts.is_empty() || !result.unusable.is_empty() {
        let prepared = Prepared::new(&result.conflicts, now());
        let (docs, unusable, epoch) = (&result.conflicts, &result.unusable, session.round.epoch);
        let page = Page { docs, unusable, checkpoint: None, epoch, now: now() };
        let applying = apply_page(store, page, &|_| false, prepared).await?;
        let applied = applying.await?;
        moved = applied.changed > 0 || applied.settled > 0 || applied.merged_branches > 0;
        session.report.add(applied);
    }
    if !result.missing.is_empty() {
        store.forget_revs(&result.missing).await?;
        moved = true;
    }
    Ok(moved)
}

/// Pulls pages until the remote has nothing newer; each page commits together with its checkpoint, so an
/// interrupted pull resumes after the last committed page. Pages that name documents without their content
/// are completed with what this device does not hold yet (as CouchDB's replicator does with `_revs_diff`):
/// its own pushes are not downloaded again.
async fn pull<S: SyncStore, R: Remote>(
    store: &S,
    remote: &R,
    now: &impl Fn() -> Timestamp,
    session: &mut Session,
    on_progress: &mut impl FnMut(Progress),
) -> Result<(), SyncError> {
    let checkpoint = agreed_checkpoint(store, remote, now(), &mut session.round.epoch).await?;
    // A first sync into a device that holds nothing need not read what it has: only what earlier pages wrote.
    let empty = checkpoint.is_none() && store.is_empty().await?;
    let mut written: HashSet<DocId> = HashSet::new();
    let Session { report, pushed, round } = session;
    let total = if checkpoint.is_none() { remote.total().await? } else { None };
    let (mut pulled, mut pages) = (0u64, 0usize);
    // Contents come along while this device expects to hold few of the documents: on a first sync that
    // pushed nothing, and for as long as most of what comes is new here.
    let mut contents = checkpoint.is_none() && report.pushed == 0;
    let mut next = remote.pull(checkpoint.as_ref(), PULL_PAGE, contents).await?;
    let mut prepared = Prepared::new(&next.docs, now());
    loop {
        let mut page = next;
        let listed = (page.docs.len() + page.stubs.len() + page.unusable.len()) as u64;
        let (stubs, listed_docs) = (page.stubs.len(), page.docs.len());
        let fetched = fetch_unknown(store, remote, &mut page, pushed).await?;
        page.unusable.retain(|u| !u.of_kind_in(&round.ignored_kinds));
        prepared.extend(&page.docs[listed_docs..], now());
        report.fetched += fetched;
        if stubs > 0 {
            contents = fetched * 10 >= stubs * 9;
        }
        // The next page is fetched while this one is stored, and read ahead while this one commits.
        let new_here = |id: DocId| empty && !written.contains(&id);
        let prepared_here = std::mem::take(&mut prepared);
        let (docs, unusable, checkpoint) = (&page.docs, &page.unusable, Some(&page.checkpoint));
        let this_page = Page { docs, unusable, checkpoint, epoch: round.epoch, now: now() };
        let store_page = apply_page(store, this_page, &new_here, prepared_here);
        let (applied, following) = if page.more {
            let next_page = remote.pull(Some(&page.checkpoint), PULL_PAGE, contents);
            let (applying, following) = futures::join!(store_page, next_page);
            let applying = applying?;
            if let Ok(following) = &following {
                prepared = Prepared::new(&following.docs, now());
            }
            (applying.await?, Some(following))
        } else {
            (store_page.await?.await?, None)
        };
        if stubs == 0 && !page.docs.is_empty() && applied.unchanged * 2 > page.docs.len() {
            contents = false;
        }
        report.add(applied);
        if empty {
            written.extend(page.docs.iter().map(|d| d.id));
        }
        pulled += listed;
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

/// Fetches the documents `page` names without content whose leaves this device does not hold (every
/// document with more than one leaf, so its branches are merged); returns how many. What this sync pushed
/// (`pushed`) is known without asking the store.
async fn fetch_unknown<S: SyncStore, R: Remote>(
    store: &S,
    remote: &R,
    page: &mut PullPage,
    pushed: &HashMap<DocId, String>,
) -> Result<usize, SyncError> {
    let held =
        |stub: &Stub, known: Option<&String>| matches!((stub.revs.as_slice(), known), ([rev], Some(k)) if rev == k);
    let ask: Vec<&Stub> = page.stubs.iter().filter(|s| !held(s, pushed.get(&s.id))).collect();
    if ask.is_empty() {
        return Ok(0);
    }
    let ids: Vec<DocId> = ask.iter().map(|s| s.id).collect();
    let known = store.known_revs(&ids).await?;
    let wanted: Vec<DocId> =
        ask.iter().zip(known).filter(|(stub, known)| !held(stub, known.as_ref())).map(|(stub, _)| stub.id).collect();
    if wanted.is_empty() {
        return Ok(0);
    }
    let fetched = remote.fetch(&wanted).await?;
    page.docs.extend(fetched.docs);
    page.unusable.extend(fetched.unusable);
    Ok(wanted.len())
}

/// Where to pull from: the local checkpoint, if the remote keeps a checkpoint of this device at all (its
/// copy may be a few pages older: it is mirrored every few pages). When it keeps none, the remote was
/// recreated (or is another database): sync starts over — everything is pulled again and every record here
/// is queued, so the remote gets back what it lost. Applying a version twice changes nothing.
async fn agreed_checkpoint<S: SyncStore, R: Remote>(
    store: &S,
    remote: &R,
    now: Timestamp,
    epoch: &mut u64,
) -> Result<Option<Value>, SyncError> {
    let Some(local) = store.checkpoint().await? else {
        return Ok(None);
    };
    match remote.load_checkpoint(Some(&local)).await? {
        Some(_) => Ok(Some(local)),
        None => {
            *epoch = store.restart_sync(now).await?;
            Ok(None)
        }
    }
}
