//! Sync with a remote that other replicators write to (`new_edits=false`): conflict branches merged
//! whichever branch wins, deletes that only `_deleted` makes, and documents this app can't take set aside
//! and listed until fixed — each rule a test over an in-memory store and the scripted remote.

use futures::executor::block_on;
use serde_json::{json, Value};
use uuid::Uuid;

use super::doc::{DocId, Kind};
use super::engine::{sync, Round, SyncReport};
use super::held::{ids_of_kind, Reason, SetAside};
use super::local::SyncStore;
use super::memory_remote::{Fault, MemoryRemote};
use super::settings::SyncSettings;
use crate::domain::activity::Action;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::domain::fixtures::{ctx, valid_draft};
use crate::domain::timestamp::Timestamp;
use crate::domain::validation::{Field, FieldError};
use crate::store::memory::MemoryStore;
use crate::store::Store;
use crate::usecases::{add_customer, edit_customer, ignore_kind, resolve_conflict, stop_ignoring_kind, Actor, Choice};

const ACTOR: Actor<'static> = Actor { user: "Test", now: Timestamp(1_000) };

async fn run(store: &MemoryStore, remote: &MemoryRemote, device: &str) -> SyncReport {
    let epoch = store.epoch().await.expect("epoch");
    // As the runner does: the kinds the partner ignores come with the settings.
    let settings = store.sync_settings().await.expect("settings");
    let ignored_kinds = settings.map(|(s, _)| s.ignored_kinds).unwrap_or_default();
    sync(store, &remote.client(device), Round { epoch, ignored_kinds }, || Timestamp(2_000), |_| {})
        .await
        .expect("sync")
}

async fn add(store: &MemoryStore) -> Customer {
    add_customer(store, &valid_draft(), &ctx(), &Actor { user: "Test", now: Timestamp(10) }).await.unwrap()
}

async fn edit(store: &MemoryStore, id: Uuid, change: impl FnOnce(&mut CustomerDraft)) {
    let opened = CustomerDraft::from_customer(&store.customer(id).await.unwrap().unwrap());
    let mut form = opened.clone();
    change(&mut form);
    edit_customer(store, id, &opened, &form, &ctx(), &Actor { user: "Test", now: Timestamp(20) }).await.unwrap();
}

fn doc_id(c: &Customer) -> DocId {
    DocId::new(Kind::Customer, c.id)
}

/// The remote's current content of `c`.
fn on_remote(remote: &MemoryRemote, c: &Customer) -> Value {
    remote.doc(doc_id(c)).unwrap().data.unwrap()
}

/// A peer's concurrent edit of `c`: `base` (the parent's content) changed, written with `new_edits=false`
/// as a child of `parent` named `rev`.
fn peer_edit(
    remote: &MemoryRemote,
    c: &Customer,
    (parent, base): &(String, Value),
    rev: &str,
    change: impl FnOnce(&mut Value),
) {
    let mut data = base.clone();
    change(&mut data);
    remote.replicate(doc_id(c), Some(parent), rev, Some(data));
}

/// The remote's current revision of `c` and its content.
fn agreed(remote: &MemoryRemote, c: &Customer) -> (String, Value) {
    let doc = remote.doc(doc_id(c)).unwrap();
    (doc.rev, doc.data.unwrap())
}

fn city(v: &Value) -> &str {
    v["billing"]["default_address"]["city"].as_str().unwrap()
}

fn postal(v: &Value) -> &str {
    v["billing"]["default_address"]["postal_code"].as_str().unwrap()
}

async fn merged_entries(store: &MemoryStore) -> usize {
    store.activity(None).await.unwrap().iter().filter(|a| a.action == Action::ConcurrentChangeMerged).count()
}

