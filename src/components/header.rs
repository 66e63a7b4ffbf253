//! The header on every page: app name, navigation (collapsed into a menu on narrow screens, which Escape
//! closes) and the language switch.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::disclosure::close_on_escape;
use crate::components::sync_badge::SyncBadge;
use crate::domain::invitation::Feature;
use crate::i18n::texts::Common as C;
use crate::i18n::view::t;
use crate::i18n::Locale;
use crate::platform::{href, locale};
use crate::state::use_app;

/// Site header with the main navigation.
#[component]
pub fn Header() -> impl IntoView {
    let open = RwSignal::new(false);
    close_on_escape(open, "menu-button");
    let app = use_app();
    let online = app.online;
    let offers = move |f: Feature| app.partner.with(|p| p.as_ref().map(|p| p.cloud).unwrap_or_default().offers(f));
    view! {
        <header class="header">
            <a class="skip-link" href="#main">{t(C::SkipToContent)}</a>
            <A href=href("/") attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"PC"</span>
                <span class="brand-text">{t(C::Brand)}</span>
            </A>
            <span class="network" class:offline=move || !online.get() role="status" data-testid="network">
                {move || if online.get() { t(C::Online)() } else { t(C::Offline)() }}
            </span>
            <SyncBadge/>
            <LanguageSwitch/>
            <button
                class="menu-button"
                id="menu-button"
                aria-controls="main-nav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {t(C::Menu)}
            </button>
            <nav id="main-nav" class="nav" class:open=move || open.get() aria-label=t(C::MainNav) on:click=move |_| open.set(false)>
                <A href=href("/") exact=true>{t(C::NavHome)}</A>
                <A href=href("/customers") exact=true>{t(C::NavCustomers)}</A>
                <A href=href("/customers/new")>{t(C::NavAddCustomer)}</A>
                <Show when=move || offers(Feature::Referrals)><A href=href("/referrals")>{t(C::NavReferrals)}</A></Show>
                <A href=href("/providers")>{t(C::NavProviders)}</A>
                <Show when=move || offers(Feature::BusinessProfile)><A href=href("/profile")>{t(C::NavProfile)}</A></Show>
                <A href=href("/activity")>{t(C::NavActivity)}</A>
                <A href=href("/sync")>{t(C::NavSync)}</A>
                <A href=href("/settings")>{t(C::NavSettings)}</A>
            </nav>
        </header>
    }
}

/// "EN | DE": switches every text at once and remembers the choice on this device.
#[component]
fn LanguageSwitch() -> impl IntoView {
    view! {
        <div class="language-switch" role="group" aria-label=t(C::Language) data-testid="language-switch">
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="button"
                            lang=l.code()
                            title=l.native_name()
                            aria-pressed=move || (locale::current() == l).to_string()
                            data-testid=format!("language-{}", l.code())
                            on:click=move |_| locale::set(l)
                        >
                            {l.code().to_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
