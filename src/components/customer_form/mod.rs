//! The customer form shared by "Add customer" and "Edit": its state and its fields.

mod fields;
mod state;

pub use fields::CustomerFields;
pub use state::{CustomerForm, FormMode};
