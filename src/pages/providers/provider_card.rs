//! One indirect provider on `/providers`: its status and details, "Accept invitation" while invited, and once
//! active the customers shared with it and a joint invitation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use crate::domain::provider::{Provider, ProviderStatus};
use crate::i18n::labels::Label;
use crate::i18n::texts::Providers as P;
use crate::i18n::view::{t, tf, Said};
use crate::platform::{self, format_timestamp, href, locale};
use crate::state::use_app;
use crate::usecases::{accept_provider, Actor};

/// The customers shared with a provider: the first of them (company name, id), and how many in all.
pub type Shared = (Vec<(String, Uuid)>, usize);

/// A provider with the actions of its status.
#[component]
pub fn ProviderCard(
    provider: Provider,
    /// The customers shared with it, kept current.
    shared: Memo<Shared>,
) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<Said>);
    let id = provider.id;
    let accept = move |_| {
        let app = app.clone();
        spawn_local(async move {
            let user = app.user_name();
            match accept_provider(&app.store, id, &Actor { user: &user, now: platform::now() }).await {
                Ok(_) => {}
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    };
    let status = provider.status;
    let list_link = href(&format!("/customers?provider={}", provider.partner_id));
    let joint_link = href(&format!("/customers/invite?provider={}", provider.id));
    let name = provider.name.clone();
    view! {
        <article class="referral card provider" id=format!("provider-{}", provider.id.simple()) data-status=status.key()>
            <header class="referral-head">
                <h3>{provider.name.clone()}</h3>
                <span class=format!("badge badge-provider-{}", status.key())>{move || status.label_in(locale::current())}</span>
            </header>
            <dl class="props">
                <dt>{t(P::PartnerIdShort)}</dt><dd class="mono small">{provider.partner_id.clone()}</dd>
                {(!provider.contact_email.is_empty()).then(|| view! {
                    <dt>{t(P::Contact)}</dt><dd>{provider.contact_email.clone()}</dd>
                })}
                <dt>{t(P::InvitationReceived)}</dt><dd>{move || platform::format_date(provider.invited_on)}</dd>
                {provider.accepted_at.map(|at| view! {
                    <dt>{t(P::AcceptedOn)}</dt><dd>{move || format_timestamp(at)}</dd>
                })}
            </dl>
            {match status {
                ProviderStatus::Invited => view! {
                    <div class="head-actions">
                        <button class="button primary accept-provider" on:click=accept
                            aria-label=move || tf(P::AcceptFor, &[&name])>{t(P::Accept)}</button>
                    </div>
                }.into_any(),
                ProviderStatus::Active => view! {
                    <h4>{t(P::Shared)}" ("{move || shared.with(|(_, total)| *total)}")"</h4>
                    {move || shared.with(|(first, _)| if first.is_empty() {
                        view! { <p class="muted small">{t(P::SharedNone)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="shared-customers">
                                {first.iter().map(|(name, id)| {
                                    let (link, name) = (href(&format!("/customers/{id}")), name.clone());
                                    view! { <li><A href=link>{name}</A></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })}
                    <div class="head-actions">
                        <A href=list_link attr:class="button show-shared">{t(P::ShowInList)}</A>
                        <A href=joint_link attr:class="button joint-invitation">{t(P::Joint)}</A>
                    </div>
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })}
        </article>
    }
}
