//! The add-customer wizard's form: what the partner typed, kept as text so a half-filled form can be saved
//! and restored, validated as a whole, and turned into a [`Customer`] when it is complete.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::country;
use super::customer::{
    Address, BillingProfile, CompanyProfile, Customer, McaAttestation, Qualification, Relationship,
    INITIAL_DOMAIN_SUFFIX,
};
use super::subscription::{BillingCycle, Subscription, SubscriptionStatus, MAX_OFFER_NAME, MAX_QUANTITY};
use super::timestamp::Timestamp;
use super::validation::{self as v, Field, FieldError, Report};

/// Every field of the wizard's "Account info" step, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerDraft {
    pub company_name: String,
    pub domain_prefix: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub culture: String,
    pub language: String,
    pub address_line1: String,
    pub address_line2: String,
    pub address_line3: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
    pub org_registration_id: String,
    pub tags: String,
    pub mca_first_name: String,
    pub mca_last_name: String,
    pub mca_email: String,
    pub mca_phone: String,
    pub mca_date: String,
    /// Subscriptions to start with the account (the wizard's "Subscriptions" step).
    pub subscriptions: Vec<SubscriptionLine>,
    /// The referral this customer comes from: adding the customer marks it won.
    pub referral_id: Option<uuid::Uuid>,
    /// The accepted relationship request this customer comes from: adding the customer links it.
    pub request_id: Option<uuid::Uuid>,
}

/// One subscription line of the wizard, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionLine {
    pub offer_name: String,
    pub quantity: String,
    pub billing_cycle: BillingCycle,
}

impl SubscriptionLine {
    /// Checks the line with the rules of adding a subscription.
    pub fn check(&self) -> Result<(String, u32), FieldError> {
        let name = self.offer_name.trim();
        if name.is_empty() || name.chars().count() > MAX_OFFER_NAME {
            return Err(FieldError::OfferName);
        }
        match self.quantity.trim().parse::<u32>() {
            Ok(q) if (1..=MAX_QUANTITY).contains(&q) => Ok((name.to_string(), q)),
            _ => Err(FieldError::Quantity),
        }
    }
}

/// What the rules need besides the form itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationContext {
    /// Today's date where the partner is (acceptance dates can't be later).
    pub today: Date,
    /// The partner's own email domains, refused for customer addresses (lower case).
    pub partner_domains: Vec<String>,
}

impl CustomerDraft {
    /// A new form with the defaults a German partner most likely wants.
    pub fn with_defaults(today: Date) -> CustomerDraft {
        CustomerDraft {
            country: "DE".into(),
            culture: "de-DE".into(),
            language: "de".into(),
            mca_date: super::iso_date::format(today),
            ..CustomerDraft::default()
        }
    }

    /// The primary domain this form would create, lower case.
    pub fn primary_domain(&self) -> String {
        format!("{}{INITIAL_DOMAIN_SUFFIX}", self.domain_prefix.trim().to_lowercase())
    }

    /// The country code as entered, upper case.
    pub fn country_code(&self) -> String {
        self.country.trim().to_uppercase()
    }

    /// Whether the chosen country requires a postal code.
    pub fn needs_postal_code(&self) -> bool {
        country::requires_postal_code(&self.country_code())
    }

    /// Whether the chosen country requires a phone number and an organisation registration id.
    pub fn needs_phone_and_registration(&self) -> bool {
        country::requires_phone_and_registration(&self.country_code())
    }

    /// The form that edits `c`: its values, and for a customer without bill-to details (see
    /// [`Customer::billing_missing`]) the wizard's defaults for country, culture and language, so the
    /// partner completes them from the same starting point as a new customer.
    pub fn to_complete(c: &Customer) -> CustomerDraft {
        let mut draft = CustomerDraft::from_customer(c);
        if c.billing_missing() {
            let defaults = CustomerDraft::with_defaults(time::Date::MIN);
            for (field, default) in [
                (&mut draft.country, defaults.country),
                (&mut draft.culture, defaults.culture),
                (&mut draft.language, defaults.language),
            ] {
                if field.trim().is_empty() {
                    *field = default;
                }
            }
        }
        draft
    }

