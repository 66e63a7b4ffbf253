//! Storage failures, worded for the user.

/// Why reading or writing local data failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("This browser does not let the app keep data ({0}). Private windows often do this: open the app in a normal window.")]
    Unavailable(String),
    /// A newer version of the app upgraded the data (in another tab, or after a deployment): this tab's
    /// version can no longer read or write it.
    #[error("A newer version of this app is open in another tab (or was just installed). Nothing was changed here and your data is safe: reload this tab to use the newer version.")]
    NewerVersion,
    #[error("The browser's storage for this app is full{}. Nothing was saved and your input is still here; the message at the top of the page says what you can do.", .0.map(|u| u.english()).unwrap_or_default())]
    QuotaExceeded(Option<StorageUse>),
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
    /// Reads and writes alike: the browser's storage refused, for a reason it states in its own words.
    #[error("The browser's storage failed ({0}). Nothing was changed.")]
    Failed(String),
}

impl StoreError {
    /// Whether the store refused these particular records (a uniqueness rule) rather than failing as a whole:
    /// other records may still be written.
    pub fn is_refusal(&self) -> bool {
        matches!(self, StoreError::DuplicateDomain(_) | StoreError::DuplicateId(_) | StoreError::Constraint)
    }
}

/// How much the browser's storage for the app holds, and the most it allows (when the browser tells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageUse {
    pub used: u64,
    pub quota: u64,
}

impl StorageUse {
    /// " (the app itself holds 4.6 MB)". Only what the app holds: on a full disk the browser still reports
    /// a quota far above it, which would read as a contradiction.
    fn english(self) -> String {
        format!(" (the app itself holds {})", self.held('.'))
    }

    /// What the app holds, with one decimal and its unit (KB, MB, GB, TB), `decimal` between the whole and
    /// the tenths.
    pub fn held(self, decimal: char) -> String {
        let (value, unit) = StorageUse::scaled(self.used as f64);
        format!("{value:.1} {unit}").replace('.', &decimal.to_string())
    }

    /// `bytes` in the largest unit of KB, MB, GB and TB (in thousands) that keeps the value under 1,000
    /// (KB below that), e.g. `(4.6, "MB")`.
    pub fn scaled(bytes: f64) -> (f64, &'static str) {
        const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
        let (mut value, mut unit) = (bytes / 1000.0, 0);
        while value >= 1000.0 && unit < UNITS.len() - 1 {
            value /= 1000.0;
            unit += 1;
        }
        (value, UNITS[unit])
    }
}
