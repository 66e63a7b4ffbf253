//! Setting a customer's qualification (education, nonprofit, government community cloud): it can't be
//! undone, so the partner confirms first; once set, it is only shown.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::customer::Qualification;
use crate::i18n::labels::Label;
use crate::i18n::texts::Customer as K;
use crate::i18n::view::{t, tf, Said};
use crate::i18n::{fill, Text};
use crate::platform::{self, locale};
use crate::state::use_app;
use crate::usecases::{set_qualification, Actor};

/// The qualification of customer `id`, settable once.
#[component]
pub fn QualificationSetting(id: Uuid, current: Qualification) -> impl IntoView {
    let app = use_app();
    let current = RwSignal::new(current);
    let choice = RwSignal::new(Qualification::Education);
    let message = RwSignal::new(None::<(bool, Said)>);
    let set = Callback::new(move |()| {
        let q = choice.get_untracked();
        let question = tf(K::SetQualificationQuestion, &[&q.label_in(locale::current())]);
        if !web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false) {
            return;
        }
        let app = app.clone();
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            match set_qualification(&app.store, id, q, &Actor { user: &user, now }).await {
                Ok(()) => {
                    current.set(q);
                    message
                        .set(Some((true, Said::new(move |l| fill(K::QualificationSetTo.in_(l), &[&q.label_in(l)])))));
                }
                Err(e) => message.set(Some((false, Said::error(e)))),
            }
        });
    });
    view! {
        <section class="card" aria-labelledby="qualification-heading">
            <h2 id="qualification-heading">{t(K::Qualification)}</h2>
            {move || if current.get() == Qualification::None {
                view! {
                    <p class="hint">{t(K::QualificationHint)}</p>
                    <div class="inline-form">
                        <div class="field grow">
                            <label for="qualification">{t(K::Qualification)}</label>
                            <select id="qualification" on:change:target=move |ev| {
                                let v = ev.target().value();
                                choice.set(Qualification::SETTABLE.into_iter().find(|q| q.key() == v).unwrap_or(Qualification::Education));
                            }>
                                {Qualification::SETTABLE.map(|q| view! { <option value=q.key()>{move || q.label_in(locale::current())}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="button" class="button" id="set-qualification" on:click=move |_| set.run(())>{t(K::SetQualification)}</button>
                    </div>
                }.into_any()
            } else {
                view! { <p data-testid="qualification">{move || tf(K::QualificationFixed, &[&current.get().label_in(locale::current())])}</p> }.into_any()
            }}
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status">{text.now()}</p>
            })}
        </section>
    }
}
