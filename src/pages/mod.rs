//! One module per route, each the page of one task.

pub mod activity;
pub mod customer;
pub mod customer_import;
pub mod customer_invite;
pub mod customer_list;
pub mod customer_new;
pub mod home;
pub mod lazy;
pub mod not_found;
pub mod profile;
pub mod providers;
pub mod referrals;
pub mod settings;
pub mod sync;
