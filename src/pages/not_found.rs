//! Fallback for unknown addresses.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::texts::Common as C;
use crate::i18n::view::t;
use crate::platform::href;

/// "Page not found" with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{t(C::NotFoundTitle)}</h1>
            <p>{t(C::NotFoundText)}</p>
            <p><A href=href("/")>{t(C::GoHome)}</A></p>
        </section>
    }
}
