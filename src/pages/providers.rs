//! `/providers`: indirect providers — record a provider's invitation, accept it, see the customers shared
//! with each provider, and prepare a joint invitation with one.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::TextField;
use crate::components::provider_card::ProviderCard;
use crate::domain::provider::{NewProvider, ProviderError};
use crate::domain::validation::iso_date;
use crate::i18n::texts::Providers as P;
use crate::i18n::view::{say, t, tf};
use crate::platform;
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{add_provider, Actor, ProviderUseError};

/// The providers page.
#[component]
pub fn Providers() -> impl IntoView {
    let app = use_app();
    let store = app.store.clone();
    let data = LocalResource::new(move || {
        app.revision.track();
        let store = store.clone();
        async move {
            let providers = store.providers().await.unwrap_or_default();
            let customers = store.customers().await.unwrap_or_default();
            (providers, customers)
        }
    });
    view! {
        <div class="page-head"><h1>{t(P::Title)}</h1></div>
        <p class="lead">{t(P::Lead)}</p>
        <NewProviderForm/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|(providers, customers)| {
                if providers.is_empty() {
                    view! { <section class="card empty"><p>{t(P::Empty)}</p></section> }.into_any()
                } else {
                    let n = providers.len();
                    view! {
                        <p class="result-count">{move || tf(P::Count, &[&n])}</p>
                        {providers.into_iter().map(|provider| {
                            let customers = customers.clone();
                            view! { <ProviderCard provider customers/> }
                        }).collect_view()}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// The form that records a provider's invitation.
#[component]
fn NewProviderForm() -> impl IntoView {
    let app = use_app();
    let form = RwSignal::new(NewProvider::default());
    let invited = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ProviderError>);
    let failed = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    // The message of the form's error, next to the field it names.
    let error_for = move |names: &'static [&'static str]| {
        Signal::derive(move || {
            error
                .get()
                .filter(|e| match e {
                    ProviderError::Field(_, name) => names.contains(name),
                    ProviderError::PartnerIdTaken(_) => names.contains(&"Partner id"),
                    ProviderError::InvitedInFuture => names.contains(&"Invited"),
                    ProviderError::AlreadyActive => false,
                })
                .map(|e| say(&e))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let app = app.clone();
        let mut f = form.get_untracked();
        let date = invited.get_untracked();
        if !date.trim().is_empty() {
            match iso_date(&date) {
                Ok(d) => f.invited_on = Some(d),
                Err(e) => return error.set(Some(ProviderError::Field(e, "Invited"))),
            }
        }
        spawn_local(async move {
            let user = app.user_name();
            match add_provider(&app.store, &f, platform::today(), &Actor { user: &user, now: platform::now() }).await {
                Ok(_) => {
                    form.set(NewProvider::default());
                    invited.set(String::new());
                    error.set(None);
                    failed.set(None);
                    saved.set(true);
                    app.changed();
                }
                Err(ProviderUseError::Invalid(e)) => error.set(Some(e)),
                Err(e) => failed.set(Some(say(&e))),
            }
        });
    };
    let input = move |id: &'static str,
                      label: P,
                      names: &'static [&'static str],
                      get: fn(&NewProvider) -> String,
                      set: fn(&mut NewProvider, String)| {
        let edit = move |v: String| {
            saved.set(false);
            error.set(None);
            form.update(|f| set(f, v))
        };
        view! { <TextField id label value=Signal::derive(move || form.with(get)) on_input=edit on_blur=|()| () error=error_for(names)/> }
    };
    view! {
        <details class="card new-referral">
            <summary id="record-provider">{t(P::Record)}</summary>
            <form on:submit=submit novalidate class="grid-form">
                {input("provider-name", P::Name, &["Provider"], |f| f.name.clone(), |f, v| f.name = v)}
                {input("provider-partner-id", P::PartnerId, &["Partner id"], |f| f.partner_id.clone(), |f, v| f.partner_id = v)}
                {input("provider-email", P::ContactEmail, &["Contact email"], |f| f.contact_email.clone(), |f, v| f.contact_email = v)}
                <TextField id="provider-invited" label=P::InvitedOn value=invited
                    on_input=move |v: String| { error.set(None); invited.set(v) } on_blur=|()| () error=error_for(&["Invited"])/>
                <p class="hint wide">{t(P::PartnerIdHint)}</p>
                <div class="actions wide">
                    {move || saved.get().then(|| view! { <p class="notice notice-success" role="status">{t(P::Recorded)}</p> })}
                    {move || failed.get().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
                    <button class="button primary" type="submit" id="save-provider">{t(P::RecordButton)}</button>
                </div>
            </form>
        </details>
    }
}
