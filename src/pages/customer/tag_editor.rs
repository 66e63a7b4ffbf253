//! A customer's tags: remove one with its ×, add one or more (comma-separated) with the limits checked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::validation::parse_tags;
use crate::i18n::texts::{Customer as K, Form as F};
use crate::i18n::view::{t as tx, tf, Said};
use crate::platform;
use crate::state::use_app;
use crate::usecases::{add_tags, remove_tags, Actor};

/// Tags of customer `id` with add and remove. `input` holds what is being typed: the page keeps it, so a
/// change arriving meanwhile (another tab, sync) redraws the tags without wiping it.
#[component]
pub fn TagEditor(id: Uuid, tags: Vec<String>, input: RwSignal<String>) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<Said>);
    let run = Callback::new(move |(add, tags): (bool, Vec<String>)| {
        let app = app.clone();
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            let actor = Actor { user: &user, now };
            let result = if add {
                add_tags(&app.store, &[id], &tags, &actor).await
            } else {
                remove_tags(&app.store, &[id], &tags, &actor).await
            };
            match result {
                Ok(_) => {
                    error.set(None);
                    input.set(String::new());
                }
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tags = parse_tags(&input.get_untracked());
        if tags.is_empty() {
            error.set(Some(Said::text(K::EnterTagFirst)));
        } else {
            run.run((true, tags));
        }
    };
    view! {
        <div class="tags-editor">
            {if tags.is_empty() { Some(view! { <p class="muted">{tx(K::NoTags)}</p> }) } else { None }}
            <p>
                {tags.into_iter().map(|t| {
                    let remove = t.clone();
                    view! {
                        <span class="tag">{t.clone()}
                            <button class="tag-remove" aria-label={let t = t.clone(); move || tf(K::RemoveTag, &[&t])}
                                on:click=move |_| run.run((false, vec![remove.clone()]))>"×"</button>
                        </span>
                    }
                }).collect_view()}
            </p>
            <form class="inline-form" on:submit=submit novalidate>
                <div class="field grow" class:has-error=move || error.with(Option::is_some)>
                    <label for="new-tag">{tx(K::AddTags)}</label>
                    <input id="new-tag" type="text" placeholder=tx(K::CommaSeparated) prop:value=move || input.get()
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        on:input:target=move |ev| input.set(ev.target().value())/>
                    {move || error.get().map(|e| view! { <p class="field-error" id="new-tag-error" role="alert">{e.now()}</p> })}
                </div>
                <button class="button" type="submit" id="add-tag">{tx(F::Add)}</button>
            </form>
        </div>
    }
}
