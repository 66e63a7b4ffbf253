//! Benchmark (not a test; `scripts/bench.sh` runs it): a backup of 100,000 customers downloaded from
//! Settings, and the same file restored ("replace everything") into a fresh profile, each timed inside the
//! page from the click to the app's "done" message (a MutationObserver), with the longest task of the page —
//! against baselines in the same pages: plain JavaScript reading every store of the app's database with
//! `getAll` and `JSON.stringify`-ing it; and reading the same file, `JSON.parse`-ing each line and `put`ting
//! the records into a fresh database, 2,000 per transaction — and again into a database with the app's schema
//! (its indexes and stored forms), in the app's steps. Opening the file (reading, checking, the
//! preview) is timed apart from writing it.

use std::time::Duration;

use e2e::{dist_dir, downloaded, Browser, Driver, Profile, StaticServer, TestResult};

/// Clicks `arguments[0]` and resolves with the milliseconds until `arguments[1]` is in the page.
const TIME_CLICK: &str = r#"
const [button, until] = [arguments[0], arguments[1]];
const done = arguments[arguments.length - 1];
let t0;
const check = () => { if (document.querySelector(until)) { watch.disconnect(); done(performance.now() - t0); } };
const watch = new MutationObserver(check);
watch.observe(document.body, { subtree: true, childList: true });
t0 = performance.now();
document.querySelector(button).click();
"#;

/// Reads every store of the app's database (`getAll`) and makes one JSON text of it; returns milliseconds.
const RAW_BACKUP: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('partner-accounts');
open.onsuccess = () => {
  const db = open.result;
  const t0 = performance.now();
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  const all = {};
  let left = db.objectStoreNames.length;
  for (const name of db.objectStoreNames) {
    tx.objectStore(name).getAll().onsuccess = (e) => {
      all[name] = e.target.result;
      if (--left === 0) { const text = JSON.stringify(all); done([performance.now() - t0, text.length]); }
    };
  }
};
"#;

/// Reads the file chosen in `#backup-file`, parses each line and puts the records into a fresh database,
/// 2,000 per transaction; returns milliseconds and the number of records.
const RAW_RESTORE: &str = r#"
const done = arguments[arguments.length - 1];
const file = document.querySelector('#backup-file').files[0];
const open = indexedDB.open('baseline-restore', 1);
open.onupgradeneeded = () => open.result.createObjectStore('records', { autoIncrement: true });
open.onsuccess = async () => {
  const db = open.result;
  const t0 = performance.now();
  const lines = (await file.text()).split('\n').filter(l => l.length > 0);
  const records = lines.slice(1, -1).map(l => JSON.parse(l));
  for (let i = 0; i < records.length; i += 2000) {
    await new Promise((resolve, reject) => {
      const tx = db.transaction('records', 'readwrite');
      const store = tx.objectStore('records');
      for (const r of records.slice(i, i + 2000)) store.put(r);
      tx.oncomplete = resolve; tx.onerror = () => reject(tx.error);
    });
  }
  done([performance.now() - t0, records.length]);
};
"#;

