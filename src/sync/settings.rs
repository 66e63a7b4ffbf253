//! Where and how to sync, as the partner sets it on `/sync`: the kind of remote, its address, the database,
//! the sign-in method and whether to keep syncing live. Secrets are kept apart: in memory only, unless the
//! partner ticks "remember on this device".

use serde::{Deserialize, Serialize};

/// The protocol the remote speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteKind {
    /// CouchDB 3, Cloudant, PouchDB Server: the CouchDB replication protocol.
    #[default]
    CouchDb,
    /// Any backend implementing docs/SYNC-HTTP.md (pull/push with checkpoints).
    Http,
}

impl RemoteKind {
    /// Stable machine name, for form values.
    pub fn key(self) -> &'static str {
        match self {
            RemoteKind::CouchDb => "couchdb",
            RemoteKind::Http => "http",
        }
    }

    /// The words the sync page shows.
    pub fn label(self) -> &'static str {
        match self {
            RemoteKind::CouchDb => "CouchDB or Cloudant",
            RemoteKind::Http => "HTTP pull/push endpoint",
        }
    }
}

/// How requests prove who sends them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    #[default]
    None,
    /// `Authorization: Basic` with a user name and password.
    Basic,
    /// `Authorization: Bearer` with a token.
    Bearer,
}

/// The remote's settings (without the secret).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    pub kind: RemoteKind,
    /// `https://couch.example.com` (CouchDB) or the base of the HTTP endpoints.
    pub url: String,
    /// The CouchDB database (unused for the HTTP remote).
    #[serde(default)]
    pub database: String,
    #[serde(default)]
    pub auth: AuthKind,
    /// The user name for Basic.
    #[serde(default)]
    pub user: String,
    /// Keep pulling as changes happen (long polling), not only when asked or when something changed here.
    #[serde(default)]
    pub live: bool,
    /// Keep the password or token on this device.
    #[serde(default)]
    pub remember: bool,
    /// Kinds of document on the remote this app does not know and the partner chose to ignore (another
    /// tool's `invoice` documents): not set aside, not listed on `/sync`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_kinds: Vec<String>,
}

/// A field of the settings that is not right, with the words shown next to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("Enter the server's address, starting with https:// (or http:// for a server on this computer).")]
    Url,
    #[error("A database name starts with a lower-case letter and has only a–z, 0–9 and _ $ ( ) + - /.")]
    Database,
    #[error("Enter the user name.")]
    User,
}

impl SyncSettings {
    /// Checks the fields; the errors come with the field they belong to ("url", "database", "user").
    pub fn validate(&self) -> Vec<(&'static str, SettingsError)> {
        let mut errors = Vec::new();
        let url = self.url.trim();
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        if !scheme_ok || url.len() <= "https://".len() || url.contains(char::is_whitespace) {
            errors.push(("url", SettingsError::Url));
        }
        if self.kind == RemoteKind::CouchDb && !valid_database(&self.database) {
            errors.push(("database", SettingsError::Database));
        }
        if self.auth == AuthKind::Basic && self.user.trim().is_empty() {
            errors.push(("user", SettingsError::User));
        }
        errors
    }

    /// These settings as saved over `stored`: the kinds ignored stay those stored. No form shows them, and
    /// another tab may have ignored or listed a kind again since this one read the settings.
    pub fn saved_over(self, stored: Option<&SyncSettings>) -> SyncSettings {
        match stored {
            Some(stored) => SyncSettings { ignored_kinds: stored.ignored_kinds.clone(), ..self },
            None => self,
        }
    }

    /// The server address without a trailing slash.
    pub fn base_url(&self) -> String {
        self.url.trim().trim_end_matches('/').to_string()
    }

    /// What identifies the remote's data: another value means another remote.
    pub fn remote_key(&self) -> String {
        format!("{}|{}|{}", self.kind.key(), self.base_url(), self.database.trim())
    }
}

/// CouchDB's rule for database names.
pub fn valid_database(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '$' | '(' | ')' | '+' | '-' | '/'))
        && name.len() <= 238
}

#[cfg(test)]
mod tests {
    use super::*;

    fn couch(url: &str, db: &str) -> SyncSettings {
        SyncSettings { url: url.into(), database: db.into(), ..SyncSettings::default() }
    }

    #[test]
    fn settings_saved_over_stored_ones_keep_the_kinds_ignored_since_the_form_read_them() {
        let form = SyncSettings { ignored_kinds: vec!["invoice".into()], ..couch("https://a.de", "one") };
        let stored =
            SyncSettings { ignored_kinds: vec!["invoice".into(), "note".into()], ..couch("https://a.de", "one") };
        let saved = form.clone().saved_over(Some(&stored));
        assert_eq!(saved.ignored_kinds, ["invoice", "note"]);
        assert_eq!(
            SyncSettings { ignored_kinds: vec![], ..saved },
            SyncSettings { ignored_kinds: vec![], ..form.clone() }
        );
        assert_eq!(form.clone().saved_over(None), form, "nothing stored yet: the kinds given");
    }

    #[test]
    fn a_couchdb_remote_needs_an_http_address_and_a_valid_database_name() {
        assert!(couch("https://couch.example.com/", "partner-accounts").validate().is_empty());
        assert!(couch("http://127.0.0.1:5984", "accounts_2026").validate().is_empty());
        let fields = |s: SyncSettings| s.validate().into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(couch("couch.example.com", "db")), ["url"]);
        assert_eq!(fields(couch("https://", "db")), ["url"]);
        assert_eq!(fields(couch("https://x.de", "Accounts")), ["database"]);
        assert_eq!(fields(couch("https://x.de", "_users")), ["database"]);
        let basic = SyncSettings { auth: AuthKind::Basic, ..couch("https://x.de", "db") };
        assert_eq!(fields(basic), ["user"]);
        let http = SyncSettings { kind: RemoteKind::Http, ..couch("https://api.example.com/sync", "") };
        assert!(http.validate().is_empty());
    }

    #[test]
    fn the_remote_key_ignores_a_trailing_slash_but_not_the_database() {
        assert_eq!(couch("https://x.de/", "a").remote_key(), couch("https://x.de", "a").remote_key());
        assert_ne!(couch("https://x.de", "a").remote_key(), couch("https://x.de", "b").remote_key());
        assert_eq!(couch(" https://x.de/ ", "a").base_url(), "https://x.de");
    }
}
