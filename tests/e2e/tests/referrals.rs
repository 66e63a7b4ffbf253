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
