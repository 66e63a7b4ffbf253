//! Error messages in the UI's language. The error enums keep their English `Display` (used in logs and
//! tests); [`Localize`] gives the words for the chosen language.

use super::labels::Label;
use super::Locale;
use crate::domain::backup::BackupError;
use crate::domain::csv_import::{ParseError, RowProblem};
use crate::domain::invitation::GdapError;
use crate::domain::profile::ProfileError;
use crate::domain::provider::ProviderError;
use crate::domain::referral::ReferralError;
use crate::domain::rules::RuleError;
use crate::domain::validation::{FieldError, Warning};
use crate::store::StoreError;
use crate::sync::engine::SyncError;
use crate::sync::held::Reason;
use crate::sync::local::LocalError;
use crate::sync::remote::RemoteError;
use crate::sync::settings::SettingsError;
use crate::usecases::{
    AddCustomerError, BackupUseError, ChangeError, EditCustomerError, ProfileUseError, ProviderUseError,
    ReferralUseError, RequestError, ResolveError, SaveSettingsError,
};

/// A message for the user in their language.
pub trait Localize: std::fmt::Display {
    /// The German words (English is `Display`).
    fn german(&self) -> String;

    /// The message in `locale`.
    fn localize(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.to_string(),
            Locale::De => self.german(),
        }
    }
}

/// German for the few English words errors carry as values (states, actions, field names); other words
/// (names the user typed) pass through.
pub fn german_word(word: &str) -> &str {
    match word {
        "Customer" => "Kunde",
        "Contact" => "Kontakt",
        "Received" => "Eingegangen",
        "Invited" => "Einladung erhalten",
        "New" => "neu",
        "Active" => "aktiv",
        "Declined" => "abgelehnt",
        "Expired" => "abgelaufen",
        "Won" => "gewonnen",
        "Lost" => "verloren",
        "accepted" => "angenommen",
        "declined" => "abgelehnt",
        "won" => "als gewonnen markiert",
        "lost" => "als verloren markiert",
        "Contact email" => "E-Mail des Kontakts",
        "Deal name" => "Name des Geschäfts",
        "Notes" => "Notizen",
        "CRM id" => "CRM-ID",
        "Contacts" => "Kontakte",
        "Reason" => "Grund",
        "Provider" => "Anbieter",
        "Partner id" => "Partner-ID",
        "Need" => "Bedarf",
        other => other,
    }
}

