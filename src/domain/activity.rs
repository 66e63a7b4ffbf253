//! The activity log: who did what to which customer, and when.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::timestamp::Timestamp;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    CustomerAdded,
}

impl Action {
    /// The words the activity log shows.
    pub fn label(self) -> &'static str {
        match self {
            Action::CustomerAdded => "Customer added",
        }
    }
}

/// One line of the activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: Uuid,
    pub at: Timestamp,
    pub customer_id: Option<Uuid>,
    /// The company name at the time, so the log reads well even after renames.
    pub customer_name: String,
    pub action: Action,
    /// The partner user who acted.
    pub user: String,
}
