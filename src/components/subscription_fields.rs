//! The inputs of a new subscription — offer, quantity, billing cycle — shared by the wizard's step and the
//! customer's page; the owner keeps the values and decides what submitting does.

use leptos::prelude::*;

use crate::domain::subscription::BillingCycle;

/// Offer, quantity and billing cycle in one line, with a submit button.
#[component]
pub fn SubscriptionFields(
    offer: RwSignal<String>,
    quantity: RwSignal<String>,
    cycle: RwSignal<BillingCycle>,
    /// The submit button's text.
    submit_label: &'static str,
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
                <label for="offer-name">"Offer"</label>
                <input id="offer-name" type="text" placeholder="e.g. Microsoft 365 Business Standard" prop:value=move || offer.get()
                    on:input:target=move |ev| offer.set(ev.target().value())/>
            </div>
            <div class="field narrow">
                <label for="quantity">"Quantity"</label>
                <input id="quantity" type="number" min="1" inputmode="numeric" prop:value=move || quantity.get()
                    on:input:target=move |ev| quantity.set(ev.target().value())/>
            </div>
            <div class="field narrow">
                <label for="billing-cycle">"Billing"</label>
                <select id="billing-cycle" on:change:target=move |ev| {
                    cycle.set(if ev.target().value() == "annual" { BillingCycle::Annual } else { BillingCycle::Monthly })
                }>
                    <option value="monthly" selected=move || cycle.get() == BillingCycle::Monthly>"Monthly"</option>
                    <option value="annual" selected=move || cycle.get() == BillingCycle::Annual>"Annual"</option>
                </select>
            </div>
            <button class="button" type="submit" id="add-subscription">{submit_label}</button>
        </form>
    }
}
