//! Use cases of the sync page besides its conflicts (`conflicts.rs`): the documents set aside, the kinds
//! ignored, the sync settings.

use crate::sync::held::SetAside;
use crate::sync::local::{LocalError, SyncStore};
use crate::sync::settings::{SettingsError, SyncSettings};

/// The documents set aside by sync, oldest first, for `/sync`.
pub async fn set_aside<S: SyncStore>(store: &S) -> Result<Vec<SetAside>, LocalError> {
    store.set_aside().await
}

/// Forgets documents set aside (the partner dismissed them): they come back only if the remote changes them
/// and they still can't be taken.
pub async fn dismiss_set_aside<S: SyncStore>(store: &S, ids: &[String]) -> Result<(), LocalError> {
    store.dismiss(ids).await
}

/// Ignores documents of the unknown kind `kind` on the remote (another tool's `invoice` documents) from now
/// on, and forgets those set aside now (`ids`): they are no longer listed, now or when more come. Returns the
/// settings as saved (`None`: no remote is set).
pub async fn ignore_kind<S: SyncStore>(
    store: &S,
    kind: &str,
    ids: &[String],
) -> Result<Option<SyncSettings>, LocalError> {
    store.ignore_kind(kind, true, ids).await
}

/// Lists documents of `kind` again: those the remote changes from now on are set aside as before.
pub async fn stop_ignoring_kind<S: SyncStore>(store: &S, kind: &str) -> Result<Option<SyncSettings>, LocalError> {
    store.ignore_kind(kind, false, &[]).await
}

/// Why sync settings were not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveSettingsError {
    #[error("Some fields need attention.")]
    Invalid(Vec<(&'static str, SettingsError)>),
    #[error(transparent)]
    Store(#[from] LocalError),
}

/// Validates and saves the sync settings (the secret is stored only when `settings.remember` is set);
/// returns them as saved, with the kinds ignored as stored ([`SyncSettings::saved_over`]).
pub async fn save_sync_settings<S: SyncStore>(
    store: &S,
    settings: &SyncSettings,
    secret: Option<&str>,
    now: crate::domain::timestamp::Timestamp,
) -> Result<SyncSettings, SaveSettingsError> {
    let errors = settings.validate();
    if !errors.is_empty() {
        return Err(SaveSettingsError::Invalid(errors));
    }
    let kept = if settings.remember { secret } else { None };
    Ok(store.save_sync_settings(settings, kept, now).await?)
}
