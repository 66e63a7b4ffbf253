//! The app's records as document content: a customer, a relationship request or an activity entry, to and
//! from the JSON a remote stores.

use serde::Deserialize;
use serde_json::Value;
use time::Date;
use uuid::Uuid;

use super::doc::{DocId, Kind};
use super::held::Reason;
use crate::domain::activity::ActivityEntry;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::RelationshipRequest;
use crate::domain::profile::BusinessProfile;
use crate::domain::provider::Provider;
use crate::domain::referral::Referral;
use crate::domain::validation::{Field, FieldError};

/// One record of any kind that syncs.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Customer(Box<Customer>),
    Request(RelationshipRequest),
    Activity(ActivityEntry),
    Referral(Box<Referral>),
    Provider(Provider),
    Profile(Box<BusinessProfile>),
}

impl Record {
    /// Reads document content of `id`'s kind; the reason says what is wrong with it.
    pub fn from_data(id: DocId, data: &Value) -> Result<Record, Reason> {
        let record = match id.kind {
            Kind::Customer => Deserialize::deserialize(data).map(|c| Record::Customer(Box::new(c))),
            Kind::Request => Deserialize::deserialize(data).map(Record::Request),
            Kind::Activity => Deserialize::deserialize(data).map(Record::Activity),
            Kind::Referral => Deserialize::deserialize(data).map(|r| Record::Referral(Box::new(r))),
            Kind::Provider => Deserialize::deserialize(data).map(Record::Provider),
            Kind::Profile => Deserialize::deserialize(data).map(|p| Record::Profile(Box::new(p))),
        }
        .map_err(|e| Reason::Unreadable { why: e.to_string() })?;
        match record.id() == id.id {
            true => Ok(record),
            false => Err(Reason::WrongRecord),
        }
    }

    /// The first rule of the wizard this record breaks, if any (see [`CustomerDraft::rule_broken_by`]).
    pub fn rule_break(&self, today: Date) -> Option<(Field, FieldError)> {
        match self {
            Record::Customer(c) => CustomerDraft::rule_broken_by(c, today),
            _ => None,
        }
    }

    /// The record as document content. Made through JSON text, as records are written everywhere else
    /// (`serde_json::to_value` would be a copy of every record's writing code of its own).
    pub fn to_data(&self) -> Value {
        let text = match self {
            Record::Customer(c) => serde_json::to_string(c),
            Record::Request(r) => serde_json::to_string(r),
            Record::Activity(a) => serde_json::to_string(a),
            Record::Referral(r) => serde_json::to_string(r),
            Record::Provider(p) => serde_json::to_string(p),
            Record::Profile(p) => serde_json::to_string(p),
        };
        text.ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null)
    }

    /// The record's own id.
    pub fn id(&self) -> Uuid {
        match self {
            Record::Customer(c) => c.id,
            Record::Request(r) => r.id,
            Record::Activity(a) => a.id,
            Record::Referral(r) => r.id,
            Record::Provider(p) => p.id,
            Record::Profile(p) => p.id,
        }
    }

    /// Its document id.
    pub fn doc_id(&self) -> DocId {
        let kind = match self {
            Record::Customer(_) => Kind::Customer,
            Record::Request(_) => Kind::Request,
            Record::Activity(_) => Kind::Activity,
            Record::Referral(_) => Kind::Referral,
            Record::Provider(_) => Kind::Provider,
            Record::Profile(_) => Kind::Profile,
        };
        DocId::new(kind, self.id())
    }
}

/// What the user knows a document by: the company name of a customer, the recipient of a request.
pub fn label(data: Option<&Value>) -> String {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    data.and_then(|d| {
        text(d.pointer("/company/company_name"))
            .or_else(|| text(d.get("recipient")))
            .or_else(|| text(d.get("customer_name")))
            .or_else(|| text(d.get("name")))
            .or_else(|| text(d.get("region")))
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::domain::timestamp::Timestamp;

    #[test]
    fn a_customer_round_trips_and_foreign_content_is_refused_with_a_reason() {
        let c = valid_draft().to_customer(&ctx(), Uuid::from_u128(3), Timestamp(1)).unwrap();
        let record = Record::Customer(Box::new(c.clone()));
        let id = record.doc_id();
        assert_eq!(Record::from_data(id, &record.to_data()), Ok(record.clone()));
        assert_eq!(label(Some(&record.to_data())), c.company.company_name);
        let other = DocId::new(Kind::Customer, Uuid::from_u128(4));
        assert_eq!(Record::from_data(other, &record.to_data()), Err(Reason::WrongRecord));
        assert!(matches!(Record::from_data(id, &serde_json::json!({"id": 1})), Err(Reason::Unreadable { .. })));
        assert_eq!(record.rule_break(time::macros::date!(2026 - 11 - 26)), None);
        let mut short = c.clone();
        short.company.company_name = "X".into();
        let broken = Record::Customer(Box::new(short)).rule_break(time::macros::date!(2026 - 11 - 26));
        assert_eq!(broken, Some((Field::CompanyName, FieldError::SingleCharacter)));
    }
}
