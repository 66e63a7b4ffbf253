//! Sync with a CouchDB database that another tool writes to: a real PouchDB 9 peer in Node replicates to
//! the same pouchdb-server database (with `new_edits=false`, as every CouchDB replicator does). Concurrent
//! edits become conflict branches on the server; the app merges them whichever branch wins, and the server
//! and the peer end with one leaf holding both edits. Documents the app can't take are set aside and listed
//! on `/sync`, never deleted or stored silently.

use e2e::{
    dist_dir, wait_for, Browser, Driver, Peer, PouchServer, Profile, StaticServer, Steps, TagChange, TestResult,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const DB: &str = "accounts";
/// A customer document's city and phone, where the soaks change them.
const CITY: &str = "/data/billing/default_address/city";
const PHONE: &str = "/data/billing/default_address/phone_number";

/// The id of the customer whose page is open.
async fn open_customer_id(b: &Browser) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    Ok(b.path().await?.trim_start_matches("/customers/").to_string())
}

/// Edits the open customer's account info: `changes` are (field id, text) pairs.
async fn edit_open_customer(b: &Browser, changes: &[(&str, &str)]) -> TestResult {
    b.click("#edit").await?;
    b.wait_text("main", "not pushed to other portals").await?;
    for (id, text) in changes {
        b.type_into(id, text).await?;
    }
    b.click("#save").await?;
    b.wait_text("main", "Changes saved").await?;
    Ok(())
}

/// The server's winning version of `id`, with `_conflicts` when it holds other leaves.
fn on_server(server: &PouchServer, id: &str) -> Value {
    server.get(&format!("/{DB}/{id}?conflicts=true")).unwrap_or(Value::Null)
}

fn field<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc.pointer(path).unwrap_or(&Value::Null)
}

