//! When the browser refuses storage the user reads why, and nothing typed is lost.

use e2e::{dist_dir, Browser, CdpCommand, Driver, Profile, StaticServer, TestResult};
use serde_json::json;

/// Runs `script` in every page of this session before the page's own scripts.
async fn before_page_scripts(b: &Browser, script: &str) -> TestResult {
    b.client.issue_cmd(CdpCommand::new("Page.addScriptToEvaluateOnNewDocument", json!({ "source": script }))).await?;
    Ok(())
}

/// Sets Chromium's own quota for the page's origin to `size` bytes, or back to the browser's (`None`).
async fn set_quota(b: &Browser, size: Option<f64>) -> TestResult {
    let origin = b.evaluate("location.origin").await?.as_str().unwrap_or_default().to_string();
    let mut params = json!({ "origin": origin });
    if let Some(size) = size {
        params["quotaSize"] = json!(size);
    }
    b.client.issue_cmd(CdpCommand::new("Storage.overrideQuotaForOrigin", params)).await?;
    Ok(())
}

/// Sets the quota just above what the origin uses: the browser then aborts a write's transaction with a
/// QuotaExceededError, as a full disk does.
async fn fill_quota(b: &Browser) -> TestResult {
    let usage = b.evaluate("navigator.storage.estimate().then(e => e.usage)").await?.as_f64().unwrap_or(0.0);
    set_quota(b, Some(usage + 1.0)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn no_indexeddb_at_all_is_explained_instead_of_a_blank_page() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // As in some private modes: opening any database fails.
    before_page_scripts(
        &b,
        "IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'InvalidStateError'); };",
    )
    .await?;
    b.goto("/customers").await?;
    b.wait_text("main h1", "Your data can't be stored here").await?;
    b.wait_text("main", "Private windows often do this").await?;
    b.screenshot("desktop-storage-unavailable").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_really_full_disk_while_adding_shows_a_message_keeps_the_form_and_writes_nothing() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    fill_quota(&b).await?;
    // Chromium's IndexedDB keeps allotting from the space it last asked the quota manager about for up to
    // 30 seconds (`kBucketSpaceCacheTimeLimit`), so customers keep being saved for a while — as on a disk
    // that just filled up. Add customers until one is refused, for at most 90 seconds.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let mut added = 1;
    let mut refused = None;
    for i in 0.. {
        if std::time::Instant::now() > deadline {
            break;
        }
        b.goto("/customers/new").await?;
        b.fill_customer(&format!("Tailspin Toys {i}"), &format!("tailspin{i}"), "Köln").await?;
        b.click("#next").await?;
        b.click("#next-review").await?;
        b.click("#submit").await?;
        let outcome = e2e::wait_until("the save's outcome", || async {
            // The submit's own message (a draft saved while typing may be refused first, and says so too).
            let notices = b
                .evaluate("[...document.querySelectorAll('.notice-error')].map(e => e.innerText.trim())")
                .await
                .ok()?;
            if let Some(last) = notices.as_array().and_then(|n| n.last()).and_then(|n| n.as_str()) {
                if !last.starts_with("Your input could not be saved as a draft") {
                    return Some(Err(last.to_string()));
                }
            }
            let main = b.find("main").await.ok()?.text().await.ok()?;
            main.contains("Customer added").then_some(Ok(()))
        })
        .await;
        match outcome {
            Ok(()) => added += 1,
            Err(text) => {
                refused = Some((i, text));
                break;
            }
        }
    }
    let (i, text) = refused.ok_or("the quota never refused a customer")?;
    // "…is full (the app itself holds 4.6 MB). Nothing was saved…": the figure is the browser's own, read
    // when the save failed.
    let (start, rest) = text.split_once(" (the app itself holds ").ok_or(format!("no figure: {text}"))?;
    let (held, end) = rest.split_once("). ").ok_or(format!("no figure: {text}"))?;
    assert_eq!(start, "The browser's storage for this app is full", "the partner reads that the storage is full");
    assert!(held.ends_with(" MB") || held.ends_with(" KB"), "what the app holds, with its unit: {held}");
    assert_eq!(
        end,
        "Nothing was saved and your input is still here; the message at the top of the page says what you can do."
    );
    // The draft kept while typing was refused too: its notice points at the banner instead of repeating it.
    let notices = b.evaluate("[...document.querySelectorAll('.notice-error')].map(e => e.innerText.trim())").await?;
    for notice in notices.as_array().into_iter().flatten().filter_map(|n| n.as_str()) {
        assert!(
            notice == text
                || notice == "Your input could not be saved as a draft: the storage is full (see the top of the page).",
            "a notice that repeats the banner: {notice:?}"
        );
    }
    b.screenshot("desktop-quota-error").await?;

    // Nothing of the refused customer was written, and everything typed is still there.
    b.click(".actions .button:not(.primary)").await?; // Back to the subscriptions
    b.find("#next-review").await?;
    b.click(".actions .button:not(.primary)").await?; // Back to the account info
    assert_eq!(b.value("company_name").await?, format!("Tailspin Toys {i}"));
    assert_eq!(b.value("city").await?, "Köln");

    // Above every page, until closed: what it means, with the same figure, and what the partner can do.
    let said = b.find("#storage-full-said").await?.text().await?;
    assert_eq!(
        said,
        format!("This device's storage for the app is full (the app itself holds {held}): changes can't be saved until there is room.")
    );
    let todo = b.find("#storage-full ul").await?.text().await?;
    for what in [
        "Free some space on this device, for example other sites' data in the browser's settings, then save again.",
        "Ask the browser to keep this app's data, so it is not deleted when space runs low.",
        "Download a backup, so nothing depends on this device alone.",
        "Sync with your server, so your changes are kept there too.",
    ] {
        assert!(todo.lines().any(|line| line.starts_with(what)), "{what:?} in {todo:?}");
    }
    b.evaluate("window.scrollTo(0, 0)").await?;
    b.screenshot("desktop-storage-full-banner").await?;
    b.click("#full-keep-data").await?;
    let kept =
        e2e::wait_until("the browser's answer", || async { b.find("#full-kept").await.ok()?.text().await.ok() }).await;
    assert!(
        kept == "The browser will keep this data."
            || kept.starts_with("The browser declined for now. Browsers grant this to sites you use often or install"),
        "{kept}"
    );
    b.click("#storage-full a[href$='/settings#backup-heading']").await?;
    b.wait_text("#backup-heading", "Backup").await?;
    let backup_top = e2e::wait_until("the backup section in view", || async {
        let top =
            b.evaluate("document.getElementById('backup-heading').getBoundingClientRect().top").await.ok()?.as_f64()?;
        (0.0..900.0).contains(&top).then_some(top)
    })
    .await;
    assert!(backup_top >= 0.0, "the link opens Settings at the backup: {backup_top}");
    b.click("#close-storage-full").await?;
    b.wait_gone("#storage-full").await?;

    // On a phone, in German: typing into the wizard is refused as a draft; the banner comes back folded, so
    // the form is still on the first screen.
    b.click("[data-testid=language-de]").await?;
    b.viewport(360, 740).await?;
    b.goto("/customers/new").await?;
    b.type_into("company_name", "Fabrikam Köln").await?;
    b.wait_text("#storage-full-said", "Der Speicher dieses Geräts für die App ist voll (die App selbst belegt ")
        .await?;
    assert_eq!(b.evaluate("document.querySelector('#storage-full details').open").await?, json!(false));
    b.evaluate("window.scrollTo(0, 0)").await?;
    let banner = b.evaluate("document.getElementById('storage-full').getBoundingClientRect().height").await?;
    assert!(
        banner.as_f64().is_some_and(|h| h < 740.0 / 3.0),
        "the folded banner takes a third of the screen at most: {banner}"
    );
    let heading = b.evaluate("document.querySelector('main h1').getBoundingClientRect().bottom").await?;
    assert!(
        heading.as_f64().is_some_and(|y| y < 740.0 / 2.0),
        "the page's heading in the upper half of the screen: {heading}"
    );
    b.wait_exact(
        ".notice-error",
        "Ihre Eingaben konnten nicht als Entwurf gespeichert werden: Der Speicher ist voll (siehe oben auf der Seite).",
    )
    .await?;
    b.screenshot("phone-storage-full-banner-de").await?;
    b.click("#storage-full-what").await?;
    b.wait_text("#storage-full ul", "Geben Sie auf diesem Gerät Speicher frei").await?;
    assert_eq!(b.axe_violations().await?, Vec::<(String, String)>::new(), "the banner meets WCAG 2.2 AA");
    b.evaluate("window.scrollTo(0, 0)").await?;
    b.screenshot("phone-storage-full-banner-open-de").await?;
    b.viewport(1280, 900).await?;
    b.click("[data-testid=language-en]").await?;
    b.click("#close-storage-full").await?;
    b.wait_gone("#storage-full").await?;
    set_quota(&b, None).await?;
    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", &format!("{added} customer{}", if added == 1 { "" } else { "s" }))
        .await?;
    b.close().await?;
    Ok(())
}

/// A read the browser refuses on the referrals, providers, sync and import pages and in the wizard is said next to what it
/// would have shown — never shown as "none" (and the import plans no row: each would look new).
#[tokio::test(flavor = "multi_thread")]
async fn a_failed_read_is_said_instead_of_showing_nothing() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    let customer_page = b.path().await?;
    // The partner's details, so that the invitation page offers its providers.
    b.goto("/settings").await?;
    b.type_into("partner-id", "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f").await?;
    b.type_into("partner-company", "Fabrikam IT").await?;
    b.type_into("partner-email-domains", "@fabrikam-it.de").await?;
    b.select("partner-cloud", "global").await?;
    b.click("#save-partner").await?;
    b.wait_text("main", "Saved.").await?;
    // Reading everything of these stores fails as a broken disk makes it fail (customers only on the import
    // page, which reads them all: the list still shows) — until the page sets `readsFail` to false.
    before_page_scripts(
        &b,
        "const getAll = IDBObjectStore.prototype.getAll; \
         IDBObjectStore.prototype.getAll = function (...args) { \
           if (window.readsFail !== false && ['referrals', 'providers', 'conflicts'].includes(this.name) || \
               (this.name === 'customers' && location.pathname.endsWith('/customers/import'))) { \
             window.failedReads = window.failedReads || {}; \
             window.failedReads[this.name] = (window.failedReads[this.name] || 0) + 1; \
             throw new DOMException('The read failed in this test.', 'UnknownError'); } \
           return getAll.apply(this, args); }; \
         const get = IDBIndex.prototype.get; \
         IDBIndex.prototype.get = function (...args) { \
           if (this.name === 'by_domain') throw new DOMException('The read failed in this test.', 'UnknownError'); \
           return get.apply(this, args); };",
    )
    .await?;
    // Home does not leave the referrals to answer out of its figures without a word.
    b.goto("/").await?;
    b.wait_text("#home-read-error", "The read failed in this test.").await?;
    b.screenshot("desktop-home-read-failed").await?;
    b.client.execute("window.readsFail = false", vec![]).await?;
    b.click("#home-read-error button").await?;
    b.wait_gone("#home-read-error").await?;
    b.wait_exact("[data-testid=customer-count]", "1 customer").await?;
    let providers_empty = "No providers yet. When a provider invites you, record the invitation here.";
    for (path, id, empty) in [
        ("/referrals", "#referrals-read-error", Some("No referrals here yet.")),
        ("/providers", "#providers-read-error", Some(providers_empty)),
        ("/sync", "#conflicts-read-error", None),
    ] {
        b.goto(path).await?;
        b.wait_text(id, "The read failed in this test.").await?;
        // Not "none": what could not be read is not shown as empty.
        assert!(b.client.find(e2e::Locator::Css("section.empty")).await.is_err(), "{path}: shown as empty");
        if path == "/referrals" {
            b.screenshot("desktop-referrals-read-failed").await?;
        }
        if path == "/sync" {
            // The sync loop's first round (200 ms after start) counts the conflicts again and, had the disk
            // recovered by then, the page would read them anew by itself and leave nothing to retry. So the
            // disk recovers only after that round's read failed too: the page's, the start's, the round's.
            let reads = || async { b.evaluate("(window.failedReads || {}).conflicts || 0").await.ok()?.as_u64() };
            e2e::wait_until("three failed reads of the conflicts", || async { reads().await.filter(|n| *n >= 3) })
                .await;
        }
        // The disk recovers: "Try again" reads again, without a reload.
        b.client.execute("window.readsFail = false", vec![]).await?;
        b.click(&format!("{id} button")).await?;
        b.wait_gone(id).await?;
        if let Some(empty) = empty {
            b.wait_exact("section.empty p", empty).await?;
        }
    }
    // Where providers are named or chosen, the failure is said next to them.
    let providers = "Your indirect providers could not be read, so none can be chosen and partner ids are shown \
                     without names: The browser's storage failed (UnknownError: The read failed in this test.). \
                     Nothing was changed.";
    for (path, id) in [
        ("/customers", "#list-providers-read-error"),
        ("/customers/invite", "#joint-provider-read-error"),
        (customer_page.as_str(), "#customer-provider-read-error"),
    ] {
        b.goto(path).await?;
        b.wait_exact(id, providers).await?;
        if path == "/customers" {
            b.wait_exact("td.name a", "Contoso GmbH").await?; // the list itself still shows
            b.screenshot("desktop-list-providers-unreadable").await?;
        }
    }
    b.goto("/customers/import").await?;
    b.wait_text(
        "#import-existing-error",
        "The customers on this device could not be read, so no row can be checked against them and nothing can be imported",
    )
    .await?;
    let file = std::env::temp_dir().join(format!("read-fails-{}.csv", std::process::id()));
    std::fs::write(&file, "Company name;Primary domain name\nContoso GmbH;contoso.onmicrosoft.com\n")?;
    b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(b.client.find(e2e::Locator::Css("#import-summary")).await.is_err(), "no plan without the customers");
    b.wait_exact(
        "#import-existing-error",
        "The customers on this device could not be read, so no row can be checked against them and nothing can be \
         imported: The browser's storage failed (UnknownError: The read failed in this test.). Nothing was changed.",
    )
    .await?;
    b.screenshot("desktop-import-read-failed").await?;
    // The wizard cannot look the typed domain up among this device's customers: it says so under the field.
    b.goto("/customers/new").await?;
    b.type_into("domain_prefix", "fabrikam").await?;
    b.wait_exact(
        ".field:has(#domain_prefix) .field-warning",
        "Whether another customer here already uses this domain could not be checked: The browser's storage failed \
         (UnknownError: The read failed in this test.). Nothing was changed. Saving checks again.",
    )
    .await?;
    b.screenshot("desktop-wizard-domain-unchecked").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newer_version_in_another_tab_is_said_and_the_data_waits_for_it() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    // The customer's page is open; "another tab" opens the database at a newer version, as a newer
    // deployment of the app does (a second connection from the same origin is what another tab is to
    // IndexedDB). It is not blocked: this tab gives way and says so.
    const NEWER: &str = "new Promise((resolve, reject) => { const r = indexedDB.open('partner-accounts', 99); \
         r.onsuccess = () => { window.__newer = r.result; resolve(r.result.version); }; \
         r.onerror = () => reject(r.error); r.onblocked = () => reject(new Error('blocked')); })";
    assert_eq!(b.evaluate(NEWER).await?, json!(99));
    b.wait_text(".banner-warning", "This tab is out of date: the app was updated in another tab.").await?;
    // A change tried here is refused in words, never with the browser's "InvalidStateError".
    b.type_into("new-tag", "VIP").await?;
    b.click("#add-tag").await?;
    let newer = "A newer version of this app is open in another tab (or was just installed). Nothing was changed \
                 here and your data is safe: reload this tab to use the newer version.";
    b.wait_exact("#new-tag-error", newer).await?;
    assert_eq!(b.value("new-tag").await?, "VIP", "what was typed stays");
    b.screenshot("desktop-newer-version-change-refused").await?;
    // Reloading into this (older) version says the same — never "private window" — and offers a reload.
    b.evaluate("window.__newer.close(); 0").await?;
    b.client.refresh().await?;
    b.wait_exact("main h1", "A newer version of this app is open").await?;
    b.wait_exact("#storage-unavailable p", newer).await?;
    b.find("#reload-newer").await?;
    b.screenshot("desktop-newer-version-open").await?;
    // The data is all there for the newer version.
    let count = "new Promise((resolve, reject) => { const r = indexedDB.open('partner-accounts'); \
         r.onsuccess = () => { const c = r.result.transaction('customers').objectStore('customers').count(); \
         c.onsuccess = () => { r.result.close(); resolve(c.result); }; }; r.onerror = () => reject(r.error); })";
    assert_eq!(b.evaluate(count).await?, json!(1));
    b.close().await?;
    Ok(())
}

