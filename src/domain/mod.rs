//! Pure Rust: the customer model, validation rules, search and the records that travel with every change.
//! Nothing in here touches the web platform, so all of it is tested natively with `cargo test`.

pub mod activity;
pub mod activity_detail;
pub mod backup;
pub mod chart_labels;
pub mod country;
pub mod csv_export;
pub mod csv_import;
pub mod customer;
pub mod customer_index;
pub mod draft;
pub mod field;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod invitation;
pub mod iso_date;
pub mod list_row;
pub mod log_lines;
pub mod outbox;
pub mod profile;
pub mod provider;
pub mod referral;
pub mod rules;
pub mod search;
pub mod sort_key;
pub mod subscription;
pub mod tagged;
pub mod timestamp;
pub mod validation;
