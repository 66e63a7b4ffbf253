//! WCAG 2.2 AA with axe-core (npm, injected through DevTools' `Runtime.evaluate`: the app's CSP refuses
//! injected scripts) on every route, at 1280 and 360 px, in English and German: no serious or critical
//! violation.

use e2e::{dist_dir, Browser, Driver, Profile, StaticServer, TestResult};

#[tokio::test(flavor = "multi_thread")]
async fn every_route_meets_wcag_aa_at_both_widths_in_both_languages() -> TestResult {
    let (server, driver, profile) = (StaticServer::start(&dist_dir()), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.add_customer("Contoso Handels GmbH", "contosohandel", "Berlin").await?;
    let customer = b.path().await?;
    let routes: Vec<String> = [
        "/",
        "/customers",
        "/customers/new",
        "/customers/invite",
        "/customers/import",
        "/referrals",
        "/providers",
        "/profile",
        "/activity",
        "/settings",
        "/sync",
    ]
    .iter()
    .map(|r| r.to_string())
    .chain([customer.clone(), format!("{customer}/edit"), format!("{customer}/relationship")])
    .collect();
    let mut serious = Vec::new();
    for language in ["en", "de"] {
        b.goto("/").await?;
        b.click(&format!("[data-testid=language-{language}]")).await?;
        for (width, height) in [(1280, 900), (360, 800)] {
            b.viewport(width, height).await?;
            for route in &routes {
                b.goto(route).await?;
                b.find("main h1").await?;
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                let found = b.axe_violations().await?;
                println!("AXE {language} {width:>4} {route:<60} {} violations", found.len());
                for (impact, what) in found {
                    println!("AXE {language} {width:>4} {route:<60} {impact:<9} {what}");
                    if impact == "serious" || impact == "critical" {
                        serious.push(format!("{language} {width} {route}: {impact} {what}"));
                    }
                }
            }
        }
    }
    b.close().await?;
    assert!(serious.is_empty(), "{} serious or critical violations:\n{}", serious.len(), serious.join("\n"));
    Ok(())
}
