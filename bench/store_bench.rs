//! Benchmark (not a test): writes and reads 10,000 and 100,000 generated customers through the app's
//! IndexedDB store and through raw IndexedDB from plain JavaScript in the same page, and prints the times
//! and ratios. Run with `scripts/bench.sh`; the figures go into docs/PERFORMANCE.md.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use partner_accounts::domain::customer::Customer;
use partner_accounts::domain::draft::{CustomerDraft, ValidationContext};
use partner_accounts::domain::outbox::Op;
use partner_accounts::domain::timestamp::Timestamp;
use partner_accounts::store::idb::{IdbStore, MIGRATIONS};
use partner_accounts::store::{Store, WriteBatch};
use partner_accounts::sync::records::Record;
use time::macros::date;
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
function open(name) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const s = req.result.createObjectStore("customers", { keyPath: "id" });
      s.createIndex("by_domain", "domain", { unique: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
function customer(i) {
  const id = "00000000-0000-4000-8000-" + String(i).padStart(12, "0");
  const domain = "customer" + i + ".onmicrosoft.com";
  return {
    id, domain, updated_at: 1764000000000 + i,
    company: { tenant_id: id, domain, company_name: "Customer " + i + " Handels GmbH", organization_registration_number: null },
    billing: { first_name: "Anna", last_name: "Müller", email: "anna" + i + "@customer" + i + ".de", culture: "de-DE", language: "de",
      company_name: "Customer " + i + " Handels GmbH",
      default_address: { line1: "Hauptstraße " + i, line2: "", line3: "", city: "Berlin", state: "", postal_code: "10115", country: "DE", phone_number: "" } },
    relationship: "reseller", qualification: "none", custom_domains: [], associated_partner_id: null, tags: ["Berlin", "Retail"],
    attestation: { first_name: "Anna", last_name: "Müller", email: "anna" + i + "@customer" + i + ".de", phone_number: "", accepted_on: "2026-11-20" },
    created_at: 1764000000000 + i,
  };
}
export async function raw_write(name, n) {
  const db = await open(name);
  const records = [];
  for (let i = 0; i < n; i++) records.push(customer(i));
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const tx = db.transaction("customers", "readwrite");
    const s = tx.objectStore("customers");
    for (const r of records) s.put(r);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  const ms = performance.now() - t0;
  db.close();
  return ms;
}
export async function raw_read_all(name) {
  const db = await open(name);
  const t0 = performance.now();
  const all = await new Promise((resolve, reject) => {
    const req = db.transaction("customers").objectStore("customers").getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const ms = performance.now() - t0;
  db.close();
  if (!all.length) throw new Error("nothing read");
  return ms;
}
export function now() { return performance.now(); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn raw_write(name: &str, n: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn raw_read_all(name: &str) -> Result<JsValue, JsValue>;
    fn now() -> f64;
}

fn customers(n: u32) -> Vec<Customer> {
    let ctx = ValidationContext { today: date!(2026 - 11 - 25), partner_domains: vec![] };
    (0..n)
        .map(|i| {
            let draft = CustomerDraft {
                company_name: format!("Customer {i} Handels GmbH"),
                domain_prefix: format!("customer{i}"),
                first_name: "Anna".into(),
                last_name: "Müller".into(),
                email: format!("anna{i}@customer{i}.de"),
                address_line1: format!("Hauptstraße {i}"),
                city: "Berlin".into(),
                postal_code: "10115".into(),
                tags: "Berlin, Retail".into(),
                mca_first_name: "Anna".into(),
                mca_last_name: "Müller".into(),
                mca_email: format!("anna{i}@customer{i}.de"),
                ..CustomerDraft::with_defaults(date!(2026 - 11 - 20))
            };
            draft
                .to_customer(&ctx, Uuid::from_u128(u128::from(i)), Timestamp(1_764_000_000_000 + i64::from(i)))
                .expect("valid")
        })
        .collect()
}

/// The alternative encoding: each customer built as a JS object field by field (serde-wasm-bindgen).
async fn serde_db(name: &str) -> Database {
    Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("customers").with_key_path(indexed_db_futures::KeyPath::One("id")).build()?;
            Ok(())
        })
        .await
        .expect("open")
}

async fn serde_objects_write(db: &Database, records: &[Customer]) -> f64 {
    let t0 = now();
    let tx = db.transaction("customers").with_mode(TransactionMode::Readwrite).build().expect("tx");
    let store = tx.object_store("customers").expect("store");
    for c in records {
        store.put(c).serde().expect("put");
    }
    tx.commit().await.expect("commit");
    now() - t0
}

async fn serde_objects_read(db: &Database) -> (f64, usize) {
    let t0 = now();
    let tx = db.transaction("customers").build().expect("tx");
    let store = tx.object_store("customers").expect("store");
    let all: Vec<Customer> = store
        .get_all::<Customer>()
        .serde()
        .expect("get_all")
        .await
        .expect("read")
        .collect::<Result<_, _>>()
        .expect("decode");
    (now() - t0, all.len())
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// One round: a fresh database per variant; the order of variants rotates between rounds.
async fn round(n: u32, records: &[Customer], order: usize) -> [f64; 6] {
    let tag = Uuid::new_v4();
    let (raw_name, app_name, serde_name) = (format!("raw-{tag}"), format!("app-{tag}"), format!("serde-{tag}"));
    let store = IdbStore::open_with(&app_name, MIGRATIONS, || ()).await.expect("open");
    let serde = serde_db(&serde_name).await;
    let mut w = [0.0; 3];
    for k in 0..3 {
        match (k + order) % 3 {
            0 => w[0] = raw_write(&raw_name, n).await.expect("raw write").as_f64().unwrap_or(f64::NAN),
            1 => {
                let batch = WriteBatch::of(Op::Create, records.iter().map(|c| Record::Customer(Box::new(c.clone()))));
                let t0 = now();
                store.apply(batch).await.expect("app write");
                w[1] = now() - t0;
            }
            _ => w[2] = serde_objects_write(&serde, records).await,
        }
    }
    let raw_read = raw_read_all(&raw_name).await.expect("raw read").as_f64().unwrap_or(f64::NAN);
    let t0 = now();
    let read = store.customers().await.expect("app read");
    let app_read = now() - t0;
    assert_eq!(read.len(), n as usize);
    let (serde_read, count) = serde_objects_read(&serde).await;
    assert_eq!(count, n as usize);
    store.close();
    serde.close();
    [w[0], w[1], w[2], raw_read, app_read, serde_read]
}

async fn run(n: u32, rounds: usize) {
    let records = customers(n);
    let mut results: Vec<[f64; 6]> = Vec::new();
    for r in 0..rounds {
        results.push(round(n, &records, r).await);
    }
    let m: Vec<f64> = (0..6).map(|i| median(results.iter().map(|r| r[i]).collect())).collect();
    console_log!("BENCH write {n} (median of {rounds}): raw-js {:.0} ms | app store, JSON doc {:.0} ms = {:.2}x raw | serde objects {:.0} ms = {:.2}x raw", m[0], m[1], m[1] / m[0], m[2], m[2] / m[0]);
    console_log!("BENCH read-all {n} (median of {rounds}): raw-js getAll {:.0} ms | app store, JSON doc {:.0} ms = {:.2}x raw | serde objects {:.0} ms = {:.2}x raw", m[3], m[4], m[4] / m[3], m[5], m[5] / m[3]);
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn bench_10_000() {
    run(10_000, 5).await;
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run with scripts/bench.sh"]
async fn bench_100_000() {
    run(100_000, 3).await;
}
