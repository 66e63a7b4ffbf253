//! Existing customers from Partner Center: its `Customers.csv` (Microsoft ID, company name, primary domain,
//! relationship — no billing) imports 3,000 customers, each with its relationship; importing it again changes nothing; the list filters
//! the customers whose billing details are missing, and one customer's details are completed. Home's chart
//! of the customers added per month keeps its month names and its counts apart on a desktop and a phone.

use e2e::{customer_docs, dist_dir, Browser, Driver, PouchServer, Profile, StaticServer, TestResult};

/// Checks the chart's twelve month names as shown under the bars: none less than 4 px from the one before it
/// (names that touch read as one word: "NovDez"), each `letters` long — a short name on the desktop (3 or
/// more), its first letter on a phone (1).
async fn months_apart(b: &Browser, letters: std::ops::RangeInclusive<usize>) -> TestResult {
    let seen = b
        .evaluate(
            "(() => { const shown = [...document.querySelectorAll('[data-testid=added-chart] .bar-month')] \
               .filter(t => t.checkVisibility()) \
               .map(t => [t.textContent, t.getBoundingClientRect()]); \
             const touching = []; \
             for (let i = 1; i < shown.length; i++) \
               if (shown[i][1].left < shown[i - 1][1].right + 4) touching.push(shown[i - 1][0] + shown[i][0]); \
             return [shown.map(s => s[0]), touching]; })()",
        )
        .await?;
    let (names, touching): (Vec<String>, Vec<String>) = serde_json::from_value(seen)?;
    assert_eq!((names.len(), touching.len()), (12, 0), "{names:?}, touching: {touching:?}");
    assert!(names.iter().all(|n| letters.contains(&n.chars().count())), "{letters:?} letters a month: {names:?}");
    Ok(())
}

/// The counts over the chart's bars as shown, left to right; fails if any two come within 2 px of each other
/// (side by side, "1,0001,001" reads as one number) or any count is smaller than 11 px.
async fn counts_apart(b: &Browser) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let seen = b
        .evaluate(
            "(() => { const shown = [...document.querySelectorAll('[data-testid=added-chart] .bar-count')] \
               .filter(t => t.checkVisibility()).map(t => [t.textContent, t.getBoundingClientRect()]); \
             const near = (a, b) => a.left < b.right + 2 && b.left < a.right + 2 \
               && a.top < b.bottom + 2 && b.top < a.bottom + 2; \
             const crowded = []; \
             for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) \
               if (near(shown[i][1], shown[j][1])) crowded.push(shown[i][0] + ' / ' + shown[j][0]); \
             const small = shown.filter(s => s[1].height < 11).map(s => s[0] + ': ' + s[1].height); \
             return [shown.map(s => s[0]), crowded, small]; })()",
        )
        .await?;
    let (counts, crowded, small): (Vec<String>, Vec<String>, Vec<String>) = serde_json::from_value(seen)?;
    assert!(crowded.is_empty(), "counts touching: {crowded:?} of {counts:?}");
    assert!(small.is_empty(), "counts too small to read: {small:?}");
    Ok(counts)
}

const N: usize = 3_000;

fn tenant(i: usize) -> String {
    format!("3f2504e0-4f89-41d3-9a0c-{i:012}")
}

