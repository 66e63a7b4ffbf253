//! Indirect providers: the distributors an indirect reseller buys through. A provider invites the reseller;
//! the reseller records the invitation (Invited) and accepts it (Active). Customers the reseller shares with
//! a provider carry the provider's partner id as their associated partner id.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::customer::Customer;
use super::invitation::partner_id;
use super::timestamp::Timestamp;
use super::validation::{email, length, FieldError};

/// Where the relationship with a provider stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    /// The provider's invitation is recorded, not yet accepted.
    Invited,
    /// Accepted: the reseller buys through this provider.
    Active,
}

impl ProviderStatus {
    /// The word the list shows.
    pub fn label(self) -> &'static str {
        match self {
            ProviderStatus::Invited => "Invited",
            ProviderStatus::Active => "Active",
        }
    }

    /// Stable machine name, for CSS classes and tests.
    pub fn key(self) -> &'static str {
        match self {
            ProviderStatus::Invited => "invited",
            ProviderStatus::Active => "active",
        }
    }
}

/// An indirect provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: Uuid,
    pub name: String,
    /// The provider's Partner Center id (a GUID, lower case).
    pub partner_id: String,
    #[serde(default)]
    pub contact_email: String,
    /// When the invitation arrived.
    #[serde(with = "super::iso_date::text")]
    pub invited_on: Date,
    pub status: ProviderStatus,
    #[serde(default)]
    pub accepted_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

/// Why a provider can't be recorded or changed as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("{1}: {0}")]
    Field(FieldError, &'static str),
    #[error("The provider “{0}” has this partner id already.")]
    PartnerIdTaken(String),
    #[error("The invitation date can't be in the future.")]
    InvitedInFuture,
    #[error("This provider's invitation is accepted already.")]
    AlreadyActive,
}

impl ProviderError {
    /// The name of the form field the error belongs next to, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ProviderError::Field(_, name) => Some(name),
            ProviderError::PartnerIdTaken(_) => Some("Partner id"),
            ProviderError::InvitedInFuture => Some("Invited"),
            ProviderError::AlreadyActive => None,
        }
    }
}

/// The form that records a provider's invitation, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewProvider {
    pub name: String,
    pub partner_id: String,
    pub contact_email: String,
    /// Empty: today.
    pub invited_on: Option<Date>,
}

impl NewProvider {
    /// Checks the form against the providers already recorded and makes the provider (Invited).
    pub fn to_provider(
        &self,
        id: Uuid,
        existing: &[Provider],
        today: Date,
        now: Timestamp,
    ) -> Result<Provider, ProviderError> {
        length(&self.name, 1, 100).map_err(|e| ProviderError::Field(e, "Provider"))?;
        let partner = partner_id(&self.partner_id).map_err(|e| ProviderError::Field(e, "Partner id"))?.to_string();
        if let Some(other) = existing.iter().find(|p| p.partner_id == partner) {
            return Err(ProviderError::PartnerIdTaken(other.name.clone()));
        }
        let contact_email = self.contact_email.trim().to_string();
        if !contact_email.is_empty() {
            email(&contact_email, &[]).map_err(|e| ProviderError::Field(e, "Contact email"))?;
        }
        let invited_on = self.invited_on.unwrap_or(today);
        if invited_on > today {
            return Err(ProviderError::InvitedInFuture);
        }
        Ok(Provider {
            id,
            name: self.name.trim().to_string(),
            partner_id: partner,
            contact_email,
            invited_on,
            status: ProviderStatus::Invited,
            accepted_at: None,
            updated_at: now,
        })
    }
}

impl Provider {
    /// Accepts the provider's invitation: the provider becomes Active.
    pub fn accept(&mut self, now: Timestamp) -> Result<(), ProviderError> {
        if self.status == ProviderStatus::Active {
            return Err(ProviderError::AlreadyActive);
        }
        self.status = ProviderStatus::Active;
        self.accepted_at = Some(now);
        self.updated_at = now;
        Ok(())
    }

    /// Whether `customer` is shared with this provider (its associated partner id is this provider's).
    pub fn shares(&self, customer: &Customer) -> bool {
        customer.associated_partner_id.as_deref().is_some_and(|id| id.trim().eq_ignore_ascii_case(&self.partner_id))
    }
}

