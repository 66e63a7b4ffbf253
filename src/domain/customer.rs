//! The customer record of Partner Center: company profile, billing profile, relationship and the rest.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::subscription::Subscription;
use super::timestamp::Timestamp;

/// The suffix every customer's initial domain carries.
pub const INITIAL_DOMAIN_SUFFIX: &str = ".onmicrosoft.com";

/// A customer account as the partner keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// The customer's tenant id, shown as "Microsoft ID".
    pub id: Uuid,
    /// Commerce id, known once Partner Center has billed the customer.
    #[serde(default)]
    pub commerce_id: Option<String>,
    pub company: CompanyProfile,
    pub billing: BillingProfile,
    pub relationship: Relationship,
    #[serde(default)]
    pub qualification: Qualification,
    #[serde(default)]
    pub custom_domains: Vec<String>,
    /// The indirect reseller associated with this customer, if any.
    #[serde(default)]
    pub associated_partner_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who accepted the Microsoft Customer Agreement for the customer, and when.
    #[serde(default)]
    pub attestation: Option<McaAttestation>,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
    /// Set while the relationship has ended (the customer is out of the active list).
    #[serde(default)]
    pub relationship_end: Option<RelationshipEnd>,
    /// What the customer may buy on their own.
    #[serde(default)]
    pub purchase: PurchasePermissions,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Customer {
    /// Whether the bill-to details are missing altogether: an existing customer added from Partner Center's
    /// `Customers.csv`, which carries no billing, until the partner completes them.
    pub fn billing_missing(&self) -> bool {
        let (b, a) = (&self.billing, &self.billing.default_address);
        [&b.first_name, &b.last_name, &b.email, &a.line1, &a.city, &a.postal_code].iter().all(|s| s.trim().is_empty())
    }
}

/// The company profile: tenant, domain and legal name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfile {
    pub tenant_id: Uuid,
    /// Primary domain, `<prefix>.onmicrosoft.com`, lower case.
    pub domain: String,
    pub company_name: String,
    #[serde(default)]
    pub organization_registration_number: Option<String>,
}

/// The billing profile: the customer's primary contact and default address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingProfile {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// e.g. `de-DE`
    pub culture: String,
    /// e.g. `de`
    pub language: String,
    pub company_name: String,
    pub default_address: Address,
}

/// A postal address with the contact phone number, as Partner Center stores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    #[serde(default)]
    pub line3: String,
    pub city: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    #[serde(default)]
    pub phone_number: String,
}

/// Whether the customer may buy Azure reservations and savings plans on their own (Partner Center's
/// "Allow customers to buy their own services").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchasePermissions {
    #[serde(default)]
    pub reservations: bool,
    #[serde(default)]
    pub savings_plans: bool,
}

/// A service a customer may be allowed to buy on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purchasable {
    Reservations,
    SavingsPlans,
}

impl Purchasable {
    /// The words the customer's page shows.
    pub fn label(self) -> &'static str {
        match self {
            Purchasable::Reservations => "Azure reservations",
            Purchasable::SavingsPlans => "Azure savings plans",
        }
    }
}

impl PurchasePermissions {
    /// Whether `what` is allowed.
    pub fn allows(self, what: Purchasable) -> bool {
        match what {
            Purchasable::Reservations => self.reservations,
            Purchasable::SavingsPlans => self.savings_plans,
        }
    }

    /// Allows or forbids `what`; returns whether that changed anything.
    pub fn set(&mut self, what: Purchasable, allowed: bool) -> bool {
        let slot = match what {
            Purchasable::Reservations => &mut self.reservations,
            Purchasable::SavingsPlans => &mut self.savings_plans,
        };
        std::mem::replace(slot, allowed) != allowed
    }
}

/// When a relationship ended, and what it was, so that reactivating restores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipEnd {
    pub at: Timestamp,
    pub previous: Relationship,
}

