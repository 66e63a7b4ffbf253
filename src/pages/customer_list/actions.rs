//! The list's page actions: export what is shown (Partner Center's four columns or every field), import,
//! invite, add. On a phone or a tablet they sit behind one "Actions" button (Escape closes it), so the first
//! screen shows customers.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use super::work::{self, WorkFailed};
use crate::components::disclosure::close_on_escape;
use crate::domain::customer_index::Hits;
use crate::i18n::texts::List as L;
use crate::i18n::view::t;
use crate::platform::href;
use crate::state::use_app;

/// The page's actions, with their own menu button on phones.
#[component]
pub fn PageActions(hits: Memo<Hits>) -> impl IntoView {
    let app = use_app();
    let (list, store) = (app.customers, StoredValue::new_local(app.store));
    let open = RwSignal::new(false);
    close_on_escape(open, "list-actions");
    let error = RwSignal::new(None::<WorkFailed>);
    let run = move |all_fields: bool| {
        // Exactly the customers shown, in the order shown.
        let ids: Vec<Uuid> = list.with_untracked(|i| hits.with_untracked(|h| h.iter().map(|p| i.id(*p)).collect()));
        let store = store.get_value();
        spawn_local(async move { error.set(work::done(work::export(store, ids, all_fields)).await.err()) });
    };
    view! {
        <div class="page-actions">
            <button class="button menu-toggle" id="list-actions" aria-expanded=move || open.get().to_string()
                aria-controls="list-actions-menu" on:click=move |_| open.update(|o| *o = !*o)>{t(L::Actions)}</button>
            <div class="head-actions" id="list-actions-menu" class:open=move || open.get()>
                <button class="button" id="export-customers" on:click=move |_| run(false)>{t(L::ExportCustomers)}</button>
                <button class="button" id="export-all-fields" on:click=move |_| run(true)>{t(L::ExportAll)}</button>
                <A href=href("/customers/import") attr:class="button">{t(L::ImportCsv)}</A>
                <A href=href("/customers/invite") attr:class="button">{t(L::InviteCustomer)}</A>
                <A href=href("/customers/new") attr:class="button primary">{t(L::AddCustomer)}</A>
            </div>
            {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{work::failure(e)}</p> })}
        </div>
    }
}
