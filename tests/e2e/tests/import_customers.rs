//! Importing a 1,000-row CSV with 3 bad rows: the errors by line, skipping them, progress, the one activity
//! entry, export and compare, and undo.

use std::collections::BTreeSet;

use e2e::{dist_dir, downloaded, Browser, Driver, Profile, StaticServer, TestResult};

/// A German-Excel style file (`;`, BOM) with rows 101, 502 and 903 (lines 102, 503, 904) broken.
fn file(dir: &std::path::Path) -> (std::path::PathBuf, BTreeSet<String>) {
    let mut text = String::from("\u{feff}Firmenname;Domäne;Vorname;Nachname;E-Mail;Straße;PLZ;Ort;Land\r\n");
    let mut good = BTreeSet::new();
    for i in 1..=1000 {
        let (email, country) = match i {
            101 => ("not-an-email".to_string(), "DE"),
            502 => (format!("k{i}@kunde{i}.de"), "XX"),
            _ => (format!("k{i}@kunde{i}.de"), "DE"),
        };
        let name = if i == 903 { "GmbH".to_string() } else { format!("Kunde {i} GmbH") };
        text += &format!("{name};kunde{i};Jan;Weiß;{email};Hauptstraße {i};10115;Berlin;{country}\r\n");
        if ![101, 502, 903].contains(&i) {
            good.insert(format!("kunde{i}.onmicrosoft.com"));
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("kunden.csv");
    std::fs::write(&path, text).unwrap();
    (path, good)
}

#[tokio::test(flavor = "multi_thread")]
async fn import_skip_bad_rows_export_and_undo() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let work = e2e::TempDir::new("import");
    let (csv, good) = file(&work);
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.download_to(&work.join("downloads")).await?;

    b.goto("/customers").await?;
    b.click("a[href='/customers/import']").await?;
    // The file chooser's ring shows where the keyboard is, not after a click (here a focus by script after
    // the mouse's click on the link, as after a click on the chooser).
    let ring =
        "[document.activeElement.id, getComputedStyle(document.querySelector('.file-choice .button')).outlineStyle]";
    b.find("#import-file").await?;
    let by_script = b.evaluate(&format!("document.getElementById('import-file').focus(), {ring}")).await?;
    assert_eq!(by_script, serde_json::json!(["import-file", "none"]), "no ring after a click");
    b.press_tab(true).await?;
    b.press_tab(false).await?;
    assert_eq!(b.evaluate(ring).await?, serde_json::json!(["import-file", "solid"]), "a ring for the keyboard");
    b.find("#import-file").await?.send_keys(&csv.display().to_string()).await?;
    b.wait_text("#import-summary", "1,000 rows: 997 to create, 0 to update, 0 unchanged, 3 with errors.").await?;
    let errors = b.wait_text("#import-errors", "3 rows can't be imported").await?;
    assert!(errors.contains("Line 102: Email: Enter a valid email address"), "{errors}");
    assert!(errors.contains("Line 503: Country: Choose a country from the list."), "{errors}");
    assert!(errors.contains("Line 904: Company name:"), "{errors}");
    assert!(!b.find("#start-import").await?.is_enabled().await?, "nothing is imported until the user decides");
    b.screenshot("desktop-import-preview").await?;

    b.click("#skip-bad").await?;
    b.click("#start-import").await?;
    b.wait_text("#import-outcome", "Imported: created 997, updated 0.").await?;
    // The same file again, right away on this page: it is planned against the customers just imported, never
    // against those read before the import (which would promise 997 creates that are refused).
    let copy = work.join("kunden-noch-einmal.csv"); // the same file again fires no change
    std::fs::copy(&csv, &copy)?;
    b.find("#import-file").await?.send_keys(&copy.display().to_string()).await?;
    let again = "1,000 rows: 0 to create, 0 to update, 0 unchanged, 1,000 with errors.";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let shown = match b.client.find(e2e::Locator::Css("#import-summary")).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        assert!(!shown.contains("997 to create"), "planned against the customers read before the import: {shown}");
        if shown.trim() == again {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the summary reads “{shown}”, not “{again}”");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }

    b.goto("/customers").await?;
    b.wait_text(".result-count", "997 customers").await?;
    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "kunden.csv: created 997, updated 0").await?;
    let text = b.find("table.activity-log").await?.text().await?;
    assert_eq!(text.matches("Customers imported").count(), 1, "one activity entry for the whole import");

    // Export and compare: exactly the good rows' domains.
    b.goto("/customers").await?;
    b.wait_text(".result-count", "997 customers").await?;
    b.click("#export-all-fields").await?;
    let exported = String::from_utf8(downloaded(&work.join("downloads"), "Customers-all-fields.csv").await?)?;
    let domains: BTreeSet<String> =
        exported.lines().skip(1).filter_map(|l| l.split(',').nth(3)).map(String::from).collect();
    assert_eq!(domains, good);

    // Importing the same file again in "create" mode finds every row already there.
    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&csv.display().to_string()).await?;
    b.wait_text("#import-summary", "0 to create").await?;
    b.wait_text("#import-errors", "exists already").await?;
    b.close().await?;

    // Undo right after an import (a second browser on a fresh profile).
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&csv.display().to_string()).await?;
    b.wait_text("#import-summary", "997 to create").await?;
    b.click("#skip-bad").await?;
    b.click("#start-import").await?;
    b.wait_text("#import-outcome", "created 997").await?;
    b.click("#undo-import").await?;
    b.wait_text("#import-outcome", "Import undone: removed 997, restored 0.").await?;
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_row_in_the_preview_names_the_fields_it_changes() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    let work = e2e::TempDir::new("updates");
    let (created, updates) = (work.join("customers.csv"), work.join("updates.csv"));
    std::fs::write(&created, e2e::new_customers_csv(3, "kunde"))?;
    b.import_new(&created, 3).await?;
    // An old export: row 1 moves the customer to Hamburg (city and postal code), row 2 is as stored.
    let text = e2e::new_customers_csv(2, "kunde").replace("Weg 0,10115,Berlin", "Weg 0,20095,Hamburg");
    std::fs::write(&updates, text)?;
    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&updates.display().to_string()).await?;
    b.select("import-mode", "update").await?;
    b.wait_text("#import-summary", "2 rows: 0 to create, 1 to update, 1 unchanged").await?;
    let result = |row: usize| format!("table.preview tbody tr:nth-child({row}) td:nth-child(4)");
    b.wait_exact(&result(1), "Changed: city, postal code").await?;
    b.wait_exact(&result(2), "Unchanged").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact(&result(1), "Geändert: Ort, Postleitzahl").await?;
    b.close().await
}
