//! A backup of a few thousand customers with changes not synced yet, downloaded from Settings and restored
//! into a fresh browser profile: the same data (both exports byte for byte), the half-typed wizard draft
//! back, and a sync to pouchdb-server afterwards stores each customer once. A cut, a changed and a foreign
//! file are refused with their reason and change nothing. Settings photographed with the preview at 1280
//! and 360 px in both languages, and checked with axe.

use std::path::{Path, PathBuf};

use e2e::{dist_dir, downloaded, thousands, Browser, Driver, PouchServer, Profile, StaticServer, TestResult};

const N: usize = 2_500;

fn csv_file(dir: &Path) -> PathBuf {
    let mut text = String::from(
        "Company name,Primary domain name,First name,Last name,Email,Address line 1,Postal code,City,Country,Tags\n",
    );
    for i in 1..=N {
        let tags = if i % 7 == 0 { "VIP" } else { "" };
        text += &format!("Kunde {i} GmbH,kunde{i},Jan,Weiß,jan@kunde{i}.de,Weg {i},10115,Berlin,DE,{tags}\n");
    }
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("kunden.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Both of the list's exports, as downloaded.
async fn exports(
    b: &Browser,
    downloads: &Path,
) -> Result<(Vec<u8>, Vec<u8>), Box<dyn std::error::Error + Send + Sync>> {
    b.goto("/customers").await?;
    b.wait_text(".result-count", &format!(" of {} customers", thousands(N))).await?;
    b.click("#export-customers").await?;
    let short = downloaded(downloads, "Customers.csv").await?;
    b.click("#export-all-fields").await?;
    Ok((short, downloaded(downloads, "Customers-all-fields.csv").await?))
}

/// Chooses `file` on `/settings` as the backup to restore.
async fn choose(b: &Browser, file: &Path) -> TestResult {
    b.find("#backup-file").await?.send_keys(&file.display().to_string()).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restores_everything_on_another_device_and_damaged_files_are_refused() -> TestResult {
    let (site, driver) = (StaticServer::start(&dist_dir()), Driver::start());
    let work = e2e::TempDir::new("backup");
    let (downloads_a, downloads_b) = (work.join("a"), work.join("b"));

    // Device A: customers imported, a wizard left half typed, no remote ever set up.
    let profile_a = Profile::new();
    let a = Browser::open(&driver, &profile_a, &site.url).await?;
    a.download_to(&downloads_a).await?;
    a.import_new(&csv_file(&work), N).await?;
    a.goto("/customers/new").await?;
    a.type_into("company_name", "Halb Fertig GmbH").await?;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    a.wait_exact("[data-testid=sync-badge]", "Only on this device").await?;

    a.goto("/").await?;
    a.wait_exact("[data-testid=home-sync]", "Only on this device").await?;
    a.wait_exact("[data-testid=home-sync-when]", "last backup: never").await?;
    a.goto("/settings").await?;
    a.find("[data-testid=only-here]").await?;
    a.wait_exact("[data-testid=last-backup]", "Never").await?;
    a.click("[data-testid=download-backup]").await?;
    a.wait_exact("[data-testid=backup-done]", "The backup was downloaded.").await?;
    let day = a.evaluate("new Date().toISOString().slice(0, 10)").await?;
    let name = format!("customer-accounts-backup-{}.jsonl", day.as_str().unwrap_or_default());
    let backup = downloaded(&downloads_a, &name).await?;
    let last = a.find("[data-testid=last-backup]").await?.text().await?;
    assert_ne!(last, "Never", "the backup's time is shown");
    let text = String::from_utf8(backup.clone())?;
    assert!(text.starts_with("{\"format\":\"partner-accounts-backup\",\"version\":1,"), "{}", &text[..80]);
    assert!(!text.contains("password") && !text.contains("secret"), "no secret in a backup");
    a.goto("/").await?;
    // Home reads when the last backup was made ("last backup: …" until then).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let when = loop {
        let when = a.find("[data-testid=home-sync-when]").await?.text().await?;
        if !when.ends_with('…') || std::time::Instant::now() > deadline {
            break when;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(when.starts_with("last backup: ") && when != "last backup: never", "{when}");
    let (short_a, all_a) = exports(&a, &downloads_a).await?;
    a.close().await?;

    // Damaged copies of the file, and a file that is no backup.
    let file = work.join("backup.jsonl");
    std::fs::write(&file, &backup)?;
    let cut = work.join("cut.jsonl");
    std::fs::write(&cut, &backup[..backup.len() * 2 / 3])?;
    let changed = work.join("changed.jsonl");
    std::fs::write(&changed, text.replacen("Kunde 17 GmbH", "Kunde 71 GmbH", 1))?;
    let foreign = work.join("kunden.csv");

    // Device B: a fresh profile with one customer of its own.
    let profile_b = Profile::new();
    let b = Browser::open(&driver, &profile_b, &site.url).await?;
    b.download_to(&downloads_b).await?;
    b.add_customer("Nur Hier GmbH", "nurhier", "Köln").await?;
    b.goto("/settings").await?;
    for (path, reason) in [
        (&cut, "This backup is incomplete: the file ends before the backup does."),
        (&changed, "This backup is damaged: its content does not match its checksum."),
        (&foreign, "This file is not a backup of this app."),
    ] {
        choose(&b, path).await?;
        b.wait_exact("[data-testid=backup-refused]", reason).await?;
        assert!(b.find("[data-testid=restore-backup]").await.is_err(), "nothing to restore from {path:?}");
    }

    choose(&b, &file).await?;
    b.find("[data-testid=restore-preview]").await?;
    let cell = |kind: &str, column: usize| {
        format!("[data-testid=restore-preview] tr[data-kind={kind}] td:nth-of-type({column})")
    };
    b.wait_exact(&cell("Customers", 1), &thousands(N)).await?;
    b.wait_exact(&cell("Customers", 2), "1").await?;
    b.wait_exact(&cell("Customers", 3), &thousands(N)).await?;
    b.wait_exact(&cell("Drafts", 1), "1").await?;
    b.wait_exact(&cell("Drafts", 4), "0").await?;
    // Merge keeps B's own draft-free wizard and customer; replacing says what will be gone.
    b.click("[data-testid=mode-replace]").await?;
    b.find("[data-testid=replace-warning]").await?;
    b.wait_exact(&cell("Customers", 3), &thousands(N)).await?;
    for (language, width) in [("en", 1280), ("de", 360)] {
        b.click(&format!("[data-testid=language-{language}]")).await?;
        b.viewport(width, 900).await?;
        b.evaluate("document.querySelector('[data-testid=restore-preview]').scrollIntoView()").await?;
        b.screenshot(&format!("backup-preview-{language}-{width}")).await?;
        let serious: Vec<_> =
            b.axe_violations().await?.into_iter().filter(|(i, _)| i == "serious" || i == "critical").collect();
        assert!(serious.is_empty(), "{language} {width}: {serious:?}");
    }
    b.click("[data-testid=language-en]").await?;
    b.viewport(1280, 900).await?;
    b.click("[data-testid=restore-backup]").await?;
    let pending = a_pending(&text);
    let written = N + 1 + pending + activity_lines(&text);
    b.wait_exact("[data-testid=restored]", &format!("Restored: {} records.", thousands(written))).await?;

    // The same data: both exports byte for byte, the draft, the pending changes.
    let (short_b, all_b) = exports(&b, &downloads_b).await?;
    assert_eq!(short_b, short_a, "Customers.csv");
    assert_eq!(all_b, all_a, "Customers-all-fields.csv");
    b.goto("/customers/new").await?;
    assert_eq!(b.value("company_name").await?, "Halb Fertig GmbH");

    // Synced afterwards: every customer once on the remote.
    let server = PouchServer::in_memory();
    b.connect_couchdb(&server.url, "accounts").await?;
    let docs = server.customers("accounts");
    let mut names: Vec<String> =
        docs.iter().map(|d| d["data"]["company"]["company_name"].as_str().unwrap_or_default().to_string()).collect();
    names.sort();
    names.dedup();
    assert_eq!((docs.len(), names.len()), (N, N), "each customer once");
    b.close().await?;

    // Device C imported the same file on its own: the same domains under other ids. None of the backup's
    // customers can be restored there, and the preview says so — the first 20 named, the rest counted.
    let profile_c = Profile::new();
    let c = Browser::open(&driver, &profile_c, &site.url).await?;
    c.import_new(&csv_file(&work), N).await?;
    c.goto("/settings").await?;
    choose(&c, &file).await?;
    c.wait_exact(
        "[data-testid=restore-clashes] p",
        "2,500 customers of the backup are not restored: another customer on this device has their primary domain.",
    )
    .await?;
    let named = c.evaluate("document.querySelectorAll('[data-testid=restore-clashes] li:not(.muted)').length").await?;
    assert_eq!(named, 20);
    c.wait_exact("[data-testid=restore-clashes] li.muted", "…and 2,480 more.").await?;
    c.close().await?;
    Ok(())
}

/// How many changes waiting to sync the backup holds.
fn a_pending(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("{\"pending\":")).count()
}

/// How many activity entries the backup holds.
fn activity_lines(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("{\"activity\":")).count()
}

/// Syncs now from `/sync` and waits until the remote and this device agree.
async fn sync_up_to_date(b: &Browser) -> TestResult {
    b.goto("/sync").await?;
    b.click("#sync-now").await?;
    b.wait_exact("[data-testid=sync-status]", "Up to date with the remote.").await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_backup_restored_takes_the_remotes_newer_changes_without_a_question() -> TestResult {
    // Device A syncs with a CouchDB; offline, it moves five customers to "Offline" and downloads a backup
    // with those changes waiting. Online again it pushes them, then moves the five on to "Später". A fresh
    // device restores the older backup (its remote comes with it) and syncs: its waiting changes are ones the
    // remote took long ago and A changed since — settled, not asked about, and "Später" stays on the remote.
    let (site, server, driver) = (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start());
    let work = e2e::TempDir::new("older-backup");
    let downloads = work.join("a");
    let profile_a = Profile::new();
    let a = Browser::open(&driver, &profile_a, &site.url).await?;
    a.download_to(&downloads).await?;
    a.connect_couchdb(&server.url, "accounts").await?;
    let created = work.join("customers.csv");
    std::fs::write(&created, e2e::new_customers_csv(20, "kunde"))?;
    a.import_new(&created, 20).await?;
    a.wait_text("[data-testid=sync-badge]", "Synced").await?;
    a.set_offline(true).await?;
    let offline = work.join("offline.csv");
    std::fs::write(&offline, e2e::customers_csv("kunde", (0..5).map(|i| (i, "Offline"))))?;
    a.import_updates(&offline, 5).await?;
    a.goto("/settings").await?;
    a.click("[data-testid=download-backup]").await?;
    a.wait_exact("[data-testid=backup-done]", "The backup was downloaded.").await?;
    let day = a.evaluate("new Date().toISOString().slice(0, 10)").await?;
    let backup =
        downloaded(&downloads, &format!("customer-accounts-backup-{}.jsonl", day.as_str().unwrap_or("?"))).await?;
    let text = String::from_utf8(backup)?;
    assert_eq!(a_pending(&text), 6, "five moves and the import's activity entry wait");
    let records = 20 + a_pending(&text) + activity_lines(&text);
    let file = work.join("older.jsonl");
    std::fs::write(&file, &text)?;
    a.set_offline(false).await?;
    sync_up_to_date(&a).await?;
    let later = work.join("later.csv");
    std::fs::write(&later, e2e::customers_csv("kunde", (0..5).map(|i| (i, "Später"))))?;
    a.import_updates(&later, 5).await?;
    sync_up_to_date(&a).await?;
    let cities = || {
        let mut cities: Vec<(String, String)> = server
            .customers("accounts")
            .iter()
            .map(|d| {
                let name = d["data"]["company"]["company_name"].as_str().unwrap_or_default().to_string();
                (name, d["data"]["billing"]["default_address"]["city"].as_str().unwrap_or_default().to_string())
            })
            .collect();
        cities.sort();
        cities
    };
    let on_remote = cities();
    assert_eq!(on_remote.iter().filter(|(_, city)| city == "Später").count(), 5);
    a.close().await?;

    let profile_b = Profile::new();
    let b = Browser::open(&driver, &profile_b, &site.url).await?;
    b.goto("/settings").await?;
    choose(&b, &file).await?;
    b.find("[data-testid=restore-preview]").await?;
    b.click("[data-testid=restore-backup]").await?;
    b.wait_exact("[data-testid=restored]", &format!("Restored: {records} records.")).await?;
    sync_up_to_date(&b).await?;
    b.wait_exact("[data-testid=sync-pending]", "0").await?;
    assert_eq!(cities(), on_remote, "the remote keeps A's later cities");
    b.goto("/customers?q=kunde%200").await?;
    b.click("tr.customer-row td.name a").await?;
    b.wait_text("main h1", "Kunde 0 GmbH").await?;
    b.wait_text("main", "Später").await?;
    b.close().await
}