/// A customer on device A and the remote, agreed at one revision; A edits the postal code and pushes it,
/// then a peer replicates its own edit of the city, made on the same agreed revision, as `peer_rev`: the
/// remote holds two leaves.
async fn two_branches(a: &MemoryStore, remote: &MemoryRemote, peer_rev: &str) -> Customer {
    let c = add(a).await;
    run(a, remote, "a").await;
    let agreed = agreed(remote, &c);
    edit(a, c.id, |f| f.postal_code = "20095".into()).await;
    run(a, remote, "a").await;
    peer_edit(remote, &c, &agreed, peer_rev, |d| d["billing"]["default_address"]["city"] = json!("Hamburg"));
    assert_eq!(remote.live_leaves(doc_id(&c)), 2);
    c
}

#[test]
fn the_peers_branch_wins_and_this_devices_edit_is_merged_back_not_lost() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        // "2-fff…" sorts after any revision the remote makes for A's push: the peer's branch wins.
        let c = two_branches(&a, &remote, "2-ffffffffffffffffffffffffffffffff").await;
        let report = run(&a, &remote, "a").await;
        assert_eq!(report.merged_branches, 1, "{report:?}");
        assert_eq!(remote.live_leaves(doc_id(&c)), 1, "the losing leaf is deleted");
        let doc = on_remote(&remote, &c);
        assert_eq!((city(&doc), postal(&doc)), ("Hamburg", "20095"), "both edits on the remote");
        let here = a.customer(c.id).await.unwrap().unwrap();
        assert_eq!(
            (here.billing.default_address.city.as_str(), here.billing.default_address.postal_code.as_str()),
            ("Hamburg", "20095")
        );
        assert_eq!(merged_entries(&a).await, 1, "the activity log says so");
        assert_eq!(a.pending_count().await.unwrap(), 0);
        run(&b, &remote, "b").await;
        assert_eq!(b.customer(c.id).await.unwrap(), Some(here));
    });
}

#[test]
fn this_devices_branch_wins_and_the_peers_edit_is_merged_in() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = two_branches(&a, &remote, "2-00000000000000000000000000000000").await;
        run(&a, &remote, "a").await;
        assert_eq!(remote.live_leaves(doc_id(&c)), 1);
        let doc = on_remote(&remote, &c);
        assert_eq!((city(&doc), postal(&doc)), ("Hamburg", "20095"));
        assert!(a.conflicts().await.unwrap().is_empty());
        // Nothing more to do: the next sync finds nothing to merge and writes nothing.
        let writes = remote.writes();
        let report = run(&a, &remote, "a").await;
        assert_eq!((report.merged_branches, remote.writes()), (0, writes));
    });
}

/// A customer whose branch of device A (the postal code) won over a peer's (the city "Hamburg", as
/// `peer_rev`), merged and written back by A; returns it with the peer's revision and content, on which the
/// peer goes on editing without having pulled the merge.
async fn merged_once(a: &MemoryStore, remote: &MemoryRemote, peer_rev: &str) -> (Customer, (String, Value)) {
    let c = two_branches(a, remote, peer_rev).await;
    let mut peers = agreed(remote, &c).1;
    peers["billing"]["default_address"]["city"] = json!("Hamburg");
    peers["billing"]["default_address"]["postal_code"] = postal(&on_remote(remote, &c)).to_string().into();
    (c, (peer_rev.to_string(), peers))
}

fn addressed(v: &Value) -> (&str, &str) {
    (city(v), postal(v))
}

