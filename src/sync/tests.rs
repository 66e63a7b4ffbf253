//! The engine's rules, each a test: two devices (in-memory stores) and one scripted remote with CouchDB's
//! rules, with lost answers and failures on demand.

use futures::executor::block_on;
use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::doc::{DocId, Kind};
use super::engine::{sync, Round, SyncReport, PUSH_BATCH};
use super::memory_remote::{Fault, MemoryRemote};
use crate::domain::activity::Action;
use crate::domain::csv_import::Planned;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::domain::fixtures::{ctx, valid_draft};
use crate::domain::timestamp::Timestamp;
use crate::store::memory::MemoryStore;
use crate::store::Store;
use crate::store::WriteBatch;
use crate::sync::held::Reason;
use crate::sync::local::SyncStore;
use crate::usecases::{
    add_customer, add_tags, edit_customer, import_batch, resolve_conflict, settle_all, undo_import, waiting_conflicts,
    Actor, Choice, ImportRecord, SettledAll, Side,
};

const ACTOR: Actor<'static> = Actor { user: "Test", now: Timestamp(1_000) };

fn now() -> Timestamp {
    Timestamp(2_000)
}

async fn run(store: &MemoryStore, remote: &MemoryRemote, device: &str) -> Result<SyncReport, super::engine::SyncError> {
    sync(store, &remote.client(device), Round { epoch: store.epoch().await.unwrap(), ..Round::default() }, now, |_| {})
        .await
}

async fn add(store: &MemoryStore, prefix: &str, name: &str) -> Customer {
    let draft = CustomerDraft { domain_prefix: prefix.into(), company_name: name.into(), ..valid_draft() };
    add_customer(store, &draft, &ctx(), &Actor { user: "Test", now: Timestamp(10) }).await.unwrap()
}

async fn edit(store: &MemoryStore, id: Uuid, change: impl FnOnce(&mut CustomerDraft)) {
    let opened = CustomerDraft::from_customer(&store.customer(id).await.unwrap().unwrap());
    let mut form = opened.clone();
    change(&mut form);
    edit_customer(store, id, &opened, &form, &ctx(), &Actor { user: "Test", now: Timestamp(20) }).await.unwrap();
}

fn customer_doc(remote: &MemoryRemote, id: Uuid) -> Option<serde_json::Value> {
    remote.doc(DocId::new(Kind::Customer, id)).and_then(|d| d.data)
}

#[test]
fn a_customer_added_on_one_device_arrives_on_the_other_with_its_activity() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a, "contoso", "Contoso GmbH").await;
        let report = run(&a, &remote, "a").await.unwrap();
        assert_eq!(report.pushed, 2, "the customer and its activity entry");
        assert_eq!(a.pending_count().await.unwrap(), 0);
        assert_eq!(customer_doc(&remote, c.id).unwrap()["company"]["company_name"], "Contoso GmbH");
        run(&b, &remote, "b").await.unwrap();
        assert_eq!(b.customer(c.id).await.unwrap(), Some(c.clone()));
        assert_eq!(b.activity(Some(c.id)).await.unwrap().len(), 1);
        assert_eq!(b.pending_count().await.unwrap(), 0, "pulled records are not pushed back");
    });
}

#[test]
fn a_push_retried_after_a_lost_answer_does_not_duplicate() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a, "contoso", "Contoso GmbH").await;
        remote.fail_next(&[Fault::LoseAnswer]);
        assert!(run(&a, &remote, "a").await.is_err());
        assert_eq!(a.pending_count().await.unwrap(), 2, "nothing is settled without an answer");
        let writes_before = remote.writes();
        run(&a, &remote, "a").await.unwrap();
        assert_eq!(remote.writes(), writes_before, "the retry recognised its own versions");
        assert_eq!(a.pending_count().await.unwrap(), 0);
        assert_eq!(remote.live_docs().len(), 2);
        assert!(a.conflicts().await.unwrap().is_empty());
        edit(&a, c.id, |f| f.city = "Köln".into()).await;
        run(&a, &remote, "a").await.unwrap();
        assert_eq!(customer_doc(&remote, c.id).unwrap()["billing"]["default_address"]["city"], "Köln");
    });
}