/// Asks the app to sync now, from `/sync`.
async fn sync_now(b: &Browser) -> TestResult {
    b.goto("/sync").await?;
    b.click("#sync-now").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_edits_of_a_pouchdb_peer_are_merged_whichever_branch_wins() -> TestResult {
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.connect_couchdb(&server.url, DB).await?;
    b.add_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    let id = format!("customer:{}", open_customer_id(&b).await?);
    let page = format!("/{}", id.replace(':', "s/"));
    wait_for("the customer on the server", || Some(on_server(&server, &id)).filter(|d| d["_rev"].is_string())).await;
    let peer = Peer::new(&format!("{}/{DB}", server.url));
    peer.pull();

    // 1. The peer's branch wins: it renames the company twice (a longer branch), the app changes the postal
    //    code once and pushes it first.
    peer.set(&id, "/data/company/company_name", json!("Contoso Handel (Peer) GmbH"));
    peer.set(&id, "/data/company/company_name", json!("Contoso Handel Peer GmbH"));
    edit_open_customer(&b, &[("postal_code", "10117")]).await?;
    wait_for("the app's edit", || {
        Some(on_server(&server, &id)).filter(|d| field(d, "/data/billing/default_address/postal_code") == "10117")
    })
    .await;
    peer.push();
    let split = on_server(&server, &id);
    assert_eq!(split["_conflicts"].as_array().map(Vec::len), Some(1), "two leaves on the server: {split}");
    assert_eq!(field(&split, "/data/company/company_name"), "Contoso Handel Peer GmbH", "the peer's branch won");
    sync_now(&b).await?;
    let merged = wait_for("one leaf with both edits", || {
        Some(on_server(&server, &id)).filter(|d| {
            d.get("_conflicts").is_none() && field(d, "/data/billing/default_address/postal_code") == "10117"
        })
    })
    .await;
    assert_eq!(field(&merged, "/data/company/company_name"), "Contoso Handel Peer GmbH");
    b.goto(&page).await?;
    b.wait_text("main", "Contoso Handel Peer GmbH").await?;
    b.wait_text("main", "10117").await?;
    b.wait_text("main", "Merged a concurrent change from another device").await?;
    peer.pull();
    let at_peer = peer.get(&id);
    assert!(at_peer.get("_conflicts").is_none(), "the peer converged too: {at_peer}");
    assert_eq!(field(&at_peer, "/data/billing/default_address/postal_code"), "10117");
    assert_eq!(field(&at_peer, "/data/company/company_name"), "Contoso Handel Peer GmbH");

    // 2. The app's branch wins: it moves the customer twice, the peer adds an address line once.
    peer.set(&id, "/data/billing/default_address/line2", json!("Hinterhaus"));
    edit_open_customer(&b, &[("city", "Potsdam")]).await?;
    edit_open_customer(&b, &[("city", "Potsdam-Babelsberg")]).await?;
    wait_for("the app's edits", || {
        Some(on_server(&server, &id)).filter(|d| field(d, "/data/billing/default_address/city") == "Potsdam-Babelsberg")
    })
    .await;
    peer.push();
    let split = on_server(&server, &id);
    assert_eq!(split["_conflicts"].as_array().map(Vec::len), Some(1), "two leaves again: {split}");
    assert_eq!(field(&split, "/data/billing/default_address/line2"), "", "the app's branch won");
    sync_now(&b).await?;
    let merged = wait_for("one leaf with both edits", || {
        Some(on_server(&server, &id)).filter(|d| {
            d.get("_conflicts").is_none() && field(d, "/data/billing/default_address/line2") == "Hinterhaus"
        })
    })
    .await;
    assert_eq!(field(&merged, "/data/billing/default_address/city"), "Potsdam-Babelsberg");
    assert_eq!(field(&merged, "/data/company/company_name"), "Contoso Handel Peer GmbH");
    b.goto(&page).await?;
    b.wait_text("main", "Hinterhaus").await?;
    b.wait_text("main", "Potsdam-Babelsberg").await?;
    peer.pull();
    let at_peer = peer.get(&id);
    assert!(at_peer.get("_conflicts").is_none(), "{at_peer}");
    assert_eq!(field(&at_peer, "/data/billing/default_address/line2"), "Hinterhaus");
    assert_eq!(field(&at_peer, "/data/billing/default_address/city"), "Potsdam-Babelsberg");
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn documents_the_app_cant_take_are_set_aside_and_listed_until_fixed_or_dismissed() -> TestResult {
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.connect_couchdb(&server.url, DB).await?;
    let mut ids = Vec::new();
    for (name, prefix) in
        [("Alpha Handels GmbH", "alpha"), ("Beta Handels GmbH", "beta"), ("Gamma Handels GmbH", "gamma")]
    {
        b.add_customer(name, prefix, "Berlin").await?;
        ids.push(format!("customer:{}", open_customer_id(&b).await?));
    }
    let (alpha, beta, gamma) = (ids[0].clone(), ids[1].clone(), ids[2].clone());
    wait_for("the customers on the server", || Some(()).filter(|_| on_server(&server, &gamma)["_rev"].is_string()))
        .await;
    let peer = Peer::new(&format!("{}/{DB}", server.url));
    peer.pull();
    let alpha_data = peer.get(&alpha)["data"].clone();

    // The peer removes Alpha's content (a live document without data), gives Beta a one-character name,
    // deletes Gamma, and adds an invoice and a "customer" whose kind says invoice.
    peer.unset(&alpha, "/data");
    peer.set(&beta, "/data/company/company_name", json!("X"));
    peer.delete(&gamma);
    peer.put(json!({"_id": "invoice:2026-0001", "kind": "invoice", "data": {"total": 100}}));
    let stray = "customer:6b3c0e9a-2f4d-4c1e-9a8b-7c6d5e4f3a21";
    peer.put(json!({"_id": stray, "kind": "invoice", "data": {"total": 5}}));
    // A CRM writes a customer in a shape of its own (it used to stop sync: the reason could not be stored).
    let crm = "customer:0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";
    peer.put(json!({"_id": crm, "kind": "customer", "data": {"name": "CRM-Kunde", "city": "Bonn"}}));
    peer.push();
    sync_now(&b).await?;
    b.wait_text("[data-testid=sync-badge]", "Check sync").await?;
    b.wait_text("[data-testid=sync-status]", "except 5 documents").await?;
    let list = b.wait_text("#set-aside", "Alpha Handels GmbH").await?;
    for expected in [
        "It is not deleted but has no content.",
        "Company name: A company name needs more than one character.",
        "Edit X",
        "1 document of a kind this app does not know: “invoice”",
        "Its kind “invoice” does not match its id.",
        "Its content is not in the shape this app reads (technical detail: missing field",
    ] {
        assert!(list.contains(expected), "“{expected}” missing from {list}");
    }
    b.screenshot("desktop-sync-set-aside").await?;
    b.viewport(360, 740).await?;
    b.wait_text("#set-aside", "Alpha Handels GmbH").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the list is wider than the phone");
    b.screenshot("phone-sync-set-aside").await?;
    b.viewport(1280, 900).await?;
    b.click("[data-testid=language-de]").await?;
    let german = b.wait_text("#set-aside", "Es ist nicht gelöscht, hat aber keinen Inhalt.").await?;
    assert!(german.contains("1 Dokument einer Art, die diese App nicht kennt: „invoice“"), "{german}");
    b.wait_text("[data-testid=sync-badge]", "Sync prüfen").await?;
    b.screenshot("desktop-sync-set-aside-de").await?;
    b.click("[data-testid=language-en]").await?;

    // Nothing was deleted by a missing `data`; the real delete removed Gamma and the log says so.
    b.goto("/customers").await?;
    let rows = b.wait_text("table.grid-customers", "Alpha Handels GmbH").await?;
    assert!(!rows.contains("Gamma Handels GmbH") && !rows.contains("Beta Handels GmbH"), "{rows}");
    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "Deleted on another device").await?;

    // Beta is stored as it came, flagged on its page; correcting it there clears the flag everywhere.
    b.goto(&format!("/{}", beta.replace(':', "s/"))).await?;
    b.wait_text("[data-testid=rule-broken]", "A company name needs more than one character").await?;
    edit_open_customer(&b, &[("company_name", "Beta Nord GmbH")]).await?;
    b.wait_gone("[data-testid=rule-broken]").await?;
    wait_for("the correction on the server", || {
        Some(on_server(&server, &beta)).filter(|d| field(d, "/data/company/company_name") == "Beta Nord GmbH")
    })
    .await;

    // The peer gives Alpha its content back: it is taken again and no longer listed.
    peer.pull();
    peer.set(&alpha, "/data", alpha_data);
    peer.push();
    sync_now(&b).await?;
    b.wait_text("[data-testid=sync-status]", "except 3 documents").await?;
    let list = b.wait_text("#set-aside", "invoice").await?;
    assert!(!list.contains("Alpha") && !list.contains("Edit X"), "{list}");

    // The CRM writes 59 more: the first 50 documents are listed one by one, the rest counted.
    peer.pull();
    for i in 0..59 {
        let id = format!("customer:0f9e8d7c-6b5a-4c3d-8e2f-{i:012}");
        peer.put(json!({"_id": id, "kind": "customer", "data": {"name": format!("CRM-Kunde {i}")}}));
    }
    peer.push();
    sync_now(&b).await?;
    b.wait_text("[data-testid=sync-status]", "except 62 documents").await?;
    b.wait_exact("[data-testid=set-aside-more]", "…and 11 more documents set aside.").await?;
    let drawn = b.evaluate("document.querySelectorAll('[data-testid=set-aside-item]').length").await?;
    assert_eq!(drawn.as_u64(), Some(50));
    assert_eq!(b.axe_violations().await?, Vec::<(String, String)>::new(), "the list meets WCAG 2.2 AA");

    // The partner dismisses the stray and the CRM's documents at once and ignores the invoices: sync says it
    // is up to date.
    b.wait_exact("#dismiss-all", "Dismiss all 61").await?;
    b.click("#dismiss-all").await?;
    b.wait_gone("[data-testid=set-aside-item]").await?;
    b.wait_gone("[data-testid=set-aside-more]").await?;
    b.wait_exact("[data-testid=set-aside-kind] button", "Ignore “invoice”").await?;
    b.click("[data-testid=set-aside-kind] button").await?;
    b.wait_gone("#set-aside").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    assert!(on_server(&server, &alpha).get("_conflicts").is_none());
    b.wait_exact("[data-testid=ignored-kind] strong", "invoice").await?;

    // The other tool writes another invoice (with a change to Alpha, seen arriving): it is not listed.
    peer.pull();
    peer.put(json!({"_id": "invoice:2026-0002", "kind": "invoice", "data": {"total": 7}}));
    peer.set(&alpha, "/data/billing/default_address/city", json!("Potsdam"));
    peer.push();
    sync_now(&b).await?;
    b.goto(&format!("/{}", alpha.replace(':', "s/"))).await?;
    b.wait_text("main", "Potsdam").await?;
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    assert!(b.find("#set-aside").await.is_err(), "an ignored kind's new document is not listed");
    b.screenshot("desktop-sync-ignored-kind").await?;
    assert_eq!(b.axe_violations().await?, Vec::<(String, String)>::new(), "the ignored kinds meet WCAG 2.2 AA");
    b.viewport(360, 740).await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the ignored kinds are wider than the phone");
    b.screenshot("phone-sync-ignored-kind").await?;
    b.viewport(1280, 900).await?;

    // Listed again: the next invoice is set aside as before.
    b.click("[data-testid=ignored-kind] button").await?;
    b.wait_gone("#ignored-kinds").await?;
    peer.pull();
    peer.put(json!({"_id": "invoice:2026-0003", "kind": "invoice", "data": {"total": 9}}));
    peer.push();
    sync_now(&b).await?;
    b.wait_text("[data-testid=sync-status]", "except 1 document").await?;
    b.wait_exact("[data-testid=set-aside-kind] span", "1 document of a kind this app does not know: “invoice”").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn three_thousand_branches_of_a_pouchdb_peer_are_merged_and_the_server_ends_with_one_leaf_each() -> TestResult {
    const N: usize = 3_000;
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.connect_couchdb(&server.url, DB).await?;
    let work = e2e::TempDir::new("branches");
    let (created, moved) = (work.join("customers.csv"), work.join("moved.csv"));
    std::fs::write(&created, e2e::new_customers_csv(N, "kunde"))?;
    std::fs::write(&moved, e2e::new_customers_csv(N, "kunde").replace(",Berlin,", ",Hamburg,"))?;
    b.import_new(&created, N).await?;
    wait_for("every customer on the server", || (server.doc_count(DB) as usize >= N).then_some(())).await;
    b.wait_text("[data-testid=sync-badge]", "Synced").await?;
    let peer = Peer::new(&format!("{}/{DB}", server.url));
    peer.pull();

    // The app moves every customer to Hamburg and pushes; the peer, unaware, changes every postal code and
    // replicates: 3,000 documents with two leaves on the server.
    b.import_updates(&moved, N).await?;
    let city = |d: &Value| field(d, "/data/billing/default_address/city").as_str().map(String::from);
    let in_hamburg = || server.customers(DB).iter().filter(|d| city(d).as_deref() == Some("Hamburg")).count();
    wait_for("the app's change on the server", || (in_hamburg() >= N).then_some(())).await;
    peer.set_all("customer:", "/data/billing/default_address/postal_code", json!("80331"));
    peer.push();
    let first = server.customers(DB)[0]["_id"].as_str().unwrap_or_default().to_string();
    assert_eq!(on_server(&server, &first)["_conflicts"].as_array().map(Vec::len), Some(1), "two leaves");

    // The app merges them all: both changes on every copy, one leaf each, the peer converges too.
    sync_now(&b).await?;
    let merged = || {
        let all = server.get(&format!("/{DB}/_all_docs?include_docs=true&conflicts=true"))?;
        let docs: Vec<Value> = all["rows"].as_array()?.iter().map(|r| r["doc"].clone()).collect();
        let done = docs.iter().filter(|d| {
            d["_id"].as_str().is_some_and(|i| i.starts_with("customer:"))
                && d.get("_conflicts").is_none()
                && city(d).as_deref() == Some("Hamburg")
                && field(d, "/data/billing/default_address/postal_code") == "80331"
        });
        (done.count() == N).then_some(())
    };
    wait_for("3,000 merged on the server, one leaf each", merged).await;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    peer.pull();
    let at_peer = peer.get(&first);
    assert!(at_peer.get("_conflicts").is_none(), "the peer converged: {at_peer}");
    assert_eq!(field(&at_peer, "/data/billing/default_address/city"), "Hamburg");
    b.goto(&format!("/{}", first.replace(':', "s/"))).await?;
    b.wait_text("main", "80331").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peer_and_the_app_changing_the_same_customers_in_random_interleavings_lose_nothing() -> TestResult {
    // 160 customers over 12 rounds: the app moves a quarter of them to a new city each round (a CSV import of
    // updates, which reloads the page: a push in flight then loses its answer), a PouchDB peer that seldom
    // pulls changes the phone of an eighth of them and pushes before, during or after the app's sync. The
    // peer, as a client that resolves its own conflicts, leaves out documents in conflict on its side. The
    // peer also deletes a few customers it never changed, before the app's import of the round: an edit the
    // app makes to one of them then is concurrent with the delete and must win; a delete that grew from an
    // older revision than an edit of the app's is concurrent too, so such a customer may live again — but on
    // every copy alike. Every city and every phone must end as last written on every copy, with no question
    // to the partner (the two change different fields) and one leaf per document. Seeds: `E2E_SEED`.
    const N: usize = 160;
    let mut steps = Steps::seeded(3);
    let seed = steps.seed;
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.connect_couchdb(&server.url, DB).await?;
    let work = e2e::TempDir::new("interleavings");
    let created = work.join("customers.csv");
    std::fs::write(&created, e2e::new_customers_csv(N, "kunde"))?;
    b.import_new(&created, N).await?;
    wait_for("every customer on the server", || (server.doc_count(DB) as usize >= N).then_some(())).await;
    // Read the server once the app's pushes are done (pouchdb-server in memory can fail a whole read beside
    // a write: "Cannot set properties of undefined" in its adapter, and the process ends).
    b.wait_text("[data-testid=sync-badge]", "Synced").await?;
    let peer = Peer::new(&format!("{}/{DB}", server.url));
    peer.pull();
    // What each row's fields must end as.
    let ids = ids_by_row(&server, N)?;
    let (mut city, mut phone) = (vec!["Berlin".to_string(); N], vec![String::new(); N]);
    // Rows the peer deleted, and those of them the app changed in the same round (unseen by each other).
    let (mut deleted, mut must_live) = (vec![false; N], vec![false; N]);
    let mut deleted_in = vec![0; N];
    for round in 0..12 {
        if steps.below(5) == 0 {
            peer.pull();
        }
        peer_changes_phones(&peer, &mut steps, round, &ids, &mut phone)?;
        if steps.below(2) == 0 {
            peer.push();
        }
        let candidates: Vec<String> = (0..N)
            .filter(|&i| !deleted[i] && phone[i].is_empty() && steps.below(24) == 0)
            .map(|i| ids[i].clone())
            .collect();
        let gone_now: Vec<usize> =
            peer.delete_settled(&candidates).iter().filter_map(|id| ids.iter().position(|d| d == id)).collect();
        let mut moved = Vec::new();
        for (i, city) in city.iter_mut().enumerate() {
            if !deleted[i] && steps.below(4) == 0 {
                *city = format!("Stadt {round}-{i}");
                moved.push(i);
                must_live[i] = gone_now.contains(&i);
            }
        }
        gone_now.iter().for_each(|&i| (deleted[i], deleted_in[i]) = (true, round));
        let updates = work.join(format!("round-{round}.csv"));
        std::fs::write(&updates, e2e::customers_csv("kunde", moved.iter().map(|&i| (i, city[i].as_str()))))?;
        b.import_updates(&updates, moved.len()).await?;
        peer_pushes_beside(&peer, &b, &mut steps).await?;
    }
    settle(&peer, &[&b]).await?;
    let mut wrong = Vec::new();
    let on_server = live_docs(&server)?;
    let mut gone = vec![false; N];
    for i in 0..N {
        let doc = on_server.iter().find(|d| d["_id"] == ids[i].as_str());
        let at_peer = peer.exists(&ids[i]).then(|| peer.get(&ids[i]));
        let (doc, at_peer) = match (doc, at_peer) {
            (Some(doc), Some(at_peer)) => (doc, at_peer),
            (None, None) => {
                gone[i] = true;
                if !deleted[i] || must_live[i] {
                    wrong.push(format!("Kunde {i} gone (deleted by the peer: {}, edited beside it)", deleted[i]));
                }
                continue;
            }
            (doc, at_peer) => {
                wrong.push(format!(
                    "Kunde {i} live on the server: {}, at the peer: {}",
                    doc.is_some(),
                    at_peer.is_some()
                ));
                continue;
            }
        };
        for (copy, d) in [("server", doc), ("peer", &at_peer)] {
            if d.get("_conflicts").is_some() {
                wrong.push(format!("{copy}: Kunde {i} has conflicting leaves"));
            }
            if field(d, CITY).as_str() != Some(city[i].as_str()) || field(d, PHONE).as_str().unwrap_or("") != phone[i] {
                wrong.push(format!(
                    "{copy}: Kunde {i} {} / {}, not {} / {:?}",
                    field(d, CITY),
                    field(d, PHONE),
                    city[i],
                    phone[i]
                ));
            }
        }
    }
    // The app holds the same: every customer as stored on this device. ("Up to date" may still be the words
    // of the round before the last push: a customer behind is given three more rounds; one that differs
    // while nothing waits would stay so.)
    let mut behind = Vec::new();
    for _ in 0..4 {
        behind = stored_differences(&b, &ids, &gone, &city, &phone).await?;
        if behind.is_empty() {
            break;
        }
        sync_now(&b).await?;
        b.wait_text("[data-testid=sync-status]", "Up to date").await?;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    wrong.extend(behind);
    assert!(wrong.is_empty(), "seed {seed}: {} wrong, first: {:?}", wrong.len(), &wrong[..wrong.len().min(8)]);
    // Both outcomes of a delete happened, and the last the peer made for good is in that customer's log.
    let lived = (0..N).filter(|&i| deleted[i] && !gone[i]).count();
    let died = (0..N).filter(|&i| gone[i]).max_by_key(|&i| deleted_in[i]);
    let died = died.ok_or(format!("seed {seed}: no delete of the peer's stayed"))?;
    assert!(lived > 0, "seed {seed}: no customer the peer deleted lived on by an edit");
    b.goto(&format!("/activity?customer={}", ids[died].trim_start_matches("customer:"))).await?;
    b.wait_text("table.activity-log", &format!("Kunde {died} GmbH Deleted on another device")).await?;
    // The app shows the same: a customer both changed, on its page.
    let both = (0..N).rev().find(|&i| !phone[i].is_empty() && city[i] != "Berlin").ok_or("a customer both changed")?;
    b.goto(&format!("/{}", ids[both].replace(':', "s/"))).await?;
    b.wait_text("main", &city[both]).await?;
    b.wait_text("main", &phone[both]).await?;
    b.close().await
}

/// How the customers stored in the app differ from the `city` and `phone` each must hold (`ids` by row), and
/// those `gone` from the remote it holds or those live there it lacks.
async fn stored_differences(
    b: &Browser,
    ids: &[String],
    gone: &[bool],
    city: &[String],
    phone: &[String],
) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let mut wrong = Vec::new();
    let mut here = vec![false; ids.len()];
    for c in b.stored_customers().await? {
        let i = ids
            .iter()
            .position(|d| d.ends_with(c["id"].as_str().unwrap_or("?")))
            .ok_or("a customer the server never had")?;
        here[i] = true;
        if gone[i] {
            wrong.push(format!("app: Kunde {i} is here, deleted on the remote"));
            continue;
        }
        let (here_city, here_phone) =
            (field(&c, "/billing/default_address/city"), field(&c, "/billing/default_address/phone_number"));
        if here_city.as_str() != Some(city[i].as_str()) || here_phone.as_str().unwrap_or("") != phone[i] {
            wrong.push(format!("app: Kunde {i} {here_city} / {here_phone}, not {} / {:?}", city[i], phone[i]));
        }
    }
    wrong.extend((0..ids.len()).filter(|&i| !here[i] && !gone[i]).map(|i| format!("app: Kunde {i} is missing")));
    Ok(wrong)
}

type Failed = Box<dyn std::error::Error + Send + Sync>;

/// The document id of each row of `e2e::new_customers_csv(n, …)` ("Kunde i GmbH"), as the server holds it.
fn ids_by_row(server: &PouchServer, n: usize) -> Result<Vec<String>, Failed> {
    let mut ids = vec![String::new(); n];
    for doc in server.customers(DB) {
        let name = field(&doc, "/data/company/company_name").as_str().unwrap_or_default().to_string();
        let i: usize = name.trim_start_matches("Kunde ").trim_end_matches(" GmbH").parse()?;
        ids[i] = doc["_id"].as_str().unwrap_or_default().to_string();
    }
    Ok(ids)
}

/// The peer's change of a round: the phone of the customers under two random id prefixes that are settled at
/// the peer, noted in `phone` (by row of `ids`).
fn peer_changes_phones(peer: &Peer, steps: &mut Steps, round: u64, ids: &[String], phone: &mut [String]) -> TestResult {
    let value = format!("+49 30 5550{round:03}");
    for _ in 0..2 {
        let digit = "0123456789abcdef".as_bytes()[steps.below(16) as usize] as char;
        for id in peer.set_all_settled(&format!("customer:{digit}"), PHONE, json!(value)) {
            let i = ids.iter().position(|d| *d == id).ok_or("an id the peer changed")?;
            phone[i] = value.clone();
        }
    }
    Ok(())
}

/// The peer pushes after a random wait, during a sync the app was asked for, or at once.
async fn peer_pushes_beside(peer: &Peer, app: &Browser, steps: &mut Steps) -> TestResult {
    match steps.below(3) {
        0 => {
            tokio::time::sleep(std::time::Duration::from_millis(steps.below(1_500))).await;
            peer.push();
        }
        1 => {
            sync_now(app).await?;
            tokio::time::sleep(std::time::Duration::from_millis(steps.below(800))).await;
            peer.push();
        }
        _ => peer.push(),
    }
    Ok(())
}

/// Three rounds of the peer pushing, every device syncing to "Up to date" and the peer pulling.
async fn settle(peer: &Peer, devices: &[&Browser]) -> TestResult {
    for _ in 0..3 {
        peer.push();
        for device in devices {
            sync_now(device).await?;
        }
        for device in devices {
            device.wait_text("[data-testid=sync-status]", "Up to date").await?;
        }
        peer.pull();
    }
    Ok(())
}

/// The server's live documents, each with its `_conflicts`.
fn live_docs(server: &PouchServer) -> Result<Vec<Value>, Failed> {
    let all =
        server.get(&format!("/{DB}/_all_docs?include_docs=true&conflicts=true")).ok_or("the server's documents")?;
    Ok(all["rows"].as_array().cloned().unwrap_or_default().into_iter().map(|r| r["doc"].clone()).collect())
}

/// The tags of a customer document (the app's or a server's, at `path`), as a set.
fn tags_at(doc: &Value, path: &str) -> BTreeSet<String> {
    let tags = field(doc, path).as_array().cloned().unwrap_or_default();
    tags.iter().filter_map(|t| t.as_str().map(String::from)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_devices_of_the_app_and_a_peer_changing_the_same_customers_lose_nothing() -> TestResult {
    // 160 customers over 10 rounds on two devices of the app and a PouchDB peer: device A moves a quarter of
    // them to a new city per round (a CSV import of updates), device B tags or untags every customer whose
    // number starts with a digit (the list's search, "Select all N matching", a bulk tag change), the peer
    // changes the phone of an eighth and pushes at random moments. Both devices merge the peer's branches
    // while each pushes its own changes. Every city, phone and tag set must end as last written on the
    // server, the peer and both devices, with one leaf per document. Seeds: `E2E_SEED`.
    const N: usize = 160;
    let mut steps = Steps::seeded(9);
    let seed = steps.seed;
    let (site, server, driver) = (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start());
    let (pa, pb) = (Profile::new(), Profile::new());
    let a = Browser::open(&driver, &pa, &site.url).await?;
    let b = Browser::open(&driver, &pb, &site.url).await?;
    a.connect_couchdb(&server.url, DB).await?;
    let work = e2e::TempDir::new("two-devices");
    let created = work.join("customers.csv");
    std::fs::write(&created, e2e::new_customers_csv(N, "kunde"))?;
    a.import_new(&created, N).await?;
    wait_for("every customer on the server", || (server.doc_count(DB) as usize >= N).then_some(())).await;
    a.wait_text("[data-testid=sync-badge]", "Synced").await?;
    b.connect_couchdb(&server.url, DB).await?;
    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", "160 customers").await?;
    let peer = Peer::new(&format!("{}/{DB}", server.url));
    peer.pull();
    let ids = ids_by_row(&server, N)?;
    let (mut city, mut phone) = (vec!["Berlin".to_string(); N], vec![String::new(); N]);
    let mut tags = vec![BTreeSet::new(); N];
    for round in 0..10 {
        if steps.below(5) == 0 {
            peer.pull();
        }
        peer_changes_phones(&peer, &mut steps, round, &ids, &mut phone)?;
        let mut moved = Vec::new();
        for (i, city) in city.iter_mut().enumerate() {
            if steps.below(4) == 0 {
                *city = format!("Stadt {round}-{i}");
                moved.push(i);
            }
        }
        let updates = work.join(format!("round-{round}.csv"));
        std::fs::write(&updates, e2e::customers_csv("kunde", moved.iter().map(|&i| (i, city[i].as_str()))))?;
        if steps.below(2) == 0 {
            peer.push();
        }
        // Device B starts its tag change, device A its import beside it.
        let change = TagChange::draw(&mut steps, round, N);
        b.tag_matching(&change).await?;
        a.import_updates(&updates, moved.len()).await?;
        b.wait_text("#bulk-message.notice-success", &format!("“{}”", change.tag)).await?;
        change.apply(&mut tags);
        peer_pushes_beside(&peer, &a, &mut steps).await?;
    }
    settle(&peer, &[&a, &b]).await?;
    let on_server = live_docs(&server)?;
    let differs = |d: &Value, i: usize, [city_at, phone_at, tags_at_]: [&str; 3]| {
        let (c, p, t) = (field(d, city_at), field(d, phone_at), tags_at(d, tags_at_));
        (c.as_str() != Some(city[i].as_str()) || p.as_str().unwrap_or("") != phone[i] || t != tags[i])
            .then(|| format!("Kunde {i} {c} / {p} / {t:?}, not {} / {:?} / {:?}", city[i], phone[i], tags[i]))
    };
    let mut wrong = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let doc = on_server.iter().find(|d| d["_id"] == id.as_str()).ok_or("a customer gone from the server")?;
        for (copy, d) in [("server", doc), ("peer", &peer.get(id))] {
            if d.get("_conflicts").is_some() {
                wrong.push(format!("{copy}: Kunde {i} has conflicting leaves"));
            }
            wrong.extend(differs(d, i, [CITY, PHONE, "/data/tags"]).map(|w| format!("{copy}: {w}")));
        }
    }
    // Each device holds the same, given a few more rounds when "Up to date" was the words of a round before
    // the last push.
    for (name, device) in [("A", &a), ("B", &b)] {
        let mut behind = Vec::new();
        for _ in 0..4 {
            behind.clear();
            for c in device.stored_customers().await? {
                let i = ids.iter().position(|d| d.ends_with(c["id"].as_str().unwrap_or("?"))).ok_or("a stranger")?;
                let paths = ["/billing/default_address/city", "/billing/default_address/phone_number", "/tags"];
                behind.extend(differs(&c, i, paths).map(|w| format!("{name}: {w}")));
            }
            if behind.is_empty() {
                break;
            }
            sync_now(device).await?;
            device.wait_text("[data-testid=sync-status]", "Up to date").await?;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
        wrong.extend(behind);
    }
    assert!(wrong.is_empty(), "seed {seed}: {} wrong, first: {:?}", wrong.len(), &wrong[..wrong.len().min(8)]);
    a.close().await?;
    b.close().await
}
