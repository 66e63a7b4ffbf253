//! The referrals inbox as a partner uses it: record referrals, see the days left and an expired one,
//! decline without a reason (refused, with the message) and with one, accept with the deal, win it into a
//! new customer through the prefilled wizard, and export what is shown.

use e2e::{dist_dir, downloaded, Browser, Driver, Profile, StaticServer, TestResult};

/// Records a referral through the form; `received` as typed (2026-12-31 or 31.12.2026), or empty for today.
async fn record(b: &Browser, customer: &str, contact: &str, email: &str, received: &str) -> TestResult {
    b.type_into("referral-customer", customer).await?;
    b.type_into("referral-contact", contact).await?;
    b.type_into("referral-email", email).await?;
    b.type_into("referral-value", "24.000").await?;
    b.type_into("referral-need", "Microsoft 365 Business Premium for 40 seats").await?;
    b.type_into("referral-received", received).await?;
    b.click("#save-referral").await?;
    b.wait_text("main", "Referral recorded.").await?;
    Ok(())
}

fn days_ago(n: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() - time::Duration::days(n);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The same day as a German partner types it: `1.12.2026`.
fn days_ago_german(n: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() - time::Duration::days(n);
    format!("{}.{}.{:04}", d.day(), u8::from(d.month()), d.year())
}

#[tokio::test(flavor = "multi_thread")]
async fn answer_referrals_and_win_one_into_a_new_customer() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let work = e2e::TempDir::new("referrals");
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.download_to(&work).await?;
    b.goto("/referrals").await?;
    b.wait_text("main", "No referrals here yet.").await?;
    b.click("#record-referral").await?;

    // A missing company name is named next to its field.
    b.click("#save-referral").await?;
    b.wait_text(".new-referral", "Customer: This field is required.").await?;
    record(&b, "Contoso Handels GmbH", "Anna Müller", "anna.mueller@contoso.de", &days_ago(3)).await?;
    record(&b, "Fabrikam Logistik AG", "Jan Weiß", "jan@fabrikam.de", &days_ago_german(1)).await?;
    record(&b, "Litware Inc", "Lea Wagner", "lea@litware.com", &days_ago(20)).await?;
    b.wait_text(".result-count", "3 referrals").await?;
    let inbox = b.wait_text("main", "11 days left to answer").await?;
    assert!(inbox.contains("13 days left to answer") && inbox.contains("€24,000"), "{inbox}");
    b.wait_text("article[data-state=expired]", "Litware Inc").await?;
    assert!(b.client.find_all(e2e::Locator::Css("article[data-state=expired] button")).await?.is_empty(), "no actions");
    // Home counts the two to answer (not the expired one) and the fewest days left.
    b.goto("/").await?;
    b.wait_exact("[data-testid=referrals-to-answer]", "2 to answer").await?;
    b.wait_exact("[data-testid=referrals-to-answer] + .stat-label", "referrals, the next within 11 days").await?;
    b.goto("/referrals").await?;
    b.wait_text("article[data-state=new]", "Fabrikam Logistik AG").await?;

    // Declining needs a reason.
    let cards = b.client.find_all(e2e::Locator::Css("article[data-state=new]")).await?;
    let mut fabrikam_card = None;
    for card in cards {
        if card.text().await?.contains("Fabrikam") {
            fabrikam_card = Some(card);
        }
    }
    let card = fabrikam_card.expect("Fabrikam's card");
    card.find(e2e::Locator::Css("button.decline")).await?.click().await?;
    card.find(e2e::Locator::Css("form button[type=submit]")).await?.click().await?;
    b.wait_text("article .field-error", "Reason: This field is required.").await?;
    b.screenshot("desktop-referral-decline").await?;
    card.find(e2e::Locator::Css("textarea.reason")).await?.send_keys("Outside our region").await?;
    card.find(e2e::Locator::Css("form button[type=submit]")).await?.click().await?;
    b.wait_text("article[data-state=declined]", "Outside our region").await?;
    // One left to answer: said in the singular.
    b.goto("/").await?;
    b.wait_exact("[data-testid=referrals-to-answer]", "1 to answer").await?;
    b.wait_exact("[data-testid=referrals-to-answer] + .stat-label", "referral, to answer within 11 days").await?;
    b.goto("/referrals").await?;
    b.wait_text("article[data-state=new]", "Contoso").await?;

    // Accept Contoso with the deal's details, then win it into a new customer.
    b.click("article[data-state=new] button.accept").await?;
    let form = b.find("article[data-state=new] form").await?;
    form.find(e2e::Locator::Css("input[id^=deal-name]")).await?.send_keys("Contoso M365 rollout").await?;
    form.find(e2e::Locator::Css("input[id^=crm-id]")).await?.send_keys("OPP-4711").await?;
    // The deal's value as a German partner writes it: whole euros, the cents rounded.
    let value = form.find(e2e::Locator::Css("input[id^=deal-value]")).await?;
    value.clear().await?;
    value.send_keys("12.500,50").await?;
    form.find(e2e::Locator::Css("button[type=submit]")).await?.click().await?;
    b.wait_text("article[data-state=active]", "Contoso M365 rollout").await?;
    b.wait_text("article[data-state=active]", "€12,501").await?;
    b.wait_text("article[data-state=active]", "CRM OPP-4711").await?;
    b.screenshot("desktop-referrals").await?;
    // On a wide screen a value stands near its name, and the one-word filter is not a screen wide.
    let widths = b
        .evaluate(
            "(() => { const dt = document.querySelector('article.referral dl.props dt'); \
               return [dt.nextElementSibling.getBoundingClientRect().left - dt.getBoundingClientRect().left, \
                       document.getElementById('referral-state').getBoundingClientRect().width]; })()",
        )
        .await?;
    let (name_to_value, filter): (f64, f64) = serde_json::from_value(widths)?;
    assert!(name_to_value <= 16.0 * 16.0 + 16.0 && filter <= 20.0 * 16.0, "{name_to_value} px, {filter} px");
    b.click("article[data-state=active] button.win-new").await?;
    b.wait_text("#from-referral", "comes from a referral").await?;
    assert_eq!(b.value("company_name").await?, "Contoso Handels GmbH");
    assert_eq!((b.value("first_name").await?, b.value("last_name").await?), ("Anna".into(), "Müller".into()));
    assert_eq!(b.value("email").await?, "anna.mueller@contoso.de");
    b.type_into("domain_prefix", "contosohandel").await?;
    b.type_into("address_line1", "Hauptstraße 1").await?;
    b.type_into("postal_code", "10115").await?;
    b.type_into("city", "Berlin").await?;
    b.click("button.subtle[type=button]").await?;
    b.click("#next").await?;
    b.click("#next-review").await?;
    b.click("#submit").await?;
    b.wait_text("main", "Customer added").await?;

    b.goto("/referrals").await?;
    let won = b.wait_text("article[data-state=won]", "Contoso Handels GmbH").await?;
    assert!(won.contains("Open the customer"), "{won}");
    b.click("article[data-state=won] a").await?;
    b.wait_text("h1", "Contoso Handels GmbH").await?;
    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "Referral won").await?;

    // A second referral for the same company, won with the customer that exists now.
    b.goto("/referrals").await?;
    b.click("#record-referral").await?;
    record(&b, "Contoso Handels GmbH", "Ben Roth", "ben@contoso.de", "").await?;
    b.click("article[data-state=new] button.accept").await?;
    let form = b.find("article[data-state=new] form").await?;
    form.find(e2e::Locator::Css("input[id^=deal-name]")).await?.send_keys("Contoso Teams Phone").await?;
    form.find(e2e::Locator::Css("button[type=submit]")).await?.click().await?;
    b.click("article[data-state=active] button.win-existing").await?;
    b.click("article[data-state=active] form button[type=submit]").await?;
    b.wait_text("article[data-state=active] .notice-error", "Choose the customer").await?;
    // The customer is chosen by typing its name (suggestions come from the list, however long it is).
    let picker = b.find("article[data-state=active] input[type=search]").await?;
    picker.send_keys("Contoso Nord\u{E004}").await?;
    b.wait_text("article[data-state=active] .field-error", "No customer is called “Contoso Nord”").await?;
    picker.clear().await?;
    picker.send_keys("contoso handels gmbh").await?;
    b.click("article[data-state=active] form button[type=submit]").await?;
    b.wait_gone("article[data-state=active]").await?;

    // Export what the filter shows.
    b.goto("/referrals").await?;
    b.select("referral-state", "won").await?;
    b.wait_text(".result-count", "2 referrals").await?;
    b.click("#export-referrals").await?;
    let csv = String::from_utf8(downloaded(&work, "Referrals.csv").await?)?;
    assert!(csv.contains("Contoso Handels GmbH") && !csv.contains("Fabrikam"), "{csv}");
    assert!(csv.contains(",Won,") && csv.contains("OPP-4711"), "{csv}");

    b.viewport(360, 740).await?;
    b.select("referral-state", "").await?;
    b.wait_text(".result-count", "4 referrals").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the referrals are wider than 360 px");
    b.screenshot("phone-referrals").await?;
    b.close().await
}

