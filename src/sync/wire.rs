//! How documents look on the wire. CouchDB: `{_id, _rev, kind, mutation_id, data}` (a tombstone:
//! `{_id, _rev, _deleted: true, mutation_id}`). The HTTP protocol (docs/SYNC-HTTP.md):
//! `{id, rev, deleted, mutation_id, data}` with revisions `<generation>-<mutation id>` made by the client.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::content::Content;
use super::doc::{Ancestor, Body, DocId, RemoteDoc};
use super::held::{Reason, Unusable};
use super::remote::PushDoc;
use crate::domain::tagged::{need, TaggedError};

/// A CouchDB document as a push writes it: the document, or the tombstone of a losing leaf.
#[derive(Debug, Serialize)]
pub struct CouchWrite<'a> {
    #[serde(rename = "_id")]
    id: String,
    #[serde(rename = "_rev", skip_serializing_if = "Option::is_none")]
    rev: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mutation_id: Option<Uuid>,
    /// The content, written as the store keeps it (text is not parsed again).
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Content>,
    #[serde(rename = "_deleted", skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
}

/// The CouchDB documents for a push: the document, then a tombstone for each losing leaf it merged.
pub fn to_couch(push: &PushDoc) -> Vec<CouchWrite<'_>> {
    let doc = CouchWrite {
        id: push.id.to_string(),
        rev: push.assumed.as_ref().map(|(rev, _)| rev.as_str()),
        kind: Some(push.id.kind.prefix()),
        mutation_id: Some(push.mutation_id),
        data: push.data.as_ref(),
        deleted: push.data.is_none(),
    };
    let losers = push.losers.iter().map(|rev| CouchWrite {
        id: push.id.to_string(),
        rev: Some(rev),
        kind: None,
        mutation_id: None,
        data: None,
        deleted: true,
    });
    std::iter::once(doc).chain(losers).collect()
}

/// What a CouchDB document is to this app.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    /// A version of one of its records (or a tombstone).
    Doc(RemoteDoc),
    /// A document it cannot take, with the reason.
    Unusable(Unusable),
    /// Not data: a design or local document, or another app's deleted one.
    Ignored,
}

/// Reads a CouchDB document (as `_changes?include_docs=true`, `_all_docs` or `_bulk_get` give it). Only
/// `_deleted: true` deletes; `kind` must match the id's prefix; a live document needs `data`.
pub fn from_couch(mut doc: Value) -> Read {
    let text = |key: &str| doc.get(key).and_then(Value::as_str).map(String::from);
    let (Some(id), Some(rev)) = (text("_id"), text("_rev")) else {
        return Read::Ignored;
    };
    if id.starts_with('_') {
        return Read::Ignored;
    }
    let kind = text("kind");
    let mutation_id = doc.get("mutation_id").and_then(Value::as_str).and_then(|m| Uuid::parse_str(m).ok());
    let deleted = doc.get("_deleted").and_then(Value::as_bool) == Some(true);
    let unusable = |reason| Read::Unusable(Unusable { id: id.clone(), rev: rev.clone(), reason });
    let Some(doc_id) = DocId::parse(&id) else {
        let claimed = kind.as_deref().or_else(|| id.split_once(':').map(|(prefix, _)| prefix)).unwrap_or_default();
        return unusable(Reason::UnknownKind { kind: claimed.to_string() });
    };
    if deleted {
        return Read::Doc(RemoteDoc::new(doc_id, rev, mutation_id, None));
    }
    if kind.as_deref() != Some(doc_id.kind.prefix()) {
        return unusable(Reason::KindMismatch { kind: kind.unwrap_or_default() });
    }
    // The content is taken out of the document, not copied.
    match doc.get_mut("data").map(Value::take) {
        None | Some(Value::Null) => unusable(Reason::NoContent),
        Some(data) => Read::Doc(RemoteDoc::new(doc_id, rev, mutation_id, Some(data))),
    }
}

