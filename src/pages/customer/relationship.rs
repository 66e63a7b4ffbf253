//! `/customers/:id/relationship`: end the reseller relationship — refused while subscriptions are active,
//! otherwise after a confirmation that reminds of the legal notices — or reactivate an ended one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{customer_page, Follow};
use crate::domain::customer::Customer;
use crate::domain::rules::active_subscriptions;
use crate::i18n::labels::Label;
use crate::i18n::plural;
use crate::i18n::texts::{Common as C, Customer as K};
use crate::i18n::view::{t, tf, Said};
use crate::platform::{self, format_timestamp, href, locale};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{end_relationship, reactivate_relationship, Actor};

/// The relationship page.
#[component]
pub fn CustomerRelationshipPage() -> impl IntoView {
    let app = use_app();
    let load = move |id| {
        let store = app.store.clone();
        async move { store.customer(id).await }
    };
    customer_page(Follow::Changes, load, |customer| view! { <Relationship customer/> })
}

#[component]
fn Relationship(customer: Customer) -> impl IntoView {
    let app = use_app();
    let id = customer.id;
    let detail = href(&format!("/customers/{id}"));
    let active = active_subscriptions(&customer);
    let acknowledged = RwSignal::new(false);
    let error = RwSignal::new(None::<Said>);
    let navigate = use_navigate();
    let act = Callback::new(move |reactivate: bool| {
        let (app, navigate) = (app.clone(), navigate.clone());
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            let actor = Actor { user: &user, now };
            let result = if reactivate {
                reactivate_relationship(&app.store, id, &actor).await
            } else {
                end_relationship(&app.store, id, &actor).await
            };
            match result {
                Ok(()) => {
                    navigate(&href(&format!("/customers/{id}")), Default::default());
                }
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    });
    let name = customer.company.company_name.clone();
    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow"><A href=detail.clone()>{customer.company.company_name.clone()}</A></p>
                <h1>{if customer.relationship_end.is_some() { t(K::ReactivateTitle) } else { t(K::EndTitle) }}</h1>
            </div>
        </div>
        {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })}
        {match (customer.relationship_end, active) {
            (Some(end), _) => view! {
                <section class="card">
                    <p>{let name = name.clone(); move || tf(K::EndedOnText, &[&name, &format_timestamp(end.at), &end.previous.label_in(locale::current())])}</p>
                    <p>{t(K::ReactivateText)}</p>
                    <div class="actions">
                        <A href=detail.clone() attr:class="button">{t(C::Cancel)}</A>
                        <button class="button primary" id="reactivate" on:click=move |_| act.run(true)>{t(K::ReactivateRelationship)}</button>
                    </div>
                </section>
            }.into_any(),
            (None, n) if n > 0 => view! {
                <section class="card notice-block" role="alert" id="end-blocked">
                    <h2>{t(K::CantEndYet)}</h2>
                    <p>{let name = name.clone(); move || tf(plural(n as u64, K::CantEndTextOne, K::CantEndText), &[&name, &n])}</p>
                    <div class="actions">
                        <A href=format!("{detail}#subscriptions") attr:class="button primary">{t(K::GoToSubscriptions)}</A>
                    </div>
                </section>
            }.into_any(),
            (None, _) => view! {
                <section class="card">
                    <p>{let name = name.clone(); move || tf(K::EndText, &[&name])}</p>
                    <p class="notice notice-warning">{t(K::LegalNotice)}</p>
                    <label class="check">
                        <input type="checkbox" id="acknowledge" prop:checked=move || acknowledged.get()
                            on:change:target=move |ev| acknowledged.set(ev.target().checked())/>
                        {t(K::Acknowledge)}
                    </label>
                    <div class="actions">
                        <A href=detail.clone() attr:class="button">{t(C::Cancel)}</A>
                        <button class="button danger" id="end" disabled=move || !acknowledged.get() on:click=move |_| act.run(false)>{t(K::EndRelationship)}</button>
                    </div>
                </section>
            }.into_any(),
        }}
    }
}
