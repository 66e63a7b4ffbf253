//! Benchmark (not a test; `scripts/bench.sh` runs it): the first sync of 10,000 and 100,000 customers from
//! pouchdb-server into the app, and a push of 10,000, each against baselines in the same run — plain
//! JavaScript in the same browser doing the same transfer with no merging and no bookkeeping: pull the
//! same `_changes` pages and put them into IndexedDB one transaction per page (into a bare store, and again
//! into a database with the app's schema, so paying the same index writes); post the same documents to
//! `_bulk_docs` a hundred at a time — and PouchDB 9's own `replicate` into IndexedDB in the same page (the
//! library from `tests/e2e/peer`, evaluated through DevTools). The app is timed inside its page, from the
//! click on "Save and sync" to "Up to date" (a MutationObserver; WebDriver polling the page every few ms
//! would spend the page's main thread on the measurement). The longest task of the page during the app's
//! sync is reported too.

use std::time::{Duration, Instant};

use e2e::{customer_docs, dist_dir, Browser, Driver, PouchServer, Profile, StaticServer, TestResult};
use serde_json::{json, Value};

/// Pulls every change of `db` in pages of 250 into a fresh IndexedDB database; returns milliseconds. With
/// `arguments[2]` (run through `e2e::with_app_schema`), into a database with the app's customer store and its
/// indexes, each customer in the app's stored form carrying its revision: the index writes the app pays,
/// without its rules and bookkeeping; else into a bare store.
const RAW_PULL: &str = r#"
const [url, n, schema] = [arguments[0], arguments[1], arguments[2]];
const done = arguments[arguments.length - 1];
const bare = () => new Promise(resolve => {
  const open = indexedDB.open('baseline-' + n, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('customers', { keyPath: 'id' });
  open.onsuccess = () => resolve(open.result);
});
const stored = schema ? (r) => storedCustomer(r.doc.data, { sync_rev: r.doc._rev, sync_epoch: 1 })
  : (r) => ({ id: r.id, doc: JSON.stringify(r.doc) });
(schema ? openAppSchema('baseline-schema-' + n) : bare()).then(async (db) => {
  const t0 = performance.now();
  let since = 0, count = 0;
  for (;;) {
    const page = await (await fetch(url + '/_changes?include_docs=true&limit=250&since=' + encodeURIComponent(since),
      { headers: { Accept: 'application/json' } })).json();
    await new Promise((resolve, reject) => {
      const tx = db.transaction('customers', 'readwrite');
      const store = tx.objectStore('customers');
      for (const r of page.results) store.put(stored(r));
      tx.oncomplete = resolve; tx.onerror = () => reject(tx.error);
    });
    count += page.results.length;
    since = page.last_seq;
    if (page.results.length < 250) break;
  }
  done([performance.now() - t0, count]);
});
"#;

/// Posts `docs` to `url/_bulk_docs` a hundred at a time; returns milliseconds.
const RAW_PUSH: &str = r#"
const [url, docs] = [arguments[0], arguments[1]];
const done = arguments[arguments.length - 1];
(async () => {
  await fetch(url, { method: 'PUT' });
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += 100) {
    const r = await fetch(url + '/_bulk_docs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: docs.slice(i, i + 100) }) });
    await r.json();
  }
  done(performance.now() - t0);
})();
"#;

/// Replicates `url` into a fresh PouchDB (IndexedDB adapter) in the page; returns milliseconds.
async fn pouch_replicate(b: &Browser, url: &str) -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
    let library =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("peer/node_modules/pouchdb/dist/pouchdb.min.js");
    b.evaluate(&std::fs::read_to_string(library)?).await?;
    b.evaluate(&format!(
        "window.__pouch = null; (async () => {{ const db = new PouchDB('pouch-bench-' + Date.now()); \
         const t0 = performance.now(); await PouchDB.replicate({url:?}, db); window.__pouch = performance.now() - t0; }})(); 0"
    ))
    .await?;
    let deadline = Instant::now() + Duration::from_secs(1_800);
    loop {
        if let Some(ms) = b.evaluate("window.__pouch").await?.as_f64() {
            return Ok(ms);
        }
        assert!(Instant::now() < deadline, "PouchDB did not finish");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What one timed sync took.
struct Timed {
    /// From "Save and sync" to "Up to date" with nothing waiting.
    took: Duration,
    /// From "Save and sync" to the answer of the last `_bulk_docs` request (the push, when there was one).
    pushed: Duration,
    /// The longest task meanwhile, in ms.
    longest: f64,
    /// From the click to the first `_bulk_docs` request; the time with one on the wire; how many were sent.
    push_parts: (Duration, Duration, u64),
}

/// Clicks "Save and sync" and waits in the page — without polling the page from outside, which would take
/// the page's own time — until the app says it is up to date with nothing waiting; returns the times from
/// the click, in ms: `{took, pushed}` (`pushed`: the answer of the last `_bulk_docs`), or `{error}`.
const TIME_SYNC: &str = r#"
const done = arguments[arguments.length - 1];
performance.setResourceTimingBufferSize(100000);
let lastBulk = 0, firstBulk = Infinity;
const seen = new Set(), spans = [];
const bulk = entries => {
  for (const e of entries) if (e.name.includes('/_bulk_docs') && !seen.has(e)) {
    seen.add(e);
    spans.push([e.startTime, e.responseEnd]);
    firstBulk = Math.min(firstBulk, e.startTime);
    lastBulk = Math.max(lastBulk, e.responseEnd);
  }
};
// Time with a _bulk_docs request on the wire (overlapping requests counted once).
const onWire = () => {
  let total = 0, end = -Infinity;
  for (const [s, e] of spans.sort((a, b) => a[0] - b[0])) { if (e > end) { total += e - Math.max(s, end); end = e; } }
  return total;
};
const resources = new PerformanceObserver(l => bulk(l.getEntries()));
resources.observe({ type: 'resource' });
const text = css => (document.querySelector(css)?.textContent ?? '').trim();
let finished = false;
const check = () => {
  if (finished) return;
  const status = text('[data-testid=sync-status]');
  if (status.includes('stopped')) { finished = true; watch.disconnect(); done({ error: status }); return; }
  if (status.includes('Up to date') && text('[data-testid=sync-pending]') === '0') {
    finished = true;
    const took = performance.now() - t0;
    watch.disconnect();
    bulk(performance.getEntriesByType('resource'));
    resources.disconnect();
    done({ took, pushed: lastBulk > 0 ? lastBulk - t0 : took, before_push: lastBulk > 0 ? firstBulk - t0 : 0, wire: onWire(), requests: spans.length });
  }
};
const watch = new MutationObserver(check);
watch.observe(document.body, { subtree: true, childList: true, characterData: true });
const t0 = performance.now();
document.getElementById('save-sync').click();
"#;

/// Sets the remote and times the sync that follows until the app says it is up to date with nothing
/// waiting; checks that the remote then holds at least `pushed` documents.
async fn timed_sync(
    b: &Browser,
    server: &PouchServer,
    db: &str,
    pushed: u64,
) -> Result<Timed, Box<dyn std::error::Error + Send + Sync>> {
    b.goto("/sync").await?;
    b.find("#sync-url").await?;
    b.allow_scripts_for(Duration::from_secs(1_800)).await?;
    b.watch_long_tasks().await?;
    b.type_into("sync-url", &server.url).await?;
    b.type_into("sync-database", db).await?;
    let timed = b.client.execute_async(TIME_SYNC, vec![]).await?;
    assert!(timed.get("error").is_none(), "{timed}");
    let ms = |key: &str| Duration::from_secs_f64(timed[key].as_f64().unwrap_or(f64::NAN) / 1000.0);
    let count = server.doc_count(db);
    assert!(count >= pushed, "the remote holds {count} documents, not {pushed}");
    let push_parts = (ms("before_push"), ms("wire"), timed["requests"].as_u64().unwrap_or(0));
    Ok(Timed { took: ms("took"), pushed: ms("pushed"), longest: b.longest_task().await?, push_parts })
}

fn per_second(n: usize, ms: f64) -> f64 {
    n as f64 / (ms / 1000.0)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn first_sync_and_push() -> TestResult {
    let (site, driver) = (StaticServer::start(&dist_dir()), Driver::start());
    // BENCH_SYNC_SIZES=10000 runs the small size only (while working on it).
    let sizes: Vec<usize> = std::env::var("BENCH_SYNC_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    for n in sizes {
        let server = PouchServer::in_memory();
        server.fill("bench", &customer_docs(n));
        // Baseline first, in its own profile.
        let baseline_profile = Profile::new();
        let raw = Browser::open(&driver, &baseline_profile, &site.url).await?;
        raw.allow_scripts_for(Duration::from_secs(1_800)).await?;
        raw.goto("/").await?;
        let (mut raw_ms, mut schema_ms) = (0.0, 0.0);
        let script = e2e::with_app_schema(RAW_PULL);
        for (schema, ms) in [(false, &mut raw_ms), (true, &mut schema_ms)] {
            let url = format!("{}/bench", server.url);
            let result = raw.client.execute_async(&script, vec![json!(url), json!(n), json!(schema)]).await?;
            *ms = result[0].as_f64().unwrap_or(0.0);
            assert_eq!(result[1].as_u64().unwrap_or(0) as usize, n);
        }
        raw.close().await?;
        let pouch_profile = Profile::new();
        let pouch = Browser::open(&driver, &pouch_profile, &site.url).await?;
        pouch.goto("/").await?;
        let pouch_ms = pouch_replicate(&pouch, &format!("{}/bench", server.url)).await?;
        pouch.close().await?;
        let app_profile = Profile::new();
        let app = Browser::open(&driver, &app_profile, &site.url).await?;
        let Timed { took, longest, .. } = timed_sync(&app, &server, "bench", 0).await?;
        app.goto("/customers").await?;
        app.wait_text(".result-count", &format!("{} customers", e2e::thousands(n))).await?;
        app.close().await?;
        let app_ms = took.as_secs_f64() * 1000.0;
        println!(
            "BENCH first sync {n:>6}: app {app_ms:>8.0} ms ({:>6.0} docs/s, longest task {longest:.0} ms) | raw JS pull+put {raw_ms:>8.0} ms ({:>6.0} docs/s) | ratio {:.2}x | raw JS into the app's schema {schema_ms:>8.0} ms: ratio {:.2}x | PouchDB 9 replicate {pouch_ms:>8.0} ms: app {:.2}x faster",
            per_second(n, app_ms),
            per_second(n, raw_ms),
            app_ms / raw_ms,
            app_ms / schema_ms,
            pouch_ms / app_ms
        );
    }

    // Push: 10,000 customers imported on this device, then the remote is set.
    let n = 10_000;
    let server = PouchServer::in_memory();
    let docs: Vec<Value> = customer_docs(n);
    let raw_profile = Profile::new();
    let raw = Browser::open(&driver, &raw_profile, &site.url).await?;
    raw.goto("/").await?;
    let raw_ms =
        raw.client.execute_async(RAW_PUSH, vec![json!(format!("{}/baseline", server.url)), json!(docs)]).await?;
    let raw_ms = raw_ms.as_f64().unwrap_or(0.0);
    raw.close().await?;

    let work = e2e::TempDir::new("bench-sync");
    let text = e2e::new_customers_csv(n, "push");
    let file = work.join("push.csv");
    std::fs::write(&file, text)?;
    let profile = Profile::new();
    let app = Browser::open(&driver, &profile, &site.url).await?;
    app.goto("/customers/import").await?;
    app.find("#import-file").await?.send_keys(&file.display().to_string()).await?;
    app.wait_text("#import-summary", &format!("{0} rows: {0} to create", e2e::thousands(n))).await?;
    app.click("#start-import").await?;
    let deadline = Instant::now() + Duration::from_secs(120);
    while !app.find("#import-outcome").await.map(|_| true).unwrap_or(false) {
        assert!(Instant::now() < deadline, "import did not finish");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The customers and the import's activity entry.
    let Timed { took, pushed, longest, push_parts: (before, wire, requests) } =
        timed_sync(&app, &server, "pushed", n as u64 + 1).await?;
    assert_eq!(server.customers("pushed").len(), n);
    app.close().await?;
    let (push_ms, app_ms) = (pushed.as_secs_f64() * 1000.0, took.as_secs_f64() * 1000.0);
    println!(
        "BENCH push {n:>6}: app {push_ms:>8.0} ms until the remote holds them all ({:>6.0} docs/s), {app_ms:>8.0} ms until up to date with {n} outbox entries settled (the pull walks the pushed changes), longest task {longest:.0} ms | raw JS _bulk_docs {raw_ms:>8.0} ms ({:>6.0} docs/s) | ratio {:.2}x (to up to date {:.2}x)",
        per_second(n, push_ms),
        per_second(n, raw_ms),
        push_ms / raw_ms,
        app_ms / raw_ms
    );
    println!(
        "BENCH push {n:>6}, its parts: {:.0} ms from the click to the first _bulk_docs, {:.0} ms with one of {requests} on the wire, {:.0} ms between them",
        before.as_secs_f64() * 1000.0,
        wire.as_secs_f64() * 1000.0,
        (pushed.saturating_sub(before).saturating_sub(wire)).as_secs_f64() * 1000.0
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn a_new_remote_for_100000_customers() -> TestResult {
    // 100,000 customers here, none waiting (as after syncing with another remote); a new remote is saved:
    // every record is queued again (sync starts over) and pushed. BENCH_START_OVER=20000 to choose the size.
    let n: u32 = std::env::var("BENCH_START_OVER").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let (site, server, driver, profile) =
        (StaticServer::start(&dist_dir()), PouchServer::in_memory(), Driver::start(), Profile::new());
    let b = Browser::open(&driver, &profile, &site.url).await?;
    b.goto("/").await?;
    b.find("[data-testid=customer-count]").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    b.seed_customers(n).await?;
    let Timed { took, pushed, longest, .. } = timed_sync(&b, &server, "moved", u64::from(n)).await?;
    b.close().await?;
    println!(
        "BENCH a new remote for {n} customers (all queued again, then pushed): {:.0} ms until the remote holds them, {:.0} ms until up to date, longest task {longest:.0} ms",
        pushed.as_secs_f64() * 1000.0,
        took.as_secs_f64() * 1000.0
    );
    Ok(())
}
