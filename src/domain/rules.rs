//! The rules of managing a customer: tags, subscriptions, and ending or reactivating the relationship.
//! Each rule changes a [`Customer`] in memory or says, in words, why it may not.

use uuid::Uuid;

use super::customer::{Customer, Qualification, RelationshipEnd};
use super::draft::SubscriptionLine;
use super::subscription::{BillingCycle, Subscription, SubscriptionStatus};
use super::timestamp::Timestamp;
use super::validation::{self as v, FieldError};

/// Why a change to a customer is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{0}")]
    Field(#[from] FieldError),
    #[error("The relationship can't end while {} active. Suspend or cancel {} first.",
        if *.0 == 1 { "1 subscription is".to_string() } else { format!("{} subscriptions are", .0) },
        if *.0 == 1 { "it" } else { "them" })]
    ActiveSubscriptions(usize),
    #[error("The relationship with this customer has ended. Reactivate it before adding subscriptions.")]
    RelationshipEnded,
    #[error("The relationship has already ended.")]
    AlreadyEnded,
    #[error("The relationship is active; there is nothing to reactivate.")]
    NotEnded,
    #[error("There is no such subscription.")]
    NoSuchSubscription,
    #[error("An expired subscription can't be reactivated.")]
    Expired,
    #[error("The qualification is {} already; once set it can't be changed.", .0.label())]
    QualificationFixed(Qualification),
}

/// Sets the qualification (education, nonprofit, government community cloud); it can't be undone.
pub fn set_qualification(c: &mut Customer, q: Qualification) -> Result<(), RuleError> {
    if c.qualification != Qualification::None {
        return Err(RuleError::QualificationFixed(c.qualification));
    }
    c.qualification = q;
    Ok(())
}

/// Adds `tags` (trimmed, duplicates ignored case-insensitively) within the limits of 150 × 50 characters.
/// Returns the tags that were new.
pub fn add_tags(c: &mut Customer, tags: &[String]) -> Result<Vec<String>, RuleError> {
    let mut next = c.tags.clone();
    let mut added = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !next.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            next.push(tag.to_string());
            added.push(tag.to_string());
        }
    }
    v::tags(&next)?;
    c.tags = next;
    Ok(added)
}

/// Removes `tags` (case-insensitively); returns those that were there.
pub fn remove_tags(c: &mut Customer, tags: &[String]) -> Vec<String> {
    let lower: Vec<String> = tags.iter().map(|t| t.trim().to_lowercase()).collect();
    let (removed, kept): (Vec<String>, Vec<String>) = c.tags.drain(..).partition(|t| lower.contains(&t.to_lowercase()));
    c.tags = kept;
    removed
}

/// Adds a subscription; refused while the relationship has ended.
pub fn add_subscription(
    c: &mut Customer,
    id: Uuid,
    offer_name: &str,
    quantity: &str,
    billing_cycle: BillingCycle,
    now: Timestamp,
) -> Result<Subscription, RuleError> {
    if c.relationship_end.is_some() {
        return Err(RuleError::RelationshipEnded);
    }
    let line = SubscriptionLine { offer_name: offer_name.to_string(), quantity: quantity.to_string(), billing_cycle };
    let (offer_name, quantity) = line.check()?;
    let s =
        Subscription { id, offer_name, quantity, billing_cycle, status: SubscriptionStatus::Active, created_at: now };
    c.subscriptions.push(s.clone());
    Ok(s)
}

/// Suspends or reactivates a subscription (expired ones stay expired).
pub fn set_subscription_status(
    c: &mut Customer,
    id: Uuid,
    status: SubscriptionStatus,
) -> Result<Subscription, RuleError> {
    let ended = c.relationship_end.is_some();
    let s = c.subscriptions.iter_mut().find(|s| s.id == id).ok_or(RuleError::NoSuchSubscription)?;
    if s.status == SubscriptionStatus::Expired {
        return Err(RuleError::Expired);
    }
    if status == SubscriptionStatus::Active && ended {
        return Err(RuleError::RelationshipEnded);
    }
    s.status = status;
    Ok(s.clone())
}

/// How many subscriptions are active.
pub fn active_subscriptions(c: &Customer) -> usize {
    c.subscriptions.iter().filter(|s| s.status == SubscriptionStatus::Active).count()
}

/// Ends the relationship: refused while any subscription is active. The customer leaves the active list.
pub fn end_relationship(c: &mut Customer, now: Timestamp) -> Result<(), RuleError> {
    if c.relationship_end.is_some() {
        return Err(RuleError::AlreadyEnded);
    }
    match active_subscriptions(c) {
        0 => {
            c.relationship_end = Some(RelationshipEnd { at: now, previous: c.relationship });
            c.relationship = super::customer::Relationship::None;
            Ok(())
        }
        n => Err(RuleError::ActiveSubscriptions(n)),
    }
}

