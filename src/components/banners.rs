//! Page-wide banners: a new version is ready, this tab is out of date, or the storage is full.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::texts::{Common as C, Settings as S};
use crate::i18n::view::{t, tf, tr};
use crate::i18n::Locale;
use crate::platform::{self, href, locale, service_worker, storage};
use crate::state::use_app;
use crate::store::StorageUse;

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
        {move || app.storage_full.get().map(|usage| view! { <StorageFull usage/> })}
    }
}

/// A write was refused because the browser's storage for the app is full (any page, or sync): what that
/// means, how much the app holds, and what the partner can do — free space, ask the browser to keep the
/// data, download a backup, sync (folded on phones). Stays until closed (a later save may fit again, or not).
#[component]
fn StorageFull(usage: Option<StorageUse>) -> impl IntoView {
    let app = use_app();
    let said = move || match usage {
        None => tr(C::Full).to_string(),
        Some(u) => tf(C::FullHolds, &[&u.held(if locale::current() == Locale::De { ',' } else { '.' })]),
    };
    let asked = RwSignal::new(None::<bool>);
    let ask =
        move |_| spawn_local(async move { asked.set(Some(storage::request_persistence().await.unwrap_or(false))) });
    view! {
        <section class="banner banner-warning banner-full" role="alert" id="storage-full" aria-labelledby="storage-full-said">
            <p id="storage-full-said"><strong>{said}</strong></p>
            <div class="full-body">
                // Folded on a phone, so the page is still in sight under the banner.
                <details open=!platform::phone_layout()>
                    <summary id="storage-full-what">{t(C::FullWhatToDo)}</summary>
                    <ul>
                        <li>{t(C::FullFreeSpace)}</li>
                        <li>{t(C::FullPersist)}" "
                            {move || match asked.get() {
                                None => view! { <button class="button" id="full-keep-data" on:click=ask>{t(S::KeepData)}</button> }.into_any(),
                                Some(true) => view! { <span role="status" id="full-kept">{t(S::Granted)}</span> }.into_any(),
                                Some(false) => view! { <span role="status" id="full-kept">{t(S::Declined)}</span> }.into_any(),
                            }}
                        </li>
                        <li>{t(C::FullBackup)}" "<a href=href("/settings#backup-heading")>{t(S::DownloadBackup)}</a></li>
                        <li>{t(C::FullSync)}" "<a href=href("/sync")>{t(C::FullOpenSync)}</a></li>
                    </ul>
                </details>
                <button class="button" id="close-storage-full" on:click=move |_| app.storage_full.set(None)>{t(C::Close)}</button>
            </div>
        </section>
    }
}
