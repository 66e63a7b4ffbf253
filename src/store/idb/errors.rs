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
