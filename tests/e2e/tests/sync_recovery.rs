//! Sync that survives what happens on phones and servers: a tab closed in the middle of a first sync
//! resumes from its checkpoint, and a server killed in the middle of a push loses and duplicates nothing.

use std::time::Duration;

use e2e::{customer_docs, dist_dir, Browser, Driver, PouchServer, Profile, StaticServer, TestResult};

const DB: &str = "accounts";

async fn connect(b: &Browser, server: &PouchServer) -> TestResult {
    b.goto("/sync").await?;
    b.type_into("sync-url", &server.url).await?;
    b.type_into("sync-database", DB).await?;
    b.click("#save-sync").await?;
    Ok(())
}

/// The number in the text of `css`, e.g. 1250 of "1,250 of 3,000 documents pulled".
async fn first_number(b: &Browser, css: &str) -> Option<u64> {
    let text = b.find(css).await.ok()?.text().await.ok()?;
    text.split_whitespace().next()?.replace(',', "").parse().ok()
}

/// Waits (10 s at most) until the first sync's progress bar says 500 documents or more were pulled; returns
/// how many it says.
async fn past_first_pages(b: &Browser) -> u64 {
    let mut seen = 0;
    for _ in 0..400 {
        seen = first_number(b, "[data-testid=sync-progress]").await.unwrap_or(0);
        if seen >= 500 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tab_closed_in_the_middle_of_a_first_sync_resumes_from_its_checkpoint() -> TestResult {
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    const TOTAL: usize = 5_000;
    server.fill(DB, &customer_docs(TOTAL));

    let b = Browser::open(&driver, &profile, &site.url).await?;
    connect(&b, &server).await?;
    // Wait for the progress bar to pass its first pages, then close the browser at once.
    let seen = past_first_pages(&b).await;
    assert!(seen >= 500 && seen < TOTAL as u64, "caught the first sync in the middle ({seen})");
    b.screenshot("desktop-sync-first-pull").await?;
    let progress = b.find("[data-testid=sync-progress]").await?.text().await?;
    assert!(progress.ends_with(&format!("of {} documents pulled", e2e::thousands(TOTAL))), "{progress}");
    b.close().await?;

    // Reopen the same profile: sync starts by itself and pulls only what was left.
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    let counts = b.find("[data-testid=sync-counts]").await?.text().await?;
    let received: u64 =
        counts.trim_start_matches("received ").split_whitespace().next().unwrap().replace(',', "").parse()?;
    assert!(received > 0 && received < TOTAL as u64, "resumed rather than started over: {counts}");
    b.goto("/customers").await?;
    b.wait_text(".result-count", &format!("{} customers", e2e::thousands(TOTAL))).await?;
    b.close().await
}

/// How many documents of the database left may still come in after the click that saves another: the pages
/// pulled while the new settings wait for the page being written (2,250 after the progress said 500 on a clean-clone run,
/// 1,250 under load here; pages of 250).
const SLIP: u64 = 2_500;

#[tokio::test(flavor = "multi_thread")]
async fn another_database_saved_in_the_middle_of_a_first_sync_stops_the_one_before_at_once() -> TestResult {
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    const WRONG: usize = 10_000;
    server.fill("wrong", &customer_docs(WRONG));
    // The database meant: 300 customers of its own (names and domains not those of the wrong one).
    let meant: Vec<serde_json::Value> = customer_docs(300)
        .into_iter()
        .map(|d| d.to_string().replace("Kunde ", "Zielkunde ").replace("kunde", "zielkunde"))
        .map(|text| serde_json::from_str(&text).expect("JSON"))
        .collect();
    server.fill(DB, &meant);

    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/sync").await?;
    b.type_into("sync-url", &server.url).await?;
    b.type_into("sync-database", "wrong").await?;
    b.click("#save-sync").await?;
    let seen = past_first_pages(&b).await;
    assert!(seen >= 500 && seen < WRONG as u64, "caught the first sync in the middle ({seen})");
    // The partner notices the wrong database and saves the right one.
    b.set_input("sync-database", DB).await?;
    let at_click = first_number(&b, "[data-testid=sync-progress]").await.unwrap_or(seen);
    assert!(at_click + SLIP < WRONG as u64, "still in the middle of the first sync at the click ({at_click})");
    b.click("#save-sync").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    // The wrong database's pull stopped once the new settings were saved (it used to run to its end, 10,000
    // customers, and push them all to the right one); what it had stored before went to the right one.
    let here_from_wrong = server.customers(DB).len() - 300;
    assert!(
        here_from_wrong as u64 <= at_click + SLIP,
        "{here_from_wrong} customers of the wrong database, {at_click} pulled when the right one was saved"
    );
    b.goto("/customers?q=Zielkunde").await?;
    b.wait_text(".result-count", "of 300 matching").await?;
    b.goto("/customers").await?;
    b.wait_exact(".result-count", &format!("1–20 of {} customers", e2e::thousands(here_from_wrong + 300))).await?;
    b.close().await
}

/// A CSV of `n` valid customers (German Excel: `;` and a BOM).
fn csv(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let mut text = String::from("\u{feff}Firmenname;Domäne;Vorname;Nachname;E-Mail;Straße;PLZ;Ort;Land\r\n");
    for i in 1..=n {
        text += &format!("Push {i} GmbH;push{i};Jan;Weiß;jan@push{i}.de;Hauptstraße {i};10115;Berlin;DE\r\n");
    }
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("push.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_killed_in_the_middle_of_a_push_loses_and_duplicates_nothing() -> TestResult {
    let (site, mut server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::on_disk(), Driver::start(), Profile::new());
    const ROWS: usize = 2_000;
    let work = e2e::TempDir::new("push");
    let file = csv(&work, ROWS);
    let b = Browser::open(&driver, &profile, &site.url).await?;
    connect(&b, &server).await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;

    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    b.wait_text("#import-summary", &format!("{0} rows: {0} to create", e2e::thousands(ROWS))).await?;
    b.click("#start-import").await?;
    // As soon as the first pushed customers are on the server, kill it.
    let mut at_kill = 0;
    for _ in 0..2_000 {
        at_kill = server.customers(DB).len();
        if at_kill > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();
    assert!(at_kill > 0 && at_kill < ROWS, "killed in the middle of the push ({at_kill} of {ROWS} arrived)");
    b.wait_text("#import-outcome", &format!("created {}", e2e::thousands(ROWS))).await?;
    b.goto("/sync").await?;
    b.wait_text("[data-testid=sync-status]", "Trying again").await?;
    b.screenshot("desktop-sync-retrying").await?;

    server.restart();
    b.click("#sync-now").await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    b.wait_text("[data-testid=sync-status]", "Up to date").await?;
    let docs = server.customers(DB);
    let mut domains: Vec<String> =
        docs.iter().map(|d| d["data"]["company"]["domain"].as_str().unwrap().to_string()).collect();
    domains.sort();
    domains.dedup();
    assert_eq!((docs.len(), domains.len()), (ROWS, ROWS), "every customer once");
    b.close().await
}
