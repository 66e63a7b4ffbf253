//! A list drawn a page at a time (newest first): the search field above it, which draws the first page of
//! what it finds, and under it how many of how many are shown with "Show 50 more" (nothing once all are).

use leptos::prelude::*;

use crate::i18n::texts::Common as C;
use crate::i18n::view::{t, tf};
use crate::platform::format_count;

/// The labelled search field `id` over a paged list: typing sets `text` and draws the first page again.
#[component]
pub fn PagedSearch(
    id: &'static str,
    #[prop(into)] placeholder: Signal<&'static str>,
    text: RwSignal<String>,
    limit: RwSignal<usize>,
    page: usize,
) -> impl IntoView {
    view! {
        <div class="field grow">
            <label for=id>{t(C::Search)}</label>
            <input type="search" id=id autocomplete="off" placeholder=placeholder
                prop:value=move || text.get()
                on:input:target=move |ev| {
                    limit.set(page);
                    text.set(ev.target().value())
                }/>
        </div>
    }
}

/// The line under a list showing the first `limit` of `total` items; the button draws `page` more. Its
/// parts have the ids `{id}-shown` and `more-{id}`.
#[component]
pub fn ShowMore(
    id: &'static str,
    limit: RwSignal<usize>,
    #[prop(into)] total: Signal<usize>,
    page: usize,
) -> impl IntoView {
    move || {
        let (all, drawn) = (total.get(), limit.get().min(total.get()));
        (drawn < all).then(|| {
            view! {
                <div class="more-results">
                    <p class="muted" id=format!("{id}-shown")>{move || tf(C::ShownOf, &[&format_count(drawn), &format_count(all)])}</p>
                    <button class="button" id=format!("more-{id}") on:click=move |_| limit.update(|l| *l += page)>
                        {move || tf(C::ShowMore, &[&format_count(page.min(all - drawn))])}
                    </button>
                </div>
            }
        })
    }
}
