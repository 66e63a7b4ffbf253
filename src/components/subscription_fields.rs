//! The inputs of a new subscription — offer, quantity, billing cycle — shared by the wizard's step and the
//! customer's page; the owner keeps the values and decides what submitting does.

use leptos::prelude::*;

use crate::domain::subscription::BillingCycle;
use crate::i18n::labels::Label;
use crate::i18n::texts::Form as F;
use crate::i18n::view::t;
use crate::i18n::Tx;
use crate::platform::locale;

/// Offer, quantity and billing cycle in one line, with a submit button.
#[component]
pub fn SubscriptionFields(
    offer: RwSignal<String>,
    quantity: RwSignal<String>,
    cycle: RwSignal<BillingCycle>,
    /// The submit button's text.
    #[prop(into)]
    submit_label: Tx,
    /// Called when the line is submitted.
    on_submit: Callback<()>,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <div class="field grow">
                <label for="offer-name">{t(F::Offer)}</label>
                <input id="offer-name" type="text" placeholder=t(F::OfferPlaceholder) prop:value=move || offer.get()
                    on:input:target=move |ev| offer.set(ev.target().value())/>
            </div>
            <div class="field narrow">
                <label for="quantity">{t(F::Quantity)}</label>
                <input id="quantity" type="number" min="1" inputmode="numeric" prop:value=move || quantity.get()
                    on:input:target=move |ev| quantity.set(ev.target().value())/>
            </div>
            <div class="field narrow">
                <label for="billing-cycle">{t(F::Billing)}</label>
                <select id="billing-cycle" on:change:target=move |ev| {
                    cycle.set(if ev.target().value() == "annual" { BillingCycle::Annual } else { BillingCycle::Monthly })
                }>
                    <option value="monthly" selected=move || cycle.get() == BillingCycle::Monthly>{move || BillingCycle::Monthly.label_in(locale::current())}</option>
                    <option value="annual" selected=move || cycle.get() == BillingCycle::Annual>{move || BillingCycle::Annual.label_in(locale::current())}</option>
                </select>
            </div>
            <button class="button" type="submit" id="add-subscription">{t(submit_label)}</button>
        </form>
    }
}