/// Microsoft Customer Agreement attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct McaAttestation {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(default)]
    pub phone_number: String,
    #[serde(with = "super::iso_date::text")]
    pub accepted_on: Date,
}

/// The customer's relationship to the partner.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    #[default]
    None,
    Reseller,
    Advisor,
    Syndication,
    MicrosoftSupport,
}

impl Relationship {
    /// Every relationship, in the order filters list them.
    pub const ALL: [Relationship; 5] = [
        Relationship::Reseller,
        Relationship::Advisor,
        Relationship::Syndication,
        Relationship::MicrosoftSupport,
        Relationship::None,
    ];

    /// Where this relationship stands in [`ALL`](Self::ALL).
    pub fn position(self) -> usize {
        match self {
            Relationship::Reseller => 0,
            Relationship::Advisor => 1,
            Relationship::Syndication => 2,
            Relationship::MicrosoftSupport => 3,
            Relationship::None => 4,
        }
    }

    /// The word the customer list shows.
    pub fn label(self) -> &'static str {
        match self {
            Relationship::None => "None",
            Relationship::Reseller => "Reseller",
            Relationship::Advisor => "Advisor",
            Relationship::Syndication => "Syndication",
            Relationship::MicrosoftSupport => "Microsoft support",
        }
    }

    /// Stable machine name (as serialised), used in URLs and form values.
    pub fn key(self) -> &'static str {
        match self {
            Relationship::None => "none",
            Relationship::Reseller => "reseller",
            Relationship::Advisor => "advisor",
            Relationship::Syndication => "syndication",
            Relationship::MicrosoftSupport => "microsoft_support",
        }
    }

    /// The relationship a file names: its [`label`](Self::label) or its key, in any case, spaces or dashes
    /// for underscores (`Microsoft support`, `microsoft-support`).
    pub fn from_text(text: &str) -> Option<Relationship> {
        Self::from_key(&text.trim().to_lowercase().replace([' ', '-'], "_"))
    }

    /// The relationship whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Relationship> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A qualification; once set it cannot be undone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    #[default]
    None,
    Education,
    Nonprofit,
    GovernmentCommunityCloud,
}

impl Qualification {
    /// The qualifications a partner can set.
    pub const SETTABLE: [Qualification; 3] =
        [Qualification::Education, Qualification::Nonprofit, Qualification::GovernmentCommunityCloud];

    /// Stable machine name, as serialised.
    pub fn key(self) -> &'static str {
        match self {
            Qualification::None => "none",
            Qualification::Education => "education",
            Qualification::Nonprofit => "nonprofit",
            Qualification::GovernmentCommunityCloud => "government_community_cloud",
        }
    }

    /// The words the details page shows.
    pub fn label(self) -> &'static str {
        match self {
            Qualification::None => "None",
            Qualification::Education => "Education",
            Qualification::Nonprofit => "Nonprofit",
            Qualification::GovernmentCommunityCloud => "Government Community Cloud",
        }
    }
}

impl Customer {
    /// The user name Partner Center creates for the customer's first global admin.
    pub fn admin_user_name(&self) -> String {
        format!("admin@{}", self.company.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_keys_round_trip_and_match_serde() {
        for r in Relationship::ALL {
            assert_eq!(Relationship::from_key(r.key()), Some(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.key()));
            assert_eq!(Relationship::ALL[r.position()], r);
            assert_eq!(Relationship::from_text(r.label()), Some(r));
            assert_eq!(Relationship::from_text(&r.label().to_uppercase()), Some(r));
        }
        assert_eq!(Relationship::from_key("partner"), None);
    }

    #[test]
    fn dates_are_stored_as_iso_text() {
        let m = McaAttestation {
            first_name: "A".into(),
            last_name: "B".into(),
            email: "a@b.de".into(),
            phone_number: String::new(),
            accepted_on: time::macros::date!(2026 - 11 - 20),
        };
        assert!(serde_json::to_string(&m).unwrap().contains(r#""accepted_on":"2026-11-20""#));
    }
}
