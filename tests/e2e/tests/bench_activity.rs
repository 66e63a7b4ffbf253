//! Benchmark (not a test; `scripts/bench.sh` runs it): the activity log with 100,000 entries
//! (`BENCH_ACTIVITY_SIZE` to choose) in headless Chromium:
//! - navigation → first entry painted on `/activity`, and the longest task before it (median of 3 loads);
//! - reading further as the partner scrolls: the time from scrolling to the end of the page to the next
//!   hundred entries painted, once 10,000 entries were read (median and slowest of 10 steps);
//! - scrolling through what was read: scroll → the next frame painted, a screen at a time (p50, p95), and
//!   the longest task while scrolling;
//! - what the page holds then: table rows in the document, JS heap plus WebAssembly memory;
//! - a change while the log holds them all: a tag added on a customer's page, click → shown (median of 5).

use e2e::{dist_dir, Browser, CdpCommand, Driver, Profile, StaticServer, TestResult};
use serde_json::{json, Value};

/// Writes `n` entries straight into the app's activity store, 15 s apart, newest now (all within the log's
/// default range, the last month), in the store's record format.
const SEED: &str = r#"
const n = arguments[0];
const done = arguments[arguments.length - 1];
const req = indexedDB.open('partner-accounts');
req.onsuccess = () => {
  const db = req.result;
  const tx = db.transaction('activity', 'readwrite');
  const store = tx.objectStore('activity');
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const k = String(i).padStart(12, '0');
    store.put({ id: '10000000-0000-4000-8000-' + k, at: now - i * 15000,
      customer_id: '00000000-0000-4000-8000-' + String(i % 5000).padStart(12, '0'),
      customer_name: 'Customer ' + (i % 5000) + ' Handels GmbH', action: i % 3 ? 'tags_added' : 'customer_edited',
      user: 'Anna Müller', detail: i % 3 ? 'VIP' : 'Postal code: 10115 → 10117' });
  }
  tx.oncomplete = () => { db.close(); done('ok'); };
  tx.onerror = () => done('write failed: ' + tx.error);
};
req.onerror = () => done('open failed');
"#;

/// Adds five tags on the customer's page open, one at a time; returns each one's time from the click to the
/// tag shown, in ms.
const TAGS: &str = r#"
const done = arguments[arguments.length - 1];
const input = document.getElementById('new-tag');
(async () => {
  const times = [];
  for (let k = 0; k < 5; k++) {
    input.value = 'Tag' + k;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const t0 = performance.now();
    document.getElementById('add-tag').click();
    while (!document.querySelector('.tags-editor').textContent.includes('Tag' + k)) await new Promise(ok => requestAnimationFrame(ok));
    times.push(performance.now() - t0);
  }
  done(times);
})();
"#;

/// How many entries the page says it has read ("10,000 of 100,000 entries shown").
const READ: &str = "parseInt(document.querySelector('[data-testid=activity-count]').textContent.replace(/[.,]/g, ''))";

/// Scrolls to the end of the page until `target` entries were read; then times ten more steps: from the
/// scroll to the frame after the next hundred entries were counted. Returns the step times in ms.
const READ_ON: &str = r#"
const target = arguments[0];
const done = arguments[arguments.length - 1];
const read = () => READ;
const frame = () => new Promise(ok => requestAnimationFrame(() => setTimeout(ok, 0)));
(async () => {
  const steps = [];
  while (read() < target + 1000) {
    const before = read();
    const t0 = performance.now();
    window.scrollTo(0, document.documentElement.scrollHeight);
    while (read() === before) await frame();
    await frame();
    if (before >= target) steps.push(performance.now() - t0);
  }
  done(steps);
})();
"#;

