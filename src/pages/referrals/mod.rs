//! `/referrals`: the referrals inbox — record a referral, filter by state, answer new ones within 14 days,
//! follow active ones to won or lost, and export what is shown as CSV.

mod referral_card;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::field::{DateField, MoneyField};
use crate::components::paged::{Paged, PagedSearch, ShowMore};
use crate::components::read_failed::ReadFailed;
use crate::components::record_form::RecordForm;
use crate::domain::csv_export::referrals_csv;
use crate::domain::invitation::Feature;
use crate::domain::referral::{inbox, NewReferral, ReferralError, ReferralState};
use crate::domain::validation::typed_date;
use crate::i18n::labels::Label;
use crate::i18n::plural;
use crate::i18n::texts::{Common as C, Referrals as R};
use crate::i18n::view::{say, t, tf, Said};
use crate::platform::{self, format_count, locale};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{add_referral, Actor, ReferralUseError};
use referral_card::ReferralCard;

/// Referrals drawn at a time ("Show 50 more" draws the next).
const PAGE: usize = 50;

/// The referrals page.
#[component]
pub fn ReferralsPage() -> impl IntoView {
    let app = use_app();
    let today = platform::today();
    let cloud = move || app.partner.with(|p| p.as_ref().map(|p| p.cloud).unwrap_or_default());
    let offered = move || cloud().offers(Feature::Referrals);
    let store = app.store.clone();
    let data = LocalResource::new(move || {
        app.changes.referrals.track();
        let store = store.clone();
        async move { store.referrals().await }
    });
    // A failed read is said, not shown as "no referrals".
    let read_error = move || data.get().and_then(Result::err).map(|e| say(&e));
    let filter = RwSignal::new(None::<ReferralState>);
    // The inbox shows a page of cards at a time: 3,000 referrals drawn at once were a 433 ms task.
    let list = Paged::new(PAGE, move |text| {
        let state = filter.get();
        data.with(|d| match d {
            Some(Ok(all)) => inbox(all, state, text, today).into_iter().cloned().collect(),
            _ => Vec::new(),
        })
    });
    let total = move || list.total();
    let count = move |s: ReferralState| {
        data.with(|d| {
            d.as_ref().and_then(|d| d.as_ref().ok()).map_or(0, |r| r.iter().filter(|r| r.state_on(today) == s).count())
        })
    };
    let export = move |_| {
        list.with_matching(|matching| {
            let refs: Vec<_> = matching.iter().collect();
            platform::download("Referrals.csv", &referrals_csv(&refs, today), "text/csv;charset=utf-8");
        })
    };
    // (read failed, nothing to show): what the page shows changes rarely, and the cards stay while typing.
    let shape = Memo::new(move |_| (data.with(|d| matches!(d, Some(Err(_)))), total() == 0));
    let any = move || data.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).is_some_and(|all| !all.is_empty()));
    view! {
        <div class="page-head">
            <h1>{t(R::Title)}</h1>
            <div class="head-actions">
                <button class="button" id="export-referrals" on:click=export>{t(C::ExportCsv)}</button>
            </div>
        </div>
        <p class="muted">{t(R::Lead)}</p>
        {move || read_error().map(|message| view! {
            <ReadFailed message id="referrals-read-error" retry=Callback::new(move |()| data.refetch())/>
        })}
        {move || (!offered()).then(|| view! {
            <p class="notice notice-info" id="referrals-not-offered">
                {move || tf(R::NotOffered, &[&cloud().label_in(locale::current())])}
                <A href=platform::href("/settings")>{t(R::ChangeCloud)}</A>
            </p>
        })}
        <NewReferralForm/>
        <section class="card filters">
            <div class="field choice">
                <label for="referral-state">{t(R::State)}</label>
                <select id="referral-state" on:change:target=move |ev| {
                    list.restart();
                    filter.set(ReferralState::from_key(&ev.target().value()))
                }>
                    <option value="">{t(C::All)}</option>
                    {ReferralState::ALL.map(|s| view! {
                        <option value=s.key()>{move || tf(R::StateCount, &[&s.label_in(locale::current()), &format_count(count(s))])}</option>
                    }).collect_view()}
                </select>
            </div>
            <PagedSearch id="referral-search" placeholder=Signal::derive(t(R::SearchPlaceholder)) list/>
        </section>
        <Suspense fallback=|| view! { <p class="muted">{t(R::Loading)}</p> }>
            {move || match shape.get() {
                // What could not be read is not "no referrals".
                (true, _) => ().into_any(),
                (false, true) => {
                    let empty = if any() { R::NoMatch } else { R::Empty };
                    view! { <section class="card empty"><p id="referrals-empty">{t(empty)}</p></section> }.into_any()
                }
                (false, false) => view! {
                    <p class="result-count">{move || { let n = total(); tf(plural(n as u64, R::OneReferral, R::Count), &[&format_count(n)]) }}</p>
                    <For each=move || list.shown() key=|r| (r.id, r.updated_at, r.state) let:referral>
                        <ReferralCard referral/>
                    </For>
                    <ShowMore id="referrals" list/>
                }.into_any(),
            }}
        </Suspense>
    }
}