/// A CouchDB document's revision history (`_revisions`, as `revs=true` gives it), newest first.
pub fn revisions(doc: &Value) -> Vec<String> {
    let Some(r) = doc.get("_revisions") else { return Vec::new() };
    let start = r.get("start").and_then(Value::as_u64).unwrap_or(0);
    let ids = r.get("ids").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    ids.iter()
        .enumerate()
        .filter_map(|(i, hash)| Some(format!("{}-{}", start.checked_sub(i as u64)?, hash.as_str()?)))
        .collect()
}

/// The revisions in both histories, newest first.
pub fn common(one: &[String], other: &[String]) -> Vec<String> {
    one.iter().filter(|r| other.contains(r)).cloned().collect()
}

/// The revisions of a leaf after the newest it shares with another whose contents are read, at most.
const SINCE_READ: usize = 10;

/// The revisions of `history` (a leaf's, newest first) after the leaf itself and before the first of `common`
/// (its own edits since the revision it shares with another leaf), at most [`SINCE_READ`].
pub fn own_since(history: &[String], common: &[String]) -> Vec<String> {
    history.iter().skip(1).take_while(|r| !common.contains(r)).take(SINCE_READ).cloned().collect()
}

/// A document of the HTTP protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpDoc {
    /// `<kind>:<uuid>`; other ids are other apps' documents.
    pub id: String,
    pub rev: String,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub mutation_id: Option<Uuid>,
    #[serde(default)]
    pub data: Option<Value>,
}

impl HttpDoc {
    /// What this document is to the app (as [`from_couch`] says of a CouchDB one). Only `deleted: true`
    /// deletes; a deleted document of a kind the app does not know is not worth a word.
    pub fn read(self) -> Read {
        let unusable = |reason| Read::Unusable(Unusable { id: self.id.clone(), rev: self.rev.clone(), reason });
        let Some(id) = DocId::parse(&self.id) else {
            if self.deleted {
                return Read::Ignored;
            }
            let kind = self.id.split_once(':').map(|(k, _)| k).unwrap_or_default().to_string();
            return unusable(Reason::UnknownKind { kind });
        };
        match body(self.deleted, self.data) {
            Body::Sent(data) => Read::Doc(RemoteDoc::new(id, self.rev, self.mutation_id, data)),
            Body::Unsent => unusable(Reason::NoContent),
        }
    }
}

/// What a document of the protocol holds: only `deleted: true` deletes (whatever `data` says), and a live
/// document whose `data` is missing or `null` came without its content.
fn body(deleted: bool, data: Option<Value>) -> Body {
    match (deleted, data) {
        (true, _) => Body::Sent(None),
        (false, None | Some(Value::Null)) => Body::Unsent,
        (false, Some(data)) => Body::Sent(Some(data)),
    }
}

/// The states of a conflict answer's `earlier` as [`RemoteDoc::ancestors`], at most [`SINCE_READ`]; a live
/// state without `data` is one whose content the server did not keep.
pub fn ancestors(earlier: Vec<HttpDoc>) -> Vec<Ancestor> {
    let ancestor = |d: HttpDoc| Ancestor { mutation_id: d.mutation_id, body: body(d.deleted, d.data) };
    earlier.into_iter().take(SINCE_READ).map(ancestor).collect()
}

impl From<&RemoteDoc> for HttpDoc {
    fn from(d: &RemoteDoc) -> HttpDoc {
        HttpDoc {
            id: d.id.to_string(),
            rev: d.rev.clone(),
            deleted: d.deleted(),
            mutation_id: d.mutation_id,
            data: d.data.clone(),
        }
    }
}

/// One row of an HTTP push: the version the client builds on (`None` for a new document) and the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRow {
    pub assumed_master_state: Option<HttpDoc>,
    pub new_document_state: HttpDoc,
}

/// The answer to an HTTP pull: documents changed after the checkpoint, where to continue, and whether
/// more follow right away (said, never guessed from the page size).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullAnswer {
    pub documents: Vec<HttpDoc>,
    pub checkpoint: Value,
    pub more: bool,
}

