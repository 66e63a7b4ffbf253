//! Labelled form fields with their message next to them: errors (blocking) and warnings (not blocking).
//! A message is tied to its field (`aria-describedby`), read when the field is focused; a refused submit
//! announces the problems once, in the form's summary (`error_summary`), not one alert per field.

use leptos::prelude::*;

use crate::i18n::view::t;
use crate::i18n::Tx;

/// A text input with label, optional hint, error and warnings.
#[component]
pub fn TextField(
    /// Visible label.
    #[prop(into)]
    label: Tx,
    /// Element id, also used to tie the messages to the input.
    id: &'static str,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    #[prop(into)]
    on_input: Callback<String>,
    /// Called when the field loses focus.
    #[prop(into)]
    on_blur: Callback<()>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Non-blocking hints.
    #[prop(into, optional)]
    warnings: Signal<Vec<String>>,
    /// Whether the field must be filled (adds a marker to the label).
    #[prop(into, optional)]
    required: Signal<bool>,
    /// Help text under the label.
    #[prop(optional, into)]
    hint: Option<Tx>,
    /// Text shown right after the input, e.g. `.onmicrosoft.com`.
    #[prop(optional)]
    suffix: Option<&'static str>,
    /// The input's `type`.
    #[prop(default = "text")]
    input_type: &'static str,
    /// The input's `autocomplete`.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error.with(Option::is_some) {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>
                {t(label)}
                <Show when=move || required.get()>
                    <span class="required" aria-hidden="true">" *"</span>
                </Show>
            </label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{t(h)}</p> })}
            <div class="input-row">
                <input
                    id=id
                    name=id
                    type=input_type
                    autocomplete=autocomplete
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-required=move || required.get().to_string()
                    aria-describedby=described
                    prop:value=move || value.get()
                    on:input:target=move |ev| on_input.run(ev.target().value())
                    on:blur=move |_| on_blur.run(())
                />
                {suffix.map(|s| view! { <span class="suffix">{s}</span> })}
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <For each=move || warnings.get() key=|w| w.clone() let:w>
                <p class="field-warning">{w}</p>
            </For>
        </div>
    }
}

/// A `<select>` with label and error.
#[component]
pub fn SelectField(
    /// Visible label.
    #[prop(into)]
    label: Tx,
    /// Element id.
    id: &'static str,
    /// The selected option's value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the newly selected value.
    #[prop(into)]
    on_change: Callback<String>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// `(value, text)` of every option.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{t(label)}<span class="required" aria-hidden="true">" *"</span></label>
            <select
                id=id
                name=id
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=move || error.with(Option::is_some).then(|| format!("{id}-error"))
                on:change:target=move |ev| on_change.run(ev.target().value())
                prop:value=move || value.get()
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected_value = v.clone();
                            view! { <option value=v selected=move || value.get() == selected_value>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error.get().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e}</p> })}
        </div>
    }
}