impl Localize for FieldError {
    fn german(&self) -> String {
        use FieldError::*;
        match self {
            Required => "Dieses Feld ist erforderlich.".into(),
            TooLong { max, actual } => format!("Verwenden Sie höchstens {max} Zeichen (jetzt {actual})."),
            TooShort { min } => format!("Verwenden Sie mindestens {min} Zeichen."),
            SingleCharacter => "Ein Firmenname braucht mehr als ein Zeichen.".into(),
            OnlySpecialCharacters => {
                "Ein Firmenname braucht mindestens einen Buchstaben oder eine Ziffer, nicht nur Sonderzeichen oder Leerzeichen.".into()
            }
            RestrictedAbbreviation(a) => {
                format!("„{a}“ allein ist die Abkürzung einer Rechtsform, kein Firmenname. Geben Sie den vollständigen Namen ein.")
            }
            SpacedSingleCharacters => {
                "Ein Firmenname darf nicht aus einzelnen, durch Leerzeichen getrennten Zeichen bestehen, wie „1 2 3“.".into()
            }
            OneCharacterRepeated => "Ein Firmenname darf nicht ein wiederholtes Zeichen sein, wie „999“.".into(),
            InvalidEmail => "Geben Sie eine gültige E-Mail-Adresse ein, wie name@example.com.".into(),
            ForbiddenEmailDomain(d) => format!(
                "Die E-Mail-Adresse des Kunden darf nicht in der Domäne „{d}“ liegen: Verwenden Sie eine eigene Adresse des Kunden."
            ),
            UnknownCountry => "Wählen Sie ein Land aus der Liste.".into(),
            UsStateCode => "Verwenden Sie den zweistelligen Code des Bundesstaats, wie WA.".into(),
            PhoneRequiredIn(c) => format!("Für Kunden in {c} ist eine Telefonnummer erforderlich."),
            InvalidPhone => "Geben Sie eine Telefonnummer mit 4 bis 20 Ziffern ein; erlaubt sind nur Ziffern, Leerzeichen, + - ( ) . und /.".into(),
            RegistrationIdRequiredIn(c) => {
                format!("Für Kunden in {c} ist eine Registrierungsnummer der Organisation erforderlich.")
            }
            PostalCodeRequiredIn(c) => format!("In {c} ist eine Postleitzahl erforderlich."),
            DomainPrefixCharacters => "Verwenden Sie nur Buchstaben a–z und Ziffern 0–9, ohne Leerzeichen, Punkte oder Bindestriche.".into(),
            DomainTaken(d, owner) => format!("{d}.onmicrosoft.com wird bereits vom Kunden „{owner}“ verwendet."),
            InvalidDate => "Geben Sie ein Datum wie 31.12.2026 oder 2026-12-31 ein.".into(),
            DateInFuture => "Das Datum der Zustimmung darf nicht in der Zukunft liegen.".into(),
            InvalidCulture => "Verwenden Sie eine Kultur wie de-DE oder en-US.".into(),
            InvalidLanguage => "Verwenden Sie einen zweistelligen Sprachcode wie de oder en.".into(),
            InvalidPartnerId => "Geben Sie die Partner-ID wie im Partner Center angezeigt ein: eine GUID wie 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d.".into(),
            OfferName => "Geben Sie einen Angebotsnamen ein (höchstens 200 Zeichen).".into(),
            Quantity => "Geben Sie eine Menge von 1 bis 100000 ein.".into(),
            TooManyTags { max, actual } => format!("Ein Kunde kann höchstens {max} Tags haben (jetzt {actual})."),
            TagTooLong { tag, max } => format!("Das Tag „{tag}“ ist länger als {max} Zeichen."),
        }
    }
}

impl Localize for Warning {
    fn german(&self) -> String {
        match self {
            Warning::TopLevelDomain(d) => format!(
                "Der Name enthält „{d}“, eine Domänenendung. Bitte prüfen Sie, ob der Firmenname stimmt: Mit ihm wird das Konto genehmigt."
            ),
            Warning::RepeatedCharacter(c) => {
                format!("„{c}“ kommt dreimal oder öfter hintereinander vor. Bitte prüfen Sie, ob der Firmenname stimmt.")
            }
            Warning::SpacedSingleCharacters => {
                "Der Name enthält einzelne, durch Leerzeichen getrennte Zeichen. Bitte prüfen Sie, ob der Firmenname stimmt.".into()
            }
        }
    }
}

impl Localize for RuleError {
    fn german(&self) -> String {
        use RuleError::*;
        match self {
            Field(e) => e.german(),
            ActiveSubscriptions(1) => "Die Beziehung kann nicht beendet werden, solange 1 Abonnement aktiv ist. Setzen Sie es zuerst aus oder kündigen Sie es.".into(),
            ActiveSubscriptions(n) => format!(
                "Die Beziehung kann nicht beendet werden, solange {n} Abonnements aktiv sind. Setzen Sie sie zuerst aus oder kündigen Sie sie."
            ),
            RelationshipEnded => "Die Beziehung mit diesem Kunden wurde beendet. Reaktivieren Sie sie, bevor Sie Abonnements hinzufügen.".into(),
            AlreadyEnded => "Die Beziehung ist bereits beendet.".into(),
            NotEnded => "Die Beziehung ist aktiv; es gibt nichts zu reaktivieren.".into(),
            NoSuchSubscription => "Dieses Abonnement gibt es nicht.".into(),
            Expired => "Ein abgelaufenes Abonnement kann nicht reaktiviert werden.".into(),
            QualificationFixed(q) => format!(
                "Die Qualifizierung ist bereits {}; einmal gesetzt, kann sie nicht geändert werden.",
                q.german()
            ),
        }
    }
}