#[test]
fn pull_is_paged_and_an_interrupted_pull_resumes_at_its_checkpoint() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        import_n(&a, 600).await;
        run(&a, &remote, "a").await.unwrap();
        // Page 1 commits, page 2's request fails ("the tab was closed").
        remote.fail_next(&[Fault::Pass, Fault::Fail]);
        let mut pages = 0;
        assert!(sync(&b, &remote.client("b"), Round::default(), now, |_| pages += 1).await.is_err());
        assert_eq!((pages, b.customer_counts().await.unwrap().all), (1, 250));
        let mut seen = Vec::new();
        sync(&b, &remote.client("b"), Round::default(), now, |p| seen.push(p.pulled)).await.unwrap();
        assert_eq!(b.customer_counts().await.unwrap().all, 600);
        assert_eq!(seen.last().copied(), Some(350), "the second sync pulled only what was left");
    });
}

/// Customers [`many_pushed`] imports: their edits and activity entries fill two push batches and 20 more.
const MANY: usize = PUSH_BATCH + 10;

/// [`MANY`] customers imported on A: their pushes go out in batches of [`PUSH_BATCH`], each read and
/// acknowledged while the next is on the wire.
async fn many_pushed(a: &MemoryStore, remote: &MemoryRemote) -> Vec<Uuid> {
    let ids = import_n(a, MANY).await;
    let report = run(a, remote, "a").await.unwrap();
    assert_eq!(report.pushed, MANY);
    ids
}

/// Imports `n` valid customers (domains `c0`, `c1`, …) into `store`; returns their ids.
async fn import_n(store: &MemoryStore, n: usize) -> Vec<Uuid> {
    let customers: Vec<Customer> = (0..n)
        .map(|i| {
            let draft = CustomerDraft { domain_prefix: format!("c{i}"), ..valid_draft() };
            draft.to_customer(&ctx(), Uuid::new_v4(), Timestamp(1)).unwrap()
        })
        .collect();
    let ids = customers.iter().map(|c| c.id).collect();
    let rows: Vec<Planned> = customers.into_iter().map(Planned::Create).collect();
    import_batch(store, &rows, &mut ImportRecord::default(), &ACTOR).await.unwrap();
    ids
}

#[test]
fn a_long_outbox_is_pushed_batch_after_batch_and_a_conflict_midway_is_merged() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let ids = many_pushed(&a, &remote).await;
        run(&b, &remote, "b").await.unwrap();
        // B renames a customer whose change A pushes in its second batch (A's changes, each customer's
        // followed by its activity entry, go out as PUSH_BATCH + PUSH_BATCH + 20); A changes every city.
        let renamed = PUSH_BATCH * 4 / 5;
        edit(&b, ids[renamed], |f| f.company_name = "Umbenannt GmbH".into()).await;
        run(&b, &remote, "b").await.unwrap();
        for id in &ids {
            edit(&a, *id, |f| f.city = "Köln".into()).await;
        }
        let writes = remote.writes();
        let report = run(&a, &remote, "a").await.unwrap();
        assert_eq!(a.pending_count().await.unwrap(), 0);
        assert!(a.conflicts().await.unwrap().is_empty());
        assert_eq!(report.merged_branches + report.conflicts, 0);
        for id in &ids {
            let doc = customer_doc(&remote, *id).unwrap();
            assert_eq!(doc["billing"]["default_address"]["city"], "Köln");
        }
        assert_eq!(customer_doc(&remote, ids[renamed]).unwrap()["company"]["company_name"], "Umbenannt GmbH");
        assert_eq!(a.customer(ids[renamed]).await.unwrap().unwrap().company.company_name, "Umbenannt GmbH");
        // Every edit and its activity entry, each written once (the conflicting one as the merge).
        assert_eq!((remote.writes() - writes) as usize, 2 * MANY);
    });
}

