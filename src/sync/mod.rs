//! Sync with a remote the partner chooses. The engine runs over the [`SyncStore`](local::SyncStore) and
//! [`Remote`](remote::Remote) traits: push the outbox, pull changes page by page with a checkpoint, merge per
//! field against the last agreed version, and leave real conflicts to the user. Adapters for the browser
//! (CouchDB and HTTP remotes, the runner with backoff, tab lock and broadcast) are compiled for wasm only.

pub mod apply;
pub mod backoff;
pub mod branches;
pub mod content;
#[cfg(target_arch = "wasm32")]
pub mod couchdb;
pub mod decide;
pub mod doc;
pub mod engine;
pub mod held;
#[cfg(target_arch = "wasm32")]
pub mod http;
pub mod local;
pub mod memory_remote;
pub mod merge;
pub mod records;
pub mod remote;
pub mod settings;
pub mod status;
#[cfg(target_arch = "wasm32")]
pub mod transport;
pub mod wire;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod peer_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
