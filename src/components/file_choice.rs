//! A file chooser in the app's words: a "Choose file" button and the name of the file chosen. The browser's
//! own input says "Choose File / No file chosen" in the browser's language, whatever the app's is. The real
//! input lies over the button and the name, unseen, so a click, the keyboard and a screen reader reach it as
//! before.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::texts::Common as C;
use crate::i18n::view::t;

/// The chooser of input `id` (files of `accept`), described by the elements `described_by` names; calls
/// `on_file` with each file chosen (the same file may be chosen again). `chosen`, where the page takes files
/// another way too (dropped), names the file it took last; `unnamed` leaves the name out where the page
/// shows what it made of the file instead (a logo's preview).
#[component]
pub fn FileChoice(
    id: &'static str,
    accept: &'static str,
    #[prop(optional)] described_by: Option<&'static str>,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(into, optional)] chosen: Option<Signal<String>>,
    #[prop(optional)] unnamed: bool,
    on_file: Callback<web_sys::File>,
) -> impl IntoView {
    let name = RwSignal::new(None::<String>);
    let changed = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        name.set(Some(file.name()));
        // Emptied, so that choosing the same file again (changed in the meantime) is a change too.
        input.set_value("");
        on_file.run(file);
    };
    view! {
        <span class="file-choice">
            <input type="file" id=id accept=accept aria-describedby=described_by on:change=changed
                prop:disabled=move || disabled.get()/>
            <span class="button" aria-hidden="true">{t(C::ChooseFile)}</span>
            {(!unnamed).then(|| view! {
                <span class="file-name" aria-hidden="true" data-testid=format!("{id}-name")>
                    {move || {
                        let taken = chosen.map(|c| c.get()).filter(|c| !c.is_empty());
                        taken.or_else(|| name.get()).unwrap_or_else(|| t(C::NoFileChosen)().to_string())
                    }}
                </span>
            })}
        </span>
    }
}
