//! CSV exports from the customer list and the activity log with its filters, as a partner uses them.

use e2e::{dist_dir, downloaded, Browser, Driver, Profile, StaticServer, TestResult};

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark for Excel");
    body.split("\r\n").filter(|l| !l.is_empty()).map(split_csv_line).collect()
}

/// Enough CSV for these files: fields may be quoted, quotes doubled.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[tokio::test(flavor = "multi_thread")]
async fn export_the_list_and_read_the_activity_log() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let downloads = e2e::TempDir::new("downloads");
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.download_to(&downloads).await?;

    b.add_customer("Bäckerei Müller GmbH", "baeckereimueller", "Düsseldorf").await?;
    b.add_customer("=Evil Corp", "evilcorp", "Düsseldorf").await?;

    // Customers.csv: Partner Center's four columns, umlauts intact, the formula neutralised.
    b.goto("/customers").await?;
    b.wait_text(".result-count", "2 customers").await?;
    b.click("#export-customers").await?;
    let rows = csv_rows(&downloaded(&downloads, "Customers.csv").await?);
    assert_eq!(rows[0], ["Microsoft ID", "Company name", "Primary domain name", "Relationship"]);
    assert_eq!(rows.len(), 3);
    assert!(rows
        .iter()
        .any(|r| r[1] == "Bäckerei Müller GmbH" && r[2] == "baeckereimueller.onmicrosoft.com" && r[3] == "Reseller"));
    assert!(rows.iter().any(|r| r[1] == "'=Evil Corp"), "{rows:?}");

    // "All fields" exports what the search shows.
    b.type_into("search", "bäcker").await?;
    b.wait_text(".result-count", "1 of 2 customers").await?;
    b.click("#export-all-fields").await?;
    let rows = csv_rows(&downloaded(&downloads, "Customers-all-fields.csv").await?);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].len(), 24);
    assert_eq!(rows[1][2], "Bäckerei Müller GmbH");
    assert_eq!(rows[1][15], "Düsseldorf");

    // The activity log: both additions in the default range (the last month), filterable, exportable.
    b.click("nav a[href='/activity']").await?;
    b.wait_exact("[data-testid=activity-count]", "2 entries").await?;
    b.wait_text("table.activity-log", "Customer added").await?;
    b.screenshot("desktop-activity").await?;
    b.type_into("activity-customer", "=Evil Corp").await?;
    b.wait_exact("[data-testid=activity-count]", "1 entry").await?;
    b.click("#export-activity").await?;
    let rows = csv_rows(&downloaded(&downloads, "Activity.csv").await?);
    assert_eq!(rows[0], ["Date", "Customer", "Action", "Details", "User"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], "'=Evil Corp");
    assert_eq!(rows[1][2], "Customer added");

    b.type_into("from", "2020-01-01").await?;
    b.type_into("to", "2020-01-31").await?;
    b.wait_text("main", "No activity in this period").await?;
    b.type_into("from", "2020-02-01").await?;
    b.wait_text(".field-error", "“From” is after “To”").await?;
    // Typed as a German partner writes dates; a day that does not exist is said next to the field.
    b.type_into("from", "1.1.2020").await?;
    b.wait_text("main", "No activity in this period").await?;
    let typed = b.path_and_query().await?;
    assert!(typed.starts_with("/activity?from=2020-01-01&to=2020-01-31&"), "{typed}");
    b.type_into("to", "31.02.2020").await?;
    b.wait_exact("#to-error", "Enter a date such as 2026-12-31 or 31.12.2026.").await?;
    assert_eq!(b.path_and_query().await?, typed, "the last date that was one stays");
    b.close().await?;
    Ok(())
}