/// An import whose batch does not fit the device's storage (Chromium's own quota, set through DevTools) stops
/// with the storage-full message; every batch before it is there whole — customers, their pending changes —
/// and nothing of the refused batch is.
#[tokio::test(flavor = "multi_thread")]
async fn a_really_full_disk_during_an_import_stops_it_with_the_batches_before_it_whole() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    let work = e2e::TempDir::new("import-full");
    fill_quota(&b).await?;
    // Chromium keeps allotting from the space it last heard of for up to 30 s (see the test above): files of
    // 1,000 new customers are imported until one stops, for at most 90 s.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    // An import whose rows were all written but whose activity entry no longer fit says so after its count.
    let imported = "Imported: created 1,000, updated 0.";
    let not_logged = " Its entry in the activity log could not be written: this device's storage for the app is full.";
    let (mut stored, mut unlogged, mut stopped) = (1usize, 0usize, None);
    for file_no in 0.. {
        if std::time::Instant::now() > deadline {
            break;
        }
        let file = work.join(format!("customers-{file_no}.csv"));
        std::fs::write(&file, e2e::new_customers_csv(1_000, &format!("voll{file_no}x")))?;
        b.goto("/customers/import").await?;
        b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
        b.wait_text("#import-summary", "1,000 rows: 1,000 to create").await?;
        b.click("#start-import").await?;
        let outcome = e2e::wait_until("the import's outcome", || async {
            b.find("#import-outcome").await.ok()?.text().await.ok()
        })
        .await;
        if outcome == imported || outcome == format!("{imported}{not_logged}") {
            stored += 1_000;
            unlogged += usize::from(outcome != imported);
            continue;
        }
        stopped = Some(outcome);
        break;
    }
    let outcome: String = stopped.ok_or("the quota never stopped an import")?;
    let (outcome, stop_unlogged) = match outcome.strip_suffix(not_logged) {
        Some(told) => (told.to_string(), true),
        None => (outcome, false),
    };
    // The rows written before the refused batch are counted; the banner says what to do, the message does
    // not repeat it.
    let done: usize = outcome
        .strip_prefix("Stopped after ")
        .and_then(|rest| rest.split_once(" of 1,000 rows: "))
        .and_then(|(done, _)| done.parse().ok())
        .ok_or(format!("not a stop after a count of rows: {outcome}"))?;
    assert!(done < 1_000);
    assert_eq!(
        outcome,
        format!(
            "Stopped after {done} of 1,000 rows: this device's storage for the app is full, so the other rows were \
             not saved. The message at the top of the page says what you can do."
        )
    );
    b.wait_text("#storage-full-said", "This device's storage for the app is full").await?;
    // Undo is offered only when rows were written.
    assert_eq!(b.client.find(e2e::Locator::Css("#undo-import")).await.is_ok(), done > 0);
    b.screenshot("desktop-import-storage-full").await?;

    // With room again, the device holds every customer of the batches that were written, each with its
    // pending change, and none of the batch that was refused.
    set_quota(&b, None).await?;
    b.goto("/").await?;
    let total = stored + done;
    b.wait_exact("[data-testid=customer-count]", &format!("{} customers", e2e::thousands(total))).await?;
    b.goto("/customers").await?;
    b.wait_exact(".result-count", &format!("1–20 of {} customers", e2e::thousands(total))).await?;
    b.goto("/sync").await?;
    // Each customer waits to be pushed; so do the activity entries of the first customer and of each import
    // that wrote rows, unless it said its entry could not be written.
    let logged = stored / 1_000 - unlogged + usize::from(done > 0 && !stop_unlogged);
    let expected = e2e::thousands(total + 1 + logged);
    // The count arrives once the outbox is counted.
    let counted = b.wait_exact_within("[data-testid=sync-pending]", &expected, std::time::Duration::from_secs(30));
    counted
        .await
        .map_err(|e| format!("{expected} pending changes for {total} customers and {logged} logged imports: {e}"))?;
    b.close().await?;
    Ok(())
}
