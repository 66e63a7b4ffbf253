//! What the chosen cloud changes: where invitation links open, and which tasks are not offered there.

use leptos::prelude::*;

use crate::domain::invitation::Cloud;
use crate::i18n::labels::Label;
use crate::i18n::texts::Settings as S;
use crate::i18n::view::{t, tf, tr};
use crate::platform::locale;

/// A short list under the cloud choice in settings.
#[component]
pub fn CloudEffects(#[prop(into)] cloud: Signal<Cloud>) -> impl IntoView {
    let missing = move || {
        let locale = locale::current();
        let names: Vec<&str> = cloud.get().missing().iter().map(|f| f.label_in(locale)).collect();
        if names.is_empty() {
            tr(S::EverythingOffered).to_string()
        } else {
            tf(S::NotOffered, &[&names.join(", ")])
        }
    };
    view! {
        <div class="cloud-effects" data-testid="cloud-effects">
            <p class="small"><strong>{t(S::InThisCloud)}</strong></p>
            <ul class="small">
                <li>{move || tf(S::InvitationsGoTo, &[&cloud.get().admin_portal()])}</li>
                <li>{missing}</li>
            </ul>
        </div>
    }
}