#[test]
fn an_answer_lost_midway_through_a_long_push_settles_what_was_answered_and_sends_nothing_twice() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let ids = many_pushed(&a, &remote).await;
        for id in &ids {
            edit(&a, *id, |f| f.city = "Köln".into()).await;
        }
        let writes = remote.writes();
        remote.fail_next(&[Fault::Pass, Fault::LoseAnswer]);
        assert!(run(&a, &remote, "a").await.is_err());
        assert_eq!(
            a.pending_count().await.unwrap() as usize,
            2 * MANY - PUSH_BATCH,
            "the first batch, answered, is settled"
        );
        run(&a, &remote, "a").await.unwrap();
        assert_eq!(a.pending_count().await.unwrap(), 0);
        assert!(a.conflicts().await.unwrap().is_empty());
        assert_eq!(
            (remote.writes() - writes) as usize,
            2 * MANY,
            "the batch whose answer was lost was recognised, not written again"
        );
    });
}

#[test]
fn deletes_travel_as_tombstones() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = valid_draft().to_customer(&ctx(), Uuid::new_v4(), Timestamp(1)).unwrap();
        let mut record = ImportRecord::default();
        import_batch(&a, &[Planned::Create(c.clone())], &mut record, &ACTOR).await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        assert!(b.customer(c.id).await.unwrap().is_some());
        undo_import(&a, &record, &ACTOR, |_| {}).await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        let tombstone = remote.doc(DocId::new(Kind::Customer, c.id)).unwrap();
        assert!(tombstone.deleted());
        run(&b, &remote, "b").await.unwrap();
        assert_eq!(b.customer(c.id).await.unwrap(), None);
    });
}

#[test]
fn different_fields_merge_silently_and_the_same_field_waits_for_the_user() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a, "contoso", "Contoso GmbH").await;
        run(&a, &remote, "a").await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        // Offline on both: A moves the city, B adds a tag — different fields.
        edit(&a, c.id, |f| f.city = "Köln".into()).await;
        add_tags(&b, &[c.id], &["VIP".into()], &ACTOR).await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        let report = run(&b, &remote, "b").await.unwrap();
        assert_eq!(report.conflicts, 0);
        run(&a, &remote, "a").await.unwrap();
        for store in [&a, &b] {
            let got = store.customer(c.id).await.unwrap().unwrap();
            assert_eq!(
                (got.billing.default_address.city.as_str(), got.tags.contains(&"VIP".to_string())),
                ("Köln", true)
            );
        }
        // Both rename the company: a conflict on B, which pushes nothing for it until settled.
        edit(&a, c.id, |f| f.company_name = "Contoso Nord GmbH".into()).await;
        edit(&b, c.id, |f| f.company_name = "Contoso Süd GmbH".into()).await;
        run(&a, &remote, "a").await.unwrap();
        let report = run(&b, &remote, "b").await.unwrap();
        assert_eq!(report.conflicts, 1);
        let conflict = &b.conflicts().await.unwrap()[0];
        let paths: Vec<&str> = conflict.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["/billing/company_name", "/company/company_name"], "the bill-to name follows the company's");
        assert_eq!(conflict.fields[1].theirs, Some(json!("Contoso Nord GmbH")));
        assert_eq!(customer_doc(&remote, c.id).unwrap()["company"]["company_name"], "Contoso Nord GmbH");
        let id = DocId::new(Kind::Customer, c.id);
        let choice: Vec<_> = paths.iter().map(|p| (p.to_string(), Choice::Mine)).collect();
        resolve_conflict(&b, id, &choice, &ctx(), &ACTOR).await.unwrap();
        assert!(b.conflicts().await.unwrap().is_empty());
        run(&b, &remote, "b").await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        assert_eq!(a.customer(c.id).await.unwrap().unwrap().company.company_name, "Contoso Süd GmbH");
        assert_eq!(a.customer(c.id).await.unwrap(), b.customer(c.id).await.unwrap());
    });
}