#[test]
fn a_peer_going_on_with_a_branch_merged_here_has_its_newer_value_taken_not_asked() {
    // The peer's new leaf loses ("3-000…") or wins ("3-fff…") against the merge A wrote.
    for next in ["3-00000000000000000000000000000000", "3-ffffffffffffffffffffffffffffffff"] {
        let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
        block_on(async {
            let (c, (peer_rev, peers)) = merged_once(&a, &remote, "2-00000000000000000000000000000000").await;
            run(&a, &remote, "a").await;
            assert_eq!(addressed(&on_remote(&remote, &c)), ("Hamburg", "20095"), "merged once");
            assert_eq!(remote.live_leaves(doc_id(&c)), 1);
            // The peer, not having pulled the merge, moves the customer again on its own branch.
            let mut base = peers.clone();
            base["billing"]["default_address"]["postal_code"] = json!("10115");
            peer_edit(&remote, &c, &(peer_rev, base), next, |d| {
                d["billing"]["default_address"]["city"] = json!("Bremen")
            });
            assert_eq!(remote.live_leaves(doc_id(&c)), 2);
            let report = run(&a, &remote, "a").await;
            assert_eq!(report.conflicts, 0, "{next}: the peer's Hamburg is in both branches: Bremen is newer");
            assert_eq!(addressed(&on_remote(&remote, &c)), ("Bremen", "20095"), "{next}");
            assert_eq!(remote.live_leaves(doc_id(&c)), 1);
            let here = a.customer(c.id).await.unwrap().unwrap();
            assert_eq!(here.billing.default_address.city, "Bremen");
        });
    }
}

#[test]
fn a_merge_not_yet_pushed_counts_the_peers_branch_as_agreed_when_the_peer_goes_on_with_it() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = two_branches(&a, &remote, "2-00000000000000000000000000000000").await;
        let peer_rev = "2-00000000000000000000000000000000".to_string();
        let mut peers = agreed(&remote, &c).1;
        peers["billing"]["default_address"]["city"] = json!("Hamburg");
        peers["billing"]["default_address"]["postal_code"] = json!("10115");
        // A merges the peer's branch (a pull, then the leaves fetched), but the merge's push does not arrive.
        remote.fail_next(&[Fault::Pass, Fault::Pass, Fault::Fail]);
        let epoch = a.epoch().await.unwrap();
        let client = remote.client("a");
        let failed = sync(&a, &client, Round { epoch, ignored_kinds: vec![] }, || Timestamp(2_000), |_| {}).await;
        assert!(failed.is_err(), "the push failed");
        assert_eq!(a.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "Hamburg", "merged here");
        // Meanwhile the peer moves the customer again on its branch, which now wins.
        peer_edit(&remote, &c, &(peer_rev, peers), "3-00000000000000000000000000000000", |d| {
            d["billing"]["default_address"]["city"] = json!("Bremen")
        });
        let report = run(&a, &remote, "a").await;
        assert_eq!(report.conflicts, 0, "Hamburg came from the peer: Bremen is its newer value");
        assert_eq!(addressed(&on_remote(&remote, &c)), ("Bremen", "20095"));
        assert_eq!(remote.live_leaves(doc_id(&c)), 1);
        assert_eq!(a.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "Bremen");
    });
}

/// A sync of `store` whose push the remote takes but whose answer is lost.
async fn sync_losing_answer(store: &MemoryStore, remote: &MemoryRemote, device: &str) {
    remote.fail_next(&[Fault::LoseAnswer]);
    let round = Round { epoch: store.epoch().await.unwrap(), ignored_kinds: vec![] };
    assert!(sync(store, &remote.client(device), round, || Timestamp(2_000), |_| {}).await.is_err());
}

/// A customer agreed with the remote; A pushes a postal code whose answer is lost (A does not know the
/// remote took it) and edits the company name; meanwhile a peer's branch from the agreed revision changes
/// the city, as `peer_rev`.
async fn lost_answer_beside_a_branch(a: &MemoryStore, remote: &MemoryRemote, peer_rev: &str) -> Customer {
    let c = add(a).await;
    run(a, remote, "a").await;
    let agreed = agreed(remote, &c);
    edit(a, c.id, |f| f.postal_code = "20095".into()).await;
    sync_losing_answer(a, remote, "a").await;
    edit(a, c.id, |f| f.company_name = "Contoso Nord GmbH".into()).await;
    peer_edit(remote, &c, &agreed, peer_rev, |d| d["billing"]["default_address"]["city"] = json!("Hamburg"));
    assert_eq!(remote.live_leaves(doc_id(&c)), 2);
    c
}

