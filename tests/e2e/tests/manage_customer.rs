//! Managing customers as a partner does: subscriptions, ending a relationship (refused while a subscription
//! is active), the "show ended" filter, reactivating, and tags — on one customer and in bulk.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn end_a_relationship_only_without_active_subscriptions() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Adatum AG", "adatum", "Dresden").await?;
    b.add_customer("Proseware GmbH", "proseware", "Dresden").await?; // its page stays open

    // A subscription, with a wrong quantity first.
    b.type_into("offer-name", "Microsoft 365 Business Premium").await?;
    b.type_into("quantity", "0").await?;
    b.click("#add-subscription").await?;
    b.wait_text("#subscription-error", "Enter a quantity from 1 to 100000").await?;
    b.type_into("quantity", "12").await?;
    b.click("#add-subscription").await?;
    b.wait_text("ul.subscriptions", "Microsoft 365 Business Premium").await?;
    b.wait_text("ul.subscriptions", "Active").await?;
    b.wait_gone("#subscription-error").await?;

    // Ending is refused while it is active, with a way to the subscriptions.
    b.click("#relationship-action").await?;
    b.wait_text("#end-blocked", "has 1 active subscription. Partner Center").await?;
    b.screenshot("desktop-end-refused").await?;
    b.click("#end-blocked a").await?;
    // It lands at the subscriptions, not at the top of the customer's page.
    e2e::wait_until("the subscriptions in view and focused", || async {
        let at = b
            .evaluate(
                "(() => { const s = document.getElementById('subscriptions'); \
                 const top = s && s.getBoundingClientRect().top; \
                 return document.activeElement === s && top >= 0 && top < innerHeight - 100; })()",
            )
            .await
            .ok()?;
        at.as_bool().filter(|seen| *seen)
    })
    .await;
    b.click("ul.subscriptions button").await?; // Suspend
    b.wait_text("ul.subscriptions", "Suspended").await?;

    // Now it can end, after acknowledging the notice obligations.
    b.click("#relationship-action").await?;
    b.wait_text("main", "legal notices").await?;
    assert!(!b.find("#end").await?.is_enabled().await?, "ending needs the acknowledgement");
    b.click("#acknowledge").await?;
    b.screenshot("desktop-end-confirm").await?;
    b.click("#end").await?;
    b.wait_text("[data-testid=relationship]", "Ended").await?;
    b.wait_text("ul.activity", "Relationship ended").await?;
    // Ended is said at once, and adding a subscription is not offered (with the reason and the way back).
    b.wait_text("[data-testid=ended-banner]", "The relationship with this customer ended on").await?;
    b.wait_text("[data-testid=no-new-subscriptions]", "no subscription can be added").await?;
    assert!(b.client.find_all(e2e::Locator::Css("#subscriptions form")).await?.is_empty(), "no add form");
    b.screenshot("desktop-ended-customer").await?;

    // Home counts as the list does, with the ended relationship on its own (a link to the list showing it).
    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", "1 customer").await?;
    b.wait_exact("[data-testid=ended-count]", "1 ended").await?;
    // By relationship: the one still listed; added per month: both, the ended one included.
    b.wait_exact("[data-testid=relationship-reseller]", "1").await?;
    b.wait_exact("[data-testid=added-total]", "2 added in the last 12 months.").await?;
    b.wait_exact("[data-testid=added-month]:last-of-type .bar-count", "2").await?;
    b.screenshot("desktop-home-ended").await?;
    b.click("[data-testid=ended-count]").await?;
    b.wait_text("table.grid-customers", "Proseware GmbH").await?;
    assert_eq!(b.path_and_query().await?, "/customers?ended=1");

    // It leaves the active list and comes back with the filter.
    b.goto("/customers").await?;
    b.wait_text(".result-count", "1 customer").await?;
    assert!(!b.find("table.grid-customers").await?.text().await?.contains("Proseware"));
    b.click("#show-ended").await?;
    b.wait_text("table.grid-customers", "Proseware GmbH").await?;
    b.wait_text("table.grid-customers", "Ended").await?;

    // Reactivate: back in the active list as a reseller.
    b.click("table.grid-customers tr.ended a").await?;
    b.wait_text("main h1", "Proseware GmbH").await?;
    b.click("#relationship-action").await?;
    b.click("#reactivate").await?;
    b.wait_text("[data-testid=relationship]", "Reseller").await?;
    b.wait_gone("[data-testid=ended-banner]").await?;
    b.find("#subscriptions form").await?;
    b.goto("/customers").await?;
    b.wait_text(".result-count", "2 customers").await?;
    b.goto("/").await?;
    b.wait_exact("[data-testid=customer-count]", "2 customers").await?;
    b.wait_gone("[data-testid=ended-count]").await?;
    b.wait_exact("[data-testid=relationship-reseller]", "2").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_on_one_customer_and_in_bulk() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Woodgrove Bank", "woodgrove", "Dresden").await?;

    // On the customer's page: add two, refuse one too long, remove one.
    b.type_into("new-tag", "Finance, Key account").await?;
    b.click("#add-tag").await?;
    b.wait_text(".tags-editor", "Key account").await?;
    b.type_into("new-tag", &"x".repeat(51)).await?;
    b.click("#add-tag").await?;
    b.wait_text("#new-tag-error", "longer than 50 characters").await?;
    b.click("button[aria-label='Remove tag Finance']").await?;
    b.wait_gone("button[aria-label='Remove tag Finance']").await?;
    b.wait_text("ul.activity", "Tags removed").await?;

    b.add_customer("Coho Winery", "cohowinery", "Dresden").await?;
    b.add_customer("Fourth Coffee", "fourthcoffee", "Dresden").await?;

    // In bulk from the list: select two, add a tag, filter by it, remove it again.
    b.goto("/customers").await?;
    b.wait_text(".result-count", "3 customers").await?;
    b.click("input[aria-label='Select Coho Winery']").await?;
    b.click("input[aria-label='Select Fourth Coffee']").await?;
    b.wait_text(".bulk", "2 selected").await?;
    b.type_into("bulk-tag", "Hospitality").await?;
    b.click("#bulk-add-tag").await?;
    b.wait_text("#bulk-message", "added to 2 customers.").await?;
    b.screenshot("desktop-bulk-tags").await?;
    b.select("tag-filter", "Hospitality").await?;
    b.wait_text(".result-count", "1–2 of 2 matching (3 customers)").await?;
    b.select("tag-filter", "Key account").await?;
    b.wait_text(".result-count", "1 of 3 customers").await?;
    b.wait_text("table.grid-customers", "Woodgrove Bank").await?;
    b.select("tag-filter", "").await?;
    b.type_into("bulk-tag", "hospitality").await?;
    b.click("#bulk-remove-tag").await?;
    b.wait_text("#bulk-message", "removed from 2 customers.").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn purchase_permissions_are_switched_kept_and_logged() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // The name set in settings signs the activity log.
    b.goto("/settings").await?;
    b.type_into("partner-id", "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d").await?;
    // A pasted wall of text is refused next to the field (it would sign every activity entry).
    b.set_input("partner-user-name", &"Jana ".repeat(40)).await?;
    b.click("#save-partner").await?;
    b.wait_exact("#partner-user-name-error", "Use at most 100 characters (now 199).").await?;
    b.type_into("partner-user-name", "Jana Schulz").await?;
    b.click("#save-partner").await?;
    b.wait_text("main", "Saved.").await?;
    b.wait_gone("#partner-user-name-error").await?;
    b.add_customer("Wingtip Toys GmbH", "wingtip", "Dresden").await?;
    assert!(!b.find("#allow-reservations").await?.is_selected().await?, "nothing is allowed at first");
    b.click("#allow-reservations").await?;
    b.wait_text("#purchase-permissions", "May buy Azure reservations").await?;
    b.wait_text("main", "Azure reservations: allowed").await?;
    b.client.refresh().await?;
    b.find("#purchase-permissions").await?;
    assert!(b.find("#allow-reservations").await?.is_selected().await?, "kept after a reload");
    assert!(!b.find("#allow-savings-plans").await?.is_selected().await?);
    b.goto("/activity").await?;
    let log = b.wait_text("table.activity-log", "Purchase permission changed").await?;
    assert!(log.contains("Jana Schulz") && !log.contains("Local user"), "{log}");
    b.close().await
}
