//! The IndexedDB [`Store`]: one database, opened once per tab, one transaction per use case.

mod activity;
mod codec;
mod cursor;
mod errors;
mod inline_state;
mod list;
mod reads;
mod schema;
mod sync;
mod writes;

pub use errors::storage_use;
pub use schema::{Migration, DB_NAME, MIGRATIONS};

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::change::Change;
use super::{StorageUse, Store, StoreError, WriteBatch};
use crate::domain::activity::{newest_first, ActivityEntry, ActivityQuery, LogPosition};
use crate::domain::customer::Customer;
use crate::domain::customer_index::Sort;
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::{PartnerProfile, RelationshipRequest};
use crate::domain::list_row::{CustomerCounts, ListRow};
use crate::domain::outbox::OutboxEntry;
use crate::domain::profile::BusinessProfile;
use crate::domain::provider::Provider;
use crate::domain::referral::Referral;
use crate::domain::timestamp::Timestamp;
use crate::sync::records::Record;
use errors::{commit, commit_all_or_nothing, from_idb, from_open};
use schema::{
    ACTIVITY, CONFLICTS, CUSTOMERS, DOMAIN_INDEX, DRAFTS, HELD, META, OUTBOX, PROFILES, PROVIDERS, REFERRALS, REQUESTS,
    SYNC_STATE,
};

/// The key of the partner's own details in the meta store.
const PARTNER_KEY: &str = "partner";
/// The key of when a backup was last downloaded, in the meta store.
const LAST_BACKUP_KEY: &str = "last-backup";

/// A connection to the app's IndexedDB database.
#[derive(Clone, Debug)]
pub struct IdbStore {
    db: Database,
    observer: Observer,
}

/// Who hears what each committed write changed (the app's change signals).
#[derive(Clone, Default)]
struct Observer(Arc<Mutex<Option<OnWritten>>>);

/// What hears of a committed write.
type OnWritten = Arc<dyn Fn(&[Change]) + Send + Sync>;

impl std::fmt::Debug for Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Observer")
    }
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the app's database. `on_blocked` is called while another tab
    /// holds the database open at an older version and keeps this one from upgrading.
    pub async fn open(on_blocked: impl Fn() + 'static) -> Result<IdbStore, StoreError> {
        Self::open_with(DB_NAME, MIGRATIONS, on_blocked).await
    }

    /// Opens the database `name` at the version reached by `migrations` (tests use their own names).
    pub async fn open_with(
        name: &str,
        migrations: &'static [Migration],
        on_blocked: impl Fn() + 'static,
    ) -> Result<IdbStore, StoreError> {
        let db = Database::open(name)
            .with_version(migrations.len() as u32)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(move |event, db| schema::upgrade(&db, event.old_version() as usize, migrations))
            .await
            .map_err(from_open)?;
        errors::set_closed_for_newer_version(false);
        Ok(IdbStore { db, observer: Observer::default() })
    }

    /// Has `on_written` told what every committed write of a use case changed (every clone of this store
    /// shares it).
    pub fn observe(&self, on_written: impl Fn(&[Change]) + Send + Sync + 'static) {
        if let Ok(mut observer) = self.observer.0.lock() {
            *observer = Some(Arc::new(on_written));
        }
    }

    fn written(&self, changes: &[Change]) {
        let observer = self.observer.0.lock().ok().and_then(|o| o.clone());
        if let (Some(observer), false) = (observer, changes.is_empty()) {
            observer(changes);
        }
    }

    /// Calls `on_outdated` when another tab wants to upgrade the database: this connection closes at once
    /// so the upgrade is not blocked, and the page should ask the user to reload.
    pub fn on_version_change(&self, on_outdated: impl FnOnce() + 'static) {
        let Ok(mut listener) = self.db.version_changes() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            if listener.recv().await.is_some() {
                listener.db().clone().close();
                errors::set_closed_for_newer_version(true);
                on_outdated();
            }
        });
    }

    /// Calls `told` with how full the storage is (as far as the browser tells) each time a write is refused
    /// because the browser's storage for the app is full — whichever page or sync round wrote.
    pub fn on_full(&self, told: impl Fn(Option<StorageUse>) + 'static) {
        errors::set_on_full(told);
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Closes this connection (tests reopen the same database to check persistence).
    pub fn close(self) {
        self.db.close();
    }

    /// The record under `key` in `store`, or under the index key `key` of `index` when given.
    async fn get_one(&self, store: &str, index: Option<&str>, key: String) -> Result<Option<JsValue>, StoreError> {
        let tx = self.db.transaction(store).build().map_err(from_idb)?;
        let store = tx.object_store(store).map_err(from_idb)?;
        let request = match index {
            Some(name) => store.index(name).map_err(from_idb)?.get(key).primitive(),
            None => store.get(key).primitive(),
        };
        request.map_err(from_idb)?.await.map_err(from_idb)
    }

    async fn get_all(&self, store: &str) -> Result<Vec<JsValue>, StoreError> {
        let tx = self.db.transaction(store).build().map_err(from_idb)?;
        let records = tx
            .object_store(store)
            .map_err(from_idb)?
            .get_all::<JsValue>()
            .primitive()
            .map_err(from_idb)?
            .await
            .map_err(from_idb)?;
        records.collect::<Result<Vec<_>, _>>().map_err(from_idb)
    }
}

