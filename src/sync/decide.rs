//! What to do with a document version that came from the remote, given what this device holds: take it,
//! recognise it as this device's own push, merge it with pending local edits, or record a conflict. Pure, so
//! every store applies the same rules inside its own transaction.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::doc::{DocId, RemoteDoc, SyncState};
use super::merge::{get_path, merge3, FieldConflict};
use crate::domain::timestamp::Timestamp;

/// Fields of one document that both sides changed, waiting for the user (shown on `/sync`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: DocId,
    /// What the user knows the record by (the company name).
    pub label: String,
    pub fields: Vec<FieldConflict>,
    pub detected_at: Timestamp,
}

/// This device's side of one document, read inside the transaction that applies the decision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalDoc {
    /// The record as it is now (`None`: absent or deleted).
    pub data: Option<Value>,
    pub state: Option<SyncState>,
    /// Outbox entries of this document not pushed yet, oldest first.
    pub pending: Vec<Uuid>,
    /// An open conflict of this document.
    pub conflict: Option<Conflict>,
}

/// What happens to the local record.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// Leave it as it is.
    Keep,
    /// Store the remote's content as it came (it has content).
    Theirs,
    /// Store this content (a merge).
    Put(Value),
    /// Remove it (the remote deleted it and nothing local is pending).
    Delete,
}

/// How a remote version was handled, for the sync report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Already known (same revision).
    Unchanged,
    /// Taken as it is: no local edits were pending.
    Taken,
    /// This device's own push, whose answer was lost: the pending edits it carried are settled.
    Acknowledged,
    /// Merged with pending local edits, field by field, without conflict.
    Merged,
    /// Both sides changed the same field: a conflict waits for the user.
    Conflicted,
}

/// The decision for one remote version.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub write: Write,
    /// The new sync state (`None`: unchanged).
    pub state: Option<SyncState>,
    /// Outbox entries settled by this version.
    pub settled: Vec<Uuid>,
    /// The document's conflict after this version: `Some` to store, `None` to clear.
    pub conflict: Option<Conflict>,
    pub outcome: Outcome,
}

/// Decides what to do with `remote` given `local`. `label` names the record for a conflict; `now` dates it.
pub fn decide(local: &LocalDoc, remote: &RemoteDoc, label: &str, now: Timestamp) -> Decision {
    let state = || Some(SyncState::at(remote.rev.clone(), remote.data.clone()));
    // Known: the same revision with the same content (merged branches are written on the winner's revision).
    if local.state.as_ref().is_some_and(|s| s.rev == remote.rev && s.base == remote.data) {
        return Decision {
            write: Write::Keep,
            state: None,
            settled: vec![],
            conflict: local.conflict.clone(),
            outcome: Outcome::Unchanged,
        };
    }
    // Our own push coming back: everything up to the change it carried is settled.
    if let Some(pos) = remote.mutation_id.and_then(|m| local.pending.iter().position(|p| *p == m)) {
        let settled = local.pending[..=pos].to_vec();
        let later_edits = pos + 1 < local.pending.len();
        let write = if later_edits || local.data == remote.data { Write::Keep } else { to_write(remote) };
        return Decision {
            write,
            state: state(),
            settled,
            conflict: local.conflict.clone(),
            outcome: Outcome::Acknowledged,
        };
    }
    if local.pending.is_empty() && local.conflict.is_none() {
        return Decision {
            write: to_write(remote),
            state: state(),
            settled: vec![],
            conflict: None,
            outcome: Outcome::Taken,
        };
    }
    let base = local.state.as_ref().and_then(|s| s.base.as_ref());
    match (&local.data, &remote.data) {
        // Edits win over deletes: a remote tombstone does not remove a record edited here (pushing it again
        // brings it back), and a local delete gives way to an edit made elsewhere.
        (Some(_), None) => {
            Decision { write: Write::Keep, state: state(), settled: vec![], conflict: None, outcome: Outcome::Merged }
        }
        (None, Some(_)) => Decision {
            write: Write::Theirs,
            state: state(),
            settled: local.pending.clone(),
            conflict: None,
            outcome: Outcome::Merged,
        },
        (None, None) => Decision {
            write: Write::Keep,
            state: state(),
            settled: local.pending.clone(),
            conflict: None,
            outcome: Outcome::Merged,
        },
        (Some(mine), Some(theirs)) => {
            let merged = merge3(base, Some(mine), Some(theirs));
            let fields = combine(local.conflict.as_ref(), merged.conflicts, merged.value.as_ref(), theirs);
            // The remote holds exactly what this device has: nothing is left to push.
            let up_to_date = fields.is_empty() && merged.value.as_ref() == Some(theirs);
            let write = match merged.value {
                Some(v) if Some(&v) != local.data.as_ref() => Write::Put(v),
                _ => Write::Keep,
            };
            let conflict = (!fields.is_empty()).then(|| Conflict {
                id: remote.id,
                label: label.to_string(),
                fields,
                detected_at: local.conflict.as_ref().map(|c| c.detected_at).unwrap_or(now),
            });
            let outcome = if conflict.is_some() { Outcome::Conflicted } else { Outcome::Merged };
            let settled = if up_to_date { local.pending.clone() } else { vec![] };
            Decision { write, state: state(), settled, conflict, outcome }
        }
    }
}

/// The remote's version as the write: its content, or a delete for a tombstone.
fn to_write(remote: &RemoteDoc) -> Write {
    if remote.data.is_some() {
        Write::Theirs
    } else {
        Write::Delete
    }
}

