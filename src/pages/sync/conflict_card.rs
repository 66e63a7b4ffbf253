//! One sync conflict on `/sync`: each field both sides changed, with this device's and the remote's value,
//! and the user's choice — mine, theirs, or a value typed in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::i18n::labels::field_name_in;
use crate::i18n::texts::Sync as S;
use crate::i18n::view::{t, tf, tr, Said};
use crate::platform::locale;
use crate::state::use_app;
use crate::sync::decide::Conflict;
use crate::usecases::{resolve_conflict, Actor, Choice};

/// How a value reads on the page.
fn shown(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => tr(S::Empty).into(),
        Some(Value::String(s)) if s.is_empty() => tr(S::Empty).into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items.iter().map(|v| shown(&Some(v.clone()))).collect::<Vec<_>>().join(", "),
        Some(other) => other.to_string(),
    }
}

/// What the user picked for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Mine,
    Theirs,
    Typed,
}

/// A conflict with a choice per field and a button that settles it.
#[component]
pub fn ConflictCard(conflict: Conflict) -> impl IntoView {
    let app = use_app();
    let picks = RwSignal::new(conflict.fields.iter().map(|_| None::<Pick>).collect::<Vec<_>>());
    let typed = RwSignal::new(conflict.fields.iter().map(|f| shown(&f.mine)).collect::<Vec<_>>());
    let error = RwSignal::new(None::<Said>);
    let card_id = format!("conflict-{}", conflict.id.id);
    let fields = conflict.fields.clone();
    let settle = {
        let conflict = conflict.clone();
        move |_| {
            let app = app.clone();
            let (id, fields) = (conflict.id, conflict.fields.clone());
            let (picks, typed) = (picks.get_untracked(), typed.get_untracked());
            let choices: Vec<(String, Choice)> = fields
                .iter()
                .zip(picks.iter().zip(typed))
                .filter_map(|(f, (pick, text))| {
                    let choice = match (*pick)? {
                        Pick::Mine => Choice::Mine,
                        Pick::Theirs => Choice::Theirs,
                        Pick::Typed => Choice::Value(Value::String(text)),
                    };
                    Some((f.path.clone(), choice))
                })
                .collect();
            spawn_local(async move {
                let ctx = app.validation_context();
                let user = app.user_name();
                let actor = Actor { user: &user, now: crate::platform::now() };
                match resolve_conflict(&app.store, id, &choices, &ctx, &actor).await {
                    Ok(()) => {}
                    Err(e) => error.set(Some(Said::error(e))),
                }
            });
        }
    };
    view! {
        <article class="conflict" id=card_id>
            <h3>{conflict.label.clone()}</h3>
            <p class="muted">{t(S::ConflictHint)}</p>
            <ul class="conflict-fields">
                {fields.into_iter().enumerate().map(|(i, f)| {
                    let name = format!("pick-{}-{i}", conflict.id.id);
                    let is_text = matches!(f.mine, Some(Value::String(_)) | None) && matches!(f.theirs, Some(Value::String(_)) | None);
                    // The label in the language shown, also after a switch: its key, and the value it names.
                    let radio = move |pick: Pick, key: S, value: Option<Option<Value>>| {
                        let name = name.clone();
                        let label = move || match &value {
                            Some(v) => tf(key, &[&shown(v)]),
                            None => tr(key).to_string(),
                        };
                        view! {
                            <label class="check choice">
                                <input type="radio" name=name value=format!("{pick:?}").to_lowercase()
                                    prop:checked=move || picks.with(|p| p[i] == Some(pick))
                                    on:change=move |_| { error.set(None); picks.update(|p| p[i] = Some(pick)) }/>
                                <span>{label}</span>
                            </label>
                        }
                    };
                    view! {
                        <li>
                            <p class="field-name">{let path = f.path.clone(); move || field_name_in(&path, locale::current())}</p>
                            {radio(Pick::Mine, S::ThisDevice, Some(f.mine.clone()))}
                            {radio(Pick::Theirs, S::RemoteValue, Some(f.theirs.clone()))}
                            {is_text.then(|| view! {
                                {radio(Pick::Typed, S::TypeValue, None)}
                                <input type="text" class="typed" aria-label=t(S::ValueToKeep)
                                    prop:value=move || typed.with(|t| t[i].clone())
                                    on:input:target=move |ev| { picks.update(|p| p[i] = Some(Pick::Typed)); typed.update(|t| t[i] = ev.target().value()) }/>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })}
            <div class="actions"><button class="button primary settle" on:click=settle>{t(S::KeepThese)}</button></div>
        </article>
    }
}