/// Partner Center's export as German Excel saves it: BOM, `;`, CRLF.
fn partner_center_file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::from("\u{feff}Microsoft ID;Company name;Primary domain name;Relationship\r\n");
    for i in 0..N {
        let relationship = if i % 10 == 0 { "Advisor" } else { "Reseller" };
        text += &format!("{};Bestand {i} GmbH;bestand{i}.onmicrosoft.com;{relationship}\r\n", tenant(i));
    }
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("Customers.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn partner_centers_export_adds_existing_customers_whose_billing_is_completed_later() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let work = e2e::TempDir::new("existing");
    let file = partner_center_file(&work);
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    b.wait_exact("#import-summary", "3,000 rows: 3,000 to create, 0 to update, 0 unchanged, 0 with errors.").await?;
    b.click("#start-import").await?;
    b.wait_exact("#import-outcome", "Imported: created 3,000, updated 0.").await?;

    // The same file again, as "create or update": every row is recognised and nothing is left to do.
    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    b.wait_text("#import-summary", "3,000 rows").await?;
    b.select("import-mode", "upsert").await?;
    b.wait_exact("#import-summary", "3,000 rows: 0 to create, 0 to update, 3,000 unchanged, 0 with errors.").await?;
    assert!(!b.find("#start-import").await?.is_enabled().await?, "nothing to import");

    // Home says how many lack billing details, and leads to them.
    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", "3,000 customers").await?;
    b.wait_exact("[data-testid=billing-missing-count]", "3,000 without billing details").await?;
    b.click("[data-testid=billing-missing-count]").await?;
    b.wait_exact("[data-testid=result-count]", "1–20 of 3,000 matching (3,000 customers)").await?;
    b.goto("/customers?billing=missing").await?;
    b.wait_exact("[data-testid=result-count]", "1–20 of 3,000 matching (3,000 customers)").await?;
    assert!(b.find("#billing-missing").await?.is_selected().await?, "the filter is restored from the URL");

    let id = tenant(1234);
    b.goto(&format!("/customers/{id}")).await?;
    b.wait_text("[data-testid=billing-missing]", "Billing details missing").await?;
    // The import is one entry of the log, not one per customer: the customer's own card says it has none.
    b.wait_exact("[data-testid=no-activity]", "No activity for this customer on this device yet.").await?;
    b.screenshot("desktop-existing-customer").await?;
    b.viewport(360, 800).await?;
    b.screenshot("phone-existing-customer").await?;
    b.viewport(1280, 900).await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_text("[data-testid=billing-missing]", "Rechnungsdaten fehlen").await?;
    b.wait_exact("[data-testid=no-activity]", "Auf diesem Gerät noch keine Aktivität zu diesem Kunden.").await?;
    b.screenshot("desktop-existing-customer-de").await?;
    b.click("[data-testid=language-en]").await?;

    b.click("#complete-billing").await?;
    b.find("#first_name").await?;
    assert_eq!(b.value("country").await?, "DE", "the wizard's defaults to start from");
    b.click("#save").await?;
    b.wait_text("#first_name-error", "required").await?;
    b.type_into("first_name", "Jan").await?;
    b.type_into("last_name", "Weiß").await?;
    b.type_into("email", "jan@bestand1234.de").await?;
    b.type_into("address_line1", "Hauptstraße 1").await?;
    b.type_into("postal_code", "10115").await?;
    b.type_into("city", "Berlin").await?;
    b.click("#save").await?;
    b.wait_gone("[data-testid=billing-missing]").await?;
    b.wait_text("main", "Hauptstraße 1").await?;
    b.wait_gone("[data-testid=no-activity]").await?;

    b.goto("/customers?billing=missing").await?;
    // How many rows fit depends on the window; the counts are what matter.
    b.wait_text("[data-testid=result-count]", " of 2,999 matching (3,000 customers)").await?;
    b.goto("/").await?;
    b.wait_exact("[data-testid=billing-missing-count]", "2,999 without billing details").await?;
    // The overview: by relationship, and the month they were added in — counted, in both languages.
    b.wait_exact("[data-testid=relationship-reseller]", "2,700").await?;
    b.wait_exact("[data-testid=relationship-advisor]", "300").await?;
    // Each relationship's bar is drawn to its share: 2,700 of 3,000 and 300 of 3,000.
    let drawn = |n: usize| format!("[data-testid=by-relationship] li:nth-child({n}) .share-part");
    let (reseller, advisor) =
        (b.find(&drawn(1)).await?.rectangle().await?.2, b.find(&drawn(2)).await?.rectangle().await?.2);
    assert!((reseller / advisor - 9.0).abs() < 0.2, "bars of 90 % and 10 %: {reseller} and {advisor} px");
    b.wait_exact("[data-testid=added-total]", "3,000 added in the last 12 months.").await?;
    b.wait_exact("[data-testid=added-month]:last-of-type .bar-count", "3,000").await?;
    let chart = b.find("[data-testid=added-chart]").await?.attr("aria-label").await?.unwrap_or_default();
    assert!(chart.starts_with("3,000 added in the last 12 months. ") && chart.ends_with(": 3,000"), "{chart}");
    assert_eq!(chart.matches(": 0").count(), 11, "eleven empty months named: {chart}");
    // Twelve month names under the bars, apart: short names on the desktop, first letters on a phone.
    months_apart(&b, 3..=usize::MAX).await?;
    b.screenshot("desktop-en-home-overview").await?;
    b.viewport(360, 800).await?;
    months_apart(&b, 1..=1).await?;
    b.screenshot("phone-en-home-overview").await?;
    b.viewport(1280, 900).await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("[data-testid=added-total]", "3.000 in den letzten 12 Monaten hinzugefügt.").await?;
    b.wait_exact("[data-testid=relationship-reseller]", "2.700").await?;
    months_apart(&b, 3..=usize::MAX).await?;
    b.screenshot("desktop-de-home-overview").await?;
    b.viewport(360, 800).await?;
    months_apart(&b, 1..=1).await?;
    b.screenshot("phone-de-home-overview").await?;
    // Each relationship leads to the list showing only it.
    b.click("[data-testid=by-relationship] a[href$='rel=advisor']").await?;
    b.wait_text("[data-testid=result-count]", " von 300 passenden (3.000 Kunden)").await?;
    assert_eq!(b.path_and_query().await?, "/customers?rel=advisor");
    b.close().await?;
    Ok(())
}

