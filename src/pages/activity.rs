//! `/activity`: the activity log — date-time, customer, action, user — with a date range (default: the last
//! month), a customer filter and a CSV export of what is shown.

use leptos::prelude::*;
use leptos_router::components::A;
use time::Date;
use uuid::Uuid;

use crate::domain::activity::{ActivityEntry, ActivityQuery};
use crate::domain::csv_export::activity_csv;
use crate::domain::customer_index::Sort;
use crate::domain::search::CustomerQuery;
use crate::domain::validation::iso_date;
use crate::i18n::activity::detail_in;
use crate::i18n::labels::Label;
use crate::i18n::texts::{Activity as A, Common as C};
use crate::i18n::view::{say, t, tf, tr};
use crate::platform::{self, format_timestamp, href, locale};
use crate::state::use_app;
use crate::store::Store;

fn parse_date(text: &str) -> Option<Date> {
    iso_date(text).ok()
}

/// The activity log page.
#[component]
pub fn Activity() -> impl IntoView {
    let app = use_app();
    let default = ActivityQuery::last_month(platform::today(), platform::utc_offset_minutes());
    let from = RwSignal::new(default.from.to_string());
    let to = RwSignal::new(default.to.to_string());
    let customer = RwSignal::new(String::new());
    let store = app.store.clone();
    let entries = LocalResource::new(move || {
        app.changes.activity.track();
        let store = store.clone();
        async move { store.activity(None).await }
    });
    // The customer filter names customers from the list's index.
    let customers = app.customers;
    customers.load(Sort::default());

    let range_error = Memo::new(move |_| match (parse_date(&from.get()), parse_date(&to.get())) {
        (Some(f), Some(until)) if f > until => Some(tr(A::FromAfterTo).to_string()),
        (None, _) | (_, None) => Some(tr(A::BothDates).to_string()),
        _ => None,
    });
    let shown = Memo::new(move |_| {
        let (Some(from), Some(to)) = (parse_date(&from.get()), parse_date(&to.get())) else { return None };
        let query = ActivityQuery {
            from,
            to,
            customer: Uuid::parse_str(&customer.get()).ok(),
            utc_offset_minutes: platform::utc_offset_minutes(),
        };
        Some(entries.get().map(|loaded| {
            loaded.map(|all| all.into_iter().filter(|e| query.matches(e)).collect::<Vec<ActivityEntry>>())
        }))
    });
    let export = move |_| {
        if let Some(Some(Ok(rows))) = shown.get_untracked() {
            let refs: Vec<&ActivityEntry> = rows.iter().collect();
            platform::download("Activity.csv", &activity_csv(&refs, format_timestamp), "text/csv;charset=utf-8");
        }
    };

    view! {
        <div class="page-head">
            <h1>{t(A::Title)}</h1>
            <button class="button" id="export-activity" on:click=export>{t(C::ExportCsv)}</button>
        </div>
        <div class="filters card">
            <div class="field">
                <label for="from">{t(A::From)}</label>
                <input id="from" type="date" prop:value=move || from.get() on:input:target=move |ev| from.set(ev.target().value())/>
            </div>
            <div class="field">
                <label for="to">{t(A::To)}</label>
                <input id="to" type="date" prop:value=move || to.get() on:input:target=move |ev| to.set(ev.target().value())/>
            </div>
            <div class="field grow">
                <label for="activity-customer">{t(A::Customer)}</label>
                <select id="activity-customer" on:change:target=move |ev| customer.set(ev.target().value())>
                    <option value="">{t(A::AllCustomers)}</option>
                    {move || customers.with(|index| {
                        let all = index.query(&CustomerQuery { show_ended: true, ..CustomerQuery::default() });
                        all.into_iter().map(|p| index.row(p)).map(|r| view! {
                            <option value=r.id.to_string()>{r.name.clone()}</option>
                        }).collect_view()
                    })}
                </select>
            </div>
        </div>
        {move || range_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        {move || match shown.get() {
            None => ().into_any(),
            Some(None) => view! { <p class="muted">{t(C::Loading)}</p> }.into_any(),
            Some(Some(Err(e))) => view! { <p class="notice notice-error" role="alert">{say(&e)}</p> }.into_any(),
            Some(Some(Ok(rows))) if rows.is_empty() => view! {
                <section class="card empty"><h2>{t(A::Empty)}</h2><p>{t(A::EmptyText)}</p></section>
            }.into_any(),
            Some(Some(Ok(rows))) => view! {
                <p class="muted result-count">{let n = rows.len(); move || if n == 1 { tr(A::OneEntry).to_string() } else { tf(A::Entries, &[&n]) }}</p>
                <table class="customers activity-log">
                    <thead><tr><th scope="col">{t(A::Date)}</th><th scope="col">{t(A::Customer)}</th><th scope="col">{t(A::Action)}</th><th scope="col">{t(A::User)}</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|e| view! {
                            <tr>
                                <td data-label=t(A::Date)>{move || format_timestamp(e.at)}</td>
                                <td data-label=t(A::Customer)>{match e.customer_id {
                                    Some(id) => view! { <A href=href(&format!("/customers/{id}"))>{e.customer_name.clone()}</A> }.into_any(),
                                    None => view! { <span>{e.customer_name.clone()}</span> }.into_any(),
                                }}</td>
                                <td data-label=t(A::Action)>{move || e.action.label_in(locale::current())}<span class="muted small detail">{let (action, detail) = (e.action, e.detail.clone()); move || detail_in(action, &detail, locale::current())}</span></td>
                                <td data-label=t(A::User)>{e.user}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
