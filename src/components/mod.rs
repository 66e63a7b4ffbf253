//! Pieces of the UI used by more than one page (or by the app shell): the header and its badges, form
//! fields, the customer form, pickers. A piece used by one page lives with that page.

pub mod banners;
pub mod breakable;
pub mod customer_form;
pub mod customer_picker;
pub mod disclosure;
pub mod error_summary;
pub mod field;
pub mod file_choice;
pub mod header;
pub mod paged;
pub mod read_failed;
pub mod record_form;
pub mod relationship_badge;
pub mod subscription_fields;
pub mod sync_badge;
pub mod viewport;
