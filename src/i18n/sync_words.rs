//! The sync state in words, in both languages: the header badge and the sync page's sentence (a failure is
//! put in words when shown, in the language of then).

use super::errors::Localize;
use super::Locale;
use crate::sync::status::SyncStatus;

/// The sync state in words: the header badge and the sync page's sentence.
pub trait SyncWords {
    /// Short words for the header badge.
    fn badge_in(&self, locale: Locale) -> &'static str;
    /// The full sentence for the sync page; `count` writes a number of documents as the page does.
    fn sentence_in(&self, locale: Locale, count: &dyn Fn(usize) -> String) -> String;
}

impl SyncWords for SyncStatus {
    fn badge_in(&self, locale: Locale) -> &'static str {
        if locale == Locale::En {
            return self.badge();
        }
        match self {
            SyncStatus::Off => "Nur auf diesem Gerät",
            SyncStatus::Syncing => "Synchronisiert…",
            SyncStatus::UpToDate => "Synchron",
            SyncStatus::Live => "Live",
            SyncStatus::SetAside { .. } | SyncStatus::ToSettle { .. } => "Sync prüfen",
            SyncStatus::Offline => "Offline",
            SyncStatus::Retrying { .. } => "Neuer Versuch",
            SyncStatus::Error(_) => "Sync-Fehler",
            SyncStatus::NeedsCredentials => "Anmelden zum Sync",
        }
    }

    fn sentence_in(&self, locale: Locale, count: &dyn Fn(usize) -> String) -> String {
        if locale == Locale::En {
            return self.sentence(count);
        }
        match self {
            SyncStatus::Off => "Die Synchronisierung ist aus: Legen Sie unten einen Remote-Server fest. Bis dahin bleibt alles auf diesem Gerät.".into(),
            SyncStatus::Syncing => "Synchronisiert mit dem Remote-Server…".into(),
            SyncStatus::UpToDate => "Auf dem Stand des Remote-Servers.".into(),
            SyncStatus::Live => "Auf dem Stand, und wartet auf Änderungen am Remote-Server.".into(),
            SyncStatus::SetAside { count: 1, .. } => "Synchronisiert, bis auf 1 Dokument vom Remote-Server, das dieses Gerät so nicht übernehmen kann: siehe „Zurückgestellt“ unten.".into(),
            SyncStatus::SetAside { count: n, .. } => format!(
                "Synchronisiert, bis auf {} Dokumente vom Remote-Server, die dieses Gerät so nicht übernehmen kann: siehe „Zurückgestellt“ unten.",
                count(*n)
            ),
            SyncStatus::ToSettle { count: 1, .. } => "Synchronisiert, bis auf 1 Datensatz, der hier und auf dem Remote-Server im selben Feld geändert wurde: Klären Sie ihn unten unter „Zu klärende Konflikte“.".into(),
            SyncStatus::ToSettle { count: n, .. } => format!(
                "Synchronisiert, bis auf {} Datensätze, die hier und auf dem Remote-Server in denselben Feldern geändert wurden: Klären Sie sie unten unter „Zu klärende Konflikte“.",
                count(*n)
            ),
            SyncStatus::Offline => "Offline. Änderungen bleiben auf diesem Gerät und werden gesendet, sobald das Netz zurück ist.".into(),
            SyncStatus::Retrying { reason, in_seconds } => {
                format!("{} Neuer Versuch in {in_seconds} s.", reason.german())
            }
            SyncStatus::Error(reason) => format!("Synchronisierung angehalten: {}", reason.german()),
            SyncStatus::NeedsCredentials => "Der Remote-Server verlangt gültige Anmeldedaten. Geben Sie sie unten ein; Ihre Änderungen warten auf diesem Gerät.".into(),
        }
    }
}
