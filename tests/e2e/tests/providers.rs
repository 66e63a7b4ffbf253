//! Indirect providers as a reseller uses them: record a provider's invitation (a wrong partner id is named
//! next to its field), accept it, share a customer with it from the customer's page, see the shared
//! customer on the provider's card and in the filtered customer list (with the provider column), and
//! prepare a joint invitation whose link names the provider.

use e2e::{dist_dir, Browser, Driver, Locator, Profile, StaticServer, TestResult};

const PROVIDER_ID: &str = "6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";
const MY_ID: &str = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

#[tokio::test(flavor = "multi_thread")]
async fn accept_a_provider_share_a_customer_and_invite_jointly() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.goto("/providers").await?;
    b.wait_text("main", "No providers yet").await?;
    b.click("#record-provider").await?;
    b.type_into("provider-name", "Contoso Distribution").await?;
    b.type_into("provider-partner-id", "12345").await?;
    b.click("#save-provider").await?;
    b.wait_text(".new-referral", "Partner id: Enter the partner id as shown in Partner Center").await?;
    b.type_into("provider-partner-id", &PROVIDER_ID.to_uppercase()).await?;
    b.type_into("provider-email", "csp@contoso-distribution.com").await?;
    b.click("#save-provider").await?;
    b.wait_text("main", "Invitation recorded.").await?;
    let card = b.wait_text("article.provider[data-status=invited]", "Contoso Distribution").await?;
    assert!(card.contains(PROVIDER_ID) && card.contains("Invited"), "{card}");
    // The same partner id twice is refused.
    b.type_into("provider-name", "Contoso again").await?;
    b.type_into("provider-partner-id", PROVIDER_ID).await?;
    b.click("#save-provider").await?;
    b.wait_text(".new-referral", "The provider “Contoso Distribution” has this partner id already.").await?;
    b.click("article.provider button.accept-provider").await?;
    b.wait_text("article.provider[data-status=active]", "Active").await?;
    b.wait_text("article.provider", "None yet").await?;

    // Two customers; one is sold through the provider.
    b.add_customer("Shared Kunde GmbH", "sharedkunde", "Berlin").await?;
    b.wait_text("#customer-provider", "Contoso Distribution").await?;
    b.select("customer-provider", PROVIDER_ID).await?;
    // Saved at once: the customer's log says so, and the choice stays after the page re-reads the customer.
    b.wait_text(".activity", "Indirect provider changed").await?;
    assert_eq!(b.value("customer-provider").await?, PROVIDER_ID);
    b.add_customer("Direkt Kunde AG", "direktkunde", "Hamburg").await?;
    let direct = b.path().await?;

    b.goto("/providers").await?;
    b.wait_text("article.provider .shared-customers", "Shared Kunde GmbH").await?;
    b.screenshot("desktop-providers").await?;
    // A customer shared from another tab joins the card's list; the card itself stays as it was, so the
    // partner's focus on it does too.
    b.evaluate("document.querySelector('article.provider a.show-shared').focus()").await?;
    let first = b.client.window().await?;
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.goto(&direct).await?;
    b.wait_text("#customer-provider", "Contoso Distribution").await?;
    b.select("customer-provider", PROVIDER_ID).await?;
    b.wait_text(".activity", "Indirect provider changed").await?;
    b.client.close_window().await?;
    b.client.switch_to_window(first).await?;
    b.wait_text("article.provider h4", "(2)").await?;
    b.wait_text("article.provider .shared-customers", "Direkt Kunde AG").await?;
    let focused = b.evaluate("document.activeElement.classList.contains('show-shared')").await?;
    assert_eq!(focused, serde_json::json!(true), "the focus stays on the card's link");
    // Direct again.
    b.goto(&direct).await?;
    b.wait_text("#customer-provider", "Contoso Distribution").await?;
    b.select("customer-provider", "").await?;
    b.goto("/providers").await?;
    b.wait_text("article.provider h4", "(1)").await?;
    b.click("article.provider a.show-shared").await?;
    b.wait_text(".result-count", "1 of 2 customers").await?;
    let table = b.wait_text("table.grid-customers", "Shared Kunde GmbH").await?;
    assert!(table.contains("Contoso Distribution") && !table.contains("Direkt Kunde AG"), "{table}");
    b.select("provider-filter", "direct").await?;
    let table = b.wait_text("table.grid-customers", "Direkt Kunde AG").await?;
    assert!(!table.contains("Shared Kunde GmbH"), "{table}");

    // A joint invitation needs the partner's own id.
    b.goto("/settings").await?;
    b.type_into("partner-id", MY_ID).await?;
    b.click("#save-partner").await?;
    b.wait_text("main", "Saved.").await?;
    b.goto("/providers").await?;
    b.click("article.provider a.joint-invitation").await?;
    b.wait_text("#joint-provider", "Contoso Distribution").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let url = loop {
        let url = b.value("invitation-url").await?;
        if url.contains("indirectCSPId") || std::time::Instant::now() > deadline {
            break url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(url.contains("invType=IndirectResellerRelationship"), "{url}");
    assert!(
        url.contains(&format!("partnerId={MY_ID}&")) && url.contains(&format!("indirectCSPId={PROVIDER_ID}&")),
        "{url}"
    );
    b.type_into("recipient", "Neukunde KG").await?;
    b.click("#save-request").await?;
    b.wait_text("#invite-status", "pending until its Global admin accepts it").await?;
    b.wait_text("ul.requests", "together with Contoso Distribution").await?;
    // Without the provider it is the partner's own link again.
    b.select("joint-provider", "").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.value("invitation-url").await?.contains("indirectCSPId") {
        assert!(std::time::Instant::now() < deadline, "the link should drop the provider");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    b.viewport(360, 740).await?;
    b.goto("/providers").await?;
    b.wait_text("article.provider", "Shared Kunde GmbH").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the providers page fits a 360 px phone");
    b.screenshot("phone-providers").await?;
    b.goto("/customers").await?;
    b.wait_text("table.grid-customers", "Contoso Distribution").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the customer list fits a 360 px phone");
    assert!(b.client.find(Locator::Css("#provider-filter")).await.is_ok());
    b.close().await
}
