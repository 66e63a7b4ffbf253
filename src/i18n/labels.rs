//! The UI's words for the domain's states and kinds, in both languages (the domain's own `label()` is the
//! English one, also used in CSV files and the activity log).

use super::Locale;
use crate::domain::activity::Action;
use crate::domain::customer::{Purchasable, Qualification, Relationship};
use crate::domain::field::{field_name, Field, WHOLE_RECORD};
use crate::domain::invitation::{Cloud, Feature};
use crate::domain::profile::{CustomerSize, Region};
use crate::domain::provider::ProviderStatus;
use crate::domain::referral::ReferralState;
use crate::domain::subscription::{BillingCycle, SubscriptionStatus};
use crate::sync::settings::{AuthKind, RemoteKind};

/// A state or kind the UI names.
pub trait Label {
    /// The German word.
    fn german(&self) -> &'static str;
    /// The English word.
    fn english(&self) -> &'static str;

    /// The word in `locale`.
    fn label_in(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.english(),
            Locale::De => self.german(),
        }
    }
}

/// Implements [`Label`] from the domain's English `label()` and a German match.
macro_rules! german_labels {
    ($ty:ty { $($variant:pat => $de:literal,)* }) => {
        impl Label for $ty {
            fn english(&self) -> &'static str {
                self.label()
            }
            fn german(&self) -> &'static str {
                match self {
                    $($variant => $de,)*
                }
            }
        }
    };
}

german_labels!(Relationship {
    Relationship::None => "Keine",
    Relationship::Reseller => "Händler",
    Relationship::Advisor => "Berater",
    Relationship::Syndication => "Syndizierung",
    Relationship::MicrosoftSupport => "Microsoft-Support",
});

german_labels!(Qualification {
    Qualification::None => "Keine",
    Qualification::Education => "Bildung",
    Qualification::Nonprofit => "Gemeinnützig",
    Qualification::GovernmentCommunityCloud => "Government Community Cloud",
});

german_labels!(Purchasable {
    Purchasable::Reservations => "Azure-Reservierungen",
    Purchasable::SavingsPlans => "Azure-Sparpläne",
});

german_labels!(Cloud {
    Cloud::Global => "Partner Center (global)",
    Cloud::UsGovernment => "Microsoft Cloud für US-Behörden",
    Cloud::Germany => "Microsoft Cloud Deutschland",
});

german_labels!(ReferralState {
    ReferralState::New => "Neu",
    ReferralState::Active => "Aktiv",
    ReferralState::Declined => "Abgelehnt",
    ReferralState::Expired => "Abgelaufen",
    ReferralState::Won => "Gewonnen",
    ReferralState::Lost => "Verloren",
});

german_labels!(BillingCycle {
    BillingCycle::Monthly => "Monatlich",
    BillingCycle::Annual => "Jährlich",
});

german_labels!(SubscriptionStatus {
    SubscriptionStatus::Active => "Aktiv",
    SubscriptionStatus::Suspended => "Ausgesetzt",
    SubscriptionStatus::Expired => "Abgelaufen",
});

german_labels!(RemoteKind {
    RemoteKind::CouchDb => "CouchDB oder Cloudant",
    RemoteKind::Http => "HTTP-Pull/Push-Endpunkt",
});

german_labels!(Action {
    Action::CustomerAdded => "Kunde hinzugefügt",
    Action::CustomerEdited => "Kontoinformationen bearbeitet",
    Action::TagsAdded => "Tags hinzugefügt",
    Action::TagsRemoved => "Tags entfernt",
    Action::SubscriptionAdded => "Abonnement hinzugefügt",
    Action::SubscriptionSuspended => "Abonnement ausgesetzt",
    Action::SubscriptionReactivated => "Abonnement reaktiviert",
    Action::RelationshipEnded => "Beziehung beendet",
    Action::RelationshipReactivated => "Beziehung reaktiviert",
    Action::RelationshipRequested => "Händlerbeziehung angefragt",
    Action::RelationshipRequestAccepted => "Beziehungsanfrage angenommen",
    Action::RelationshipRequestLinked => "Beziehungsanfrage diesem Kunden zugeordnet",
    Action::CustomersImported => "Kunden importiert",
    Action::ImportUndone => "Import rückgängig gemacht",
    Action::QualificationSet => "Qualifizierung festgelegt",
    Action::ConflictResolved => "Sync-Konflikt geklärt",
    Action::ConcurrentChangeMerged => "Gleichzeitige Änderung eines anderen Geräts zusammengeführt",
    Action::DeletedElsewhere => "Auf einem anderen Gerät gelöscht",
    Action::PurchasePermissionChanged => "Kaufberechtigung geändert",
    Action::ReferralReceived => "Empfehlung erhalten",
    Action::ReferralAccepted => "Empfehlung angenommen",
    Action::ReferralDeclined => "Empfehlung abgelehnt",
    Action::ReferralWon => "Empfehlung gewonnen",
    Action::ReferralLost => "Empfehlung verloren",
    Action::ProviderInvitationRecorded => "Einladung eines Anbieters erfasst",
    Action::ProviderAccepted => "Einladung eines Anbieters angenommen",
    Action::AssociatedPartnerChanged => "Indirekter Anbieter geändert",
    Action::BusinessProfileSaved => "Unternehmensprofil gespeichert",
    Action::BackupRestored => "Sicherung wiederhergestellt",
});

