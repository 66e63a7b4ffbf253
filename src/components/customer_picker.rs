//! Choosing one customer out of many by typing its name: suggestions come from the list index (a drop-down
//! of 100,000 customers would not open), and the text resolves to a customer when it names exactly one.

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::customer_index::Sort;
use crate::domain::search::CustomerQuery;
use crate::i18n::texts::Common as C;
use crate::i18n::view::{t, tf};
use crate::state::use_app;

/// Customers suggested at a time.
const SUGGESTIONS: usize = 20;

/// A labelled text field with suggestions that resolves to one customer: `set` hears the customer named
/// ("Name", or "Name (domain)" when several share the name), or `None` while the text names no one.
#[component]
pub fn CustomerPicker(
    /// Element id of the input.
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// Shown in the empty field (what empty means).
    #[prop(into, optional)]
    placeholder: Option<Signal<&'static str>>,
    /// The customer chosen now (named in the field when it opens with one).
    #[prop(into)]
    chosen: Signal<Option<Uuid>>,
    /// Hears each change of the chosen customer.
    set: Callback<Option<Uuid>>,
) -> impl IntoView {
    let customers = use_app().customers;
    customers.load(Sort::default());
    let text = RwSignal::new(String::new());
    // A customer chosen before the field opened (from the URL, say) is named once the index knows it.
    Effect::new(move |_| {
        if let Some(id) = chosen.get() {
            if let Some(name) = customers.with(|index| index.get(id).map(|r| r.name)) {
                if text.get_untracked().is_empty() {
                    text.set(name);
                }
            }
        }
    });
    let suggestions = Memo::new(move |_| {
        let typed = text.get();
        if typed.trim().is_empty() {
            return Vec::new();
        }
        customers.with(|index| {
            let hits = index.query(&CustomerQuery { text: typed, show_ended: true, ..CustomerQuery::default() });
            hits.iter().take(SUGGESTIONS).map(|p| index.row(*p)).map(|r| (r.id, r.name, r.domain)).collect::<Vec<_>>()
        })
    });
    let resolve = move |typed: &str| -> Option<Uuid> {
        let typed = typed.trim();
        suggestions.with_untracked(|s| {
            let named: Vec<_> = s.iter().filter(|(_, n, _)| n.eq_ignore_ascii_case(typed)).collect();
            match named.as_slice() {
                [(id, ..)] => Some(*id),
                _ => s.iter().find(|(_, n, d)| format!("{n} ({d})").eq_ignore_ascii_case(typed)).map(|(id, ..)| *id),
            }
        })
    };
    // A name that names no one is said when the partner leaves the field, not while typing.
    let left = RwSignal::new(false);
    let unresolved = Memo::new(move |_| {
        let typed = text.get();
        (left.get() && !typed.trim().is_empty() && chosen.get().is_none()).then_some(typed)
    });
    let on_input = move |value: String| {
        left.set(false);
        text.set(value.clone());
        let found = if value.trim().is_empty() { None } else { resolve(&value) };
        if found != chosen.get_untracked() {
            set.run(found);
        }
    };
    let (list, hint, error) = (format!("{id}-suggestions"), format!("{id}-hint"), format!("{id}-error"));
    // The hint under the label, as every field's; the error under the field, as every field's.
    let described_by = {
        let (hint, error) = (hint.clone(), error.clone());
        move || if unresolved.with(Option::is_some) { format!("{hint} {error}") } else { hint.clone() }
    };
    view! {
        <div class="field grow">
            <label for=id.clone()>{move || label.get()}</label>
            <p class="hint" id=hint>{t(C::PickCustomerHint)}</p>
            <input id=id type="search" list=list.clone() autocomplete="off" placeholder=move || placeholder.map(|p| p.get())
                aria-describedby=described_by aria-invalid=move || unresolved.with(Option::is_some).then_some("true")
                prop:value=move || text.get() on:input:target=move |ev| on_input(ev.target().value())
                on:change=move |_| left.set(true)/>
            <datalist id=list>
                {move || suggestions.get().into_iter().map(|(_, name, domain)| {
                    let value = format!("{name} ({domain})");
                    view! { <option value=value>{name}</option> }
                }).collect_view()}
            </datalist>
            {move || unresolved.get().map(|typed| view! {
                <p class="field-error" id=error.clone()>{tf(C::NoSuchCustomer, &[&typed])}</p>
            })}
        </div>
    }
}
