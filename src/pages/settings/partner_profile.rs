//! The partner's own details in Settings: partner id (a GUID), company name and the cloud.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::cloud_effects::CloudEffects;
use crate::domain::invitation::{Cloud, PartnerProfile};
use crate::domain::validation::FieldError;
use crate::i18n::labels::Label;
use crate::i18n::texts::Settings as S;
use crate::i18n::view::{say, t};
use crate::platform::locale;
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{save_partner_profile, RequestError};

/// Form for the partner profile; the invitation link is built from it.
#[component]
pub fn PartnerProfileForm() -> impl IntoView {
    let app = use_app();
    let profile = RwSignal::new(PartnerProfile::default());
    let error = RwSignal::new(None::<RequestError>);
    // Each field's own message, next to it; anything else (storage) below the form.
    let message_for =
        move |field: fn(&RequestError) -> Option<&FieldError>| error.with(|e| e.as_ref().and_then(field).map(say));
    let id_error = move || message_for(|e| if let RequestError::PartnerId(f) = e { Some(f) } else { None });
    let company_error = move || message_for(|e| if let RequestError::CompanyName(f) = e { Some(f) } else { None });
    let name_error = move || message_for(|e| if let RequestError::UserName(f) = e { Some(f) } else { None });
    let other_error = move || {
        error.with(|e| match e {
            Some(RequestError::PartnerId(_) | RequestError::CompanyName(_) | RequestError::UserName(_)) | None => None,
            Some(other) => Some(say(other)),
        })
    };
    let saved = RwSignal::new(false);
    let store = app.store.clone();
    // A failed read is said below the form (saving then would replace details it could not show).
    spawn_local(async move {
        match store.partner_profile().await {
            Ok(Some(p)) => profile.set(p),
            Ok(None) => {}
            Err(e) => error.set(Some(RequestError::Store(e))),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (app, store) = (app.clone(), app.store.clone());
        let p = profile.get_untracked();
        spawn_local(async move {
            match save_partner_profile(&store, &p).await {
                Ok(clean) => {
                    error.set(None);
                    saved.set(true);
                    app.partner.set(Some(clean));
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <div class="field" class:has-error=move || id_error().is_some()>
                <label for="partner-id">{t(S::PartnerId)}<span class="required" aria-hidden="true">" *"</span></label>
                <p class="hint" id="partner-id-hint">{t(S::PartnerIdHint)}</p>
                <input id="partner-id" type="text" autocomplete="off" aria-describedby="partner-id-hint"
                    aria-invalid=move || id_error().is_some().to_string()
                    prop:value=move || profile.with(|p| p.partner_id.clone())
                    on:input:target=move |ev| { saved.set(false); profile.update(|p| p.partner_id = ev.target().value()) }/>
                {move || id_error().map(|e| view! { <p class="field-error" id="partner-id-error" role="alert">{e}</p> })}
            </div>
            <div class="field" class:has-error=move || company_error().is_some()>
                <label for="partner-company">{t(S::CompanyName)}</label>
                <input id="partner-company" type="text" autocomplete="organization"
                    aria-invalid=move || company_error().is_some().to_string()
                    prop:value=move || profile.with(|p| p.company_name.clone())
                    on:input:target=move |ev| { saved.set(false); profile.update(|p| p.company_name = ev.target().value()) }/>
                {move || company_error().map(|e| view! { <p class="field-error" id="partner-company-error" role="alert">{e}</p> })}
            </div>
            <div class="field">
                <label for="partner-email-domains">{t(S::EmailDomains)}</label>
                <p class="hint">{t(S::EmailDomainsHint)}</p>
                <input id="partner-email-domains" type="text" autocomplete="off"
                    prop:value=move || profile.with(|p| p.email_domains.clone())
                    on:input:target=move |ev| { saved.set(false); profile.update(|p| p.email_domains = ev.target().value()) }/>
            </div>
            <div class="field" class:has-error=move || name_error().is_some()>
                <label for="partner-user-name">{t(S::UserName)}</label>
                <p class="hint">{t(S::UserNameHint)}</p>
                <input id="partner-user-name" type="text" autocomplete="name"
                    aria-invalid=move || name_error().is_some().to_string()
                    prop:value=move || profile.with(|p| p.user_name.clone())
                    on:input:target=move |ev| { saved.set(false); profile.update(|p| p.user_name = ev.target().value()) }/>
                {move || name_error().map(|e| view! { <p class="field-error" id="partner-user-name-error" role="alert">{e}</p> })}
            </div>
            <div class="field">
                <label for="partner-cloud">{t(S::Cloud)}</label>
                <select id="partner-cloud" on:change:target=move |ev| {
                    saved.set(false);
                    profile.update(|p| p.cloud = Cloud::from_key(&ev.target().value()).unwrap_or_default())
                }>
                    {Cloud::ALL.map(|c| view! {
                        <option value=c.key() selected=move || profile.with(|p| p.cloud == c)>{move || c.label_in(locale::current())}</option>
                    }).collect_view()}
                </select>
                <p class="hint">{t(S::CloudHint)}</p>
                <CloudEffects cloud=Signal::derive(move || profile.with(|p| p.cloud))/>
            </div>
            {move || other_error().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
            <div class="actions">
                {move || saved.get().then(|| view! { <p class="notice notice-success" role="status">{t(S::Saved)}</p> })}
                <button class="button primary" type="submit" id="save-partner">{t(S::Save)}</button>
            </div>
        </form>
    }
}
