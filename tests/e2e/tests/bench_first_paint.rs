//! Benchmarks (not tests; `scripts/bench.sh` runs them): time from navigation start to the first painted row
//! of the customer list with 10,000 customers stored, on a desktop viewport and with 4× CPU throttling,
//! against the same page with an empty list in the same run; and to the first paint of pages whose code is a
//! chunk fetched apart (from the service worker's cache), opened directly.

use e2e::{dist_dir, Browser, CdpCommand, Driver, Profile, StaticServer, TestResult};
use serde_json::{json, Value};

/// Milliseconds from navigation start until `selector` is on screen.
const PAINTED: &str = r#"
const selector = arguments[0];
const done = arguments[arguments.length - 1];
const check = () => document.querySelector(selector) ? done(performance.now()) : requestAnimationFrame(check);
check();
"#;

/// Median of 5 loads of `path`: milliseconds from navigation start until `selector` is on screen.
async fn first_paint(b: &Browser, path: &str, selector: &str) -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
    let mut times = Vec::new();
    for _ in 0..5 {
        b.goto(path).await?;
        let t = b.client.execute_async(PAINTED, vec![json!(selector)]).await?;
        times.push(t.as_f64().ok_or("no time")?);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn first_paints() -> TestResult {
    let server = StaticServer::start(&dist_dir());
    let driver = Driver::start();
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &server.url).await?;
    b.goto("/").await?;
    b.find("[data-testid=customer-count]").await?;
    // The service worker stores every chunk while it installs: from here on they come from its cache, as
    // on any visit after the first.
    b.wait_for_service_worker().await?;

    for rate in [1, 4] {
        b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))).await?;
        let empty = first_paint(&b, "/customers", ".empty").await?;
        println!("BENCH first paint, empty list, CPU {rate}x: {empty:.0} ms (baseline)");
        b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", json!({ "rate": 1 }))).await?;
        b.seed_customers(10_000).await?;
        b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))).await?;
        let full = first_paint(&b, "/customers", "table.grid-customers tbody tr.customer-row").await?;
        b.wait_text(".result-count", "10,000 customers").await?;
        println!(
            "BENCH first paint, 10,000 customers, CPU {rate}x: {full:.0} ms = {:.2}x the empty list",
            full / empty
        );
        b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", json!({ "rate": 1 }))).await?;
        let cleared = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; const r = indexedDB.open('partner-accounts'); \
                 r.onsuccess = () => { const tx = r.result.transaction('customers', 'readwrite'); tx.objectStore('customers').clear(); \
                 tx.oncomplete = () => { r.result.close(); done('ok'); }; };",
                vec![],
            )
            .await?;
        assert_eq!(cleared, Value::String("ok".into()));
    }

    // Pages whose code is in a chunk, opened directly.
    b.seed_customers(200).await?;
    b.goto("/customers").await?;
    let customer = b.find("table.grid-customers tbody tr.customer-row td.name a").await?.attr("href").await?;
    let customer = customer.ok_or("a row without a link")?;
    for rate in [1, 4] {
        b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))).await?;
        for (name, path) in
            [("/customers/new", "/customers/new"), ("/customers/:id", customer.as_str()), ("/settings", "/settings")]
        {
            let shown = first_paint(&b, path, "main h1").await?;
            println!("BENCH first paint, {name} opened directly, CPU {rate}x: {shown:.0} ms");
        }
    }
    b.client.issue_cmd(CdpCommand::new("Emulation.setCPUThrottlingRate", json!({ "rate": 1 }))).await?;
    b.close().await?;
    Ok(())
}
