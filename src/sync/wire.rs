//! How documents look on the wire. CouchDB: `{_id, _rev, kind, mutation_id, data}` (a tombstone:
//! `{_id, _rev, _deleted: true, mutation_id}`). The HTTP protocol (docs/SYNC-HTTP.md):
//! `{id, rev, deleted, mutation_id, data}` with revisions `<generation>-<mutation id>` made by the client.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::doc::{DocId, RemoteDoc};
use super::remote::PushDoc;

/// The CouchDB document for a push.
pub fn to_couch(push: &PushDoc) -> Value {
    let mut doc = Map::new();
    doc.insert("_id".into(), json!(push.id.to_string()));
    if let Some((rev, _)) = &push.assumed {
        doc.insert("_rev".into(), json!(rev));
    }
    doc.insert("kind".into(), json!(push.id.kind.prefix()));
    doc.insert("mutation_id".into(), json!(push.mutation_id));
    match &push.data {
        Some(data) => drop(doc.insert("data".into(), data.clone())),
        None => drop(doc.insert("_deleted".into(), json!(true))),
    }
    Value::Object(doc)
}

/// A CouchDB document (as `_changes?include_docs=true` or `_all_docs` give it) as a remote version; `None`
/// for documents this app does not own (design documents, other apps' data) or without a revision.
pub fn from_couch(doc: &Value) -> Option<RemoteDoc> {
    let id = DocId::parse(doc.get("_id")?.as_str()?)?;
    let rev = doc.get("_rev")?.as_str()?.to_string();
    let deleted = doc.get("_deleted").and_then(Value::as_bool).unwrap_or(false);
    let mutation_id = doc.get("mutation_id").and_then(Value::as_str).and_then(|m| Uuid::parse_str(m).ok());
    let data = if deleted { None } else { doc.get("data").cloned() };
    Some(RemoteDoc { id, rev, mutation_id, data })
}

/// A document of the HTTP protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpDoc {
    pub id: DocId,
    pub rev: String,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub mutation_id: Option<Uuid>,
    #[serde(default)]
    pub data: Option<Value>,
}

impl From<HttpDoc> for RemoteDoc {
    fn from(d: HttpDoc) -> RemoteDoc {
        RemoteDoc { id: d.id, rev: d.rev, mutation_id: d.mutation_id, data: if d.deleted { None } else { d.data } }
    }
}

impl From<&RemoteDoc> for HttpDoc {
    fn from(d: &RemoteDoc) -> HttpDoc {
        HttpDoc { id: d.id, rev: d.rev.clone(), deleted: d.deleted(), mutation_id: d.mutation_id, data: d.data.clone() }
    }
}

/// One row of an HTTP push: the version the client builds on (`None` for a new document) and the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRow {
    pub assumed_master_state: Option<HttpDoc>,
    pub new_document_state: HttpDoc,
}

/// The answer to an HTTP pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullAnswer {
    pub documents: Vec<HttpDoc>,
    pub checkpoint: Value,
}

/// The generation of a revision `<generation>-<anything>` (0 when it has none).
pub fn generation(rev: &str) -> u64 {
    rev.split_once('-').and_then(|(g, _)| g.parse().ok()).unwrap_or(0)
}

/// The HTTP push row for `push`: the client makes the new revision, one generation after the assumed one.
pub fn push_row(push: &PushDoc) -> PushRow {
    let assumed = push.assumed.as_ref().map(|(rev, base)| HttpDoc {
        id: push.id,
        rev: rev.clone(),
        deleted: base.is_none(),
        mutation_id: None,
        data: base.clone(),
    });
    let next = assumed.as_ref().map(|a| generation(&a.rev)).unwrap_or(0) + 1;
    PushRow {
        new_document_state: HttpDoc {
            id: push.id,
            rev: format!("{next}-{}", push.mutation_id.simple()),
            deleted: push.data.is_none(),
            mutation_id: Some(push.mutation_id),
            data: push.data.clone(),
        },
        assumed_master_state: assumed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::doc::Kind;

    fn push(data: Option<Value>, assumed: Option<(&str, Option<Value>)>) -> PushDoc {
        PushDoc {
            id: DocId::new(Kind::Customer, Uuid::from_u128(1)),
            mutation_id: Uuid::from_u128(2),
            data,
            assumed: assumed.map(|(r, b)| (r.to_string(), b)),
        }
    }

    #[test]
    fn couch_documents_round_trip_and_foreign_ones_are_skipped() {
        let doc = to_couch(&push(Some(json!({"a": 1})), Some(("3-x", None))));
        assert_eq!(doc["_rev"], "3-x");
        assert_eq!(doc["kind"], "customer");
        let mut stored = doc.clone();
        stored["_rev"] = json!("4-y");
        let back = from_couch(&stored).unwrap();
        assert_eq!(
            (back.rev.as_str(), back.data, back.mutation_id),
            ("4-y", Some(json!({"a": 1})), Some(Uuid::from_u128(2)))
        );
        let tombstone = to_couch(&push(None, Some(("4-y", Some(json!({}))))));
        assert_eq!(tombstone["_deleted"], true);
        assert!(tombstone.get("data").is_none());
        assert_eq!(from_couch(&json!({"_id": "_design/x", "_rev": "1-a"})), None);
        assert_eq!(from_couch(&json!({"_id": tombstone["_id"], "_rev": "5-z", "_deleted": true})).unwrap().data, None);
    }

    #[test]
    fn http_push_rows_carry_the_assumed_state_and_the_next_generation() {
        let first = push_row(&push(Some(json!({"a": 1})), None));
        assert_eq!(first.assumed_master_state, None);
        assert_eq!(first.new_document_state.rev, format!("1-{}", Uuid::from_u128(2).simple()));
        let next = push_row(&push(Some(json!({"a": 2})), Some(("7-abc", Some(json!({"a": 1}))))));
        assert_eq!(next.assumed_master_state.unwrap().data, Some(json!({"a": 1})));
        assert!(next.new_document_state.rev.starts_with("8-"));
        let text = serde_json::to_value(&first).unwrap();
        assert!(text.get("newDocumentState").is_some() && text.get("assumedMasterState").is_some());
        assert_eq!(generation("junk"), 0);
    }
}
