//! `/customers`: every customer, with prefix-and-substring search, filters (relationship, tag, indirect
//! provider, ended relationships), bulk tagging of selected rows, and CSV export of what is shown.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::components::relationship_badge::RelationshipBadge;
use crate::domain::csv_export::{customers_csv, customers_full_csv};
use crate::domain::customer::{Customer, Relationship};
use crate::domain::search::{all_tags, search, CustomerQuery, CustomerRow, ProviderFilter};
use crate::domain::validation::parse_tags;
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, List as L};
use crate::i18n::view::{say, t, tf, tr};
use crate::platform::{self, href, locale};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{add_tags, list_customers, remove_tags, Actor};

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
    let tag = RwSignal::new(None::<String>);
    let show_ended = RwSignal::new(false);
    // `?provider=<partner id>` (from the providers page) or `?provider=direct` preselects the provider filter.
    let query = use_query_map();
    let provider = RwSignal::new(query.with_untracked(|q| q.get("provider")).unwrap_or_default());
    let store = app.store.clone();
    let providers = LocalResource::new(move || {
        app.revision.track();
        let store = store.clone();
        async move { store.providers().await.unwrap_or_default() }
    });
    // Partner id → provider name, for the column.
    let provider_names = Memo::new(move |_| {
        providers.get().unwrap_or_default().into_iter().map(|p| (p.partner_id, p.name)).collect::<HashMap<_, _>>()
    });
    let shown = RwSignal::new(PAGE);
    let selected = RwSignal::new(BTreeSet::<Uuid>::new());

    let results = Memo::new(move |_| {
        let query = CustomerQuery {
            text: text.get(),
            relationship: relationship.get(),
            tag: tag.get(),
            show_ended: show_ended.get(),
            provider: ProviderFilter::from_value(&provider.get()),
        };
        rows.get().map(|loaded| {
            loaded.map(|all| {
                let total = all.iter().filter(|r| query.show_ended || !r.ended).count();
                let hits: Vec<CustomerRow> = search(&all, &query).into_iter().cloned().collect();
                let filtered = !query.text.trim().is_empty()
                    || query.relationship.is_some()
                    || query.tag.is_some()
                    || query.provider.is_some();
                (all.len(), total, filtered, hits, all_tags(&all))
            })
        })
    });

    let export_error = RwSignal::new(None::<String>);
    let store = app.store.clone();
    let export = Callback::new(move |all_fields: bool| {
        // Exactly the customers shown, in the order shown.
        let Some(Ok((_, _, _, hits, _))) = results.get_untracked() else { return };
        let order: HashMap<Uuid, usize> = hits.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let store = store.clone();
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
                Err(e) => export_error.set(Some(say(&e))),
            }
        });
    });

    view! {
        <div class="page-head">
            <h1>{t(C::NavCustomers)}</h1>
            <div class="head-actions">
                <button class="button" id="export-customers" on:click=move |_| export.run(false)>{t(L::ExportCustomers)}</button>
                <button class="button" id="export-all-fields" on:click=move |_| export.run(true)>{t(L::ExportAll)}</button>
                <A href=href("/customers/import") attr:class="button">{t(L::ImportCsv)}</A>
                <A href=href("/customers/invite") attr:class="button">{t(L::InviteCustomer)}</A>
                <A href=href("/customers/new") attr:class="button primary">{t(L::AddCustomer)}</A>
            </div>
        </div>
        {move || export_error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
        <div class="filters card">
            <div class="field grow">
                <label for="search">{t(L::Search)}</label>
                <input
                    id="search"
                    type="search"
                    placeholder=t(L::SearchPlaceholder)
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input:target=move |ev| {
                        text.set(ev.target().value());
                        shown.set(PAGE);
                    }
                />
            </div>
            <div class="field">
                <label for="relationship">{t(L::Relationship)}</label>
                <select id="relationship" on:change:target=move |ev| relationship.set(Relationship::from_key(&ev.target().value()))>
                    <option value="">{t(C::All)}</option>
                    {Relationship::ALL.map(|r| view! { <option value=r.key()>{move || r.label_in(locale::current())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="tag-filter">{t(L::Tag)}</label>
                <select id="tag-filter" on:change:target=move |ev| {
                    let v = ev.target().value();
                    tag.set((!v.is_empty()).then_some(v));
                }>
                    <option value="">{t(L::Any)}</option>
                    {move || match results.get() {
                        Some(Ok((_, _, _, _, tags))) => tags.into_iter().map(|t| {
                            let selected = tag.get().as_deref() == Some(t.as_str());
                            view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                        }).collect_view().into_any(),
                        _ => ().into_any(),
                    }}
                </select>
            </div>
            <div class="field">
                <label for="provider-filter">{t(L::Provider)}</label>
                <select id="provider-filter" on:change:target=move |ev| provider.set(ev.target().value())>
                    <option value="" selected=move || provider.with(String::is_empty)>{t(L::Any)}</option>
                    <option value="direct" selected=move || provider.get() == "direct">{t(L::Direct)}</option>
                    {move || provider_names.get().into_iter().map(|(id, name)| {
                        let value = id.clone();
                        view! { <option value=id selected=move || provider.get().eq_ignore_ascii_case(&value)>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <label class="check">
                <input type="checkbox" id="show-ended" prop:checked=move || show_ended.get()
                    on:change:target=move |ev| show_ended.set(ev.target().checked())/>
                {t(L::ShowEnded)}
            </label>
        </div>
        <BulkTags selected/>
        {move || match results.get() {
            None => view! { <p class="muted">{t(L::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{say(&e)}</p> }.into_any(),
            Some(Ok((0, _, _, _, _))) => view! {
                <section class="card empty">
                    <h2>{t(L::NoCustomers)}</h2>
                    <p>{t(L::NoCustomersText)}</p>
                    <A href=href("/customers/new") attr:class="button primary">{t(L::AddFirst)}</A>
                </section>
            }.into_any(),
            Some(Ok((_, _, _, hits, _))) if hits.is_empty() => view! {
                <section class="card empty">
                    <h2>{t(L::NoMatch)}</h2>
                    <p>{t(L::NoMatchText)}</p>
                    <button class="button" on:click=move |_| { text.set(String::new()); tag.set(None); provider.set(String::new()); }>{t(L::ClearSearch)}</button>
                </section>
            }.into_any(),
            Some(Ok((_, total, filtered, hits, _))) => {
                let count = hits.len();
                let ids: Vec<Uuid> = hits.iter().map(|r| r.id).collect();
                let visible: Vec<CustomerRow> = hits.into_iter().take(shown.get()).collect();
                let all_selected = {
                    let ids = ids.clone();
                    move || selected.with(|s| !ids.is_empty() && ids.iter().all(|id| s.contains(id)))
                };
                view! {
                    <p class="muted result-count" aria-live="polite">{move || count_text(count, total, filtered)}</p>
                    <table class="customers">
                        <thead>
                            <tr>
                                <th scope="col" class="select">
                                    <input type="checkbox" id="select-all" aria-label=t(L::SelectAll)
                                        prop:checked=all_selected
                                        on:change:target=move |ev| {
                                            let on = ev.target().checked();
                                            selected.update(|s| for id in &ids { if on { s.insert(*id); } else { s.remove(id); } });
                                        }/>
                                </th>
                                <th scope="col">{t(L::CompanyName)}</th>
                                <th scope="col">{t(L::PrimaryDomain)}</th>
                                <th scope="col">{t(L::MicrosoftId)}</th>
                                <th scope="col">{t(L::Relationship)}</th>
                                <th scope="col">{t(L::Provider)}</th>
                                <th scope="col">{t(L::Tags)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {visible.into_iter().map(|row| view! { <CustomerRowView row selected names=provider_names/> }).collect_view()}
                        </tbody>
                    </table>
                    <Show when=move || { count > shown.get() }>
                        <button class="button more" on:click=move |_| shown.update(|s| *s += PAGE)>
                            {move || tf(L::ShowMore, &[&count.saturating_sub(shown.get())])}
                        </button>
                    </Show>
                }.into_any()
            }
        }}
    }
}

/// "3 customers", or "1 of 3 customers" while a search or filter is active.
fn count_text(count: usize, total: usize, filtered: bool) -> String {
    match (filtered, total == 1) {
        (true, true) => tf(L::OfOneCustomer, &[&count, &total]),
        (true, false) => tf(L::OfCustomers, &[&count, &total]),
        (false, true) => tf(L::OneCustomer, &[&total]),
        (false, false) => tf(L::Customers, &[&total]),
    }
}

/// Adds or removes a tag on every selected customer at once.
#[component]
fn BulkTags(selected: RwSignal<BTreeSet<Uuid>>) -> impl IntoView {
    let app = use_app();
    let input = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let run = Callback::new(move |add: bool| {
        let tags = parse_tags(&input.get_untracked());
        if tags.is_empty() {
            message.set(Some((false, tr(L::EnterTagFirst).into())));
            return;
        }
        let ids: Vec<Uuid> = selected.get_untracked().into_iter().collect();
        let app = app.clone();
        busy.set(true);
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            let actor = Actor { user: &user, now };
            let result = if add {
                add_tags(&app.store, &ids, &tags, &actor).await
            } else {
                remove_tags(&app.store, &ids, &tags, &actor).await
            };
            busy.set(false);
            match result {
                Ok(n) => {
                    let done = if add { L::TagAdded } else { L::TagRemoved };
                    message.set(Some((true, tf(done, &[&tags.join(", "), &n]))));
                    input.set(String::new());
                    app.changed();
                }
                Err(e) => message.set(Some((false, say(&e)))),
            }
        });
    });
    view! {
        <Show when=move || !selected.with(BTreeSet::is_empty)>
            <div class="card bulk" role="region" aria-label=t(L::Selected)>
                <span class="bulk-count">{move || tf(L::SelectedCount, &[&selected.with(BTreeSet::len)])}</span>
                <div class="field grow">
                    <label for="bulk-tag">{t(L::Tag)}</label>
                    <input id="bulk-tag" type="text" placeholder=t(L::TagPlaceholder) prop:value=move || input.get()
                        on:input:target=move |ev| input.set(ev.target().value())/>
                </div>
                <button class="button" id="bulk-add-tag" disabled=move || busy.get() on:click=move |_| run.run(true)>{t(L::AddTag)}</button>
                <button class="button" id="bulk-remove-tag" disabled=move || busy.get() on:click=move |_| run.run(false)>{t(L::RemoveTag)}</button>
                <button class="button subtle" on:click=move |_| { selected.set(BTreeSet::new()); message.set(None); }>{t(L::ClearSelection)}</button>
            </div>
        </Show>
        {move || message.get().map(|(ok, text)| view! {
            <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status" id="bulk-message">{text}</p>
        })}
    }
}

/// `prefix.onmicrosoft.com` with a line-break opportunity before the first dot.
fn domain_with_break(domain: &str) -> impl IntoView {
    let (head, tail) = domain.split_at(domain.find('.').unwrap_or(domain.len()));
    view! { {head.to_string()}<wbr/>{tail.to_string()} }
}

/// One customer in the list (a table row on wide screens, a card on phones).
#[component]
fn CustomerRowView(
    row: CustomerRow,
    selected: RwSignal<BTreeSet<Uuid>>,
    names: Memo<HashMap<String, String>>,
) -> impl IntoView {
    let associated = row.associated_partner_id.clone();
    let provider = move || match &associated {
        None => "—".to_string(),
        Some(id) => names.with(|n| n.get(id).cloned()).unwrap_or_else(|| id.clone()),
    };
    let link = href(&format!("/customers/{}", row.id));
    let no_tags = row.tags.is_empty();
    let id = row.id;
    view! {
        <tr class:ended=row.ended>
            <td class="select">
                <input type="checkbox" aria-label={let name = row.company_name.clone(); move || tf(L::SelectOne, &[&name])}
                    prop:checked=move || selected.with(|s| s.contains(&id))
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                    }/>
            </td>
            <td data-label=t(L::Company)><A href=link>{row.company_name.clone()}</A></td>
            <td data-label=t(L::Domain) class="mono">{domain_with_break(&row.domain)}</td>
            <td data-label=t(L::MicrosoftId) class="mono small">{row.id.to_string()}</td>
            <td data-label=t(L::Relationship)>
                {if row.ended {
                    view! { <span class="badge badge-ended">{t(L::Ended)}</span> }.into_any()
                } else {
                    view! { <RelationshipBadge relationship=row.relationship/> }.into_any()
                }}
            </td>
            <td data-label=t(L::Provider) class="provider-cell">{provider}</td>
            <td data-label=t(L::Tags) class:no-tags=no_tags>
                {row.tags.into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
            </td>
        </tr>
    }
}
