//! Sync with a real CouchDB-protocol server (pouchdb-server on 127.0.0.1) from the built app, as a user:
//! set the remote on `/sync`, add and edit customers, see the documents on the server, see a change made on
//! the server arrive, and two devices editing the same customer offline.

use e2e::{dist_dir, Browser, CdpCommand, Driver, PouchServer, Profile, StaticServer, TestResult};
use serde_json::Value;

const DB: &str = "accounts";

/// The app's site, an empty pouchdb-server, a browser driver and a fresh profile.
fn parts() -> (StaticServer, PouchServer, Driver, Profile) {
    (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new())
}

/// Sets the remote on `/sync` (CouchDB at `server`, database `accounts`, live when asked) and waits for
/// the first sync to finish.
pub async fn connect(b: &Browser, server: &PouchServer, live: bool) -> TestResult {
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "Sync is off").await?;
    b.type_into("sync-url", &server.url).await?;
    b.type_into("sync-database", DB).await?;
    if live {
        b.click("#sync-live").await?;
    }
    b.click("#save-sync").await?;
    b.wait_text("[data-testid=sync-status]", if live { "listening for changes" } else { "Up to date" }).await?;
    Ok(())
}

/// The id of the customer whose page is open.
async fn open_customer_id(b: &Browser) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    Ok(b.path().await?.trim_start_matches("/customers/").to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn customers_reach_the_server_and_a_server_change_reaches_the_page() -> TestResult {
    let (site, server, driver, profile) = parts();
    let b = Browser::open(&driver, &profile, &site.url).await?;

    // A wrong address is named next to its field; nothing is saved.
    b.goto("/sync").await?;
    b.type_into("sync-url", "couch.example.com").await?;
    b.click("#save-sync").await?;
    b.wait_text("#sync-url-error", "starting with https://").await?;
    b.wait_text("[data-testid=sync-status]", "Sync is off").await?;
    // With sync off no tab is said to run it (the runner starts a second after the page, then idles).
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let page = b.find("main").await?.text().await?;
    assert!(!page.contains("This tab") && !page.contains("runs sync"), "no tab is said to run sync: {page}");
    connect(&b, &server, true).await?;
    b.wait_exact("[data-testid=sync-role]", "Runs sync for all tabs of the app").await?;
    b.wait_text("[data-testid=sync-badge]", "Live").await?;
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "listening").await?;
    b.screenshot("desktop-sync").await?;

    b.add_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    let id = open_customer_id(&b).await?;
    b.wait_text("[data-testid=sync-badge]", "Live").await?;
    let doc_path = format!("/{DB}/customer:{id}");
    let doc =
        wait_for(|| server.get(&doc_path).filter(|d| d["data"]["company"]["company_name"] == "Contoso Handels GmbH"))
            .await;
    assert_eq!(doc["data"]["company"]["domain"], "contosohandel.onmicrosoft.com");
    assert_eq!(doc["kind"], "customer");
    assert!(!server.customers(DB).is_empty());

    // An edit is pushed without asking.
    b.click("#edit").await?;
    b.type_into("city", "Potsdam").await?;
    b.click("#save").await?;
    b.wait_text("main", "Changes saved").await?;
    wait_for(|| server.get(&doc_path).filter(|d| d["data"]["billing"]["default_address"]["city"] == "Potsdam")).await;
    let activity = server.get(&format!("/{DB}/_all_docs")).unwrap();
    let activity_docs = activity["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"].as_str().unwrap().starts_with("activity:"))
        .count();
    assert_eq!(activity_docs, 2, "the activity log syncs too: added, edited");

    // Someone changes the customer on the server: the open page shows it without a click (live).
    let mut changed = server.get(&doc_path).unwrap();
    changed["data"]["company"]["company_name"] = Value::from("Contoso Handel (Server) GmbH");
    server.send("PUT", &doc_path, &changed);
    b.goto(&format!("/customers/{id}")).await?;
    b.wait_text("main", "Contoso Handel (Server) GmbH").await?;
    b.goto("/sync").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    assert!(
        server.get(&format!("/{DB}/_local/partner-accounts-{}", device_id(&b).await?)).is_some(),
        "checkpoint on the server"
    );

    b.viewport(360, 740).await?;
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "listening").await?;
    assert_eq!(b.horizontal_overflow().await?, 0);
    b.screenshot("phone-sync").await?;
    b.close().await
}

