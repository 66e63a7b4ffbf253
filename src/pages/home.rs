//! `/`: the seed's task table ("Resources for working with your customers") as the start page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::list_row::CustomerCounts;
use crate::i18n::errors::Localize;
use crate::i18n::texts::Home as H;
use crate::i18n::view::{t, tf, tr};
use crate::platform::{format_number, href, locale};
use crate::state::use_app;
use crate::store::Store;

/// The start page: the customer counts (as the list counts them, with the ended relationships and the
/// customers without billing details on their own) and the four tasks of the customer-accounts page.
#[component]
pub fn Home() -> impl IntoView {
    let app = use_app();
    let counts = LocalResource::new(move || {
        app.changes.customers.track();
        let store = app.store.clone();
        async move { store.customer_counts().await }
    });
    // The list's own count: customers whose relationship has not ended.
    let count_text = move || match counts.get() {
        None => "…".to_string(),
        Some(Ok(c)) if c.listed() == 1 => tr(H::OneCustomer).to_string(),
        Some(Ok(c)) => tf(H::Customers, &[&format_number(c.listed().into())]),
        Some(Err(e)) => e.localize(locale::current()),
    };
    let counted = move |f: fn(&CustomerCounts) -> u32| counts.get().and_then(Result::ok).as_ref().map_or(0, f);
    let applies = move || view! { <td>{t(H::CspPartners)}</td> };
    view! {
        <section class="hero">
            <h1>{t(crate::i18n::texts::Common::Brand)}</h1>
            <p class="lead">{t(H::Lead)}</p>
            <div class="stats">
                <A href=href("/customers") attr:class="stat">
                    <span class="stat-value" data-testid="customer-count">{count_text}</span>
                    <span class="stat-label">{t(H::InYourList)}</span>
                </A>
                <SetApart count=Signal::derive(move || counted(|c| c.ended)) path="/customers?ended=1"
                    testid="ended-count" value=H::EndedCount label=H::EndedLabel/>
                <SetApart count=Signal::derive(move || counted(|c| c.billing_missing)) path="/customers?billing=missing"
                    testid="billing-missing-count" value=H::BillingMissingCount label=H::BillingMissingLabel/>
            </div>
        </section>
        <section class="card">
            <h2>{t(H::WhatToDo)}</h2>
            <table class="tasks">
                <thead>
                    <tr><th scope="col">{t(H::Task)}</th><th scope="col">{t(H::How)}</th><th scope="col">{t(H::AppliesTo)}</th></tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{t(H::GetNew)}</th>
                        <td>
                            {t(H::GetNew1)}<A href=href("/providers")>{t(H::GetNewProviders)}</A>
                            {t(H::GetNew2)}<A href=href("/profile")>{t(H::GetNewProfile)}</A>
                            {t(H::GetNew3)}<A href=href("/referrals")>{t(H::GetNewReferrals)}</A>
                            {t(H::GetNew4)}<A href=href("/customers/new")>{t(H::GetNewAdd)}</A>"."
                        </td>
                        {applies()}
                    </tr>
                    <tr>
                        <th scope="row">{t(H::AddExisting)}</th>
                        <td>
                            {t(H::AddExisting1)}<A href=href("/customers")>{t(H::CustomerList)}</A>
                            {t(H::AddExisting2)}<A href=href("/customers/invite")>{t(H::Invitation)}</A>{t(H::AddExisting3)}
                        </td>
                        {applies()}
                    </tr>
                    <tr>
                        <th scope="row">{t(H::Manage)}</th>
                        <td>
                            <A href=href("/customers/new")>{t(H::ManageAdd)}</A>{t(H::Manage1)}
                            <A href=href("/customers")>{t(H::CustomerList)}</A>{t(H::Manage2)}
                        </td>
                        {applies()}
                    </tr>
                    <tr>
                        <th scope="row">{t(H::Purchase)}</th>
                        <td>{t(H::Purchase1)}<A href=href("/customers")>{t(H::CustomerList)}</A>{t(H::Purchase2)}</td>
                        {applies()}
                    </tr>
                </tbody>
            </table>
            <p class="applies-to">{t(H::AppliesToClouds)}</p>
        </section>
    }
}

/// A card for customers the list sets apart (`count` of them, shown only when there are any): a link to the
/// list showing them (`path`), `value` with the count, `label` under it.
#[component]
fn SetApart(count: Signal<u32>, path: &'static str, testid: &'static str, value: H, label: H) -> impl IntoView {
    view! {
        <Show when=move || { count.get() > 0 }>
            <A href=href(path) attr:class="stat">
                <span class="stat-value" data-testid=testid>{move || tf(value, &[&format_number(count.get().into())])}</span>
                <span class="stat-label">{t(label)}</span>
            </A>
        </Show>
    }
}
