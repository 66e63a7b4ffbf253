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
