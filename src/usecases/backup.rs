//! Backing up everything on this device to one file, and restoring such a file here (see
//! [`crate::domain::backup`] for the format and [`crate::domain::backup::plan`] for what a restore does).

use super::change::{About, Actor};
use crate::domain::activity::{Action, ActivityEntry};
use crate::domain::backup::plan::{self, Here, Mode, Plan, Writes};
use crate::domain::backup::{self, Backup, BackupError, Record, Writer};
use crate::domain::customer::Customer;
use crate::domain::outbox::{Op, OutboxEntry};
use crate::domain::timestamp::Timestamp;
use crate::store::{Store, StoreError, WriteBatch};
use crate::sync::local::{LocalError, SyncStore};
use crate::sync::records::Record as SyncRecord;
use crate::sync::settings::SyncSettings;

/// Customers a backup reads per step (one transaction, about 20 ms of work).
const CUSTOMERS_PER_READ: u32 = 2_000;
/// Activity entries or pending changes (small records) read per step.
const SMALL_PER_READ: usize = 10_000;
/// Customers a restore writes per step (one transaction; 1,000 made tasks of 90–135 ms, 700 of 65–68 ms in
/// stop 25 but 104–120 ms in stop 28's runs, see docs/PERFORMANCE.md).
const CUSTOMERS_PER_WRITE: usize = 500;
/// Activity entries or pending changes a restore writes per step.
const PENDING_PER_WRITE: usize = 2_500;

/// How far a backup or a restore is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Why a backup could not be made, or a restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupUseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] LocalError),
    #[error(transparent)]
    File(#[from] BackupError),
    /// A restore stopped after `written` of `total` records were written (each step whole).
    #[error("{written} of {total} records were restored before it stopped: {error}")]
    Stopped { written: usize, total: usize, error: StoreError },
}

/// Writes a backup of everything on this device, made at `now`: hands its text to `part` piece by piece
/// (the header first, customers in steps, the end line last) with how far it is, then notes the time.
/// Customers are read after everything else, so a pending change in the backup never names a customer
/// newer than the one in it.
pub async fn make_backup<S: Store + SyncStore>(
    store: &S,
    now: Timestamp,
    mut part: impl FnMut(String, Progress),
) -> Result<(), BackupUseError> {
    let total = store.customer_counts().await?.all as usize;
    let (mut writer, header) = Writer::new(now);
    let mut text = header;
    let mut records = Vec::new();
    if let Some(p) = store.partner_profile().await? {
        records.push(Record::Partner(p));
    }
    if let Some((settings, _secret)) = store.sync_settings().await? {
        records.push(Record::Sync(serde_json::to_value(settings).map_err(|e| StoreError::Failed(e.to_string()))?));
    }
    records.extend(store.requests().await?.into_iter().map(Record::Request));
    records.extend(store.referrals().await?.into_iter().map(|r| Record::Referral(Box::new(r))));
    records.extend(store.providers().await?.into_iter().map(Record::Provider));
    records.extend(store.business_profiles().await?.into_iter().map(|p| Record::Profile(Box::new(p))));
    each_activity_step(store, |step| records.extend(step.into_iter().map(Record::Activity))).await?;
    records.extend(store.drafts().await?.into_iter().map(|(key, d)| Record::Draft { key, draft: Box::new(d) }));
    for r in &records {
        text.push_str(&writer.line(r));
    }
    part(text, Progress { done: 0, total });
    each_pending_step(store, |step| {
        let lines: String = step.into_iter().map(|e| writer.line(&Record::Pending(e))).collect();
        part(lines, Progress { done: 0, total });
    })
    .await?;
    let (mut after, mut done) = (None, 0);
    loop {
        let chunk = store.customer_documents(after, CUSTOMERS_PER_READ).await?;
        let Some((last, _)) = chunk.last() else { break };
        after = Some(*last);
        done += chunk.len();
        let mut text = String::with_capacity(chunk.iter().map(|(_, t)| t.len() + 14).sum());
        for (_, json) in &chunk {
            writer.push_customer_line(&mut text, json);
        }
        part(text, Progress { done, total: total.max(done) });
    }
    part(writer.finish(), Progress { done, total: total.max(done) });
    store.backup_made(now).await?;
    Ok(())
}

