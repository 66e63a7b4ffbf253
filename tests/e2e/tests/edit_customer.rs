//! Editing a customer's account info: the wizard's rules, the warning about other portals, the unsaved-
//! changes prompt, and the activity entry that names what changed.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn edit_a_customer_and_see_the_activity_entry() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.add_customer("Litware Inc", "litware", "Frankfurt").await?;

    b.click("#edit").await?;
    b.wait_text("main", "not pushed to other portals").await?;
    assert_eq!(b.value("city").await?, "Frankfurt");
    assert!(b.client.find_all(e2e::Locator::Css("#domain_prefix")).await?.is_empty(), "the domain can't be edited");

    // Same rules as the wizard.
    b.type_into("email", "lea@").await?;
    b.wait_text("#email-error", "Enter a valid email address").await?;
    b.click("#save").await?;
    b.wait_text("#email-error", "Enter a valid email address").await?;
    b.type_into("email", "lea.wagner@litware.de").await?;
    b.type_into("city", "Offenbach").await?;
    b.type_into("postal_code", "63065").await?;
    b.screenshot("desktop-edit").await?;

    // Leaving with unsaved changes asks first; saying no keeps the page and the input.
    b.client
        .execute("window.confirm = () => { window.__asked = (window.__asked || 0) + 1; return false; };", vec![])
        .await?;
    b.click("nav a[href='/customers']").await?;
    assert_eq!(b.client.execute("return window.__asked", vec![]).await?, json!(1));
    assert_eq!(b.value("city").await?, "Offenbach");

    b.click("#save").await?;
    b.wait_text("main", "Changes saved").await?;
    b.wait_text("main", "Offenbach").await?;
    b.wait_text("ul.activity", "Account info edited").await?;
    b.wait_text("ul.activity", "Changed: email, city, postal code").await?;

    // The qualification can't be undone: it asks first, and declining changes nothing.
    b.click("#edit").await?;
    b.select("qualification", "nonprofit").await?;
    b.client.execute("window.confirm = () => false;", vec![]).await?;
    b.click("#set-qualification").await?;
    assert!(b.client.find_all(e2e::Locator::Css("[data-testid=qualification]")).await?.is_empty());
    b.client.execute("window.confirm = () => true;", vec![]).await?;
    b.click("#set-qualification").await?;
    b.wait_text("[data-testid=qualification]", "Nonprofit (can't be changed)").await?;
    b.screenshot("desktop-edit-qualification").await?;
    b.click("#cancel").await?;
    b.wait_text("main", "Nonprofit").await?;
    b.wait_text("ul.activity", "Qualification set").await?;

    // Nothing to ask about after saving; the log page shows the entry too.
    b.click("nav a[href='/activity']").await?;
    b.wait_text("table.activity-log", "Changed: email, city, postal code").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn saving_a_form_opened_before_another_tab_changed_the_customer_keeps_that_change() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Litware Inc", "litware", "Frankfurt").await?;
    let customer_page = b.path().await?;
    // Tab 1 opens the form (the city reads Frankfurt) and the partner starts on the phone number.
    b.click("#edit").await?;
    b.wait_value("city", "Frankfurt").await?;
    b.type_into("phone", "+49 69 123456").await?;
    let first = b.client.window().await?;
    // Tab 2 moves the customer to Offenbach.
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.goto(&format!("{customer_page}/edit")).await?;
    b.type_into("city", "Offenbach").await?;
    b.click("#save").await?;
    b.wait_text("main", "Changes saved").await?;
    // Tab 1's form still shows what it opened with (it is not reset while typed in); saving it keeps
    // Offenbach and adds the phone number.
    b.client.switch_to_window(first).await?;
    assert_eq!(b.value("city").await?, "Frankfurt");
    b.click("#save").await?;
    b.wait_text("main", "Changes saved").await?;
    b.wait_text("main", "Offenbach").await?;
    b.wait_text("main", "+49 69 123456").await?;
    b.wait_text("ul.activity", "Changed: phone").await?;
    let activity = b.find("ul.activity").await?.text().await?;
    assert!(!activity.contains("Changed: city, phone"), "the city was not changed back: {activity}");
    b.close().await
}