/// `n` customers both devices moved to another city while apart: `n` conflicts on B. Returns their ids.
async fn conflicts_on_b(a: &MemoryStore, b: &MemoryStore, remote: &MemoryRemote, n: usize) -> Vec<Uuid> {
    let ids = import_n(a, n).await;
    run(a, remote, "a").await.unwrap();
    run(b, remote, "b").await.unwrap();
    for id in &ids {
        edit(a, *id, |f| f.city = "Köln".into()).await;
        edit(b, *id, |f| f.city = "Bonn".into()).await;
    }
    run(a, remote, "a").await.unwrap();
    assert_eq!(run(b, remote, "b").await.unwrap().conflicts, n);
    ids
}

#[test]
fn every_conflict_settled_at_once_in_steps_keeps_the_side_chosen_on_every_device() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let ids = conflicts_on_b(&a, &b, &remote, 260).await;
        let mut steps = Vec::new();
        let done = settle_all(&b, Side::Theirs, &ctx(), &ACTOR, |n, all| steps.push((n, all))).await.unwrap();
        assert_eq!(done, SettledAll { settled: 260, left: 0 });
        assert_eq!(steps, [(250, 260), (260, 260)], "steps of at most 250");
        assert!(b.conflicts().await.unwrap().is_empty());
        let settled =
            b.activity(None).await.unwrap().into_iter().filter(|e| e.action == Action::ConflictResolved).count();
        assert_eq!(settled, 260, "one entry per customer in the log");
        run(&b, &remote, "b").await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        for id in &ids {
            let (on_a, on_b) = (a.customer(*id).await.unwrap().unwrap(), b.customer(*id).await.unwrap().unwrap());
            assert_eq!(on_b.billing.default_address.city, "Köln", "the remote's value kept");
            assert_eq!(on_a, on_b);
        }
        // The other way round: this device's values win, also on the remote and on the other device.
        for id in &ids {
            edit(&a, *id, |f| f.city = "Aachen".into()).await;
            edit(&b, *id, |f| f.city = "Essen".into()).await;
        }
        run(&a, &remote, "a").await.unwrap();
        assert_eq!(run(&b, &remote, "b").await.unwrap().conflicts, 260);
        settle_all(&b, Side::Mine, &ctx(), &ACTOR, |_, _| {}).await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        for id in &ids {
            assert_eq!(customer_doc(&remote, *id).unwrap()["billing"]["default_address"]["city"], "Essen");
            assert_eq!(a.customer(*id).await.unwrap(), b.customer(*id).await.unwrap());
        }
    });
}

#[test]
fn a_conflict_whose_record_is_gone_is_left_waiting_when_all_are_settled() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let ids = conflicts_on_b(&a, &b, &remote, 3).await;
        b.apply(WriteBatch { delete_customers: vec![ids[1]], ..WriteBatch::default() }).await.unwrap();
        let done = settle_all(&b, Side::Mine, &ctx(), &ACTOR, |_, _| {}).await.unwrap();
        assert_eq!(done, SettledAll { settled: 2, left: 1 });
        let waiting: Vec<Uuid> = b.conflicts().await.unwrap().iter().map(|c| c.id.id).collect();
        assert_eq!(waiting, [ids[1]]);
    });
}

#[test]
fn conflicts_wait_in_the_order_of_their_names() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let names = ["Kunde 10 GmbH", "kunde 2 GmbH", "Äpfel AG", "Kunde 1 GmbH"];
        let mut ids = Vec::new();
        for (i, name) in names.iter().enumerate() {
            ids.push(add(&a, &format!("k{i}"), name).await.id);
        }
        run(&a, &remote, "a").await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        for id in &ids {
            edit(&a, *id, |f| f.city = "Köln".into()).await;
            edit(&b, *id, |f| f.city = "Bonn".into()).await;
        }
        run(&a, &remote, "a").await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        let labels: Vec<String> = waiting_conflicts(&b).await.unwrap().into_iter().map(|c| c.label).collect();
        assert_eq!(labels, ["Äpfel AG", "Kunde 1 GmbH", "kunde 2 GmbH", "Kunde 10 GmbH"]);
    });
}

