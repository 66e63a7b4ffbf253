//! A partner adds a customer through the wizard, finds it again by a substring search, and it is still
//! there after a reload and after closing and reopening the browser — driven through WebDriver.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn add_a_customer_find_it_by_substring_and_keep_it_across_reloads() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    // Start page: the task table and no customers yet.
    b.goto("/").await?;
    b.wait_text("[data-testid=customer-count]", "0 customers").await?;
    b.wait_text("table.tasks", "Allow customers to buy their own services").await?;
    b.screenshot("desktop-home-empty").await?;

    // Empty customer list leads to the wizard.
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    b.click("a.button.primary[href$='/customers/new']").await?;
    b.find("#company_name").await?;

    // One wrong field: its message appears next to it when the user leaves it, and goes when fixed.
    b.type_into("domain_prefix", "contoso-handel").await?;
    b.wait_text("#domain_prefix-error", "Use only letters a–z and digits 0–9").await?;
    b.type_into("company_name", "GmbH").await?;
    b.wait_text("#company_name-error", "legal-form abbreviation").await?;
    b.screenshot("desktop-wizard-errors").await?;
    b.fill_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    b.wait_gone("#domain_prefix-error").await?;
    b.wait_gone("#company_name-error").await?;

    // A subscription to start with (one wrong quantity first), review, then submit: the customer's page opens.
    b.click("#next").await?;
    b.type_into("offer-name", "Microsoft 365 Business Standard").await?;
    b.type_into("quantity", "0").await?;
    b.click("#add-subscription").await?;
    b.wait_text("#subscription-error", "Enter a quantity from 1 to 100000").await?;
    b.type_into("quantity", "15").await?;
    b.click("#add-subscription").await?;
    b.wait_text("#wizard-subscriptions", "Microsoft 365 Business Standard").await?;
    b.screenshot("desktop-wizard-subscriptions").await?;
    b.click("#next-review").await?;
    b.wait_exact("[data-testid=review-subscriptions] li", "15 × Microsoft 365 Business Standard (Monthly)").await?;
    b.wait_text("section.review", "contosohandel.onmicrosoft.com").await?;
    // No tags were typed: said once, under the heading.
    b.wait_exact("[data-testid=review-tags]", "No tags.").await?;
    b.screenshot("desktop-wizard-review").await?;
    b.click("#submit").await?;
    b.wait_text("main", "Customer added").await?;
    b.wait_text("main h1", "Contoso Handels GmbH").await?;
    b.wait_text("main", "admin@contosohandel.onmicrosoft.com").await?;
    b.wait_text("ul.activity", "Customer added").await?;
    b.wait_text("ul.subscriptions", "Microsoft 365 Business Standard").await?;
    let detail_path = b.path().await?;
    assert!(detail_path.starts_with("/customers/") && detail_path.len() > "/customers/".len() + 30, "{detail_path}");
    b.screenshot("desktop-customer-added").await?;

    // A substring (not a prefix) of the name finds it; something else finds nothing.
    b.click("nav a[href='/customers']").await?;
    b.type_into("search", "handels").await?;
    b.wait_text("table.grid-customers", "Contoso Handels GmbH").await?;
    b.wait_text(".result-count", "1 of 1 customer").await?;
    b.type_into("search", "fabrikam").await?;
    b.wait_text("main", "No customer matches").await?;
    b.type_into("search", "").await?;
    b.screenshot("desktop-customer-list").await?;

    // Reload: still there. A deep link opened directly works.
    b.client.refresh().await?;
    b.type_into("search", "TOSO HAND").await?;
    b.wait_text("table.grid-customers", "contosohandel.onmicrosoft.com").await?;
    b.goto(&detail_path).await?;
    b.wait_text("main h1", "Contoso Handels GmbH").await?;

    // Close the browser and open it again on the same profile: still there.
    b.close().await?;
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/").await?;
    b.wait_text("[data-testid=customer-count]", "1 customer").await?;
    b.goto("/customers").await?;
    b.wait_text("table.grid-customers", "Contoso Handels GmbH").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_half_filled_wizard_survives_a_reload_and_a_used_domain_is_refused() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.goto("/customers/new").await?;
    b.fill_customer("Fabrikam Bau AG", "fabrikambau", "Berlin").await?;
    b.click("#next").await?;
    b.click("#next-review").await?;
    b.click("#submit").await?;
    b.wait_text("main", "Customer added").await?;

    // A second customer: half fill, reload, the input is back.
    b.goto("/customers/new").await?;
    b.type_into("company_name", "Wingtip Toys").await?;
    b.type_into("city", "Hamburg").await?;
    b.client.refresh().await?;
    b.find("#company_name").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.value("company_name").await? != "Wingtip Toys" {
        assert!(std::time::Instant::now() < deadline, "the draft was not restored");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(b.value("city").await?, "Hamburg");

    // The domain of the first customer is refused, naming its owner.
    b.type_into("domain_prefix", "FabrikamBau").await?;
    b.wait_text("#domain_prefix-error", "already used by the customer “Fabrikam Bau AG”").await?;

    // Poland requires phone and registration id: Next refuses and says so.
    b.select("country", "PL").await?;
    b.wait_text("main", "Partner Center requires a phone number").await?;
    b.type_into("domain_prefix", "wingtip").await?;
    b.click("#next").await?;
    b.wait_text("#phone-error", "A phone number is required for customers in PL").await?;
    b.wait_text("#org_registration_id-error", "registration id is required").await?;
    b.screenshot("desktop-wizard-poland").await?;
    b.close().await?;
    Ok(())
}

