//! Documents as they travel between this device and a remote: one per record, named `<kind>:<uuid>`, with
//! the revision the remote gave it and the id of the change that wrote it.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::content::Content;
use crate::domain::outbox::Entity;

/// What kind of record a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A customer account.
    Customer,
    /// A reseller relationship request.
    Request,
    /// One line of the activity log (written once, never changed).
    Activity,
    /// A referral (new, active, won, …).
    Referral,
    /// An indirect provider.
    Provider,
    /// One region's business profile.
    Profile,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] =
        [Kind::Customer, Kind::Request, Kind::Activity, Kind::Referral, Kind::Provider, Kind::Profile];

    /// The prefix of this kind's document ids.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Customer => "customer",
            Kind::Request => "request",
            Kind::Activity => "activity",
            Kind::Referral => "referral",
            Kind::Provider => "provider",
            Kind::Profile => "profile",
        }
    }

    /// The outbox's name for records of this kind (the inverse of [`Kind::of`]).
    pub fn entity(self) -> Entity {
        match self {
            Kind::Customer => Entity::Customer,
            Kind::Request => Entity::RelationshipRequest,
            Kind::Activity => Entity::Activity,
            Kind::Referral => Entity::Referral,
            Kind::Provider => Entity::Provider,
            Kind::Profile => Entity::BusinessProfile,
        }
    }

    /// The kind of the records an outbox entry is about.
    pub fn of(entity: Entity) -> Kind {
        match entity {
            Entity::Customer => Kind::Customer,
            Entity::RelationshipRequest => Kind::Request,
            Entity::Activity => Kind::Activity,
            Entity::Referral => Kind::Referral,
            Entity::Provider => Kind::Provider,
            Entity::BusinessProfile => Kind::Profile,
        }
    }
}

/// A document id: the kind and the record's id, written `customer:6f1c…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub kind: Kind,
    pub id: Uuid,
}

impl DocId {
    /// The id of record `id` of `kind`.
    pub fn new(kind: Kind, id: Uuid) -> DocId {
        DocId { kind, id }
    }

    /// Reads `customer:<uuid>`; `None` for ids this app does not own (design documents, other apps' data).
    pub fn parse(text: &str) -> Option<DocId> {
        let (prefix, id) = text.split_once(':')?;
        let kind = Kind::ALL.into_iter().find(|k| k.prefix() == prefix)?;
        Some(DocId { kind, id: Uuid::parse_str(id).ok()? })
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.prefix(), self.id)
    }
}

impl Serialize for DocId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DocId, D::Error> {
        let text = String::deserialize(d)?;
        DocId::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a document id: {text}")))
    }
}

/// A version of a document as the remote holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteDoc {
    pub id: DocId,
    /// The remote's revision of this version (opaque).
    pub rev: String,
    /// The change that wrote this version, so a device recognises its own push coming back.
    #[serde(default)]
    pub mutation_id: Option<Uuid>,
    /// The record as JSON; `None` for a deleted document (a tombstone).
    #[serde(default)]
    pub data: Option<Value>,
    /// The losing leaves, when the remote holds several (this version is the winner).
    #[serde(skip)]
    pub branches: Vec<Branch>,
    /// This version's own ancestors after the revision a push assumed, newest first (those the remote still
    /// has, at most ten), read when the push conflicted: one of them may be this device's own earlier push
    /// whose answer was lost, which another device has changed since.
    #[serde(skip)]
    pub ancestors: Vec<Ancestor>,
}

/// A revision a document went through before its current one.
#[derive(Debug, Clone, PartialEq)]
pub struct Ancestor {
    /// The change that wrote it (a device of this app's push: its outbox entry).
    pub mutation_id: Option<Uuid>,
    pub body: Body,
}

/// What a remote sent of an earlier revision's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Its content; `None` for a tombstone.
    Sent(Option<Value>),
    /// Only which change wrote it: an HTTP backend need not keep old contents.
    Unsent,
}

