//! `/providers`: indirect providers — record a provider's invitation, accept it, see the customers shared
//! with each provider, and prepare a joint invitation with one.

mod provider_card;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::TextField;
use crate::components::read_failed::ReadFailed;
use crate::components::record_form::RecordForm;
use crate::domain::customer_index::Sort;
use crate::domain::provider::{NewProvider, Provider, ProviderError};
use crate::domain::search::{CustomerQuery, ProviderFilter};
use crate::domain::validation::typed_date;
use crate::i18n::plural;
use crate::i18n::texts::Providers as P;
use crate::i18n::view::{say, t, tf, Said};
use crate::platform;
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{add_provider, Actor, ProviderUseError};
use provider_card::{ProviderCard, Shared};

/// Shared customers named on a provider's card (the customer list shows them all).
const SHARED_SHOWN: usize = 20;

/// The providers page.
#[component]
pub fn ProvidersPage() -> impl IntoView {
    let app = use_app();
    let store = app.store.clone();
    let data = LocalResource::new(move || {
        app.changes.providers.track();
        let store = store.clone();
        async move { store.providers().await }
    });
    // Shared customers come from the list's index, which follows customer changes on its own: each card's
    // are a memo of their own, so a customer changed here, in another tab or by sync redraws that list only —
    // never the cards (the focus, a message on a card stay).
    let customers = app.customers;
    customers.load(Sort::default());
    let shared = move |provider: &Provider| -> Shared {
        let query = CustomerQuery {
            provider: ProviderFilter::from_value(&provider.partner_id),
            show_ended: true,
            ..CustomerQuery::default()
        };
        customers.with(|index| {
            let hits = index.query(&query);
            let first = hits.iter().take(SHARED_SHOWN).map(|p| index.row(*p)).map(|r| (r.name, r.id));
            (first.collect::<Vec<_>>(), hits.len())
        })
    };
    view! {
        <div class="page-head"><h1>{t(P::Title)}</h1></div>
        <p class="lead">{t(P::Lead)}</p>
        <NewProviderForm/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|read| match read {
                // A failed read is said, not shown as "no providers".
                Err(e) => view! {
                    <ReadFailed message=say(&e) id="providers-read-error" retry=Callback::new(move |()| data.refetch())/>
                }.into_any(),
                Ok(providers) if providers.is_empty() => {
                    view! { <section class="card empty"><p>{t(P::Empty)}</p></section> }.into_any()
                }
                Ok(providers) => {
                    let n = providers.len();
                    view! {
                        <p class="result-count">{move || tf(plural(n as u64, P::OneProvider, P::Count), &[&n])}</p>
                        {providers.into_iter().map(|provider| {
                            let of = provider.clone();
                            let shared = Memo::new(move |_| shared(&of));
                            view! { <ProviderCard provider shared/> }
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
    let rec = RecordForm::<NewProvider, ProviderError>::default();
    let invited = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let app = app.clone();
        let mut f = rec.form.get_untracked();
        let date = invited.get_untracked();
        if !date.trim().is_empty() {
            match typed_date(&date) {
                Ok(d) => f.invited_on = Some(d),
                Err(e) => return rec.error.set(Some(ProviderError::Field(e, "Invited"))),
            }
        }
        spawn_local(async move {
            let user = app.user_name();
            match add_provider(&app.store, &f, platform::today(), &Actor { user: &user, now: platform::now() }).await {
                Ok(_) => {
                    rec.recorded();
                    invited.set(String::new());
                }
                Err(ProviderUseError::Invalid(e)) => rec.error.set(Some(e)),
                Err(e) => rec.failed.set(Some(Said::error(e))),
            }
        });
    };
    view! {
        <details class="card new-referral">
            <summary id="record-provider">{t(P::Record)}</summary>
            <form on:submit=submit novalidate class="grid-form">
                {rec.text_field("provider-name", P::Name, "Provider", |f| f.name.clone(), |f, v| f.name = v)}
                {rec.text_field("provider-partner-id", P::PartnerId, "Partner id", |f| f.partner_id.clone(), |f, v| f.partner_id = v)}
                {rec.text_field("provider-email", P::ContactEmail, "Contact email", |f| f.contact_email.clone(), |f, v| f.contact_email = v)}
                <TextField id="provider-invited" label=P::InvitedOn value=invited
                    on_input=move |v: String| { rec.error.set(None); invited.set(v) } on_blur=|()| () error=rec.error_for("Invited")/>
                <p class="hint wide">{t(P::PartnerIdHint)}</p>
                <div class="actions wide">
                    {rec.status(P::Recorded)}
                    <button class="button primary" type="submit" id="save-provider">{t(P::RecordButton)}</button>
                </div>
            </form>
        </details>
    }
}
