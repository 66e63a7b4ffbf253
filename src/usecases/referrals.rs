//! Use cases of the referrals inbox: record a referral, accept, decline, mark lost, or won with an existing
//! customer — each writes the referral, its outbox entry and an activity entry in one transaction.
//! (Won with a new customer goes through the wizard: see `add_customer`.)

use time::Date;
use uuid::Uuid;

use super::change::Actor;
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::outbox::Op;
use crate::domain::referral::{Deal, NewReferral, Referral, ReferralError};
use crate::store::{Store, StoreError};
use crate::sync::records::Record;

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

/// Writes referral `r` as `op` with its activity entry (`action`, `detail`).
async fn write<S: Store>(
    store: &S,
    r: &Referral,
    op: Op,
    action: Action,
    detail: Detail,
    actor: &Actor<'_>,
) -> Result<(), StoreError> {
    let mut changes = actor.changes();
    changes.change(op, Record::Referral(Box::new(r.clone())), action, detail);
    store.apply(changes.batch()).await
}

/// Records a referral from the form (state New).
pub async fn add_referral<S: Store>(
    store: &S,
    form: &NewReferral,
    today: Date,
    actor: &Actor<'_>,
) -> Result<Referral, ReferralUseError> {
    let r = form.to_referral(Uuid::new_v4(), today, actor.now)?;
    write(store, &r, Op::Create, Action::ReferralReceived, r.need.clone().into(), actor).await?;
    Ok(r)
}

/// Loads referral `id`, applies `change`, and writes it with `action` logged (`detail` from the result).
async fn change<S: Store>(
    store: &S,
    id: Uuid,
    action: Action,
    actor: &Actor<'_>,
    change: impl FnOnce(&mut Referral) -> Result<Detail, ReferralError>,
) -> Result<Referral, ReferralUseError> {
    let mut r = store.referrals().await?.into_iter().find(|r| r.id == id).ok_or(ReferralUseError::NotFound)?;
    let detail = change(&mut r)?;
    write(store, &r, Op::Update, action, detail, actor).await?;
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
        r.accept(deal, today, actor.now).map(|()| name.into())
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
        r.win(customer, today, actor.now).map(|()| Detail::Customer { name })
    })
    .await
}
