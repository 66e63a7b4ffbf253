//! Use cases of `/providers`: record a provider's invitation, accept it, and share a customer with a
//! provider (the customer's associated partner id) — each in one transaction with its outbox and activity
//! entries.

use time::Date;
use uuid::Uuid;

use crate::domain::activity::{Action, ActivityEntry};
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::provider::{associated_partner, NewProvider, Provider, ProviderError};
use crate::domain::validation::FieldError;
use crate::store::{Store, StoreError, WriteBatch};
use crate::usecases::Actor;

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

fn outbox(entity: Entity, id: Uuid, op: Op, actor: &Actor<'_>) -> OutboxEntry {
    OutboxEntry { mutation_id: Uuid::new_v4(), entity, entity_id: id, op, at: actor.now }
}

fn activity(
    customer: Option<(Uuid, &str)>,
    name: &str,
    action: Action,
    detail: String,
    actor: &Actor<'_>,
) -> ActivityEntry {
    ActivityEntry {
        id: Uuid::new_v4(),
        at: actor.now,
        customer_id: customer.map(|(id, _)| id),
        customer_name: customer.map_or(name, |(_, n)| n).to_string(),
        action,
        user: actor.user.to_string(),
        detail,
    }
}

fn provider_batch(p: &Provider, op: Op, action: Action, actor: &Actor<'_>) -> WriteBatch {
    WriteBatch {
        outbox: vec![outbox(Entity::Provider, p.id, op, actor)],
        activity: vec![activity(None, &p.name, action, p.partner_id.clone(), actor)],
        put_providers: vec![p.clone()],
        ..WriteBatch::default()
    }
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
    store.apply(provider_batch(&p, Op::Create, Action::ProviderInvitationRecorded, actor)).await?;
    Ok(p)
}

/// Accepts provider `id`'s invitation (status Active).
pub async fn accept_provider<S: Store>(store: &S, id: Uuid, actor: &Actor<'_>) -> Result<Provider, ProviderUseError> {
    let mut p = store.providers().await?.into_iter().find(|p| p.id == id).ok_or(ProviderUseError::NotFound)?;
    p.accept(actor.now)?;
    store.apply(provider_batch(&p, Op::Update, Action::ProviderAccepted, actor)).await?;
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
    let name = c.company.company_name.clone();
    store
        .apply(WriteBatch {
            outbox: vec![outbox(Entity::Customer, c.id, Op::Update, actor)],
            activity: vec![activity(Some((c.id, &name)), &name, Action::AssociatedPartnerChanged, detail, actor)],
            update_customers: vec![c],
            ..WriteBatch::default()
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
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
                actor().now,
                "Lena",
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