impl Localize for ParseError {
    fn german(&self) -> String {
        match self {
            ParseError::Empty => "Die Datei ist leer.".into(),
            ParseError::NotUtf8(line) => format!(
                "Die Datei ist kein UTF-8-Text (Zeile {line}). Speichern Sie sie in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“."
            ),
            ParseError::Malformed { line, reason } => format!("Zeile {line}: {reason}"),
            ParseError::NoRows => "Die Datei hat eine Kopfzeile, aber keine Zeilen.".into(),
        }
    }
}

impl Localize for ReferralError {
    fn german(&self) -> String {
        match self {
            ReferralError::NotAllowed(state, doing) => {
                format!("Eine Empfehlung, die {} ist, kann nicht {} werden.", german_word(state), german_word(doing))
            }
            ReferralError::Field(e, name) => format!("{}: {}", german_word(name), e.german()),
            ReferralError::Value => "Geben Sie den Wert des Geschäfts in Euro ein, wie 25000 oder 25.000,00.".into(),
            ReferralError::ReceivedInFuture => "Das Eingangsdatum darf nicht in der Zukunft liegen.".into(),
        }
    }
}

impl Localize for GdapError {
    fn german(&self) -> String {
        match self {
            GdapError::Name => {
                "Geben Sie einen Namen ein (höchstens 50 Zeichen: Buchstaben, Ziffern, Leerzeichen, - und _).".into()
            }
            GdapError::NameTaken(n) => {
                format!("Eine Anfrage namens „{n}“ gibt es bereits: Namen müssen eindeutig sein.")
            }
            GdapError::Duration => "Geben Sie eine Dauer von 1 bis 730 Tagen ein.".into(),
            GdapError::NoRoles => "Wählen Sie mindestens eine Rolle.".into(),
        }
    }
}

impl Localize for StoreError {
    fn german(&self) -> String {
        use StoreError::*;
        match self {
            Unavailable(why) => format!(
                "Dieser Browser lässt die App keine Daten speichern ({why}). Private Fenster tun das oft: Öffnen Sie die App in einem normalen Fenster."
            ),
            NewerVersion => "Eine neuere Version dieser App ist in einem anderen Tab geöffnet (oder wurde gerade installiert). Hier wurde nichts geändert und Ihre Daten sind sicher: Laden Sie diesen Tab neu, um die neuere Version zu verwenden.".into(),
            QuotaExceeded(usage) => {
                let usage = usage.map(|u| format!(" (die App selbst belegt {})", u.held(',')));
                format!(
                    "Der Speicher des Browsers für diese App ist voll{}. Nichts wurde gespeichert und Ihre Eingaben sind noch da; was Sie tun können, steht oben auf der Seite.",
                    usage.unwrap_or_default()
                )
            }
            DuplicateDomain(d) => format!("Einen Kunden mit der Domäne {d} gibt es bereits."),
            DuplicateId(id) => format!("Einen Kunden mit der ID {id} gibt es bereits."),
            Constraint => "Eine Eindeutigkeitsregel wurde verletzt.".into(),
            MissingCustomer(id) => format!("Den Kunden {id} gibt es auf diesem Gerät nicht mehr."),
            Corrupt(why) => format!("Gespeicherte Daten konnten nicht gelesen werden ({why})."),
            Failed(why) => format!("Der Speicher des Browsers hat versagt ({why}). Nichts wurde geändert."),
        }
    }
}