/// Restores the relationship that was ended.
pub fn reactivate_relationship(c: &mut Customer) -> Result<(), RuleError> {
    let end = c.relationship_end.take().ok_or(RuleError::NotEnded)?;
    c.relationship = end.previous;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::Relationship;
    use crate::domain::fixtures::{ctx, valid_draft};

    fn customer() -> Customer {
        valid_draft().to_customer(&ctx(), Uuid::from_u128(1), Timestamp(0)).unwrap()
    }

    #[test]
    fn ending_is_blocked_by_active_subscriptions_only() {
        let mut c = customer();
        let s =
            add_subscription(&mut c, Uuid::from_u128(9), "Microsoft 365 E3", "25", BillingCycle::Monthly, Timestamp(1))
                .unwrap();
        assert_eq!(end_relationship(&mut c, Timestamp(2)), Err(RuleError::ActiveSubscriptions(1)));
        assert_eq!(c.relationship, Relationship::Reseller);
        set_subscription_status(&mut c, s.id, SubscriptionStatus::Suspended).unwrap();
        end_relationship(&mut c, Timestamp(3)).unwrap();
        assert_eq!(c.relationship, Relationship::None);
        assert_eq!(c.relationship_end, Some(RelationshipEnd { at: Timestamp(3), previous: Relationship::Reseller }));
        assert_eq!(end_relationship(&mut c, Timestamp(4)), Err(RuleError::AlreadyEnded));
    }

    #[test]
    fn an_ended_relationship_blocks_new_and_reactivated_subscriptions_until_reactivated() {
        let mut c = customer();
        let s =
            add_subscription(&mut c, Uuid::from_u128(9), "Exchange Online", "1", BillingCycle::Annual, Timestamp(1))
                .unwrap();
        set_subscription_status(&mut c, s.id, SubscriptionStatus::Suspended).unwrap();
        end_relationship(&mut c, Timestamp(2)).unwrap();
        let again = add_subscription(&mut c, Uuid::from_u128(10), "Teams", "1", BillingCycle::Monthly, Timestamp(3));
        assert_eq!(again, Err(RuleError::RelationshipEnded));
        assert_eq!(
            set_subscription_status(&mut c, s.id, SubscriptionStatus::Active),
            Err(RuleError::RelationshipEnded)
        );
        reactivate_relationship(&mut c).unwrap();
        assert_eq!(c.relationship, Relationship::Reseller);
        assert!(
            add_subscription(&mut c, Uuid::from_u128(10), "Teams", "1", BillingCycle::Monthly, Timestamp(3)).is_ok()
        );
        assert_eq!(reactivate_relationship(&mut c), Err(RuleError::NotEnded));
    }

    #[test]
    fn subscription_input_is_checked() {
        let mut c = customer();
        let add = |c: &mut Customer, name: &str, qty: &str| {
            add_subscription(c, Uuid::nil(), name, qty, BillingCycle::Monthly, Timestamp(0))
        };
        assert_eq!(add(&mut c, " ", "1"), Err(RuleError::Field(FieldError::OfferName)));
        assert_eq!(add(&mut c, "E3", "0"), Err(RuleError::Field(FieldError::Quantity)));
        assert_eq!(add(&mut c, "E3", "abc"), Err(RuleError::Field(FieldError::Quantity)));
        assert_eq!(add(&mut c, "E3", "100001"), Err(RuleError::Field(FieldError::Quantity)));
        assert!(add(&mut c, "E3", " 100000 ").is_ok());
        let id = c.subscriptions[0].id;
        c.subscriptions[0].status = SubscriptionStatus::Expired;
        assert_eq!(set_subscription_status(&mut c, id, SubscriptionStatus::Active), Err(RuleError::Expired));
    }

    #[test]
    fn a_qualification_once_set_stays() {
        let mut c = customer();
        set_qualification(&mut c, Qualification::Education).unwrap();
        assert_eq!(
            set_qualification(&mut c, Qualification::Nonprofit),
            Err(RuleError::QualificationFixed(Qualification::Education))
        );
        assert_eq!(c.qualification, Qualification::Education);
    }

    #[test]
    fn tags_respect_the_limits_and_ignore_duplicates() {
        let mut c = customer(); // has "Berlin", "Retail"
        assert_eq!(add_tags(&mut c, &["retail".into(), " VIP ".into()]).unwrap(), vec!["VIP"]);
        assert_eq!(c.tags, vec!["Berlin", "Retail", "VIP"]);
        let too_long = add_tags(&mut c, &["x".repeat(51)]);
        assert!(matches!(too_long, Err(RuleError::Field(FieldError::TagTooLong { .. }))));
        let many: Vec<String> = (0..148).map(|i| format!("t{i}")).collect();
        assert!(matches!(
            add_tags(&mut c, &many),
            Err(RuleError::Field(FieldError::TooManyTags { max: 150, actual: 151 }))
        ));
        assert_eq!(c.tags.len(), 3, "a refused change leaves the tags as they were");
        assert!(add_tags(&mut c, &many[..147]).is_ok());
        assert_eq!(c.tags.len(), 150);
        assert_eq!(remove_tags(&mut c, &["vip".into(), "nope".into()]), vec!["VIP"]);
        assert_eq!(c.tags.len(), 149);
    }
}
