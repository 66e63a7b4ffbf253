//! Use case: add a customer from the wizard's form.

use uuid::Uuid;

use super::change::Actor;
use super::requests::link;
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::customer::Customer;
use crate::domain::draft::{CustomerDraft, ValidationContext};
use crate::domain::outbox::Op;
use crate::domain::referral::ReferralError;
use crate::domain::validation::Report;
use crate::store::{Store, StoreError, WriteBatch};
use crate::sync::records::Record;

/// The key under which the wizard's half-filled form is kept.
pub const NEW_CUSTOMER_DRAFT: &str = "new-customer";

/// Why a customer could not be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddCustomerError {
    #[error("Some fields need attention.")]
    Invalid(Report),
    #[error("{domain} is already used by the customer “{owner}”. Choose another domain prefix.")]
    DomainTaken { domain: String, owner: String },
    #[error("The referral can't be marked won: {0}")]
    Referral(ReferralError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Keeps `draft` as the add-customer wizard's form, to be found there when the wizard opens (its own small
/// transaction: a draft is not a change to sync). The wizard saves as the partner types; a referral won or
/// an accepted invitation starts the wizard prefilled this way.
pub async fn keep_new_customer_draft<S: Store>(store: &S, draft: &CustomerDraft) -> Result<(), StoreError> {
    store.save_draft(NEW_CUSTOMER_DRAFT, draft).await
}

/// Validates `draft`, then writes the customer (relationship reseller, a new tenant id), an outbox entry
/// and an activity entry, and forgets the wizard's draft — all in one transaction.
pub async fn add_customer<S: Store>(
    store: &S,
    draft: &CustomerDraft,
    ctx: &ValidationContext,
    actor: &Actor<'_>,
) -> Result<Customer, AddCustomerError> {
    let customer = draft.to_customer(ctx, Uuid::new_v4(), actor.now).map_err(AddCustomerError::Invalid)?;
    if let Some(owner) = store.customer_by_domain(&customer.company.domain).await? {
        return Err(AddCustomerError::DomainTaken {
            domain: customer.company.domain,
            owner: owner.company.company_name,
        });
    }
    let mut changes = actor.changes();
    changes.change(Op::Create, Record::Customer(Box::new(customer.clone())), Action::CustomerAdded, "");
    // A customer brought by a referral wins it, in the same transaction.
    if let Some(referral_id) = draft.referral_id {
        let referrals = store.referrals().await?;
        if let Some(mut r) = referrals.into_iter().find(|r| r.id == referral_id) {
            r.win(customer.id, ctx.today, actor.now).map_err(AddCustomerError::Referral)?;
            let detail = Detail::Customer { name: customer.company.company_name.clone() };
            changes.change(Op::Update, Record::Referral(Box::new(r)), Action::ReferralWon, detail);
        }
    }
    // A customer added from an accepted relationship request is linked to it, in the same transaction.
    if let Some(request_id) = draft.request_id {
        if let Some(request) = store.requests().await?.into_iter().find(|r| r.id == request_id) {
            link(&mut changes, request, &customer, actor);
        }
    }
    let batch = WriteBatch { delete_drafts: vec![NEW_CUSTOMER_DRAFT.to_string()], ..changes.batch() };
    match store.apply(batch).await {
        // Another tab may have taken the domain between the check and the write: the unique index says so.
        Err(StoreError::DuplicateDomain(domain)) => {
            Err(AddCustomerError::DomainTaken { domain, owner: "another customer".into() })
        }
        other => other.map(|()| customer).map_err(AddCustomerError::from),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::domain::outbox::Entity;
    use crate::domain::timestamp::Timestamp;
    use crate::domain::validation::Field;
    use crate::store::memory::MemoryStore;
    use futures::executor::block_on;

    #[test]
    fn writes_customer_outbox_and_activity_and_forgets_the_draft() {
        let store = MemoryStore::default();
        block_on(async {
            store.save_draft(NEW_CUSTOMER_DRAFT, &valid_draft()).await.unwrap();
            let c =
                add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "Anna", now: Timestamp(5) }).await.unwrap();
            assert_eq!(store.customer(c.id).await.unwrap(), Some(c.clone()));
            let outbox = store.outbox().await.unwrap();
            assert_eq!((outbox.len(), outbox[0].entity_id, outbox[0].op), (2, c.id, Op::Create));
            assert_eq!(outbox[1].entity, Entity::Activity, "the activity entry syncs too");
            let activity = store.activity(Some(c.id)).await.unwrap();
            assert_eq!(
                (activity.len(), activity[0].action, activity[0].user.as_str()),
                (1, Action::CustomerAdded, "Anna")
            );
            assert_eq!(store.draft(NEW_CUSTOMER_DRAFT).await.unwrap(), None);
        });
    }

    #[test]
    fn invalid_form_writes_nothing() {
        let store = MemoryStore::default();
        block_on(async {
            let draft = CustomerDraft { first_name: String::new(), ..valid_draft() };
            let Err(AddCustomerError::Invalid(report)) =
                add_customer(&store, &draft, &ctx(), &Actor { user: "A", now: Timestamp(5) }).await
            else {
                panic!("expected a validation error");
            };
            assert!(report.error(Field::FirstName).is_some());
            assert_eq!(store.customer_counts().await.unwrap().all, 0);
            assert!(store.outbox().await.unwrap().is_empty());
        });
    }

    #[test]
    fn a_taken_domain_is_refused_with_the_owner_named() {
        let store = MemoryStore::default();
        block_on(async {
            add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "A", now: Timestamp(5) }).await.unwrap();
            let again = CustomerDraft {
                company_name: "Other AG".into(),
                domain_prefix: "CONTOSOHANDEL".into(),
                ..valid_draft()
            };
            let err = add_customer(&store, &again, &ctx(), &Actor { user: "A", now: Timestamp(6) }).await.unwrap_err();
            assert_eq!(
                err,
                AddCustomerError::DomainTaken {
                    domain: "contosohandel.onmicrosoft.com".into(),
                    owner: "Contoso Handels GmbH".into()
                }
            );
            assert_eq!(store.outbox().await.unwrap().len(), 2);
            assert_eq!(store.activity(None).await.unwrap().len(), 1);
        });
    }

    #[test]
    fn an_accepted_request_becomes_a_customer_added_from_it_or_linked_to_one() {
        use crate::domain::invitation::{PartnerProfile, RequestStatus};
        const ACTOR: Actor<'static> = Actor { user: "Anna", now: Timestamp(7) };
        use crate::usecases::requests::{
            accept_request, link_request, request_relationship, save_partner_profile, RequestError,
        };
        let store = MemoryStore::default();
        block_on(async {
            let profile = PartnerProfile {
                partner_id: "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d".into(),
                company_name: "Fabrikam".into(),
                ..Default::default()
            };
            save_partner_profile(&store, &profile).await.unwrap();
            let first = request_relationship(&store, "Contoso Handels GmbH", true, None, None, &ACTOR).await.unwrap();
            let second = request_relationship(&store, "it@litware.de", true, None, None, &ACTOR).await.unwrap();
            accept_request(&store, first.id, &ACTOR).await.unwrap();
            // Added from the request: the wizard starts with what the request knows, and saving links it.
            let draft = first.customer_draft(ctx().today);
            assert_eq!((draft.company_name.as_str(), draft.request_id), ("Contoso Handels GmbH", Some(first.id)));
            assert_eq!(second.customer_draft(ctx().today).email, "it@litware.de");
            let form = crate::domain::draft::CustomerDraft { request_id: draft.request_id, ..valid_draft() };
            let added = add_customer(&store, &form, &ctx(), &Actor { user: "Anna", now: Timestamp(8) }).await.unwrap();
            let requests = store.requests().await.unwrap();
            assert_eq!(requests.iter().find(|r| r.id == first.id).unwrap().customer_id, Some(added.id));
            // Linked to a customer that exists already; a pending request is accepted by it.
            assert_eq!(
                link_request(&store, second.id, Uuid::from_u128(9), &ACTOR).await,
                Err(RequestError::NoSuchCustomer)
            );
            link_request(&store, second.id, added.id, &ACTOR).await.unwrap();
            let linked = store.requests().await.unwrap().into_iter().find(|r| r.id == second.id).unwrap();
            assert_eq!((linked.customer_id, linked.status), (Some(added.id), RequestStatus::Accepted));
            let log = store.activity(Some(added.id)).await.unwrap();
            assert_eq!(log.iter().filter(|e| e.action == Action::RelationshipRequestLinked).count(), 2);
        });
    }
}
