//! Start-up and the router: opens the database once, then mounts the app (or says why it cannot).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::pages::{
    customer_detail::CustomerDetail, customer_list::CustomerList, customer_new::NewCustomer,
    home::Home, not_found::NotFound,
};
use crate::platform;
use crate::state::AppState;
use crate::store::idb::IdbStore;
use crate::store::StoreError;

/// Opens IndexedDB, then replaces the loading note with the app.
pub fn start() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let opened = IdbStore::open().await;
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        match opened {
            Ok(store) => mount_to_body(move || view! { <App store/> }),
            Err(error) => mount_to_body(move || view! { <StorageUnavailable error/> }),
        }
    });
}

/// The whole app: header and one route per task.
#[component]
pub fn App(store: IdbStore) -> impl IntoView {
    provide_context(AppState {
        store,
        revision: RwSignal::new(0),
    });
    view! {
        <Router base=platform::base_path()>
            <Header/>
            <main id="main" class="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/customers") view=CustomerList/>
                    <Route path=path!("/customers/new") view=NewCustomer/>
                    <Route path=path!("/customers/:id") view=CustomerDetail/>
                </Routes>
            </main>
        </Router>
    }
}

/// Shown instead of the app when IndexedDB cannot be opened at all.
#[component]
fn StorageUnavailable(error: StoreError) -> impl IntoView {
    view! {
        <main class="main">
            <section class="card notice notice-error" role="alert">
                <h1>"Your data can't be stored here"</h1>
                <p>{error.to_string()}</p>
            </section>
        </main>
    }
}
