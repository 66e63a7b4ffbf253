//! Checks over the whole catalogue: no empty text, and the same placeholders in both languages.

use super::errors::Localize;
use super::texts::*;
use super::*;
use crate::domain::validation::FieldError;

/// The `{n}` placeholders of a text, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .match_indices('{')
        .filter_map(|(i, _)| text[i..].find('}').map(|end| text[i..i + end + 1].to_string()))
        .collect();
    found.sort();
    found
}

#[test]
fn every_text_has_both_languages_with_the_same_placeholders() {
    let all = every_text();
    assert!(all.len() > 500, "the catalogue holds {} texts", all.len());
    for (key, en, de) in all {
        assert!(!en.trim().is_empty() && !de.trim().is_empty(), "{key} is empty in a language");
        assert_eq!(placeholders(en), placeholders(de), "{key}: placeholders differ between English and German");
    }
}

#[test]
fn the_language_follows_the_tag() {
    assert_eq!(Locale::from_tag("de-AT"), Locale::De);
    assert_eq!(Locale::from_tag("DE"), Locale::De);
    assert_eq!(Locale::from_tag("en-GB"), Locale::En);
    assert_eq!(Locale::from_tag("fr-FR"), Locale::En);
    assert_eq!(Locale::from_tag(""), Locale::En);
    assert_eq!(Locale::De.format_tag("de-CH"), "de-CH");
    assert_eq!(Locale::De.format_tag("en-GB"), "de-DE");
    assert_eq!(Locale::En.format_tag("de-DE"), "en-US");
    // What a browser under a POSIX locale reports is no language tag: the language's own tag instead.
    for not_a_tag in ["C", "C.UTF-8", "", "en-", "en--US", "e1"] {
        assert_eq!(Locale::En.format_tag(not_a_tag), "en-US", "{not_a_tag:?}");
    }
    assert_eq!(Locale::En.format_tag("en_GB"), "en-GB");
    assert_eq!(Locale::De.format_tag("de-AT-1996"), "de-AT-1996");
}

#[test]
fn no_text_leaves_its_plural_to_the_reader() {
    for (key, en, de) in every_text() {
        for text in [en, de] {
            assert!(!["(s)", "(e)", "(en)", "(n)"].iter().any(|p| text.contains(p)), "{key}: “{text}” — use `plural`");
        }
    }
}

#[test]
fn placeholders_are_filled_in_order() {
    assert_eq!(fill("{0} of {1}", &[&3, &"10"]), "3 of 10");
    assert_eq!(fill(Home::Customers.in_(Locale::De), &[&12]), "12 Kunden");
}

#[test]
fn field_names_in_errors_and_conflicts_are_german_too() {
    use crate::domain::referral::ReferralError;
    use crate::usecases::ResolveError;
    let e = ReferralError::Field(FieldError::Required, "Customer");
    assert_eq!(e.localize(Locale::De), "Kunde: Dieses Feld ist erforderlich.");
    let e = ResolveError::Undecided("/billing/default_address/city".into());
    assert_eq!(e.localize(Locale::En), "Choose a value for City.");
    assert_eq!(e.localize(Locale::De), "Wählen Sie einen Wert für Ort.");
    assert_eq!(labels::field_name_in("/", Locale::De), "der ganze Datensatz");
    assert_eq!(labels::field_name_in("/billing/company_name", Locale::De), "Firmenname der Rechnungsadresse");
    assert_eq!(labels::field_name_in("/subscriptions/#a/quantity", Locale::De), "subscriptions › quantity");
    // The import's column choices, in German too.
    use crate::domain::field::Field;
    use labels::Label;
    let choices: Vec<&str> = Field::IMPORTED.iter().take(3).map(|f| f.label_in(Locale::De)).collect();
    assert_eq!(choices, ["Microsoft-ID", "Firmenname", "Primärer Domänenname"]);
    let row = crate::domain::csv_import::RowProblem::Field(
        crate::domain::validation::Field::PostalCode,
        FieldError::Required,
    );
    assert_eq!(row.localize(Locale::De), "Postleitzahl: Dieses Feld ist erforderlich.");
    // A settled conflict that breaks a rule names the field in the language shown, not as the code does.
    let broken = crate::sync::held::Reason::BreaksRule {
        field: crate::domain::validation::Field::PostalCode,
        error: FieldError::Required,
    };
    let e = ResolveError::Invalid(broken);
    assert_eq!(e.localize(Locale::En), "The typed values are not valid: Postal code: This field is required.");
    assert_eq!(
        e.localize(Locale::De),
        "Die eingegebenen Werte sind ungültig: Postleitzahl: Dieses Feld ist erforderlich."
    );
}

