//! A coloured label for a customer's relationship.

use leptos::prelude::*;

use crate::domain::customer::Relationship;
use crate::i18n::labels::Label;
use crate::platform::locale;

/// The relationship as a small badge, following the language switch.
#[component]
pub fn RelationshipBadge(relationship: Relationship) -> impl IntoView {
    move || relationship_badge(relationship)
}

/// The badge in the language of now (read in a reactive closure, the language is tracked).
fn relationship_badge(relationship: Relationship) -> impl IntoView {
    view! { <span class=badge_class(relationship)>{relationship.label_in(locale::current())}</span> }
}

/// The badge's classes for `relationship` (its colour).
pub fn badge_class(relationship: Relationship) -> String {
    format!("badge badge-{}", relationship.key())
}
