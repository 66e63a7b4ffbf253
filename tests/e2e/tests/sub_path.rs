//! The app deployed under a sub-path (`trunk build --public-url /accounts/`, as on GitHub Pages): links,
//! deep links and reloads stay below the base.

use e2e::{Browser, Driver, Profile, StaticServer, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn links_and_deep_links_work_under_a_sub_path() -> TestResult {
    let dist = std::env::var_os("DIST_SUB_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| e2e::dist_dir().with_file_name("dist-sub"));
    let server = StaticServer::start_at(&dist, "/accounts");
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &format!("{}/accounts", server.url)).await?;

    b.goto("/").await?;
    b.wait_text("[data-testid=customer-count]", "0 customers").await?;
    b.click("nav a[href='/accounts/customers']").await?;
    b.wait_text("main", "No customers yet").await?;
    assert_eq!(b.path().await?, "/accounts/customers");

    b.click("a.button.primary[href='/accounts/customers/new']").await?;
    b.find("#company_name").await?;
    assert_eq!(b.path().await?, "/accounts/customers/new");
    b.client.refresh().await?;
    b.find("#company_name").await?;

    b.goto("/customers/00000000-0000-0000-0000-000000000000").await?;
    b.wait_text("main", "Customer not found").await?;
    b.click("main a[href='/accounts/customers']").await?;
    b.wait_text("main", "No customers yet").await?;
    b.close().await?;
    Ok(())
}
