//! The database schema and its upgrade path. Version N of the schema is reached by running migrations
//! `old_version..N` in order, each of which only adds (stores, indexes), so no data is lost on upgrade.
//! To add v2: append a function to [`MIGRATIONS`]; never edit or reorder an existing one.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::codec::{ADDED_KEY, BILLING_MISSING_KEY, ENDED_KEY, NAME_KEY};

/// The app's database name.
pub const DB_NAME: &str = "partner-accounts";

/// Customers, keyed by `id`; see `codec` for the record shape.
pub const CUSTOMERS: &str = "customers";
/// Pending changes to push, auto-incremented (the key is the order of changes).
pub const OUTBOX: &str = "outbox";
/// The activity log, keyed by `id`.
pub const ACTIVITY: &str = "activity";
/// Half-filled forms, keyed by form name.
pub const DRAFTS: &str = "drafts";
/// Reseller relationship requests the partner sent (schema v2), keyed by `id`.
pub const REQUESTS: &str = "requests";
/// Settings and bookkeeping (device id, sync checkpoints), keyed by name.
pub const META: &str = "meta";
/// Per synced document (schema v3), keyed by document id: the remote revision and content last agreed on.
pub const SYNC_STATE: &str = "sync_state";
/// Sync conflicts waiting for the user (schema v3), keyed by document id.
pub const CONFLICTS: &str = "conflicts";
/// Referrals (schema v4), keyed by `id`.
pub const REFERRALS: &str = "referrals";
/// Indirect providers (schema v5), keyed by `id`.
pub const PROVIDERS: &str = "providers";
/// Business profiles, one per region (schema v5), keyed by `id`.
pub const PROFILES: &str = "profiles";
/// Remote documents set aside (schema v6), keyed by the document id as the remote writes it.
pub const HELD: &str = "held";

/// Unique index of customers by primary domain.
pub const DOMAIN_INDEX: &str = "by_domain";
/// Index of customers by their company name's sort key (schema v7).
pub const NAME_INDEX: &str = "by_name";
/// Index of the customers whose relationship has ended, and only those (schema v8).
pub const ENDED_INDEX: &str = "by_ended";
/// Index of the customers without billing details, and only those (schema v8).
pub const BILLING_MISSING_INDEX: &str = "by_billing_missing";
/// Index of customers by `[group, created_at]`: the relationship (or "ended") and when it was added
/// (schema v9), counted per group and per month on Home.
pub const ADDED_INDEX: &str = "by_added";
/// Index of customers by last change.
pub const UPDATED_INDEX: &str = "by_updated";
/// Unique index of outbox entries by mutation id.
pub const MUTATION_INDEX: &str = "by_mutation";
/// Index of activity entries by time.
pub const AT_INDEX: &str = "by_at";
/// Index of activity entries by customer.
pub const CUSTOMER_ID_INDEX: &str = "by_customer";

/// One schema step, run inside the `upgradeneeded` event.
pub type Migration = fn(&Database) -> indexed_db_futures::Result<()>;

/// Every schema step so far; the database version is the number of steps.
pub static MIGRATIONS: &[Migration] = &[v1, v2, v3, v4, v5, v6, v7, v8, v9];

/// Runs the steps the database at `old_version` has not seen yet.
pub fn upgrade(db: &Database, old_version: usize, migrations: &[Migration]) -> indexed_db_futures::Result<()> {
    migrations.iter().skip(old_version).try_for_each(|step| step(db))
}

/// Version 1: customers, outbox, activity, drafts, meta.
fn v1(db: &Database) -> indexed_db_futures::Result<()> {
    let customers = db.create_object_store(CUSTOMERS).with_key_path(KeyPath::One("id")).build()?;
    customers.create_index(DOMAIN_INDEX, KeyPath::One("domain")).with_unique(true).build()?;
    customers.create_index(UPDATED_INDEX, KeyPath::One("updated_at")).build()?;

    let outbox = db.create_object_store(OUTBOX).with_auto_increment(true).build()?;
    outbox.create_index(MUTATION_INDEX, KeyPath::One("mutation_id")).with_unique(true).build()?;

    let activity = db.create_object_store(ACTIVITY).with_key_path(KeyPath::One("id")).build()?;
    activity.create_index(AT_INDEX, KeyPath::One("at")).build()?;
    activity.create_index(CUSTOMER_ID_INDEX, KeyPath::One("customer_id")).build()?;

    db.create_object_store(DRAFTS).build()?;
    db.create_object_store(META).build()?;
    Ok(())
}

