//! Turns a decision into the writes a store makes for one remote version, typed as the app's records. Each
//! store runs this inside its own transaction, between reading the local side and writing.

use uuid::Uuid;

use super::decide::{decide, Conflict, LocalDoc, Outcome, Write};
use super::doc::{RemoteDoc, SyncState};
use super::records::{label, Record};
use crate::domain::timestamp::Timestamp;

/// What to do with the local record.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordWrite {
    Keep,
    Put(Record),
    Delete,
}

/// Every write for one remote version.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub record: RecordWrite,
    pub state: Option<SyncState>,
    pub settled: Vec<Uuid>,
    /// The document's conflict afterwards (`None`: none).
    pub conflict: Option<Conflict>,
    pub outcome: Outcome,
}

/// Why a pulled customer cannot be stored next to a local one (every store keeps primary domains unique).
pub fn domain_taken(domain: &str, owner: &str) -> String {
    format!("{domain} is used here by “{owner}” and by another customer on the remote; change one of the two")
}

/// Plans the writes for `remote` given the local `record` (as stored), its sync state, pending outbox
/// entries and open conflict. `Err` says why the version cannot be stored (its content is not a valid record).
pub fn plan(
    remote: &RemoteDoc,
    record: Option<&Record>,
    state: Option<SyncState>,
    pending: Vec<Uuid>,
    conflict: Option<Conflict>,
    now: Timestamp,
) -> Result<Plan, String> {
    let local = LocalDoc { data: record.map(Record::to_data), state, pending, conflict };
    let name = label(remote.data.as_ref().or(local.data.as_ref()));
    let d = decide(&local, remote, &name, now);
    let record = match d.write {
        Write::Keep => RecordWrite::Keep,
        Write::Delete => RecordWrite::Delete,
        Write::Put(v) => RecordWrite::Put(Record::from_data(remote.id, v)?),
    };
    Ok(Plan { record, state: d.state, settled: d.settled, conflict: d.conflict, outcome: d.outcome })
}