/// Writes `n` referrals straight into the app's database (the app has opened it): "Kunde i GmbH", received
/// `i % 60` days ago, changed in the order of `i`, all new (those received 14 or more days ago have expired).
async fn seed_referrals(b: &Browser, n: usize) -> TestResult {
    let seeded = b
        .client
        .execute_async(
            "const [n, done] = arguments;
             const open = indexedDB.open('partner-accounts');
             open.onsuccess = () => {
               const tx = open.result.transaction('referrals', 'readwrite');
               const store = tx.objectStore('referrals');
               for (let i = 0; i < n; i++) {
                 const d = new Date(Date.now() - (i % 60) * 86400000);
                 const day = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
                 store.put({ id: crypto.randomUUID(), customer_name: 'Kunde ' + i + ' GmbH', contact_name: 'Anna Müller',
                   contact_email: 'anna' + i + '@kunde.de', need: '', value: 0, received_on: day, state: 'new', deal: null,
                   decline_reason: '', lost_reason: '', customer_id: null, updated_at: 1000 + i });
               }
               tx.oncomplete = () => done('ok');
               tx.onerror = () => done(String(tx.error));
             };
             open.onerror = () => done(String(open.error));",
            vec![serde_json::json!(n)],
        )
        .await?;
    if seeded != "ok" {
        return Err(format!("seeding failed: {seeded}").into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn three_thousand_referrals_open_at_once_newest_first_and_are_found_by_search() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/referrals").await?;
    b.wait_text("main", "No referrals here yet.").await?;
    seed_referrals(&b, 3_000).await?;
    b.goto("/").await?;
    b.click("a[href='/referrals']").await?;

    // The first 50, newest received first (received today: 0, 60, …, 2940; the latest changed first).
    b.wait_exact(".result-count", "3,000 referrals").await?;
    b.wait_exact("#referrals-shown", "50 of 3,000 shown, newest first.").await?;
    let names = b.evaluate("Array.from(document.querySelectorAll('article.referral h3'), h => h.textContent)").await?;
    let names: Vec<&str> =
        names.as_array().map(|a| a.iter().filter_map(serde_json::Value::as_str).collect()).unwrap_or_default();
    assert_eq!(names.len(), 50);
    assert_eq!(names[..3], ["Kunde 2940 GmbH", "Kunde 2880 GmbH", "Kunde 2820 GmbH"], "{names:?}");
    b.wait_exact("#referral-state option[value=new]", "New (700)").await?;
    b.wait_exact("#referral-state option[value=expired]", "Expired (2,300)").await?;

    // 50 more, then the state and a search narrow the list; a search that finds nothing says so.
    b.wait_exact("#more-referrals", "Show 50 more").await?;
    b.click("#more-referrals").await?;
    b.wait_exact("#referrals-shown", "100 of 3,000 shown, newest first.").await?;
    b.select("referral-state", "new").await?;
    b.wait_exact(".result-count", "700 referrals").await?;
    b.wait_exact("#referrals-shown", "50 of 700 shown, newest first.").await?;
    b.type_into("referral-search", "ANNA1862@").await?;
    b.wait_exact(".result-count", "1 referral").await?;
    b.wait_exact("article.referral h3", "Kunde 1862 GmbH").await?;
    b.wait_gone("#more-referrals").await?;
    b.select("referral-state", "expired").await?;
    b.wait_exact("#referrals-empty", "No referral matches the search and the state chosen.").await?;
    assert_eq!(b.axe_violations().await?, Vec::<(String, String)>::new(), "the inbox meets WCAG 2.2 AA");
    b.set_input("referral-search", "").await?;
    b.wait_exact(".result-count", "2,300 referrals").await?;
    b.screenshot("desktop-referrals-many").await?;
    b.click("[data-testid=language-de]").await?;
    b.viewport(360, 740).await?;
    b.wait_exact(".result-count", "2.300 Empfehlungen").await?;
    b.wait_exact("#more-referrals", "50 weitere anzeigen").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the inbox is wider than the phone");
    b.screenshot("phone-referrals-many-de").await?;
    b.close().await
}
