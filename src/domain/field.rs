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
        match self {
            Field::Relationship => Some("/relationship"),
            Field::Qualification => Some("/qualification"),
            _ => self.account_path(),
        }
    }

    /// The field stored at `path` (see [`Field::path`]).
    pub fn at_path(path: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.path() == Some(path))
    }

    /// The account fields (see [`Field::ACCOUNT`]) in which customers `a` and `b` differ, for the log.
    pub fn changed_between(a: &Customer, b: &Customer) -> Vec<Field> {
        Field::ACCOUNT.iter().copied().filter(|f| f.differs(a, b)).collect()
    }
}

/// The account fields, each with where it lives in a customer, written once: [`Field::ACCOUNT`],
/// [`Field::copy`], [`Field::differs`] and their paths are made from this list (the stored record's JSON
/// names are the Rust field names).
macro_rules! account_fields {
    ($($field:ident: $first:ident $(. $part:ident)*;)+) => {
        impl Field {
            /// The account fields the edit page changes, in the order an activity entry lists them.
            pub const ACCOUNT: &[Field] = &[$(Field::$field),+];

            /// Copies this field's value from `from` into `to` (account fields; others are left alone).
            pub fn copy(self, from: &Customer, to: &mut Customer) {
                match self {
                    $(Field::$field => to.$first$(.$part)*.clone_from(&from.$first$(.$part)*),)+
                    _ => {}
                }
            }

            /// Whether customers `a` and `b` differ in this field (account fields; others never differ here).
            pub fn differs(self, a: &Customer, b: &Customer) -> bool {
                match self {
                    $(Field::$field => a.$first$(.$part)* != b.$first$(.$part)*,)+
                    _ => false,
                }
            }

            /// Where an account field lives in a stored customer (a JSON pointer).
            fn account_path(self) -> Option<&'static str> {
                match self {
                    $(Field::$field => Some(concat!("/", stringify!($first) $(, "/", stringify!($part))*)),)+
                    _ => None,
                }
            }
        }
    };
}

account_fields! {
    CompanyName: company.company_name;
    OrgRegistrationId: company.organization_registration_number;
    FirstName: billing.first_name;
    LastName: billing.last_name;
    Email: billing.email;
    Culture: billing.culture;
    Language: billing.language;
    AddressLine1: billing.default_address.line1;
    AddressLine2: billing.default_address.line2;
    AddressLine3: billing.default_address.line3;
    City: billing.default_address.city;
    State: billing.default_address.state;
    PostalCode: billing.default_address.postal_code;
    Country: billing.default_address.country;
    Phone: billing.default_address.phone_number;
    BillingCompanyName: billing.company_name;
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
        assert_eq!(Field::Phone.path(), Some("/billing/default_address/phone_number"));
        assert_eq!(Field::OrgRegistrationId.path(), Some("/company/organization_registration_number"));
        assert_eq!(Field::BillingCompanyName.path(), Some("/billing/company_name"));
        assert_eq!(Field::ACCOUNT.len(), 16);
    }

    #[test]
    fn paths_are_named_as_the_forms_name_their_fields() {
        assert_eq!(field_name("/billing/default_address/city"), "City");
        assert_eq!(field_name("/billing/company_name"), "Bill-to company name");
        assert_eq!(field_name("/subscriptions/#abc/quantity"), "subscriptions › quantity");
        assert_eq!(field_name("/"), "the whole record");
    }
}
