//! The wizard's step indicator.

use leptos::prelude::*;

/// Numbered steps with the current one highlighted.
#[component]
pub fn Steps(steps: &'static [&'static str], #[prop(into)] current: Signal<usize>) -> impl IntoView {
    view! {
        <ol class="steps" aria-label="Steps">
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
                            <span class="step-name">{*name}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