/// Version 2: relationship requests.
fn v2(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(REQUESTS).with_key_path(KeyPath::One("id")).build()?;
    Ok(())
}

/// Version 3: sync bookkeeping — per-document state and conflicts. (The library gives no handle on the
/// upgrade transaction, so indexes can only come with new stores: the outbox is read whole when syncing.)
fn v3(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(SYNC_STATE).build()?;
    db.create_object_store(CONFLICTS).build()?;
    Ok(())
}

/// Version 4: referrals.
fn v4(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(REFERRALS).with_key_path(KeyPath::One("id")).build()?;
    Ok(())
}

/// Version 5: indirect providers and business profiles.
fn v5(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(PROVIDERS).with_key_path(KeyPath::One("id")).build()?;
    db.create_object_store(PROFILES).with_key_path(KeyPath::One("id")).build()?;
    Ok(())
}

/// Version 6: remote documents set aside (unreadable, unknown kind, a rule broken) until fixed or dismissed.
fn v6(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(HELD).build()?;
    Ok(())
}

/// Version 7: the customers' index by company name (the list's first screen, read before the whole list).
/// The library hands a migration no upgrade transaction, so it is taken from the `upgradeneeded` event
/// being dispatched (`window.event`); customers stored before get their name key and list row in the same
/// transaction. Without that event the index is left out, and the list's first screen waits for the
/// whole list instead.
fn v7(_db: &Database) -> indexed_db_futures::Result<()> {
    let Some(tx) = upgrade_transaction() else { return Ok(()) };
    let customers = tx.object_store(CUSTOMERS)?;
    customers.create_index_with_str(NAME_INDEX, NAME_KEY)?;
    backfill_rows(&customers)?;
    Ok(())
}

/// Version 8: indexes holding only the ended customers and only those without billing details, so Home
/// counts them without reading every customer; customers stored before are rewritten (as in v7) to get
/// the indexed properties.
fn v8(_db: &Database) -> indexed_db_futures::Result<()> {
    let Some(tx) = upgrade_transaction() else { return Ok(()) };
    let customers = tx.object_store(CUSTOMERS)?;
    customers.create_index_with_str(ENDED_INDEX, ENDED_KEY)?;
    customers.create_index_with_str(BILLING_MISSING_INDEX, BILLING_MISSING_KEY)?;
    backfill_rows(&customers)?;
    Ok(())
}

/// Version 9: the index Home counts customers by relationship and by month with, without reading them;
/// customers stored before are rewritten (as in v7) to get the indexed property.
fn v9(_db: &Database) -> indexed_db_futures::Result<()> {
    let Some(tx) = upgrade_transaction() else { return Ok(()) };
    let customers = tx.object_store(CUSTOMERS)?;
    customers.create_index_with_str(ADDED_INDEX, ADDED_KEY)?;
    backfill_rows(&customers)?;
    Ok(())
}

/// The `versionchange` transaction of the upgrade being dispatched.
fn upgrade_transaction() -> Option<web_sys::IdbTransaction> {
    let event = web_sys::window()?.event();
    let request = event.dyn_into::<web_sys::Event>().ok()?.target()?.dyn_into::<web_sys::IdbOpenDbRequest>().ok()?;
    request.transaction()
}

/// Rewrites every customer in its current stored form (name key and list row; a sync state it carries is
/// kept), one cursor step at a time; the upgrade transaction stays open until the last is written.
fn backfill_rows(customers: &web_sys::IdbObjectStore) -> indexed_db_futures::Result<()> {
    let request = customers.open_cursor()?;
    let cursor_request = request.clone();
    let step = Closure::<dyn FnMut()>::new(move || {
        let Ok(value) = cursor_request.result() else { return };
        let Ok(cursor) = value.dyn_into::<web_sys::IdbCursorWithValue>() else { return };
        if let Ok(record) = cursor.value() {
            if let Ok(customer) = super::codec::decode_customer(&record) {
                if let Ok(updated) = super::codec::encode_customer(&customer) {
                    super::inline_state::carry_over(&record, &updated);
                    let _ = cursor.update(&updated);
                }
            }
        }
        let _ = cursor.continue_();
    });
    request.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // Called once per customer until the cursor ends, within this one upgrade: it lives as long as the page.
    step.forget();
    Ok(())
}
