//! Sync through the HTTP pull/push remote (docs/SYNC-HTTP.md) against the suite's own server: a wrong
//! token asks for credentials and keeps the changes, the right one syncs, the server's conflict answer
//! becomes a conflict on `/sync` — and a change whose answer was lost, then changed again on another
//! device, is not asked about.

use std::collections::BTreeSet;

use e2e::{dist_dir, Browser, Driver, HttpSyncServer, Profile, StaticServer, Steps, TagChange, TestResult};
use partner_accounts::sync::wire::HttpDoc;
use serde_json::Value;

const TOKEN: &str = "s3cret-token";

/// Sets the HTTP remote on `/sync` with `token` (remembered on the device when `remember`).
async fn connect(b: &Browser, server: &HttpSyncServer, token: &str, remember: bool) -> TestResult {
    b.goto("/sync").await?;
    b.select("sync-kind", "http").await?;
    b.wait_gone("#sync-database").await?;
    b.type_into("sync-url", &server.url).await?;
    b.select("sync-auth", "bearer").await?;
    b.type_into("sync-secret", token).await?;
    if remember {
        b.click("#sync-remember").await?;
    }
    b.click("#save-sync").await?;
    Ok(())
}

/// Adds Northwind Traders in Köln on `b`: its id, and its document's id.
async fn northwind(b: &Browser) -> Result<(String, String), Box<dyn std::error::Error + Send + Sync>> {
    b.add_customer("Northwind Traders GmbH", "northwind", "Köln").await?;
    let id = b.path().await?.trim_start_matches("/customers/").to_string();
    Ok((id.clone(), format!("customer:{id}")))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_http_remote_asks_for_credentials_syncs_and_reports_conflicts() -> TestResult {
    let (site, server, driver) = (StaticServer::start(&dist_dir()), HttpSyncServer::start(TOKEN), Driver::start());
    let (pa, pb) = (Profile::new(), Profile::new());
    let a = Browser::open(&driver, &pa, &site.url).await?;
    let (id, doc_id) = northwind(&a).await?;

    // A wrong token: sync asks for credentials, and the customer waits on the device.
    connect(&a, &server, "wrong", false).await?;
    a.wait_text("[data-testid=sync-status]", "asks for valid credentials").await?;
    a.wait_text("[data-testid=sync-badge]", "Sign in to sync").await?;
    assert!(server.doc(&doc_id).is_none());
    a.screenshot("desktop-sync-credentials").await?;
    // The right one, remembered this time (a reload would otherwise forget it).
    a.type_into("sync-secret", TOKEN).await?;
    a.click("#sync-remember").await?;
    a.click("#save-sync").await?;
    a.wait_text("[data-testid=sync-status]", "Up to date").await?;
    let doc = server.doc(&doc_id).expect("pushed");
    assert_eq!(doc.data.unwrap()["company"]["company_name"], "Northwind Traders GmbH");
    assert!(doc.rev.starts_with("1-"), "{}", doc.rev);

    let b = Browser::open(&driver, &pb, &site.url).await?;
    connect(&b, &server, TOKEN, true).await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.goto(&format!("/customers/{id}")).await?;
    b.wait_text("main", "Northwind Traders GmbH").await?;

    // Both rename it offline; A pushes first; B's push is answered with A's version: a conflict.
    for (browser, name) in [(&a, "Northwind West GmbH"), (&b, "Northwind Ost GmbH")] {
        browser.set_offline(true).await?;
        browser.goto(&format!("/customers/{id}")).await?;
        browser.click("#edit").await?;
        browser.type_into("company_name", name).await?;
        browser.click("#save").await?;
        browser.wait_text("main", "Changes saved").await?;
    }
    a.set_offline(false).await?;
    a.wait_text("[data-testid=sync-badge]", "Synced").await?;
    b.set_offline(false).await?;
    b.wait_text("[data-testid=sync-badge]", "to settle").await?;
    b.goto("/sync").await?;
    let card = b.wait_text("#conflicts", "Company name").await?;
    assert!(card.contains("Remote: Northwind West GmbH") && card.contains("This device: Northwind Ost GmbH"), "{card}");
    // B remembered its token: after a reload it still syncs without asking (and says the conflict waits).
    b.goto("/sync").await?;
    b.wait_exact(
        "[data-testid=sync-status]",
        "Synced, except 1 record changed here and on the remote in the same field: settle it under “Conflicts to settle” below.",
    )
    .await?;

    // The server loses every document (restored from nothing: a new instance). A notices at its next sync,
    // starts over and sends everything it has again; nothing is counted as sent that was not stored.
    server.lose_everything();
    a.goto("/sync").await?;
    a.click("#sync-now").await?;
    e2e::wait_for("A's customer back on the server", || server.doc(&doc_id)).await;
    a.wait_text("[data-testid=sync-status]", "Up to date").await?;
    a.wait_exact("[data-testid=sync-pending]", "0").await?;
    assert_eq!(server.doc(&doc_id).unwrap().data.unwrap()["company"]["company_name"], "Northwind West GmbH");
    a.close().await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_typed_in_a_tab_that_does_not_sync_is_the_one_the_syncing_tab_uses() -> TestResult {
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), HttpSyncServer::start(TOKEN), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.add_customer("Northwind Traders GmbH", "northwind", "Köln").await?;
    let doc_id = format!("customer:{}", b.path().await?.trim_start_matches("/customers/"));
    connect(&b, &server, "wrong", false).await?;
    b.wait_text("[data-testid=sync-status]", "asks for valid credentials").await?;

    // A second tab: it does not sync; the right token is typed there and not remembered (memory only).
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle).await?;
    b.goto("/sync").await?;
    b.wait_exact("[data-testid=sync-role]", "Another tab of the app runs sync").await?;
    b.type_into("sync-secret", TOKEN).await?;
    b.click("#save-sync").await?;
    // The syncing tab syncs with it (it kept asking for credentials before).
    e2e::wait_for("the customer on the server", || server.doc(&doc_id)).await;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    b.close().await
}

