//! Step 2, "Review": everything the partner entered, with warnings, before submitting.

use leptos::prelude::*;

use crate::components::breakable::breakable;
use crate::components::customer_form::CustomerForm;
use crate::domain::validation::{parse_tags, typed_date, Field};
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, Customer as K, Form as F};
use crate::i18n::view::t;
use crate::platform::{country_name, format_date, locale};

/// The review step with "Back" and "Submit".
#[component]
pub fn Review(
    wizard: CustomerForm,
    submitting: Signal<bool>,
    error: Signal<Option<String>>,
    on_submit: Callback<()>,
) -> impl IntoView {
    let d = wizard.draft.get_untracked();
    let warnings = wizard.warnings(Field::CompanyName);
    // A value, or a dash for none; a domain or an e-mail address may wrap before its dots.
    let row = |label: F, value: String| {
        let shown = if value.trim().is_empty() { "—".to_string() } else { value };
        view! { <dt>{t(label)}</dt><dd>{shown}</dd> }
    };
    let breakable_row = |label: F, value: String| view! { <dt>{t(label)}</dt><dd>{breakable(&value)}</dd> };
    // What is written in words (the country, a billing cycle, a date) follows the language shown.
    let address = {
        let d = d.clone();
        move || {
            [
                d.address_line1.clone(),
                d.address_line2.clone(),
                d.address_line3.clone(),
                format!("{} {}", d.postal_code, d.city),
                d.state.clone(),
                country_name(&d.country_code()),
            ]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ")
        }
    };
    let tags = parse_tags(&d.tags).join(", ");
    let subscriptions = d.subscriptions.clone();
    view! {
        <section class="card review">
            <h2>{t(F::CheckDetails)}</h2>
            <For each=move || warnings.get() key=|w| w.clone() let:w>
                <p class="notice notice-warning">{w}</p>
            </For>
            <h3>{t(F::Company)}</h3>
            <dl class="props">
                {row(F::CompanyName, d.company_name.trim().to_string())}
                {breakable_row(F::PrimaryDomain, d.primary_domain())}
                {row(F::OrgId, d.org_registration_id.clone())}
            </dl>
            <h3>{t(F::PrimaryContact)}</h3>
            <dl class="props">
                {row(F::Name, format!("{} {}", d.first_name.trim(), d.last_name.trim()))}
                {breakable_row(F::EmailShort, d.email.clone())}
                {row(F::PhoneShort, d.phone.clone())}
                {row(F::CultureLanguage, format!("{} / {}", d.culture, d.language))}
                <dt>{t(F::Address)}</dt><dd>{address}</dd>
            </dl>
            // A heading and what it holds, without the heading said again as the name of its only row.
            <h3>{t(F::StepSubscriptions)}</h3>
            {if subscriptions.is_empty() {
                view! { <p class="muted" data-testid="review-subscriptions">{t(K::NoSubscriptions)}</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="review-subscriptions">
                        {subscriptions.into_iter().map(|l| view! {
                            <li>{move || format!("{} × {} ({})", l.quantity.trim(), l.offer_name.trim(), l.billing_cycle.label_in(locale::current()))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{t(F::Tags)}</h3>
            {if tags.is_empty() {
                view! { <p class="muted" data-testid="review-tags">{t(K::NoTags)}</p> }.into_any()
            } else {
                view! { <p data-testid="review-tags">{tags}</p> }.into_any()
            }}
            <h3>{t(F::Mca)}</h3>
            <dl class="props">
                {row(F::AcceptedBy, format!("{} {}", d.mca_first_name.trim(), d.mca_last_name.trim()))}
                {breakable_row(F::EmailShort, d.mca_email.trim().to_string())}
                <dt>{t(F::McaDate)}</dt>
                <dd>{let typed = d.mca_date.clone(); move || typed_date(&typed).map(format_date).unwrap_or_else(|_| typed.clone())}</dd>
            </dl>
        </section>
        {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
        <div class="actions">
            <button class="button" on:click=move |_| wizard.step.set(1)>{t(C::Back)}</button>
            <button class="button primary" id="submit" disabled=move || submitting.get() on:click=move |_| on_submit.run(())>
                {move || if submitting.get() { t(F::Adding)() } else { t(F::Submit)() }}
            </button>
        </div>
    }
}
