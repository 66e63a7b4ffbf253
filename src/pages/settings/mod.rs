//! `/settings`: the partner's own details and cloud, the UI language, and this device's storage — whether the browser keeps the data
//! for good, and how much is used.

mod backup;
mod cloud_effects;
mod partner_profile;

use leptos::prelude::*;

use crate::i18n::texts::Settings as S;
use crate::i18n::view::{t, tf, tr};
use crate::i18n::Locale;
use crate::platform::storage::{self, format_bytes};
use crate::platform::{self, locale, service_worker};
use partner_profile::PartnerProfileForm;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let persisted = LocalResource::new(move || {
        refresh.track();
        storage::is_persisted()
    });
    let usage = LocalResource::new(move || {
        refresh.track();
        crate::store::idb::storage_use()
    });
    let asked = RwSignal::new(None::<bool>);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            asked.set(Some(storage::request_persistence().await.unwrap_or(false)));
            refresh.update(|r| *r += 1);
        });
    };
    // Opened at a part (`#backup-heading`, from the banner that says the storage is full): shown, once drawn.
    request_animation_frame(platform::scroll_to_fragment);
    view! {
        <div class="page-head"><h1>{t(S::Title)}</h1></div>
        <section class="card" aria-labelledby="partner-heading">
            <h2 id="partner-heading">{t(S::PartnerDetails)}</h2>
            <PartnerProfileForm/>
        </section>
        <section class="card" aria-labelledby="language-heading">
            <h2 id="language-heading">{t(S::Language)}</h2>
            <div class="field">
                <label for="ui-language">{t(S::Language)}</label>
                <p class="hint" id="ui-language-hint">{t(S::LanguageHint)}</p>
                <select id="ui-language" aria-describedby="ui-language-hint"
                    on:change:target=move |ev| locale::set(Locale::from_tag(&ev.target().value()))>
                    {Locale::ALL.map(|l| view! {
                        <option value=l.code() lang=l.code() selected=move || locale::current() == l>{l.native_name()}</option>
                    }).collect_view()}
                </select>
            </div>
        </section>
        <section class="card" aria-labelledby="storage-heading">
            <h2 id="storage-heading">{t(S::Storage)}</h2>
            <p>{t(S::StorageText)}</p>
            <dl class="props">
                <dt>{t(S::Persistent)}</dt>
                <dd data-testid="persisted">
                    {move || match persisted.get() {
                        None => "…".to_string(),
                        Some(Some(true)) => tr(S::PersistentYes).to_string(),
                        Some(Some(false)) => tr(S::PersistentNo).to_string(),
                        Some(None) => tr(S::NotSupported).to_string(),
                    }}
                </dd>
                <dt>{t(S::Used)}</dt>
                <dd data-testid="usage">
                    {move || match usage.get() {
                        None => "…".to_string(),
                        Some(Some(u)) => tf(S::UsedOf, &[&format_bytes(u.used as f64), &format_bytes(u.quota as f64)]),
                        Some(None) => tr(S::NotTold).to_string(),
                    }}
                </dd>
                <dt>{t(S::WorksOffline)}</dt>
                <dd>{move || if service_worker::is_controlled() { tr(S::OfflineYes) } else { tr(S::OfflineNextReload) }}</dd>
            </dl>
            <Show when=move || persisted.get() == Some(Some(false))>
                <p><button class="button primary" on:click=ask>{t(S::KeepData)}</button></p>
            </Show>
            {move || asked.get().map(|granted| if granted {
                view! { <p class="notice notice-success" role="status">{t(S::Granted)}</p> }.into_any()
            } else {
                view! { <p class="notice notice-warning" role="status">{t(S::Declined)}</p> }.into_any()
            })}
        </section>
        <backup::BackupSection/>
    }
}