/// What the server did with one push row, in the order of the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "OutcomeSent")]
pub enum PushOutcome {
    /// Stored as the document's current state.
    Stored { id: String },
    /// Not stored: the server holds another state, sent along with the states it stored before that one
    /// since the state the row assumed (newest first), so a device finds its own push whose answer was
    /// lost even after another device changed the document again.
    Conflict {
        id: String,
        current: HttpDoc,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        earlier: Vec<HttpDoc>,
    },
    /// Not stored: the row assumed a state, but the server has no such document.
    Missing { id: String },
    /// Not stored, and the server says why (a malformed row, a rule of the server).
    Rejected { id: String, reason: String },
}

/// An outcome as the server sends it: the tag `status` beside the fields of every outcome.
#[derive(Deserialize)]
struct OutcomeSent {
    status: String,
    id: String,
    current: Option<HttpDoc>,
    #[serde(default)]
    earlier: Vec<HttpDoc>,
    reason: Option<String>,
}

impl TryFrom<OutcomeSent> for PushOutcome {
    type Error = TaggedError;

    fn try_from(s: OutcomeSent) -> Result<PushOutcome, TaggedError> {
        let id = s.id;
        Ok(match s.status.as_str() {
            "stored" => PushOutcome::Stored { id },
            "conflict" => PushOutcome::Conflict { id, current: need(s.current, "current")?, earlier: s.earlier },
            "missing" => PushOutcome::Missing { id },
            "rejected" => PushOutcome::Rejected { id, reason: need(s.reason, "reason")? },
            other => return Err(TaggedError::UnknownTag(other.to_string())),
        })
    }
}

impl PushOutcome {
    /// The document the outcome is about.
    pub fn id(&self) -> &str {
        match self {
            PushOutcome::Stored { id }
            | PushOutcome::Conflict { id, .. }
            | PushOutcome::Missing { id }
            | PushOutcome::Rejected { id, .. } => id,
        }
    }
}

/// The answer to an HTTP push: one outcome per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushAnswer {
    pub results: Vec<PushOutcome>,
}

/// What `GET {base}/info` says of the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// The protocol version the server speaks.
    pub protocol: u32,
    /// Names the server's store of documents; a new value means the documents are not the ones this
    /// device synced with (the store was lost or replaced), and sync starts over.
    pub instance: String,
    /// How many documents it holds, if it can tell (the first sync's progress bar).
    #[serde(default)]
    pub documents: Option<u64>,
}

/// The protocol version this app speaks.
pub const HTTP_PROTOCOL: u32 = 2;

/// The generation of a revision `<generation>-<anything>` (0 when it has none).
pub fn generation(rev: &str) -> u64 {
    rev.split_once('-').and_then(|(g, _)| g.parse().ok()).unwrap_or(0)
}

