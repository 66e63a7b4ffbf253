//! Conflict branches: a CouchDB database written by other replicators (`new_edits=false`: PouchDB, the
//! CouchDB replicator, a cluster under partition, Cloudant across regions) can hold several leaf revisions
//! of one document and shows one of them, the winner. Each losing leaf is merged into the winner field by
//! field against the revision both descend from, so no edit is hidden; the merge is then written on the
//! winning branch and the losing leaves are deleted in the same request, and the database is back to one leaf.

use serde_json::Value;

use super::doc::{Branch, RemoteDoc, SyncState};
use super::merge::{get_path, merge3, set_path, FieldConflict};

/// A document's branches merged into one version.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    /// The merged content (`None`: every leaf is deleted).
    pub data: Option<Value>,
    /// Fields two branches changed differently: the winner's value is kept meanwhile (as `mine`), the other
    /// branch's is offered (as `theirs`).
    pub conflicts: Vec<FieldConflict>,
    /// The losing leaves, to delete once the merge is written.
    pub losers: Vec<String>,
}

/// Merges every branch of `doc` into its winner. The base of each merge is the newest revision both
/// descend from; if the remote no longer has its content, the version this device last agreed on (`known`)
/// serves when it is a common revision too (and is that revision's own content: no merge of losing leaves
/// waits in it); failing both, every field the two leaves hold differently waits for the user — never a
/// silent choice. A field changed on both branches is no conflict when one branch held the other's value
/// and changed it since (a peer going on with a branch merged into the winner before): the later change
/// is taken.
pub fn fold(doc: &RemoteDoc, known: Option<&SyncState>) -> Folded {
    let mut data = doc.data.clone();
    let mut conflicts = Vec::new();
    let mut losers = Vec::new();
    let known = known.filter(|k| k.losers.is_empty());
    for branch in &doc.branches {
        losers.push(branch.rev.clone());
        let base = branch
            .base
            .as_ref()
            .or_else(|| known.filter(|k| branch.common.contains(&k.rev)).and_then(|k| k.base.as_ref()));
        let merged = match &data {
            // Edits win over deletes.
            None => Some(branch.data.clone()),
            Some(_) => {
                let m = merge3(base, data.as_ref(), Some(&branch.data));
                let mut value = m.value;
                for c in m.conflicts {
                    match later_change(branch, &c) {
                        Some(Later::Winner) => {}
                        Some(Later::Branch) => {
                            if let Some(v) = value.as_mut() {
                                set_path(v, &c.path, c.theirs.clone());
                            }
                        }
                        None if !conflicts.iter().any(|o: &FieldConflict| o.path == c.path) => conflicts.push(c),
                        None => {}
                    }
                }
                value
            }
        };
        data = merged;
    }
    losers.sort();
    Folded { data, conflicts, losers }
}

/// Which side of a field changed on both branches changed it last.
enum Later {
    Winner,
    Branch,
}