#[test]
fn this_devices_push_whose_answer_was_lost_is_known_on_either_branch_and_nothing_is_lost() {
    // The peer's branch loses ("2-000…": A's own push is the winner) or wins ("2-fff…").
    for peer_rev in ["2-00000000000000000000000000000000", "2-ffffffffffffffffffffffffffffffff"] {
        let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
        block_on(async {
            let c = lost_answer_beside_a_branch(&a, &remote, peer_rev).await;
            let report = run(&a, &remote, "a").await;
            assert_eq!(report.conflicts, 0, "{peer_rev}: the postal code on the other branch is A's own");
            let doc = on_remote(&remote, &c);
            assert_eq!(addressed(&doc), ("Hamburg", "20095"), "{peer_rev}: the peer's city kept");
            assert_eq!(doc["company"]["company_name"], "Contoso Nord GmbH", "{peer_rev}");
            assert_eq!(remote.live_leaves(doc_id(&c)), 1, "{peer_rev}");
            assert_eq!(a.pending_count().await.unwrap(), 0, "{peer_rev}");
            assert_eq!(a.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "Hamburg", "{peer_rev}");
        });
    }
}

#[test]
fn three_leaves_merge_into_one() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        let agreed = agreed(&remote, &c);
        peer_edit(&remote, &c, &agreed, "2-aaaa", |d| d["billing"]["default_address"]["city"] = json!("Hamburg"));
        peer_edit(&remote, &c, &agreed, "2-bbbb", |d| d["tags"] = json!(["Peer"]));
        peer_edit(&remote, &c, &agreed, "2-cccc", |d| d["billing"]["default_address"]["postal_code"] = json!("20095"));
        assert_eq!(remote.live_leaves(doc_id(&c)), 3);
        run(&a, &remote, "a").await;
        assert_eq!(remote.live_leaves(doc_id(&c)), 1);
        let doc = on_remote(&remote, &c);
        assert_eq!((city(&doc), postal(&doc), doc["tags"].clone()), ("Hamburg", "20095", json!(["Peer"])));
        assert_eq!(merged_entries(&a).await, 1);
    });
}

#[test]
fn the_same_field_on_two_branches_waits_for_the_user_and_then_both_leaves_become_one() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        let agreed = agreed(&remote, &c);
        edit(&a, c.id, |f| f.city = "München".into()).await;
        run(&a, &remote, "a").await;
        peer_edit(&remote, &c, &agreed, "2-ffffffffffffffffffffffffffffffff", |d| {
            d["billing"]["default_address"]["city"] = json!("Hamburg")
        });
        let report = run(&a, &remote, "a").await;
        assert_eq!(report.conflicts, 1);
        let conflict = a.conflicts().await.unwrap().remove(0);
        let field = conflict.fields.iter().find(|f| f.path == "/billing/default_address/city").unwrap();
        let values = [field.mine.clone(), field.theirs.clone()];
        assert!(values.contains(&Some(json!("Hamburg"))) && values.contains(&Some(json!("München"))), "{values:?}");
        assert_eq!(remote.live_leaves(doc_id(&c)), 2, "nothing is written back until the user chose");
        let choices: Vec<_> = conflict
            .fields
            .iter()
            .map(|f| (f.path.clone(), Choice::Value(json!(if f.path.ends_with("city") { "Bremen" } else { "x" }))))
            .filter(|(p, _)| p.ends_with("city"))
            .collect();
        resolve_conflict(&a, conflict.id, &choices, &ctx(), &ACTOR).await.unwrap();
        run(&a, &remote, "a").await;
        assert_eq!(remote.live_leaves(doc_id(&c)), 1);
        assert_eq!(city(&on_remote(&remote, &c)), "Bremen");
    });
}

