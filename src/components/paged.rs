//! A list drawn a page at a time (newest first): the search field above it, which draws the first page of
//! what it finds, and under it how many of how many are shown with "Show 50 more" (nothing once all are).

use leptos::prelude::*;

use crate::i18n::texts::Common as C;
use crate::i18n::view::{t, tf};
use crate::platform::format_count;

/// A list drawn a page at a time: what its search field holds, how many items are drawn (a page more at each
/// "Show more"), and the items that match.
pub struct Paged<T: Send + Sync + 'static> {
    pub text: RwSignal<String>,
    pub limit: RwSignal<usize>,
    pub page: usize,
    matching: Memo<Vec<T>>,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Paged<T> {
    /// A list of `page` items at a time; `matching` gives the items matching the search text (reading other
    /// signals too: they are followed).
    pub fn new(page: usize, matching: impl Fn(&str) -> Vec<T> + Send + Sync + 'static) -> Paged<T> {
        let text = RwSignal::new(String::new());
        Paged { text, limit: RwSignal::new(page), page, matching: Memo::new(move |_| text.with(|t| matching(t))) }
    }

    /// Draws the first page again (a filter beside the search changed).
    pub fn restart(&self) {
        self.limit.set(self.page);
    }

    /// The items drawn: the first `limit` of those matching.
    pub fn shown(&self) -> Vec<T> {
        let limit = self.limit.get();
        self.matching.with(|m| m.iter().take(limit).cloned().collect())
    }

    /// How many match.
    pub fn total(&self) -> usize {
        self.matching.with(Vec::len)
    }

    /// `f` of every item matching, not followed (an export of them).
    pub fn with_matching<R>(&self, f: impl FnOnce(&Vec<T>) -> R) -> R {
        self.matching.with_untracked(f)
    }
}

/// The labelled search field `id` over `list`: typing draws the first page of what it finds.
#[component]
pub fn PagedSearch<T: Clone + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    #[prop(into)] placeholder: Signal<&'static str>,
    list: Paged<T>,
) -> impl IntoView {
    view! {
        <div class="field grow">
            <label for=id>{t(C::Search)}</label>
            <input type="search" id=id autocomplete="off" placeholder=placeholder
                prop:value=move || list.text.get()
                on:input:target=move |ev| {
                    list.restart();
                    list.text.set(ev.target().value())
                }/>
        </div>
    }
}

/// The line under `list` while not every item matching is drawn: how many of how many are, and a button
/// that draws a page more. Its parts have the ids `{id}-shown` and `more-{id}`.
#[component]
pub fn ShowMore<T: Clone + PartialEq + Send + Sync + 'static>(id: &'static str, list: Paged<T>) -> impl IntoView {
    let page = list.page;
    move || {
        let all = list.total();
        let drawn = list.limit.get().min(all);
        (drawn < all).then(|| {
            view! {
                <div class="more-results">
                    <p class="muted" id=format!("{id}-shown")>{move || tf(C::ShownOf, &[&format_count(drawn), &format_count(all)])}</p>
                    <button class="button" id=format!("more-{id}") on:click=move |_| list.limit.update(|l| *l += page)>
                        {move || tf(C::ShowMore, &[&format_count(page.min(all - drawn))])}
                    </button>
                </div>
            }
        })
    }
}
