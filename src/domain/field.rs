//! A customer's fields, in one place: each with its English name, where it lives in the stored record, and
//! how two versions of a customer differ in it. The wizard's rules report by field, an import column fills
//! one, a conflict names one by its path, and an edit's activity entry lists those changed. (German names:
//! `i18n::labels`.)

use serde::{Deserialize, Serialize};

use super::customer::Customer;

/// A field of a customer (of the form, the record, or an import file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    CompanyName,
    DomainPrefix,
    FirstName,
    LastName,
    Email,
    Culture,
    Language,
    AddressLine1,
    AddressLine2,
    AddressLine3,
    City,
    State,
    PostalCode,
    Country,
    Phone,
    OrgRegistrationId,
    Tags,
    McaFirstName,
    McaLastName,
    McaEmail,
    McaPhone,
    McaDate,
    Subscriptions,
    /// The customer's tenant id, "Microsoft ID" (set by Partner Center, never typed).
    MicrosoftId,
    /// The bill-to company name (the company's own name unless the edit page sets another).
    BillingCompanyName,
    Relationship,
    Qualification,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 27] = [
        Field::CompanyName,
        Field::DomainPrefix,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Culture,
        Field::Language,
        Field::AddressLine1,
        Field::AddressLine2,
        Field::AddressLine3,
        Field::City,
        Field::State,
        Field::PostalCode,
        Field::Country,
        Field::Phone,
        Field::OrgRegistrationId,
        Field::Tags,
        Field::McaFirstName,
        Field::McaLastName,
        Field::McaEmail,
        Field::McaPhone,
        Field::McaDate,
        Field::Subscriptions,
        Field::MicrosoftId,
        Field::BillingCompanyName,
        Field::Relationship,
        Field::Qualification,
    ];

    /// The fields an import column can fill, in the order the mapping lists them.
    pub const IMPORTED: [Field; 19] = [
        Field::MicrosoftId,
        Field::CompanyName,
        Field::DomainPrefix,
        Field::OrgRegistrationId,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Culture,
        Field::Language,
        Field::AddressLine1,
        Field::AddressLine2,
        Field::AddressLine3,
        Field::City,
        Field::State,
        Field::PostalCode,
        Field::Country,
        Field::Phone,
        Field::Tags,
        Field::Relationship,
    ];

    /// The account fields the edit page changes, in the order an activity entry lists them.
    pub const ACCOUNT: [Field; 16] = [
        Field::CompanyName,
        Field::OrgRegistrationId,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Culture,
        Field::Language,
        Field::AddressLine1,
        Field::AddressLine2,
        Field::AddressLine3,
        Field::City,
        Field::State,
        Field::PostalCode,
        Field::Country,
        Field::Phone,
        Field::BillingCompanyName,
    ];

    /// Its name in English, as the forms label it and the all-fields export heads its column.
    pub const fn english(self) -> &'static str {
        match self {
            Field::CompanyName => "Company name",
            Field::DomainPrefix => "Primary domain name",
            Field::FirstName => "First name",
            Field::LastName => "Last name",
            Field::Email => "Email",
            Field::Culture => "Culture",
            Field::Language => "Language",
            Field::AddressLine1 => "Address line 1",
            Field::AddressLine2 => "Address line 2",
            Field::AddressLine3 => "Address line 3",
            Field::City => "City",
            Field::State => "State",
            Field::PostalCode => "Postal code",
            Field::Country => "Country",
            Field::Phone => "Phone",
            Field::OrgRegistrationId => "Organisation registration id",
            Field::Tags => "Tags",
            Field::McaFirstName | Field::McaLastName | Field::McaEmail | Field::McaPhone | Field::McaDate => {
                "Attestation"
            }
            Field::Subscriptions => "Subscriptions",
            Field::MicrosoftId => "Microsoft ID",
            Field::BillingCompanyName => "Bill-to company name",
            Field::Relationship => "Relationship",
            Field::Qualification => "Qualification",
        }
    }

    /// Where it lives in a stored customer (a JSON pointer), if it is stored as one value.
    pub fn path(self) -> Option<&'static str> {
        Some(match self {
            Field::CompanyName => "/company/company_name",
            Field::OrgRegistrationId => "/company/organization_registration_number",
            Field::BillingCompanyName => "/billing/company_name",
            Field::FirstName => "/billing/first_name",
            Field::LastName => "/billing/last_name",
            Field::Email => "/billing/email",
            Field::Culture => "/billing/culture",
            Field::Language => "/billing/language",
            Field::AddressLine1 => "/billing/default_address/line1",
            Field::AddressLine2 => "/billing/default_address/line2",
            Field::AddressLine3 => "/billing/default_address/line3",
            Field::City => "/billing/default_address/city",
            Field::State => "/billing/default_address/state",
            Field::PostalCode => "/billing/default_address/postal_code",
            Field::Country => "/billing/default_address/country",
            Field::Phone => "/billing/default_address/phone_number",
            Field::Relationship => "/relationship",
            Field::Qualification => "/qualification",
            _ => return None,
        })
    }

    /// The field stored at `path` (see [`Field::path`]).
    pub fn at_path(path: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.path() == Some(path))
    }

    /// The account fields (see [`Field::ACCOUNT`]) in which customers `a` and `b` differ, for the log.
    pub fn changed_between(a: &Customer, b: &Customer) -> Vec<Field> {
        Field::ACCOUNT.into_iter().filter(|f| f.differs(a, b)).collect()
    }

    /// Copies this field's value from `from` into `to` (account fields; others are left alone).
    pub fn copy(self, from: &Customer, to: &mut Customer) {
        let (x, y) = (&from.billing.default_address, &mut to.billing.default_address);
        match self {
            Field::CompanyName => to.company.company_name.clone_from(&from.company.company_name),
            Field::OrgRegistrationId => {
                to.company.organization_registration_number.clone_from(&from.company.organization_registration_number)
            }
            Field::FirstName => to.billing.first_name.clone_from(&from.billing.first_name),
            Field::LastName => to.billing.last_name.clone_from(&from.billing.last_name),
            Field::Email => to.billing.email.clone_from(&from.billing.email),
            Field::Culture => to.billing.culture.clone_from(&from.billing.culture),
            Field::Language => to.billing.language.clone_from(&from.billing.language),
            Field::AddressLine1 => y.line1.clone_from(&x.line1),
            Field::AddressLine2 => y.line2.clone_from(&x.line2),
            Field::AddressLine3 => y.line3.clone_from(&x.line3),
            Field::City => y.city.clone_from(&x.city),
            Field::State => y.state.clone_from(&x.state),
            Field::PostalCode => y.postal_code.clone_from(&x.postal_code),
            Field::Country => y.country.clone_from(&x.country),
            Field::Phone => y.phone_number.clone_from(&x.phone_number),
            Field::BillingCompanyName => to.billing.company_name.clone_from(&from.billing.company_name),
            _ => {}
        }
    }

    /// Whether customers `a` and `b` differ in this field (account fields; others never differ here).
    pub fn differs(self, a: &Customer, b: &Customer) -> bool {
        let (x, y) = (&a.billing.default_address, &b.billing.default_address);
        match self {
            Field::CompanyName => a.company.company_name != b.company.company_name,
            Field::OrgRegistrationId => {
                a.company.organization_registration_number != b.company.organization_registration_number
            }
            Field::FirstName => a.billing.first_name != b.billing.first_name,
            Field::LastName => a.billing.last_name != b.billing.last_name,
            Field::Email => a.billing.email != b.billing.email,
            Field::Culture => a.billing.culture != b.billing.culture,
            Field::Language => a.billing.language != b.billing.language,
            Field::AddressLine1 => x.line1 != y.line1,
            Field::AddressLine2 => x.line2 != y.line2,
            Field::AddressLine3 => x.line3 != y.line3,
            Field::City => x.city != y.city,
            Field::State => x.state != y.state,
            Field::PostalCode => x.postal_code != y.postal_code,
            Field::Country => x.country != y.country,
            Field::Phone => x.phone_number != y.phone_number,
            Field::BillingCompanyName => a.billing.company_name != b.billing.company_name,
            _ => false,
        }
    }
}

