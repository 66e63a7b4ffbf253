//! Step 2, "Subscriptions": the subscriptions the new customer starts with (none is fine).

use leptos::prelude::*;

use crate::components::customer_form::CustomerForm;
use crate::components::subscription_fields::SubscriptionFields;
use crate::domain::draft::SubscriptionLine;
use crate::domain::subscription::BillingCycle;
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, Form as F};
use crate::i18n::view::{t, tf, Said};
use crate::platform::locale;

/// The subscriptions step with "Back" and "Next: review".
#[component]
pub fn SubscriptionsStep(wizard: CustomerForm) -> impl IntoView {
    let offer = RwSignal::new(String::new());
    let quantity = RwSignal::new("1".to_string());
    let cycle = RwSignal::new(BillingCycle::Monthly);
    let error = RwSignal::new(None::<Said>);
    let add = Callback::new(move |()| {
        let line = SubscriptionLine {
            offer_name: offer.get_untracked(),
            quantity: quantity.get_untracked(),
            billing_cycle: cycle.get_untracked(),
        };
        match line.check() {
            Ok(_) => {
                wizard.draft.update(|d| d.subscriptions.push(line));
                offer.set(String::new());
                quantity.set("1".into());
                error.set(None);
            }
            Err(e) => error.set(Some(Said::error(e))),
        }
    });
    view! {
        <section class="card">
            <h2>{t(F::StepSubscriptions)}</h2>
            <p class="hint">{t(F::SubscriptionsHint)}</p>
            {move || {
                let lines = wizard.draft.with(|d| d.subscriptions.clone());
                if lines.is_empty() {
                    view! { <p class="muted">{t(F::NoSubscriptionsYet)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="subscriptions" id="wizard-subscriptions">
                            {lines.into_iter().enumerate().map(|(i, l)| view! {
                                <li>
                                    <span class="sub-name">{l.offer_name.clone()}</span>
                                    <span class="muted">{format!("{} × · {}", l.quantity.trim(), l.billing_cycle.label_in(locale::current()))}</span>
                                    <button class="button" type="button" aria-label=tf(F::RemoveNamed, &[&l.offer_name])
                                        on:click=move |_| wizard.draft.update(|d| { d.subscriptions.remove(i); })>{t(C::Remove)}</button>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <SubscriptionFields offer quantity cycle submit_label=F::Add on_submit=add/>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" id="subscription-error">{e.now()}</p> })}
        </section>
        <div class="actions">
            <button class="button" on:click=move |_| wizard.step.set(0)>{t(C::Back)}</button>
            <button class="button primary" id="next-review" on:click=move |_| wizard.step.set(2)>{t(F::NextReview)}</button>
        </div>
    }
}