/// A backup file read and checked, with what this device holds: ready to preview and restore.
#[derive(Debug, Clone)]
pub struct Opened {
    pub backup: Backup,
    here: Here,
}

impl Opened {
    /// What restoring the backup in `mode` at `now` would do here.
    pub fn plan(&self, mode: Mode, now: Timestamp) -> Plan {
        plan::plan(&self.backup.records, &self.here, mode, now)
    }
}

/// Reads a backup file (refused with the reason if it is not a whole backup this version reads) and what this
/// device holds. The file is read a step at a time, with `pause` (a turn of the browser's event loop) between
/// steps and `progress` told the share done.
pub async fn open_backup<S: Store + SyncStore, F: std::future::Future<Output = ()>>(
    store: &S,
    bytes: &[u8],
    pause: impl Fn() -> F,
    mut progress: impl FnMut(f64),
) -> Result<Opened, BackupUseError> {
    let mut reading = backup::Reading::start(bytes)?;
    let backup = loop {
        if let Some(backup) = reading.step(READ_STEP_BYTES)? {
            break backup;
        }
        progress(reading.done());
        pause().await;
    };
    Ok(Opened { backup, here: what_is_here(store).await? })
}

/// How much of a backup file one step reads (about 20 ms of work in the browser).
const READ_STEP_BYTES: usize = 1 << 20;

/// What this device holds, as far as a restore needs to know.
async fn what_is_here<S: Store + SyncStore>(store: &S) -> Result<Here, BackupUseError> {
    let mut here = Here::default();
    let mut after = None;
    loop {
        let rows = store.list_rows(after, 5_000).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
        here.customers.extend(rows.into_iter().map(|r| (r.id, (r.changed, r.domain))));
    }
    here.requests = store.requests().await?.iter().map(|r| (r.id, r.changed_at())).collect();
    here.referrals = store.referrals().await?.iter().map(|r| (r.id, r.updated_at)).collect();
    here.providers = store.providers().await?.iter().map(|p| (p.id, p.updated_at)).collect();
    here.profiles = store.business_profiles().await?.iter().map(|p| (p.id, p.updated_at)).collect();
    each_activity_step(store, |step| here.activity.extend(step.iter().map(|a| a.id))).await?;
    here.drafts = store.drafts().await?.into_iter().map(|(k, _)| k).collect();
    each_pending_step(store, |step| here.pending.extend(step.iter().map(|e| e.mutation_id))).await?;
    here.sync_set = store.sync_settings().await?.is_some();
    here.partner_set = store.partner_profile().await?.is_some();
    Ok(here)
}

/// Hands every pending change to `each`, oldest first, a step at a time.
async fn each_pending_step<S: Store>(store: &S, mut each: impl FnMut(Vec<OutboxEntry>)) -> Result<(), StoreError> {
    let mut after = 0.0;
    loop {
        let step = store.outbox_after(after, SMALL_PER_READ as u32).await?;
        let Some((last, _)) = step.last() else { return Ok(()) };
        after = *last;
        each(step.into_iter().map(|(_, e)| e).collect());
    }
}

/// Hands the whole activity log to `each` in id order, a step at a time (a long log is never one read).
async fn each_activity_step<S: Store>(store: &S, mut each: impl FnMut(Vec<ActivityEntry>)) -> Result<(), StoreError> {
    let mut after = None;
    loop {
        let step = store.activity_after(after, SMALL_PER_READ as u32).await?;
        let Some(last) = step.last() else { return Ok(()) };
        after = Some(last.id);
        each(step);
    }
}

