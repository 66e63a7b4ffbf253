//! Use cases of `/providers`: record a provider's invitation, accept it, and share a customer with a
//! provider (the customer's associated partner id) — each in one transaction with its outbox and activity
//! entries.

use time::Date;
use uuid::Uuid;

use super::change::Actor;
use crate::domain::activity::Action;
use crate::domain::outbox::Op;
use crate::domain::provider::{associated_partner, NewProvider, Provider, ProviderError};
use crate::domain::validation::FieldError;
use crate::store::{Store, StoreError};
use crate::sync::records::Record;

/// Why a provider or a customer's provider was not changed; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderUseError {
    #[error("{0}")]
    Invalid(#[from] ProviderError),
    #[error("Indirect provider: {0}")]
    PartnerId(FieldError),
    #[error("This provider no longer exists on this device.")]
    NotFound,
    #[error("This customer no longer exists on this device.")]
    CustomerNotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes provider `p` as `op` with its activity entry `action` (the detail: its partner id).
async fn write<S: Store>(store: &S, p: &Provider, op: Op, action: Action, actor: &Actor<'_>) -> Result<(), StoreError> {
    let mut changes = actor.changes();
    changes.change(op, Record::Provider(p.clone()), action, p.partner_id.clone());
    store.apply(changes.batch()).await
}

/// Records a provider's invitation (status Invited).
pub async fn add_provider<S: Store>(
    store: &S,
    form: &NewProvider,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Provider, ProviderUseError> {
    let existing = store.providers().await?;
    let p = form.to_provider(Uuid::new_v4(), &existing, today, actor.now)?;
    write(store, &p, Op::Create, Action::ProviderInvitationRecorded, actor).await?;
    Ok(p)
}

/// Accepts provider `id`'s invitation (status Active).
pub async fn accept_provider<S: Store>(store: &S, id: Uuid, actor: &Actor<'_>) -> Result<Provider, ProviderUseError> {
    let mut p = store.providers().await?.into_iter().find(|p| p.id == id).ok_or(ProviderUseError::NotFound)?;
    p.accept(actor.now)?;
    write(store, &p, Op::Update, Action::ProviderAccepted, actor).await?;
    Ok(p)
}

/// Shares customer `customer` with the provider whose partner id is `partner_id` (empty: with none).
pub async fn set_associated_partner<S: Store>(
    store: &S,
    customer: Uuid,
    partner_id: &str,
    actor: &Actor<'_>,
) -> Result<(), ProviderUseError> {
    let associated = associated_partner(partner_id).map_err(ProviderUseError::PartnerId)?;
    let mut c = store.customer(customer).await?.ok_or(ProviderUseError::CustomerNotFound)?;
    if c.associated_partner_id == associated {
        return Ok(());
    }
    let detail = match &associated {
        Some(id) => {
            let providers = store.providers().await?;
            providers.iter().find(|p| &p.partner_id == id).map_or_else(|| id.clone(), |p| p.name.clone())
        }
        None => "—".to_string(),
    };
    c.associated_partner_id = associated;
    c.updated_at = actor.now;
    let mut changes = actor.changes();
    changes.change(Op::Update, Record::Customer(Box::new(c)), Action::AssociatedPartnerChanged, detail);
    store.apply(changes.batch()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outbox::Entity;
    use crate::domain::provider::ProviderStatus;
    use crate::domain::timestamp::Timestamp;
    use crate::store::memory::MemoryStore;
    use futures::executor::block_on;
    use time::macros::date;

    const ID: &str = "6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";

    fn actor() -> Actor<'static> {
        Actor { user: "Lena", now: Timestamp(1_700_000_000_000) }
    }

    #[test]
    fn record_accept_and_share_a_customer() {
        block_on(async {
            let store = MemoryStore::default();
            let form = NewProvider { name: "Contoso Distribution".into(), partner_id: ID.into(), ..Default::default() };
            let p = add_provider(&store, &form, date!(2026 - 11 - 26), &actor()).await.unwrap();
            assert_eq!(
                add_provider(&store, &form, date!(2026 - 11 - 26), &actor()).await,
                Err(ProviderUseError::Invalid(ProviderError::PartnerIdTaken("Contoso Distribution".into())))
            );
            let accepted = accept_provider(&store, p.id, &actor()).await.unwrap();
            assert_eq!(accepted.status, ProviderStatus::Active);
            assert_eq!(store.providers().await.unwrap()[0].status, ProviderStatus::Active);

            let customer = crate::usecases::add_customer(
                &store,
                &crate::domain::fixtures::valid_draft(),
                &crate::domain::fixtures::ctx(),
                &actor(),
            )
            .await
            .unwrap();
            assert_eq!(
                set_associated_partner(&store, customer.id, "nope", &actor()).await,
                Err(ProviderUseError::PartnerId(FieldError::InvalidPartnerId))
            );
            set_associated_partner(&store, customer.id, &ID.to_uppercase(), &actor()).await.unwrap();
            let stored = store.customer(customer.id).await.unwrap().unwrap();
            assert_eq!(stored.associated_partner_id.as_deref(), Some(ID));
            let log = store.activity(Some(customer.id)).await.unwrap();
            assert!(log
                .iter()
                .any(|e| e.action == Action::AssociatedPartnerChanged && e.detail == "Contoso Distribution"));
            // Every change waits to be synced: the provider twice, the customer's association, the log.
            let outbox = store.outbox().await.unwrap();
            assert_eq!(outbox.iter().filter(|e| e.entity == Entity::Provider).count(), 2);
            assert!(outbox.iter().any(|e| e.entity == Entity::Customer && e.op == Op::Update));
        })
    }
}