    /// A form showing `customer` as it is, for editing.
    pub fn from_customer(c: &Customer) -> CustomerDraft {
        let a = &c.billing.default_address;
        let mca = c.attestation.clone();
        CustomerDraft {
            company_name: c.company.company_name.clone(),
            domain_prefix: c.company.domain.trim_end_matches(INITIAL_DOMAIN_SUFFIX).to_string(),
            first_name: c.billing.first_name.clone(),
            last_name: c.billing.last_name.clone(),
            email: c.billing.email.clone(),
            culture: c.billing.culture.clone(),
            language: c.billing.language.clone(),
            address_line1: a.line1.clone(),
            address_line2: a.line2.clone(),
            address_line3: a.line3.clone(),
            city: a.city.clone(),
            state: a.state.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
            phone: a.phone_number.clone(),
            org_registration_id: c.company.organization_registration_number.clone().unwrap_or_default(),
            tags: c.tags.join(", "),
            mca_first_name: mca.as_ref().map(|m| m.first_name.clone()).unwrap_or_default(),
            mca_last_name: mca.as_ref().map(|m| m.last_name.clone()).unwrap_or_default(),
            mca_email: mca.as_ref().map(|m| m.email.clone()).unwrap_or_default(),
            mca_phone: mca.as_ref().map(|m| m.phone_number.clone()).unwrap_or_default(),
            mca_date: mca.map(|m| m.accepted_on.to_string()).unwrap_or_default(),
            subscriptions: Vec::new(),
            referral_id: None,
            request_id: None,
        }
    }

    /// The rules of the account info and bill-to: company name, primary contact, address — what "Edit"
    /// changes. (The domain is fixed once created; tags and the attestation are kept elsewhere.)
    pub fn validate_account(&self, ctx: &ValidationContext) -> Report {
        let country = self.country_code();
        let mut r = Report::default();
        r.check(Field::CompanyName, v::company_name(&self.company_name));
        let warnings = v::company_name_warnings(&self.company_name);
        if !warnings.is_empty() {
            r.warnings.insert(Field::CompanyName, warnings);
        }
        r.check(Field::FirstName, v::person_name(&self.first_name));
        r.check(Field::LastName, v::person_name(&self.last_name));
        r.check(Field::Email, v::email(&self.email, &ctx.partner_domains));
        r.check(Field::Culture, v::culture(&self.culture));
        r.check(Field::Language, v::language(&self.language));
        r.check(Field::AddressLine1, v::address_line(&self.address_line1, true));
        r.check(Field::AddressLine2, v::address_line(&self.address_line2, false));
        r.check(Field::AddressLine3, v::address_line(&self.address_line3, false));
        r.check(Field::City, v::city(&self.city));
        // Checked as it is stored: upper case ("ß" becomes "SS").
        r.check(Field::State, v::state(&self.state.trim().to_uppercase(), &country));
        r.check(Field::PostalCode, v::postal_code(&self.postal_code, &country));
        r.check(Field::Country, v::country(&country));
        r.check(Field::Phone, v::phone(&self.phone, &country));
        r.check(Field::OrgRegistrationId, v::org_registration_id(&self.org_registration_id, &country));
        r
    }

    /// Runs every rule of the wizard's "Account info" step.
    pub fn validate(&self, ctx: &ValidationContext) -> Report {
        let mut r = self.validate_account(ctx);
        r.check(Field::DomainPrefix, v::domain_prefix(&self.domain_prefix));
        r.check(Field::Tags, v::tags(&v::parse_tags(&self.tags)));
        r.check(Field::McaFirstName, v::person_name(&self.mca_first_name));
        r.check(Field::McaLastName, v::person_name(&self.mca_last_name));
        r.check(Field::McaEmail, v::email(&self.mca_email, &[]));
        r.check(Field::McaPhone, v::phone(&self.mca_phone, ""));
        r.check(Field::McaDate, v::acceptance_date(&self.mca_date, ctx.today).map(|_| ()));
        for line in &self.subscriptions {
            r.check(Field::Subscriptions, line.check().map(|_| ()));
        }
        r
    }

