//! `/customers/:id/edit`: edit account info and bill-to with the wizard's rules, a warning that other
//! portals are not updated, Save / Cancel, and a prompt before leaving with unsaved changes.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::qualification::QualificationSetting;
use super::{customer_page, Follow};
use crate::components::customer_form::{CustomerFields, CustomerForm, FormMode};
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::i18n::texts::{Common as C, Customer as K};
use crate::i18n::view::{t, tr, Said};
use crate::platform::{self, href};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{edit_customer, Actor, EditCustomerError};

/// The edit page: reads the customer once (a sync does not replace the form being filled in), then shows
/// the form.
#[component]
pub fn EditCustomerPage() -> impl IntoView {
    let app = use_app();
    let load = move |id| {
        let store = app.store.clone();
        async move { store.customer(id).await }
    };
    customer_page(Follow::Once, load, |customer| view! { <EditForm customer/> })
}

#[component]
fn EditForm(customer: Customer) -> impl IntoView {
    let app = use_app();
    let original = CustomerDraft::to_complete(&customer);
    let form = CustomerForm::new(&app, FormMode::Edit, original.clone());
    let dirty = Memo::new(move |_| form.draft.with(|d| *d != original));
    let detail_path = href(&format!("/customers/{}", customer.id));
    guard_unsaved_changes(dirty);

    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<Said>);
    let navigate = use_navigate();
    let id = customer.id;
    let qualification = customer.qualification;
    let to_detail = detail_path.clone();
    // What the customer held when the form opened: the defaults a customer without bill-to is completed
    // from count as typed (they are saved), fields left as they were keep what is stored when saving.
    let opened = CustomerDraft::from_customer(&customer);
    let save = Callback::new(move |()| {
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let (app, navigate, to_detail) = (app.clone(), navigate.clone(), to_detail.clone());
        let (draft, opened) = (form.draft.get_untracked(), opened.clone());
        spawn_local(async move {
            let user = app.user_name();
            let actor = Actor { user: &user, now: platform::now() };
            let result = edit_customer(&app.store, id, &opened, &draft, &app.validation_context(), &actor).await;
            saving.set(false);
            match result {
                Ok(_) => {
                    navigate(&format!("{to_detail}?saved=1"), Default::default());
                }
                Err(EditCustomerError::Invalid(_)) => form.show_all.set(true),
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    });
    let navigate = use_navigate();
    let cancel = move |_| {
        if !dirty.get_untracked() || confirm(tr(K::LeaveQuestion)) {
            // Forget the changes first, so the leave guard does not ask a second time.
            form.draft.set(CustomerDraft::from_customer(&customer));
            navigate(&detail_path, Default::default());
        }
    };

    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow"><A href=href(&format!("/customers/{id}"))>{form.draft.get_untracked().company_name}</A></p>
                <h1>{t(K::EditAccountInfo)}</h1>
            </div>
        </div>
        <p class="notice notice-warning" role="note">
            {t(K::OtherPortalsWarning)}
        </p>
        {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })}
        <CustomerFields form submit_label=C::Save submit_id="save" on_submit=save>
            <button type="button" class="button" id="cancel" on:click=cancel>{t(C::Cancel)}</button>
        </CustomerFields>
        <QualificationSetting id=id current=qualification/>
    }
}

fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(true)
}

/// While `dirty`, asks before the page is closed or reloaded and before an in-app link is followed.
fn guard_unsaved_changes(dirty: Memo<bool>) {
    let unload = window_event_listener(ev::beforeunload, move |event| {
        if dirty.get_untracked() {
            event.prevent_default();
            event.set_return_value("");
        }
    });
    // Links are followed by the router's click handler; a capturing listener runs before it.
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_some() && dirty.get_untracked() && !confirm(tr(K::LeaveQuestion)) {
            event.prevent_default();
            event.stop_immediate_propagation();
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    let on_click = SendWrapper::new(on_click);
    on_cleanup(move || {
        unload.remove();
        let _ =
            document().remove_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    });
}
