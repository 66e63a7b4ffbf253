//! The IndexedDB store in real headless Chromium: what is written reads back, a use case writes all or
//! nothing, and data survives closing and reopening the database.
#![cfg(target_arch = "wasm32")]

mod common;

use partner_accounts::domain::customer::{Customer, Relationship};
use partner_accounts::domain::draft::CustomerDraft;
use partner_accounts::domain::outbox::Op;
use partner_accounts::domain::timestamp::Timestamp;
use partner_accounts::store::idb::{IdbStore, Migration, MIGRATIONS};
use partner_accounts::store::{Store, StoreError, WriteBatch};
use partner_accounts::sync::local::SyncStore;
use partner_accounts::sync::records::Record;
use partner_accounts::usecases::{add_customer, list_chunk, Actor, AddCustomerError, NEW_CUSTOMER_DRAFT};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

use common::{ctx, draft, fresh};

#[wasm_bindgen_test]
async fn a_customer_reads_back_exactly_as_written() {
    let (store, _) = fresh().await;
    let c =
        add_customer(&store, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "Anna", now: Timestamp(1000) })
            .await
            .unwrap();
    assert_eq!(store.customer(c.id).await.unwrap(), Some(c.clone()));
    assert_eq!(store.customer_by_domain("contoso.onmicrosoft.com").await.unwrap(), Some(c.clone()));
    assert_eq!(store.customer_counts().await.unwrap().all, 1);
    assert_eq!(store.outbox().await.unwrap()[0].entity_id, c.id);
    assert_eq!(store.pending_count().await.unwrap(), 2, "the customer and its activity entry wait for sync");
    assert_eq!(store.activity(Some(c.id)).await.unwrap()[0].customer_name, "Contoso GmbH");
    assert_eq!(store.activity(Some(Uuid::new_v4())).await.unwrap(), vec![]);
    let rows = list_chunk(&store, None, 100).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].domain, "contoso.onmicrosoft.com");
}

