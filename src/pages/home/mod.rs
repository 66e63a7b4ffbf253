//! `/`: the state of the business — counts, what waits for an answer, where the data stands, the customers
//! by relationship and per month — and the seed's task table ("Resources for working with your customers").

mod added_chart;
mod overview;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::read_failed::ReadFailed;
use crate::domain::invitation::RequestStatus;
use crate::domain::list_row::CustomerCounts;
use crate::domain::referral::ReferralState;
use crate::i18n::errors::Localize;
use crate::i18n::plural;
use crate::i18n::texts::Home as H;
use crate::i18n::view::{t, tf, tr};
use crate::platform::{self, format_number, format_timestamp, href, locale};
use crate::state::use_app;
use crate::store::Store;
use crate::sync::status::SyncStatus;

/// The start page: the customer counts (as the list counts them, with the ended relationships and the
/// customers without billing details on their own), referrals to answer, relationship requests pending, where
/// the data stands (changes waiting and the last sync, or — with no remote — the last backup), and the four
/// tasks of the customer-accounts page; below the cards, the customers by relationship and per month.
#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let store = app.store.clone();
    let counts = LocalResource::new(move || {
        app.changes.customers.track();
        let store = store.clone();
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
    // Referrals waiting for an answer, and the fewest days left to answer one.
    let (store, changes) = (app.store.clone(), app.changes);
    let referrals = LocalResource::new(move || {
        changes.referrals.track();
        let store = store.clone();
        async move { store.referrals().await }
    });
    let today = platform::today();
    let to_answer = move || {
        let list = referrals.get().and_then(Result::ok).unwrap_or_default();
        let days: Vec<i64> =
            list.iter().filter(|r| r.state_on(today) == ReferralState::New).map(|r| r.days_left(today)).collect();
        (days.len() as u32, days.iter().min().copied().unwrap_or(0))
    };
    let store = app.store.clone();
    let requests = LocalResource::new(move || {
        changes.requests.track();
        let store = store.clone();
        async move { store.requests().await }
    });
    let pending_requests = Signal::derive(move || {
        let list = requests.get().and_then(Result::ok).unwrap_or_default();
        list.iter().filter(|r| r.status == RequestStatus::Pending).count() as u32
    });
    let store = app.store.clone();
    let last_backup = LocalResource::new(move || {
        let store = store.clone();
        async move { store.last_backup().await }
    });
    let sync = app.sync;
    let local = move || sync.status.with(|s| *s == SyncStatus::Off);
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
                    testid="ended-count" value=H::EndedCount label=(H::EndedLabelOne, H::EndedLabel)/>
                <SetApart count=Signal::derive(move || counted(|c| c.billing_missing)) path="/customers?billing=missing"
                    testid="billing-missing-count" value=H::BillingMissingCount
                    label=(H::BillingMissingLabel, H::BillingMissingLabel)/>
                <Show when=move || { to_answer().0 > 0 }>
                    <A href=href("/referrals") attr:class="stat">
                        <span class="stat-value" data-testid="referrals-to-answer">{move || tf(H::ToAnswer, &[&to_answer().0])}</span>
                        <span class="stat-label">{move || {
                            let (count, days) = to_answer();
                            let within = tf(plural(days.unsigned_abs(), H::OneDay, H::Days), &[&days]);
                            tf(plural(count.into(), H::ToAnswerLabelOne, H::ToAnswerLabel), &[&within])
                        }}</span>
                    </A>
                </Show>
                <SetApart count=pending_requests path="/customers/invite"
                    testid="pending-requests" value=H::PendingRequests label=(H::PendingRequestsLabelOne, H::PendingRequestsLabel)/>
                <A href=move || href(if local() { "/settings" } else { "/sync" }) attr:class="stat">
                    <span class="stat-value" data-testid="home-sync">{move || if local() {
                        tr(H::OnlyHere).to_string()
                    } else if sync.pending.get() > 0 {
                        tf(plural(sync.pending.get().into(), H::OneWaiting, H::Waiting), &[&format_number(sync.pending.get().into())])
                    } else {
                        tr(H::InSync).to_string()
                    }}</span>
                    <span class="stat-label" data-testid="home-sync-when">{move || if local() {
                        // "…" while it is read: "never" only once the device has said so.
                        let when = match last_backup.get() {
                            None => "…".to_string(),
                            Some(Ok(Some(at))) => format_timestamp(at),
                            Some(Ok(None)) => tr(H::Never).into(),
                            Some(Err(e)) => e.localize(locale::current()),
                        };
                        tf(H::LastBackup, &[&when])
                    } else {
                        let when = sync.last_ok.get();
                        tf(H::LastSync, &[&when.map(format_timestamp).unwrap_or_else(|| tr(H::NotYet).into())])
                    }}</span>
                </A>
            </div>
            // Referrals or requests that could not be read are said, not left out of the figures.
            {move || {
                let failed = referrals.get().and_then(Result::err).or_else(|| requests.get().and_then(Result::err));
                failed.map(|e| view! {
                    <ReadFailed message=e.localize(locale::current()) id="home-read-error"
                        retry=Callback::new(move |()| { referrals.refetch(); requests.refetch(); })/>
                })
            }}
        </section>
        <overview::Overview counts=Signal::derive(move || counts.get().and_then(Result::ok))/>
        <TaskTable/>
    }
}

/// The seed's task table: what a partner does here and where, and who it applies to.
#[component]
fn TaskTable() -> impl IntoView {
    let applies = move || view! { <td>{t(H::CspPartners)}</td> };
    view! {
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
/// list showing them (`path`), `value` with the count, `label` under it (for one of them, for more).
#[component]
fn SetApart(count: Signal<u32>, path: &'static str, testid: &'static str, value: H, label: (H, H)) -> impl IntoView {
    view! {
        <Show when=move || { count.get() > 0 }>
            <A href=href(path) attr:class="stat">
                <span class="stat-value" data-testid=testid>{move || tf(value, &[&format_number(count.get().into())])}</span>
                <span class="stat-label">{move || tr(plural(count.get().into(), label.0, label.1))}</span>
            </A>
        </Show>
    }
}
