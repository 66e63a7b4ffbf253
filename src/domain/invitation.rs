//! Requesting a reseller relationship: the partner's personalised invitation link per cloud, the email draft
//! that carries it, GDAP request rules, and the pending request the partner keeps until it is accepted.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::search::Plain;
use super::timestamp::Timestamp;
use super::validation::{char_len, FieldError};

/// The Partner Center cloud the partner's workspace is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cloud {
    #[default]
    Global,
    UsGovernment,
    Germany,
}

impl Cloud {
    /// Every cloud, in the order settings list them.
    pub const ALL: [Cloud; 3] = [Cloud::Global, Cloud::UsGovernment, Cloud::Germany];

    /// The name partners know.
    pub fn label(self) -> &'static str {
        match self {
            Cloud::Global => "Partner Center (global)",
            Cloud::UsGovernment => "Microsoft Cloud for US Government",
            Cloud::Germany => "Microsoft Cloud Germany",
        }
    }

    /// Stable machine name, as serialised.
    pub fn key(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGovernment => "us_government",
            Cloud::Germany => "germany",
        }
    }

    /// The cloud whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Cloud> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Whether Partner Center offers `feature` in this cloud. The sovereign clouds have no commercial
    /// marketplace, so no referrals and no business profile; Microsoft Cloud Germany sold no savings plans.
    pub fn offers(self, feature: Feature) -> bool {
        match (self, feature) {
            (Cloud::Global, _) => true,
            (_, Feature::Referrals | Feature::BusinessProfile) => false,
            (Cloud::Germany, Feature::SavingsPlans) => false,
            _ => true,
        }
    }

    /// The features this cloud does not offer.
    pub fn missing(self) -> Vec<Feature> {
        Feature::ALL.into_iter().filter(|f| !self.offers(*f)).collect()
    }

    /// The admin portal where the customer's Global admin accepts the invitation.
    pub fn admin_portal(self) -> &'static str {
        match self {
            Cloud::Global => "https://admin.microsoft.com",
            Cloud::UsGovernment => "https://portal.office365.us",
            Cloud::Germany => "https://portal.office.de",
        }
    }
}

/// A part of the app that not every cloud has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    Referrals,
    BusinessProfile,
    IndirectProviders,
    SavingsPlans,
}

impl Feature {
    /// Every feature that depends on the cloud.
    pub const ALL: [Feature; 4] =
        [Feature::Referrals, Feature::BusinessProfile, Feature::IndirectProviders, Feature::SavingsPlans];
}

/// The partner's own details, set once in settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerProfile {
    /// The partner's Partner Center id (a GUID), as typed.
    pub partner_id: String,
    pub company_name: String,
    pub cloud: Cloud,
    /// The partner's own email domains, comma-separated; customer addresses there are refused.
    pub email_domains: String,
    /// The name of the person using this device, written into the activity log.
    pub user_name: String,
}

impl PartnerProfile {
    /// The email domains, lower case, without `@` or blanks.
    pub fn email_domain_list(&self) -> Vec<String> {
        self.email_domains
            .split([',', ';', ' '])
            .map(|d| d.trim().trim_start_matches('@').to_lowercase())
            .filter(|d| !d.is_empty())
            .collect()
    }
}

/// Checks a Partner Center partner id: a GUID such as `1b2c3d4e-…`.
pub fn partner_id(value: &str) -> Result<Uuid, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    Uuid::parse_str(value).map_err(|_| FieldError::InvalidPartnerId)
}

/// The invitation link of Partner Center's "Request a reseller relationship" for `partner`.
pub fn invitation_url(partner: Uuid, cloud: Cloud, delegated_admin: bool) -> String {
    format!(
        "{}/Adminportal/Home?invType=ResellerRelationship&partnerId={partner}&msppId=0&DAP={delegated_admin}#/BillingAccounts/partner-invitation",
        cloud.admin_portal()
    )
}

/// The link of a joint invitation: the customer accepts `reseller` as its indirect reseller and `provider`
/// as its indirect provider in one go.
pub fn joint_invitation_url(reseller: Uuid, provider: Uuid, cloud: Cloud, delegated_admin: bool) -> String {
    format!(
        "{}/Adminportal/Home?invType=IndirectResellerRelationship&partnerId={reseller}&msppId=0&indirectCSPId={provider}&DAP={delegated_admin}#/BillingAccounts/partner-invitation",
        cloud.admin_portal()
    )
}