#[test]
fn pushes_acknowledged_after_sync_started_over_are_not_recorded_for_the_new_remote() {
    use crate::sync::doc::PushAck;
    let a = MemoryStore::default();
    block_on(async {
        add(&a, "contoso", "Contoso GmbH").await;
        let pending = a.pending_docs(10, None, &Default::default()).await.unwrap();
        let acks: Vec<PushAck> = pending
            .docs
            .iter()
            .map(|p| PushAck {
                id: p.id,
                rev: Some("1-old".into()),
                data: p.data.clone(),
                mutations: p.mutations.clone(),
                keys: vec![],
            })
            .collect();
        // Meanwhile the partner points sync at another remote: everything is queued for it.
        a.restart_sync(now()).await.unwrap();
        a.ack_pushed(pending.epoch, acks).await.unwrap();
        assert_eq!(a.pending_count().await.unwrap(), 2, "nothing settled: the new remote still needs it all");
        assert_eq!(a.known_revs(&[pending.docs[0].id]).await.unwrap(), vec![None]);
    });
}

#[test]
fn a_document_the_remote_lost_is_pushed_again_as_new_instead_of_stalling() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a, "contoso", "Contoso GmbH").await;
        run(&a, &remote, "a").await.unwrap();
        remote.purge(DocId::new(Kind::Customer, c.id));
        edit(&a, c.id, |f| f.city = "Köln".into()).await;
        run(&a, &remote, "a").await.unwrap();
        assert_eq!(customer_doc(&remote, c.id).unwrap()["billing"]["default_address"]["city"], "Köln");
        assert_eq!(a.pending_count().await.unwrap(), 0);
    });
}

#[test]
fn a_recreated_remote_gets_back_everything_and_devices_pull_from_the_start() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c1 = add(&a, "contoso", "Contoso GmbH").await;
        run(&a, &remote, "a").await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        remote.reset();
        let c2 = add(&a, "fabrikam", "Fabrikam AG").await;
        run(&a, &remote, "a").await.unwrap();
        assert!(customer_doc(&remote, c1.id).is_some(), "what the remote lost was sent again");
        run(&b, &remote, "b").await.unwrap();
        assert!(b.customer(c2.id).await.unwrap().is_some());
        assert_eq!(b.pending_count().await.unwrap(), 0, "B's copies equal the remote's: nothing to send");
        let writes = remote.writes();
        run(&b, &remote, "b").await.unwrap();
        assert_eq!(remote.writes(), writes);
    });
}

/// One step of the randomized test.
#[derive(Debug, Clone)]
enum Step {
    Add(usize),
    Tag(usize, usize),
    Rename(usize, usize),
    Sync(usize, Option<Fault>),
}

