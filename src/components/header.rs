//! The header on every page: app name and navigation, collapsed into a menu on narrow screens.

use crate::platform::href;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::sync_badge::SyncBadge;
use crate::state::use_app;

/// Site header with the main navigation.
#[component]
pub fn Header() -> impl IntoView {
    let open = RwSignal::new(false);
    let online = use_app().online;
    view! {
        <header class="header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <A href=href("/") attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"PC"</span>
                <span class="brand-text">"Customer accounts"</span>
            </A>
            <span class="network" class:offline=move || !online.get() role="status" data-testid="network">
                {move || if online.get() { "Online" } else { "Offline" }}
            </span>
            <SyncBadge/>
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
                <A href=href("/referrals")>"Referrals"</A>
                <A href=href("/activity")>"Activity"</A>
                <A href=href("/sync")>"Sync"</A>
                <A href=href("/settings")>"Settings"</A>
            </nav>
        </header>
    }
}
