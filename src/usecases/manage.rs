//! Use cases that change existing customers: tags (also in bulk), subscriptions, ending and reactivating
//! the relationship. Each loads the customers, applies a rule of `domain::rules`, and writes the changed
//! customers with their outbox and activity entries in one transaction — or nothing, if any is refused.

use uuid::Uuid;

use super::change::Actor;
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::customer::{Customer, Purchasable, Qualification};
use crate::domain::outbox::Op;
use crate::domain::rules::{self, RuleError};
use crate::domain::subscription::{BillingCycle, Subscription, SubscriptionStatus};
use crate::store::{Store, StoreError};
use crate::sync::records::Record;

/// Why a change was not saved; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("{0}")]
    Rule(RuleError),
    #[error("“{customer}”: {error}")]
    RuleFor { customer: String, error: RuleError },
    #[error("This customer no longer exists on this device.")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Applies `rule` to each customer of `ids`; `rule` returns the activity detail, or `None` if it changed
/// nothing. Writes all changed customers at once. A refusal names the customer when there are several.
async fn change<S: Store>(
    store: &S,
    ids: &[Uuid],
    actor: &Actor<'_>,
    action: Action,
    rule: impl Fn(&mut Customer) -> Result<Option<Detail>, RuleError>,
) -> Result<Vec<Uuid>, ChangeError> {
    change_named(store, ids, ids.len() > 1, actor, action, rule).await
}

/// [`change`], naming the refused customer when `named` (also a step of one in a change of many).
async fn change_named<S: Store>(
    store: &S,
    ids: &[Uuid],
    named: bool,
    actor: &Actor<'_>,
    action: Action,
    rule: impl Fn(&mut Customer) -> Result<Option<Detail>, RuleError>,
) -> Result<Vec<Uuid>, ChangeError> {
    let mut changes = actor.changes();
    let mut changed = Vec::new();
    let found = store.customers_of(ids).await?;
    if found.len() != ids.len() {
        return Err(ChangeError::NotFound);
    }
    for mut customer in found {
        let detail = rule(&mut customer).map_err(|error| match named {
            false => ChangeError::Rule(error),
            true => ChangeError::RuleFor { customer: customer.company.company_name.clone(), error },
        })?;
        let Some(detail) = detail else { continue };
        customer.updated_at = actor.now;
        changed.push(customer.id);
        changes.change(Op::Update, Record::Customer(Box::new(customer)), action, detail);
    }
    if !changed.is_empty() {
        store.apply(changes.batch()).await?;
    }
    Ok(changed)
}

/// Adds `tags` to every customer of `ids` (in one transaction); returns the customers that changed.
pub async fn add_tags<S: Store>(
    store: &S,
    ids: &[Uuid],
    tags: &[String],
    actor: &Actor<'_>,
) -> Result<Vec<Uuid>, ChangeError> {
    tag_change(store, ids, ids.len() > 1, tags, true, actor).await
}

/// Removes `tags` from every customer of `ids` (in one transaction); returns the customers that changed.
pub async fn remove_tags<S: Store>(
    store: &S,
    ids: &[Uuid],
    tags: &[String],
    actor: &Actor<'_>,
) -> Result<Vec<Uuid>, ChangeError> {
    tag_change(store, ids, ids.len() > 1, tags, false, actor).await
}

/// Adds (`added`) or removes `tags` on the customers of `ids` in one transaction, a refusal naming the
/// customer when `named`.
async fn tag_change<S: Store>(
    store: &S,
    ids: &[Uuid],
    named: bool,
    tags: &[String],
    added: bool,
    actor: &Actor<'_>,
) -> Result<Vec<Uuid>, ChangeError> {
    let action = if added { Action::TagsAdded } else { Action::TagsRemoved };
    change_named(store, ids, named, actor, action, |c| {
        let changed = if added { rules::add_tags(c, tags)? } else { rules::remove_tags(c, tags) };
        Ok((!changed.is_empty()).then(|| changed.join(", ").into()))
    })
    .await
}