    /// Writes the company details of this form into `customer` (trimmed): its name — also the bill-to's
    /// company name — and registration id; for an existing customer without bill-to details, that is all.
    pub fn apply_company_to(&self, customer: &mut Customer) {
        let org_id = self.org_registration_id.trim().to_string();
        customer.company.company_name = self.company_name.trim().to_string();
        customer.company.organization_registration_number = (!org_id.is_empty()).then_some(org_id);
        customer.billing.company_name = customer.company.company_name.clone();
    }

    /// Writes the account info and bill-to of this form into `customer` (trimmed, codes upper case).
    pub fn apply_account_to(&self, customer: &mut Customer) {
        let t = |s: &String| s.trim().to_string();
        self.apply_company_to(customer);
        customer.billing = BillingProfile {
            first_name: t(&self.first_name),
            last_name: t(&self.last_name),
            email: t(&self.email),
            culture: t(&self.culture),
            language: t(&self.language),
            company_name: t(&self.company_name),
            default_address: Address {
                line1: t(&self.address_line1),
                line2: t(&self.address_line2),
                line3: t(&self.address_line3),
                city: t(&self.city),
                state: self.state.trim().to_uppercase(),
                postal_code: t(&self.postal_code),
                country: self.country_code(),
                phone_number: t(&self.phone),
            },
        };
    }

    /// The rules for a customer imported from a file: account info, domain prefix and tags (an import
    /// describes existing customers, so no attestation is asked for).
    pub fn validate_import(&self, ctx: &ValidationContext) -> Report {
        let mut r = self.validate_account(ctx);
        r.check(Field::DomainPrefix, v::domain_prefix(&self.domain_prefix));
        r.check(Field::Tags, v::tags(&v::parse_tags(&self.tags)));
        r
    }

    /// Whether any bill-to detail is typed (the country and the language codes, which have defaults, do not
    /// count).
    pub fn billing_given(&self) -> bool {
        [
            &self.first_name,
            &self.last_name,
            &self.email,
            &self.address_line1,
            &self.address_line2,
            &self.address_line3,
            &self.city,
            &self.state,
            &self.postal_code,
            &self.phone,
        ]
        .iter()
        .any(|s| !s.trim().is_empty())
    }

    /// The rules for an existing customer without bill-to details (it has a tenant in Partner Center, whose
    /// export carries no billing): company name, registration id, domain prefix and tags.
    pub fn validate_existing(&self) -> Report {
        let mut r = Report::default();
        r.check(Field::CompanyName, v::company_name(&self.company_name));
        let warnings = v::company_name_warnings(&self.company_name);
        if !warnings.is_empty() {
            r.warnings.insert(Field::CompanyName, warnings);
        }
        r.check(Field::OrgRegistrationId, v::org_registration_id(&self.org_registration_id, &self.country_code()));
        r.check(Field::DomainPrefix, v::domain_prefix(&self.domain_prefix));
        r.check(Field::Tags, v::tags(&v::parse_tags(&self.tags)));
        r
    }

    /// The first rule a stored customer breaks, if any: the rules a customer imported from a file meets
    /// (account info, bill-to — unless it has none at all, see [`Customer::billing_missing`] —, domain
    /// prefix, tags). The partner's own email domains, a setting of each device, are not checked: a customer
    /// that arrived by sync is judged the same on every device.
    pub fn rule_broken_by(customer: &Customer, today: Date) -> Option<(Field, FieldError)> {
        let ctx = ValidationContext { today, partner_domains: Vec::new() };
        let draft = CustomerDraft::from_customer(customer);
        let report = if customer.billing_missing() { draft.validate_existing() } else { draft.validate_import(&ctx) };
        report.errors.into_iter().next()
    }

