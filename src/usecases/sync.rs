//! Use case of the sync page: settle a conflict field by field (mine, theirs, or a value the user typed),
//! writing the record, its outbox entry, an activity entry and the conflict's removal in one transaction.

use serde_json::Value;

use super::change::{About, Actor};
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::draft::{CustomerDraft, ValidationContext};
use crate::domain::field::field_name;
use crate::domain::outbox::Op;
use crate::store::{Store, StoreError, WriteBatch};
use crate::sync::doc::{DocId, Kind};
use crate::sync::held::{Reason, SetAside};
use crate::sync::local::{LocalError, SyncStore};
use crate::sync::merge::set_path;
use crate::sync::records::Record;
use crate::sync::settings::{SettingsError, SyncSettings};

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

/// Settles the conflict of document `id` with one choice per conflicting field (by path).
pub async fn resolve_conflict<S: Store + SyncStore>(
    store: &S,
    id: DocId,
    choices: &[(String, Choice)],
    ctx: &ValidationContext,
    actor: &Actor<'_>,
) -> Result<(), ResolveError> {
    let conflict = store.conflicts().await?.into_iter().find(|c| c.id == id).ok_or(ResolveError::Gone)?;
    let current = match id.kind {
        Kind::Customer => store.customer(id.id).await?.map(|c| Record::Customer(Box::new(c))),
        Kind::Request => store.requests().await?.into_iter().find(|r| r.id == id.id).map(Record::Request),
        Kind::Referral => {
            store.referrals().await?.into_iter().find(|r| r.id == id.id).map(|r| Record::Referral(Box::new(r)))
        }
        Kind::Provider => store.providers().await?.into_iter().find(|p| p.id == id.id).map(Record::Provider),
        Kind::Profile => {
            store.business_profiles().await?.into_iter().find(|p| p.id == id.id).map(|p| Record::Profile(Box::new(p)))
        }
        Kind::Activity => None,
    };
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
    let now_valid = record.rule_break(actor.now.date_utc()).is_none();
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
        c.updated_at = actor.now;
    }
    // The log links a customer's entry to it; other records are named by the conflict's label.
    let about =
        About { customer_id: matches!(record, Record::Customer(_)).then_some(id.id), name: conflict.label.clone() };
    let paths: Vec<String> = conflict.fields.iter().map(|f| f.path.clone()).collect();
    let mut changes = actor.changes();
    changes.write(Op::Update, record).log(Action::ConflictResolved, about, Detail::Settled { paths });
    let batch =
        WriteBatch { clear_conflicts: vec![id], release: if now_valid { vec![id] } else { vec![] }, ..changes.batch() };
    store.apply(batch).await?;
    Ok(())
}

/// The documents set aside by sync, oldest first, for `/sync`.
pub async fn set_aside<S: SyncStore>(store: &S) -> Result<Vec<SetAside>, LocalError> {
    store.set_aside().await
}

/// Forgets documents set aside (the partner dismissed them): they come back only if the remote changes them
/// and they still can't be taken.
pub async fn dismiss_set_aside<S: SyncStore>(store: &S, ids: &[String]) -> Result<(), LocalError> {
    store.dismiss(ids).await
}

/// Ignores documents of the unknown kind `kind` on the remote (another tool's `invoice` documents) from now
/// on, and forgets those set aside now (`ids`): they are no longer listed, now or when more come. Returns the
/// settings as saved (`None`: no remote is set).
pub async fn ignore_kind<S: SyncStore>(
    store: &S,
    kind: &str,
    ids: &[String],
) -> Result<Option<SyncSettings>, LocalError> {
    store.ignore_kind(kind, true, ids).await
}

/// Lists documents of `kind` again: those the remote changes from now on are set aside as before.
pub async fn stop_ignoring_kind<S: SyncStore>(store: &S, kind: &str) -> Result<Option<SyncSettings>, LocalError> {
    store.ignore_kind(kind, false, &[]).await
}

/// Why sync settings were not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveSettingsError {
    #[error("Some fields need attention.")]
    Invalid(Vec<(&'static str, SettingsError)>),
    #[error(transparent)]
    Store(#[from] LocalError),
}

/// Validates and saves the sync settings; the secret is stored only when `settings.remember` is set.
pub async fn save_sync_settings<S: SyncStore>(
    store: &S,
    settings: &SyncSettings,
    secret: Option<&str>,
    now: crate::domain::timestamp::Timestamp,
) -> Result<(), SaveSettingsError> {
    let errors = settings.validate();
    if !errors.is_empty() {
        return Err(SaveSettingsError::Invalid(errors));
    }
    let kept = if settings.remember { secret } else { None };
    store.save_sync_settings(settings, kept, now).await?;
    Ok(())
}