#[wasm_bindgen_test]
async fn a_failing_write_leaves_neither_record_nor_outbox_nor_activity() {
    let (store, _) = fresh().await;
    let first =
        add_customer(&store, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
            .await
            .unwrap();
    // A second customer with the same domain, written straight to the store (past the use case's own
    // check): the unique index refuses it, and the outbox/activity entries of the same batch must go too.
    let mut clash = draft("Other AG", "contoso").to_customer(&ctx(), Uuid::new_v4(), Timestamp(2)).unwrap();
    clash.company.domain = first.company.domain.clone();
    let batch = WriteBatch {
        outbox: vec![partner_accounts::domain::outbox::OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: partner_accounts::domain::outbox::Entity::Customer,
            entity_id: clash.id,
            op: partner_accounts::domain::outbox::Op::Create,
            at: Timestamp(2),
        }],
        ..WriteBatch::of(Op::Create, [Record::Customer(Box::new(clash.clone()))])
    };
    let err = store.apply(batch).await.unwrap_err();
    assert_eq!(err, StoreError::DuplicateDomain("contoso.onmicrosoft.com".into()));
    assert_eq!(store.customer(clash.id).await.unwrap(), None);
    assert_eq!(store.customer_counts().await.unwrap().all, 1);
    assert_eq!(store.outbox().await.unwrap().len(), 2, "only the first customer's and its log line's");
    assert_eq!(store.activity(None).await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn the_use_case_refuses_a_taken_domain_and_names_its_owner() {
    let (store, _) = fresh().await;
    add_customer(&store, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    let err = add_customer(&store, &draft("Other AG", "Contoso"), &ctx(), &Actor { user: "A", now: Timestamp(2) })
        .await
        .unwrap_err();
    assert!(matches!(err, AddCustomerError::DomainTaken { ref owner, .. } if owner == "Contoso GmbH"), "{err:?}");
    assert_eq!(store.outbox().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn drafts_survive_reopening_and_are_removed_by_adding_the_customer() {
    let (store, name) = fresh().await;
    let half = CustomerDraft { company_name: "Half filled".into(), ..CustomerDraft::default() };
    store.save_draft(NEW_CUSTOMER_DRAFT, &half).await.unwrap();
    store.close();
    let store = IdbStore::open_with(&name, MIGRATIONS, || ()).await.unwrap();
    assert_eq!(store.draft(NEW_CUSTOMER_DRAFT).await.unwrap(), Some(half));
    add_customer(&store, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    assert_eq!(store.draft(NEW_CUSTOMER_DRAFT).await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn upgrading_a_v1_database_to_the_current_schema_keeps_its_data() {
    let name = format!("test-{}", Uuid::new_v4());
    let v1 = IdbStore::open_with(&name, &MIGRATIONS[..1], || ()).await.unwrap();
    assert_eq!(v1.version(), 1);
    let half = CustomerDraft { company_name: "Kept across the upgrade".into(), ..CustomerDraft::default() };
    v1.save_draft(NEW_CUSTOMER_DRAFT, &half).await.unwrap();
    v1.close();
    let current = IdbStore::open_with(&name, MIGRATIONS, || ()).await.unwrap();
    assert_eq!(current.version(), MIGRATIONS.len() as u32);
    assert_eq!(current.draft(NEW_CUSTOMER_DRAFT).await.unwrap(), Some(half));
    assert_eq!(current.requests().await.unwrap(), vec![]);
    assert_eq!(current.conflicts().await.unwrap(), vec![]);
    assert_eq!(current.referrals().await.unwrap(), vec![]);
    assert_eq!(current.checkpoint().await.unwrap(), None);
    add_customer(&current, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
}

/// A stand-in for a future schema step: adds a store and touches nothing else.
fn next_adds_a_store(db: &indexed_db_futures::database::Database) -> indexed_db_futures::Result<()> {
    use indexed_db_futures::prelude::*;
    db.create_object_store("future_store").build()?;
    Ok(())
}

/// The current schema plus one future step.
static NEXT: &[Migration] = &[
    MIGRATIONS[0],
    MIGRATIONS[1],
    MIGRATIONS[2],
    MIGRATIONS[3],
    MIGRATIONS[4],
    MIGRATIONS[5],
    MIGRATIONS[6],
    MIGRATIONS[7],
    MIGRATIONS[8],
    next_adds_a_store,
];

/// The version of the current schema, and of the "future" one.
const CURRENT: u32 = 9;
const FUTURE: u32 = 10;

#[wasm_bindgen_test]
async fn upgrading_to_a_future_schema_keeps_the_data() {
    let (store, name) = fresh().await;
    let c = add_customer(&store, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    assert_eq!(store.version(), CURRENT);
    store.close();
    let upgraded = IdbStore::open_with(&name, NEXT, || ()).await.unwrap();
    assert_eq!(upgraded.version(), FUTURE);
    assert_eq!(upgraded.customer(c.id).await.unwrap(), Some(c));
    assert_eq!(upgraded.outbox().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn customers_stored_before_the_count_indexes_are_counted_after_the_upgrade() {
    let name = format!("counts-{}", Uuid::new_v4());
    let v7 = IdbStore::open_with(&name, &MIGRATIONS[..7], || ()).await.unwrap();
    let actor = partner_accounts::usecases::Actor { now: Timestamp(2), user: "A" };
    let ended = add_customer(&v7, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    add_customer(&v7, &draft("Fabrikam AG", "fabrikam"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    partner_accounts::usecases::end_relationship(&v7, ended.id, &actor).await.unwrap();
    let third = add_customer(&v7, &draft("Northwind eG", "northwind"), &ctx(), &Actor { user: "A", now: Timestamp(5) })
        .await
        .unwrap();
    let advisor = Customer { relationship: Relationship::Advisor, ..third };
    v7.apply(WriteBatch::of(Op::Update, [Record::Customer(Box::new(advisor))])).await.unwrap();
    let spans = [Timestamp(0)..Timestamp(2), Timestamp(2)..Timestamp(5), Timestamp(5)..Timestamp(6)];
    // Read without the indexes (the database of an older version): the rows are counted.
    let before = v7.customer_counts().await.unwrap();
    assert_eq!((before.all, before.ended, before.listed()), (3, 1, 2));
    assert_eq!(before.by_relationship().collect::<Vec<_>>(), [(Relationship::Reseller, 1), (Relationship::Advisor, 1)]);
    assert_eq!(v7.customers_added(&spans).await.unwrap(), [2, 0, 1]);
    v7.close();
    let current = IdbStore::open_with(&name, MIGRATIONS, || ()).await.unwrap();
    assert_eq!(current.customer_counts().await.unwrap(), before, "the same counts, now from the indexes");
    assert_eq!(current.customers_added(&spans).await.unwrap(), [2, 0, 1], "ended ones included, from the index");
    partner_accounts::usecases::reactivate_relationship(&current, ended.id, &actor).await.unwrap();
    assert_eq!(current.customer_counts().await.unwrap().ended, 0, "a reactivated customer leaves the index");
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function hold_open(name, version) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
export function close_db(db) { db.close(); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn hold_open(name: &str, version: u32) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
    fn close_db(db: &wasm_bindgen::JsValue);
}

#[wasm_bindgen_test]
async fn an_old_connection_that_does_not_close_reports_blocked_instead_of_hanging_silently() {
    let (store, name) = fresh().await;
    store.close();
    // An "old tab": a connection at the current version without a versionchange handler: it never closes.
    let old = hold_open(&name, CURRENT).await.unwrap();
    let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = blocked.clone();
    let upgrading = IdbStore::open_with(&name, NEXT, move || seen.set(true));
    let closer = async {
        // Give the browser time to fire `blocked`, then let the old tab go.
        gloo_timers::future::TimeoutFuture::new(300).await;
        assert!(blocked.get(), "the upgrade should report being blocked");
        close_db(&old);
    };
    let (opened, ()) = futures::join!(upgrading, closer);
    assert_eq!(opened.unwrap().version(), FUTURE);
}

#[wasm_bindgen_test]
async fn an_open_store_gives_way_to_an_upgrade_from_another_tab_and_says_so() {
    let (store, name) = fresh().await;
    let outdated = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = outdated.clone();
    store.on_version_change(move || seen.set(true));
    add_customer(&store, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    // "Another tab" with a newer schema: it opens without being blocked because the store closes.
    let newer = hold_open(&name, FUTURE).await.expect("the newer version is not blocked");
    assert!(outdated.get());
    // What this tab still tries says that a newer version is open, not the browser's words.
    assert_eq!(store.customer_counts().await.map(|c| c.all), Err(StoreError::NewerVersion));
    let again =
        add_customer(&store, &draft("Fabrikam AG", "fabrikam"), &ctx(), &Actor { user: "A", now: Timestamp(2) }).await;
    assert!(matches!(again, Err(AddCustomerError::Store(StoreError::NewerVersion))), "{:?}", again.map(|c| c.id));
    // Reopened at this version (a reload into the old version) it says the same, never "private window".
    close_db(&newer);
    assert_eq!(IdbStore::open_with(&name, MIGRATIONS, || ()).await.err(), Some(StoreError::NewerVersion));
    // The newer version finds the data.
    let reopened = IdbStore::open_with(&name, NEXT, || ()).await.unwrap();
    assert_eq!(reopened.customer_counts().await.unwrap().all, 1);
}

#[wasm_bindgen_test]
async fn the_list_reads_its_first_screen_by_name_and_every_row_in_chunks() {
    use partner_accounts::domain::customer_index::Sort;
    let (store, name) = fresh().await;
    for (company, prefix) in
        [("Kunde 10 GmbH", "k10"), ("Kunde 2 GmbH", "k2"), ("Ärzte AG", "aerzte"), ("Zander", "zander")]
    {
        add_customer(&store, &draft(company, prefix), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
    }
    let first = store.first_rows(Sort::default(), 3).await.unwrap().expect("a name index");
    let names: Vec<&str> = first.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ärzte AG", "Kunde 2 GmbH", "Kunde 10 GmbH"]);
    let descending = store.first_rows(Sort::from_param("-name"), 1).await.unwrap().unwrap();
    assert_eq!(descending[0].name, "Zander");
    let a = store.list_rows(None, 3).await.unwrap();
    let b = store.list_rows(Some(a[2].id), 3).await.unwrap();
    assert_eq!((a.len(), b.len()), (3, 1));
    let some = store.list_rows_of(&[a[0].id, Uuid::new_v4()]).await.unwrap();
    assert_eq!(some, vec![a[0].clone()]);
    // A database made before the name index (schema v6) gets it, and its customers their rows, on upgrade.
    let old = format!("{name}-v6");
    let v6 = IdbStore::open_with(&old, &MIGRATIONS[..6], || ()).await.unwrap();
    add_customer(&v6, &draft("Kunde 3 GmbH", "k3"), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
    v6.close();
    let upgraded = IdbStore::open_with(&old, MIGRATIONS, || ()).await.unwrap();
    let rows = upgraded.first_rows(Sort::default(), 5).await.unwrap().expect("the index after the upgrade");
    assert_eq!(rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Kunde 3 GmbH"]);
}

#[wasm_bindgen_test]
async fn the_log_reads_a_page_at_a_time_newest_first_and_counts_without_reading() {
    use partner_accounts::domain::activity::{Action, ActivityEntry, ActivityQuery};
    let (store, _) = fresh().await;
    let query = ActivityQuery {
        from: time::macros::date!(2026 - 11 - 25),
        to: time::macros::date!(2026 - 11 - 26),
        customer: None,
        utc_offset_minutes: 60,
    };
    let (first, last) = query.span();
    let customer = Uuid::from_u128(7);
    // 250 entries in three milliseconds (a bulk action writes many in one), and one on each side of the range.
    let at = |i: u128| Timestamp(first.0 + 1000 + (i % 3) as i64);
    let entry = |id: u128, at: Timestamp| ActivityEntry {
        id: Uuid::from_u128(id),
        at,
        customer_id: Some(if id % 50 == 0 { customer } else { Uuid::from_u128(8) }),
        customer_name: "C".into(),
        action: Action::TagsAdded,
        user: "U".into(),
        detail: String::new(),
        typed: None,
    };
    let mut activity: Vec<ActivityEntry> = (1..=250).map(|i| entry(i, at(i))).collect();
    activity.push(entry(1000, Timestamp(first.0 - 1)));
    activity.push(entry(1001, Timestamp(last.0 + 1)));
    store.apply(WriteBatch::of(Op::Create, activity.into_iter().map(Record::Activity))).await.unwrap();

    assert_eq!(store.count_activity(&query).await.unwrap(), 250);
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.activity_page(&query, after, 40).await.unwrap();
        seen.extend(page.iter().map(|e| (e.at, e.id)));
        match page.last() {
            Some(last) if page.len() == 40 => after = Some(last.position()),
            _ => break,
        }
    }
    let mut expected: Vec<_> = (1..=250).map(|i| (at(i), Uuid::from_u128(i))).collect();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, expected, "every entry once, newest first");

    let one = ActivityQuery { customer: Some(customer), ..query };
    assert_eq!(store.count_activity(&one).await.unwrap(), 5);
    let page = store.activity_page(&one, None, 3).await.unwrap();
    assert_eq!(page.iter().map(|e| e.id.as_u128()).collect::<Vec<_>>(), vec![200, 50, 250]);
}

#[wasm_bindgen_test]
async fn every_customer_is_read_whole_in_chunks_without_missing_or_repeating_one() {
    use partner_accounts::domain::csv_import::Planned;
    use partner_accounts::usecases::{import_batch, Actor, ImportRecord};
    let (store, _) = fresh().await;
    let actor = Actor { user: "A", now: Timestamp(1) };
    let customer = |i: usize| {
        draft(&format!("Kunde {i} GmbH"), &format!("k{i}")).to_customer(&ctx(), Uuid::new_v4(), Timestamp(1))
    };
    // Two whole chunks (the read must stop after an empty one), then one customer more (a short last chunk).
    let rows: Vec<Planned> = (0..2_000).map(|i| Planned::Create(customer(i).unwrap())).collect();
    import_batch(&store, &rows, &mut ImportRecord::default(), &actor).await.unwrap();
    let mut expected: Vec<Uuid> = rows
        .iter()
        .map(|r| match r {
            Planned::Create(c) => c.id,
            _ => unreachable!(),
        })
        .collect();
    expected.sort_by_key(|id| id.to_string());
    let read: Vec<Uuid> = store.customers().await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(read, expected);
    let one_more = customer(2_000).unwrap();
    import_batch(&store, &[Planned::Create(one_more.clone())], &mut ImportRecord::default(), &actor).await.unwrap();
    let all = store.customers().await.unwrap();
    assert_eq!(all.len(), 2_001);
    assert_eq!(all.iter().find(|c| c.id == one_more.id), Some(&one_more), "read back exactly as written");
}

#[wasm_bindgen_test]
async fn customers_written_together_each_read_back_with_their_own_texts() {
    use partner_accounts::domain::csv_import::Planned;
    use partner_accounts::usecases::{import_batch, Actor, ImportRecord};
    let (store, _) = fresh().await;
    // Texts that JSON escapes (quotes, a backslash, a control character, a line separator), letters outside
    // ASCII, and an empty one: each record of the batch must get its own customer back, not its neighbour's.
    let names =
        ["Ärzte \"Süd\" GmbH", "Back\\slash AG", "Tab\tund\u{1}Steuer KG", "Zeile\u{2028}Trenner", "😀 Emoji SE"];
    let rows: Vec<Planned> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut c =
                draft("Kunde GmbH", &format!("k{i}")).to_customer(&ctx(), Uuid::new_v4(), Timestamp(1)).unwrap();
            c.company.company_name = name.to_string();
            c.billing.default_address.line2 = if i % 2 == 0 { String::new() } else { format!("Hinterhaus {name}") };
            Planned::Create(c)
        })
        .collect();
    import_batch(&store, &rows, &mut ImportRecord::default(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
    for row in &rows {
        let Planned::Create(c) = row else { unreachable!() };
        assert_eq!(store.customer(c.id).await.unwrap().as_ref(), Some(c), "{}", c.company.company_name);
    }
    let listed = list_chunk(&store, None, 100).await.unwrap();
    let mut names_listed: Vec<&str> = listed.iter().map(|r| r.name.as_str()).collect();
    names_listed.sort_unstable();
    let mut expected = names.to_vec();
    expected.sort_unstable();
    assert_eq!(names_listed, expected);
}
