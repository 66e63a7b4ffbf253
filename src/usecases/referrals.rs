//! Use cases of the referrals inbox: record a referral, accept, decline, mark lost, or won with an existing
//! customer — each writes the referral, its outbox entry and an activity entry in one transaction.
//! (Won with a new customer goes through the wizard: see `add_customer`.)

use time::Date;
use uuid::Uuid;

use crate::domain::activity::{Action, ActivityEntry};
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::referral::{Deal, NewReferral, Referral, ReferralError};
use crate::store::{Store, StoreError, WriteBatch};
use crate::usecases::Actor;

/// Why a referral was not changed; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferralUseError {
    #[error("{0}")]
    Invalid(#[from] ReferralError),
    #[error("This referral no longer exists on this device.")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The referral's outbox and activity entries for `action`, with the referral itself.
pub(crate) fn referral_batch(r: &Referral, op: Op, action: Action, detail: String, actor: &Actor<'_>) -> WriteBatch {
    WriteBatch {
        outbox: vec![OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: Entity::Referral,
            entity_id: r.id,
            op,
            at: actor.now,
        }],
        activity: vec![ActivityEntry {
            id: Uuid::new_v4(),
            at: actor.now,
            customer_id: r.customer_id,
            customer_name: r.customer_name.clone(),
            action,
            user: actor.user.to_string(),
            detail,
        }],
        put_referrals: vec![r.clone()],
        ..WriteBatch::default()
    }
}