/// A losing leaf of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub rev: String,
    /// The change it carries (a device of this app's push: its outbox entry).
    pub mutation_id: Option<Uuid>,
    /// Its content (a losing leaf that is deleted is no conflict, and is not listed).
    pub data: Value,
    /// The revisions both this leaf and the winner descend from, newest first.
    pub common: Vec<String>,
    /// The content of the newest of them, if the remote still has it (compaction removes old contents).
    pub base: Option<Value>,
    /// The contents of this leaf's own ancestors after that revision, newest first (those the remote
    /// still has): a value this branch held and then changed is older than its own.
    pub since: Vec<Value>,
    /// The same for the winner's ancestors after that revision.
    pub winner_since: Vec<Value>,
}

impl RemoteDoc {
    /// A version with one leaf.
    pub fn new(id: DocId, rev: String, mutation_id: Option<Uuid>, data: Option<Value>) -> RemoteDoc {
        RemoteDoc { id, rev, mutation_id, data, branches: Vec::new(), ancestors: Vec::new() }
    }

    /// Whether this version is a tombstone.
    pub fn deleted(&self) -> bool {
        self.data.is_none()
    }
}

/// What this device knows of a document's remote version: its revision and content when last agreed on —
/// the base of a three-way merge — and the losing leaves the next push deletes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    pub rev: String,
    /// `None` when the agreed version is a tombstone.
    #[serde(default)]
    pub base: Option<Value>,
    /// Losing leaves merged here, deleted on the remote by the next push (sorted).
    #[serde(default)]
    pub losers: Vec<String>,
}

impl SyncState {
    /// The state of a version with one leaf.
    pub fn at(rev: String, base: Option<Value>) -> SyncState {
        SyncState { rev, base, losers: Vec::new() }
    }
}

/// A document with local changes waiting to be pushed.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingDoc {
    pub id: DocId,
    /// The outbox entries of this document, oldest first.
    pub mutations: Vec<Uuid>,
    /// The record as it is now (as JSON text where the store keeps it so); `None` when it was deleted.
    pub data: Option<Content>,
    /// The remote version this device last agreed on, if any.
    pub state: Option<SyncState>,
    /// Where the store keeps these outbox entries (its own bookkeeping, handed back with the ack; empty
    /// where a store needs none).
    pub keys: Vec<u64>,
}

/// The documents waiting to be pushed, read at one epoch of sync (see [`Pending::epoch`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pending {
    pub docs: Vec<PendingDoc>,
    /// Changes whenever sync starts over (another remote, a recreated one): acks made for an older epoch
    /// are not recorded, as the revisions they carry belong to the remote of before.
    pub epoch: u64,
    /// Where the next read may start so as not to read these documents' changes again (the store's own
    /// bookkeeping, like [`PendingDoc::keys`]; `None` where a store needs none).
    pub resume: Option<u64>,
}

impl PendingDoc {
    /// The change the push carries (the newest one).
    pub fn mutation_id(&self) -> Option<Uuid> {
        self.mutations.last().copied()
    }
}

/// A push the remote accepted: the outbox entries it settles and the version it wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct PushAck {
    pub id: DocId,
    /// The revision the remote gave; `None` when nothing had to be sent (created and deleted locally).
    pub rev: Option<String>,
    /// The content pushed, as [`PendingDoc::data`] gave it.
    pub data: Option<Content>,
    pub mutations: Vec<Uuid>,
    /// The store's keys of those outbox entries, as [`PendingDoc::keys`] gave them.
    pub keys: Vec<u64>,
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_kind_has_its_outbox_entity_and_back() {
        for kind in Kind::ALL {
            assert_eq!(Kind::of(kind.entity()), kind);
        }
    }

    use super::*;

    #[test]
    fn ids_round_trip_and_foreign_ids_are_ignored() {
        let id = DocId::new(Kind::Customer, Uuid::from_u128(7));
        assert_eq!(DocId::parse(&id.to_string()), Some(id));
        assert_eq!(id.to_string(), "customer:00000000-0000-0000-0000-000000000007");
        assert_eq!(DocId::parse("_design/app"), None);
        assert_eq!(DocId::parse("customer:nope"), None);
        assert_eq!(DocId::parse("invoice:00000000-0000-0000-0000-000000000007"), None);
        assert_eq!(serde_json::to_value(id).unwrap(), Value::String(id.to_string()));
    }
}