/// The city of `doc` on the server.
fn city(doc: &HttpDoc) -> &str {
    doc.data.as_ref().and_then(|d| d.pointer("/billing/default_address/city")?.as_str()).unwrap_or_default()
}

/// Moves the customer on the page open in `b` to `to`.
async fn move_to(b: &Browser, id: &str, to: &str) -> TestResult {
    b.goto(&format!("/customers/{id}")).await?;
    b.click("#edit").await?;
    b.type_into("city", to).await?;
    b.click("#save").await?;
    b.wait_text("main", "Changes saved").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_whose_answer_was_lost_and_that_another_device_changed_since_is_not_asked_about() -> TestResult {
    lost_answer_moved_on(true).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_with_a_backend_that_keeps_no_old_contents() -> TestResult {
    lost_answer_moved_on(false).await
}

/// A's move is stored but its answer lost; B takes it and moves the customer on; A, back, is not asked
/// (the backend naming its earlier states with their contents when `old_contents`, by their changes only
/// otherwise).
async fn lost_answer_moved_on(old_contents: bool) -> TestResult {
    let (site, server, driver) = (StaticServer::start(&dist_dir()), HttpSyncServer::start(TOKEN), Driver::start());
    if !old_contents {
        server.keep_no_old_contents();
    }
    let (pa, pb) = (Profile::new(), Profile::new());
    let a = Browser::open(&driver, &pa, &site.url).await?;
    let (id, doc_id) = northwind(&a).await?;
    connect(&a, &server, TOKEN, true).await?;
    a.wait_text("[data-testid=sync-status]", "Up to date").await?;
    let b = Browser::open(&driver, &pb, &site.url).await?;
    connect(&b, &server, TOKEN, true).await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;

    // A moves the customer to Hamburg: the server stores it, but A never hears (a gateway's 502), and A
    // goes into a tunnel before it tries again.
    server.lose_push_answers(1);
    move_to(&a, &id, "Hamburg").await?;
    e2e::wait_for("A's Hamburg on the server", || server.doc(&doc_id).filter(|d| city(d) == "Hamburg")).await;
    a.set_offline(true).await?;
    server.lose_push_answers(0);

    // B takes Hamburg and moves the customer on to München.
    b.goto("/sync").await?;
    b.click("#sync-now").await?;
    b.wait_exact("[data-testid=sync-status]", "Up to date with the remote.").await?;
    move_to(&b, &id, "München").await?;
    e2e::wait_for("B's München on the server", || server.doc(&doc_id).filter(|d| city(d) == "München")).await;

    // A is back: its retry meets München, finds its own Hamburg among the states stored since, and takes
    // München without asking "This device: Hamburg / Remote: München" (whose "Keep this device's values"
    // would put the older Hamburg back over B's change).
    a.set_offline(false).await?;
    a.goto("/sync").await?;
    a.click("#sync-now").await?;
    a.wait_exact("[data-testid=sync-status]", "Up to date with the remote.").await?;
    a.wait_exact("[data-testid=sync-pending]", "0").await?;
    a.wait_gone("#conflicts").await?;
    assert_eq!(city(&server.doc(&doc_id).expect("on the server")), "München");
    a.goto(&format!("/customers/{id}")).await?;
    a.wait_text("main", "München").await?;
    a.close().await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn two_devices_on_a_backend_that_loses_answers_lose_nothing_and_are_asked_nothing() -> TestResult {
    // 120 customers over 10 rounds on two devices. The devices take turns to move customers to new cities
    // (CSV imports of updates), each only customers whose last city it holds — so no move is ever a real
    // concurrent edit of another's — and B tags or untags every customer whose number starts with a digit each
    // round (a bulk tag change, beside A's import). Each round the backend loses the answer of every push, of
    // every second or third, or of none (502 after storing), and now and then a device is offline for the
    // round: a move whose answer was lost is often taken and moved on by the other device before the first
    // hears of it. Nothing may be a question: every city and tag set must end as last written on the server
    // and on both devices, with nothing waiting. Seeds: `E2E_SEED`.
    const N: usize = 120;
    let mut steps = Steps::seeded(6);
    let seed = steps.seed;
    let (site, server, driver) = (StaticServer::start(&dist_dir()), HttpSyncServer::start(TOKEN), Driver::start());
    let (pa, pb) = (Profile::new(), Profile::new());
    let a = Browser::open(&driver, &pa, &site.url).await?;
    let b = Browser::open(&driver, &pb, &site.url).await?;
    connect(&a, &server, TOKEN, true).await?;
    a.wait_text("[data-testid=sync-status]", "Up to date").await?;
    let work = e2e::TempDir::new("http-devices");
    let created = work.join("customers.csv");
    std::fs::write(&created, e2e::new_customers_csv(N, "kunde"))?;
    a.import_new(&created, N).await?;
    let customers = || server.docs().into_iter().filter(|d| d.id.starts_with("customer:")).collect::<Vec<_>>();
    e2e::wait_for("every customer on the server", || (customers().len() >= N).then_some(())).await;
    connect(&b, &server, TOKEN, true).await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", "120 customers").await?;
    let mut ids = vec![String::new(); N];
    for doc in customers() {
        let name = doc.data.as_ref().and_then(|d| d.pointer("/company/company_name")?.as_str()).unwrap_or_default();
        let row: usize = name.trim_start_matches("Kunde ").trim_end_matches(" GmbH").parse()?;
        ids[row] = doc.id.trim_start_matches("customer:").to_string();
    }
    let (mut cities, mut tags) = (vec!["Berlin".to_string(); N], vec![BTreeSet::new(); N]);
    let (mut lost, mut moves) = (Vec::new(), Vec::new());
    for round in 0..10 {
        let every = [0, 1, 2, 3][steps.below(4) as usize];
        server.lose_push_answers(every);
        lost.push(every);
        let (mover, tagger) = if round % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let offline = [Some(mover), Some(tagger), None, None][steps.below(4) as usize];
        if let Some(device) = offline {
            device.set_offline(true).await?;
        } else {
            mover.goto("/sync").await?;
            mover.click("#sync-now").await?;
            tokio::time::sleep(std::time::Duration::from_millis(steps.below(3_000))).await;
        }
        let mut held = vec![String::new(); N];
        for c in mover.stored_customers().await? {
            let i = ids.iter().position(|id| c["id"] == id.as_str()).ok_or("a stranger")?;
            held[i] = c.pointer("/billing/default_address/city").and_then(Value::as_str).unwrap_or_default().into();
        }
        let moved: Vec<usize> = (0..N).filter(|&i| held[i] == cities[i] && steps.below(4) == 0).collect();
        for &i in &moved {
            cities[i] = format!("Stadt {round}-{i}");
        }
        let updates = work.join(format!("round-{round}.csv"));
        std::fs::write(&updates, e2e::customers_csv("kunde", moved.iter().map(|&i| (i, cities[i].as_str()))))?;
        let change = TagChange::draw(&mut steps, round, N);
        // B's tag change runs beside A's import; when B moves, one after the other.
        if round % 2 == 1 && !moved.is_empty() {
            b.import_updates(&updates, moved.len()).await?;
        }
        b.tag_matching(&change).await?;
        if round % 2 == 0 && !moved.is_empty() {
            a.import_updates(&updates, moved.len()).await?;
        }
        b.wait_text("#bulk-message.notice-success", &format!("“{}”", change.tag)).await?;
        change.apply(&mut tags);
        tokio::time::sleep(std::time::Duration::from_millis(steps.below(3_000))).await;
        if let Some(device) = offline {
            device.set_offline(false).await?;
        }
        moves.push(moved.len());
    }
    server.lose_push_answers(0);
    for _ in 0..2 {
        for device in [&a, &b] {
            device.goto("/sync").await?;
            device.click("#sync-now").await?;
        }
        for device in [&a, &b] {
            device.wait_text("[data-testid=sync-status]", "Up to date").await?;
        }
    }
    let wrong_in = |copy: &str, i: usize, doc: &Value| {
        let city = doc.pointer("/billing/default_address/city").and_then(Value::as_str).unwrap_or_default();
        let had: BTreeSet<String> =
            doc["tags"].as_array().into_iter().flatten().filter_map(|t| t.as_str().map(String::from)).collect();
        (city != cities[i] || had != tags[i])
            .then(|| format!("{copy}: Kunde {i} {city} / {had:?}, not {} / {:?}", cities[i], tags[i]))
    };
    let mut wrong = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let doc =
            server.doc(&format!("customer:{id}")).and_then(|d| d.data).ok_or("a customer gone from the server")?;
        wrong.extend(wrong_in("server", i, &doc));
    }
    for (name, device) in [("A", &a), ("B", &b)] {
        device.goto("/sync").await?;
        device.wait_exact("[data-testid=sync-status]", "Up to date with the remote.").await?;
        device.wait_exact("[data-testid=sync-pending]", "0").await?;
        for c in device.stored_customers().await? {
            let i = ids.iter().position(|id| c["id"] == id.as_str()).ok_or("a stranger")?;
            wrong.extend(wrong_in(name, i, &c));
        }
    }
    let answers_lost = server.answers_lost();
    assert!(answers_lost > 0, "seed {seed}: no answer was lost (every {lost:?})");
    assert!(
        wrong.is_empty(),
        "seed {seed} ({answers_lost} answers lost, every {lost:?}; moves {moves:?}): {} wrong, first: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(8)]
    );
    println!("seed {seed}: {answers_lost} push answers lost, moves {moves:?}");
    a.close().await?;
    b.close().await
}
