//! `/settings`: the partner's own details, and this device's storage — whether the browser keeps the data
//! for good, and how much is used.

use leptos::prelude::*;

use crate::components::partner_profile::PartnerProfileForm;
use crate::platform::service_worker;
use crate::platform::storage::{self, format_bytes};

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let persisted = LocalResource::new(move || {
        refresh.track();
        storage::is_persisted()
    });
    let usage = LocalResource::new(move || {
        refresh.track();
        storage::usage()
    });
    let asked = RwSignal::new(None::<bool>);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            asked.set(Some(storage::request_persistence().await.unwrap_or(false)));
            refresh.update(|r| *r += 1);
        });
    };
    view! {
        <div class="page-head"><h1>"Settings"</h1></div>
        <section class="card" aria-labelledby="partner-heading">
            <h2 id="partner-heading">"Your partner details"</h2>
            <PartnerProfileForm/>
        </section>
        <section class="card" aria-labelledby="storage-heading">
            <h2 id="storage-heading">"Storage on this device"</h2>
            <p>
                "All customer data lives in this browser on this device. Browsers may delete a site's data when space runs low, unless the site's storage is persistent."
            </p>
            <dl class="props">
                <dt>"Persistent storage"</dt>
                <dd data-testid="persisted">
                    {move || match persisted.get() {
                        None => "…".to_string(),
                        Some(Some(true)) => "Yes — the browser will not delete this data on its own".to_string(),
                        Some(Some(false)) => "No — the browser may delete this data when space runs low".to_string(),
                        Some(None) => "Not supported by this browser".to_string(),
                    }}
                </dd>
                <dt>"Used"</dt>
                <dd data-testid="usage">
                    {move || match usage.get() {
                        None => "…".to_string(),
                        Some(Some(u)) => format!("{} of {} available", format_bytes(u.used), format_bytes(u.quota)),
                        Some(None) => "This browser does not tell".to_string(),
                    }}
                </dd>
                <dt>"Works offline"</dt>
                <dd>{if service_worker::is_controlled() { "Yes — the app starts without a network" } else { "After the next reload" }}</dd>
            </dl>
            <Show when=move || persisted.get() == Some(Some(false))>
                <p><button class="button primary" on:click=ask>"Keep data on this device"</button></p>
            </Show>
            {move || asked.get().map(|granted| if granted {
                view! { <p class="notice notice-success" role="status">"The browser will keep this data."</p> }.into_any()
            } else {
                view! { <p class="notice notice-warning" role="status">"The browser declined for now. Browsers grant this to sites you use often or install: install the app from the browser menu, then try again."</p> }.into_any()
            })}
        </section>
    }
}
