//! One function per use case. Each validates, then writes the record, its outbox entry and its activity
//! entry in one [`WriteBatch`], so nothing is ever written half. Pages call these, never the store's writes.

mod add_customer;
mod backup;
mod change;
mod conflicts;
mod edit_customer;
mod import;
mod manage;
mod profile;
mod providers;
mod queries;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod referral_tests;
mod referrals;
mod requests;
mod sync;

pub use add_customer::{add_customer, keep_new_customer_draft, AddCustomerError, NEW_CUSTOMER_DRAFT};
pub use backup::{make_backup, open_backup, restore, BackupUseError, Opened, Progress};
pub use change::{About, Actor, Changes};
pub use conflicts::{
    resolve_conflict, settle_all, waiting_conflicts, Choice, ResolveError, SettleStopped, SettledAll, Side, SETTLE_STEP,
};
pub use edit_customer::{edit_customer, EditCustomerError};
pub use import::{import_batch, import_rows, log_import, undo_import, ImportRecord, UndoStopped};
pub use manage::{
    add_subscription, add_tags, change_tags_in_steps, end_relationship, reactivate_relationship, remove_tags,
    set_purchase_permission, set_qualification, set_subscription_status, ChangeError, Stopped,
};
pub use profile::{save_business_profile, ProfileUseError};
pub use providers::{accept_provider, add_provider, set_associated_partner, ProviderUseError};
pub use queries::{changed_rows, domain_owner, first_screen, list_chunk};
pub use referrals::{accept_referral, add_referral, decline_referral, lose_referral, win_referral, ReferralUseError};
pub use requests::{
    accept_request, invitation_link, link_request, request_relationship, save_partner_profile, GdapInput, RequestError,
};
pub use sync::{dismiss_set_aside, ignore_kind, save_sync_settings, set_aside, stop_ignoring_kind, SaveSettingsError};
