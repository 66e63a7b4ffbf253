//! Read-only use cases.

use uuid::Uuid;

use crate::domain::customer::INITIAL_DOMAIN_SUFFIX;
use crate::domain::customer_index::Sort;
use crate::domain::list_row::ListRow;
use crate::store::{Store, StoreError};

/// The list's rows in chunks: up to `limit` after customer `after`, in id order.
pub async fn list_chunk<S: Store>(store: &S, after: Option<Uuid>, limit: u32) -> Result<Vec<ListRow>, StoreError> {
    store.list_rows(after, limit).await
}

/// The list's first screen in `sort`'s order, if it can be read before the whole list.
pub async fn first_screen<S: Store>(store: &S, sort: Sort, limit: u32) -> Result<Option<Vec<ListRow>>, StoreError> {
    store.first_rows(sort, limit).await
}

/// The list rows of customers that changed (those that no longer exist are left out).
pub async fn changed_rows<S: Store>(store: &S, ids: &[Uuid]) -> Result<Vec<ListRow>, StoreError> {
    store.list_rows_of(ids).await
}

/// The company name of the local customer that already uses `prefix`.onmicrosoft.com, if any.
pub async fn domain_owner<S: Store>(store: &S, prefix: &str) -> Result<Option<String>, StoreError> {
    let domain = format!("{}{INITIAL_DOMAIN_SUFFIX}", prefix.trim().to_lowercase());
    Ok(store.customer_by_domain(&domain).await?.map(|c| c.company.company_name))
}
