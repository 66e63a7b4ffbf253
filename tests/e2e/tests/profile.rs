//! The business profile as a partner keeps it: the live counter and the 2,500-character limit, logos checked
//! in the browser (too wide, wrong type, a good one), at most five locations per country, a profile per
//! region kept while switching, the preview, and the saved profile after a reload.

use e2e::{dist_dir, solid_png, Browser, Driver, Locator, Profile, StaticServer, TestResult};

/// Chooses `path` in the file input `#id`.
async fn upload(b: &Browser, id: &str, path: &std::path::Path) -> TestResult {
    b.find(&format!("#{id}")).await?.send_keys(&path.display().to_string()).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn keep_a_business_profile_per_region() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let files = e2e::TempDir::new("logos");
    let (wide, good, text) = (files.join("wide.png"), files.join("logo.png"), files.join("logo.svg"));
    std::fs::write(&wide, solid_png(400, 40, [15, 92, 192]))?;
    std::fs::write(&good, solid_png(240, 60, [15, 92, 192]))?;
    std::fs::write(&text, "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>")?;
    let b = Browser::open(&driver, &profile, &server.url).await?;

    b.goto("/settings").await?;
    b.type_into("partner-id", "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d").await?;
    b.type_into("partner-company", "Fabrikam Cloud Services").await?;
    b.click("#save-partner").await?;
    b.wait_text("main", "Saved.").await?;

    b.goto("/profile").await?;
    b.wait_text("[data-testid=profile-saved-state]", "Not saved yet").await?;
    b.wait_text("#profile-preview", "Fabrikam Cloud Services").await?;

    // The counter follows the typing; more than 2,500 characters is refused next to the field.
    b.type_into("profile-description", "Cloud partner for the Mittelstand.").await?;
    b.wait_text("#profile-description-count", "34 / 2,500 characters").await?;
    b.set_input("profile-description", &"x".repeat(2_501)).await?;
    b.wait_text("#profile-description-count", "2,501 / 2,500 characters").await?;
    b.click("#save-profile").await?;
    b.wait_text(".profile-form", "Use at most 2500 characters (now 2501).").await?;
    b.set_input(
        "profile-description",
        "Cloud partner for the Mittelstand.\n\nAzure migrations, Microsoft 365 and security.",
    )
    .await?;

    // Logos: checked before they are kept.
    upload(&b, "profile-logo", &wide).await?;
    b.wait_text("#profile-logo-error", "The logo is 400 px wide; it can be at most 300 px wide.").await?;
    upload(&b, "profile-logo", &text).await?;
    b.wait_text("#profile-logo-error", "Use a GIF, JPG or PNG image (this file is image/svg+xml).").await?;
    upload(&b, "profile-logo", &good).await?;
    b.wait_text("[data-testid=logo-size]", "240 × 60 px").await?;
    b.wait_gone("#profile-logo-error").await?;
    b.find("#profile-preview img.preview-logo").await?;

    b.type_into("profile-expertise", "Azure, Microsoft 365, Security").await?;
    // Six locations in Germany: the sixth is named; removing one makes it fit.
    for i in 0..6 {
        b.click("#add-location").await?;
        b.select(&format!("location-country-{i}"), "DE").await?;
        b.type_into(&format!("location-city-{i}"), ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Bremen"][i])
            .await?;
    }
    b.select("profile-size", "medium").await?;
    b.click("#save-profile").await?;
    b.wait_text(".location-list", "At most 5 locations per country: DE has 6.").await?;
    b.wait_text("#profile-status", "Some fields need attention.").await?;
    b.click("li.location-row:last-child button.remove-location").await?;
    b.click("#save-profile").await?;
    b.wait_text("#profile-status", "Profile saved for Europe.").await?;
    let preview = b.wait_text("#profile-preview", "Azure migrations").await?;
    assert!(preview.contains("Berlin (Germany)") && preview.contains("Security"), "{preview}");
    assert!(preview.contains("Medium (100–999 employees)"), "{preview}");
    b.screenshot("desktop-profile").await?;

    // Another region has its own profile; unsaved edits survive switching back and forth.
    b.select("profile-region", "north_america").await?;
    b.wait_text("[data-testid=profile-saved-state]", "Not saved yet").await?;
    assert_eq!(b.value("profile-description").await?, "");
    b.type_into("profile-description", "US desk in Seattle.").await?;
    b.select("profile-region", "europe").await?;
    b.wait_text("[data-testid=profile-saved-state]", "Saved").await?;
    assert!(b.value("profile-description").await?.starts_with("Cloud partner for the Mittelstand."));
    b.select("profile-region", "north_america").await?;
    assert_eq!(b.value("profile-description").await?, "US desk in Seattle.");

    // Saved for good: after a reload Europe's profile is back, logo and all.
    b.goto("/profile").await?;
    b.wait_text("[data-testid=logo-size]", "240 × 60 px").await?;
    assert!(b.value("profile-description").await?.starts_with("Cloud partner"));
    b.goto("/activity").await?;
    b.wait_text("main", "Business profile saved").await?;

    b.viewport(360, 740).await?;
    b.goto("/profile").await?;
    b.wait_text("#profile-preview", "Azure migrations").await?;
    assert_eq!(b.horizontal_overflow().await?, 0, "the profile page fits a 360 px phone");
    b.screenshot("phone-profile").await?;
    assert!(b.client.find(Locator::Css("#save-profile")).await.is_ok());
    b.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn saving_a_profile_read_before_another_tab_saved_keeps_what_that_tab_added() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/profile").await?;
    b.type_into("profile-description", "Cloud partner for the Mittelstand.").await?;
    b.click("#save-profile").await?;
    b.wait_text("#profile-status", "Profile saved for Europe.").await?;
    let first = b.client.window().await?;
    // Another tab adds the expertise.
    let second = b.client.new_window(true).await?;
    b.client.switch_to_window(second.handle.clone()).await?;
    b.goto("/profile").await?;
    b.wait_value("profile-description", "Cloud partner for the Mittelstand.").await?;
    b.type_into("profile-expertise", "Azure, Security").await?;
    b.click("#save-profile").await?;
    b.wait_text("#profile-status", "Profile saved for Europe.").await?;
    // The first tab, read before, changes the description only: the expertise stays.
    b.client.switch_to_window(first).await?;
    b.type_into("profile-description", "Cloud partner since 2009.").await?;
    b.click("#save-profile").await?;
    b.wait_text("#profile-status", "Profile saved for Europe.").await?;
    b.goto("/profile").await?;
    b.wait_value("profile-description", "Cloud partner since 2009.").await?;
    b.wait_value("profile-expertise", "Azure, Security").await?;
    b.close().await
}