impl Localize for SettingsError {
    fn german(&self) -> String {
        match self {
            SettingsError::Url => "Geben Sie die Adresse des Servers ein, beginnend mit https:// (oder http:// für einen Server auf diesem Computer).".into(),
            SettingsError::Database => "Ein Datenbankname beginnt mit einem Kleinbuchstaben und enthält nur a–z, 0–9 und _ $ ( ) + - /.".into(),
            SettingsError::User => "Geben Sie den Benutzernamen ein.".into(),
        }
    }
}

impl Localize for RemoteError {
    fn german(&self) -> String {
        match self {
            RemoteError::Unreachable(why) => format!("Der Server ist nicht erreichbar ({why})."),
            RemoteError::Unauthorized => "Der Server verlangt gültige Anmeldedaten.".into(),
            RemoteError::Http { status, reason } => format!("Der Server antwortete {status}: {reason}"),
            RemoteError::Protocol(why) => format!("Die Antwort des Servers ergibt für diese App keinen Sinn: {why}"),
            RemoteError::CodeNotFetched => "Der Sync-Teil dieser App ist auf diesem Gerät noch nicht gespeichert und konnte nicht abgerufen werden.".into(),
        }
    }
}

impl Localize for LocalError {
    fn german(&self) -> String {
        match self {
            LocalError::Full => "Der Speicher des Browsers für diese App ist voll: Sync kann nicht speichern, was ankam. Geben Sie auf diesem Gerät Speicher frei und synchronisieren Sie erneut.".into(),
            LocalError::Constraint => "Zwei Kunden hätten dieselbe primäre Domäne.".into(),
            LocalError::Corrupt(why) => format!("Gespeicherte Daten konnten nicht gelesen werden ({why})."),
            LocalError::NewerVersion => "Eine neuere Version dieser App ist in einem anderen Tab geöffnet: Sie synchronisiert von dort. Laden Sie diesen Tab neu, um sie zu verwenden.".into(),
            LocalError::Failed(why) => format!("Der Speicher dieses Geräts hat versagt ({why})."),
            LocalError::StartedOver => "Sync hat mit den neuen Einstellungen neu begonnen.".into(),
        }
    }
}

impl Localize for Reason {
    fn german(&self) -> String {
        match self {
            Reason::UnknownKind { kind } => format!("Eine Art von Datensatz, die diese App nicht kennt („{kind}“)."),
            Reason::KindMismatch { kind } => format!("Seine Art „{kind}“ passt nicht zu seiner ID."),
            Reason::NoContent => "Es ist nicht gelöscht, hat aber keinen Inhalt.".into(),
            Reason::Unreadable { why } => format!("Sein Inhalt hat nicht die Form, die diese App liest (technische Angabe: {why})."),
            Reason::WrongRecord => "Sein Inhalt gehört zu einem anderen Datensatz.".into(),
            Reason::DomainTaken { domain, owner } => format!(
                "{domain} wird hier von „{owner}“ und auf dem Remote-Server von einem anderen Kunden verwendet; ändern Sie einen der beiden."
            ),
            Reason::BreaksRule { field, error } => {
                format!("{}: {}", field.german(), error.german())
            }
        }
    }
}

impl Localize for SyncError {
    fn german(&self) -> String {
        match self {
            SyncError::Remote(e) => e.german(),
            SyncError::Local(e) => e.german(),
        }
    }
}

/// "Some fields need attention." in German.
const FIELDS_NEED_ATTENTION: &str = "Einige Felder müssen korrigiert werden.";
/// "This customer no longer exists on this device." in German.
const CUSTOMER_GONE: &str = "Diesen Kunden gibt es auf diesem Gerät nicht mehr.";

impl Localize for AddCustomerError {
    fn german(&self) -> String {
        match self {
            AddCustomerError::Invalid(_) => FIELDS_NEED_ATTENTION.into(),
            AddCustomerError::DomainTaken { domain, owner } => {
                format!("{domain} wird bereits vom Kunden „{owner}“ verwendet. Wählen Sie ein anderes Domänenpräfix.")
            }
            AddCustomerError::Referral(e) => {
                format!("Die Empfehlung kann nicht als gewonnen markiert werden: {}", e.german())
            }
            AddCustomerError::Store(e) => e.german(),
        }
    }
}

