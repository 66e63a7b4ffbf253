//! Benchmark (not a test; `scripts/bench.sh` runs it): importing 10,000 CSV rows and exporting 100,000
//! customers, through the UI, timed from the click to the result.

use std::time::{Duration, Instant};

use e2e::{dist_dir, downloaded, Browser, Driver, Profile, StaticServer, TestResult};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn import_10000_and_export_100000() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let work = std::env::temp_dir().join(format!("e2e-bench-csv-{}", std::process::id()));
    std::fs::create_dir_all(work.join("downloads"))?;
    let mut text = String::from(
        "Company name,Primary domain name,First name,Last name,Email,Address line 1,Postal code,City,Country\n",
    );
    for i in 0..10_000 {
        text += &format!("Kunde {i} GmbH,import{i},Jan,Weiß,jan@kunde{i}.de,Weg {i},10115,Berlin,DE\n");
    }
    let file = work.join("import.csv");
    std::fs::write(&file, text)?;

    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.download_to(&work.join("downloads")).await?;
    b.goto("/customers/import").await?;
    b.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    b.wait_text("#import-summary", "10000 rows: 10000 to create").await?;
    let t0 = Instant::now();
    b.click("#start-import").await?;
    wait_for(&b, "#import-outcome", "created 10000", Duration::from_secs(120)).await?;
    let import = t0.elapsed();
    println!("BENCH import 10,000 CSV rows (click to done, 250 per transaction): {} ms", import.as_millis());

    b.seed_customers(90_000).await?;
    b.goto("/customers").await?;
    wait_for(&b, ".result-count", "100,000 customers", Duration::from_secs(60)).await?;
    let t0 = Instant::now();
    b.click("#export-all-fields").await?;
    let bytes = downloaded(&work.join("downloads"), "Customers-all-fields.csv").await?;
    println!(
        "BENCH export 100,000 customers, all fields ({} MB): {} ms",
        bytes.len() / 1_000_000,
        t0.elapsed().as_millis()
    );
    b.close().await?;
    let _ = std::fs::remove_dir_all(work);
    Ok(())
}

async fn wait_for(b: &Browser, css: &str, text: &str, limit: Duration) -> TestResult {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(el) = b.client.find(e2e::Locator::Css(css)).await {
            if el.text().await.unwrap_or_default().contains(text) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            return Err(format!("{css} never said {text}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
