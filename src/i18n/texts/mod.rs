//! The texts of the UI, one group per part of the app.

mod common;
mod customer;
mod customer_form;
mod home;
mod lists;
mod partner;
mod referrals;
mod settings;
mod sync;

pub use common::Common;
pub use customer::Customer;
pub use customer_form::Form;
pub use home::Home;
pub use lists::{Activity, Import, Invite, List};
pub use partner::{Profile, Providers};
pub use referrals::Referrals;
pub use settings::Settings;
pub use sync::Sync;
