//! Turning IndexedDB errors into [`StoreError`]s a user can act on.

use indexed_db_futures::error::{DomException, Error, OpenDbError};

use crate::store::StoreError;

/// Maps an operation error, recognising a full disk and broken constraints by the DOMException's name.
pub fn from_idb(e: Error) -> StoreError {
    match e {
        Error::DomException(DomException::ConstraintError(_)) => StoreError::Constraint,
        Error::DomException(ex) => from_dom(web_sys::DomException::from(ex)),
        other => StoreError::Failed(other.to_string()),
    }
}

/// Maps a DOMException by its name.
pub fn from_dom(ex: web_sys::DomException) -> StoreError {
    match ex.name().as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        "ConstraintError" => StoreError::Constraint,
        name => StoreError::Failed(format!("{name}: {}", ex.message())),
    }
}

/// Maps a failure to open the database: in that case nothing can be stored at all.
pub fn from_open(e: OpenDbError) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

/// Commits `tx`. A transaction the browser aborts says why on the transaction, not on a request — a full
/// disk arrives this way, as a `QuotaExceededError` — so that reason is the one reported.
pub async fn commit(tx: indexed_db_futures::transaction::Transaction<'_>) -> Result<(), StoreError> {
    use indexed_db_futures::internals::SystemRepr;
    let sys: web_sys::IdbTransaction = web_sys::IdbTransaction::clone(tx.as_sys());
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(e) => Err(sys.error().map_or_else(|| from_idb(e), from_dom)),
    }
}