impl Store for IdbStore {
    async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        list::all_customers(&self.db).await
    }

    async fn customer(&self, id: Uuid) -> Result<Option<Customer>, StoreError> {
        let record = self.get_one(CUSTOMERS, None, id.to_string()).await?;
        record.as_ref().map(codec::decode_customer).transpose()
    }

    async fn customers_of(&self, ids: &[Uuid]) -> Result<Vec<Customer>, StoreError> {
        let tx = self.db.transaction(CUSTOMERS).build().map_err(from_idb)?;
        let store = tx.object_store(CUSTOMERS).map_err(from_idb)?;
        let mut reads = reads::Reads::default();
        let wanted = ids.iter().map(|id| reads.get(&store, &id.to_string())).collect::<Result<Vec<_>, _>>()?;
        let mut found = reads.results().await?;
        wanted.into_iter().filter_map(|r| found.take(r)).map(|r| codec::decode_customer(&r)).collect()
    }

    async fn customer_by_domain(&self, domain: &str) -> Result<Option<Customer>, StoreError> {
        let record = self.get_one(CUSTOMERS, Some(DOMAIN_INDEX), domain.to_string()).await?;
        record.as_ref().map(codec::decode_customer).transpose()
    }

    async fn customer_counts(&self) -> Result<CustomerCounts, StoreError> {
        list::customer_counts(&self.db).await
    }

    async fn customers_added(&self, spans: &[Range<Timestamp>]) -> Result<Vec<u32>, StoreError> {
        list::customers_added(&self.db, spans).await
    }

    async fn list_rows(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<ListRow>, StoreError> {
        list::list_rows(&self.db, after, limit).await
    }

    async fn first_rows(&self, sort: Sort, limit: u32) -> Result<Option<Vec<ListRow>>, StoreError> {
        list::first_rows(&self.db, sort, limit).await
    }

    async fn list_rows_of(&self, ids: &[Uuid]) -> Result<Vec<ListRow>, StoreError> {
        list::list_rows_of(&self.db, ids).await
    }

    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.get_all(OUTBOX).await?.into_iter().map(codec::decode_serde).collect()
    }

    async fn activity(&self, customer: Option<Uuid>) -> Result<Vec<ActivityEntry>, StoreError> {
        let mut entries = match customer {
            None => {
                self.get_all(ACTIVITY).await?.into_iter().map(codec::decode_serde).collect::<Result<Vec<_>, _>>()?
            }
            Some(id) => activity::of_customer(&self.db, id).await?,
        };
        newest_first(&mut entries);
        Ok(entries)
    }

    async fn activity_page(
        &self,
        query: &ActivityQuery,
        after: Option<LogPosition>,
        limit: u32,
    ) -> Result<Vec<ActivityEntry>, StoreError> {
        activity::page(&self.db, query, after, limit).await
    }

    async fn activity_after(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<ActivityEntry>, StoreError> {
        activity::after(&self.db, after, limit).await
    }

    async fn count_activity(&self, query: &ActivityQuery) -> Result<u32, StoreError> {
        activity::count(&self.db, query).await
    }

    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError> {
        let record = self.get_one(DRAFTS, None, key.to_string()).await?;
        record.map(codec::decode_serde).transpose()
    }

    async fn save_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError> {
        let tx = self.db.transaction(DRAFTS).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
        let store = tx.object_store(DRAFTS).map_err(from_idb)?;
        store.put(codec::encode_serde(draft)?).with_key(key.to_string()).primitive().map_err(from_idb)?;
        commit(tx).await
    }

    async fn outbox_after(&self, after: f64, limit: u32) -> Result<Vec<(f64, OutboxEntry)>, StoreError> {
        sync::outbox_after(&self.db, after, limit).await
    }

    async fn drafts(&self) -> Result<Vec<(String, CustomerDraft)>, StoreError> {
        let tx = self.db.transaction(DRAFTS).build().map_err(from_idb)?;
        let store = tx.object_store(DRAFTS).map_err(from_idb)?;
        let mut reads = reads::Reads::default();
        let (keys, values) = (reads.get_all_keys(&store)?, reads.get_all(&store)?);
        let mut found = reads.results().await?;
        let keys = js_sys::Array::from(&found.take(keys).unwrap_or_default());
        let values = js_sys::Array::from(&found.take(values).unwrap_or_default());
        keys.iter()
            .zip(values.iter())
            .map(|(k, v)| Ok((k.as_string().unwrap_or_default(), codec::decode_serde(v)?)))
            .collect()
    }

    async fn customer_documents(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<(Uuid, String)>, StoreError> {
        list::customer_documents(&self.db, after, limit).await
    }

    async fn last_backup(&self) -> Result<Option<Timestamp>, StoreError> {
        let at = self.get_one(META, None, LAST_BACKUP_KEY.to_string()).await?;
        Ok(at.and_then(|v| v.as_f64()).map(|ms| Timestamp(ms as i64)))
    }

    async fn backup_made(&self, at: Timestamp) -> Result<(), StoreError> {
        let tx = self.db.transaction(META).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
        let store = tx.object_store(META).map_err(from_idb)?;
        store
            .put(JsValue::from_f64(at.0 as f64))
            .with_key(LAST_BACKUP_KEY.to_string())
            .primitive()
            .map_err(from_idb)?;
        commit(tx).await
    }

    async fn requests(&self) -> Result<Vec<RelationshipRequest>, StoreError> {
        let mut all: Vec<RelationshipRequest> =
            self.get_all(REQUESTS).await?.into_iter().map(codec::decode_serde).collect::<Result<_, _>>()?;
        all.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(all)
    }

    async fn referrals(&self) -> Result<Vec<Referral>, StoreError> {
        let mut all: Vec<Referral> =
            self.get_all(REFERRALS).await?.into_iter().map(codec::decode_serde).collect::<Result<_, _>>()?;
        all.sort_by_key(|r| std::cmp::Reverse(r.received_on));
        Ok(all)
    }

    async fn providers(&self) -> Result<Vec<Provider>, StoreError> {
        let mut all: Vec<Provider> =
            self.get_all(PROVIDERS).await?.into_iter().map(codec::decode_serde).collect::<Result<_, _>>()?;
        all.sort_by_key(|p| p.name.to_lowercase());
        Ok(all)
    }

    async fn business_profiles(&self) -> Result<Vec<BusinessProfile>, StoreError> {
        self.get_all(PROFILES).await?.into_iter().map(codec::decode_serde).collect()
    }

    async fn partner_profile(&self) -> Result<Option<PartnerProfile>, StoreError> {
        let record = self.get_one(META, None, PARTNER_KEY.to_string()).await?;
        record.map(codec::decode_serde).transpose()
    }

    async fn save_partner_profile(&self, profile: &PartnerProfile) -> Result<(), StoreError> {
        let tx = self.db.transaction(META).with_mode(TransactionMode::Readwrite).build().map_err(from_idb)?;
        let store = tx.object_store(META).map_err(from_idb)?;
        store.put(codec::encode_serde(profile)?).with_key(PARTNER_KEY.to_string()).primitive().map_err(from_idb)?;
        commit(tx).await
    }

    async fn apply(&self, batch: WriteBatch) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(
                sync::record_stores().chain([OUTBOX, DRAFTS, CONFLICTS, HELD, SYNC_STATE, META]).collect::<Vec<_>>(),
            )
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(from_idb)?;
        if batch.clear_everything {
            sync::clear_everything(&tx)?;
        }
        // The sync states the customers rewritten or removed carry are moved out first (reads awaited); then
        // requests go out as they are built, and only the commit is awaited.
        let rewritten: Vec<Uuid> =
            batch.customers(false).map(|c| c.id).chain(batch.delete_customers.iter().copied()).collect();
        sync::move_carried_states(&tx, &rewritten).await?;
        let customers = tx.object_store(CUSTOMERS).map_err(from_idb)?;
        for value in codec::encode_customers(batch.customers(true))? {
            customers.add(value).primitive().map_err(from_idb)?;
        }
        // Updates are puts; the use case read the customer just before, and `put` keeps the unique domain
        // index honest. (A customer deleted in between is not possible: there is no hard delete.)
        for value in codec::encode_customers(batch.customers(false))? {
            customers.put(value).primitive().map_err(from_idb)?;
        }
        for id in &batch.delete_customers {
            customers.delete(id.to_string()).primitive().map_err(from_idb)?;
        }
        let outbox = tx.object_store(OUTBOX).map_err(from_idb)?;
        for entry in batch.outbox_entries() {
            outbox.add(codec::encode_serde(&entry)?).primitive().map_err(from_idb)?;
        }
        let activity = tx.object_store(ACTIVITY).map_err(from_idb)?;
        for entry in batch.activity().chain(&batch.restore_activity) {
            activity.put(codec::encode_serde(entry)?).primitive().map_err(from_idb)?;
        }
        // The other records, each put in its own object store.
        for (_, record) in &batch.records {
            let (store, value) = match record {
                Record::Customer(_) | Record::Activity(_) => continue,
                Record::Request(r) => (REQUESTS, codec::encode_serde(r)?),
                Record::Referral(r) => (REFERRALS, codec::encode_serde(r)?),
                Record::Provider(p) => (PROVIDERS, codec::encode_serde(p)?),
                Record::Profile(p) => (PROFILES, codec::encode_serde(p)?),
            };
            tx.object_store(store).map_err(from_idb)?.put(value).primitive().map_err(from_idb)?;
        }
        let drafts = tx.object_store(DRAFTS).map_err(from_idb)?;
        for key in &batch.delete_drafts {
            drafts.delete(key.to_string()).primitive().map_err(from_idb)?;
        }
        for (key, draft) in &batch.put_drafts {
            drafts.put(codec::encode_serde(draft)?).with_key(key.to_string()).primitive().map_err(from_idb)?;
        }
        let conflicts = tx.object_store(CONFLICTS).map_err(from_idb)?;
        for id in &batch.clear_conflicts {
            conflicts.delete(id.to_string()).primitive().map_err(from_idb)?;
        }
        let held = tx.object_store(HELD).map_err(from_idb)?;
        for id in &batch.release {
            held.delete(id.to_string()).primitive().map_err(from_idb)?;
        }
        match commit_all_or_nothing(tx).await {
            Err(StoreError::Constraint) => Err(self.which_constraint(&batch).await),
            Err(e) => Err(e),
            Ok(()) => {
                self.written(&batch.changes());
                Ok(())
            }
        }
    }
}

impl IdbStore {
    /// After a constraint failure: which customer of `batch` collided, and on what.
    async fn which_constraint(&self, batch: &WriteBatch) -> StoreError {
        for c in batch.customers(true) {
            if let Ok(Some(_)) = self.customer(c.id).await {
                return StoreError::DuplicateId(c.id.to_string());
            }
            if let Ok(Some(_)) = self.customer_by_domain(&c.company.domain).await {
                return StoreError::DuplicateDomain(c.company.domain.clone());
            }
        }
        StoreError::Constraint
    }
}