#[test]
fn an_edit_on_one_branch_wins_over_a_delete_on_the_other() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        let (agreed, _) = agreed(&remote, &c);
        // A edits on its branch, the peer deletes on its own (a higher revision, but deleted).
        edit(&a, c.id, |f| f.city = "Köln".into()).await;
        run(&a, &remote, "a").await;
        remote.replicate(doc_id(&c), Some(&agreed), "2-ffffffffffffffffffffffffffffffff", None);
        run(&a, &remote, "a").await;
        assert_eq!(city(&on_remote(&remote, &c)), "Köln", "the live leaf wins");
        assert_eq!(a.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "Köln");
    });
}

#[test]
fn a_branch_whose_ancestor_was_compacted_merges_against_what_this_device_knew() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        run(&b, &remote, "b").await;
        let agreed = agreed(&remote, &c);
        edit(&a, c.id, |f| f.postal_code = "20095".into()).await;
        run(&a, &remote, "a").await;
        peer_edit(&remote, &c, &agreed, "2-ffffffffffffffffffffffffffffffff", |d| {
            d["billing"]["default_address"]["city"] = json!("Hamburg")
        });
        remote.compact();
        // B last agreed on the revision both branches grew from: its copy of that content is the base.
        let report = run(&b, &remote, "b").await;
        assert_eq!((report.conflicts, report.merged_branches), (0, 1));
        assert_eq!(remote.live_leaves(doc_id(&c)), 1);
        let doc = on_remote(&remote, &c);
        assert_eq!((city(&doc), postal(&doc)), ("Hamburg", "20095"));
    });
}

#[test]
fn a_branch_with_no_known_ancestor_asks_instead_of_choosing() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        let agreed = agreed(&remote, &c);
        peer_edit(&remote, &c, &agreed, "2-aaaa", |d| d["billing"]["default_address"]["city"] = json!("Hamburg"));
        peer_edit(&remote, &c, &agreed, "2-bbbb", |d| d["billing"]["default_address"]["city"] = json!("Bremen"));
        remote.compact();
        // B never saw the common revision: nothing to merge against, so the differing field is asked.
        let report = run(&b, &remote, "b").await;
        assert_eq!(report.conflicts, 1);
        let paths: Vec<String> = b.conflicts().await.unwrap()[0].fields.iter().map(|f| f.path.clone()).collect();
        assert_eq!(paths, ["/billing/default_address/city"]);
    });
}

#[test]
fn a_delete_from_elsewhere_is_logged_and_an_edit_here_wins_over_it() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let (c1, c2) = (add(&a).await, {
            let d = CustomerDraft { domain_prefix: "other".into(), company_name: "Other AG".into(), ..valid_draft() };
            add_customer(&a, &d, &ctx(), &Actor { user: "Test", now: Timestamp(10) }).await.unwrap()
        });
        run(&a, &remote, "a").await;
        run(&b, &remote, "b").await;
        for c in [&c1, &c2] {
            let rev = remote.doc(doc_id(c)).unwrap().rev;
            remote.replicate(doc_id(c), Some(&rev), &format!("{}-dead", super::wire::generation(&rev) + 1), None);
        }
        edit(&b, c2.id, |f| f.city = "Köln".into()).await;
        run(&b, &remote, "b").await;
        assert_eq!(b.customer(c1.id).await.unwrap(), None);
        let log = b.activity(Some(c1.id)).await.unwrap();
        assert_eq!(log[0].action, Action::DeletedElsewhere);
        assert_eq!(log[0].customer_name, c1.company.company_name);
        assert_eq!(b.customer(c2.id).await.unwrap().unwrap().billing.default_address.city, "Köln");
        assert_eq!(city(&on_remote(&remote, &c2)), "Köln", "the edit brought it back");
    });
}

