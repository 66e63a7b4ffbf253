//! A coloured label for a customer's relationship.

use leptos::prelude::*;

use crate::domain::customer::Relationship;
use crate::i18n::labels::Label;
use crate::platform::locale;

/// The relationship as a small badge.
#[component]
pub fn RelationshipBadge(relationship: Relationship) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", relationship.key())>{move || relationship.label_in(locale::current())}</span> }
}