/// The same file into a fresh database with the app's schema (run through `e2e::with_app_schema`): customers
/// in the app's stored form into its indexed customer store, pending changes into its outbox (with its
/// unique index), the rest into a plain store; steps of 700 customers, each step's lines together (the app
/// writes 500 per step since stop 28: its total time was the same at 500 and 700). Returns milliseconds and
/// the number of records.
const RAW_RESTORE_SCHEMA: &str = r#"
const done = arguments[arguments.length - 1];
const file = document.querySelector('#backup-file').files[0];
openAppSchema('baseline-restore-schema').then(async (db) => {
  const t0 = performance.now();
  const lines = (await file.text()).split('\n').filter(l => l.length > 0);
  const records = lines.slice(1, -1).map(l => JSON.parse(l));
  const customers = records.filter(r => r.customer).map(r => storedCustomer(r.customer));
  const pending = records.filter(r => r.pending).map(r => r.pending);
  const rest = records.filter(r => !r.customer && !r.pending);
  const steps = Math.max(1, Math.ceil(customers.length / 700));
  const share = (list, i) => list.slice(Math.ceil(list.length * i / steps), Math.ceil(list.length * (i + 1) / steps));
  for (let i = 0; i < steps; i++) {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(['customers', 'outbox', 'records'], 'readwrite');
      for (const c of share(customers, i)) tx.objectStore('customers').put(c);
      for (const p of share(pending, i)) tx.objectStore('outbox').put(p);
      for (const r of share(rest, i)) tx.objectStore('records').put(r);
      tx.oncomplete = resolve; tx.onerror = () => reject(tx.error);
    });
  }
  done([performance.now() - t0, records.length]);
});
"#;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn backup_and_restore() -> TestResult {
    let (site, driver) = (StaticServer::start(&dist_dir()), Driver::start());
    let n: u32 = std::env::var("BENCH_BACKUP_SIZE").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let downloads = e2e::TempDir::new("bench-backup");
    let long = Duration::from_secs(1_800);

    let profile_a = Profile::new();
    let a = Browser::open(&driver, &profile_a, &site.url).await?;
    a.allow_scripts_for(long).await?;
    a.download_to(&downloads).await?;
    a.goto("/").await?;
    a.find("main h1").await?;
    a.seed_customers(n).await?;
    a.goto("/settings").await?;
    a.find("[data-testid=download-backup]").await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let raw = a.client.execute_async(RAW_BACKUP, vec![]).await?;
    let raw_backup = raw[0].as_f64().unwrap_or(f64::NAN);
    a.watch_long_tasks().await?;
    let took = a
        .client
        .execute_async(TIME_CLICK, vec!["[data-testid=download-backup]".into(), "[data-testid=backup-done]".into()])
        .await?;
    let app_backup = took.as_f64().unwrap_or(f64::NAN);
    let longest_backup = a.longest_task().await?;
    let day = a.evaluate("new Date().toISOString().slice(0, 10)").await?;
    let name = format!("customer-accounts-backup-{}.jsonl", day.as_str().unwrap_or_default());
    let file = downloaded(&downloads, &name).await?;
    let path = downloads.join("backup.jsonl");
    std::fs::write(&path, &file)?;
    a.close().await?;
    println!(
        "BENCH backup {n:>6}: app {app_backup:>8.0} ms (file {:.1} MB, longest task {longest_backup:.0} ms) | raw JS getAll + JSON.stringify {raw_backup:>8.0} ms | ratio {:.2}x",
        file.len() as f64 / 1e6,
        app_backup / raw_backup
    );

    let profile_b = Profile::new();
    let b = Browser::open(&driver, &profile_b, &site.url).await?;
    b.allow_scripts_for(long).await?;
    b.goto("/settings").await?;
    b.find("#backup-file").await?;
    b.watch_long_tasks().await?;
    let t0 = b.evaluate("performance.now()").await?.as_f64().unwrap_or(0.0);
    b.find("#backup-file").await?.send_keys(&path.display().to_string()).await?;
    let preview = e2e::wait_until("the preview", || async {
        b.evaluate("document.querySelector('[data-testid=restore-preview]') ? performance.now() : null")
            .await
            .ok()?
            .as_f64()
    })
    .await;
    let app_open = preview - t0;
    let longest_open = b.longest_task().await?;
    let raw = b.client.execute_async(RAW_RESTORE, vec![]).await?;
    let (raw_restore, records) = (raw[0].as_f64().unwrap_or(f64::NAN), raw[1].as_u64().unwrap_or(0));
    let schema_script = e2e::with_app_schema(RAW_RESTORE_SCHEMA);
    let schema = b.client.execute_async(&schema_script, vec![]).await?;
    let schema_restore = schema[0].as_f64().unwrap_or(f64::NAN);
    b.click("[data-testid=mode-replace]").await?;
    // The baseline's own long tasks are reported late: let them pass before watching the app again.
    tokio::time::sleep(Duration::from_millis(500)).await;
    b.watch_long_tasks().await?;
    let took = b
        .client
        .execute_async(TIME_CLICK, vec!["[data-testid=restore-backup]".into(), "[data-testid=restored]".into()])
        .await?;
    let app_restore = took.as_f64().unwrap_or(f64::NAN);
    let longest_restore = b.longest_task().await?;
    b.close().await?;
    println!(
        "BENCH restore {n:>6}: app open {app_open:>7.0} ms + write {app_restore:>8.0} ms = {:>8.0} ms (longest task: opening {longest_open:.0} ms, writing {longest_restore:.0} ms) | raw JS read + JSON.parse + put {raw_restore:>8.0} ms ({records} records) | ratio {:.2}x | raw JS into the app's schema {schema_restore:>8.0} ms: ratio {:.2}x",
        app_open + app_restore,
        (app_open + app_restore) / raw_restore,
        (app_open + app_restore) / schema_restore
    );
    Ok(())
}
