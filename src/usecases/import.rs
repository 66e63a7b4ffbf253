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

/// Removes the customers the import created and restores those it updated — one transaction.
pub async fn undo_import<S: Store>(store: &S, record: &ImportRecord, actor: &Actor<'_>) -> Result<(), StoreError> {
    let mut changes = actor.changes();
    for id in &record.created {
        changes.delete_customer(*id);
    }
    for before in &record.previous {
        changes.write(Op::Update, Record::Customer(Box::new(Customer { updated_at: actor.now, ..before.clone() })));
    }
    let detail = Detail::ImportUndone { removed: record.created.len(), restored: record.previous.len() };
    changes.log(Action::ImportUndone, About::named(SUBJECT), detail);
    store.apply(changes.batch()).await
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

            undo_import(&store, &record, &ACTOR).await.unwrap();
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
}
