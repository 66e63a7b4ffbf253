//! Use cases of the CSV import: write one batch of planned rows (a transaction per batch, so a long import
//! shows progress and can be cancelled between batches), log the whole import once, and undo it.

use uuid::Uuid;

use super::change::{About, Actor};
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::csv_import::Planned;
use crate::domain::customer::Customer;
use crate::domain::outbox::Op;
use crate::store::{Store, StoreError};
use crate::sync::records::Record;

/// What the activity log names as the subject of an import and its undoing.
const SUBJECT: &str = "CSV import";

/// What an import changed, kept so that it can be undone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportRecord {
    pub created: Vec<Uuid>,
    /// The customers as they were before the import updated them.
    pub previous: Vec<Customer>,
}

/// Writes `rows` (creates and updates, with their outbox entries; unchanged rows write nothing) in one
/// transaction and adds them to `record`.
pub async fn import_batch<S: Store>(
    store: &S,
    rows: &[Planned],
    record: &mut ImportRecord,
    actor: &Actor<'_>,
) -> Result<(), StoreError> {
    let mut changes = actor.changes();
    for row in rows {
        match row {
            Planned::Create(c) => changes.write(Op::Create, Record::Customer(Box::new(c.clone()))),
            Planned::Update(_, after) => changes.write(Op::Update, Record::Customer(Box::new(after.clone()))),
            Planned::Unchanged(_) => continue,
        };
    }
    store.apply(changes.batch()).await?;
    for row in rows {
        match row {
            Planned::Create(c) => record.created.push(c.id),
            Planned::Update(before, _) => record.previous.push((**before).clone()),
            Planned::Unchanged(_) => {}
        }
    }
    Ok(())
}

/// Writes `rows` like [`import_batch`]; when the store refuses the batch for a uniqueness rule (a domain
/// taken since the preview, by sync or another tab), writes it again row by row, so that only the refused
/// rows are left out. Returns those, by their place in `rows`, with the reason.
pub async fn import_rows<S: Store>(
    store: &S,
    rows: &[Planned],
    record: &mut ImportRecord,
    actor: &Actor<'_>,
) -> Result<Vec<(usize, StoreError)>, StoreError> {
    match import_batch(store, rows, record, actor).await {
        Err(e) if e.is_refusal() => {}
        other => return other.map(|()| Vec::new()),
    }
    let mut refused = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match import_batch(store, std::slice::from_ref(row), record, actor).await {
            Ok(()) => {}
            Err(e) if e.is_refusal() => refused.push((i, e)),
            Err(e) => return Err(e),
        }
    }
    Ok(refused)
}

/// The one activity entry of a whole import.
pub async fn log_import<S: Store>(
    store: &S,
    file: &str,
    record: &ImportRecord,
    actor: &Actor<'_>,
) -> Result<(), StoreError> {
    let detail =
        Detail::Imported { file: file.to_string(), created: record.created.len(), updated: record.previous.len() };
    let mut changes = actor.changes();
    changes.log(Action::CustomersImported, About::named(SUBJECT), detail);
    store.apply(changes.batch()).await
}

/// Customers an undo removes or restores per transaction: an undo of 100,000 in one transaction froze the
/// page for 5 s (its requests are made in one task) and could not show its progress.
const UNDO_STEP: usize = 250;
/// Steps handed to the store at once: while one commits, the next is made and waits for it (the database
/// is not left idle between two).
const UNDO_IN_FLIGHT: usize = 2;

/// An undo that stopped part-way: how many customers it handled, what is still to undo (a later undo
/// finishes it), and why it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoStopped {
    /// Customers removed or restored.
    pub handled: usize,
    /// What the undo did not reach.
    pub left: ImportRecord,
    pub error: StoreError,
}

/// One step of an undo: customers to remove, or customers to restore as they were before the import.
enum UndoStep<'a> {
    Remove(&'a [Uuid]),
    Restore(&'a [Customer]),
}

impl UndoStep<'_> {
    /// Adds what this step would have done to `left`.
    fn leave_in(self, left: &mut ImportRecord) {
        match self {
            UndoStep::Remove(ids) => left.created.extend_from_slice(ids),
            UndoStep::Restore(customers) => left.previous.extend_from_slice(customers),
        }
    }
}

