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
    // Each wasm file once: the main module, then the chunks fetched after it (none of them twice).
    assert_eq!(b.wasm_downloads().await?, (1, 0), "each wasm is downloaded once");
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
    // The list's bulk actions, whose code is a chunk of its own.
    b.goto("/customers").await?;
    b.click("#select-all").await?;
    b.type_into("bulk-tag", "Offline").await?;
    b.click("#bulk-add-tag").await?;
    b.wait_exact("#bulk-message", "“Offline” added to 1 customer. Undo").await?;
    b.close().await?;
    Ok(())
}

/// Asserts that axe finds nothing serious or critical on the page (`what`: what is checked, for the message).
async fn meets_wcag_aa(b: &Browser, what: &str) -> TestResult {
    let serious: Vec<_> = b
        .axe_violations()
        .await?
        .into_iter()
        .filter(|(impact, _)| impact == "serious" || impact == "critical")
        .collect();
    assert!(serious.is_empty(), "{what} meets WCAG AA: {serious:?}");
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
    // Without the chunk of every page but Home and the list.
    let dir = deployment_without("split_pages.wasm");
    let server = StaticServer::start(&dir);
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // Opened directly (a deep link): the shell is there, the page says it could not be loaded.
    b.goto("/settings").await?;
    b.wait_exact("#chunk-failed h1", "This page could not be loaded").await?;
    b.wait_exact("#chunk-failed button", "Reload").await?;
    meets_wcag_aa(&b, "the message").await?;
    b.screenshot("desktop-page-not-fetched").await?;
    // The rest of the app works.
    b.click("nav a[href='/customers']").await?;
    b.wait_text("main", "No customers yet").await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn list_actions_whose_code_cannot_be_fetched_say_so_and_change_nothing() -> TestResult {
    // Without the chunk of the list's export and bulk tags.
    let dir = deployment_without("split_list_work.wasm");
    let server = StaticServer::start(&dir);
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    b.goto("/customers").await?;
    b.wait_exact("td.name a", "Contoso GmbH").await?;
    let not_fetched = "This action's part of the app is not stored on this device yet and could not be fetched (no \
                       network, or a newer version was published). Nothing was changed — reload to try again. Reload";
    b.click("#export-customers").await?;
    b.wait_exact(".page-actions .notice-error", not_fetched).await?;
    b.wait_exact(".page-actions .action-reload", "Reload").await?;
    // The selection's bar comes with the same code: selecting says so in its place.
    b.click("#select-all").await?;
    b.wait_exact("#bulk-message", not_fetched).await?;
    b.screenshot("desktop-list-action-not-fetched").await?;
    meets_wcag_aa(&b, "the messages").await?;
    // Nothing was tagged, and the list still works; with nothing selected the message goes.
    b.click("#select-all").await?;
    b.wait_gone("#bulk-message").await?;
    b.type_into("search", "contoso").await?;
    b.wait_exact("td.name a", "Contoso GmbH").await?;
    assert!(b.client.find(e2e::Locator::Css("td.tags .tag")).await.is_err(), "no tag was added");
    b.close().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tab_without_the_sync_code_says_why_it_does_not_sync_in_the_partners_language_and_still_hears_other_tabs(
) -> TestResult {
    // Without the chunk of the sync runner (the loop, the counts, the status the syncing tab sends).
    let dir = deployment_without("split_sync_runner.wasm");
    let server = StaticServer::start(&dir);
    let remote = e2e::PouchServer::in_memory();
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/sync").await?;
    b.type_into("sync-url", &remote.url).await?;
    b.type_into("sync-database", "accounts").await?;
    b.click("#save-sync").await?;
    b.wait_exact(
        "[data-testid=sync-status]",
        "This app's sync code is not stored on this device yet and could not be fetched. Trying again in 10 s.",
    )
    .await?;
    b.wait_exact("[data-testid=sync-badge]", "Retrying").await?;
    // Said again in German when the language changes (nothing English left in it).
    b.click("[data-testid=language-de]").await?;
    b.wait_exact(
        "[data-testid=sync-status]",
        "Der Sync-Teil dieser App ist auf diesem Gerät noch nicht gespeichert und konnte nicht abgerufen werden. \
         Neuer Versuch in 10 s.",
    )
    .await?;
    b.click("[data-testid=language-en]").await?;
    // Another tab's change still reaches this tab's list without a reload.
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    let first = b.client.window().await?;
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.add_customer("Fabrikam AG", "fabrikam", "Köln").await?;
    b.client.switch_to_window(first).await?;
    b.wait_exact("td.name a", "Fabrikam AG").await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
