//! `/customers`: every customer, with prefix-and-substring search and a relationship filter.

use leptos::prelude::*;
use leptos_router::components::A;

use std::collections::HashMap;

use leptos::task::spawn_local;
use uuid::Uuid;

use crate::components::relationship_badge::RelationshipBadge;
use crate::domain::csv_export::{customers_csv, customers_full_csv};
use crate::domain::customer::Customer;
use crate::domain::customer::Relationship;
use crate::domain::search::{search, CustomerQuery, CustomerRow};
use crate::platform;
use crate::platform::href;
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::list_customers;

/// How many rows are drawn before "Show more".
const PAGE: usize = 100;

/// The customer list page.
#[component]
pub fn CustomerList() -> impl IntoView {
    let app = use_app();
    let store = app.store.clone();
    let rows = LocalResource::new(move || {
        app.revision.track();
        let store = store.clone();
        async move { list_customers(&store).await }
    });
    let text = RwSignal::new(String::new());
    let relationship = RwSignal::new(None::<Relationship>);
    let shown = RwSignal::new(PAGE);

    let results = Memo::new(move |_| {
        let query = CustomerQuery { text: text.get(), relationship: relationship.get() };
        rows.get().map(|loaded| {
            loaded.map(|all| {
                let hits: Vec<CustomerRow> = search(&all, &query).into_iter().cloned().collect();
                (all.len(), hits)
            })
        })
    });

    let export_error = RwSignal::new(None::<String>);
    let export = Callback::new(move |all_fields: bool| {
        // Exactly the customers shown, in the order shown.
        let Some(Ok((_, hits))) = results.get_untracked() else { return };
        let order: HashMap<Uuid, usize> = hits.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let store = app.store.clone();
        spawn_local(async move {
            match store.customers().await {
                Ok(all) => {
                    let mut chosen: Vec<Customer> = all.into_iter().filter(|c| order.contains_key(&c.id)).collect();
                    chosen.sort_by_key(|c| order[&c.id]);
                    let (name, text) = if all_fields {
                        ("Customers-all-fields.csv", customers_full_csv(&chosen))
                    } else {
                        ("Customers.csv", customers_csv(&chosen))
                    };
                    platform::download(name, &text, "text/csv;charset=utf-8");
                    export_error.set(None);
                }
                Err(e) => export_error.set(Some(e.to_string())),
            }
        });
    });

    view! {
        <div class="page-head">
            <h1>"Customers"</h1>
            <div class="head-actions">
                <button class="button" id="export-customers" on:click=move |_| export.run(false)>"Export Customers.csv"</button>
                <button class="button" id="export-all-fields" on:click=move |_| export.run(true)>"Export all fields"</button>
                <A href=href("/customers/new") attr:class="button primary">"Add customer"</A>
            </div>
        </div>
        {move || export_error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
        <div class="filters card">
            <div class="field grow">
                <label for="search">"Search"</label>
                <input
                    id="search"
                    type="search"
                    placeholder="Company name, domain or Microsoft ID"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input:target=move |ev| {
                        text.set(ev.target().value());
                        shown.set(PAGE);
                    }
                />
            </div>
            <div class="field">
                <label for="relationship">"Relationship"</label>
                <select
                    id="relationship"
                    on:change:target=move |ev| relationship.set(Relationship::from_key(&ev.target().value()))
                >
                    <option value="">"All"</option>
                    {Relationship::ALL.map(|r| view! { <option value=r.key()>{r.label()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        {move || match results.get() {
            None => view! { <p class="muted">"Loading customers…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok((0, _))) => view! {
                <section class="card empty">
                    <h2>"No customers yet"</h2>
                    <p>"Add your first customer: the account is your starting point for subscriptions, billing and support."</p>
                    <A href=href("/customers/new") attr:class="button primary">"Add your first customer"</A>
                </section>
            }.into_any(),
            Some(Ok((_, hits))) if hits.is_empty() => view! {
                <section class="card empty">
                    <h2>"No customer matches"</h2>
                    <p>"Nothing matches “" {text.get()} "”. Search looks at the start and inside company names, domains and Microsoft IDs."</p>
                    <button class="button" on:click=move |_| { text.set(String::new()); }>"Clear search"</button>
                </section>
            }.into_any(),
            Some(Ok((total, hits))) => {
                let count = hits.len();
                let filtered = !text.with(|t| t.trim().is_empty()) || relationship.with(Option::is_some);
                let visible: Vec<CustomerRow> = hits.into_iter().take(shown.get()).collect();
                view! {
                    <p class="muted result-count" aria-live="polite">{count_text(count, total, filtered)}</p>
                    <table class="customers">
                        <thead>
                            <tr>
                                <th scope="col">"Company name"</th>
                                <th scope="col">"Primary domain"</th>
                                <th scope="col">"Microsoft ID"</th>
                                <th scope="col">"Relationship"</th>
                                <th scope="col">"Tags"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {visible.into_iter().map(|row| view! { <CustomerRowView row/> }).collect_view()}
                        </tbody>
                    </table>
                    <Show when=move || { count > shown.get() }>
                        <button class="button more" on:click=move |_| shown.update(|s| *s += PAGE)>
                            {move || format!("Show more ({} more)", count.saturating_sub(shown.get()))}
                        </button>
                    </Show>
                }.into_any()
            }
        }}
    }
}

/// "3 customers", or "1 of 3 customers" while a search or filter is active.
fn count_text(count: usize, total: usize, filtered: bool) -> String {
    let noun = if total == 1 { "customer" } else { "customers" };
    if filtered {
        format!("{count} of {total} {noun}")
    } else {
        format!("{total} {noun}")
    }
}

/// One customer in the list (a table row on wide screens, a card on phones).
#[component]
fn CustomerRowView(row: CustomerRow) -> impl IntoView {
    let link = href(&format!("/customers/{}", row.id));
    let no_tags = row.tags.is_empty();
    view! {
        <tr>
            <td data-label="Company"><A href=link>{row.company_name}</A></td>
            <td data-label="Domain" class="mono">{row.domain}</td>
            <td data-label="Microsoft ID" class="mono small">{row.id.to_string()}</td>
            <td data-label="Relationship"><RelationshipBadge relationship=row.relationship/></td>
            <td data-label="Tags" class:no-tags=no_tags>
                {row.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
            </td>
        </tr>
    }
}