fn step() -> impl Strategy<Value = Step> {
    let fault = prop_oneof![Just(None), Just(Some(Fault::Fail)), Just(Some(Fault::LoseAnswer))];
    prop_oneof![
        (0..2usize).prop_map(Step::Add),
        (0..2usize, 0..8usize).prop_map(|(d, c)| Step::Tag(d, c)),
        (0..2usize, 0..8usize).prop_map(|(d, c)| Step::Rename(d, c)),
        (0..2usize, fault).prop_map(|(d, f)| Step::Sync(d, f)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random edits on two devices, random lost answers and failures, then sync until quiet: both devices and
    /// the remote hold the same documents, every tag added anywhere is still there, every name is one a
    /// device wrote, and nothing is left to push.
    #[test]
    fn two_devices_converge_and_lose_no_edit(steps in prop::collection::vec(step(), 1..40)) {
        let stores = [MemoryStore::default(), MemoryStore::default()];
        let devices = ["a", "b"];
        let remote = MemoryRemote::default();
        block_on(async {
            let mut added: Vec<Uuid> = Vec::new();
            let mut tags: Vec<(Uuid, String)> = Vec::new();
            let mut names: Vec<String> = vec!["Contoso GmbH".into()];
            for (n, s) in steps.iter().enumerate() {
                match s.clone() {
                    Step::Add(d) => added.push(add(&stores[d], &format!("c{n}"), "Contoso GmbH").await.id),
                    Step::Tag(d, c) => {
                        let Some(&id) = added.get(c) else { continue };
                        if stores[d].customer(id).await.unwrap().is_none() { continue }
                        let tag = format!("t{n}");
                        add_tags(&stores[d], &[id], std::slice::from_ref(&tag), &ACTOR).await.unwrap();
                        tags.push((id, tag));
                    }
                    Step::Rename(d, c) => {
                        let Some(&id) = added.get(c) else { continue };
                        if stores[d].customer(id).await.unwrap().is_none() { continue }
                        let name = format!("Name {n} GmbH");
                        edit(&stores[d], id, |f| f.company_name = name.clone()).await;
                        names.push(name);
                    }
                    Step::Sync(d, fault) => {
                        remote.fail_next(fault.as_slice());
                        let _ = run(&stores[d], &remote, devices[d]).await;
                    }
                }
            }
            // Back online for good: sync until quiet, settling conflicts (keeping this device's value).
            for _ in 0..6 {
                for d in 0..2 {
                    run(&stores[d], &remote, devices[d]).await.unwrap();
                    for conflict in stores[d].conflicts().await.unwrap() {
                        let choices = conflict.fields.iter().map(|f| (f.path.clone(), Choice::Mine)).collect::<Vec<_>>();
                        resolve_conflict(&stores[d], conflict.id, &choices, &ctx(), &ACTOR).await.unwrap();
                    }
                }
            }
            let remote_customers: Vec<Customer> = remote
                .live_docs()
                .into_iter()
                .filter(|d| d.id.kind == Kind::Customer)
                .map(|d| serde_json::from_value(d.data.unwrap()).unwrap())
                .collect();
            prop_assert_eq!(remote_customers.len(), added.len());
            for store in &stores {
                prop_assert_eq!(store.pending_count().await.unwrap(), 0);
                prop_assert!(store.conflicts().await.unwrap().is_empty());
                prop_assert_eq!(&store.customers().await.unwrap(), &remote_customers);
                prop_assert_eq!(store.activity(None).await.unwrap().len(), remote.live_docs().len() - added.len());
            }
            for (id, tag) in &tags {
                let c = remote_customers.iter().find(|c| c.id == *id).unwrap();
                prop_assert!(c.tags.contains(tag), "tag {} of {} was lost", tag, id);
            }
            for c in &remote_customers {
                prop_assert!(names.contains(&c.company.company_name));
            }
            Ok(())
        })?;
    }
}

#[test]
fn switching_to_another_remote_sends_everything_there_and_keeps_the_settings() {
    use crate::sync::settings::SyncSettings;
    let (a, first, second) = (MemoryStore::default(), MemoryRemote::default(), MemoryRemote::default());
    block_on(async {
        let settings =
            |db: &str| SyncSettings { url: "https://x.de".into(), database: db.into(), ..SyncSettings::default() };
        a.save_sync_settings(&settings("one"), Some("pw"), now()).await.unwrap();
        let c = add(&a, "contoso", "Contoso GmbH").await;
        run(&a, &first, "a").await.unwrap();
        assert_eq!(a.pending_count().await.unwrap(), 0);
        // Same remote again (e.g. only "live" changed): nothing starts over.
        a.save_sync_settings(&settings("one"), None, now()).await.unwrap();
        assert_eq!(a.pending_count().await.unwrap(), 0);
        assert_eq!(a.sync_settings().await.unwrap(), Some((settings("one"), None)));
        a.save_sync_settings(&settings("two"), None, now()).await.unwrap();
        assert_eq!((a.pending_count().await.unwrap(), a.checkpoint().await.unwrap()), (2, None));
        run(&a, &second, "a").await.unwrap();
        assert!(customer_doc(&second, c.id).is_some());
        assert_eq!(second.live_docs().len(), 2);
    });
}

/// A remote through which the partner, in the middle of a round, saves settings naming another remote:
/// before the `at`-th request named `request` ("pull" or "push") goes out, the store starts over.
struct SwitchedMidway<'a> {
    client: super::memory_remote::MemoryClient<'a>,
    store: &'a MemoryStore,
    request: &'static str,
    at: std::cell::Cell<usize>,
}

impl SwitchedMidway<'_> {
    async fn count(&self, request: &str) {
        if request == self.request && self.at.get() > 0 {
            self.at.set(self.at.get() - 1);
            if self.at.get() == 0 {
                let settings = crate::sync::settings::SyncSettings {
                    url: "https://x.de".into(),
                    database: "two".into(),
                    ..Default::default()
                };
                self.store.save_sync_settings(&settings, None, now()).await.unwrap();
            }
        }
    }
}