/// The email a partner sends with the link: `(subject, body)`, in German for `de*` and English otherwise.
pub fn email_draft(partner_company: &str, url: &str, language: &str) -> (String, String) {
    let company = if partner_company.trim().is_empty() { "your partner" } else { partner_company.trim() };
    if language.starts_with("de") {
        (
            format!("Einladung zur Händlerbeziehung mit {company}"),
            format!(
                "Guten Tag,\n\n{company} möchte Ihr Microsoft-Cloud-Lösungsanbieter werden. Bitte öffnen Sie den folgenden Link als globaler Administrator Ihres Mandanten und bestätigen Sie die Händlerbeziehung:\n\n{url}\n\nDie Beziehung bleibt ausstehend, bis ein globaler Administrator sie angenommen hat.\n\nMit freundlichen Grüßen\n{company}"
            ),
        )
    } else {
        (
            format!("Invitation to a reseller relationship with {company}"),
            format!(
                "Hello,\n\n{company} would like to become your Microsoft Cloud Solution Provider. Please open the link below as a Global admin of your organisation and accept the reseller relationship:\n\n{url}\n\nThe relationship stays pending until a Global admin accepts it.\n\nKind regards,\n{company}"
            ),
        )
    }
}

/// Where a relationship request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Accepted,
}

/// A relationship request the partner sent, kept until the customer accepts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipRequest {
    pub id: Uuid,
    /// Whom it was sent to (a company or an address), as the partner noted it.
    pub recipient: String,
    pub url: String,
    pub delegated_admin: bool,
    pub cloud: Cloud,
    pub status: RequestStatus,
    pub created_at: Timestamp,
    #[serde(default)]
    pub accepted_at: Option<Timestamp>,
    /// Granular delegated admin privileges asked for with the request.
    #[serde(default)]
    pub gdap: Option<GdapRequest>,
    /// The indirect provider named in a joint invitation.
    #[serde(default)]
    pub indirect_provider: Option<String>,
    /// The customer this request became, once the partner added or linked it.
    #[serde(default)]
    pub customer_id: Option<Uuid>,
}

impl RelationshipRequest {
    /// When it last changed: when it was accepted, else when it was sent.
    pub fn changed_at(&self) -> Timestamp {
        self.accepted_at.unwrap_or(self.created_at)
    }

    /// The wizard's form for the customer this request brings: the recipient note as the company name, or
    /// as the contact's email when it is an address.
    pub fn customer_draft(&self, today: time::Date) -> super::draft::CustomerDraft {
        let recipient = self.recipient.trim().to_string();
        let (company_name, email) =
            if recipient.contains('@') { (String::new(), recipient) } else { (recipient, String::new()) };
        super::draft::CustomerDraft {
            company_name,
            email,
            request_id: Some(self.id),
            ..super::draft::CustomerDraft::with_defaults(today)
        }
    }
}

/// Longest recipient note.
pub const MAX_RECIPIENT: usize = 200;

/// Checks the recipient note of a request (1–200 characters).
pub fn recipient(value: &str) -> Result<(), FieldError> {
    super::validation::length(value, 1, MAX_RECIPIENT)
}

/// Roles a GDAP request can ask for (Microsoft Entra built-in roles partners use most).
pub const GDAP_ROLES: [&str; 8] = [
    "Directory Readers",
    "Global Reader",
    "Helpdesk Administrator",
    "License Administrator",
    "Service Support Administrator",
    "User Administrator",
    "Exchange Administrator",
    "Privileged Role Administrator",
];

/// Shortest and longest GDAP duration in days.
pub const GDAP_DAYS: std::ops::RangeInclusive<u32> = 1..=730;

/// A granular delegated admin privileges request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GdapRequest {
    pub name: String,
    pub duration_days: u32,
    pub roles: Vec<String>,
    /// Extend automatically by 6 months when it runs out.
    pub auto_extend: bool,
}

/// Why a GDAP request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GdapError {
    #[error("Enter a name (at most 50 characters: letters, digits, spaces, - and _).")]
    Name,
    #[error("A request named “{0}” exists already: names must be unique.")]
    NameTaken(String),
    #[error("Enter a duration from 1 to 730 days.")]
    Duration,
    #[error("Choose at least one role.")]
    NoRoles,
}

/// Checks a GDAP request against the names already used (case-insensitive).
pub fn gdap(name: &str, days: &str, roles: &[String], used_names: &[String]) -> Result<(String, u32), GdapError> {
    let name = name.trim();
    let allowed = name.chars().all(|c| c.is_alphanumeric() || " -_".contains(c));
    if name.is_empty() || char_len(name) > 50 || !allowed {
        return Err(GdapError::Name);
    }
    if used_names.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
        return Err(GdapError::NameTaken(name.to_string()));
    }
    let days: u32 = days.trim().parse().map_err(|_| GdapError::Duration)?;
    if !GDAP_DAYS.contains(&days) {
        return Err(GdapError::Duration);
    }
    if roles.is_empty() {
        return Err(GdapError::NoRoles);
    }
    Ok((name.to_string(), days))
}