/// The customers shared with `provider`, by company name.
pub fn shared_customers<'a>(provider: &Provider, customers: &'a [Customer]) -> Vec<&'a Customer> {
    let mut shared: Vec<&Customer> = customers.iter().filter(|c| provider.shares(c)).collect();
    shared.sort_by_key(|c| c.company.company_name.to_lowercase());
    shared
}

/// Checks an associated partner id typed or chosen for a customer: empty (none) or a GUID, lower case.
pub fn associated_partner(value: &str) -> Result<Option<String>, FieldError> {
    match value.trim() {
        "" => Ok(None),
        v => partner_id(v).map(|id| Some(id.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const NOW: Timestamp = Timestamp(1_700_000_000_000);
    const TODAY: Date = date!(2026 - 11 - 26);
    const ID: &str = "6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";

    fn form() -> NewProvider {
        NewProvider {
            name: " Contoso Distribution ".into(),
            partner_id: ID.to_uppercase(),
            contact_email: "csp@contoso-distribution.com".into(),
            invited_on: None,
        }
    }

    #[test]
    fn an_invitation_is_recorded_then_accepted_once() {
        let mut p = form().to_provider(Uuid::nil(), &[], TODAY, NOW).unwrap();
        assert_eq!((p.name.as_str(), p.partner_id.as_str()), ("Contoso Distribution", ID));
        assert_eq!((p.status, p.invited_on), (ProviderStatus::Invited, TODAY));
        p.accept(Timestamp(NOW.0 + 1)).unwrap();
        assert_eq!((p.status, p.accepted_at), (ProviderStatus::Active, Some(Timestamp(NOW.0 + 1))));
        assert_eq!(p.accept(NOW), Err(ProviderError::AlreadyActive));
    }

    #[test]
    fn bad_input_is_named() {
        let f = NewProvider { name: "".into(), ..form() };
        assert_eq!(
            f.to_provider(Uuid::nil(), &[], TODAY, NOW),
            Err(ProviderError::Field(FieldError::Required, "Provider"))
        );
        let f = NewProvider { partner_id: "12345".into(), ..form() };
        assert_eq!(
            f.to_provider(Uuid::nil(), &[], TODAY, NOW),
            Err(ProviderError::Field(FieldError::InvalidPartnerId, "Partner id"))
        );
        let f = NewProvider { contact_email: "csp@".into(), ..form() };
        assert_eq!(
            f.to_provider(Uuid::nil(), &[], TODAY, NOW),
            Err(ProviderError::Field(FieldError::InvalidEmail, "Contact email"))
        );
        let f = NewProvider { invited_on: Some(date!(2026 - 11 - 27)), ..form() };
        assert_eq!(f.to_provider(Uuid::nil(), &[], TODAY, NOW), Err(ProviderError::InvitedInFuture));
        let first = form().to_provider(Uuid::nil(), &[], TODAY, NOW).unwrap();
        assert_eq!(
            form().to_provider(Uuid::from_u128(2), &[first], TODAY, NOW),
            Err(ProviderError::PartnerIdTaken("Contoso Distribution".into()))
        );
    }

    #[test]
    fn shared_customers_carry_the_providers_id() {
        let p = form().to_provider(Uuid::nil(), &[], TODAY, NOW).unwrap();
        let customer = |name: &str, associated: Option<&str>| {
            use crate::domain::fixtures::{ctx, valid_draft};
            let mut c = valid_draft().to_customer(&ctx(), Uuid::new_v4(), NOW).unwrap();
            c.company.company_name = name.into();
            c.associated_partner_id = associated.map(str::to_string);
            c
        };
        let all = vec![
            customer("Zeta", Some(&ID.to_uppercase())),
            customer("Alpha", Some(ID)),
            customer("Direct", None),
            customer("Other", Some("00000000-0000-4000-8000-000000000000")),
        ];
        let names: Vec<&str> = shared_customers(&p, &all).iter().map(|c| c.company.company_name.as_str()).collect();
        assert_eq!(names, ["Alpha", "Zeta"]);
    }

    #[test]
    fn an_associated_partner_id_is_empty_or_a_guid() {
        assert_eq!(associated_partner("  "), Ok(None));
        assert_eq!(associated_partner(&ID.to_uppercase()), Ok(Some(ID.to_string())));
        assert_eq!(associated_partner("x"), Err(FieldError::InvalidPartnerId));
    }
}
