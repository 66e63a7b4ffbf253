//! Offline-first: the app starts with no network from its service worker cache and shows the data; it is
//! installable; a new deployment is offered as a reload; a schema upgrade in another tab is handled.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult, PAGES};
use serde_json::Value;

/// Copies the built app to a temporary directory this test may change (a "deployment").
fn deployment() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("e2e-deploy-{}-{}", std::process::id(), e2e::free_port()));
    copy_dir(&dist_dir(), &dir);
    dir
}

/// Copies `from` into `to`, folders (the wasm's `app-<hash>/`) included.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let into = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &into);
        } else {
            std::fs::copy(&path, into).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_starts_and_lists_customers_with_no_network() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.goto("/").await?;
    b.wait_for_service_worker().await?;
    let wasm = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length";
    assert_eq!(b.client.execute(wasm, vec![]).await?, Value::from(1), "the wasm is downloaded once");
    b.add_customer("Northwind Traders", "northwind", "Hamburg").await?;
    let customer_path = b.path().await?;

    // Airplane mode, and the web server gone too: reload and deep links still work.
    b.set_offline(true).await?;
    drop(server);
    b.client.refresh().await?;
    b.wait_text("main h1", "Northwind Traders").await?;
    assert!(customer_path.starts_with("/customers/"));
    // (Whether the header says "Offline" here depends on Chromium: its offline emulation does not always
    // reach `navigator.onLine` of a page loaded under it. The page and the list load either way.)
    b.click("nav a[href='/customers']").await?;
    b.wait_text("table.grid-customers", "northwind.onmicrosoft.com").await?;
    b.screenshot("desktop-offline-list").await?;

    // Working offline: a second customer is added and listed with no network at all.
    b.add_customer("Alpine Ski House", "alpineski", "Hamburg").await?;
    b.goto("/customers").await?;
    b.wait_text(".result-count", "2 customers").await?;
    b.set_offline(false).await?;
    b.wait_text("[data-testid=network]", "Online").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_is_installable_and_shows_its_storage() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/").await?;
    b.wait_for_service_worker().await?;

    let manifest = b
        .run_async("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json()).then(done, e => done(String(e)))")
        .await?;
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "./");
    let icons = manifest["icons"].as_array().expect("icons");
    for (size, purpose) in [("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")] {
        let icon = icons.iter().find(|i| i["sizes"] == size && i["purpose"] == purpose).expect("icon listed");
        let ok = b
            .run_async(&format!("fetch(new URL({}, document.baseURI)).then(r => done(r.ok && r.headers.get('content-type') === 'image/png'))", icon["src"]))
            .await?;
        assert_eq!(ok, Value::Bool(true), "{size} {purpose} icon is served");
    }
    let scope = b
        .run_async("navigator.serviceWorker.getRegistration().then(r => done(r && r.active ? r.scope : null))")
        .await?;
    assert_eq!(scope, Value::String(format!("{}/", server.url)));

    b.goto("/settings").await?;
    b.wait_text("[data-testid=usage]", "available").await?;
    b.screenshot("desktop-settings").await?;
    b.wait_text("main", "Yes — the app starts without a network").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_deployment_is_offered_as_a_reload() -> TestResult {
    let dir = deployment();
    let server = StaticServer::start(&dir);
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/").await?;
    b.wait_for_service_worker().await?;
    let old_version = b.run_async("caches.keys().then(done)").await?;

    // Deploy: a different build means a different sw.js. The next visit finds it.
    let sw = std::fs::read_to_string(dir.join("sw.js"))?;
    std::fs::write(dir.join("sw.js"), sw.replacen("const VERSION = \"", "const VERSION = \"next-", 1))?;
    b.client.refresh().await?;
    b.wait_text(".banner", "A new version is available").await?;
    b.screenshot("desktop-update-banner").await?;
    b.click(".banner button").await?;
    b.wait_gone(".banner").await?;
    b.find("[data-testid=customer-count]").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let caches = b.run_async("caches.keys().then(done)").await?;
        if caches != old_version && caches.to_string().contains("app-shell-next-") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the new version did not take over: {caches}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.close().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schema_upgrade_in_another_tab_asks_this_tab_to_reload() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    let first = b.client.window().await?;

    // A second tab of a newer version upgrades the database (here: opens it one version higher).
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle).await?;
    b.goto("/manifest.webmanifest").await?;
    let opened = b
        .run_async(
            "const now = indexedDB.open('partner-accounts'); \
             now.onsuccess = () => { const next = now.result.version + 1; now.result.close(); \
               const r = indexedDB.open('partner-accounts', next); \
               r.onupgradeneeded = () => {}; r.onsuccess = () => { r.result.close(); done('upgraded'); }; \
               r.onblocked = () => done('blocked'); r.onerror = () => done('error'); };",
        )
        .await?;
    assert_eq!(opened, Value::String("upgraded".into()), "the open tab must not block the upgrade");

    b.client.switch_to_window(first).await?;
    b.wait_text(".banner-warning", "This tab is out of date").await?;
    b.screenshot("desktop-outdated-tab").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_opens_offline_after_the_first_visit_to_home() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // Only Home is visited online: the service worker stores every chunk while it installs.
    b.goto("/").await?;
    b.wait_for_service_worker().await?;
    b.set_offline(true).await?;
    drop(server);
    // Every page, those of the first load and those fetched in chunks.
    for page in PAGES {
        b.goto(page.path).await?;
        b.wait_exact("main h1", page.heading).await?;
    }
    // The customer's pages too (a customer added offline, through the wizard's chunk).
    b.add_customer("Northwind Traders", "northwind", "Hamburg").await?;
    let customer = b.path().await?;
    for page in ["/edit", "/relationship", ""] {
        b.goto(&format!("{customer}{page}")).await?;
        b.find("main h1").await?;
        b.wait_text("main", "Northwind Traders").await?;
    }
    b.close().await?;
    Ok(())
}