#[test]
fn errors_speak_german_when_asked() {
    let e = FieldError::TooLong { max: 50, actual: 61 };
    assert_eq!(e.localize(Locale::En), "Use at most 50 characters (now 61).");
    assert_eq!(e.localize(Locale::De), "Verwenden Sie höchstens 50 Zeichen (jetzt 61).");
    assert_eq!(FieldError::Required.localize(Locale::De), "Dieses Feld ist erforderlich.");
    let fixed = crate::domain::rules::RuleError::QualificationFixed(crate::domain::customer::Qualification::Nonprofit);
    assert_eq!(fixed.localize(Locale::En), "The qualification is Nonprofit already; once set it can't be changed.");
    assert_eq!(
        fixed.localize(Locale::De),
        "Die Qualifizierung ist bereits Gemeinnützig; einmal gesetzt, kann sie nicht geändert werden."
    );
}

#[test]
fn a_full_storage_says_how_much_it_holds_in_both_languages() {
    use crate::store::{StorageUse, StoreError};
    let full = StoreError::QuotaExceeded(Some(StorageUse { used: 12_345_678, quota: 2_500_000_000_000 }));
    assert!(full
        .localize(Locale::En)
        .starts_with("The browser's storage for this app is full (the app itself holds 12.3 MB). Nothing was saved"));
    assert!(full
        .localize(Locale::De)
        .starts_with("Der Speicher des Browsers für diese App ist voll (die App selbst belegt 12,3 MB)."));
    let unknown = StoreError::QuotaExceeded(None);
    assert!(unknown.localize(Locale::En).starts_with("The browser's storage for this app is full. Nothing was saved"));
}

#[test]
fn a_sync_failure_is_put_in_words_when_shown_in_the_language_of_then() {
    use super::sync_words::SyncWords;
    use crate::sync::engine::SyncError;
    use crate::sync::remote::RemoteError;
    use crate::sync::status::SyncStatus;
    let stopped = SyncStatus::Error(SyncError::Remote(RemoteError::Unauthorized));
    assert_eq!(
        stopped.sentence_in(Locale::En, &|n| n.to_string()),
        "Sync stopped: The server asks for valid credentials."
    );
    assert_eq!(
        stopped.sentence_in(Locale::De, &|n| n.to_string()),
        "Synchronisierung angehalten: Der Server verlangt gültige Anmeldedaten."
    );
    let retrying = SyncStatus::Retrying { reason: RemoteError::Unreachable("timeout".into()), in_seconds: 4 };
    assert_eq!(
        retrying.sentence_in(Locale::De, &|n| n.to_string()),
        "Der Server ist nicht erreichbar (timeout). Neuer Versuch in 4 s."
    );
}

#[test]
fn sync_code_that_could_not_be_fetched_is_said_in_each_language_and_tried_again() {
    use super::sync_words::SyncWords;
    use crate::sync::remote::RemoteError;
    use crate::sync::status::SyncStatus;
    assert!(RemoteError::CodeNotFetched.is_transient());
    let retrying = SyncStatus::Retrying { reason: RemoteError::CodeNotFetched, in_seconds: 8 };
    assert_eq!(
        retrying.sentence_in(Locale::En, &|n| n.to_string()),
        "This app's sync code is not stored on this device yet and could not be fetched. Trying again in 8 s."
    );
    assert_eq!(
        retrying.sentence_in(Locale::De, &|n| n.to_string()),
        "Der Sync-Teil dieser App ist auf diesem Gerät noch nicht gespeichert und konnte nicht abgerufen werden. Neuer Versuch in 8 s."
    );
}