#[test]
fn only_deleted_deletes_and_documents_that_cant_be_taken_are_set_aside_until_fixed() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        run(&b, &remote, "b").await;
        let id = doc_id(&c).to_string();
        let rev = remote.doc(doc_id(&c)).unwrap().rev;
        // Another client removes `data` from the live document (on a new revision).
        remote.put_foreign(json!({"_id": id, "_rev": "9-x", "kind": "customer"}));
        remote.put_foreign(json!({"_id": "invoice:7", "_rev": "1-a", "kind": "invoice", "data": {}}));
        remote.put_foreign(json!({"_id": "invoice:8", "_rev": "1-a", "kind": "invoice", "data": {}}));
        let other = DocId::new(Kind::Customer, Uuid::from_u128(5)).to_string();
        remote.put_foreign(json!({"_id": other, "_rev": "1-a", "kind": "invoice", "data": {}}));
        let report = run(&b, &remote, "b").await;
        assert_eq!(report.set_aside, 4);
        assert!(b.customer(c.id).await.unwrap().is_some(), "a document without content deletes nothing");
        let held = b.set_aside().await.unwrap();
        let reasons: Vec<(&str, &Reason)> = held.iter().map(|h| (h.id.as_str(), &h.reason)).collect();
        assert!(reasons.contains(&(id.as_str(), &Reason::NoContent)), "{reasons:?}");
        assert!(reasons.contains(&(other.as_str(), &Reason::KindMismatch { kind: "invoice".into() })));
        assert_eq!(held.iter().filter(|h| h.unknown_kind() == Some("invoice")).count(), 2);
        assert_eq!(
            held.iter().find(|h| h.id == id).unwrap().label,
            c.company.company_name,
            "named as the partner knows it"
        );
        // Sync again: still listed, not forgotten.
        run(&b, &remote, "b").await;
        assert_eq!(b.set_aside().await.unwrap().len(), 4);
        // The remote fixes the document: it is taken and no longer set aside.
        let _ = rev;
        let mut fixed = on_remote(&remote, &c);
        fixed["billing"]["default_address"]["city"] = json!("Fixed");
        remote.replicate(doc_id(&c), Some("9-x"), "10-fixed", Some(fixed));
        run(&b, &remote, "b").await;
        assert_eq!(b.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "Fixed");
        assert!(!b.set_aside().await.unwrap().iter().any(|h| h.id == id));
        // The partner dismisses the rest.
        let rest: Vec<String> = b.set_aside().await.unwrap().into_iter().map(|h| h.id).collect();
        b.dismiss(&rest).await.unwrap();
        assert!(b.set_aside().await.unwrap().is_empty());
    });
}

#[test]
fn a_kind_of_another_tool_once_ignored_is_not_set_aside_until_the_partner_lists_it_again() {
    let (b, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let settings =
            SyncSettings { url: "https://x.de".into(), database: "shared".into(), ..SyncSettings::default() };
        b.save_sync_settings(&settings, None, Timestamp(1)).await.unwrap();
        for id in ["invoice:1", "invoice:2", "note:1"] {
            remote.put_other_kind(id);
        }
        assert_eq!(run(&b, &remote, "b").await.set_aside, 3);
        let invoices = ids_of_kind(b.set_aside().await.unwrap(), "invoice");
        let saved = ignore_kind(&b, "invoice", &invoices).await.unwrap().expect("a remote is set");
        assert_eq!(saved.ignored_kinds, ["invoice"]);
        assert_eq!(b.sync_settings().await.unwrap().unwrap().0, saved, "kept with the settings");
        // A form (another tab's) that read the settings before the kind was ignored saves them: it stays ignored.
        let live = SyncSettings { live: true, ..settings.clone() };
        let resaved = crate::usecases::save_sync_settings(&b, &live, None, Timestamp(2)).await.unwrap();
        assert_eq!((resaved.live, resaved.ignored_kinds.as_slice()), (true, ["invoice".to_string()].as_slice()));
        assert_eq!(b.sync_settings().await.unwrap().unwrap().0, resaved);
        let listed = |held: Vec<SetAside>| {
            let mut ids: Vec<String> = held.into_iter().map(|h| h.id).collect();
            ids.sort();
            ids
        };
        assert_eq!(listed(b.set_aside().await.unwrap()), ["note:1"], "another kind stays listed");
        // The other tool writes another invoice: not set aside.
        remote.put_other_kind("invoice:3");
        assert_eq!(run(&b, &remote, "b").await.set_aside, 0);
        assert_eq!(listed(b.set_aside().await.unwrap()), ["note:1"]);
        // Listed again: the invoices written from then on are set aside as before.
        assert!(stop_ignoring_kind(&b, "invoice").await.unwrap().unwrap().ignored_kinds.is_empty());
        remote.put_other_kind("invoice:4");
        assert_eq!(run(&b, &remote, "b").await.set_aside, 1);
        assert_eq!(listed(b.set_aside().await.unwrap()), ["invoice:4", "note:1"]);
    });
}