/// Fields of an open conflict that are still unresolved, with the new ones (a newer field replaces an older
/// one at the same path; one whose local value now equals the remote's is gone).
fn combine(
    open: Option<&Conflict>,
    new: Vec<FieldConflict>,
    merged: Option<&Value>,
    theirs: &Value,
) -> Vec<FieldConflict> {
    let mut fields: Vec<FieldConflict> = open
        .map(|c| c.fields.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|old| !new.iter().any(|n| n.path == old.path))
        .filter(|old| merged.and_then(|m| get_path(m, &old.path)) != get_path(theirs, &old.path))
        .collect();
    fields.extend(new);
    fields.sort_by(|a, b| a.path.cmp(&b.path));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::doc::Kind;
    use serde_json::json;

    fn id() -> DocId {
        DocId::new(Kind::Customer, Uuid::from_u128(1))
    }

    fn remote(rev: &str, data: Option<Value>, mutation: Option<Uuid>) -> RemoteDoc {
        RemoteDoc::new(id(), rev.into(), mutation, data)
    }

    fn synced(rev: &str, data: Value) -> LocalDoc {
        LocalDoc { data: Some(data.clone()), state: Some(SyncState::at(rev.into(), Some(data))), ..LocalDoc::default() }
    }

    #[test]
    fn a_known_revision_changes_nothing() {
        let d = decide(&synced("1-a", json!({"a": 1})), &remote("1-a", Some(json!({"a": 1})), None), "", Timestamp(0));
        assert_eq!((d.write, d.state, d.outcome), (Write::Keep, None, Outcome::Unchanged));
    }

    #[test]
    fn without_pending_edits_the_remote_version_is_taken_and_becomes_the_base() {
        let d = decide(&synced("1-a", json!({"a": 1})), &remote("2-b", Some(json!({"a": 2})), None), "", Timestamp(0));
        assert_eq!(d.write, Write::Theirs);
        assert_eq!(d.state.unwrap().base, Some(json!({"a": 2})));
        let gone = decide(&synced("1-a", json!({"a": 1})), &remote("2-b", None, None), "", Timestamp(0));
        assert_eq!(gone.write, Write::Delete);
    }

    #[test]
    fn our_own_push_coming_back_settles_its_changes_but_not_later_ones() {
        let (m1, m2, m3) = (Uuid::from_u128(11), Uuid::from_u128(12), Uuid::from_u128(13));
        let local = LocalDoc { data: Some(json!({"a": 3})), pending: vec![m1, m2, m3], ..LocalDoc::default() };
        let d = decide(&local, &remote("1-x", Some(json!({"a": 2})), Some(m2)), "", Timestamp(0));
        assert_eq!((d.settled, d.write, d.outcome), (vec![m1, m2], Write::Keep, Outcome::Acknowledged));
        assert_eq!(d.state.unwrap().rev, "1-x");
    }

    #[test]
    fn pending_edits_merge_with_remote_changes_to_other_fields() {
        let mut local = synced("1-a", json!({"name": "A", "city": "B"}));
        local.data = Some(json!({"name": "Mine", "city": "B"}));
        local.pending = vec![Uuid::from_u128(5)];
        let d = decide(&local, &remote("2-b", Some(json!({"name": "A", "city": "Theirs"})), None), "A", Timestamp(0));
        assert_eq!(d.write, Write::Put(json!({"name": "Mine", "city": "Theirs"})));
        assert_eq!((d.outcome, d.conflict, d.settled.len()), (Outcome::Merged, None, 0));
    }

    #[test]
    fn the_same_field_on_both_sides_opens_a_conflict_and_a_later_agreement_closes_it() {
        let mut local = synced("1-a", json!({"name": "A"}));
        local.data = Some(json!({"name": "Mine"}));
        local.pending = vec![Uuid::from_u128(5)];
        let d = decide(&local, &remote("2-b", Some(json!({"name": "Theirs"})), None), "Contoso", Timestamp(9));
        let conflict = d.conflict.clone().unwrap();
        assert_eq!((conflict.label.as_str(), conflict.fields[0].path.as_str()), ("Contoso", "/name"));
        assert_eq!((d.write, d.outcome), (Write::Keep, Outcome::Conflicted));
        // Another device then sets the same value as ours: nothing left to decide.
        let later = LocalDoc { state: d.state, conflict: Some(conflict), ..local };
        let d2 = decide(&later, &remote("3-c", Some(json!({"name": "Mine"})), None), "Contoso", Timestamp(10));
        assert_eq!((d2.conflict, d2.outcome), (None, Outcome::Merged));
    }

    #[test]
    fn edits_win_over_deletes_on_either_side() {
        let mut local = synced("1-a", json!({"a": 1}));
        local.data = Some(json!({"a": 2}));
        local.pending = vec![Uuid::from_u128(5)];
        let d = decide(&local, &remote("2-b", None, None), "", Timestamp(0));
        assert_eq!((d.write, d.settled.len()), (Write::Keep, 0));
        let deleted_here = LocalDoc { data: None, pending: vec![Uuid::from_u128(6)], ..synced("1-a", json!({"a": 1})) };
        let d = decide(&deleted_here, &remote("2-b", Some(json!({"a": 7})), None), "", Timestamp(0));
        assert_eq!((d.write, d.settled), (Write::Theirs, vec![Uuid::from_u128(6)]));
    }
}
