//! Subscriptions a customer holds, as far as the relationship rules need them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::timestamp::Timestamp;

/// How often a subscription is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingCycle {
    Monthly,
    Annual,
}

impl BillingCycle {
    /// The word the UI shows.
    pub fn label(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "Monthly",
            BillingCycle::Annual => "Annual",
        }
    }
}

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Expired,
}

impl SubscriptionStatus {
    /// The word the UI shows.
    pub fn label(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "Active",
            SubscriptionStatus::Suspended => "Suspended",
            SubscriptionStatus::Expired => "Expired",
        }
    }
}

/// One subscription of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: Uuid,
    pub offer_name: String,
    pub quantity: u32,
    pub billing_cycle: BillingCycle,
    pub status: SubscriptionStatus,
    pub created_at: Timestamp,
}

/// Longest offer name.
pub const MAX_OFFER_NAME: usize = 200;
/// Most licences one subscription may count.
pub const MAX_QUANTITY: u32 = 100_000;