/// A deployment without the wasm chunk `file` (as when a newer version replaced it); returns its folder.
fn deployment_without(file: &str) -> std::path::PathBuf {
    let dir = deployment();
    let app = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("app-")))
        .expect("the app's folder");
    std::fs::remove_file(app.join(file)).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_whose_code_cannot_be_fetched_says_so_and_offers_a_reload() -> TestResult {
    // Without the chunk of Settings, Activity and Import.
    let dir = deployment_without("split_files.wasm");
    let server = StaticServer::start(&dir);
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // Opened directly (a deep link): the shell is there, the page says it could not be loaded.
    b.goto("/settings").await?;
    b.wait_exact("#chunk-failed h1", "This page could not be loaded").await?;
    b.wait_exact("#chunk-failed button", "Reload").await?;
    let serious: Vec<_> = b
        .axe_violations()
        .await?
        .into_iter()
        .filter(|(impact, _)| impact == "serious" || impact == "critical")
        .collect();
    assert!(serious.is_empty(), "the message meets WCAG AA: {serious:?}");
    b.screenshot("desktop-page-not-fetched").await?;
    // The rest of the app works.
    b.click("nav a[href='/customers']").await?;
    b.wait_text("main", "No customers yet").await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_code_that_cannot_be_fetched_is_said_in_the_partners_language_and_tried_again() -> TestResult {
    // Without the sync engine's chunk: the sync page opens, the first sync round cannot start.
    let dir = deployment_without("split_sync_engine.wasm");
    let server = StaticServer::start(&dir);
    let remote = e2e::PouchServer::in_memory();
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/sync").await?;
    b.type_into("sync-url", &remote.url).await?;
    b.type_into("sync-database", "accounts").await?;
    b.click("#save-sync").await?;
    let said = b
        .wait_text(
            "[data-testid=sync-status]",
            "This app's sync code is not stored on this device yet and could not be fetched. Trying again in ",
        )
        .await?;
    assert!(!said.contains("can't be reached"), "not said as a server failure: {said}");
    b.wait_exact("[data-testid=sync-badge]", "Retrying").await?;
    // Said again in German when the language changes (nothing English left in it).
    b.click("[data-testid=language-de]").await?;
    b.wait_text(
        "[data-testid=sync-status]",
        "Der Sync-Teil dieser App ist auf diesem Gerät noch nicht gespeichert und konnte nicht abgerufen werden. Neuer Versuch in ",
    )
    .await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
