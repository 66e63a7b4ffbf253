//! The sync engine over the real IndexedDB store in headless Chromium, with the scripted remote: what one
//! device pushes arrives on another, a lost answer duplicates nothing, an interrupted pull resumes at its
//! checkpoint, and a conflict waits in IndexedDB until the user settles it.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{ctx, draft, fresh};
use partner_accounts::domain::csv_import::Planned;
use partner_accounts::domain::draft::CustomerDraft;
use partner_accounts::domain::timestamp::Timestamp;
use partner_accounts::store::idb::IdbStore;
use partner_accounts::store::Store;
use partner_accounts::sync::apply::{apply_page, Page, Prepared};
use partner_accounts::sync::doc::{DocId, Kind};
use partner_accounts::sync::engine::{sync, Round, SyncError, SyncReport};
use partner_accounts::sync::held::{ids_of_kind, Reason};
use partner_accounts::sync::local::{LocalError, SyncStore};
use partner_accounts::sync::memory_remote::{Fault, MemoryRemote};
use partner_accounts::sync::settings::SyncSettings;
use partner_accounts::usecases::{
    add_customer, add_tags, edit_customer, ignore_kind, import_batch, resolve_conflict, Actor, Choice, ImportRecord,
};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ACTOR: Actor<'static> = Actor { user: "Test", now: Timestamp(1_000) };

async fn run(store: &IdbStore, remote: &MemoryRemote, device: &str) -> Result<SyncReport, SyncError> {
    sync(
        store,
        &remote.client(device),
        Round { epoch: store.epoch().await?, ..Round::default() },
        || Timestamp(2_000),
        |_| {},
    )
    .await
}

async fn rename(store: &IdbStore, id: Uuid, name: &str) {
    let opened = CustomerDraft::from_customer(&store.customer(id).await.unwrap().unwrap());
    let form = CustomerDraft { company_name: name.into(), ..opened.clone() };
    edit_customer(store, id, &opened, &form, &ctx(), &Actor { user: "Test", now: Timestamp(20) }).await.unwrap();
}

/// Imports `n` customers (one import, no activity entry); returns their ids.
async fn import_n(store: &IdbStore, n: usize) -> Vec<Uuid> {
    let customers: Vec<_> = (0..n)
        .map(|i| draft("Contoso", &format!("c{i}")).to_customer(&ctx(), Uuid::new_v4(), Timestamp(1)).unwrap())
        .collect();
    let ids = customers.iter().map(|c| c.id).collect();
    let rows: Vec<Planned> = customers.into_iter().map(Planned::Create).collect();
    import_batch(store, &rows, &mut ImportRecord::default(), &ACTOR).await.unwrap();
    ids
}