#[test]
fn content_of_the_wrong_shape_is_set_aside_and_the_local_record_kept() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        run(&b, &remote, "b").await;
        let rev = remote.doc(doc_id(&c)).unwrap().rev;
        remote.replicate(doc_id(&c), Some(&rev), "3-bad", Some(json!({"id": c.id, "company": 5})));
        let report = run(&b, &remote, "b").await;
        assert_eq!(report.set_aside, 1);
        assert!(matches!(b.set_aside().await.unwrap()[0].reason, Reason::Unreadable { .. }));
        assert_eq!(b.customer(c.id).await.unwrap(), Some(c));
    });
}

#[test]
fn a_record_that_breaks_a_rule_is_stored_flagged_and_released_once_corrected() {
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = add(&a).await;
        run(&a, &remote, "a").await;
        let rev = remote.doc(doc_id(&c)).unwrap().rev;
        let mut short = on_remote(&remote, &c);
        short["company"]["company_name"] = json!("X");
        remote.replicate(doc_id(&c), Some(&rev), "3-short", Some(short));
        for (store, device) in [(&a, "a"), (&b, "b")] {
            run(store, &remote, device).await;
            assert_eq!(
                store.customer(c.id).await.unwrap().unwrap().company.company_name,
                "X",
                "every device stores the same"
            );
            let held = store.set_aside().await.unwrap();
            assert_eq!(
                held[0].reason,
                Reason::BreaksRule { field: Field::CompanyName, error: FieldError::SingleCharacter }
            );
        }
        edit(&b, c.id, |f| f.company_name = "Xylo GmbH".into()).await;
        assert!(b.set_aside().await.unwrap().is_empty(), "corrected on its page");
        run(&b, &remote, "b").await;
        run(&a, &remote, "a").await;
        assert!(a.set_aside().await.unwrap().is_empty(), "the fix reached the other device");
        assert_eq!(a.customer(c.id).await.unwrap().unwrap().company.company_name, "Xylo GmbH");
    });
}

#[test]
fn a_device_does_not_download_again_what_it_just_pushed() {
    let (a, remote) = (MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        for i in 0..30 {
            let d = CustomerDraft { domain_prefix: format!("c{i}"), ..valid_draft() };
            add_customer(&a, &d, &ctx(), &Actor { user: "Test", now: Timestamp(10) }).await.unwrap();
        }
        let report = run(&a, &remote, "a").await;
        assert_eq!(report.pushed, 60);
        assert_eq!((report.fetched, report.pulled), (0, 0), "{report:?}");
        assert_eq!(remote.requests("fetch"), 0);
    });
}