/// Restores the backup `opened` as `plan` (made by [`Opened::plan`]) says: settings first, then the records
/// in steps that each commit whole — the first removing everything here when replacing —, the pending changes
/// and an activity entry last. Reports progress after each step.
pub async fn restore<S: Store + SyncStore>(
    store: &S,
    opened: Opened,
    plan: Plan,
    actor: &Actor<'_>,
    mut progress: impl FnMut(Progress),
) -> Result<(), BackupUseError> {
    let (total, mode, made) = (plan.written(), plan.mode, opened.backup.header.created_at);
    let Writes {
        insert_customers,
        update_customers,
        requests,
        referrals,
        providers,
        profiles,
        activity,
        drafts,
        pending,
        sync,
        partner,
    } = plan.into_writes(opened.backup.records);
    if let Some(settings) = sync.and_then(|s| serde_json::from_value::<SyncSettings>(s).ok()) {
        // Saved before any record, so that a remote new here queues nothing but the backup's own changes.
        store.save_sync_settings(&settings, None, actor.now).await?;
    }
    if let Some(p) = partner {
        store.save_partner_profile(&p).await?;
    }
    // Each step with the number of records it restores.
    let mut steps: Vec<(usize, WriteBatch)> = Vec::new();
    let customer = |c: Customer| SyncRecord::Customer(Box::new(c));
    let created = |step: Vec<Customer>| WriteBatch::of(Op::Create, step.into_iter().map(customer));
    steps.extend(in_steps(insert_customers, CUSTOMERS_PER_WRITE, created));
    let updated = |step: Vec<Customer>| WriteBatch::of(Op::Update, step.into_iter().map(customer));
    steps.extend(in_steps(update_customers, CUSTOMERS_PER_WRITE, updated));
    let entries = |restore_activity| WriteBatch { restore_activity, ..WriteBatch::default() };
    steps.extend(in_steps(activity, PENDING_PER_WRITE, entries));
    // Pending changes after the records they name.
    steps.extend(in_steps(pending, PENDING_PER_WRITE, |outbox| WriteBatch { outbox, ..WriteBatch::default() }));
    // The records as they were (not queued: the backup's pending changes say what syncs), and the entry
    // that says the backup was restored.
    let mut restored = actor.changes();
    restored.log(Action::BackupRestored, About::named(""), made.to_rfc3339());
    let last = requests.len() + referrals.len() + providers.len() + profiles.len() + drafts.len();
    steps.push((last, {
        let mut batch = WriteBatch { put_drafts: drafts, ..restored.batch() };
        let others = requests
            .into_iter()
            .map(SyncRecord::Request)
            .chain(referrals.into_iter().map(|r| SyncRecord::Referral(Box::new(r))));
        let others = others
            .chain(providers.into_iter().map(SyncRecord::Provider))
            .chain(profiles.into_iter().map(|p| SyncRecord::Profile(Box::new(p))));
        others.for_each(|r| batch.put(Op::Update, r));
        batch
    }));
    steps[0].1.clear_everything = mode == Mode::Replace;
    let mut written = 0;
    for (size, batch) in steps {
        store.apply(batch).await.map_err(|error| BackupUseError::Stopped { written, total, error })?;
        written = (written + size).min(total);
        progress(Progress { done: written, total });
    }
    Ok(())
}