/// Records a referral from the form (state New).
pub async fn add_referral<S: Store>(
    store: &S,
    form: &NewReferral,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Referral, ReferralUseError> {
    let r = form.to_referral(Uuid::new_v4(), today, actor.now)?;
    store.apply(referral_batch(&r, Op::Create, Action::ReferralReceived, r.need.clone(), actor)).await?;
    Ok(r)
}

/// Loads referral `id`, applies `change`, and writes it with `action` logged (`detail` from the result).
async fn change<S: Store>(
    store: &S,
    id: Uuid,
    action: Action,
    actor: &Actor<'_>,
    change: impl FnOnce(&mut Referral) -> Result<String, ReferralError>,
) -> Result<Referral, ReferralUseError> {
    let mut r = store.referrals().await?.into_iter().find(|r| r.id == id).ok_or(ReferralUseError::NotFound)?;
    let detail = change(&mut r)?;
    store.apply(referral_batch(&r, Op::Update, action, detail, actor)).await?;
    Ok(r)
}

/// Accepts a new referral with the deal's details.
pub async fn accept_referral<S: Store>(
    store: &S,
    id: Uuid,
    deal: Deal,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Referral, ReferralUseError> {
    change(store, id, Action::ReferralAccepted, actor, |r| {
        let name = deal.name.trim().to_string();
        r.accept(deal, today, actor.now).map(|()| name)
    })
    .await
}

/// Declines a new referral; the reason is required.
pub async fn decline_referral<S: Store>(
    store: &S,
    id: Uuid,
    reason: &str,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Referral, ReferralUseError> {
    change(store, id, Action::ReferralDeclined, actor, |r| {
        r.decline(reason, today, actor.now).map(|()| reason.trim().into())
    })
    .await
}

/// Marks an active referral lost.
pub async fn lose_referral<S: Store>(
    store: &S,
    id: Uuid,
    reason: &str,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Referral, ReferralUseError> {
    change(store, id, Action::ReferralLost, actor, |r| r.lose(reason, today, actor.now).map(|()| reason.trim().into()))
        .await
}

/// Marks an active referral won with a customer that exists already.
pub async fn win_referral<S: Store>(
    store: &S,
    id: Uuid,
    customer: Uuid,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Referral, ReferralUseError> {
    let name = store.customer(customer).await?.map(|c| c.company.company_name).ok_or(ReferralUseError::NotFound)?;
    change(store, id, Action::ReferralWon, actor, |r| {
        r.win(customer, today, actor.now).map(|()| format!("Customer: {name}"))
    })
    .await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::draft::tests::{ctx, valid_draft};
    use crate::domain::referral::ReferralState;
    use crate::domain::timestamp::Timestamp;
    use crate::store::memory::MemoryStore;
    use crate::sync::local::SyncStore;
    use crate::usecases::{add_customer, AddCustomerError};
    use futures::executor::block_on;
    use time::macros::date;

    const ACTOR: Actor<'static> = Actor { user: "Jana", now: Timestamp(9) };
    const TODAY: Date = date!(2026 - 11 - 25);

    fn form() -> NewReferral {
        NewReferral {
            customer_name: "Contoso Handels GmbH".into(),
            contact_name: "Anna Müller".into(),
            contact_email: "anna.mueller@contoso.de".into(),
            need: "Microsoft 365 Business Premium, 40 seats".into(),
            value: "24000".into(),
            received_on: Some(date!(2026 - 11 - 20)),
        }
    }

    #[test]
    fn accept_then_win_through_the_wizard_links_the_new_customer_in_one_transaction() {
        let store = MemoryStore::default();
        block_on(async {
            let r = add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap();
            let deal = Deal { name: "Contoso M365".into(), value: 24_000, ..Deal::default() };
            accept_referral(&store, r.id, deal, TODAY, &ACTOR).await.unwrap();
            let mut draft = store.referrals().await.unwrap()[0].customer_draft(TODAY);
            draft.domain_prefix = "contosohandel".into();
            let draft = crate::domain::draft::CustomerDraft { ..merge_valid(draft) };
            let c = add_customer(&store, &draft, &ctx(), Timestamp(10), "Jana").await.unwrap();
            let won = store.referrals().await.unwrap().remove(0);
            assert_eq!((won.state, won.customer_id), (ReferralState::Won, Some(c.id)));
            let log: Vec<Action> = store.activity(None).await.unwrap().iter().map(|a| a.action).collect();
            assert!(log.contains(&Action::ReferralWon) && log.contains(&Action::CustomerAdded), "{log:?}");
        });
    }

    /// The referral's draft with the address and attestation a user would type.
    fn merge_valid(d: crate::domain::draft::CustomerDraft) -> crate::domain::draft::CustomerDraft {
        let v = valid_draft();
        crate::domain::draft::CustomerDraft {
            address_line1: v.address_line1,
            city: v.city,
            postal_code: v.postal_code,
            mca_first_name: v.mca_first_name,
            mca_last_name: v.mca_last_name,
            mca_email: v.mca_email,
            ..d
        }
    }

    #[test]
    fn a_customer_can_not_win_a_referral_that_is_not_active_and_nothing_is_written() {
        let store = MemoryStore::default();
        block_on(async {
            let r = add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap();
            let mut draft = merge_valid(r.customer_draft(TODAY));
            draft.domain_prefix = "contosohandel".into();
            let err = add_customer(&store, &draft, &ctx(), Timestamp(10), "Jana").await.unwrap_err();
            assert_eq!(err.to_string(), "The referral can't be marked won: A referral that is New can't be won.");
            assert!(matches!(err, AddCustomerError::Referral(_)));
            assert_eq!(store.customer_counts().await.unwrap().all, 0);
        });
    }

    #[test]
    fn decline_needs_a_reason_and_writes_nothing_without_one() {
        let store = MemoryStore::default();
        block_on(async {
            let r = add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap();
            let pending = store.pending_count().await.unwrap();
            assert!(decline_referral(&store, r.id, " ", TODAY, &ACTOR).await.is_err());
            assert_eq!(store.pending_count().await.unwrap(), pending);
            let later = Actor { now: Timestamp(20), ..ACTOR };
            decline_referral(&store, r.id, "Outside our region", TODAY, &later).await.unwrap();
            let log = store.activity(None).await.unwrap();
            assert_eq!((log[0].action, log[0].detail.as_str()), (Action::ReferralDeclined, "Outside our region"));
        });
    }

    #[test]
    fn an_active_referral_can_be_won_with_an_existing_customer_or_lost() {
        let store = MemoryStore::default();
        block_on(async {
            let c = add_customer(&store, &valid_draft(), &ctx(), Timestamp(1), "Jana").await.unwrap();
            let (a, b) = (
                add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap(),
                add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap(),
            );
            for id in [a.id, b.id] {
                accept_referral(&store, id, Deal { name: "Deal".into(), ..Deal::default() }, TODAY, &ACTOR)
                    .await
                    .unwrap();
            }
            let won = win_referral(&store, a.id, c.id, TODAY, &ACTOR).await.unwrap();
            assert_eq!(won.customer_id, Some(c.id));
            let lost = lose_referral(&store, b.id, "", TODAY, &ACTOR).await.unwrap();
            assert_eq!(lost.state, ReferralState::Lost);
        });
    }
}
