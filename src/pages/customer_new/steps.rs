//! The wizard's step indicator.

use leptos::prelude::*;

use crate::i18n::texts::Common as C;
use crate::i18n::view::t;
use crate::i18n::Text;

/// Numbered steps with the current one highlighted.
#[component]
pub fn Steps<K: Text>(steps: &'static [K], #[prop(into)] current: Signal<usize>) -> impl IntoView {
    view! {
        <ol class="steps" aria-label=t(C::Steps)>
            {steps
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    view! {
                        <li
                            class=move || match current.get() {
                                c if c == i => "current",
                                c if c > i => "done",
                                _ => "",
                            }
                            aria-current=move || (current.get() == i).then_some("step")
                        >
                            <span class="step-number">{i + 1}</span>
                            <span class="step-name">{t(*name)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