/// The side that held the other side's value of the conflicting field and changed it since, if exactly one
/// did.
fn later_change(branch: &Branch, c: &FieldConflict) -> Option<Later> {
    let held =
        |history: &[Value], value: &Option<Value>| history.iter().any(|v| get_path(v, &c.path) == value.as_ref());
    match (held(&branch.winner_since, &c.theirs), held(&branch.since, &c.mine)) {
        (true, false) => Some(Later::Winner),
        (false, true) => Some(Later::Branch),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::doc::{DocId, Kind};
    use serde_json::json;
    use uuid::Uuid;

    fn doc(data: Value, branches: Vec<Branch>) -> RemoteDoc {
        let id = DocId::new(Kind::Customer, Uuid::from_u128(1));
        RemoteDoc { branches, ..RemoteDoc::new(id, "3-w".into(), None, Some(data)) }
    }

    fn branch(rev: &str, data: Value, base: Option<Value>) -> Branch {
        let common = vec!["1-a".into()];
        Branch { rev: rev.into(), mutation_id: None, data, common, base, since: vec![], winner_since: vec![] }
    }

    #[test]
    fn each_branch_adds_its_own_changes() {
        let base = json!({"name": "A", "city": "B", "zip": "1"});
        let d = doc(
            json!({"name": "Winner", "city": "B", "zip": "1"}),
            vec![
                branch("2-x", json!({"name": "A", "city": "Loser", "zip": "1"}), Some(base.clone())),
                branch("2-y", json!({"name": "A", "city": "B", "zip": "9"}), Some(base)),
            ],
        );
        let f = fold(&d, None);
        assert_eq!(f.data, Some(json!({"name": "Winner", "city": "Loser", "zip": "9"})));
        assert!(f.conflicts.is_empty());
        assert_eq!(f.losers, vec!["2-x", "2-y"]);
    }

    #[test]
    fn the_same_field_on_two_branches_waits_for_the_user_with_the_winner_kept() {
        let d = doc(json!({"name": "W"}), vec![branch("2-x", json!({"name": "L"}), Some(json!({"name": "A"})))]);
        let f = fold(&d, None);
        assert_eq!(f.data, Some(json!({"name": "W"})));
        assert_eq!((f.conflicts[0].mine.clone(), f.conflicts[0].theirs.clone()), (Some(json!("W")), Some(json!("L"))));
    }

    #[test]
    fn a_value_a_branch_held_and_changed_since_is_older_than_its_own() {
        let with = |since: Vec<Value>, winner_since: Vec<Value>| {
            let b = Branch {
                since,
                winner_since,
                ..branch("3-l", json!({"city": "Bremen"}), Some(json!({"city": "Berlin"})))
            };
            fold(&doc(json!({"city": "Hamburg"}), vec![b]), None)
        };
        // The branch held the winner's Hamburg (merged into the winner before), then moved on: Bremen.
        let f = with(vec![json!({"city": "Hamburg"})], vec![]);
        assert_eq!((f.data, f.conflicts.len()), (Some(json!({"city": "Bremen"})), 0));
        // The winner held the branch's Bremen, then moved on: Hamburg.
        let f = with(vec![], vec![json!({"city": "Bremen"})]);
        assert_eq!((f.data, f.conflicts.len()), (Some(json!({"city": "Hamburg"})), 0));
        // Each held the other's value at some point, or neither did (a compacted history): the user chooses.
        for (since, winner_since) in
            [(vec![json!({"city": "Hamburg"})], vec![json!({"city": "Bremen"})]), (vec![], vec![])]
        {
            let f = with(since, winner_since);
            assert_eq!((f.data, f.conflicts.len()), (Some(json!({"city": "Hamburg"})), 1));
        }
    }

    #[test]
    fn a_version_known_here_with_a_merge_waiting_in_it_is_no_base_for_a_compacted_branch() {
        let d = doc(json!({"name": "W", "city": "B"}), vec![branch("2-x", json!({"name": "A", "city": "L"}), None)]);
        let known =
            SyncState { rev: "1-a".into(), base: Some(json!({"name": "A", "city": "B"})), losers: vec!["2-y".into()] };
        let f = fold(&d, Some(&known));
        assert_eq!(f.conflicts.len(), 2, "asked, not merged against a base that is not the revision's own content");
    }

    #[test]
    fn a_compacted_ancestor_falls_back_to_the_version_this_device_knows_or_asks() {
        let d = doc(json!({"name": "W", "city": "B"}), vec![branch("2-x", json!({"name": "A", "city": "L"}), None)]);
        let known = SyncState { rev: "1-a".into(), base: Some(json!({"name": "A", "city": "B"})), losers: vec![] };
        let f = fold(&d, Some(&known));
        assert_eq!((f.data, f.conflicts.len()), (Some(json!({"name": "W", "city": "L"})), 0));
        let unrelated = SyncState { rev: "9-z".into(), ..known };
        let f = fold(&d, Some(&unrelated));
        let paths: Vec<&str> = f.conflicts.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["/city", "/name"], "with no common base every differing field is asked");
    }
}