    /// Builds the customer this form describes, or the report of what is still wrong.
    pub fn to_customer(&self, ctx: &ValidationContext, tenant_id: Uuid, now: Timestamp) -> Result<Customer, Report> {
        let report = self.validate(ctx);
        let accepted_on = v::acceptance_date(&self.mca_date, ctx.today);
        let (true, Ok(accepted_on)) = (report.is_ok(), accepted_on) else {
            return Err(report);
        };
        let t = |s: &String| s.trim().to_string();
        let attestation = McaAttestation {
            first_name: t(&self.mca_first_name),
            last_name: t(&self.mca_last_name),
            email: t(&self.mca_email),
            phone_number: t(&self.mca_phone),
            accepted_on,
        };
        let mut customer = self.build(tenant_id, now, Some(attestation));
        // Every line passed `validate` above.
        customer.subscriptions = self
            .subscriptions
            .iter()
            .filter_map(|line| {
                let (offer_name, quantity) = line.check().ok()?;
                Some(Subscription {
                    id: Uuid::new_v4(),
                    offer_name,
                    quantity,
                    billing_cycle: line.billing_cycle,
                    status: SubscriptionStatus::Active,
                    created_at: now,
                })
            })
            .collect();
        Ok(customer)
    }

    /// Builds the customer a row of an imported file describes, or the report of what is wrong with it.
    pub fn to_imported_customer(
        &self,
        ctx: &ValidationContext,
        tenant_id: Uuid,
        now: Timestamp,
    ) -> Result<Customer, Report> {
        let report = self.validate_import(ctx);
        if !report.is_ok() {
            return Err(report);
        }
        Ok(self.build(tenant_id, now, None))
    }

    /// Builds an existing customer without bill-to details (see [`CustomerDraft::validate_existing`]).
    pub fn to_existing_customer(&self, tenant_id: Uuid, now: Timestamp) -> Result<Customer, Report> {
        let report = self.validate_existing();
        if !report.is_ok() {
            return Err(report);
        }
        let mut customer = self.build(tenant_id, now, None);
        customer.billing = BillingProfile { company_name: customer.company.company_name.clone(), ..Default::default() };
        Ok(customer)
    }

