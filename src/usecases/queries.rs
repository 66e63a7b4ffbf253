//! Read-only use cases.

use crate::domain::customer::INITIAL_DOMAIN_SUFFIX;
use crate::domain::search::CustomerRow;
use crate::store::{Store, StoreError};

/// Every customer as a list row, sorted by company name.
pub async fn list_customers<S: Store>(store: &S) -> Result<Vec<CustomerRow>, StoreError> {
    let mut rows: Vec<CustomerRow> = store.customers().await?.iter().map(CustomerRow::from).collect();
    rows.sort_by_key(|r| r.company_name.to_lowercase());
    Ok(rows)
}

/// The company name of the local customer that already uses `prefix`.onmicrosoft.com, if any.
pub async fn domain_owner<S: Store>(store: &S, prefix: &str) -> Result<Option<String>, StoreError> {
    let domain = format!("{}{INITIAL_DOMAIN_SUFFIX}", prefix.trim().to_lowercase());
    Ok(store.customer_by_domain(&domain).await?.map(|c| c.company.company_name))
}