/// Customers changed per step of a tag change on many (one transaction each): a step is a short task, so
/// that the page keeps answering and shows how far the change got. (All of 100,000 in one transaction held the
/// page for 16 s.)
pub const TAG_STEP: usize = 250;

/// A tag change on many customers that stopped at a step the store or a rule refused. The steps before it
/// committed whole and stay: `changed` are the customers they changed, `handled` how many of the ids asked
/// for they covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    pub changed: Vec<Uuid>,
    pub handled: usize,
    pub error: ChangeError,
}

/// Adds (`added`) or removes `tags` on the customers of `ids`, [`TAG_STEP`] at a time; `done` hears after
/// each step how many of `ids` were handled. Returns the customers changed.
pub async fn change_tags_in_steps<S: Store>(
    store: &S,
    ids: &[Uuid],
    tags: &[String],
    added: bool,
    actor: &Actor<'_>,
    mut done: impl FnMut(usize),
) -> Result<Vec<Uuid>, Stopped> {
    let (mut changed, mut handled) = (Vec::new(), 0);
    for step in ids.chunks(TAG_STEP) {
        // A refusal names the customer whenever many were asked for, also in a last step of one.
        match tag_change(store, step, ids.len() > 1, tags, added, actor).await {
            Ok(ids) => changed.extend(ids),
            Err(error) => return Err(Stopped { changed, handled, error }),
        }
        handled += step.len();
        done(handled);
    }
    Ok(changed)
}

/// Adds a subscription to customer `id`.
pub async fn add_subscription<S: Store>(
    store: &S,
    id: Uuid,
    offer_name: &str,
    quantity: &str,
    billing_cycle: BillingCycle,
    actor: &Actor<'_>,
) -> Result<(), ChangeError> {
    let sub_id = Uuid::new_v4();
    change(store, &[id], actor, Action::SubscriptionAdded, |c| {
        let s: Subscription = rules::add_subscription(c, sub_id, offer_name, quantity, billing_cycle, actor.now)?;
        Ok(Some(Detail::Subscription { quantity: s.quantity, offer: s.offer_name, cycle: s.billing_cycle }))
    })
    .await
    .map(|_| ())
}

/// Suspends (`Suspended`) or reactivates (`Active`) a subscription of customer `id`.
pub async fn set_subscription_status<S: Store>(
    store: &S,
    id: Uuid,
    subscription: Uuid,
    status: SubscriptionStatus,
    actor: &Actor<'_>,
) -> Result<(), ChangeError> {
    let action = match status {
        SubscriptionStatus::Active => Action::SubscriptionReactivated,
        _ => Action::SubscriptionSuspended,
    };
    change(store, &[id], actor, action, |c| {
        let s = rules::set_subscription_status(c, subscription, status)?;
        Ok(Some(s.offer_name.into()))
    })
    .await
    .map(|_| ())
}

/// Allows or forbids customer `id` to buy `what` on their own; nothing is written when it is already so.
pub async fn set_purchase_permission<S: Store>(
    store: &S,
    id: Uuid,
    what: Purchasable,
    allowed: bool,
    actor: &Actor<'_>,
) -> Result<(), ChangeError> {
    change(store, &[id], actor, Action::PurchasePermissionChanged, |c| {
        Ok(c.purchase.set(what, allowed).then_some(Detail::Permission { what, allowed }))
    })
    .await
    .map(|_| ())
}

/// Sets the qualification of customer `id` — irreversible, so the page confirms first.
pub async fn set_qualification<S: Store>(
    store: &S,
    id: Uuid,
    q: Qualification,
    actor: &Actor<'_>,
) -> Result<(), ChangeError> {
    change(store, &[id], actor, Action::QualificationSet, |c| {
        rules::set_qualification(c, q)?;
        Ok(Some(Detail::Qualification { qualification: q }))
    })
    .await
    .map(|_| ())
}

