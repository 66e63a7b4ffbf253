//! Use cases of the conflicts on `/sync`: settle one field by field (mine, theirs, or a value the user
//! typed), or every conflict at once keeping one side's values. Each settled record is written with its
//! outbox entry, an activity entry and the conflict's removal in one transaction.

use std::collections::HashMap;

use serde_json::Value;
use uuid::Uuid;

use super::change::{About, Actor, Changes};
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::draft::{CustomerDraft, ValidationContext};
use crate::domain::field::field_name;
use crate::domain::outbox::Op;
use crate::domain::sort_key::sort_key;
use crate::domain::timestamp::Timestamp;
use crate::store::{Store, StoreError, WriteBatch};
use crate::sync::decide::Conflict;
use crate::sync::doc::{DocId, Kind};
use crate::sync::held::Reason;
use crate::sync::local::{LocalError, SyncStore};
use crate::sync::merge::set_path;
use crate::sync::records::Record;

/// How the user settles one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// Keep this device's value.
    Mine,
    /// Take the remote's value.
    Theirs,
    /// A value the user typed.
    Value(Value),
}

/// Why a conflict was not settled; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("This conflict is settled already (perhaps in another tab).")]
    Gone,
    #[error("Choose a value for {}.", field_name(.0))]
    /// No choice for the field at this path.
    Undecided(String),
    /// The settled record is not one the app can store, or breaks a rule of the wizard.
    #[error("The typed values are not valid: {0}")]
    Invalid(Reason),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] LocalError),
}

/// The conflicts waiting for the user, in the order `/sync` lists them: by the records' names, "Kunde 2"
/// before "Kunde 10".
pub async fn waiting_conflicts<S: SyncStore>(store: &S) -> Result<Vec<Conflict>, LocalError> {
    let mut conflicts = store.conflicts().await?;
    conflicts.sort_by_cached_key(|c| sort_key(&c.label));
    Ok(conflicts)
}

/// Settles the conflict of document `id` with one choice per conflicting field (by path).
pub async fn resolve_conflict<S: Store + SyncStore>(
    store: &S,
    id: DocId,
    choices: &[(String, Choice)],
    ctx: &ValidationContext,
    actor: &Actor<'_>,
) -> Result<(), ResolveError> {
    let conflict = store.conflicts().await?.into_iter().find(|c| c.id == id).ok_or(ResolveError::Gone)?;
    let current = records_now(store, std::slice::from_ref(&conflict)).await?.pop().flatten();
    let mut settling = Settling::new(actor);
    settling.settle(&conflict, current, choices, ctx)?;
    store.apply(settling.batch()).await?;
    Ok(())
}

/// Which side's value settling every conflict at once keeps, in every field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// This device's values.
    Mine,
    /// The remote's values.
    Theirs,
}

/// Conflicts settled per step when all are settled at once (one transaction each): a step is a short
/// task, so the page keeps answering and shows how far it got.
pub const SETTLE_STEP: usize = 250;

/// What settling every conflict did: how many were settled, and how many were left waiting (their record
/// is gone, or one side's values make a record the app can't store: each needs a choice of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettledAll {
    pub settled: usize,
    pub left: usize,
}

/// Settling every conflict stopped at a step the store refused; the `settled` before it stay settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettleStopped {
    pub settled: usize,
    pub error: ResolveError,
}

/// Settles every conflict waiting now (in [`waiting_conflicts`]' order) by keeping `side`'s value in each of
/// its fields, [`SETTLE_STEP`] per transaction; `done` hears after each step how many of how many were
/// handled.
pub async fn settle_all<S: Store + SyncStore>(
    store: &S,
    side: Side,
    ctx: &ValidationContext,
    actor: &Actor<'_>,
    mut done: impl FnMut(usize, usize),
) -> Result<SettledAll, SettleStopped> {
    let conflicts = waiting_conflicts(store).await.map_err(|e| SettleStopped { settled: 0, error: e.into() })?;
    let all = conflicts.len();
    let choice = match side {
        Side::Mine => Choice::Mine,
        Side::Theirs => Choice::Theirs,
    };
    let mut outcome = SettledAll { settled: 0, left: 0 };
    for step in conflicts.chunks(SETTLE_STEP) {
        let stopped = |error: ResolveError| SettleStopped { settled: outcome.settled, error };
        let current = records_now(store, step).await.map_err(|e| stopped(e.into()))?;
        let mut settling = Settling::new(actor);
        for (conflict, record) in step.iter().zip(current) {
            let choices: Vec<(String, Choice)> =
                conflict.fields.iter().map(|f| (f.path.clone(), choice.clone())).collect();
            match settling.settle(conflict, record, &choices, ctx) {
                Ok(()) => outcome.settled += 1,
                Err(_) => outcome.left += 1,
            }
        }
        if !settling.cleared.is_empty() {
            let settled_here = settling.cleared.len();
            store
                .apply(settling.batch())
                .await
                .map_err(|e| SettleStopped { settled: outcome.settled - settled_here, error: e.into() })?;
        }
        done(outcome.settled + outcome.left, all);
    }
    Ok(outcome)
}

