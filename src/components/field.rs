//! Labelled form fields with their message next to them: errors (blocking) and warnings (not blocking).
//! A message is tied to its field (`aria-describedby`), read when the field is focused; a refused submit
//! announces the problems once, in the form's summary (`error_summary`), not one alert per field.

use leptos::prelude::*;

use crate::domain::validation::typed_date;
use crate::i18n::texts::Common;
use crate::i18n::view::t;
use crate::i18n::Locale;
use crate::i18n::Tx;
use crate::platform::{date_for_typing, locale};

/// A text input with label, optional hint, error and warnings.
#[component]
pub fn TextField(
    /// Visible label.
    #[prop(into)]
    label: Tx,
    /// Element id, also used to tie the messages to the input.
    #[prop(into)]
    id: String,
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
    /// The input's `inputmode` (the keyboard a phone shows).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let (error_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>
                {t(label)}
                <Show when=move || required.get()>
                    <span class="required" aria-hidden="true">" *"</span>
                </Show>
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{t(h)}</p> })}
            <div class="input-row">
                <input
                    id=id.clone()
                    name=id
                    type=input_type
                    autocomplete=autocomplete
                    inputmode=inputmode
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

/// The one way a date is typed: text, as people write it in the UI's language — `31.12.2026` in German,
/// `2026-12-31` in English (both are read in either, see [`typed_date`](crate::domain::validation::typed_date)) —
/// with an example under the label. A date picker would follow the browser's language, not the app's.
#[component]
pub fn DateField(
    /// Visible label.
    #[prop(into)]
    label: Tx,
    /// Element id.
    #[prop(into)]
    id: String,
    /// The date as text (as typed, or `YYYY-MM-DD`).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    #[prop(into)]
    on_input: Callback<String>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether the field must be filled.
    #[prop(into, optional)]
    required: Signal<bool>,
    /// Called when the field loses focus.
    #[prop(into, optional)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let on_blur = on_blur.unwrap_or_else(|| Callback::new(|()| ()));
    // The text as typed; a date given from outside (a default, a link, Back) is shown as the language writes
    // it, unless the text already says that date. A switch of language rewrites a whole date in the new
    // language's way (the example under the label changes with it); a date half typed stays as it is.
    let as_typed = |v: &str| typed_date(v).map(date_for_typing).unwrap_or_else(|_| v.to_string());
    let text = RwSignal::new(as_typed(&value.get_untracked()));
    Effect::new(move |shown_in: Option<Locale>| {
        let given = value.get();
        let language = locale::current();
        if text.with_untracked(|t| *t != given && typed_date(t).ok() != typed_date(&given).ok()) {
            text.set(as_typed(&given));
        } else if shown_in.is_some_and(|before| before != language) {
            if let Ok(date) = text.with_untracked(|t| typed_date(t)) {
                text.set(date_for_typing(date));
            }
        }
        language
    });
    let typed = move |v: String| {
        text.set(v.clone());
        on_input.run(v)
    };
    view! { <TextField label id value=text on_input=typed on_blur error required hint=Common::DateHint/> }
}

/// The one way an amount of euros is typed: as people write it in the UI's language — `12.500,50` in German,
/// `12,500.50` in English (see [`parse_value`](crate::domain::referral::parse_value)) — with a decimal
/// keyboard on phones, "€" after the input and an example under the label.
#[component]
pub fn MoneyField(
    /// Visible label.
    #[prop(into)]
    label: Tx,
    /// Element id.
    #[prop(into)]
    id: String,
    /// The text as typed.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    #[prop(into)]
    on_input: Callback<String>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <TextField label id value on_input on_blur=|()| () error hint=Common::MoneyHint suffix="€" inputmode="decimal"/>
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