impl Localize for EditCustomerError {
    fn german(&self) -> String {
        match self {
            EditCustomerError::Invalid(_) => FIELDS_NEED_ATTENTION.into(),
            EditCustomerError::NotFound => CUSTOMER_GONE.into(),
            EditCustomerError::Store(e) => e.german(),
        }
    }
}

impl Localize for ChangeError {
    fn german(&self) -> String {
        match self {
            ChangeError::Rule(e) => e.german(),
            ChangeError::RuleFor { customer, error } => format!("„{customer}“: {}", error.german()),
            ChangeError::NotFound => CUSTOMER_GONE.into(),
            ChangeError::Store(e) => e.german(),
        }
    }
}

impl Localize for ReferralUseError {
    fn german(&self) -> String {
        match self {
            ReferralUseError::Invalid(e) => e.german(),
            ReferralUseError::NotFound => "Diese Empfehlung gibt es auf diesem Gerät nicht mehr.".into(),
            ReferralUseError::Store(e) => e.german(),
        }
    }
}

impl Localize for RequestError {
    fn german(&self) -> String {
        match self {
            RequestError::NoPartnerId => {
                "Legen Sie zuerst Ihre Partner-ID in den Einstellungen fest: Aus ihr wird der Einladungslink gebildet."
                    .into()
            }
            RequestError::PartnerId(e) => format!("Partner-ID: {}", e.german()),
            RequestError::Recipient(e) => format!("Empfänger: {}", e.german()),
            RequestError::CompanyName(e) => format!("Firmenname: {}", e.german()),
            RequestError::UserName(e) => format!("Ihr Name: {}", e.german()),
            RequestError::Gdap(e) => format!("GDAP: {}", e.german()),
            RequestError::NotFound => "Diese Anfrage gibt es nicht.".into(),
            RequestError::NoSuchCustomer => "Diesen Kunden gibt es auf diesem Gerät nicht mehr.".into(),
            RequestError::Store(e) => e.german(),
        }
    }
}

impl Localize for ResolveError {
    fn german(&self) -> String {
        match self {
            ResolveError::Gone => "Dieser Konflikt ist bereits geklärt (vielleicht in einem anderen Tab).".into(),
            ResolveError::Undecided(path) => {
                format!("Wählen Sie einen Wert für {}.", super::labels::field_name_in(path, Locale::De))
            }
            ResolveError::Invalid(why) => format!("Die eingegebenen Werte sind ungültig: {}", why.german()),
            ResolveError::Store(e) => e.german(),
            ResolveError::Sync(e) => e.german(),
        }
    }
}

impl Localize for BackupError {
    fn german(&self) -> String {
        match self {
            BackupError::Foreign => "Diese Datei ist keine Sicherung dieser App.".into(),
            BackupError::NewerFormat(v) => format!("Diese Sicherung wurde von einer neueren Version der App erstellt (Format {v}); öffnen Sie diese Version, um sie wiederherzustellen."),
            BackupError::Truncated => "Diese Sicherung ist unvollständig: Die Datei endet vor dem Ende der Sicherung.".into(),
            BackupError::Damaged => "Diese Sicherung ist beschädigt: Ihr Inhalt passt nicht zu ihrer Prüfsumme.".into(),
            BackupError::Unreadable { line, reason } => format!("Zeile {line} der Sicherung kann nicht gelesen werden: {reason}"),
        }
    }
}

