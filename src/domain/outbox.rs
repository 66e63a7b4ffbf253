//! Outbox entries: one per local change, pushed to the remote by the sync engine and removed once it
//! acknowledged them. The mutation id makes a retried push idempotent.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::timestamp::Timestamp;

/// The kind of record a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Customer,
    RelationshipRequest,
    /// An activity-log entry (only ever created).
    Activity,
    Referral,
    Provider,
    BusinessProfile,
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Create,
    Update,
    /// Removed (sent as a tombstone), e.g. when an import is undone.
    Delete,
}

/// One pending change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub mutation_id: Uuid,
    pub entity: Entity,
    pub entity_id: Uuid,
    pub op: Op,
    pub at: Timestamp,
}
