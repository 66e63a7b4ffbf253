//! Page-wide banners: a new version is ready, or this tab is out of date.

use leptos::prelude::*;

use crate::i18n::texts::Common as C;
use crate::i18n::view::t;
use crate::platform::service_worker;
use crate::state::use_app;

/// Banners under the header that ask for a reload when needed.
#[component]
pub fn Banners() -> impl IntoView {
    let app = use_app();
    let reload = |_| service_worker::reload_into_newest();
    view! {
        <Show when=move || app.outdated.get()>
            <div class="banner banner-warning" role="alert">
                <span>{t(C::OutOfDate)}</span>
                <button class="button" on:click=reload>{t(C::Reload)}</button>
            </div>
        </Show>
        <Show when=move || app.update_ready.get() && !app.outdated.get()>
            <div class="banner" role="status">
                <span>{t(C::NewVersion)}</span>
                <button class="button" on:click=|_| service_worker::apply_update()>{t(C::Reload)}</button>
            </div>
        </Show>
    }
}
