//! On a customer's page: the indirect provider the customer is shared with (its associated partner id),
//! chosen from the partner's active providers and saved at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::provider::ProviderStatus;
use crate::i18n::texts::Providers as P;
use crate::i18n::view::{say, t, tf, Said};
use crate::platform;
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{set_associated_partner, Actor};

/// The provider select of customer `id`, showing `current` (a partner id) first.
#[component]
pub fn ProviderChoice(id: Uuid, current: Option<String>) -> impl IntoView {
    let app = use_app();
    let store = app.store.clone();
    let providers = LocalResource::new(move || {
        let store = store.clone();
        async move { store.providers().await }
    });
    // A failed read is said next to the choice (the customer's provider still shows, by partner id).
    let read_error = move || providers.get().and_then(Result::err).map(|e| tf(P::ProvidersUnreadable, &[&say(&e)]));
    let chosen = RwSignal::new(current.unwrap_or_default());
    let message = RwSignal::new(None::<Said>);
    // Active providers, and the one the customer is shared with even if it is not (or no longer) among them.
    let options = move || {
        let all = providers.get().and_then(Result::ok).unwrap_or_default();
        let now = chosen.get();
        let mut options: Vec<(String, String)> = all
            .iter()
            .filter(|p| p.status == ProviderStatus::Active)
            .map(|p| (p.partner_id.clone(), p.name.clone()))
            .collect();
        if !now.is_empty() && !options.iter().any(|(id, _)| *id == now) {
            let name = all.iter().find(|p| p.partner_id == now).map(|p| p.name.clone());
            options.push((now.clone(), name.unwrap_or_else(|| tf(P::UnknownProvider, &[&now]))));
        }
        options
    };
    let change = move |value: String| {
        let app = app.clone();
        let before = chosen.get_untracked();
        chosen.set(value.clone());
        spawn_local(async move {
            let user = app.user_name();
            match set_associated_partner(&app.store, id, &value, &Actor { user: &user, now: platform::now() }).await {
                // The page re-reads the customer; its activity list shows the change.
                Ok(()) => {}
                Err(e) => {
                    chosen.set(before);
                    message.set(Some(Said::error(e)));
                }
            }
        });
    };
    view! {
        <div class="field">
            <label for="customer-provider">{t(P::CustomerProvider)}</label>
            <p class="hint" id="customer-provider-hint">{t(P::CustomerProviderHint)}</p>
            <select id="customer-provider" aria-describedby="customer-provider-hint"
                on:change:target=move |ev| change(ev.target().value())>
                <option value="" selected=move || chosen.with(String::is_empty)>{t(P::CustomerProviderNone)}</option>
                {move || options().into_iter().map(|(id, name)| {
                    let value = id.clone();
                    view! { <option value=id selected=move || chosen.get() == value>{name}</option> }
                }).collect_view()}
            </select>
            {move || (providers.get().is_some_and(|all| all.is_ok_and(|all| !all.iter().any(|p| p.status == ProviderStatus::Active))))
                .then(|| view! { <p class="muted small">{t(P::NoActive)}</p> })}
            {move || read_error().map(|text| view! { <p class="field-error" role="alert" id="customer-provider-read-error">{text}</p> })}
            {move || message.get().map(|text| view! { <p class="field-error" role="alert" id="customer-provider-message">{text.now()}</p> })}
        </div>
    }
}
