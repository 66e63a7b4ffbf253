//! A read of this device's storage that failed, said where its data would be, with "Try again" (a failure
//! that may pass — a busy disk, a tab upgrading the database — need not cost a reload).

use leptos::prelude::*;

use crate::i18n::texts::Common as C;
use crate::i18n::view::t;

/// `message` (the failure in words) with a button that calls `retry`; `id` names the notice for tests.
#[component]
pub fn ReadFailed(message: String, id: &'static str, retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice notice-error read-failed" role="alert" id=id>
            <p>{message}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>{t(C::TryAgain)}</button>
        </div>
    }
}
