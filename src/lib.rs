//! Customer accounts for Microsoft Partner Center reseller partners, offline-first.
//!
//! Layers point down only: `app` → `pages` → `components` → `state` → `platform` → `i18n` → `usecases` →
//! `store` → `sync` → `domain` (the stores supply the storage sync's engine runs over; `farm-studio look src`
//! draws it; one arrow still runs back up: `i18n::view` reads `platform::locale`). `domain`, `sync`'s engine,
//! `usecases` and the in-memory store compile and test natively;
//! everything that touches the browser is compiled for `wasm32` only.

pub mod domain;
pub mod i18n;
pub mod store;
pub mod sync;
pub mod usecases;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod state;
