//! The header on every page: app name and navigation, collapsed into a menu on narrow screens.

use crate::platform::href;
use leptos::prelude::*;
use leptos_router::components::A;

/// Site header with the main navigation.
#[component]
pub fn Header() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <header class="header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <A href=href("/") attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"PC"</span>
                <span class="brand-text">"Customer accounts"</span>
            </A>
            <button
                class="menu-button"
                aria-controls="main-nav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Menu"
            </button>
            <nav id="main-nav" class="nav" class:open=move || open.get() aria-label="Main" on:click=move |_| open.set(false)>
                <A href=href("/") exact=true>"Home"</A>
                <A href=href("/customers") exact=true>"Customers"</A>
                <A href=href("/customers/new")>"Add customer"</A>
            </nav>
        </header>
    }
}