/// A adds a customer both devices sync, moves it to Hamburg and loses the push's answer (the remote took
/// it); B pulls Hamburg and moves the customer on to München, and pushes that.
async fn moved_on_after_a_lost_answer(a: &MemoryStore, b: &MemoryStore, remote: &MemoryRemote) -> Customer {
    let c = add(a).await;
    run(a, remote, "a").await;
    run(b, remote, "b").await;
    edit(a, c.id, |f| f.city = "Hamburg".into()).await;
    sync_losing_answer(a, remote, "a").await;
    run(b, remote, "b").await;
    assert_eq!(b.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "Hamburg");
    edit(b, c.id, |f| f.city = "München".into()).await;
    run(b, remote, "b").await;
    c
}

/// A moves `c` to Köln and loses the answer, then makes `here` its next edit; B pulls Köln, moves `c` on to
/// Essen and pushes; A's sync that meets Essen is reported.
async fn lost_edited_here_and_moved_on(
    a: &MemoryStore,
    b: &MemoryStore,
    remote: &MemoryRemote,
    c: &Customer,
    here: impl FnOnce(&mut CustomerDraft),
) -> SyncReport {
    edit(a, c.id, |f| f.city = "Köln".into()).await;
    sync_losing_answer(a, remote, "a").await;
    edit(a, c.id, here).await;
    run(b, remote, "b").await;
    edit(b, c.id, |f| f.city = "Essen".into()).await;
    run(b, remote, "b").await;
    run(a, remote, "a").await
}

#[test]
fn a_remote_that_sends_no_old_contents_lets_a_lost_push_be_found_while_nothing_changed_here_since() {
    // An HTTP backend may name its earlier states by the changes that wrote them, without their contents.
    // A's lost Hamburg, moved on to München by B, is then still recognised while A changed nothing since; a
    // phone number A typed after a lost move leaves A nothing to merge it from: that move is asked about,
    // where a remote that sends the contents merges it silently.
    for keeps_contents in [true, false] {
        let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
        if !keeps_contents {
            remote.send_no_old_contents();
        }
        block_on(async {
            let c = moved_on_after_a_lost_answer(&a, &b, &remote).await;
            assert_eq!(run(&a, &remote, "a").await.conflicts, 0, "contents kept: {keeps_contents}");
            assert_eq!(a.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "München");

            let report = lost_edited_here_and_moved_on(&a, &b, &remote, &c, |f| f.phone = "0221 123456".into()).await;
            assert_eq!(report.conflicts, usize::from(!keeps_contents), "contents kept: {keeps_contents}");
            if keeps_contents {
                let stored = on_remote(&remote, &c);
                assert_eq!(
                    (city(&stored), stored["billing"]["default_address"]["phone_number"].as_str()),
                    ("Essen", Some("0221 123456"))
                );
            }
        });
    }
}

#[test]
fn a_push_whose_answer_was_lost_and_that_another_device_changed_since_is_settled_not_asked() {
    // A moves a customer to Hamburg; the remote takes it but A never hears so. Device B pulls Hamburg and
    // moves the customer on to München. A's next sync meets B's version: its own Hamburg is one revision
    // back, so München is newer — no question, and A's stale Hamburg is not pushed over it.
    let (a, b, remote) = (MemoryStore::default(), MemoryStore::default(), MemoryRemote::default());
    block_on(async {
        let c = moved_on_after_a_lost_answer(&a, &b, &remote).await;
        let report = run(&a, &remote, "a").await;
        assert_eq!(report.conflicts, 0, "A's Hamburg is B's starting point, not a concurrent edit");
        assert_eq!(city(&on_remote(&remote, &c)), "München");
        assert_eq!(a.customer(c.id).await.unwrap().unwrap().billing.default_address.city, "München");
        assert_eq!(a.pending_count().await.unwrap(), 0);
        // An edit A makes after the lost one still meets B's as concurrent: asked, not overwritten.
        let report = lost_edited_here_and_moved_on(&a, &b, &remote, &c, |f| f.city = "Bonn".into()).await;
        assert_eq!(report.conflicts, 1, "Bonn (after Köln) and Essen (after Köln) are concurrent");
        assert_eq!(city(&on_remote(&remote, &c)), "Essen");
    });
}