/// The requests whose recipient holds `text` (any case), in the order given (the store's: newest first).
pub fn requests_to<'a>(all: &'a [RelationshipRequest], text: &str) -> Vec<&'a RelationshipRequest> {
    let search = Plain::new(text);
    all.iter().filter(|r| search.in_any(&[&r.recipient])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTNER: &str = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

    #[test]
    fn requests_are_found_by_their_recipient_in_any_case() {
        let request = |n: u128, recipient: &str| RelationshipRequest {
            id: Uuid::from_u128(n),
            recipient: recipient.into(),
            url: String::new(),
            delegated_admin: false,
            cloud: Cloud::Global,
            status: RequestStatus::Pending,
            created_at: Timestamp(n as i64),
            accepted_at: None,
            gdap: None,
            indirect_provider: None,
            customer_id: None,
        };
        let all = [request(3, "Kunde 12 GmbH"), request(2, "admin@kunde12.de"), request(1, "Contoso Ltd")];
        let ids = |found: Vec<&RelationshipRequest>| found.iter().map(|r| r.id.as_u128()).collect::<Vec<_>>();
        assert_eq!(ids(requests_to(&all, " KUNDE12")), [2]);
        assert_eq!(ids(requests_to(&all, "kunde")), [3, 2]);
        assert_eq!(ids(requests_to(&all, "")), [3, 2, 1]);
    }

    #[test]
    fn urls_per_cloud_and_dap() {
        let id = partner_id(PARTNER).unwrap();
        assert_eq!(
            invitation_url(id, Cloud::Global, true),
            format!("https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId={PARTNER}&msppId=0&DAP=true#/BillingAccounts/partner-invitation")
        );
        assert!(invitation_url(id, Cloud::Global, false).contains("&DAP=false#"));
        assert!(
            invitation_url(id, Cloud::UsGovernment, true).starts_with("https://portal.office365.us/Adminportal/Home?")
        );
        assert!(invitation_url(id, Cloud::Germany, true).starts_with("https://portal.office.de/Adminportal/Home?"));
        let provider = Uuid::parse_str("6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d").unwrap();
        let joint = joint_invitation_url(id, provider, Cloud::Global, false);
        assert!(joint.starts_with("https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&"));
        assert!(
            joint.contains(&format!("partnerId={id}&"))
                && joint.contains(&format!("indirectCSPId={provider}&DAP=false#"))
        );
        assert!(
            joint_invitation_url(id, provider, Cloud::UsGovernment, true).starts_with("https://portal.office365.us/")
        );
    }

    #[test]
    fn partner_ids_are_guids() {
        assert_eq!(partner_id(""), Err(FieldError::Required));
        assert_eq!(partner_id("12345"), Err(FieldError::InvalidPartnerId));
        assert!(partner_id(&format!(" {PARTNER} ")).is_ok());
    }

    #[test]
    fn drafts_in_the_ui_language_carry_the_link() {
        let (subject, body) = email_draft("Fabrikam", "https://x", "de-DE");
        assert!(subject.contains("Händlerbeziehung") && body.contains("https://x") && body.contains("Fabrikam"));
        let (subject, body) = email_draft("", "https://y", "en");
        assert!(subject.starts_with("Invitation") && body.contains("https://y"));
    }

    #[test]
    fn each_cloud_offers_its_features() {
        for f in Feature::ALL {
            assert!(Cloud::Global.offers(f), "{f:?}");
        }
        assert_eq!(Cloud::UsGovernment.missing(), vec![Feature::Referrals, Feature::BusinessProfile]);
        assert_eq!(Cloud::Germany.missing(), vec![Feature::Referrals, Feature::BusinessProfile, Feature::SavingsPlans]);
        assert!(Cloud::Germany.offers(Feature::IndirectProviders));
    }

    #[test]
    fn email_domains_are_normalised() {
        let p = PartnerProfile { email_domains: " @Fabrikam.com, fabrikam.de;;".into(), ..Default::default() };
        assert_eq!(p.email_domain_list(), vec!["fabrikam.com", "fabrikam.de"]);
    }

    #[test]
    fn gdap_rules() {
        let roles = vec!["Global Reader".to_string()];
        assert_eq!(gdap("Contoso support", "730", &roles, &[]), Ok(("Contoso support".into(), 730)));
        assert_eq!(gdap("x", "0", &roles, &[]), Err(GdapError::Duration));
        assert_eq!(gdap("x", "731", &roles, &[]), Err(GdapError::Duration));
        assert_eq!(gdap("x", "30", &[], &[]), Err(GdapError::NoRoles));
        assert_eq!(gdap("a/b", "30", &roles, &[]), Err(GdapError::Name));
        assert_eq!(gdap("Support", "30", &roles, &["support".into()]), Err(GdapError::NameTaken("Support".into())));
    }
}
