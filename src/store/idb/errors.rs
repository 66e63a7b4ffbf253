//! Turning IndexedDB errors into [`StoreError`]s a user can act on.

use indexed_db_futures::error::{DomException, Error, OpenDbError};

use crate::store::StoreError;

/// Maps an operation error, recognising a full disk and broken constraints by the DOMException's name.
pub fn from_idb(e: Error) -> StoreError {
    match e {
        Error::DomException(DomException::ConstraintError(_)) => StoreError::Constraint,
        Error::DomException(ex) => {
            let sys = web_sys::DomException::from(ex);
            if sys.name() == "QuotaExceededError" {
                StoreError::QuotaExceeded
            } else {
                StoreError::Failed(format!("{}: {}", sys.name(), sys.message()))
            }
        }
        other => StoreError::Failed(other.to_string()),
    }
}

/// Maps a failure to open the database: in that case nothing can be stored at all.
pub fn from_open(e: OpenDbError) -> StoreError {
    StoreError::Unavailable(e.to_string())
}