/// From the top, scrolls a screen at a time to the end of what was read, each step timed from the scroll to
/// the frame after it was painted. Returns the times in ms.
const SCROLL: &str = r#"
const done = arguments[arguments.length - 1];
const frame = () => new Promise(ok => requestAnimationFrame(() => setTimeout(ok, 0)));
(async () => {
  window.scrollTo(0, 0);
  await frame();
  await new Promise(ok => setTimeout(ok, 500));
  window.__bench.long = [];
  const times = [];
  for (let y = 0; y < document.documentElement.scrollHeight - 2 * innerHeight && times.length < 200; y += innerHeight) {
    const t0 = performance.now();
    window.scrollTo(0, y);
    await frame();
    times.push(performance.now() - t0);
    await new Promise(ok => setTimeout(ok, 30));
  }
  done(times);
})();
"#;

/// The median, p95 and largest of the times in ms a script returned.
fn quantiles(times: &Value) -> [f64; 3] {
    e2e::quantiles(times.as_array().into_iter().flatten().filter_map(Value::as_f64), [0.5, 0.95, 1.0])
}

/// The first entry of the log, as drawn.
const ENTRY: &str = ".activity-log tr.line";

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn the_activity_log_with_100000_entries() -> TestResult {
    let (site, driver) = (StaticServer::start(&dist_dir()), Driver::start());
    let n: usize = std::env::var("BENCH_ACTIVITY_SIZE").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let deep = 10_000.min(n / 2);
    let profile = Profile::new();
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.allow_scripts_for(std::time::Duration::from_secs(900)).await?;
    b.add_customer("Contoso GmbH", "contoso", "Berlin").await?;
    let customer = b.path().await?;
    let seeded = b.client.execute_async(SEED, vec![json!(n)]).await?;
    assert_eq!(seeded, json!("ok"));
    b.watch_first_paint(ENTRY).await?;
    let mut loads = Vec::new();
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        loads.push(b.first_painted("/activity", ENTRY).await?);
    }
    loads.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (first, longest_before) = loads[1];
    b.set_input("from", "2020-01-01").await?;
    // (and the customer added first)
    b.wait_text("[data-testid=activity-count]", &format!("of {} entries shown", e2e::thousands(n + 1))).await?;
    let steps = b.client.execute_async(&READ_ON.replace("READ", READ), vec![json!(deep)]).await?;
    let [step50, _, step_max] = quantiles(&steps);
    let scrolled = b.client.execute_async(SCROLL, vec![]).await?;
    let [scroll50, scroll95, scroll_max] = quantiles(&scrolled);
    let longest_scrolling =
        b.evaluate("Math.max(0, ...window.__bench.long.map(e => e[1]))").await?.as_f64().unwrap_or(0.0);
    let rows = b.evaluate("document.querySelectorAll('.activity-log tr').length").await?;
    b.client.issue_cmd(CdpCommand::new("HeapProfiler.collectGarbage", json!({}))).await?;
    let heap = b.client.issue_cmd(CdpCommand::new("Runtime.getHeapUsage", json!({}))).await?["usedSize"]
        .as_f64()
        .unwrap_or(0.0);
    let wasm = b.evaluate("window.wasmBindings.wasm_memory_bytes()").await?.as_f64().unwrap_or(0.0);
    b.goto(&customer).await?;
    b.find("#new-tag").await?;
    let [tag50, _, tag_max] = quantiles(&b.client.execute_async(TAGS, vec![]).await?);
    println!(
        "BENCH activity {n:>6}: first entry {first:.0} ms (longest task before it {longest_before:.0} ms; loads {loads:.0?}) | the next 100 after {deep} read: median {step50:.0} ms, slowest {step_max:.0} ms | scrolling a screen at a time ({} steps): p50 {scroll50:.1} / p95 {scroll95:.1} / slowest {scroll_max:.1} ms, longest task {longest_scrolling:.0} ms | table rows in the page {rows} | memory: JS heap {:.1} MB + wasm {:.1} MB | a tag added on a customer's page, click → shown: median {tag50:.0} ms, slowest {tag_max:.0} ms",
        scrolled.as_array().map_or(0, Vec::len),
        heap / 1e6,
        wasm / 1e6,
    );
    b.close().await
}
