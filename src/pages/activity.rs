//! `/activity`: the activity log — date-time, customer, action, user — with a date range (default: the last
//! month), a customer filter and a CSV export of what is shown.

use leptos::prelude::*;
use leptos_router::components::A;
use time::Date;
use uuid::Uuid;

use crate::domain::activity::{ActivityEntry, ActivityQuery};
use crate::domain::csv_export::activity_csv;
use crate::domain::validation::iso_date;
use crate::platform::{self, format_timestamp, href};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::list_customers;

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
        app.revision.track();
        let store = store.clone();
        async move { store.activity(None).await }
    });
    let store = app.store.clone();
    let customers = LocalResource::new(move || {
        let store = store.clone();
        async move { list_customers(&store).await.unwrap_or_default() }
    });

    let range_error = Memo::new(move |_| match (parse_date(&from.get()), parse_date(&to.get())) {
        (Some(f), Some(t)) if f > t => Some("“From” is after “To”.".to_string()),
        (None, _) | (_, None) => Some("Enter both dates.".to_string()),
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
            <h1>"Activity log"</h1>
            <button class="button" id="export-activity" on:click=export>"Export CSV"</button>
        </div>
        <div class="filters card">
            <div class="field">
                <label for="from">"From"</label>
                <input id="from" type="date" prop:value=move || from.get() on:input:target=move |ev| from.set(ev.target().value())/>
            </div>
            <div class="field">
                <label for="to">"To"</label>
                <input id="to" type="date" prop:value=move || to.get() on:input:target=move |ev| to.set(ev.target().value())/>
            </div>
            <div class="field grow">
                <label for="activity-customer">"Customer"</label>
                <select id="activity-customer" on:change:target=move |ev| customer.set(ev.target().value())>
                    <option value="">"All customers"</option>
                    {move || customers.get().unwrap_or_default().into_iter().map(|c| view! {
                        <option value=c.id.to_string()>{c.company_name}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        {move || range_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        {move || match shown.get() {
            None => ().into_any(),
            Some(None) => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Some(Err(e))) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Some(Ok(rows))) if rows.is_empty() => view! {
                <section class="card empty"><h2>"No activity in this period"</h2><p>"Change the dates or the customer to see more."</p></section>
            }.into_any(),
            Some(Some(Ok(rows))) => view! {
                <p class="muted result-count">{if rows.len() == 1 { "1 entry".to_string() } else { format!("{} entries", rows.len()) }}</p>
                <table class="customers activity-log">
                    <thead><tr><th scope="col">"Date"</th><th scope="col">"Customer"</th><th scope="col">"Action"</th><th scope="col">"User"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|e| view! {
                            <tr>
                                <td data-label="Date">{format_timestamp(e.at)}</td>
                                <td data-label="Customer">{match e.customer_id {
                                    Some(id) => view! { <A href=href(&format!("/customers/{id}"))>{e.customer_name.clone()}</A> }.into_any(),
                                    None => view! { <span>{e.customer_name.clone()}</span> }.into_any(),
                                }}</td>
                                <td data-label="Action">{e.action.label()}<span class="muted small detail">{e.detail}</span></td>
                                <td data-label="User">{e.user}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