/// `items` cut into steps of `per`, each made a batch by `batch` and counted.
fn in_steps<T>(items: Vec<T>, per: usize, batch: impl Fn(Vec<T>) -> WriteBatch) -> Vec<(usize, WriteBatch)> {
    let mut items = items.into_iter().peekable();
    let mut steps = Vec::new();
    while items.peek().is_some() {
        let step: Vec<T> = items.by_ref().take(per).collect();
        steps.push((step.len(), batch(step)));
    }
    steps
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use futures::executor::block_on;

    use super::*;
    use crate::domain::backup::plan::Kind;
    use crate::domain::draft::CustomerDraft;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::store::memory::MemoryStore;
    use crate::usecases::{add_customer, add_tags};
    use uuid::Uuid;

    const ACTOR: Actor<'static> = Actor { user: "Anna", now: Timestamp(50) };

    fn draft(name: &str, prefix: &str) -> CustomerDraft {
        CustomerDraft { company_name: name.into(), domain_prefix: prefix.into(), ..valid_draft() }
    }

    async fn backup_of(store: &MemoryStore, now: Timestamp) -> Vec<u8> {
        let mut text = String::new();
        let mut seen = Vec::new();
        make_backup(store, now, |part, p| {
            text.push_str(&part);
            seen.push(p);
        })
        .await
        .unwrap();
        assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((3, 3)));
        text.into_bytes()
    }

    #[test]
    fn a_backup_restored_over_everything_holds_exactly_what_was_backed_up() {
        block_on(async {
            let a = MemoryStore::default();
            for (i, name) in ["Alpha GmbH", "Beta GmbH", "Gamma GmbH"].iter().enumerate() {
                add_customer(
                    &a,
                    &draft(name, &format!("kunde{i}")),
                    &ctx(),
                    &Actor { user: "Anna", now: Timestamp(i as i64) },
                )
                .await
                .unwrap();
            }
            a.save_draft("new-customer", &draft("Halb fertig", "halb")).await.unwrap();
            let file = backup_of(&a, Timestamp(40)).await;
            assert_eq!(a.last_backup().await.unwrap(), Some(Timestamp(40)));

            let b = MemoryStore::default();
            add_customer(&b, &draft("Nur hier GmbH", "nurhier"), &ctx(), &Actor { user: "Jan", now: Timestamp(9) })
                .await
                .unwrap();
            let opened = open_backup(&b, &file, || async {}, |_| {}).await.unwrap();
            let plan = opened.plan(Mode::Replace, ACTOR.now);
            assert_eq!(plan.counts(Kind::Customers).in_backup, 3);
            assert_eq!(plan.counts(Kind::Customers).here, 1);
            let mut steps = Vec::new();
            restore(&b, opened, plan, &ACTOR, |p| steps.push(p)).await.unwrap();
            assert_eq!(steps.last().map(|p| p.done), steps.last().map(|p| p.total));

            assert_eq!(b.customers().await.unwrap(), a.customers().await.unwrap());
            // The pending changes as they were, and the restore's own activity entry (it syncs too).
            let outbox = b.outbox().await.unwrap();
            assert_eq!(outbox[..outbox.len() - 1], a.outbox().await.unwrap()[..]);
            assert_eq!(outbox.last().map(|e| e.entity_id), Some(b.activity(None).await.unwrap()[0].id));
            assert_eq!(b.drafts().await.unwrap(), a.drafts().await.unwrap());
            let log = b.activity(None).await.unwrap();
            assert_eq!(log[0].action, Action::BackupRestored);
            assert_eq!(log[1..], a.activity(None).await.unwrap()[..]);
        });
    }

    #[test]
    fn a_long_activity_log_is_backed_up_and_restored_whole_in_steps() {
        block_on(async {
            let a = MemoryStore::default();
            let log: Vec<ActivityEntry> = (0..2 * SMALL_PER_READ as u128 + 7)
                .map(|n| ActivityEntry {
                    id: Uuid::from_u128(n * 7_919 % 100_003),
                    at: Timestamp(n as i64 % 13),
                    customer_id: None,
                    customer_name: String::new(),
                    action: Action::CustomersImported,
                    user: "Anna".into(),
                    detail: format!("Datei {n}"),
                    typed: None,
                })
                .collect();
            a.apply(WriteBatch { restore_activity: log.clone(), ..WriteBatch::default() }).await.unwrap();
            let mut text = String::new();
            make_backup(&a, Timestamp(40), |part, _| text.push_str(&part)).await.unwrap();

            let b = MemoryStore::default();
            let opened = open_backup(&b, text.as_bytes(), || async {}, |_| {}).await.unwrap();
            let plan = opened.plan(Mode::Replace, ACTOR.now);
            assert_eq!(plan.counts(Kind::Activity).in_backup, log.len());
            restore(&b, opened, plan, &ACTOR, |_| {}).await.unwrap();
            let restored = b.activity(None).await.unwrap();
            assert_eq!(restored.len(), log.len() + 1, "every entry, and the restore's own");
            assert_eq!(restored[1..], a.activity(None).await.unwrap()[..]);
        });
    }

    #[test]
    fn merging_keeps_what_is_newer_here_and_queues_what_it_wrote_over() {
        block_on(async {
            let a = MemoryStore::default();
            let kept =
                add_customer(&a, &draft("Alpha GmbH", "alpha"), &ctx(), &Actor { user: "Anna", now: Timestamp(1) })
                    .await
                    .unwrap();
            let taken =
                add_customer(&a, &draft("Beta GmbH", "beta"), &ctx(), &Actor { user: "Anna", now: Timestamp(2) })
                    .await
                    .unwrap();
            let file = backup_of_two(&a).await;

            let b = MemoryStore::default();
            // The same customers here: one changed here after the backup, one before.
            let here = a.customers().await.unwrap().into_iter().map(|c| SyncRecord::Customer(Box::new(c)));
            b.apply(WriteBatch::of(Op::Create, here)).await.unwrap();
            add_tags(&b, &[kept.id], &["Neu".into()], &Actor { user: "Jan", now: Timestamp(30) }).await.unwrap();
            let older = crate::domain::customer::Customer { updated_at: Timestamp(0), ..taken.clone() };
            b.apply(WriteBatch::of(Op::Update, [SyncRecord::Customer(Box::new(older))])).await.unwrap();
            let pending_before = b.outbox().await.unwrap().len();

            let opened = open_backup(&b, &file, || async {}, |_| {}).await.unwrap();
            let plan = opened.plan(Mode::Merge, ACTOR.now);
            let c = plan.counts(Kind::Customers);
            assert_eq!((c.new, c.newer, c.kept), (0, 1, 1));
            restore(&b, opened, plan, &ACTOR, |_| {}).await.unwrap();
            assert_eq!(b.customer(kept.id).await.unwrap().unwrap().tags, vec!["Berlin", "Retail", "Neu"]);
            assert_eq!(b.customer(taken.id).await.unwrap().unwrap(), taken);
            let outbox = b.outbox().await.unwrap();
            assert!(outbox.iter().any(|e| e.entity_id == taken.id && e.at == ACTOR.now), "the restored version syncs");
            assert!(outbox.len() > pending_before, "this device's pending changes are kept");
        });
    }

    async fn backup_of_two(store: &MemoryStore) -> Vec<u8> {
        let mut text = String::new();
        make_backup(store, Timestamp(40), |part, _| text.push_str(&part)).await.unwrap();
        text.into_bytes()
    }

    #[test]
    fn a_damaged_file_changes_nothing() {
        block_on(async {
            let a = MemoryStore::default();
            for i in 0..3 {
                add_customer(
                    &a,
                    &draft(&format!("Kunde {i} GmbH"), &format!("kunde{i}")),
                    &ctx(),
                    &Actor { user: "A", now: Timestamp(i) },
                )
                .await
                .unwrap();
            }
            let mut file = backup_of(&a, Timestamp(40)).await;
            let middle = file.len() / 2;
            file[middle] ^= 0x20;
            let b = MemoryStore::default();
            add_customer(&b, &draft("Nur hier GmbH", "nurhier"), &ctx(), &Actor { user: "Jan", now: Timestamp(9) })
                .await
                .unwrap();
            let err = open_backup(&b, &file, || async {}, |_| {}).await.unwrap_err();
            assert!(matches!(err, BackupUseError::File(BackupError::Damaged)), "{err:?}");
            assert_eq!(b.customers().await.unwrap().len(), 1);
        });
    }
}
