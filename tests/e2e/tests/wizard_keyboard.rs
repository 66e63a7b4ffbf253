//! The add-customer wizard with the keyboard only: a refused "Next" lists the problems once at the top
//! (focused, one alert instead of one per field), each a link to its field, and the list follows the fields
//! as they are fixed; every message is tied to its field; each step starts at its heading. Photographed at
//! 1280 and 360 px, in English and German.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult};

const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";

/// `id` and text of the focused element.
async fn focused(b: &Browser) -> Result<(String, String), Box<dyn std::error::Error + Send + Sync>> {
    let v = b.evaluate("[document.activeElement.id, document.activeElement.innerText.trim()]").await?;
    Ok((v[0].as_str().unwrap_or_default().into(), v[1].as_str().unwrap_or_default().into()))
}

/// Presses `keys` on the focused element.
async fn press(b: &Browser, keys: &str) -> TestResult {
    b.client.active_element().await?.send_keys(keys).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_with_the_keyboard_only() -> TestResult {
    let (site, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/customers/new").await?;
    b.wait_exact("main h2", "Account info").await?;
    // The postal code is marked required where the country asks for one.
    assert_eq!(b.find("label[for=postal_code]").await?.text().await?, "Postal code *");
    b.select("country", "HK").await?;
    b.wait_exact("label[for=postal_code]", "Postal code").await?;
    b.select("country", "DE").await?;
    b.wait_exact("label[for=postal_code]", "Postal code *").await?;

    // Enter in the empty form: one summary, focused, instead of an alert per field.
    b.find("#company_name").await?.send_keys(ENTER).await?;
    b.wait_exact("#customer-form-problems h2", "11 problems to fix before you go on").await?;
    e2e::wait_until("the summary focused", || async {
        focused(&b).await.ok().filter(|(id, _)| id == "customer-form-problems")
    })
    .await;
    let alerts = b.evaluate("document.querySelectorAll('main [role=alert]').length").await?;
    assert_eq!(alerts.as_u64(), Some(1), "one announcement for all the problems");
    let first = b.find("#customer-form-problems li a").await?.text().await?;
    assert_eq!(first, "Company name: This field is required.");
    // A name two sections share says which section it is in.
    let last = b
        .evaluate("[...document.querySelectorAll('#customer-form-problems li a')].map(a => a.innerText).slice(-3)")
        .await?;
    assert_eq!(
        last,
        serde_json::json!([
            "Microsoft Customer Agreement – First name: This field is required.",
            "Microsoft Customer Agreement – Last name: This field is required.",
            "Microsoft Customer Agreement – Email address: This field is required."
        ])
    );
    // Every message is tied to its field, the select's too.
    let described = b
        .evaluate("[...document.querySelectorAll('main [aria-invalid=true]')].every(f => f.getAttribute('aria-describedby')?.split(' ').some(id => document.getElementById(id)?.classList.contains('field-error')))")
        .await?;
    assert_eq!(described.as_bool(), Some(true), "each field with a message is described by it");
    // A message under one field of two side by side (the city is required, the postal code not): the two
    // fields still in line.
    b.wait_exact("#city-error", "This field is required.").await?;
    b.assert_in_line(&["postal_code", "city"]).await?;
    b.screenshot("desktop-wizard-problems").await?;
    b.viewport(360, 740).await?;
    b.screenshot("phone-wizard-problems").await?;
    b.viewport(1280, 900).await?;

    // Tab to the first link, Enter: the company name field has the focus; typing there shortens the list.
    press(&b, TAB).await?;
    press(&b, ENTER).await?;
    assert_eq!(focused(&b).await?.0, "company_name");
    press(&b, "Contoso GmbH").await?;
    press(&b, TAB).await?;
    b.wait_exact("#customer-form-problems h2", "10 problems to fix before you go on").await?;
    b.click("[data-testid=language-de]").await?;
    b.wait_exact("#customer-form-problems h2", "10 Angaben sind noch zu korrigieren").await?;
    b.wait_exact("#customer-form-problems li a", "Domänenname: Dieses Feld ist erforderlich.").await?;
    b.screenshot("desktop-wizard-problems-de").await?;
    b.click("[data-testid=language-en]").await?;

    // Everything filled: Enter goes on, and the next step starts at its heading.
    b.fill_customer("Contoso GmbH", "contoso", "Berlin").await?;
    b.wait_gone("#customer-form-problems").await?;
    b.find("#city").await?.send_keys(ENTER).await?;
    e2e::wait_until("the subscriptions step's heading focused", || async {
        focused(&b).await.ok().filter(|(_, text)| text == "Subscriptions")
    })
    .await;
    b.find("#next-review").await?.send_keys(ENTER).await?;
    e2e::wait_until("the review's heading focused", || async {
        focused(&b).await.ok().filter(|(_, text)| text == "Check the details")
    })
    .await;
    b.find("#submit").await?.send_keys(ENTER).await?;
    b.wait_text("main", "Customer added").await?;
    e2e::wait_until("the customer's heading focused", || async {
        focused(&b).await.ok().filter(|(_, text)| text == "Contoso GmbH")
    })
    .await;
    b.close().await
}