/// Removes the customers the import created, then restores those it updated, [`UNDO_STEP`] per transaction
/// (each commits whole); `done` hears after each step how many were handled. Then one activity entry says
/// how many were removed and restored. A step the store refuses stops the undo: what it left undone is
/// returned, for a later undo to finish.
pub async fn undo_import<S: Store>(
    store: &S,
    record: &ImportRecord,
    actor: &Actor<'_>,
    mut done: impl FnMut(usize),
) -> Result<(), UndoStopped> {
    let mut steps = (record.created.chunks(UNDO_STEP).map(UndoStep::Remove))
        .chain(record.previous.chunks(UNDO_STEP).map(UndoStep::Restore));
    let (mut removed, mut restored, mut left, mut error) = (0, 0, ImportRecord::default(), None);
    let mut flight = futures::stream::FuturesOrdered::new();
    loop {
        while flight.len() < UNDO_IN_FLIGHT && error.is_none() {
            let Some(step) = steps.next() else { break };
            flight.push_back(undo_step(store, actor, step));
        }
        let Some((step, result)) = futures::StreamExt::next(&mut flight).await else { break };
        match (result, step) {
            (Ok(()), UndoStep::Remove(ids)) => removed += ids.len(),
            (Ok(()), UndoStep::Restore(customers)) => restored += customers.len(),
            (Err(e), step) => {
                error = error.or(Some(e));
                step.leave_in(&mut left);
            }
        }
        done(removed + restored);
    }
    if removed + restored > 0 {
        // Best effort, as an import's own entry: the steps are done either way.
        let mut changes = actor.changes();
        changes.log(Action::ImportUndone, About::named(SUBJECT), Detail::ImportUndone { removed, restored });
        let _ = store.apply(changes.batch()).await;
    }
    match error {
        None => Ok(()),
        Some(error) => {
            steps.for_each(|step| step.leave_in(&mut left));
            Err(UndoStopped { handled: removed + restored, left, error })
        }
    }
}