/// The form that records a referral (received by email, phone or from a provider).
#[component]
fn NewReferralForm() -> impl IntoView {
    let app = use_app();
    let rec = RecordForm::<NewReferral, ReferralError>::default();
    let received = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let app = app.clone();
        let mut f = rec.form.get_untracked();
        let date = received.get_untracked();
        if !date.is_empty() {
            match typed_date(&date) {
                Ok(d) => f.received_on = Some(d),
                Err(e) => return rec.error.set(Some(ReferralError::Field(e, "Received"))),
            }
        }
        spawn_local(async move {
            let user = app.user_name();
            match add_referral(&app.store, &f, platform::today(), &Actor { user: &user, now: platform::now() }).await {
                Ok(_) => {
                    rec.recorded();
                    received.set(String::new());
                }
                Err(ReferralUseError::Invalid(e)) => rec.error.set(Some(e)),
                Err(e) => rec.failed.set(Some(Said::error(e))),
            }
        });
    };
    let (form, need_error) = (rec.form, rec.error_for("Need"));
    view! {
        <details class="card new-referral">
            <summary id="record-referral">{t(R::Record)}</summary>
            <form on:submit=submit novalidate class="grid-form">
                {rec.text_field("referral-customer", R::Customer, "Customer", |f| f.customer_name.clone(), |f, v| f.customer_name = v)}
                {rec.text_field("referral-contact", R::ContactName, "Contact", |f| f.contact_name.clone(), |f, v| f.contact_name = v)}
                {rec.text_field("referral-email", R::ContactEmail, "Contact email", |f| f.contact_email.clone(), |f, v| f.contact_email = v)}
                <MoneyField id="referral-value" label=R::DealValue value=Signal::derive(move || form.with(|f| f.value.clone()))
                    on_input=move |v: String| { rec.edited(); form.update(|f| f.value = v) } error=rec.error_for("Value")/>
                <DateField id="referral-received" label=R::ReceivedLabel value=received
                    on_input=move |v: String| { rec.error.set(None); received.set(v) } error=rec.error_for("Received")/>
                <div class="field wide">
                    <label for="referral-need">{t(R::NeedLabel)}</label>
                    <textarea id="referral-need" rows="2" prop:value=move || form.with(|f| f.need.clone())
                        on:input:target=move |ev| { let v = ev.target().value(); rec.edited(); form.update(|f| f.need = v) }></textarea>
                    {move || need_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <div class="actions wide">
                    {rec.status(R::Recorded)}
                    <button class="button primary" type="submit" id="save-referral">{t(R::RecordButton)}</button>
                </div>
            </form>
        </details>
    }
}