/// Ends the relationship with customer `id` (refused while subscriptions are active).
pub async fn end_relationship<S: Store>(store: &S, id: Uuid, actor: &Actor<'_>) -> Result<(), ChangeError> {
    change(store, &[id], actor, Action::RelationshipEnded, |c| {
        let previous = c.relationship;
        rules::end_relationship(c, actor.now)?;
        Ok(Some(Detail::Was { relationship: previous }))
    })
    .await
    .map(|_| ())
}

/// Restores the relationship with customer `id`.
pub async fn reactivate_relationship<S: Store>(store: &S, id: Uuid, actor: &Actor<'_>) -> Result<(), ChangeError> {
    change(store, &[id], actor, Action::RelationshipReactivated, |c| {
        rules::reactivate_relationship(c)?;
        Ok(Some(Detail::Now { relationship: c.relationship }))
    })
    .await
    .map(|_| ())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::draft::CustomerDraft;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::domain::timestamp::Timestamp;
    use crate::domain::validation::FieldError;
    use crate::store::memory::MemoryStore;
    use crate::sync::local::SyncStore;
    use crate::usecases::add_customer;
    use futures::executor::block_on;

    const ACTOR: Actor<'static> = Actor { user: "Anna", now: Timestamp(50) };

    async fn two(store: &MemoryStore) -> (Customer, Customer) {
        let a = add_customer(store, &valid_draft(), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
        let other = CustomerDraft {
            company_name: "Fabrikam AG".into(),
            domain_prefix: "fabrikam".into(),
            tags: "VIP".into(),
            ..valid_draft()
        };
        let b = add_customer(store, &other, &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
        (a, b)
    }

    #[test]
    fn bulk_tags_write_one_update_and_log_line_per_changed_customer() {
        let store = MemoryStore::default();
        block_on(async {
            let (a, b) = two(&store).await;
            let changed = add_tags(&store, &[a.id, b.id], &["VIP".into()], &ACTOR).await.unwrap();
            assert_eq!(changed, vec![a.id], "b had the tag already");
            assert_eq!(store.customer(a.id).await.unwrap().unwrap().tags, vec!["Berlin", "Retail", "VIP"]);
            assert_eq!(store.outbox().await.unwrap().len(), 6, "2 adds and 1 update, each with its log line");
            let log = store.activity(Some(a.id)).await.unwrap();
            assert_eq!((log[0].action, log[0].detail.as_str()), (Action::TagsAdded, "VIP"));
            assert_eq!(remove_tags(&store, &[a.id, b.id], &["vip".into()], &ACTOR).await.unwrap(), vec![a.id, b.id]);
        });
    }

    #[test]
    fn a_tag_change_on_many_goes_in_steps_and_a_refused_step_keeps_those_before() {
        let store = MemoryStore::default();
        block_on(async {
            let mut ids = Vec::new();
            for n in 0..=TAG_STEP {
                let draft = CustomerDraft {
                    company_name: format!("Kunde {n} GmbH"),
                    domain_prefix: format!("kunde{n}"),
                    ..valid_draft()
                };
                ids.push(add_customer(&store, &draft, &ctx(), &ACTOR).await.unwrap().id);
            }
            let (mut steps, nord, xy) = (Vec::new(), ["Nord".to_string()], ["x".to_string(), "y".to_string()]);
            let changed = change_tags_in_steps(&store, &ids, &nord, true, &ACTOR, |n| steps.push(n)).await;
            assert_eq!(changed.unwrap(), ids, "every customer, in the order asked");
            assert_eq!(steps, vec![TAG_STEP, TAG_STEP + 1]);
            // The last customer cannot take another tag: the first step stays, the second (that customer alone)
            // is refused, and the reason still names the customer.
            let fill: Vec<String> = (0..146).map(|i| format!("t{i}")).collect();
            add_tags(&store, &ids[ids.len() - 1..], &fill, &ACTOR).await.unwrap(); // 149 with the draft's and "Nord"
            let stopped = change_tags_in_steps(&store, &ids, &xy, true, &ACTOR, |_| {}).await;
            let Stopped { changed, handled, error } = stopped.unwrap_err();
            assert_eq!((changed, handled), (ids[..TAG_STEP].to_vec(), TAG_STEP));
            assert!(
                matches!(error, ChangeError::RuleFor { ref customer, .. } if customer == &format!("Kunde {TAG_STEP} GmbH"))
            );
            assert!(store.customer(ids[0]).await.unwrap().unwrap().tags.contains(&"x".to_string()));
            assert!(!store.customer(ids[TAG_STEP]).await.unwrap().unwrap().tags.contains(&"x".to_string()));
        });
    }

    #[test]
    fn a_refused_bulk_change_writes_nothing_and_names_the_customer() {
        let store = MemoryStore::default();
        block_on(async {
            let (a, b) = two(&store).await;
            let fill: Vec<String> = (0..148).map(|i| format!("t{i}")).collect();
            add_tags(&store, &[b.id], &fill, &ACTOR).await.unwrap(); // b: 149 tags
            let before = store.outbox().await.unwrap().len();
            let err = add_tags(&store, &[a.id, b.id], &["x".into(), "y".into()], &ACTOR).await.unwrap_err();
            assert_eq!(
                err,
                ChangeError::RuleFor {
                    customer: "Fabrikam AG".into(),
                    error: RuleError::Field(FieldError::TooManyTags { max: 150, actual: 151 })
                }
            );
            assert_eq!(store.outbox().await.unwrap().len(), before);
            assert_eq!(store.customer(a.id).await.unwrap().unwrap().tags.len(), 2);
        });
    }

    #[test]
    fn ending_with_an_active_subscription_is_refused_then_allowed_after_suspending() {
        let store = MemoryStore::default();
        block_on(async {
            let (a, _) = two(&store).await;
            add_subscription(&store, a.id, "Microsoft 365 E3", "10", BillingCycle::Monthly, &ACTOR).await.unwrap();
            let refused = end_relationship(&store, a.id, &ACTOR).await;
            assert_eq!(refused, Err(ChangeError::Rule(RuleError::ActiveSubscriptions(1))));
            let sub = store.customer(a.id).await.unwrap().unwrap().subscriptions[0].id;
            set_subscription_status(&store, a.id, sub, SubscriptionStatus::Suspended, &ACTOR).await.unwrap();
            end_relationship(&store, a.id, &ACTOR).await.unwrap();
            let ended = store.customer(a.id).await.unwrap().unwrap();
            assert!(ended.relationship_end.is_some());
            reactivate_relationship(&store, a.id, &ACTOR).await.unwrap();
            let log: Vec<Action> = store.activity(Some(a.id)).await.unwrap().iter().map(|e| e.action).collect();
            assert!(log.contains(&Action::RelationshipEnded) && log.contains(&Action::RelationshipReactivated));
        });
    }

    #[test]
    fn purchase_permissions_are_set_logged_and_unchanged_settings_write_nothing() {
        let store = MemoryStore::default();
        block_on(async {
            let (a, _) = two(&store).await;
            assert!(!a.purchase.reservations, "nothing is allowed at first");
            set_purchase_permission(&store, a.id, Purchasable::Reservations, true, &ACTOR).await.unwrap();
            let after = store.customer(a.id).await.unwrap().unwrap();
            assert!(
                after.purchase.allows(Purchasable::Reservations) && !after.purchase.allows(Purchasable::SavingsPlans)
            );
            let log = store.activity(Some(a.id)).await.unwrap();
            assert_eq!(
                (log[0].action, log[0].detail.as_str()),
                (Action::PurchasePermissionChanged, "Azure reservations: allowed")
            );
            let before = store.pending_count().await.unwrap();
            set_purchase_permission(&store, a.id, Purchasable::Reservations, true, &ACTOR).await.unwrap();
            assert_eq!(store.pending_count().await.unwrap(), before);
        });
    }
}