/// This device's id, as the app stored it.
async fn device_id(b: &Browser) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let v = b
        .run_async(
            "const open = indexedDB.open('partner-accounts');
             open.onsuccess = () => { const r = open.result.transaction('meta').objectStore('meta').get('device-id');
               r.onsuccess = () => done(r.result); };",
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Polls `check` for up to 15 s.
pub async fn wait_for<T>(mut check: impl FnMut() -> Option<T>) -> T {
    for _ in 0..150 {
        if let Some(v) = check() {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for the server");
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

#[tokio::test(flavor = "multi_thread")]
async fn two_devices_edit_offline_different_fields_merge_and_the_same_field_is_settled_by_the_user() -> TestResult {
    let (site, server, driver) = (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start());
    let (pa, pb) = (Profile::new(), Profile::new());
    let a = Browser::open(&driver, &pa, &site.url).await?;
    let b = Browser::open(&driver, &pb, &site.url).await?;
    connect(&a, &server, false).await?;
    a.add_customer("Fabrikam GmbH", "fabrikam", "Berlin").await?;
    let id = open_customer_id(&a).await?;
    a.wait_text("[data-testid=sync-badge]", "Synced").await?;
    let doc_path = format!("/{DB}/customer:{id}");
    wait_for(|| server.get(&doc_path)).await;
    connect(&b, &server, false).await?;
    b.goto(&format!("/customers/{id}")).await?;
    b.wait_text("main", "Fabrikam GmbH").await?;

    // Both devices offline; both rename the company, A moves it to Hamburg, B changes the postal code.
    a.set_offline(true).await?;
    b.set_offline(true).await?;
    a.goto(&format!("/customers/{id}")).await?;
    edit_open_customer(&a, &[("company_name", "Fabrikam Nord GmbH"), ("city", "Hamburg")]).await?;
    edit_open_customer(&b, &[("company_name", "Fabrikam Süd GmbH"), ("postal_code", "80331")]).await?;
    // Chromium's offline emulation does not always reach `navigator.onLine` of a freshly loaded page: the
    // badge then says "Retrying" rather than "Offline". Either way the edit waits on the device.
    a.wait_text("[data-testid=sync-badge]", "waiting").await?;
    b.wait_text("[data-testid=sync-badge]", "waiting").await?;

    // A comes online first and pushes; then B: its postal code and A's city merge, the name waits.
    a.set_offline(false).await?;
    wait_for(|| server.get(&doc_path).filter(|d| d["data"]["company"]["company_name"] == "Fabrikam Nord GmbH")).await;
    b.set_offline(false).await?;
    b.wait_text("[data-testid=sync-badge]", "to settle").await?;
    b.goto(&format!("/customers/{id}")).await?;
    b.wait_text("main", "Hamburg").await?;
    b.wait_text("main", "80331").await?;
    b.goto("/sync").await?;
    let card = b.wait_text("#conflicts", "Company name").await?;
    assert!(card.contains("This device: Fabrikam Süd GmbH") && card.contains("Remote: Fabrikam Nord GmbH"), "{card}");
    assert!(card.contains("Bill-to company name"), "{card}");
    assert!(!card.contains("City") && !card.contains("Postal"), "fields changed on one side only merged: {card}");
    b.screenshot("desktop-sync-conflict").await?;
    b.viewport(360, 740).await?;
    b.wait_text("#conflicts", "Company name").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the conflicts are wider than 360 px");
    b.screenshot("phone-sync-conflict").await?;
    b.viewport(1280, 900).await?;
    // Settling without choosing says what is missing.
    b.click("button.settle").await?;
    b.wait_text("#conflicts .notice-error", "Choose a value for").await?;
    for radio in b.client.find_all(e2e::Locator::Css("#conflicts input[type=radio][value=mine]")).await? {
        radio.click().await?;
    }
    b.click("button.settle").await?;
    b.wait_gone("#conflicts").await?;
    wait_for(|| server.get(&doc_path).filter(|d| d["data"]["company"]["company_name"] == "Fabrikam Süd GmbH")).await;
    let doc = server.get(&doc_path).unwrap();
    assert_eq!(doc["data"]["billing"]["default_address"]["city"], "Hamburg");
    assert_eq!(doc["data"]["billing"]["default_address"]["postal_code"], "80331");

    a.goto("/sync").await?;
    a.click("#sync-now").await?;
    a.goto(&format!("/customers/{id}")).await?;
    a.wait_text("main", "Fabrikam Süd GmbH").await?;
    a.wait_text("main", "80331").await?;
    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "Sync conflict settled").await?;
    a.close().await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn one_tab_syncs_for_all_and_every_tab_sees_changes() -> TestResult {
    let (site, server, driver, profile) = parts();
    let b = Browser::open(&driver, &profile, &site.url).await?;
    connect(&b, &server, false).await?;
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    let first = b.client.window().await?;
    let first_again = first.clone();

    // A second tab of the same browser: it does not sync itself, it shows what the first tab reports.
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.goto("/sync").await?;
    b.wait_exact("[data-testid=sync-role]", "Another tab of the app runs sync").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.add_customer("Tailspin Toys GmbH", "tailspin", "Leipzig").await?;
    let id = open_customer_id(&b).await?;

    // The first tab lists it without a reload, and pushes it.
    b.client.switch_to_window(first_again).await?;
    b.wait_text("table.grid-customers", "Tailspin Toys GmbH").await?;
    wait_for(|| server.get(&format!("/{DB}/customer:{id}"))).await;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.goto("/sync").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;

    // Another database saved in the tab that does not sync: the syncing tab syncs with it at once (it used
    // to go on with the database before until it was reloaded, while this tab said "Up to date").
    b.set_input("sync-database", "moved").await?;
    b.click("#save-sync").await?;
    wait_for(|| server.get(&format!("/moved/customer:{id}"))).await;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    // The first tab's sync page shows the new settings without a reload.
    b.client.switch_to_window(first.clone()).await?;
    b.click("nav a[href$='/sync']").await?;
    b.wait_value("sync-database", "moved").await?;
    // …but never over what the partner is typing there: the second tab saves again meanwhile.
    b.set_input("sync-database", "half-typ").await?;
    b.client.switch_to_window(second.handle).await?;
    b.set_input("sync-database", "moved-again").await?;
    b.click("#save-sync").await?;
    wait_for(|| server.get(&format!("/moved-again/customer:{id}"))).await;
    b.client.switch_to_window(first).await?;
    b.wait_value("sync-database", "half-typ").await?;
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_reaches_the_server_after_it_ends_and_the_badge_never_says_live_before() -> TestResult {
    let (site, server, driver, profile) = parts();
    let b = Browser::open(&driver, &profile, &site.url).await?;
    connect(&b, &server, true).await?;
    let rows = 3_000;
    let text = e2e::new_customers_csv(rows, "kunde");
    let work = e2e::TempDir::new("sync-import");
    let file = work.join("customers.csv");
    std::fs::write(&file, text)?;
    // Through the app's links: the page is not loaded again, so sync runs as it did (Live) when the import
    // starts.
    b.click("nav a[href$='/customers']").await?;
    b.click("#list-actions-menu a[href$='/customers/import']").await?;
    b.wait_text("[data-testid=sync-badge]", "Live").await?;
    b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    b.wait_text("#import-summary", &format!("{0} rows: {0} to create", e2e::thousands(rows))).await?;
    b.click("#start-import").await?;
    // Once the first batch is written, and until the server holds every customer (and the import's activity
    // entry), the badge says that changes wait or go — never "Live" — and while the import runs its count of
    // changes waiting grows with the rows written. The import's batches hold sync back until it ends (a round
    // beside it made both wait for each other).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut seen_during_import = 0;
    loop {
        let page = b
            .evaluate(
                "[document.getElementById('import-progress')?.value ?? null, \
                 document.querySelector('[data-testid=sync-badge]').textContent.trim(), \
                 document.querySelector('[data-testid=sync-badge] .sync-count').textContent]",
            )
            .await?;
        let (written, badge) = (page[0].as_f64(), page[1].as_str().unwrap_or_default().to_string());
        let waiting: String = page[2].as_str().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
        let on_server = server.doc_count(DB);
        if on_server > rows as u64 {
            break;
        }
        if let Some(w) = written.filter(|w| *w > 0.0) {
            seen_during_import += 1;
            let waiting: f64 = waiting.parse().unwrap_or(0.0);
            assert!(waiting >= w, "the badge counts {waiting} changes waiting while {w} rows are written: {badge:?}");
        }
        if written.is_none_or(|w| w > 0.0) {
            assert!(
                !badge.starts_with("Live"),
                "the badge says {badge:?} while the server holds {on_server} of {rows}"
            );
        }
        assert!(std::time::Instant::now() < deadline, "the import did not reach the server: {on_server} of {rows}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(seen_during_import > 0, "the badge was looked at while the import ran");
    b.wait_text("#import-outcome", &format!("created {}", e2e::thousands(rows))).await?;
    b.wait_text("[data-testid=sync-badge]", "Live").await?;
    assert_eq!(server.customers(DB).len(), rows);

    // Undone as slowly as on a phone, the undo goes in steps with its progress shown, and the server gets
    // the removals after the last step (a round between two steps made both wait for each other).
    cpu_slowed(&b, 4.0).await?;
    b.click("#undo-import").await?;
    let undone = "Import undone: removed 3,000, restored 0.";
    let seen = steps_reach_the_server_after_the_last(&b, &server, ("undo-progress", "import-outcome"), undone).await?;
    cpu_slowed(&b, 1.0).await?;
    assert!(seen > 0, "the undo's steps were seen under way");
    b.wait_exact("#import-outcome", undone).await?;
    wait_for(|| server.customers(DB).is_empty().then_some(())).await;
    b.wait_text("[data-testid=sync-badge]", "Live").await?;
    b.goto("/sync").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    b.close().await
}

/// How many of the server's customers carry `tag`, of how many.
fn tagged(server: &PouchServer, tag: &str) -> (usize, usize) {
    let customers = server.customers(DB);
    let with = customers.iter().filter(|c| c["data"]["tags"].as_array().is_some_and(|t| t.iter().any(|t| t == tag)));
    (with.count(), customers.len())
}

/// Watches a change in steps in the open tab — its progress bar `#{bar}` — until `#{message}` says `done`:
/// while steps remain, the server gets nothing (its `update_seq` stays where it was); returns how many times
/// the steps were seen.
async fn steps_reach_the_server_after_the_last(
    b: &Browser,
    server: &PouchServer,
    (bar, message): (&str, &str),
    done: &str,
) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let seq = server.get(&format!("/{DB}")).map(|info| info["update_seq"].clone());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut seen = 0;
    loop {
        let page = b
            .evaluate(&format!(
                "[document.getElementById('{bar}')?.value ?? null, document.getElementById('{bar}')?.max ?? null, \
                     document.getElementById('{message}')?.textContent ?? '']"
            ))
            .await?;
        if page[2].as_str().is_some_and(|said| said.contains(done)) {
            return Ok(seen);
        }
        if let (Some(step), Some(all)) = (page[0].as_f64(), page[1].as_f64()) {
            // Sampled before the server is asked: a round may start once the last step is in.
            if step > 0.0 && step < all {
                let now = server.get(&format!("/{DB}")).map(|info| info["update_seq"].clone());
                assert_eq!(now, seq, "the server changed after {step} of {all} customers, before the last step");
                seen += 1;
            }
        }
        assert!(std::time::Instant::now() < deadline, "the change in steps did not end: {page}");
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
}

/// The selection bar's progress and message.
const BULK: (&str, &str) = ("bulk-progress", "bulk-message");

/// Slows the page's CPU `rate` times (1: not at all), as Chromium's DevTools do.
async fn cpu_slowed(b: &Browser, rate: f64) -> TestResult {
    b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", serde_json::json!({ "rate": rate }))).await?;
    Ok(())
}

/// On the list: once every one of the `n` customers is read, selects all of them and types the tag
/// "Kampagne" into the selection's bar.
async fn select_all_and_tag(b: &Browser, n: usize) -> TestResult {
    let count = format!("of {} customers", e2e::thousands(n));
    list_read(b, &count).await?;
    b.click("#select-all").await?;
    b.click("#select-matching").await?;
    b.type_into("bulk-tag", "Kampagne").await
}

/// Waits until the list's count says `count` and no longer that it is still reading.
async fn list_read(b: &Browser, count: &str) -> TestResult {
    for _ in 0..400 {
        let text = b.find("[data-testid=result-count]").await?.text().await?;
        if text.contains(count) && !text.contains("still") {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Err(format!("the list does not say “{count}”").into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tag_change_in_steps_reaches_the_server_whole_after_its_last_step() -> TestResult {
    let (site, server, driver, profile) = parts();
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/").await?;
    b.find("[data-testid=customer-count]").await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let n = 2_000;
    b.seed_customers(n).await?;
    connect(&b, &server, true).await?;
    assert_eq!(tagged(&server, "Kampagne"), (0, n as usize));

    // Tagged in the tab that syncs: pushing beside the steps made them wait for each other (a change on
    // 100,000 customers took twice as long), so the push follows the last step.
    b.click("nav a[href$='/customers']").await?;
    select_all_and_tag(&b, n as usize).await?;
    // As slow as a phone (a step takes ~0.4 s): a round started whenever a step took longer than 0.2 s.
    cpu_slowed(&b, 4.0).await?;
    b.click("#bulk-add-tag").await?;
    let seen = steps_reach_the_server_after_the_last(&b, &server, BULK, "added to 2,000").await?;
    assert!(seen > 0, "the steps were seen under way");
    cpu_slowed(&b, 1.0).await?;
    wait_for(|| (tagged(&server, "Kampagne") == (n as usize, n as usize)).then_some(())).await;
    b.wait_text("[data-testid=sync-badge]", "Live").await?;

    // Taken off again from a second tab, which does not sync: the syncing tab hears that steps go on there.
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.goto("/customers").await?;
    select_all_and_tag(&b, n as usize).await?;
    cpu_slowed(&b, 4.0).await?;
    b.click("#bulk-remove-tag").await?;
    let seen = steps_reach_the_server_after_the_last(&b, &server, BULK, "removed from 2,000").await?;
    cpu_slowed(&b, 1.0).await?;
    assert!(seen > 0, "the steps were seen under way in the second tab");
    wait_for(|| (tagged(&server, "Kampagne") == (0, n as usize)).then_some(())).await;
    b.goto("/sync").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    b.close().await
}

/// The city of the customer document `doc` on the server.
fn city(doc: &Value) -> &str {
    doc["data"]["billing"]["default_address"]["city"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_thousand_conflicts_are_settled_one_by_one_or_all_at_once() -> TestResult {
    const N: usize = 3_000;
    let (site, server, driver, profile) = parts();
    let b = Browser::open(&driver, &profile, &site.url).await?;
    connect(&b, &server, false).await?;
    let dir = std::env::temp_dir().join(format!("conflicts-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (created, updated) = (dir.join("customers.csv"), dir.join("moved.csv"));
    std::fs::write(&created, e2e::new_customers_csv(N, "kunde"))?;
    std::fs::write(&updated, e2e::new_customers_csv(N, "kunde").replace(",Berlin,", ",Hamburg,"))?;
    b.import_new(&created, N).await?;
    e2e::wait_for("every customer on the server", || (server.doc_count(DB) as usize >= N).then_some(())).await;
    b.wait_text("[data-testid=sync-badge]", "Synced").await?;

    // Offline, this device moves every customer to Hamburg (a CSV update); meanwhile another tool moves
    // them all to München on the server: 3,000 conflicts in the same field.
    b.set_offline(true).await?;
    b.import_updates(&updated, N).await?;
    let moved: Vec<Value> = server
        .customers(DB)
        .into_iter()
        .map(|mut d| {
            d["data"]["billing"]["default_address"]["city"] = "München".into();
            d
        })
        .collect();
    for chunk in moved.chunks(1_000) {
        server.send("POST", &format!("/{DB}/_bulk_docs"), &serde_json::json!({ "docs": chunk }));
    }
    b.set_offline(false).await?;
    // A sync of 3,000 conflicting documents, not a single step: more time than a page's change gets.
    b.wait_exact_within(
        "[data-testid=sync-badge] .sync-count",
        "· 3,000 to settle",
        std::time::Duration::from_secs(40),
    )
    .await?;

    // `/sync` says why it is not up to date, lists the first 20 by name ("Kunde 2" before "Kunde 10") and
    // counts the rest.
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-badge]", "Check sync").await?;
    b.wait_exact(
        "[data-testid=sync-status]",
        "Synced, except 3,000 records changed here and on the remote in the same fields: settle them under “Conflicts to settle” below.",
    )
    .await?;
    b.wait_exact("[data-testid=conflicts-more]", "…and 2,980 more conflicts.").await?;
    let names =
        b.evaluate("Array.from(document.querySelectorAll('#conflicts article h3'), h => h.textContent)").await?;
    let names: Vec<&str> = names.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    assert_eq!(names.len(), 20, "{names:?}");
    assert_eq!(names[..3], ["Kunde 0 GmbH", "Kunde 1 GmbH", "Kunde 2 GmbH"], "{names:?}");
    assert_eq!(names[10], "Kunde 10 GmbH", "{names:?}");

    // One settled on its own card: this device's value, Hamburg.
    b.click("#conflicts article:first-of-type input[value=mine]").await?;
    b.click("#conflicts article:first-of-type button.settle").await?;
    b.wait_exact("[data-testid=conflicts-more]", "…and 2,979 more conflicts.").await?;
    b.wait_exact("#conflicts article:first-of-type h3", "Kunde 1 GmbH").await?;

    // All the others at once, the remote's values: asked first, and Cancel changes nothing.
    b.wait_exact("#settle-all > p", "Or settle all 2,999 at once, keeping one side's values in every field:").await?;
    b.click("#settle-all-theirs").await?;
    b.wait_exact(
        "#settle-all-question",
        "Keep the remote's values in all 2,999 conflicts? This device's values in those fields are replaced.",
    )
    .await?;
    focus_on(&b, "settle-all-confirm", "the focus moves to the question's answer").await;
    assert_eq!(b.axe_violations().await?, Vec::<(String, String)>::new(), "the question meets WCAG 2.2 AA");
    b.screenshot("desktop-sync-settle-all").await?;
    b.viewport(360, 740).await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("#conflicts article:first-of-type .choice span", "Dieses Gerät: Hamburg").await?;
    b.wait_exact(
        "#settle-all-question",
        "In allen 2.999 Konflikten die Werte des Remote-Servers behalten? Die Werte dieses Geräts in diesen Feldern werden ersetzt.",
    )
    .await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the question is wider than the phone");
    b.screenshot("phone-sync-settle-all-de").await?;
    b.click("[data-testid=language-en]").await?;
    b.viewport(1280, 900).await?;
    b.click("#settle-all-cancel").await?;
    b.wait_gone("#settle-all-question").await?;
    focus_on(&b, "settle-all-theirs", "Cancel gives the focus back to the button that asked").await;
    b.wait_exact("[data-testid=conflicts-more]", "…and 2,979 more conflicts.").await?;

    b.click("#settle-all-theirs").await?;
    b.wait_exact("#settle-all-confirm", "Settle 2,999 conflicts").await?;
    b.click("#settle-all-confirm").await?;
    b.wait_exact("#settle-all-outcome", "Settled 2,999 conflicts.").await?;
    focus_on(&b, "settle-all-outcome", "the focus goes to what was done").await;
    b.wait_gone("#conflicts").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("#settle-all-outcome", "2.999 Konflikte geklärt.").await?;
    b.click("[data-testid=language-en]").await?;
    b.wait_text("[data-testid=sync-badge]", "Synced").await?;

    // Every device and the server: Kunde 0 in Hamburg, the 2,999 others in München, one version each.
    let docs = server.customers(DB);
    let in_hamburg: Vec<&Value> = docs.iter().filter(|d| city(d) == "Hamburg").collect();
    assert_eq!(in_hamburg.len(), 1);
    assert_eq!(in_hamburg[0]["data"]["company"]["company_name"], "Kunde 0 GmbH");
    assert_eq!(docs.iter().filter(|d| city(d) == "München").count(), N - 1);
    let sample = server.get(&format!("/{DB}/{}?conflicts=true", docs[7]["_id"].as_str().unwrap())).unwrap();
    assert!(sample.get("_conflicts").is_none(), "{sample}");
    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "Sync conflict settled").await?;
    b.close().await
}

/// Waits until the keyboard's focus is on the element `id` (the page moves it in the next frame), up to 10 s;
/// `why` says what the partner would miss otherwise.
async fn focus_on(b: &Browser, id: &str, why: &str) {
    e2e::wait_until(&format!("{why}: the focus on #{id}"), || async {
        let seen = b.evaluate("document.activeElement.id").await.ok()?;
        (seen == id).then_some(())
    })
    .await;
}
