//! `/customers/:id` and the pages under it: the parent route reads `:id` once (typed) and each page reads
//! the customer through [`customer_page`], which draws the states they share — loading, a failed read, no
//! such customer here.

pub mod detail;
pub mod edit;
pub mod relationship;

// The parts of the detail and edit pages.
mod provider_choice;
mod purchase_permissions;
mod qualification;
mod subscriptions;
mod tag_editor;

use std::future::Future;

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use uuid::Uuid;

use crate::components::read_failed::ReadFailed;
use crate::i18n::texts::{Common as C, Customer as K};
use crate::i18n::view::{say, t};
use crate::platform::href;
use crate::state::use_app;
use crate::store::StoreError;

/// The route's parameters.
#[derive(Params, Clone, Debug, PartialEq)]
struct CustomerParams {
    /// The customer's id (its Microsoft ID); `None` when the path holds no id.
    id: Option<Uuid>,
}

/// The customer the route names (`None` for a path that is no id).
#[derive(Clone, Copy)]
struct RouteCustomer(Memo<Option<Uuid>>);

/// The parent of the customer's pages: the id from the path, for the page in the outlet.
#[component]
pub fn CustomerPages() -> impl IntoView {
    let params = use_params::<CustomerParams>();
    provide_context(RouteCustomer(Memo::new(move |_| params.with(|p| p.as_ref().ok().and_then(|p| p.id)))));
    view! { <Outlet/> }
}

/// Whether a page is drawn again when its customer changes (elsewhere, or by a sync).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Read again on every change of the customer.
    Changes,
    /// Read once: a form being filled in is not replaced under the partner's hands.
    Once,
}

/// A customer page: `load` reads what it shows of the route's customer (`None`: no such customer here),
/// again on its changes when `follow` says so, and `show` draws it; until then "Loading…", a failed read
/// in words, or "not found" with the way back to the list.
pub fn customer_page<T, F, V>(
    follow: Follow,
    load: impl Fn(Uuid) -> F + 'static,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Future<Output = Result<Option<T>, StoreError>> + 'static,
    V: IntoView + 'static,
{
    let RouteCustomer(id) = expect_context();
    let changed = use_app().changes.customer(move || id.get());
    let data = LocalResource::new(move || {
        if follow == Follow::Changes {
            changed.track();
        }
        let read = id.get().map(&load);
        async move {
            match read {
                Some(read) => read.await,
                None => Ok(None),
            }
        }
    });
    move || match data.get() {
        None => view! { <p class="muted">{t(C::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <ReadFailed message=say(&e) id="customer-read-error" retry=Callback::new(move |()| data.refetch())/>
        }
        .into_any(),
        Some(Ok(None)) => view! {
            <section class="card">
                <h1>{t(K::NotFound)}</h1>
                <p>{t(K::NotStoredHere)}</p>
                <A href=href("/customers")>{t(K::BackToList)}</A>
            </section>
        }
        .into_any(),
        Some(Ok(Some(found))) => show(found).into_any(),
    }
}