impl super::remote::Remote for SwitchedMidway<'_> {
    async fn pull(
        &self,
        checkpoint: Option<&serde_json::Value>,
        limit: usize,
        contents: bool,
    ) -> Result<super::remote::PullPage, super::remote::RemoteError> {
        self.count("pull").await;
        self.client.pull(checkpoint, limit, contents).await
    }
    async fn fetch(&self, ids: &[DocId]) -> Result<super::remote::Fetched, super::remote::RemoteError> {
        self.client.fetch(ids).await
    }
    async fn push(
        &self,
        docs: &[super::remote::PushDoc],
    ) -> Result<super::remote::PushResult, super::remote::RemoteError> {
        self.count("push").await;
        self.client.push(docs).await
    }
    async fn total(&self) -> Result<Option<u64>, super::remote::RemoteError> {
        self.client.total().await
    }
    async fn load_checkpoint(
        &self,
        local: Option<&serde_json::Value>,
    ) -> Result<Option<serde_json::Value>, super::remote::RemoteError> {
        self.client.load_checkpoint(local).await
    }
    async fn save_checkpoint(&self, checkpoint: &serde_json::Value) -> Result<(), super::remote::RemoteError> {
        self.client.save_checkpoint(checkpoint).await
    }
}

#[test]
fn a_round_under_way_when_another_remote_is_saved_records_nothing_more_of_the_old_one() {
    use super::engine::SyncError;
    use super::local::LocalError;
    let (a, old, new) = (MemoryStore::default(), MemoryRemote::default(), MemoryRemote::default());
    block_on(async {
        // The old remote holds 600 customers (3 pages); the new one 2 of its own.
        let other = MemoryStore::default();
        import_n(&other, 600).await;
        run(&other, &old, "other").await.unwrap();
        let third = MemoryStore::default();
        add(&third, "fabrikam", "Fabrikam GmbH").await;
        run(&third, &new, "third").await.unwrap();

        // A's first sync with the old remote: the settings change while its second page is fetched.
        let epoch = a.epoch().await.unwrap();
        let switching = SwitchedMidway { client: old.client("a"), store: &a, request: "pull", at: 2.into() };
        let stopped = sync(&a, &switching, Round { epoch, ..Round::default() }, now, |_| {}).await;
        assert_eq!(stopped, Err(SyncError::Local(LocalError::StartedOver)));
        // The first page stays (and is queued for the new remote); the old remote's checkpoint is not kept.
        assert_eq!(a.customer_counts().await.unwrap().all, 250);
        assert_eq!(a.checkpoint().await.unwrap(), None);
        let report = run(&a, &new, "a").await.unwrap();
        assert_eq!(report.pulled, 2, "the new remote's customer and its activity entry, from its first change");
        assert_eq!(a.customer_counts().await.unwrap().all, 251);
        assert_eq!(new.live_docs().len(), 2 + 250, "what was here when the settings changed went to the new remote");

        // A push under way: the old remote's answers are not recorded as the new remote's.
        let b = MemoryStore::default();
        add(&b, "contoso", "Contoso GmbH").await;
        let epoch = b.epoch().await.unwrap();
        let switching = SwitchedMidway { client: old.client("b"), store: &b, request: "push", at: 1.into() };
        assert_eq!(
            sync(&b, &switching, Round { epoch, ..Round::default() }, now, |_| {}).await,
            Err(SyncError::Local(LocalError::StartedOver))
        );
        assert_eq!(b.pending_count().await.unwrap(), 2, "the customer and its entry still wait for the new remote");
        run(&b, &new, "b").await.unwrap();
        assert_eq!(b.pending_count().await.unwrap(), 0);
        assert_eq!(new.live_docs().len(), 2 + 250 + 2);
    });
}