#[wasm_bindgen_test]
async fn a_customer_travels_between_two_databases_and_a_lost_answer_duplicates_nothing() {
    let ((a, _), (b, _), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    let c = add_customer(&a, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    remote.fail_next(&[Fault::LoseAnswer]);
    assert!(run(&a, &remote, "a").await.is_err());
    assert_eq!(a.pending_count().await.unwrap(), 2);
    let writes = remote.writes();
    run(&a, &remote, "a").await.unwrap();
    assert_eq!((remote.writes(), a.pending_count().await.unwrap()), (writes, 0));
    run(&b, &remote, "b").await.unwrap();
    assert_eq!(b.customer(c.id).await.unwrap(), Some(c.clone()));
    assert_eq!(b.activity(Some(c.id)).await.unwrap().len(), 1);
    assert_eq!(b.pending_count().await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn an_interrupted_first_pull_keeps_its_pages_and_resumes_after_them() {
    let ((a, _), (b, b_name), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    import_n(&a, 300).await;
    run(&a, &remote, "a").await.unwrap();
    // B's second page is lost ("the tab closed"); the first page and its checkpoint stay committed.
    remote.fail_next(&[Fault::Pass, Fault::Fail]);
    assert!(run(&b, &remote, "b").await.is_err());
    assert_eq!(b.customer_counts().await.unwrap().all, 250);
    let resumed = run(&b, &remote, "b").await.unwrap();
    assert_eq!((resumed.pulled, b.customer_counts().await.unwrap().all), (50, 300));
    // Reopen the database: the checkpoint is there, and a new sync pulls nothing again.
    b.close();
    let b = IdbStore::open_with(&b_name, partner_accounts::store::idb::MIGRATIONS, || ()).await.unwrap();
    assert!(b.checkpoint().await.unwrap().is_some());
    let again = run(&b, &remote, "b").await.unwrap();
    assert_eq!(again.pulled, 0);
}

#[wasm_bindgen_test]
async fn different_fields_merge_and_the_same_field_waits_for_the_user_in_indexeddb() {
    let ((a, _), (b, _), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    let c = add_customer(&a, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    run(&a, &remote, "a").await.unwrap();
    run(&b, &remote, "b").await.unwrap();
    add_tags(&a, &[c.id], &["VIP".into()], &ACTOR).await.unwrap();
    rename(&b, c.id, "Contoso Süd GmbH").await;
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(run(&b, &remote, "b").await.unwrap().conflicts, 0);
    run(&a, &remote, "a").await.unwrap();
    for store in [&a, &b] {
        let got = store.customer(c.id).await.unwrap().unwrap();
        assert_eq!((got.company.company_name.as_str(), got.tags.contains(&"VIP".into())), ("Contoso Süd GmbH", true));
    }
    rename(&a, c.id, "Contoso Nord GmbH").await;
    rename(&b, c.id, "Contoso West GmbH").await;
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(run(&b, &remote, "b").await.unwrap().conflicts, 1);
    let conflict = b.conflicts().await.unwrap().remove(0);
    assert_eq!(conflict.label, "Contoso Nord GmbH");
    assert_eq!(
        b.pending_docs(10, None, &Default::default())
            .await
            .unwrap()
            .docs
            .iter()
            .filter(|d| d.id.kind == Kind::Customer)
            .count(),
        0
    );
    let choices: Vec<_> = conflict.fields.iter().map(|f| (f.path.clone(), Choice::Theirs)).collect();
    resolve_conflict(&b, DocId::new(Kind::Customer, c.id), &choices, &ctx(), &ACTOR).await.unwrap();
    assert!(b.conflicts().await.unwrap().is_empty());
    run(&b, &remote, "b").await.unwrap();
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(a.customer(c.id).await.unwrap(), b.customer(c.id).await.unwrap());
    assert_eq!(b.customer(c.id).await.unwrap().unwrap().company.company_name, "Contoso Nord GmbH");
}

#[wasm_bindgen_test]
async fn a_pulled_customer_whose_domain_is_taken_here_is_set_aside_with_the_reason() {
    let ((a, _), (b, _), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    // Both devices add "contoso" offline: two customers, one domain.
    let mine = add_customer(&a, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    let theirs = add_customer(&b, &draft("Contoso AG", "contoso"), &ctx(), &Actor { user: "B", now: Timestamp(2) })
        .await
        .unwrap();
    run(&a, &remote, "a").await.unwrap();
    let report = run(&b, &remote, "b").await.unwrap();
    assert_eq!(report.set_aside, 1, "{report:?}");
    let held = b.set_aside().await.unwrap();
    assert_eq!(
        held[0].reason,
        Reason::DomainTaken { domain: "contoso.onmicrosoft.com".into(), owner: "Contoso AG".into() }
    );
    assert_eq!(b.customer(mine.id).await.unwrap(), None);
    assert_eq!(b.customer(theirs.id).await.unwrap(), Some(theirs.clone()), "the local customer is untouched");
    // The rest of the page still arrived (A's activity entry), and B's own customer went out.
    assert_eq!(b.activity(None).await.unwrap().len(), 2);
    assert!(remote.doc(DocId::new(Kind::Customer, theirs.id)).is_some());
}

#[wasm_bindgen_test]
async fn conflict_branches_merge_in_indexeddb_and_what_cant_be_taken_is_kept_set_aside_across_syncs() {
    let ((a, _), remote) = (fresh().await, MemoryRemote::default());
    let c = add_customer(&a, &draft("Contoso GmbH", "contoso"), &ctx(), &Actor { user: "A", now: Timestamp(1) })
        .await
        .unwrap();
    run(&a, &remote, "a").await.unwrap();
    let id = DocId::new(Kind::Customer, c.id);
    let agreed = remote.doc(id).unwrap();
    // This device renames and pushes; a peer replicates a concurrent city change on the same revision.
    rename(&a, c.id, "Contoso Nord GmbH").await;
    run(&a, &remote, "a").await.unwrap();
    let mut peer = agreed.data.clone().unwrap();
    peer["billing"]["default_address"]["city"] = serde_json::json!("Hamburg");
    remote.replicate(id, Some(&agreed.rev), "2-ffffffffffffffffffffffffffffffff", Some(peer));
    remote.put_foreign(serde_json::json!({"_id": "invoice:1", "_rev": "1-a", "kind": "invoice", "data": {}}));
    let report = run(&a, &remote, "a").await.unwrap();
    assert_eq!((report.merged_branches, report.set_aside), (1, 1), "{report:?}");
    assert_eq!(remote.live_leaves(id), 1);
    let merged = remote.doc(id).unwrap().data.unwrap();
    assert_eq!(merged["company"]["company_name"], "Contoso Nord GmbH");
    assert_eq!(merged["billing"]["default_address"]["city"], "Hamburg");
    let here = a.customer(c.id).await.unwrap().unwrap();
    assert_eq!(
        (here.company.company_name.as_str(), here.billing.default_address.city.as_str()),
        ("Contoso Nord GmbH", "Hamburg")
    );
    assert_eq!(a.pending_count().await.unwrap(), 0);
    let log = a.activity(Some(c.id)).await.unwrap();
    assert!(log.iter().any(|e| e.action == partner_accounts::domain::activity::Action::ConcurrentChangeMerged));
    // Still set aside after another sync, until dismissed.
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(a.set_aside().await.unwrap().len(), 1);
    a.dismiss(&["invoice:1".to_string()]).await.unwrap();
    assert!(a.set_aside().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_long_push_settles_every_change_but_those_of_a_document_waiting_for_the_user() {
    let ((a, _), (b, _), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    let rows: Vec<Planned> = (0..300)
        .map(|i| {
            Planned::Create(
                draft("Contoso", &format!("c{i}")).to_customer(&ctx(), Uuid::new_v4(), Timestamp(1)).unwrap(),
            )
        })
        .collect();
    let ids: Vec<Uuid> =
        rows.iter().filter_map(|r| if let Planned::Create(c) = r { Some(c.id) } else { None }).collect();
    import_batch(&a, &rows, &mut ImportRecord::default(), &ACTOR).await.unwrap();
    run(&a, &remote, "a").await.unwrap();
    run(&b, &remote, "b").await.unwrap();
    // The 101st customer is renamed on both devices: on B it waits for the user.
    rename(&a, ids[100], "Contoso Nord").await;
    rename(&b, ids[100], "Contoso West").await;
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(run(&b, &remote, "b").await.unwrap().conflicts, 1);
    // B tags all 300: the waiting customer's change sits between changes pushed in two batches.
    add_tags(&b, &ids, &["VIP".into()], &ACTOR).await.unwrap();
    run(&b, &remote, "b").await.unwrap();
    assert_eq!(b.pending_count().await.unwrap(), 2, "its rename and its tag wait, nothing else");
    run(&a, &remote, "a").await.unwrap();
    let tagged = |store: Vec<partner_accounts::domain::customer::Customer>| {
        store.iter().filter(|c| c.tags.contains(&"VIP".into())).count()
    };
    assert_eq!(tagged(a.customers().await.unwrap()), 299);
    let conflict = b.conflicts().await.unwrap().remove(0);
    let choices: Vec<_> = conflict.fields.iter().map(|f| (f.path.clone(), Choice::Mine)).collect();
    resolve_conflict(&b, DocId::new(Kind::Customer, ids[100]), &choices, &ctx(), &ACTOR).await.unwrap();
    run(&b, &remote, "b").await.unwrap();
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(b.pending_count().await.unwrap(), 0);
    assert_eq!(tagged(a.customers().await.unwrap()), 300);
    assert_eq!(a.customer(ids[100]).await.unwrap().unwrap().company.company_name, "Contoso West");
}

#[wasm_bindgen_test]
async fn a_pulled_customer_keeps_its_revision_and_base_through_an_edit_a_forgotten_revision_and_a_restart() {
    let ((a, _), (b, _), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    let mut ids = Vec::new();
    for (name, prefix) in [("Contoso GmbH", "contoso"), ("Fabrikam AG", "fabrikam"), ("Tailspin KG", "tailspin")] {
        ids.push(
            add_customer(&a, &draft(name, prefix), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap().id,
        );
    }
    run(&a, &remote, "a").await.unwrap();
    // B's first sync takes each customer as the remote has it (its revision inside the record).
    run(&b, &remote, "b").await.unwrap();
    let docs: Vec<DocId> = ids.iter().map(|id| DocId::new(Kind::Customer, *id)).collect();
    let pushed = a.known_revs(&docs).await.unwrap();
    assert!(pushed.iter().all(Option::is_some));
    assert_eq!(b.known_revs(&docs).await.unwrap(), pushed);
    // An edit here is pushed on that revision, with the pulled content as the base of a three-way merge.
    rename(&b, ids[0], "Contoso Süd GmbH").await;
    let pending = b.pending_docs(10, None, &Default::default()).await.unwrap();
    let edited = pending.docs.iter().find(|d| d.id == docs[0]).expect("the edit waits to be pushed");
    let state = edited.state.clone().expect("the pulled revision");
    assert_eq!(Some(state.rev.clone()), pushed[0]);
    assert_eq!(state.base.as_ref().and_then(|b| b.pointer("/company/company_name")), Some(&"Contoso GmbH".into()));
    // Meanwhile A changes the same customer's tags: both changes arrive everywhere.
    add_tags(&a, &[ids[0]], &["VIP".into()], &ACTOR).await.unwrap();
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(run(&b, &remote, "b").await.unwrap().conflicts, 0);
    run(&a, &remote, "a").await.unwrap();
    for store in [&a, &b] {
        let got = store.customer(ids[0]).await.unwrap().unwrap();
        assert_eq!((got.company.company_name.as_str(), got.tags.contains(&"VIP".into())), ("Contoso Süd GmbH", true));
    }
    // A forgotten revision stays forgotten although the record still carries one.
    b.forget_revs(&docs[1..2]).await.unwrap();
    assert_eq!(b.known_revs(&docs[1..2]).await.unwrap(), vec![None]);
    assert_eq!(b.known_revs(&docs[2..3]).await.unwrap(), pushed[2..3]);
    // Starting over forgets every revision, those inside records too.
    b.restart_sync(Timestamp(3_000)).await.unwrap();
    assert_eq!(b.known_revs(&docs).await.unwrap(), vec![None, None, None]);
}

#[wasm_bindgen_test]
async fn starting_over_queues_every_record_once_and_keeps_the_changes_already_waiting() {
    let ((a, _), remote) = (fresh().await, MemoryRemote::default());
    // More than two tasks' worth: the transaction stays open while the page paints between them.
    let ids = import_n(&a, 2_500).await;
    run(&a, &remote, "a").await.unwrap();
    assert_eq!(a.pending_count().await.unwrap(), 0);
    // One change waits (the rename and its activity entry) when sync starts over.
    rename(&a, ids[0], "Contoso Nord GmbH").await;
    let waiting = a.pending_count().await.unwrap();
    assert_eq!(waiting, 2);
    a.restart_sync(Timestamp(3_000)).await.unwrap();
    // Each of the 2,499 customers not waiting gets one entry; the renamed one and the activity entry keep theirs.
    assert_eq!(a.pending_count().await.unwrap(), waiting + 2_499);
    let pending = a.pending_docs(10_000, None, &Default::default()).await.unwrap();
    let customers: Vec<Uuid> = pending.docs.iter().filter(|d| d.id.kind == Kind::Customer).map(|d| d.id.id).collect();
    let mut expected = ids.clone();
    expected.sort();
    let mut got = customers.clone();
    got.sort();
    assert_eq!(got, expected, "every customer waits once");
    let renamed = pending.docs.iter().find(|d| d.id.id == ids[0]).unwrap();
    assert_eq!(renamed.mutations.len(), 1, "the rename's own entry, not a second one");
}

#[wasm_bindgen_test]
async fn starting_over_with_more_changes_waiting_than_one_read_takes_queues_none_twice() {
    let (a, _) = fresh().await;
    // 1,200 customers imported and never pushed: the outbox is read in windows of 1,000 entries.
    import_n(&a, 1_200).await;
    assert_eq!(a.pending_count().await.unwrap(), 1_200);
    a.restart_sync(Timestamp(3_000)).await.unwrap();
    assert_eq!(a.pending_count().await.unwrap(), 1_200, "every customer already waited");
}

#[wasm_bindgen_test]
async fn a_page_pulled_before_sync_started_over_is_refused_and_writes_nothing() {
    let ((a, _), (b, _), remote) = (fresh().await, fresh().await, MemoryRemote::default());
    import_n(&a, 300).await;
    run(&a, &remote, "a").await.unwrap();
    // B's round read its epoch, then another remote was saved (in this tab or another): the page the old
    // remote sent arrives after the start over.
    let stale = b.epoch().await.unwrap();
    assert_eq!(b.restart_sync(Timestamp(3_000)).await.unwrap(), stale + 1);
    let docs = remote.live_docs();
    let checkpoint = serde_json::json!({ "seq": 600 });
    let page = Page { docs: &docs, unusable: &[], checkpoint: Some(&checkpoint), epoch: stale, now: Timestamp(2_000) };
    let refused = apply_page(&b, page, &|_| false, Prepared::default()).await.err();
    assert_eq!(refused, Some(LocalError::StartedOver));
    assert_eq!(b.customer_counts().await.unwrap().all, 0, "nothing of the old remote's page was stored");
    assert_eq!(b.checkpoint().await.unwrap(), None, "nor its checkpoint");
    // A whole round of the old epoch stops at its first read; one of the new epoch syncs.
    assert_eq!(
        sync(&b, &remote.client("b"), Round { epoch: stale, ..Round::default() }, || Timestamp(2_000), |_| {})
            .await
            .err(),
        Some(SyncError::Local(LocalError::StartedOver))
    );
    run(&b, &remote, "b").await.unwrap();
    assert_eq!(b.customer_counts().await.unwrap().all, 300);
}

#[wasm_bindgen_test]
async fn a_kind_ignored_forgets_thousands_set_aside_and_the_next_of_its_kind_is_not_set_aside() {
    let ((b, _), remote) = (fresh().await, MemoryRemote::default());
    let settings = SyncSettings { url: "https://x.de".into(), database: "shared".into(), ..SyncSettings::default() };
    b.save_sync_settings(&settings, None, Timestamp(1)).await.unwrap();
    // Another tool's 2,500 invoices (three windows of deletes) and one note.
    (0..2_500).for_each(|i| remote.put_other_kind(&format!("invoice:{i}")));
    remote.put_other_kind("note:1");
    assert_eq!(run(&b, &remote, "b").await.unwrap().set_aside, 2_501);
    let invoices = ids_of_kind(b.set_aside().await.unwrap(), "invoice");
    let saved = ignore_kind(&b, "invoice", &invoices).await.unwrap().unwrap();
    assert_eq!(saved.ignored_kinds, ["invoice"]);
    let left: Vec<String> = b.set_aside().await.unwrap().into_iter().map(|h| h.id).collect();
    assert_eq!(left, ["note:1"]);
    assert_eq!(b.sync_settings().await.unwrap().unwrap().0, saved);
    // The settings saved again by a form that read them before the kind was ignored: it stays ignored.
    let stale = SyncSettings { live: true, ..settings.clone() };
    let resaved = b.save_sync_settings(&stale, None, Timestamp(3)).await.unwrap();
    assert_eq!((resaved.live, resaved.ignored_kinds.as_slice()), (true, ["invoice".to_string()].as_slice()));
    assert_eq!(b.sync_settings().await.unwrap().unwrap().0, resaved);
    // As the runner does, the next round ignores the kind the settings name.
    remote.put_other_kind("invoice:new");
    let round = Round { epoch: b.epoch().await.unwrap(), ignored_kinds: saved.ignored_kinds };
    let report = sync(&b, &remote.client("b"), round, || Timestamp(2_000), |_| {}).await.unwrap();
    assert_eq!(report.set_aside, 0);
    assert_eq!(b.waiting().await.unwrap().set_aside, 1);
}
