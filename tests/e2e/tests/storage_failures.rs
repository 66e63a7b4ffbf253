//! When the browser refuses storage the user reads why, and nothing typed is lost.

use e2e::{dist_dir, Browser, CdpCommand, Driver, Profile, StaticServer, TestResult};
use serde_json::json;

/// Runs `script` in every page of this session before the page's own scripts.
async fn before_page_scripts(b: &Browser, script: &str) -> TestResult {
    b.client.issue_cmd(CdpCommand::new("Page.addScriptToEvaluateOnNewDocument", json!({ "source": script }))).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn no_indexeddb_at_all_is_explained_instead_of_a_blank_page() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // As in some private modes: opening any database fails.
    before_page_scripts(
        &b,
        "IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'InvalidStateError'); };",
    )
    .await?;
    b.goto("/customers").await?;
    b.wait_text("main h1", "Your data can't be stored here").await?;
    b.wait_text("main", "Private windows often do this").await?;
    b.screenshot("desktop-storage-unavailable").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_while_adding_shows_a_message_and_keeps_the_form() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    // Every insert fails the way a full disk does.
    before_page_scripts(
        &b,
        "IDBObjectStore.prototype.add = function () { throw new DOMException('Quota exceeded', 'QuotaExceededError'); };",
    )
    .await?;
    b.goto("/customers/new").await?;
    b.fill_customer("Tailspin Toys", "tailspin", "Köln").await?;
    b.click("#next").await?;
    b.click("#next-review").await?;
    b.click("#submit").await?;
    b.wait_text(".notice-error", "storage for this app is full").await?;
    b.screenshot("desktop-quota-error").await?;

    // Nothing was added, and everything typed is still there.
    b.click(".actions .button:not(.primary)").await?; // Back to the subscriptions
    b.find("#next-review").await?;
    b.click(".actions .button:not(.primary)").await?; // Back to the account info
    assert_eq!(b.value("company_name").await?, "Tailspin Toys");
    assert_eq!(b.value("city").await?, "Köln");
    b.goto("/customers").await?;
    b.wait_text("main", "No customers yet").await?;
    b.close().await?;
    Ok(())
}
