//! Purchase permissions on a customer's page: whether the customer may buy Azure reservations and savings
//! plans on their own. Each switch saves at once and is logged.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::customer::{Purchasable, PurchasePermissions};
use crate::domain::invitation::Feature;
use crate::i18n::labels::Label;
use crate::i18n::texts::Customer as K;
use crate::i18n::view::{t, tf, Said};
use crate::platform::{self, locale};
use crate::state::use_app;
use crate::usecases::{set_purchase_permission, Actor};

/// The two switches of customer `id`.
#[component]
pub fn PurchasePermissionsEditor(id: Uuid, current: PurchasePermissions) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<Said>);
    // Not every cloud sells savings plans (see `Cloud::offers`).
    let offers_savings_plans =
        app.partner.with_untracked(|p| p.as_ref().map(|p| p.cloud).unwrap_or_default().offers(Feature::SavingsPlans));
    let switch = move |what: Purchasable, testid: &'static str| {
        let app = app.clone();
        let toggle = move |ev: leptos::ev::Event| {
            let allowed = event_target_checked(&ev);
            let app = app.clone();
            spawn_local(async move {
                let (user, now) = (app.user_name(), platform::now());
                match set_purchase_permission(&app.store, id, what, allowed, &Actor { user: &user, now }).await {
                    Ok(()) => {
                        error.set(None);
                    }
                    Err(e) => error.set(Some(Said::error(e))),
                }
            });
        };
        view! {
            <label class="check switch">
                <input type="checkbox" role="switch" id=testid prop:checked=current.allows(what) on:change=toggle/>
                <span>{move || tf(K::MayBuy, &[&what.label_in(locale::current())])}</span>
            </label>
        }
    };
    view! {
        <p class="muted">{t(K::PurchaseHint)}</p>
        {switch(Purchasable::Reservations, "allow-reservations")}
        {offers_savings_plans.then(|| switch(Purchasable::SavingsPlans, "allow-savings-plans"))}
        {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })}
    }
}
