//! `/customers/new`: the add-customer wizard (Account info → Subscriptions → Review → Submit). The form is saved as a draft
//! in IndexedDB on every change, so a reload or a closed tab loses nothing.

mod review;
mod steps;
mod subscriptions;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use review::Review;
use subscriptions::SubscriptionsStep;

use crate::components::customer_form::{CustomerFields, CustomerForm, FormMode};
use crate::domain::draft::CustomerDraft;
use crate::i18n::errors::Localize;
use crate::i18n::texts::Form as F;
use crate::i18n::view::{shown, t, Said};
use crate::i18n::{fill, Text};
use crate::platform;
use crate::state::{use_app, AppState};
use crate::store::{Store, StoreError};
use crate::usecases::{add_customer, keep_new_customer_draft, Actor, AddCustomerError, NEW_CUSTOMER_DRAFT};
use steps::Steps;

const STEPS: &[F] = &[F::StepAccount, F::StepSubscriptions, F::StepReview];

/// Restores a half-filled form, then keeps every change: whether it is restored yet, and why the draft could
/// not be read or kept.
fn restore_and_keep_draft(app: &AppState, wizard: CustomerForm) -> (RwSignal<bool>, RwSignal<Option<Said>>) {
    let loaded = RwSignal::new(false);
    let draft_status = RwSignal::new(None::<Said>);
    let store = app.store.clone();
    spawn_local(async move {
        match store.draft(NEW_CUSTOMER_DRAFT).await {
            Ok(Some(saved)) => wizard.draft.set(saved),
            Ok(None) => {}
            Err(e) => draft_status.set(Some(Said::error(e))),
        }
        loaded.set(true);
    });
    let store = app.store.clone();
    Effect::new(move |_| {
        let draft = wizard.draft.get();
        if !loaded.get_untracked() {
            return;
        }
        let store = store.clone();
        spawn_local(async move {
            let status = match keep_new_customer_draft(&store, &draft).await {
                Ok(()) => None,
                // The banner at the top says what a full storage means; the notice does not repeat it.
                Err(StoreError::QuotaExceeded(_)) => Some(Said::text(F::DraftNotSavedFull)),
                Err(e) => Some(Said::new(move |l| fill(F::DraftNotSaved.in_(l), &[&e.localize(l)]))),
            };
            draft_status.set(status);
        });
    });
    (loaded, draft_status)
}

/// The add-customer wizard page.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let app = use_app();
    let wizard = CustomerForm::new(&app, FormMode::New, CustomerDraft::with_defaults(platform::today()));
    let (loaded, draft_status) = restore_and_keep_draft(&app, wizard);

    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<Said>);
    let navigate = use_navigate();
    let submit = move || {
        if submitting.get_untracked() {
            return;
        }
        submitting.set(true);
        submit_error.set(None);
        let app = app.clone();
        let navigate = navigate.clone();
        let draft = wizard.draft.get_untracked();
        spawn_local(async move {
            let user = app.user_name();
            let actor = Actor { user: &user, now: platform::now() };
            let result = add_customer(&app.store, &draft, &app.validation_context(), &actor).await;
            submitting.set(false);
            match result {
                Ok(customer) => {
                    navigate(&platform::href(&format!("/customers/{}?added=1", customer.id)), Default::default());
                }
                Err(AddCustomerError::Invalid(_)) | Err(AddCustomerError::DomainTaken { .. }) => {
                    wizard.domain_owner.refetch();
                    wizard.show_all.set(true);
                    wizard.step.set(0);
                }
                Err(e @ (AddCustomerError::Store(_) | AddCustomerError::Referral(_))) => {
                    submit_error.set(Some(Said::error(e)))
                }
            }
        });
    };
    let on_submit = Callback::new(move |()| submit());
    let to_review = Callback::new(move |()| {
        wizard.step.set(1);
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    // Each step starts at its heading: focus moves there when the step changes (not on arrival: the page's
    // heading has it then).
    Effect::new(move |previous: Option<usize>| {
        let step = wizard.step.get();
        if previous.is_some_and(|p| p != step) {
            request_animation_frame(|| {
                platform::focus_first("main h2");
            });
        }
        step
    });
    let start_over = move |_| {
        wizard.draft.set(CustomerDraft::with_defaults(platform::today()));
        wizard.touched.set(Default::default());
        wizard.show_all.set(false);
        wizard.step.set(0);
    };

    view! {
        <div class="page-head">
            <h1>{t(F::AddTitle)}</h1>
            <button class="button subtle" on:click=start_over>{t(F::StartOver)}</button>
        </div>
        <Steps steps=STEPS current=wizard.step/>
        <Show when=move || wizard.draft.with(|d| d.referral_id.is_some())>
            <p class="notice notice-info" id="from-referral">
                {t(F::FromReferral)}
            </p>
        </Show>
        <Show when=move || wizard.draft.with(|d| d.request_id.is_some())>
            <p class="notice notice-info" id="from-request">
                {t(F::FromRequest)}
            </p>
        </Show>
        {move || draft_status.get().map(|s| view! { <p class="notice notice-error" role="alert">{s.now()}</p> })}
        <Show when=move || loaded.get() fallback=|| view! { <p class="muted">{t(F::LoadingDraft)}</p> }>
            {move || match wizard.step.get() {
                0 => view! {
                    <h2 class="step-heading">{t(F::StepAccount)}</h2>
                    <CustomerFields form=wizard submit_label=F::NextSubscriptions submit_id="next" on_submit=to_review
                        footer_note=F::KeptAsYouType/>
                }.into_any(),
                1 => view! { <SubscriptionsStep wizard/> }.into_any(),
                _ => view! {
                    <Review wizard submitting=submitting.into() error=shown(submit_error) on_submit/>
                }.into_any(),
            }}
        </Show>
    }
}
