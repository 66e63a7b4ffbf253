//! What the sync badge and page say: the state of sync, in words and a tone for its colour.

use serde::{Deserialize, Serialize};

use super::engine::{Progress, SyncError};
use super::remote::RemoteError;
use crate::domain::timestamp::Timestamp;

/// The state of sync.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncStatus {
    /// No remote is set.
    #[default]
    Off,
    /// Talking to the remote.
    Syncing,
    /// Everything is pushed and pulled.
    UpToDate,
    /// Up to date, and waiting for the remote's next change.
    Live,
    /// Synced, but documents from the remote are set aside (listed on `/sync`); `live` as for [`Live`].
    SetAside { count: usize, live: bool },
    /// Synced, but records changed here and on the remote in the same fields wait for the partner on `/sync`
    /// (their changes are not sent meanwhile); `live` as for [`Live`].
    ToSettle { count: usize, live: bool },
    /// The browser is offline; changes wait on this device.
    Offline,
    /// A failure that may pass; the next try is scheduled. Put in words when shown, in the language of then.
    Retrying { reason: RemoteError, in_seconds: u64 },
    /// A failure trying again won't fix (the reason says what to do).
    Error(SyncError),
    /// The remote wants a password or token.
    NeedsCredentials,
}

/// Colour of the status: good, working, waiting, failing, or nothing set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Busy,
    Warn,
    Error,
    Off,
}

impl Tone {
    /// The CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Busy => "busy",
            Tone::Warn => "warn",
            Tone::Error => "error",
            Tone::Off => "off",
        }
    }
}

impl SyncStatus {
    /// Short words for the header badge.
    pub fn badge(&self) -> &'static str {
        match self {
            SyncStatus::Off => "Only on this device",
            SyncStatus::Syncing => "Syncing…",
            SyncStatus::UpToDate => "Synced",
            SyncStatus::Live => "Live",
            SyncStatus::SetAside { .. } | SyncStatus::ToSettle { .. } => "Check sync",
            SyncStatus::Offline => "Offline",
            SyncStatus::Retrying { .. } => "Retrying",
            SyncStatus::Error(_) => "Sync error",
            SyncStatus::NeedsCredentials => "Sign in to sync",
        }
    }

    /// The full sentence for the sync page; `count` writes a number of documents as the page does ("2,500").
    pub fn sentence(&self, count: &dyn Fn(usize) -> String) -> String {
        match self {
            SyncStatus::Off => "Sync is off: set a remote below. Everything stays on this device meanwhile.".into(),
            SyncStatus::Syncing => "Syncing with the remote…".into(),
            SyncStatus::UpToDate => "Up to date with the remote.".into(),
            SyncStatus::Live => "Up to date, and listening for changes on the remote.".into(),
            SyncStatus::SetAside { count: 1, .. } => "Synced, except 1 document from the remote that this device can't take as it is: see “Set aside” below.".into(),
            SyncStatus::SetAside { count: n, .. } => format!(
                "Synced, except {} documents from the remote that this device can't take as they are: see “Set aside” below.",
                count(*n)
            ),
            SyncStatus::ToSettle { count: 1, .. } => "Synced, except 1 record changed here and on the remote in the same field: settle it under “Conflicts to settle” below.".into(),
            SyncStatus::ToSettle { count: n, .. } => format!(
                "Synced, except {} records changed here and on the remote in the same fields: settle them under “Conflicts to settle” below.",
                count(*n)
            ),
            SyncStatus::Offline => "Offline. Changes are kept on this device and sent when the network is back.".into(),
            SyncStatus::Retrying { reason, in_seconds } => format!("{reason} Trying again in {in_seconds} s."),
            SyncStatus::Error(reason) => format!("Sync stopped: {reason}"),
            SyncStatus::NeedsCredentials => {
                "The remote asks for valid credentials. Enter them below; your changes wait on this device.".into()
            }
        }
    }

    /// The colour.
    pub fn tone(&self) -> Tone {
        match self {
            SyncStatus::Off => Tone::Off,
            SyncStatus::Syncing => Tone::Busy,
            SyncStatus::UpToDate | SyncStatus::Live => Tone::Ok,
            SyncStatus::Offline
            | SyncStatus::Retrying { .. }
            | SyncStatus::NeedsCredentials
            | SyncStatus::SetAside { .. }
            | SyncStatus::ToSettle { .. } => Tone::Warn,
            SyncStatus::Error(_) => Tone::Error,
        }
    }
}

/// What the syncing tab tells the others, so every tab shows the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSnapshot {
    pub status: SyncStatus,
    pub pending: u32,
    pub conflicts: usize,
    /// Documents from the remote set aside.
    #[serde(default)]
    pub set_aside: usize,
    pub last_ok: Option<Timestamp>,
    /// Documents pulled so far, and of how many, during a first sync.
    pub progress: Option<(u64, Option<u64>)>,
    /// What the last successful sync did: records received, documents sent.
    #[serde(default)]
    pub last_counts: Option<(usize, usize)>,
}

impl SyncSnapshot {
    /// The progress as the engine reports it.
    pub fn with_progress(mut self, p: Option<Progress>) -> SyncSnapshot {
        self.progress = p.map(|p| (p.pulled, p.total));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_words_and_a_tone_and_a_snapshot_travels_as_json() {
        let retry = SyncStatus::Retrying { reason: RemoteError::Unreachable("timeout".into()), in_seconds: 8 };
        assert_eq!(retry.sentence(&|n| n.to_string()), "The server can't be reached (timeout). Trying again in 8 s.");
        assert_eq!((retry.badge(), retry.tone()), ("Retrying", Tone::Warn));
        let stopped = SyncStatus::Error(SyncError::Remote(RemoteError::Protocol("no JSON".into())));
        assert_eq!(stopped.tone().class(), "error");
        assert_eq!(
            stopped.sentence(&|n| n.to_string()),
            "Sync stopped: The server's answer makes no sense to this app: no JSON"
        );
        let snap = SyncSnapshot { status: retry, pending: 3, ..SyncSnapshot::default() }
            .with_progress(Some(Progress { pulled: 250, total: Some(1000) }));
        let text = serde_json::to_string(&snap).unwrap();
        assert_eq!(serde_json::from_str::<SyncSnapshot>(&text).unwrap(), snap);
    }
}
