//! Customer accounts for Microsoft Partner Center reseller partners, offline-first.
//!
//! Layers point down only: `pages` → `components` → `state` → `usecases` → `store` → `domain`.
//! `domain`, `usecases` and the in-memory store compile and test natively; everything that touches the
//! browser is compiled for `wasm32` only.

pub mod domain;
pub mod store;
pub mod usecases;

