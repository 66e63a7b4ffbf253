//! Requesting a reseller relationship: partner id in settings, the link per DAP choice, the email draft,
//! a GDAP request, the pending request and marking it accepted, then the customer it becomes: added with
//! the wizard from the request, or linked to a customer already in the list.

use e2e::{dist_dir, Browser, Driver, Locator, Profile, StaticServer, TestResult};

const PARTNER: &str = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

#[tokio::test(flavor = "multi_thread")]
async fn invite_an_existing_customer() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    // Without a partner id the page says where to set it.
    b.goto("/customers/invite").await?;
    b.wait_text("#needs-partner-id", "Set it in Settings").await?;
    b.click("#needs-partner-id a").await?;
    b.type_into("partner-id", "12345").await?;
    b.click("#save-partner").await?;
    b.wait_text("#partner-id-error", "a GUID like").await?;
    b.type_into("partner-id", PARTNER).await?;
    b.type_into("partner-company", "Fabrikam IT").await?;
    b.type_into("partner-email-domains", "@Fabrikam-IT.de").await?;
    b.select("partner-cloud", "global").await?;
    b.click("#save-partner").await?;
    b.wait_text("main", "Saved.").await?;

    // The partner's own domain is now refused for customer addresses, as Partner Center does.
    b.goto("/customers/new").await?;
    b.type_into("email", "it@fabrikam-it.de").await?;
    b.wait_text("#email-error", "can't be in the domain “fabrikam-it.de”").await?;

    // The link follows the DAP choice, and the email draft carries it.
    b.goto("/customers/invite").await?;
    let url_with_dap = format!(
        "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId={PARTNER}&msppId=0&DAP=true#/BillingAccounts/partner-invitation"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.value("invitation-url").await? != url_with_dap {
        assert!(std::time::Instant::now() < deadline, "the link was {}", b.value("invitation-url").await?);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(b.value("email-body").await?.contains(&url_with_dap));
    b.click("#dap").await?;
    while !b.value("invitation-url").await?.contains("DAP=false") {
        assert!(
            std::time::Instant::now() < deadline + std::time::Duration::from_secs(5),
            "DAP off did not change the link"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(b.value("email-body").await?.contains("DAP=false"));

    b.type_into("email-to", "not-an-email").await?;
    b.wait_exact("#email-to-error", "Enter a valid email address, like name@example.com.").await?;
    b.type_into("email-to", "admin@contoso.com").await?;
    b.wait_gone("#email-to-error").await?;
    let mailto = b.find("#open-email").await?.attr("href").await?.unwrap_or_default();
    assert!(mailto.starts_with("mailto:admin%40contoso.com?subject="), "{mailto}");
    assert!(mailto.contains("DAP%3Dfalse"), "{mailto}");

    // Saving needs the customer's name; with it (and a GDAP request) it is pending.
    b.click("#save-request").await?;
    b.wait_text("#recipient-error", "This field is required").await?;
    b.type_into("recipient", "Contoso Ltd").await?;
    b.click("details.gdap summary").await?;
    b.type_into("gdap-name", "Contoso helpdesk").await?;
    b.type_into("gdap-days", "365").await?;
    b.click("details.gdap .roles label:nth-of-type(2) input").await?;
    b.screenshot("desktop-invite").await?;
    b.click("#save-request").await?;
    b.wait_text("#invite-status", "pending until its Global admin accepts it").await?;
    b.wait_text("ul.requests", "Contoso Ltd").await?;
    b.wait_text("ul.requests", "GDAP “Contoso helpdesk”, 365 days").await?;
    b.wait_text("ul.requests", "Pending").await?;

    // The same GDAP name again is refused.
    b.type_into("recipient", "Another customer").await?;
    b.click("#save-request").await?;
    b.wait_text("#invite-status", "names must be unique").await?;
    // Home counts the request until it is accepted.
    b.goto("/").await?;
    b.wait_exact("[data-testid=pending-requests]", "1 pending").await?;
    b.wait_exact("[data-testid=pending-requests] + .stat-label", "relationship request not accepted yet").await?;
    b.goto("/customers/invite").await?;

    b.click("ul.requests button").await?;
    b.wait_text("ul.requests", "Accepted").await?;

    // The accepted request becomes a customer: the wizard starts from what the request knows.
    b.click("[data-testid=add-from-request]").await?;
    b.wait_text("#from-request", "accepted relationship request").await?;
    assert_eq!(b.value("company_name").await?, "Contoso Ltd");
    b.fill_customer("Contoso Ltd", "contosoltd", "Berlin").await?;
    b.click("#next").await?;
    b.click("#next-review").await?;
    b.click("#submit").await?;
    b.wait_text("main", "Customer added").await?;
    let customer_page = b.path().await?;
    b.goto("/customers/invite").await?;
    b.click("[data-testid=request-customer]").await?;
    b.wait_text("h1", "Contoso Ltd").await?;
    assert_eq!(b.path().await?, customer_page, "the request leads to the customer it became");
    b.wait_text("main", "Relationship request linked to this customer").await?;

    // Another request, accepted, is linked to a customer already in the list.
    b.add_customer("Litware GmbH", "litware", "Köln").await?;
    b.goto("/customers/invite").await?;
    b.type_into("recipient", "it@litware.de").await?;
    b.click("#save-request").await?;
    b.wait_text("ul.requests", "it@litware.de").await?;
    let litware = "//ul[contains(@class, 'requests')]/li[contains(., 'it@litware.de')]";
    let client = &b.client;
    let click = |path: String| async move { client.find(Locator::XPath(&path)).await?.click().await.map(drop) };
    click(format!("{litware}//button[contains(., 'Mark accepted')]")).await?;
    e2e::wait_until("the request accepted", || async {
        let item = b.client.find(Locator::XPath(litware)).await.ok()?;
        item.text().await.ok().filter(|t| t.contains("Accepted")).map(drop)
    })
    .await;
    click(format!("{litware}//button[@data-testid='link-request']")).await?;
    click(format!("{litware}//form//button[@type='submit']")).await?;
    let error = b.client.find(Locator::XPath(&format!("{litware}//*[@role='alert']"))).await?;
    assert_eq!(error.text().await?, "Choose a customer from the suggestions.");
    b.screenshot("desktop-invite-link-request").await?;
    b.client.find(Locator::XPath(&format!("{litware}//form//input"))).await?.send_keys("Litware GmbH").await?;
    click(format!("{litware}//form//button[@type='submit']")).await?;
    e2e::wait_until("the request linked", || async {
        b.client.find(Locator::XPath(&format!("{litware}//a[@data-testid='request-customer']"))).await.ok()
    })
    .await
    .click()
    .await?;
    b.wait_text("h1", "Litware GmbH").await?;

    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "Relationship request accepted").await?;
    b.wait_text("table.activity-log", "Reseller relationship requested").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn three_thousand_requests_sent_are_listed_a_page_at_a_time_and_found_by_search() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.set_partner(PARTNER, "Fabrikam IT").await?;
    b.goto("/customers/invite").await?;
    b.type_into("recipient", "Contoso Ltd").await?;
    b.click("#save-request").await?;
    b.wait_exact("#request-count", "1 request").await?;
    assert!(b.find("#request-search").await.is_err(), "no search for one request");
    // An onboarding wave: 3,000 more, sent a minute apart before it ("Kunde 0 GmbH" the newest).
    let seeded = b
        .client
        .execute_async(
            "const done = arguments[0];
             const open = indexedDB.open('partner-accounts');
             open.onsuccess = () => {
               const tx = open.result.transaction('requests', 'readwrite');
               const store = tx.objectStore('requests');
               const read = store.getAll();
               read.onsuccess = () => {
                 const sent = read.result[0];
                 for (let i = 0; i < 3000; i++) {
                   const copy = structuredClone(sent);
                   Object.assign(copy, { id: crypto.randomUUID(), recipient: 'Kunde ' + i + ' GmbH', created_at: sent.created_at - (i + 1) * 60000 });
                   store.put(copy);
                 }
               };
               tx.oncomplete = () => done('ok');
               tx.onerror = () => done(String(tx.error));
             };",
            vec![],
        )
        .await?;
    assert_eq!(seeded, "ok");
    b.goto("/").await?;
    b.click("a[href='/customers/invite']").await?;
    b.wait_exact("#request-count", "3,001 requests").await?;
    b.wait_exact("#requests-shown", "20 of 3,001 shown, newest first.").await?;
    let items =
        b.evaluate("Array.from(document.querySelectorAll('ul.requests .sub-name'), e => e.textContent)").await?;
    let items: Vec<&str> =
        items.as_array().map(|a| a.iter().filter_map(serde_json::Value::as_str).collect()).unwrap_or_default();
    assert_eq!(items.len(), 20);
    assert_eq!(items[..3], ["Contoso Ltd", "Kunde 0 GmbH", "Kunde 1 GmbH"], "newest first");
    b.wait_exact("#more-requests", "Show 20 more").await?;
    b.click("#more-requests").await?;
    b.wait_exact("#requests-shown", "40 of 3,001 shown, newest first.").await?;

    // Found by its recipient, marked accepted; a search that finds nothing says so.
    b.type_into("request-search", "KUNDE 2999").await?;
    b.wait_exact("#request-count", "1 request").await?;
    b.wait_exact("ul.requests .sub-name", "Kunde 2999 GmbH").await?;
    b.wait_gone("#more-requests").await?;
    b.click("ul.requests button").await?;
    b.wait_text("ul.requests li", "Accepted").await?;
    b.wait_exact("ul.requests .sub-name", "Kunde 2999 GmbH").await?;
    b.set_input("request-search", "zzz").await?;
    b.wait_exact("#request-count", "No request matches the search.").await?;
    b.set_input("request-search", "").await?;
    b.wait_exact("#request-count", "3,001 requests").await?;
    assert_eq!(b.axe_violations().await?, Vec::<(String, String)>::new(), "the requests meet WCAG 2.2 AA");
    b.click("#more-requests").await?;
    b.screenshot("desktop-invite-many-requests").await?;
    b.click("[data-testid=language-de]").await?;
    b.viewport(360, 740).await?;
    b.wait_exact("#request-count", "3.001 Anfragen").await?;
    b.wait_exact("#requests-shown", "40 von 3.001 angezeigt, die neuesten zuerst.").await?;
    let sent = b.find("ul.requests li:nth-child(2) .muted").await?.text().await?;
    assert!(sent.ends_with(" · mit DAP"), "written in German after the switch: {sent}");
    let label = b.find("ul.requests li:nth-child(2) button").await?.attr("aria-label").await?;
    assert_eq!(label.as_deref(), Some("Als angenommen markieren: die Anfrage an Kunde 0 GmbH"));
    assert_eq!(b.horizontal_overflow().await?, 0, "the requests are wider than the phone");
    b.screenshot("phone-invite-many-requests-de").await?;
    b.close().await
}