/// Hands one step of an undo to `store`; the future answers with the step and how it went.
fn undo_step<'a, S: Store>(
    store: &'a S,
    actor: &Actor<'_>,
    step: UndoStep<'a>,
) -> impl std::future::Future<Output = (UndoStep<'a>, Result<(), StoreError>)> + 'a {
    let mut changes = actor.changes();
    match step {
        UndoStep::Remove(ids) => ids.iter().for_each(|id| {
            changes.delete_customer(*id);
        }),
        UndoStep::Restore(customers) => customers.iter().for_each(|before| {
            let customer = Customer { updated_at: actor.now, ..before.clone() };
            changes.write(Op::Update, Record::Customer(Box::new(customer)));
        }),
    }
    let batch = changes.batch();
    async move { (step, store.apply(batch).await) }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::csv_import::{auto_map, parse, plan, ImportMode};
    use crate::domain::draft::CustomerDraft;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::domain::timestamp::Timestamp;
    use crate::store::memory::MemoryStore;
    use crate::usecases::add_customer;
    use futures::executor::block_on;

    const ACTOR: Actor<'static> = Actor { user: "Anna", now: Timestamp(5) };

    #[test]
    fn import_in_batches_then_undo_leaves_the_data_as_before() {
        let store = MemoryStore::default();
        block_on(async {
            let existing =
                add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
            let mut file = String::from(
                "Company name,Primary domain name,First name,Last name,Email,Address line 1,Postal code,City\n",
            );
            file += "Contoso Neu GmbH,contosohandel,Anna,Müller,anna@contoso.de,Hauptstraße 1,10115,Berlin\n";
            for i in 0..5 {
                file += &format!("Kunde {i} GmbH,kunde{i},Jan,Weiß,jan@kunde{i}.de,Weg {i},10115,Berlin\n");
            }
            let table = parse(file.as_bytes()).unwrap();
            let planned: Vec<Planned> = plan(
                &table,
                &auto_map(&table.headers),
                ImportMode::Upsert,
                &store.customers().await.unwrap(),
                &ctx(),
                ACTOR.now,
                Uuid::new_v4,
            )
            .into_iter()
            .map(Result::unwrap)
            .collect();
            let mut record = ImportRecord::default();
            for chunk in planned.chunks(2) {
                import_batch(&store, chunk, &mut record, &ACTOR).await.unwrap();
            }
            log_import(&store, "kunden.csv", &record, &ACTOR).await.unwrap();
            assert_eq!(store.customer_counts().await.unwrap().all, 6);
            assert_eq!(store.customer(existing.id).await.unwrap().unwrap().company.company_name, "Contoso Neu GmbH");
            let log = store.activity(None).await.unwrap();
            assert_eq!(log.iter().filter(|e| e.action == Action::CustomersImported).count(), 1);
            assert!(log.iter().any(|e| e.detail == "kunden.csv: created 5, updated 1"));

            undo_import(&store, &record, &ACTOR, |_| {}).await.unwrap();
            assert_eq!(store.customer_counts().await.unwrap().all, 1);
            let restored = store.customer(existing.id).await.unwrap().unwrap();
            assert_eq!(restored.company.company_name, "Contoso Handels GmbH");
            let deletes = store.outbox().await.unwrap().iter().filter(|o| o.op == Op::Delete).count();
            assert_eq!(deletes, 5);
        });
    }

    #[test]
    fn a_row_the_store_refuses_is_left_out_alone() {
        let store = MemoryStore::default();
        block_on(async {
            let rows: Vec<Planned> = ["eins", "zwei", "drei"]
                .iter()
                .map(|p| {
                    let draft = CustomerDraft { domain_prefix: (*p).into(), ..valid_draft() };
                    Planned::Create(draft.to_customer(&ctx(), Uuid::new_v4(), Timestamp(1)).unwrap())
                })
                .collect();
            // Meanwhile (after the preview), another device's customer took the second row's domain.
            let taken = CustomerDraft { domain_prefix: "zwei".into(), ..valid_draft() };
            add_customer(&store, &taken, &ctx(), &Actor { user: "B", now: Timestamp(2) }).await.unwrap();
            let mut record = ImportRecord::default();
            let refused = import_rows(&store, &rows, &mut record, &ACTOR).await.unwrap();
            assert_eq!(refused.len(), 1);
            assert_eq!(refused[0].0, 1);
            assert!(
                matches!(&refused[0].1, StoreError::DuplicateDomain(d) if d == "zwei.onmicrosoft.com"),
                "{refused:?}"
            );
            assert_eq!((record.created.len(), store.customer_counts().await.unwrap().all), (2, 3));
        });
    }

    /// Imports `n` new customers, "Kunde 0 GmbH" …
    async fn import_n(store: &MemoryStore, n: usize) -> ImportRecord {
        let rows: String = (0..n)
            .map(|i| format!("Kunde {i} GmbH,kunde{i},Jan,Weiß,jan@kunde{i}.de,Weg {i},10115,Berlin\n"))
            .collect();
        let file = format!(
            "Company name,Primary domain name,First name,Last name,Email,Address line 1,Postal code,City\n{rows}"
        );
        let table = parse(file.as_bytes()).unwrap();
        let existing = store.customers().await.unwrap();
        let planned: Vec<Planned> =
            plan(&table, &auto_map(&table.headers), ImportMode::Upsert, &existing, &ctx(), ACTOR.now, Uuid::new_v4)
                .into_iter()
                .map(Result::unwrap)
                .collect();
        let mut record = ImportRecord::default();
        for chunk in planned.chunks(100) {
            import_batch(store, chunk, &mut record, &ACTOR).await.unwrap();
        }
        record
    }

    #[test]
    fn an_undo_goes_in_steps_and_logs_once() {
        let store = MemoryStore::default();
        block_on(async {
            let record = import_n(&store, UNDO_STEP * 2 + 1).await;
            let mut steps = Vec::new();
            undo_import(&store, &record, &ACTOR, |n| steps.push(n)).await.unwrap();
            assert_eq!(steps, vec![UNDO_STEP, UNDO_STEP * 2, UNDO_STEP * 2 + 1]);
            assert_eq!(store.customer_counts().await.unwrap().all, 0);
            let undone: Vec<String> = store
                .activity(None)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.action == Action::ImportUndone)
                .map(|e| e.detail)
                .collect();
            assert_eq!(undone, vec![Detail::ImportUndone { removed: UNDO_STEP * 2 + 1, restored: 0 }.to_string()]);
        });
    }
}
