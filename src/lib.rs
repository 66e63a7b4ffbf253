//! Customer accounts for Microsoft Partner Center reseller partners, offline-first.
//!
//! Layers point down only: `pages` → `components` → `state` → `usecases` → `store` → `domain`.
//! `domain`, `usecases` and the in-memory store compile and test natively; everything that touches the
//! browser is compiled for `wasm32` only.

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
