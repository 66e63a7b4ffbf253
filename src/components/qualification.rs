//! Setting a customer's qualification (education, nonprofit, government community cloud): it can't be
//! undone, so the partner confirms first; once set, it is only shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::customer::Qualification;
use crate::platform;
use crate::state::use_app;
use crate::usecases::{set_qualification, Actor};

/// The qualification of customer `id`, settable once.
#[component]
pub fn QualificationSetting(id: Uuid, current: Qualification) -> impl IntoView {
    let app = use_app();
    let current = RwSignal::new(current);
    let choice = RwSignal::new(Qualification::Education);
    let message = RwSignal::new(None::<(bool, String)>);
    let set = Callback::new(move |()| {
        let q = choice.get_untracked();
        let question = format!("Set the qualification to “{}”? This can't be undone.", q.label());
        if !web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false) {
            return;
        }
        let app = app.clone();
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            match set_qualification(&app.store, id, q, &Actor { user: &user, now }).await {
                Ok(()) => {
                    current.set(q);
                    message.set(Some((true, format!("Qualification set to {}.", q.label()))));
                    app.changed();
                }
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        });
    });
    view! {
        <section class="card" aria-labelledby="qualification-heading">
            <h2 id="qualification-heading">"Qualification"</h2>
            {move || if current.get() == Qualification::None {
                view! {
                    <p class="hint">"Education, nonprofit or government community cloud customers get offers of their own. Once set, a qualification can't be changed or removed."</p>
                    <div class="inline-form">
                        <div class="field grow">
                            <label for="qualification">"Qualification"</label>
                            <select id="qualification" on:change:target=move |ev| {
                                let v = ev.target().value();
                                choice.set(Qualification::SETTABLE.into_iter().find(|q| q.key() == v).unwrap_or(Qualification::Education));
                            }>
                                {Qualification::SETTABLE.map(|q| view! { <option value=q.key()>{q.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="button" class="button" id="set-qualification" on:click=move |_| set.run(())>"Set qualification…"</button>
                    </div>
                }.into_any()
            } else {
                view! { <p data-testid="qualification">{format!("{} (can't be changed)", current.get().label())}</p> }.into_any()
            }}
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status">{text}</p>
            })}
        </section>
    }
}