/// The HTTP push row for `push`: the client makes the new revision, one generation after the assumed one.
pub fn push_row(push: &PushDoc) -> Result<PushRow, serde_json::Error> {
    let assumed = push.assumed.as_ref().map(|(rev, base)| HttpDoc {
        id: push.id.to_string(),
        rev: rev.clone(),
        deleted: base.is_none(),
        mutation_id: None,
        data: base.clone(),
    });
    let next = assumed.as_ref().map(|a| generation(&a.rev)).unwrap_or(0) + 1;
    Ok(PushRow {
        new_document_state: HttpDoc {
            id: push.id.to_string(),
            rev: format!("{next}-{}", push.mutation_id.simple()),
            deleted: push.data.is_none(),
            mutation_id: Some(push.mutation_id),
            data: push.data.as_ref().map(Content::to_value).transpose()?,
        },
        assumed_master_state: assumed,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sync::doc::Kind;

    fn push(data: Option<Value>, assumed: Option<(&str, Option<Value>)>) -> PushDoc {
        PushDoc {
            id: DocId::new(Kind::Customer, Uuid::from_u128(1)),
            mutation_id: Uuid::from_u128(2),
            data: data.map(Content::from),
            assumed: assumed.map(|(r, b)| (r.to_string(), b)),
            losers: vec![],
        }
    }

    fn read(doc: Value) -> RemoteDoc {
        match from_couch(doc) {
            Read::Doc(d) => d,
            other => panic!("not a document: {other:?}"),
        }
    }

    fn reason(doc: Value) -> Reason {
        match from_couch(doc) {
            Read::Unusable(u) => u.reason,
            other => panic!("not unusable: {other:?}"),
        }
    }

    #[test]
    fn couch_documents_round_trip_and_design_documents_are_ignored() {
        let couch = |p: &PushDoc| serde_json::to_value(&to_couch(p)[0]).unwrap();
        let doc = couch(&push(Some(json!({"a": 1})), Some(("3-x", None))));
        assert_eq!(doc["_rev"], "3-x");
        assert_eq!(doc["kind"], "customer");
        let mut stored = doc.clone();
        stored["_rev"] = json!("4-y");
        let back = read(stored);
        assert_eq!(
            (back.rev.as_str(), back.data, back.mutation_id),
            ("4-y", Some(json!({"a": 1})), Some(Uuid::from_u128(2)))
        );
        let tombstone = couch(&push(None, Some(("4-y", Some(json!({}))))));
        assert_eq!(tombstone["_deleted"], true);
        assert!(tombstone.get("data").is_none());
        assert_eq!(from_couch(json!({"_id": "_design/x", "_rev": "1-a"})), Read::Ignored);
        assert_eq!(read(json!({"_id": tombstone["_id"], "_rev": "5-z", "_deleted": true})).data, None);
    }

    #[test]
    fn content_kept_as_text_goes_into_the_request_as_it_is_stored() {
        let mut p = push(None, None);
        p.data = Some(Content::from_text(r#"{"z":1,"a":[2]}"#.into()).unwrap());
        let body = serde_json::to_string(&to_couch(&p)).unwrap();
        assert!(body.ends_with(r#","data":{"z":1,"a":[2]}}]"#), "{body}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()[0]["data"], json!({"a": [2], "z": 1}));
    }

    #[test]
    fn a_push_deletes_the_losing_leaves_it_merged_in_the_same_request() {
        let mut p = push(Some(json!({"a": 1})), Some(("3-w", Some(json!({})))));
        p.losers = vec!["3-l".into()];
        let docs = serde_json::to_value(to_couch(&p)).unwrap();
        assert_eq!(docs.as_array().unwrap().len(), 2);
        assert_eq!(docs[1], json!({"_id": p.id.to_string(), "_rev": "3-l", "_deleted": true}));
    }

    #[test]
    fn http_documents_and_push_outcomes_read_as_the_protocol_writes_them() {
        let id = DocId::new(Kind::Customer, Uuid::from_u128(1)).to_string();
        let live =
            HttpDoc { id: id.clone(), rev: "1-a".into(), deleted: false, mutation_id: None, data: Some(json!({})) };
        assert!(matches!(live.clone().read(), Read::Doc(d) if d.data == Some(json!({}))));
        let empty = HttpDoc { data: None, ..live.clone() };
        assert!(matches!(empty.read(), Read::Unusable(Unusable { reason: Reason::NoContent, .. })));
        let gone = HttpDoc { deleted: true, data: Some(json!({"stale": 1})), ..live.clone() };
        assert!(matches!(gone.read(), Read::Doc(d) if d.data.is_none()), "deleted: true deletes, whatever data says");
        let foreign = HttpDoc { id: "invoice:7".into(), ..live.clone() };
        assert!(matches!(foreign.clone().read(), Read::Unusable(Unusable { reason: Reason::UnknownKind { .. }, .. })));
        assert_eq!(HttpDoc { deleted: true, ..foreign }.read(), Read::Ignored);
        let answer: PushAnswer = serde_json::from_value(json!({"results": [
            {"id": "a", "status": "stored"},
            {"id": "b", "status": "conflict", "current": {"id": id, "rev": "2-b"}},
            {"id": "c", "status": "missing"},
            {"id": "d", "status": "rejected", "reason": "too long"}
        ]}))
        .unwrap();
        assert_eq!(answer.results.iter().map(PushOutcome::id).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        assert!(matches!(&answer.results[1], PushOutcome::Conflict { earlier, .. } if earlier.is_empty()));
    }

    #[test]
    fn a_conflicts_earlier_states_are_its_ancestors_newest_first_with_or_without_their_contents() {
        let id = DocId::new(Kind::Customer, Uuid::from_u128(1)).to_string();
        let (m2, m3) = (Uuid::from_u128(2), Uuid::from_u128(3));
        let answer: PushAnswer = serde_json::from_value(json!({"results": [
            {"id": id, "status": "conflict", "current": {"id": id, "rev": "4-d", "data": {"city": "D"}},
             "earlier": [
                {"id": id, "rev": "3-c", "mutation_id": m3, "data": {"city": "C"}},
                {"id": id, "rev": "2-x", "data": null},
                {"id": id, "rev": "2-b", "mutation_id": m2, "deleted": true}
             ]}
        ]}))
        .unwrap();
        let PushOutcome::Conflict { earlier, .. } = answer.results[0].clone() else { panic!("a conflict") };
        assert_eq!(
            ancestors(earlier),
            [
                Ancestor { mutation_id: Some(m3), body: Body::Sent(Some(json!({"city": "C"}))) },
                Ancestor { mutation_id: None, body: Body::Unsent },
                Ancestor { mutation_id: Some(m2), body: Body::Sent(None) }
            ]
        );
        assert!(
            serde_json::from_value::<PullAnswer>(json!({"documents": [], "checkpoint": null})).is_err(),
            "`more` is required"
        );
    }

    #[test]
    fn histories_name_every_revision_and_the_common_ones() {
        let winner = revisions(&json!({"_revisions": {"start": 3, "ids": ["w", "b", "a"]}}));
        assert_eq!(winner, ["3-w", "2-b", "1-a"]);
        let loser = revisions(&json!({"_revisions": {"start": 3, "ids": ["l", "b", "a"]}}));
        assert_eq!(common(&loser, &winner), ["2-b", "1-a"]);
        assert!(revisions(&json!({})).is_empty());
    }

    #[test]
    fn only_deleted_deletes_and_foreign_documents_say_what_is_wrong() {
        let id = DocId::new(Kind::Customer, Uuid::from_u128(1)).to_string();
        assert_eq!(reason(json!({"_id": id, "_rev": "2-a", "kind": "customer"})), Reason::NoContent);
        assert_eq!(reason(json!({"_id": id, "_rev": "2-a", "kind": "customer", "data": null})), Reason::NoContent);
        assert_eq!(
            reason(json!({"_id": id, "_rev": "2-a", "kind": "invoice", "data": {}})),
            Reason::KindMismatch { kind: "invoice".into() }
        );
        assert_eq!(
            reason(json!({"_id": "invoice:00000000-0000-0000-0000-000000000001", "_rev": "1-a", "data": {}})),
            Reason::UnknownKind { kind: "invoice".into() }
        );
        assert_eq!(
            reason(json!({"_id": "x17", "_rev": "1-a", "kind": "note"})),
            Reason::UnknownKind { kind: "note".into() }
        );
    }

    #[test]
    fn http_push_rows_carry_the_assumed_state_and_the_next_generation() {
        let first = push_row(&push(Some(json!({"a": 1})), None)).unwrap();
        assert_eq!(first.assumed_master_state, None);
        assert_eq!(first.new_document_state.rev, format!("1-{}", Uuid::from_u128(2).simple()));
        let next = push_row(&push(Some(json!({"a": 2})), Some(("7-abc", Some(json!({"a": 1})))))).unwrap();
        assert_eq!(next.assumed_master_state.unwrap().data, Some(json!({"a": 1})));
        assert!(next.new_document_state.rev.starts_with("8-"));
        let text = serde_json::to_value(&first).unwrap();
        assert!(text.get("newDocumentState").is_some() && text.get("assumedMasterState").is_some());
        assert_eq!(generation("junk"), 0);
    }
}