    fn build(&self, tenant_id: Uuid, now: Timestamp, attestation: Option<McaAttestation>) -> Customer {
        let mut customer = Customer {
            id: tenant_id,
            commerce_id: None,
            company: CompanyProfile {
                tenant_id,
                domain: self.primary_domain(),
                company_name: String::new(),
                organization_registration_number: None,
            },
            billing: BillingProfile {
                first_name: String::new(),
                last_name: String::new(),
                email: String::new(),
                culture: String::new(),
                language: String::new(),
                company_name: String::new(),
                default_address: Address::default(),
            },
            relationship: Relationship::Reseller,
            qualification: Qualification::None,
            custom_domains: Vec::new(),
            associated_partner_id: None,
            tags: v::parse_tags(&self.tags),
            attestation,
            subscriptions: Vec::new(),
            relationship_end: None,
            purchase: Default::default(),
            created_at: now,
            updated_at: now,
        };
        self.apply_account_to(&mut customer);
        customer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::FieldError;
    use time::macros::date;

    use crate::domain::fixtures::{ctx, valid_draft};

    #[test]
    fn a_complete_form_becomes_a_reseller_customer() {
        let id = Uuid::from_u128(7);
        let c = valid_draft().to_customer(&ctx(), id, Timestamp(42)).unwrap();
        assert_eq!(c.id, id);
        assert_eq!(c.company.tenant_id, id);
        assert_eq!(c.company.domain, "contosohandel.onmicrosoft.com");
        assert_eq!(c.relationship, Relationship::Reseller);
        assert_eq!(c.tags, vec!["Berlin", "Retail"]);
        assert_eq!(c.billing.default_address.country, "DE");
        assert_eq!(c.attestation.unwrap().accepted_on, date!(2026 - 11 - 20));
        assert_eq!((c.created_at, c.updated_at), (Timestamp(42), Timestamp(42)));
    }

    #[test]
    fn an_empty_form_reports_every_required_field() {
        let report = CustomerDraft::default().validate(&ctx());
        for f in [
            Field::CompanyName,
            Field::DomainPrefix,
            Field::FirstName,
            Field::Email,
            Field::AddressLine1,
            Field::City,
            Field::Country,
            Field::McaDate,
        ] {
            assert_eq!(report.error(f), Some(&FieldError::Required), "{f:?}");
        }
        assert!(report.error(Field::AddressLine2).is_none());
    }

    #[test]
    fn poland_needs_phone_and_registration_id() {
        let draft = CustomerDraft { country: "pl".into(), postal_code: "00-001".into(), ..valid_draft() };
        assert!(draft.needs_phone_and_registration());
        let report = draft.validate(&ctx());
        assert_eq!(report.error(Field::Phone), Some(&FieldError::PhoneRequiredIn("PL".into())));
        assert_eq!(report.error(Field::OrgRegistrationId), Some(&FieldError::RegistrationIdRequiredIn("PL".into())));
        let fixed =
            CustomerDraft { phone: "+48 22 123 45 67".into(), org_registration_id: "PL1234567890".into(), ..draft };
        assert!(fixed.to_customer(&ctx(), Uuid::nil(), Timestamp(0)).is_ok());
    }

    #[test]
    fn warnings_do_not_block() {
        let draft = CustomerDraft { company_name: "Contoso.com".into(), ..valid_draft() };
        let report = draft.validate(&ctx());
        assert!(report.is_ok());
        assert_eq!(report.warnings.get(&Field::CompanyName).map(Vec::len), Some(1));
    }

    #[test]
    fn a_customer_round_trips_through_the_form_and_edits_change_only_the_account() {
        let original = valid_draft().to_customer(&ctx(), Uuid::from_u128(3), Timestamp(1)).unwrap();
        let mut form = CustomerDraft::from_customer(&original);
        assert_eq!(form.to_customer(&ctx(), original.id, Timestamp(1)).unwrap(), original);
        form.city = " München ".into();
        form.company_name = "Contoso Süd GmbH".into();
        form.domain_prefix = "ignored".into();
        form.tags = "ignored".into();
        assert!(form.validate_account(&ctx()).is_ok());
        let mut edited = original.clone();
        form.apply_account_to(&mut edited);
        assert_eq!(edited.billing.default_address.city, "München");
        assert_eq!(edited.company.company_name, "Contoso Süd GmbH");
        assert_eq!(edited.billing.company_name, "Contoso Süd GmbH");
        assert_eq!((edited.company.domain.as_str(), &edited.tags), (original.company.domain.as_str(), &original.tags));
    }

    #[test]
    fn editing_does_not_require_the_wizard_only_fields() {
        let form = CustomerDraft { domain_prefix: String::new(), mca_date: String::new(), ..valid_draft() };
        assert!(form.validate_account(&ctx()).is_ok());
        assert!(!form.validate(&ctx()).is_ok());
    }

    #[test]
    fn subscription_lines_are_checked_and_start_active() {
        let line = |offer: &str, qty: &str| SubscriptionLine {
            offer_name: offer.into(),
            quantity: qty.into(),
            billing_cycle: BillingCycle::Annual,
        };
        let bad = CustomerDraft { subscriptions: vec![line("E3", "5"), line("", "1")], ..valid_draft() };
        assert_eq!(bad.validate(&ctx()).error(Field::Subscriptions), Some(&FieldError::OfferName));
        let good = CustomerDraft { subscriptions: vec![line("Microsoft 365 E3", " 25 ")], ..valid_draft() };
        let c = good.to_customer(&ctx(), Uuid::nil(), Timestamp(3)).unwrap();
        assert_eq!(c.subscriptions.len(), 1);
        assert_eq!((c.subscriptions[0].quantity, c.subscriptions[0].status), (25, SubscriptionStatus::Active));
    }

    #[test]
    fn partner_domain_email_is_refused() {
        let draft = CustomerDraft { email: "sales@fabrikam.com".into(), ..valid_draft() };
        assert_eq!(
            draft.validate(&ctx()).error(Field::Email),
            Some(&FieldError::ForbiddenEmailDomain("fabrikam.com".into()))
        );
    }
}
