//! Documents set aside: what the remote holds that this device could not take as it is. Each stays listed on
//! `/sync` with its reason until the remote sends a version that can be taken (it is then cleared) or the
//! user dismisses it. A document that breaks a rule of the wizard is stored anyway — every device stores the
//! same — and listed as `stored`, so the partner can fix it on its page.

use serde::{Deserialize, Serialize};

use crate::domain::tagged::{need, TaggedError};
use crate::domain::timestamp::Timestamp;
use crate::domain::validation::{Field, FieldError};

/// Why a document was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case", try_from = "StoredReason")]
pub enum Reason {
    /// The id or the `kind` names a kind of record this app does not know.
    #[error("A kind of record this app does not know (“{kind}”).")]
    UnknownKind { kind: String },
    /// The `kind` field says one thing, the id's prefix another.
    #[error("Its kind “{kind}” does not match its id.")]
    KindMismatch { kind: String },
    /// A live document (not `_deleted`) without content.
    #[error("It is not deleted but has no content.")]
    NoContent,
    /// The content is not a record of its kind; `why` is the JSON reader's own words (English), shown in
    /// both languages as a technical detail for whoever keeps the other tool. (A struct variant: the tag
    /// `reason` sits beside `why` when stored; serde cannot store a bare string under an internal tag.)
    #[error("Its content is not in the shape this app reads (technical detail: {why}).")]
    Unreadable { why: String },
    /// The content carries the id of another record.
    #[error("Its content belongs to another record.")]
    WrongRecord,
    /// Its primary domain is used here by another customer (domains are unique).
    #[error("{domain} is used here by “{owner}” and by another customer on the remote; change one of the two.")]
    DomainTaken { domain: String, owner: String },
    /// It breaks a rule of the wizard; it is stored, and flagged until fixed.
    #[error("{}: {error}", field.english())]
    BreaksRule { field: Field, error: FieldError },
}

/// A reason as stored: the tag `reason` beside the fields of every reason.
#[derive(Deserialize)]
struct StoredReason {
    reason: String,
    kind: Option<String>,
    why: Option<String>,
    domain: Option<String>,
    owner: Option<String>,
    field: Option<Field>,
    error: Option<FieldError>,
}

impl TryFrom<StoredReason> for Reason {
    type Error = TaggedError;

    fn try_from(s: StoredReason) -> Result<Reason, TaggedError> {
        Ok(match s.reason.as_str() {
            "unknown_kind" => Reason::UnknownKind { kind: need(s.kind, "kind")? },
            "kind_mismatch" => Reason::KindMismatch { kind: need(s.kind, "kind")? },
            "no_content" => Reason::NoContent,
            "unreadable" => Reason::Unreadable { why: need(s.why, "why")? },
            "wrong_record" => Reason::WrongRecord,
            "domain_taken" => Reason::DomainTaken { domain: need(s.domain, "domain")?, owner: need(s.owner, "owner")? },
            "breaks_rule" => Reason::BreaksRule { field: need(s.field, "field")?, error: need(s.error, "error")? },
            other => return Err(TaggedError::UnknownTag(other.to_string())),
        })
    }
}

impl Reason {
    /// Whether a document with this reason is stored nonetheless (only rule breaks are).
    pub fn stored(&self) -> bool {
        matches!(self, Reason::BreaksRule { .. })
    }
}

/// One document set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAside {
    /// The document's id as the remote writes it (it may not be one this app can parse).
    pub id: String,
    /// The revision set aside.
    pub rev: String,
    /// What the user knows it by (a company name), if it could be read.
    #[serde(default)]
    pub label: String,
    pub reason: Reason,
    pub seen_at: Timestamp,
}

impl SetAside {
    /// The kind this document claims, for counting unknown kinds ("invoice": 3).
    pub fn unknown_kind(&self) -> Option<&str> {
        match &self.reason {
            Reason::UnknownKind { kind } => Some(kind),
            _ => None,
        }
    }
}

/// The ids of the documents of unknown kind `kind` among `held`.
pub fn ids_of_kind(held: Vec<SetAside>, kind: &str) -> Vec<String> {
    held.into_iter().filter(|h| h.unknown_kind() == Some(kind)).map(|h| h.id).collect()
}

/// A remote document this app cannot take, as an adapter found it (before it is set aside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    pub id: String,
    pub rev: String,
    pub reason: Reason,
}

impl Unusable {
    /// Whether this is a document of an unknown kind among `kinds` (those the partner chose to ignore).
    pub fn of_kind_in(&self, kinds: &[String]) -> bool {
        matches!(&self.reason, Reason::UnknownKind { kind } if kinds.contains(kind))
    }

    /// The entry to keep for it, seen at `now`.
    pub fn set_aside(self, label: String, now: Timestamp) -> SetAside {
        SetAside { id: self.id, rev: self.rev, label, reason: self.reason, seen_at: now }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::{Field, FieldError};

    #[test]
    fn every_reason_is_stored_and_read_back_as_it_was() {
        let reasons = [
            Reason::UnknownKind { kind: "invoice".into() },
            Reason::KindMismatch { kind: "invoice".into() },
            Reason::NoContent,
            Reason::Unreadable { why: "missing field `company`".into() },
            Reason::WrongRecord,
            Reason::DomainTaken { domain: "contoso.onmicrosoft.com".into(), owner: "Contoso GmbH".into() },
            Reason::BreaksRule { field: Field::CompanyName, error: FieldError::TooShort { min: 2 } },
        ];
        for reason in reasons {
            let held = SetAside {
                id: "customer:1".into(),
                rev: "1-a".into(),
                label: String::new(),
                reason,
                seen_at: Timestamp(1),
            };
            let stored = serde_json::to_value(&held).expect("a set-aside entry can be stored");
            assert_eq!(serde_json::from_value::<SetAside>(stored).expect("and read back"), held);
        }
    }
}
