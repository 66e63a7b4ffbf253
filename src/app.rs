//! Start-up and the router: opens the database once, then mounts the app (or says why it cannot), registers
//! the service worker and follows the network state.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::banners::Banners;
use crate::components::header::Header;
use crate::domain::invitation::PartnerProfile;
use crate::i18n::errors::Localize;
use crate::i18n::texts::Common as C;
use crate::i18n::titles::page_title;
use crate::i18n::view::{t, tr};
use crate::i18n::Text;
use crate::pages::customer::CustomerPages;
use crate::pages::lazy::{self, MakePage};
use crate::pages::{customer_list::CustomerListPage, home::HomePage, not_found::NotFoundPage};
use crate::platform::chunk::ChunkFailed;
use crate::platform::{self, locale, service_worker};
use crate::state::AppState;
use crate::store::idb::IdbStore;
use crate::store::{Store, StoreError};

/// Opens IndexedDB, then replaces the start-up note with the app.
pub fn start() {
    console_error_panic_hook::set_once();
    // The language is settled first, outside any owner, so it lives as long as the page.
    let language = locale::start();
    wasm_bindgen_futures::spawn_local(async move {
        let opened = IdbStore::open(move || {
            if let Some(boot) = document().get_element_by_id("boot") {
                boot.set_text_content(Some(C::Blocked.in_(language)));
                boot.set_class_name("boot notice notice-warning");
            }
        })
        .await;
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        match opened {
            Ok(store) => {
                // Settings the form rules need are read before the first page draws.
                let partner = store.partner_profile().await.ok().flatten();
                mount_to_body(move || view! { <App store partner/> })
            }
            Err(error) => mount_to_body(move || view! { <StorageUnavailable error/> }),
        }
    });
}

/// The whole app: header, banners and one route per task.
#[component]
pub fn App(store: IdbStore, partner: Option<PartnerProfile>) -> impl IntoView {
    let app = AppState::new(store, partner);
    let (online, update_ready, outdated) = (app.online, app.update_ready, app.outdated);
    app.store.on_version_change(move || outdated.set(true));
    service_worker::register(move || update_ready.set(true));
    // The listeners live as long as the page.
    let sync = app.sync;
    std::mem::forget(window_event_listener(ev::online, move |_| {
        online.set(true);
        sync.sync_now();
    }));
    std::mem::forget(window_event_listener(ev::offline, move |_| online.set(false)));
    provide_context(app);
    view! {
        <Router base=platform::base_path()>
            <Header/>
            <WindowTitle/>
            <Banners/>
            <main id="main" class="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/customers") view=CustomerListPage/>
                    <Route path=path!("/customers/new") view=|| view! { <LazyPage load=lazy::new_customer/> }/>
                    <Route path=path!("/customers/invite") view=|| view! { <LazyPage load=lazy::invite_customer/> }/>
                    <Route path=path!("/customers/import") view=|| view! { <LazyPage load=lazy::import_customers/> }/>
                    <ParentRoute path=path!("/customers/:id") view=CustomerPages>
                        <Route path=path!("") view=|| view! { <LazyPage load=lazy::customer_detail/> }/>
                        <Route path=path!("edit") view=|| view! { <LazyPage load=lazy::edit_customer/> }/>
                        <Route path=path!("relationship") view=|| view! { <LazyPage load=lazy::customer_relationship/> }/>
                    </ParentRoute>
                    <Route path=path!("/referrals") view=|| view! { <LazyPage load=lazy::referrals/> }/>
                    <Route path=path!("/providers") view=|| view! { <LazyPage load=lazy::providers/> }/>
                    <Route path=path!("/profile") view=|| view! { <LazyPage load=lazy::business_profile/> }/>
                    <Route path=path!("/activity") view=|| view! { <LazyPage load=lazy::activity/> }/>
                    <Route path=path!("/settings") view=|| view! { <LazyPage load=lazy::settings/> }/>
                    <Route path=path!("/sync") view=|| view! { <LazyPage load=lazy::sync/> }/>
                </Routes>
            </main>
        </Router>
    }
}

/// Shown instead of the app when IndexedDB cannot be opened: a newer version holds the data (reload into
/// it), or nothing can be stored at all.
#[component]
fn StorageUnavailable(error: StoreError) -> impl IntoView {
    let newer = error == StoreError::NewerVersion;
    let title = if newer { C::NewerVersionTitle } else { C::StorageUnavailableTitle };
    view! {
        <main class="main">
            <section class="card notice notice-error" role="alert" id="storage-unavailable">
                <h1>{t(title)}</h1>
                <p>{move || error.localize(locale::current())}</p>
                {newer.then(|| view! {
                    <div class="actions">
                        <button class="button primary" id="reload-newer" on:click=|_| service_worker::reload_into_newest()>
                            {t(C::Reload)}
                        </button>
                    </div>
                })}
            </section>
        </main>
    }
}

/// The window title of the route on screen in the chosen language ("Customers — Customer accounts"), so tabs,
/// history and screen readers say where the partner is; after a navigation inside the app (not on the
/// first load) the focus moves to the new page's heading.
#[component]
fn WindowTitle() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.as_ref().is_some_and(|p| *p != path) {
            leptos::prelude::request_animation_frame(platform::focus_heading);
        }
        let base = platform::base_path();
        let brand = tr(C::Brand);
        let title = match page_title(path.strip_prefix(base.as_str()).unwrap_or(&path)) {
            Some(page) => format!("{} — {brand}", tr(page)),
            None => brand.to_string(),
        };
        platform::set_title(&title);
        path
    });
}

/// A page whose code is fetched when first opened: "Loading…" until it is there, then the page; a message
/// with "Reload" when it cannot be fetched.
#[component]
fn LazyPage<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<MakePage, ChunkFailed>> + 'static,
{
    let loaded = RwSignal::new(None::<Result<MakePage, ChunkFailed>>);
    let fetching = load();
    // The page may be left before its code arrives: then there is nothing to show it in.
    leptos::task::spawn_local(async move {
        loaded.try_set(Some(fetching.await));
    });
    move || match loaded.get() {
        None => view! { <p class="muted" role="status">{t(C::Loading)}</p> }.into_any(),
        // Built untracked, as the router builds a page: what the page reads must not rebuild it.
        Some(Ok(make)) => untrack(make),
        Some(Err(ChunkFailed)) => view! {
            <section class="card notice notice-error" role="alert" id="chunk-failed">
                <h1>{t(C::PageNotFetchedTitle)}</h1>
                <p>{t(C::PageNotFetched)}</p>
                <button class="button primary" on:click=|_| service_worker::reload_into_newest()>{t(C::Reload)}</button>
            </section>
        }
        .into_any(),
    }
}
