//! One way to make a change: who acts ([`Actor`]) and the writes of one user action ([`Changes`]), where
//! every record written comes with its outbox entry (so it syncs) and every change with its activity entry
//! (so the log says it), derived from the record and the actor together. Every use case writes through it.

use uuid::Uuid;

use crate::domain::activity::{Action, ActivityEntry};
use crate::domain::activity_detail::Detail;
use crate::domain::customer::Customer;
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::timestamp::Timestamp;
use crate::store::WriteBatch;
use crate::sync::doc::Kind;
use crate::sync::records::Record;

/// Who acts, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor<'a> {
    pub user: &'a str,
    pub now: Timestamp,
}

impl<'a> Actor<'a> {
    /// The writes of one action by this actor, empty so far.
    pub fn changes(&self) -> Changes<'a> {
        Changes { actor: self.clone(), batch: WriteBatch::default() }
    }
}

/// What an activity entry is about: a customer (the log links to it) or something it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub customer_id: Option<Uuid>,
    pub name: String,
}

impl About {
    /// The customer `c`.
    pub fn customer(c: &Customer) -> About {
        About { customer_id: Some(c.id), name: c.company.company_name.clone() }
    }

    /// Something known by `name` alone (a provider, a request's recipient, the CSV import).
    pub fn named(name: impl Into<String>) -> About {
        About { customer_id: None, name: name.into() }
    }

    /// What a change of `record` is about: the customer itself, a referral's customer, a provider's or a
    /// request recipient's name.
    fn record(record: &Record) -> About {
        match record {
            Record::Customer(c) => About::customer(c),
            Record::Referral(r) => About { customer_id: r.customer_id, name: r.customer_name.clone() },
            Record::Request(r) => About::named(r.recipient.clone()),
            Record::Provider(p) => About::named(p.name.clone()),
            Record::Profile(_) | Record::Activity(_) => About::named(""),
        }
    }
}

/// The writes of one user action, applied as one [`WriteBatch`] (one transaction).
#[derive(Debug)]
pub struct Changes<'a> {
    actor: Actor<'a>,
    batch: WriteBatch,
}

impl Changes<'_> {
    /// Writes `record` as `op` with its activity entry (`action`, `detail`) about the record itself.
    pub fn change(&mut self, op: Op, record: Record, action: Action, detail: impl Into<Detail>) -> &mut Self {
        let about = About::record(&record);
        self.write(op, record).log(action, about, detail)
    }

    /// Writes `record` as `op` with its outbox entry; the activity entry is the caller's (one for many
    /// records, as an import logs itself once).
    pub fn write(&mut self, op: Op, record: Record) -> &mut Self {
        let id = record.doc_id();
        // An activity entry's outbox entry comes from the store with it (`WriteBatch::outbox_entries`).
        if id.kind != Kind::Activity {
            self.queue(id.kind.entity(), id.id, op);
        }
        self.batch.put(op, record);
        self
    }

    /// Removes customer `id` (undoing an import), with its outbox entry.
    pub fn delete_customer(&mut self, id: Uuid) -> &mut Self {
        self.queue(Entity::Customer, id, Op::Delete);
        self.batch.delete_customers.push(id);
        self
    }

    /// Adds the activity entry `action` with `detail` about `about`.
    pub fn log(&mut self, action: Action, about: About, detail: impl Into<Detail>) -> &mut Self {
        let detail = detail.into();
        let entry = ActivityEntry {
            id: Uuid::new_v4(),
            at: self.actor.now,
            customer_id: about.customer_id,
            customer_name: about.name,
            action,
            user: self.actor.user.to_string(),
            detail: detail.to_string(),
            typed: match detail {
                Detail::Text { .. } => None,
                typed => Some(typed),
            },
        };
        self.batch.put(Op::Create, Record::Activity(entry));
        self
    }

    /// The writes so far, to be applied (with the use case's other writes: drafts, conflicts, releases).
    pub fn batch(self) -> WriteBatch {
        self.batch
    }

    fn queue(&mut self, entity: Entity, id: Uuid, op: Op) {
        let entry = OutboxEntry { mutation_id: Uuid::new_v4(), entity, entity_id: id, op, at: self.actor.now };
        self.batch.outbox.push(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{ctx, valid_draft};

    #[test]
    fn every_record_written_is_queued_and_a_change_is_logged_about_its_record() {
        let actor = Actor { user: "Lena", now: Timestamp(5) };
        let added = valid_draft().to_customer(&ctx(), Uuid::from_u128(1), Timestamp(1)).unwrap();
        let imported = Customer { id: Uuid::from_u128(2), ..added.clone() };
        let mut changes = actor.changes();
        changes.change(Op::Create, Record::Customer(Box::new(added.clone())), Action::CustomerAdded, "");
        changes.write(Op::Update, Record::Customer(Box::new(imported.clone()))).delete_customer(Uuid::from_u128(3));
        let batch = changes.batch();

        let written: Vec<(bool, &Customer)> =
            batch.customers(true).map(|c| (true, c)).chain(batch.customers(false).map(|c| (false, c))).collect();
        assert_eq!(written, [(true, &added), (false, &imported)]);
        assert_eq!(batch.delete_customers, vec![Uuid::from_u128(3)]);
        let queued: Vec<(Entity, u128, Op, Timestamp)> =
            batch.outbox.iter().map(|o| (o.entity, o.entity_id.as_u128(), o.op, o.at)).collect();
        let at = Timestamp(5);
        assert_eq!(
            queued,
            [
                (Entity::Customer, 1, Op::Create, at),
                (Entity::Customer, 2, Op::Update, at),
                (Entity::Customer, 3, Op::Delete, at)
            ]
        );
        let logged: Vec<(Option<Uuid>, &str, Action, &str, Timestamp)> = batch
            .activity()
            .map(|a| (a.customer_id, a.customer_name.as_str(), a.action, a.user.as_str(), a.at))
            .collect();
        assert_eq!(logged, [(Some(Uuid::from_u128(1)), "Contoso Handels GmbH", Action::CustomerAdded, "Lena", at)]);
    }
}
