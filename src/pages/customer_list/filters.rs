//! The list's search box and filters (relationship, tag, indirect provider, ended relationships) and, on
//! phones, the sort. Every change is written into the URL by the page. On a phone the filters sit behind a
//! "Filters (2)" button (Escape closes them again); the search box stays in sight.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::components::disclosure::close_on_escape;
use crate::components::viewport::Viewport;
use crate::domain::customer::Relationship;
use crate::domain::customer_index::{Sort, SortColumn};
use crate::domain::search::{CustomerQuery, ProviderFilter};
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, List as L};
use crate::i18n::view::{t, tf, tr};
use crate::platform::locale;
use crate::state::use_app;

/// The words of a sort column.
pub fn column_label(column: SortColumn) -> L {
    match column {
        SortColumn::Name => L::CompanyName,
        SortColumn::Domain => L::PrimaryDomain,
        SortColumn::Relationship => L::Relationship,
        SortColumn::Added => L::Added,
        SortColumn::Changed => L::Changed,
    }
}

/// Search, filters and (on phones) sort.
#[component]
pub fn Filters(
    query: Memo<CustomerQuery>,
    set_query: Callback<CustomerQuery>,
    sort: Memo<Sort>,
    set_sort: Callback<Sort>,
    names: Memo<HashMap<String, String>>,
    /// The grid's place on the screen, whose layout (phone or not) follows a phone turned, a window resized.
    viewport: Viewport,
) -> impl IntoView {
    let list = use_app().customers;
    let open = RwSignal::new(false);
    close_on_escape(open, "filters-toggle");
    let change = move |f: &dyn Fn(&mut CustomerQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        set_query.run(q);
    };
    let tags = Memo::new(move |_| list.with(|i| i.tags()));
    let count = move || query.with(CustomerQuery::filter_count);
    // Beside the "Filters" button on a phone the whole placeholder does not fit: a shorter one says the same.
    let placeholder =
        move || tr(if viewport.screen.get().1 { L::SearchPlaceholderShort } else { L::SearchPlaceholder });
    view! {
        <div class="filters card">
            <div class="field grow">
                <label for="search">{t(C::Search)}</label>
                <input id="search" type="search" placeholder=placeholder autocomplete="off"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input:target=move |ev| { let v = ev.target().value(); change(&|q| q.text = v.clone()) }/>
            </div>
            <button class="button filters-toggle" id="filters-toggle" aria-expanded=move || open.get().to_string()
                aria-controls="filter-fields" on:click=move |_| open.update(|o| *o = !*o)>
                {move || match count() { 0 => tr(L::Filters).to_string(), n => tf(L::FiltersCount, &[&n]) }}
            </button>
            <div class="filter-fields" id="filter-fields" class:open=move || open.get()>
                <div class="field">
                    <label for="relationship">{t(L::Relationship)}</label>
                    <select id="relationship" on:change:target=move |ev| {
                        let v = Relationship::from_key(&ev.target().value());
                        change(&|q| q.relationship = v)
                    }>
                        <option value="" selected=move || query.with(|q| q.relationship.is_none())>{t(C::All)}</option>
                        {Relationship::ALL.map(|r| view! {
                            <option value=r.key() selected=move || query.with(|q| q.relationship == Some(r))>
                                {move || r.label_in(locale::current())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="tag-filter">{t(L::Tag)}</label>
                    <select id="tag-filter" on:change:target=move |ev| {
                        let v = ev.target().value();
                        change(&|q| q.tag = (!v.is_empty()).then(|| v.clone()))
                    }>
                        <option value="" selected=move || query.with(|q| q.tag.is_none())>{t(L::Any)}</option>
                        {move || tags.get().into_iter().map(|tag| {
                            let value = tag.clone();
                            let selected = move || query.with(|q| q.tag.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(&value)));
                            view! { <option value=tag.clone() selected=selected>{tag.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="provider-filter">{t(L::Provider)}</label>
                    <select id="provider-filter" on:change:target=move |ev| {
                        let v = ProviderFilter::from_value(&ev.target().value());
                        change(&|q| q.provider = v.clone())
                    }>
                        <option value="" selected=move || query.with(|q| q.provider.is_none())>{t(L::Any)}</option>
                        <option value="direct" selected=move || query.with(|q| q.provider == Some(ProviderFilter::Direct))>{t(L::Direct)}</option>
                        {move || names.get().into_iter().map(|(id, name)| {
                            let value = id.clone();
                            let selected = move || query.with(|q| q.provider.as_ref().is_some_and(|p| p.value() == value));
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field sort-field">
                    <label for="sort">{t(L::SortBy)}</label>
                    <select id="sort" on:change:target=move |ev| set_sort.run(Sort::from_param(&ev.target().value()))>
                        {SortColumn::ALL.into_iter().flat_map(|c| [false, true].map(move |d| Sort { column: c, descending: d })).map(|s| {
                            let direction = if s.descending { L::Descending } else { L::Ascending };
                            view! {
                                <option value=s.to_param() selected=move || sort.get() == s>
                                    {move || format!("{} ({})", tr(column_label(s.column)), tr(direction))}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" id="show-ended" prop:checked=move || query.with(|q| q.show_ended)
                        on:change:target=move |ev| { let on = ev.target().checked(); change(&|q| q.show_ended = on) }/>
                    {t(L::ShowEnded)}
                </label>
                <label class="check">
                    <input type="checkbox" id="billing-missing" prop:checked=move || query.with(|q| q.billing_missing)
                        on:change:target=move |ev| { let on = ev.target().checked(); change(&|q| q.billing_missing = on) }/>
                    {t(L::BillingMissingOnly)}
                </label>
            </div>
        </div>
    }
}
