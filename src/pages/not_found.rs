//! Fallback for unknown addresses.

use crate::platform::href;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Page not found" with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address."</p>
            <p><A href=href("/")>"Go to the start page"</A></p>
        </section>
    }
}