/// Customers added in three months running, a thousand and more in each — as another device or tool pushed
/// them — are counted under their months, and the three four-digit counts over bars of the same height stand
/// apart (every other one lifted) on a desktop and a phone, in both languages.
#[tokio::test(flavor = "multi_thread")]
async fn counts_of_months_side_by_side_stand_apart() -> TestResult {
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    // The middle of this month and of the two before it, as the browser's calendar has them.
    let middles: Vec<i64> = serde_json::from_value(
        b.evaluate("(() => { const d = new Date(); return [2, 1, 0].map(k => new Date(d.getFullYear(), d.getMonth() - k, 15).getTime()); })()")
            .await?,
    )?;
    let sizes = [1_000, 1_001, 1_002];
    let mut docs = customer_docs(sizes.iter().sum());
    let mut months = middles.iter().zip(sizes).flat_map(|(at, n)| std::iter::repeat_n(*at, n));
    for doc in &mut docs {
        let at = months.next().expect("a month for each");
        doc["data"]["created_at"] = at.into();
        doc["data"]["updated_at"] = at.into();
    }
    server.fill("accounts", &docs);
    b.connect_couchdb(&server.url, "accounts").await?;

    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", "3,003 customers").await?;
    b.wait_exact("[data-testid=added-total]", "3,003 added in the last 12 months.").await?;
    assert_eq!(counts_apart(&b).await?, ["1,000", "1,001", "1,002"]);
    months_apart(&b, 3..=usize::MAX).await?;
    b.screenshot("desktop-en-home-months").await?;
    b.viewport(360, 800).await?;
    assert_eq!(counts_apart(&b).await?, ["1,000", "1,001", "1,002"]);
    months_apart(&b, 1..=1).await?;
    b.screenshot("phone-en-home-months").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("[data-testid=added-total]", "3.003 in den letzten 12 Monaten hinzugefügt.").await?;
    assert_eq!(counts_apart(&b).await?, ["1.000", "1.001", "1.002"]);
    months_apart(&b, 1..=1).await?;
    b.screenshot("phone-de-home-months").await?;
    b.viewport(1280, 900).await?;
    assert_eq!(counts_apart(&b).await?, ["1.000", "1.001", "1.002"]);
    b.screenshot("desktop-de-home-months").await?;
    b.close().await?;
    Ok(())
}