/// What [`field_name`] calls the path of a whole record.
pub const WHOLE_RECORD: &str = "the whole record";

/// A path in a stored record in words: a field by its name ("City"), any other by its parts
/// (`/subscriptions/#…/quantity` → "subscriptions › quantity").
pub fn field_name(path: &str) -> String {
    if let Some(field) = Field::at_path(path) {
        return field.english().to_string();
    }
    let words: Vec<String> =
        path.trim_start_matches('/').split('/').filter(|s| !s.starts_with('#')).map(|s| s.replace('_', " ")).collect();
    if words.iter().all(String::is_empty) {
        WHOLE_RECORD.into()
    } else {
        words.join(" › ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_field_is_found_at_its_own_path_and_nothing_else_is() {
        for f in Field::ALL {
            if let Some(path) = f.path() {
                assert_eq!(Field::at_path(path), Some(f));
            }
        }
        assert_eq!(Field::at_path("/billing/default_address/city"), Some(Field::City));
        assert_eq!(Field::at_path("/subscriptions/#abc/quantity"), None);
        assert_eq!(Field::at_path("/"), None);
        assert!(Field::ACCOUNT.iter().all(|f| f.path().is_some()), "every account field is stored");
    }

    #[test]
    fn paths_are_named_as_the_forms_name_their_fields() {
        assert_eq!(field_name("/billing/default_address/city"), "City");
        assert_eq!(field_name("/billing/company_name"), "Bill-to company name");
        assert_eq!(field_name("/subscriptions/#abc/quantity"), "subscriptions › quantity");
        assert_eq!(field_name("/"), "the whole record");
    }
}
