//! Reusable pieces of the UI: header, form fields, steps, badges.

pub mod banners;
pub mod cloud_effects;
pub mod conflict_card;
pub mod customer_form;
pub mod customer_picker;
pub mod error_summary;
pub mod field;
pub mod header;
pub mod partner_profile;
pub mod provider_card;
pub mod provider_choice;
pub mod purchase_permissions;
pub mod qualification;
pub mod record_form;
pub mod referral_card;
pub mod relationship_badge;
pub mod steps;
pub mod subscription_fields;
pub mod subscriptions;
pub mod sync_badge;
pub mod sync_settings_form;
pub mod tag_editor;