impl Label for AuthKind {
    fn english(&self) -> &'static str {
        match self {
            AuthKind::None => "None",
            AuthKind::Basic => "User name and password (Basic)",
            AuthKind::Bearer => "Token (Bearer)",
        }
    }
    fn german(&self) -> &'static str {
        match self {
            AuthKind::None => "Keine",
            AuthKind::Basic => "Benutzername und Kennwort (Basic)",
            AuthKind::Bearer => "Token (Bearer)",
        }
    }
}

impl Label for Feature {
    fn english(&self) -> &'static str {
        match self {
            Feature::Referrals => "Referrals",
            Feature::BusinessProfile => "Business profile",
            Feature::IndirectProviders => "Indirect providers",
            Feature::SavingsPlans => "Azure savings plans",
        }
    }
    fn german(&self) -> &'static str {
        match self {
            Feature::Referrals => "Empfehlungen",
            Feature::BusinessProfile => "Unternehmensprofil",
            Feature::IndirectProviders => "Indirekte Anbieter",
            Feature::SavingsPlans => "Azure-Sparpläne",
        }
    }
}

german_labels!(ProviderStatus {
    ProviderStatus::Invited => "Eingeladen",
    ProviderStatus::Active => "Aktiv",
});

german_labels!(Region {
    Region::Europe => "Europa",
    Region::NorthAmerica => "Nordamerika",
    Region::LatinAmerica => "Lateinamerika",
    Region::AsiaPacific => "Asien-Pazifik",
    Region::MiddleEastAfrica => "Naher Osten und Afrika",
});

german_labels!(CustomerSize {
    CustomerSize::Any => "Jede Größe",
    CustomerSize::Small => "Klein (1–99 Beschäftigte)",
    CustomerSize::Medium => "Mittel (100–999 Beschäftigte)",
    CustomerSize::Large => "Groß (1.000 oder mehr Beschäftigte)",
});

impl Label for Field {
    fn english(&self) -> &'static str {
        Field::english(*self)
    }
    fn german(&self) -> &'static str {
        match self {
            Field::CompanyName => "Firmenname",
            Field::DomainPrefix => "Primärer Domänenname",
            Field::FirstName => "Vorname",
            Field::LastName => "Nachname",
            Field::Email => "E-Mail",
            Field::Culture => "Kultur",
            Field::Language => "Sprache",
            Field::AddressLine1 => "Adresszeile 1",
            Field::AddressLine2 => "Adresszeile 2",
            Field::AddressLine3 => "Adresszeile 3",
            Field::City => "Ort",
            Field::State => "Bundesland",
            Field::PostalCode => "Postleitzahl",
            Field::Country => "Land",
            Field::Phone => "Telefon",
            Field::OrgRegistrationId => "Registrierungsnummer der Organisation",
            Field::Tags => "Tags",
            Field::McaFirstName | Field::McaLastName | Field::McaEmail | Field::McaPhone | Field::McaDate => {
                "Bestätigung"
            }
            Field::Subscriptions => "Abonnements",
            Field::MicrosoftId => "Microsoft-ID",
            Field::BillingCompanyName => "Firmenname der Rechnungsadresse",
            Field::Relationship => "Beziehung",
            Field::Qualification => "Qualifizierung",
        }
    }
}

/// A conflicting field's name in `locale` (fields without a name by their path, as in English).
pub fn field_name_in(path: &str, locale: Locale) -> String {
    match (Field::at_path(path), locale) {
        (Some(field), locale) => field.label_in(locale).to_string(),
        (None, Locale::De) if field_name(path) == WHOLE_RECORD => "der ganze Datensatz".into(),
        (None, _) => field_name(path),
    }
}
