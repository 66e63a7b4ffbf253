//! Customer accounts for Microsoft Partner Center reseller partners, offline-first.
//!
//! Layers point down only: `app` → `pages` → `components` → `state` → `platform` → `i18n` → `usecases` →
//! `store` → `sync` → `domain` (the stores supply the storage sync's engine runs over). The UI (pages,
//! components, state) reads through the store's trait and writes only through a use case; the browser's
//! facilities (`localStorage`, `Intl`, the locale it starts in) are reached through `platform`.
//! `scripts/check_layers.py` (run by the test command) fails on an import that points up; `farm-studio look
//! src` draws them. `domain`, `sync`'s engine, `usecases` and the in-memory store compile and test natively;
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
