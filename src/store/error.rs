//! Storage failures, worded for the user.

/// Why reading or writing local data failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("This browser does not let the app keep data ({0}). Private windows often do this: open the app in a normal window.")]
    Unavailable(String),
    #[error("The browser's storage for this app is full. Nothing was saved and your input is still here: free some space on this device (for example other sites' data in the browser's settings), then try again.")]
    QuotaExceeded,
    #[error("A customer with the domain {0} exists already.")]
    DuplicateDomain(String),
    #[error("A customer with the id {0} exists already.")]
    DuplicateId(String),
    /// A write broke a uniqueness rule of the database (before it is known which).
    #[error("A uniqueness rule was broken.")]
    Constraint,
    #[error("The customer {0} no longer exists on this device.")]
    MissingCustomer(String),
    #[error("Stored data could not be read ({0}).")]
    Corrupt(String),
    #[error("Saving failed: {0}. Nothing was written.")]
    Failed(String),
}

impl StoreError {
    /// Whether the store refused these particular records (a uniqueness rule) rather than failing as a whole:
    /// other records may still be written.
    pub fn is_refusal(&self) -> bool {
        matches!(self, StoreError::DuplicateDomain(_) | StoreError::DuplicateId(_) | StoreError::Constraint)
    }
}
