//! The problems of a form listed once at its top after a refused submit — "2 problems to fix" and a link to
//! each field — and focused, so a screen reader reads one summary instead of an alert per field. Each line
//! is what the field itself shows (its label and message, read from the form as drawn), and the list follows
//! the fields as they are fixed.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::plural;
use crate::i18n::texts::Form as F;
use crate::i18n::view::tf;
use crate::platform;

/// One field with a message, as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Problem {
    /// The id of the field's input.
    id: String,
    label: String,
    message: String,
}

/// The list of problems of the form `form_id`. `open` says whether it is shown (set on a refused submit);
/// `changes` is tracked to read the problems again as the partner fixes them; it closes once none is left.
#[component]
pub fn ErrorSummary(form_id: &'static str, open: RwSignal<bool>, #[prop(into)] changes: Signal<()>) -> impl IntoView {
    let problems = RwSignal::new(Vec::<Problem>::new());
    Effect::new(move |_| {
        changes.track();
        // The fields say their messages in the UI's language: read them again when it changes.
        platform::locale::current();
        if !open.get() {
            return;
        }
        // After the fields have drawn their messages.
        request_animation_frame(move || {
            let now = read_problems(form_id);
            if now.is_empty() {
                open.set(false);
            }
            problems.set(now);
        });
    });
    view! {
        <Show when=move || open.get() && problems.with(|p| !p.is_empty())>
            <div class="error-summary" id=format!("{form_id}-problems") role="alert">
                <h2>{move || {
                    let n = problems.with(Vec::len);
                    tf(plural(n as u64, F::OneProblem, F::Problems), &[&n])
                }}</h2>
                <ul>
                    <For each=move || problems.get() key=|p| p.clone() let:problem>
                        <li>
                            <a href=format!("#{}", problem.id) on:click=move |ev| {
                                ev.prevent_default();
                                platform::focus_first(&format!("#{}", problem.id));
                            }>{format!("{}: {}", problem.label, problem.message)}</a>
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// Shows the summary of `form_id` and moves the focus to it once it is drawn.
pub fn show_problems(form_id: &'static str, open: RwSignal<bool>) {
    open.set(true);
    // Two frames: the fields draw their messages, then the summary reads them.
    request_animation_frame(move || {
        request_animation_frame(move || {
            platform::focus_first(&format!("#{form_id}-problems"));
        })
    });
}

/// Every field of the form with a message: the input's id, its label (without the "required" mark; with its
/// section's name first where two sections have a field of that name) and the message.
fn read_problems(form_id: &str) -> Vec<Problem> {
    let fields = read_fields(form_id);
    let shared = |label: &str| fields.iter().filter(|(p, _)| p.label == label).count() > 1;
    fields
        .iter()
        .map(|(p, section)| match section {
            Some(section) if shared(&p.label) => Problem { label: format!("{section} – {}", p.label), ..p.clone() },
            _ => p.clone(),
        })
        .collect()
}

/// The fields with a message, each with the name of the section (`fieldset`) it is in.
fn read_fields(form_id: &str) -> Vec<(Problem, Option<String>)> {
    let Some(form) = document().get_element_by_id(form_id) else { return Vec::new() };
    let Ok(fields) = form.query_selector_all(".field.has-error") else { return Vec::new() };
    (0..fields.length())
        .filter_map(|i| fields.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|field| {
            let text = |selector: &str| -> Option<String> {
                let element = field.query_selector(selector).ok().flatten()?;
                Some(element.dyn_into::<web_sys::HtmlElement>().ok()?.inner_text())
            };
            let id = field.query_selector("[aria-invalid=true]").ok().flatten()?.id();
            let label = text("label")?.trim().trim_end_matches('*').trim().to_string();
            let section = field
                .closest("fieldset")
                .ok()
                .flatten()
                .and_then(|f| f.query_selector("legend").ok().flatten())
                .and_then(|l| l.text_content())
                .map(|l| l.trim().to_string());
            Some((Problem { id, label, message: text(".field-error")?.trim().to_string() }, section))
        })
        .collect()
}