impl Localize for BackupUseError {
    fn german(&self) -> String {
        match self {
            BackupUseError::Store(e) => e.german(),
            BackupUseError::Sync(e) => e.german(),
            BackupUseError::File(e) => e.german(),
            BackupUseError::Stopped { written, total, error } => format!(
                "{written} von {total} Datensätzen wurden wiederhergestellt, dann brach es ab: {}",
                error.german()
            ),
        }
    }
}

impl Localize for SaveSettingsError {
    fn german(&self) -> String {
        match self {
            SaveSettingsError::Invalid(_) => FIELDS_NEED_ATTENTION.into(),
            SaveSettingsError::Store(e) => e.german(),
        }
    }
}

impl Localize for RowProblem {
    fn german(&self) -> String {
        match self {
            RowProblem::InvalidId(id) => format!("Microsoft-ID: „{id}“ ist keine gültige ID."),
            RowProblem::DomainTwice(d, line) => format!("Primärer Domänenname: {d} steht auch in Zeile {line}."),
            RowProblem::IdTwice(id, line) => format!("Microsoft-ID: {id} steht auch in Zeile {line}."),
            RowProblem::CustomerTwice(line) => format!("Dieser Kunde wird auch durch Zeile {line} aktualisiert."),
            RowProblem::Exists(name) => {
                format!("„{name}“ gibt es bereits: Wählen Sie „aktualisieren“ oder „anlegen oder aktualisieren“.")
            }
            RowProblem::NoMatch => "Kein Kunde hat diese Microsoft-ID oder Domäne.".into(),
            RowProblem::UnknownRelationship(text) => {
                format!("Beziehung: „{text}“ ist keine von Reseller, Advisor, Syndication, Microsoft support, None.")
            }
            RowProblem::Field(field, e) => format!("{}: {}", field.german(), e.german()),
        }
    }
}

impl Localize for ProviderError {
    fn german(&self) -> String {
        match self {
            ProviderError::Field(e, name) => format!("{}: {}", german_word(name), e.german()),
            ProviderError::PartnerIdTaken(name) => format!("Der Anbieter „{name}“ hat diese Partner-ID bereits."),
            ProviderError::InvitedInFuture => "Das Datum der Einladung darf nicht in der Zukunft liegen.".into(),
            ProviderError::AlreadyActive => "Die Einladung dieses Anbieters ist bereits angenommen.".into(),
        }
    }
}

impl Localize for ProviderUseError {
    fn german(&self) -> String {
        match self {
            ProviderUseError::Invalid(e) => e.german(),
            ProviderUseError::PartnerId(e) => format!("Indirekter Anbieter: {}", e.german()),
            ProviderUseError::NotFound => "Diesen Anbieter gibt es auf diesem Gerät nicht mehr.".into(),
            ProviderUseError::CustomerNotFound => CUSTOMER_GONE.into(),
            ProviderUseError::Store(e) => e.german(),
        }
    }
}

impl Localize for ProfileError {
    fn german(&self) -> String {
        match self {
            ProfileError::Field(e) => e.german(),
            ProfileError::LogoType(t) => {
                let t = if t == "of an unknown type" { "unbekannten Typs" } else { t };
                format!("Verwenden Sie ein GIF-, JPG- oder PNG-Bild (diese Datei ist {t}).")
            }
            ProfileError::LogoTooWide(w) => format!("Das Logo ist {w} px breit; es darf höchstens 300 px breit sein."),
            ProfileError::LogoTooLarge(kb) => format!("Die Logodatei hat {kb} KB; sie darf höchstens 256 KB haben."),
            ProfileError::LogoUnreadable => "Die Datei konnte nicht als Bild gelesen werden.".into(),
            ProfileError::TooManyLocations(country, n) => {
                format!("Höchstens 5 Standorte pro Land: {country} hat {n}.")
            }
        }
    }
}

impl Localize for ProfileUseError {
    fn german(&self) -> String {
        match self {
            ProfileUseError::Invalid(_) => FIELDS_NEED_ATTENTION.into(),
            ProfileUseError::Store(e) => e.german(),
        }
    }
}