#[test]
fn a_pulled_customer_whose_domain_is_taken_here_is_set_aside_with_the_reason() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let mine = add(&a, "contoso", "Contoso GmbH").await;
        let theirs = add(&b, "contoso", "Contoso AG").await;
        run(&a, &remote, "a").await.unwrap();
        let report = run(&b, &remote, "b").await.unwrap();
        assert_eq!(report.set_aside, 1);
        let held = b.set_aside().await.unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(
            held[0].reason,
            Reason::DomainTaken { domain: "contoso.onmicrosoft.com".into(), owner: "Contoso AG".into() }
        );
        assert_eq!(held[0].label, "Contoso GmbH");
        assert_eq!(b.customer(mine.id).await.unwrap(), None);
        assert!(b.customer(theirs.id).await.unwrap().is_some());
    });
}

#[test]
fn providers_and_business_profiles_travel_and_merge_like_the_rest() {
    use crate::domain::profile::{ProfileForm, Region};
    use crate::domain::provider::{NewProvider, ProviderStatus};
    use crate::usecases::{accept_provider, add_provider, save_business_profile};
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let form = NewProvider {
            name: "Contoso Distribution".into(),
            partner_id: "6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d".into(),
            ..Default::default()
        };
        let today = time::macros::date!(2026 - 11 - 26);
        let p = add_provider(&a, &form, today, &ACTOR).await.unwrap();
        let profile = ProfileForm { description: "Cloud partner".into(), ..Default::default() };
        save_business_profile(&a, Region::Europe, &ProfileForm::default(), &profile, &ACTOR).await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        assert!(remote.doc(DocId::new(Kind::Provider, p.id)).is_some());
        assert!(remote.doc(DocId::new(Kind::Profile, Region::Europe.profile_id())).is_some());
        run(&b, &remote, "b").await.unwrap();
        assert_eq!(b.providers().await.unwrap(), vec![p.clone()]);
        assert_eq!(b.business_profiles().await.unwrap()[0].description, "Cloud partner");

        // One device accepts the provider, the other edits the profile: both arrive everywhere.
        accept_provider(&b, p.id, &Actor { now: Timestamp(3_000), ..ACTOR }).await.unwrap();
        let edited = ProfileForm { description: "Cloud partner since 2009".into(), ..Default::default() };
        save_business_profile(&a, Region::Europe, &profile, &edited, &Actor { now: Timestamp(3_000), ..ACTOR })
            .await
            .unwrap();
        run(&b, &remote, "b").await.unwrap();
        run(&a, &remote, "a").await.unwrap();
        run(&b, &remote, "b").await.unwrap();
        for store in [&a, &b] {
            assert_eq!(store.providers().await.unwrap()[0].status, ProviderStatus::Active);
            assert_eq!(store.business_profiles().await.unwrap()[0].description, "Cloud partner since 2009");
            assert!(store.conflicts().await.unwrap().is_empty());
        }
    });
}
