//! What the in-browser tests share: a validation context, a valid form, and a fresh database per test.
use partner_accounts::store::idb::{IdbStore, MIGRATIONS};
use uuid::Uuid;

pub use partner_accounts::domain::fixtures::{ctx, draft};

/// A fresh database per test, so tests don't see each other's data.
pub async fn fresh() -> (IdbStore, String) {
    let name = format!("test-{}", Uuid::new_v4());
    (IdbStore::open_with(&name, MIGRATIONS, || ()).await.expect("open"), name)
}