/// The records of `conflicts` as they are on this device now, in their order (`None`: gone).
async fn records_now<S: Store>(store: &S, conflicts: &[Conflict]) -> Result<Vec<Option<Record>>, StoreError> {
    let of = |kind: Kind| conflicts.iter().any(|c| c.id.kind == kind);
    let customer_ids: Vec<Uuid> = conflicts.iter().filter(|c| c.id.kind == Kind::Customer).map(|c| c.id.id).collect();
    let mut customers: HashMap<Uuid, Record> = match customer_ids.is_empty() {
        true => HashMap::new(),
        false => store
            .customers_of(&customer_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, Record::Customer(Box::new(c))))
            .collect(),
    };
    let mut others: HashMap<Uuid, Record> = HashMap::new();
    if of(Kind::Request) {
        others.extend(store.requests().await?.into_iter().map(|r| (r.id, Record::Request(r))));
    }
    if of(Kind::Referral) {
        others.extend(store.referrals().await?.into_iter().map(|r| (r.id, Record::Referral(Box::new(r)))));
    }
    if of(Kind::Provider) {
        others.extend(store.providers().await?.into_iter().map(|p| (p.id, Record::Provider(p))));
    }
    if of(Kind::Profile) {
        others.extend(store.business_profiles().await?.into_iter().map(|p| (p.id, Record::Profile(Box::new(p)))));
    }
    Ok(conflicts
        .iter()
        .map(|c| match c.id.kind {
            Kind::Customer => customers.remove(&c.id.id),
            Kind::Activity => None,
            _ => others.remove(&c.id.id).filter(|r| r.doc_id() == c.id),
        })
        .collect())
}

/// The writes of settling conflicts: each settled record with its outbox and activity entries, the
/// conflicts cleared, and the documents no longer set aside.
struct Settling<'a> {
    changes: Changes<'a>,
    /// When they are settled (the actor's time).
    now: Timestamp,
    cleared: Vec<DocId>,
    released: Vec<DocId>,
}

impl<'a> Settling<'a> {
    fn new(actor: &Actor<'a>) -> Settling<'a> {
        Settling { changes: actor.changes(), now: actor.now, cleared: Vec::new(), released: Vec::new() }
    }

    /// Settles `conflict` on its record as it is now (`current`) by `choices`; nothing is added when it
    /// can't be.
    fn settle(
        &mut self,
        conflict: &Conflict,
        current: Option<Record>,
        choices: &[(String, Choice)],
        ctx: &ValidationContext,
    ) -> Result<(), ResolveError> {
        let id = conflict.id;
        let mut data = current.ok_or(ResolveError::Gone)?.to_data();
        for field in &conflict.fields {
            let choice = choices.iter().find(|(p, _)| *p == field.path).map(|(_, c)| c);
            let value = match choice.ok_or_else(|| ResolveError::Undecided(field.path.clone()))? {
                Choice::Mine => field.mine.clone(),
                Choice::Theirs => field.theirs.clone(),
                Choice::Value(v) => Some(v.clone()),
            };
            set_path(&mut data, &field.path, value);
        }
        let record = Record::from_data(id, &data).map_err(ResolveError::Invalid)?;
        let now_valid = record.rule_break(self.now.date_utc()).is_none();
        let typed = choices.iter().any(|(_, c)| matches!(c, Choice::Value(_)));
        let mut record = match record {
            Record::Activity(_) => return Err(ResolveError::Gone),
            other => other,
        };
        if let Record::Customer(c) = &mut record {
            if typed {
                let report = CustomerDraft::from_customer(c).validate_account(ctx);
                if let Some((field, error)) = report.errors.into_iter().next() {
                    return Err(ResolveError::Invalid(Reason::BreaksRule { field, error }));
                }
            }
            c.updated_at = self.now;
        }
        // The log links a customer's entry to it; other records are named by the conflict's label.
        let about =
            About { customer_id: matches!(record, Record::Customer(_)).then_some(id.id), name: conflict.label.clone() };
        let paths: Vec<String> = conflict.fields.iter().map(|f| f.path.clone()).collect();
        self.changes.write(Op::Update, record).log(Action::ConflictResolved, about, Detail::Settled { paths });
        self.cleared.push(id);
        if now_valid {
            self.released.push(id);
        }
        Ok(())
    }

    fn batch(self) -> WriteBatch {
        WriteBatch { clear_conflicts: self.cleared, release: self.released, ..self.changes.batch() }
    }
}