/// Every page at 360 × 740: screenshots, and nothing wider than the screen.
#[tokio::test(flavor = "multi_thread")]
async fn pages_fit_a_360px_phone() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.viewport(360, 740).await?;

    b.goto("/").await?;
    b.wait_text("[data-testid=customer-count]", "0 customers").await?;
    b.click(".menu-button").await?;
    b.wait_text("nav.nav.open", "Add customer").await?;
    b.screenshot("phone-home-menu").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "home is wider than 360 px");

    b.click("nav.nav.open a[href='/customers/new']").await?;
    b.type_into("company_name", "A").await?;
    b.wait_text("#company_name-error", "more than one character").await?;
    b.screenshot("phone-wizard").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the wizard is wider than 360 px");
    b.fill_customer("Contoso Einzelhandel und Logistik GmbH & Co. KG", "contosohandelundlogistik", "Berlin").await?;
    b.click("#next").await?;
    b.find("#next-review").await?;
    b.screenshot("phone-wizard-subscriptions").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the subscriptions step is wider than 360 px");
    b.click("#next-review").await?;
    b.wait_text("section.review", "contosohandelundlogistik.onmicrosoft.com").await?;
    assert_eq!(
        b.lines("section.review dl.props dd:nth-of-type(2)").await?,
        ["contosohandelundlogistik", ".onmicrosoft.com"]
    );
    b.screenshot("phone-review").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the review is wider than 360 px");
    b.click("#submit").await?;
    b.wait_text("main", "Customer added").await?;
    b.screenshot("phone-customer").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the customer page is wider than 360 px");
    // A domain too long for its place wraps before a dot, not inside the name, on a phone and a desktop.
    let domain = ["contosohandelundlogistik", ".onmicrosoft.com"];
    assert_eq!(b.lines("dl.props dd.mono:not(.small)").await?, domain);
    assert_eq!(b.lines(".page-head p.mono").await?, domain);
    // Each value under its name on a phone, beside it on a desktop.
    let under = "(() => { const dt = document.querySelector('dl.props dt'); \
                   return dt.nextElementSibling.getBoundingClientRect().top >= dt.getBoundingClientRect().bottom; })()";
    assert_eq!(b.evaluate(under).await?, true, "the Microsoft ID under its name");
    b.viewport(1280, 800).await?;
    assert_eq!(b.lines("dl.props dd.mono:not(.small)").await?, domain);
    assert_eq!(b.evaluate(under).await?, false, "the Microsoft ID beside its name");
    // The Microsoft ID in one piece, for the eye and for a copy by hand.
    assert_eq!(b.lines("dl.props dd.mono.small").await?.len(), 1, "the Microsoft ID on one line at 1280 px");
    b.click("dl.props dd.whole").await?;
    let selected = b.evaluate("window.getSelection().toString()").await?;
    let id = b.find("dl.props dd.whole").await?.text().await?;
    assert_eq!((selected.as_str(), id.len()), (Some(id.as_str()), 36), "one click selects the whole Microsoft ID");
    b.viewport(360, 740).await?;

    b.goto("/customers").await?;
    b.wait_text("table.grid-customers", "contosohandelundlogistik").await?;
    b.screenshot("phone-customer-list").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the list is wider than 360 px");

    b.click("table.grid-customers a").await?;
    b.click("#edit").await?;
    b.wait_text("main", "not pushed to other portals").await?;
    b.screenshot("phone-edit").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the edit page is wider than 360 px");
    b.click("#cancel").await?;
    b.click("#relationship-action").await?;
    b.wait_text("main", "legal notices").await?;
    b.screenshot("phone-relationship").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the relationship page is wider than 360 px");

    b.goto("/customers/import").await?;
    b.wait_text("main", "Choose a CSV file").await?;
    b.screenshot("phone-import").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the import page is wider than 360 px");

    b.goto("/customers/invite").await?;
    b.wait_text("main", "Request a reseller relationship").await?;
    b.screenshot("phone-invite").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the invitation page is wider than 360 px");

    b.goto("/activity").await?;
    b.wait_text("table.activity-log", "Customer added").await?;
    b.screenshot("phone-activity").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the activity log is wider than 360 px");

    b.goto("/settings").await?;
    b.wait_text("[data-testid=usage]", "available").await?;
    b.screenshot("phone-settings").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "settings are wider than 360 px");

    // A customer's pages for an id stored nowhere here, or no id at all: one "not found", with the way back.
    for path in [
        "/customers/00000000-0000-4000-8000-000000000000",
        "/customers/00000000-0000-4000-8000-000000000000/edit",
        "/customers/not-an-id/relationship",
    ] {
        b.goto(path).await?;
        b.wait_exact("main h1", "Customer not found").await?;
        b.wait_exact("main .card p", "No customer with this Microsoft ID is stored on this device.").await?;
    }

    b.goto("/no/such/page").await?;
    b.wait_text("main", "Page not found").await?;
    b.screenshot("phone-not-found").await?;
    b.viewport(1280, 800).await?;
    b.screenshot("desktop-not-found").await?;
    b.viewport(360, 740).await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the not-found page is wider than 360 px");
    b.close().await?;
    Ok(())
}
