//! The remote's settings on `/sync`: kind, address, database, sign-in, live, remember — each problem shown
//! next to its field.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::field::TextField;
use crate::i18n::labels::Label;
use crate::i18n::texts::Sync as S;
use crate::i18n::view::{t, tr, Said};
use crate::platform::{self, locale};
use crate::state::use_app;
use crate::sync::settings::{AuthKind, RemoteKind, SyncSettings};
use crate::usecases::{save_sync_settings, SaveSettingsError};

/// Form for the sync settings; saving starts a sync.
#[component]
pub fn SyncSettingsForm() -> impl IntoView {
    let app = use_app();
    let sync = app.sync;
    let form = RwSignal::new(sync.settings.get_untracked().unwrap_or_default());
    // The settings the form last took: as long as the form still shows them, the partner has not typed.
    let taken = StoredValue::new(form.get_untracked());
    // Settings load once the tab starts, and change when another tab saves some (or ignores a kind): the form
    // takes them, but never over what the partner is typing — then only the kinds ignored, which it does not show.
    Effect::new(move || {
        let Some(s) = sync.settings.get() else { return };
        if form.with_untracked(|f| *f == taken.get_value()) {
            form.set(s.clone());
        } else {
            form.update(|f| f.ignored_kinds = s.ignored_kinds.clone());
        }
        taken.set_value(s);
    });
    let secret = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(&'static str, Said)>::new());
    let saved = RwSignal::new(None::<Result<(), Said>>);
    let error_of =
        move |field: &'static str| move || errors.with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, m)| m.now()));
    let edit = move |change: &dyn Fn(&mut SyncSettings)| {
        saved.set(None);
        form.update(|f| change(f));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let store = app.store.clone();
        let settings = form.get_untracked();
        let typed = secret.get_untracked();
        let typed = (!typed.is_empty()).then_some(typed);
        spawn_local(async move {
            // A secret typed now replaces the one in memory; none typed keeps it.
            let secret_now = typed.or_else(|| sync.secret.get_untracked());
            let secret_now = if settings.auth == AuthKind::None { None } else { secret_now };
            match save_sync_settings(&store, &settings, secret_now.as_deref(), platform::now()).await {
                Ok(stored) => {
                    errors.set(vec![]);
                    saved.set(Some(Ok(())));
                    sync.settings_saved(stored, secret_now);
                }
                Err(SaveSettingsError::Invalid(list)) => {
                    errors.set(list.into_iter().map(|(f, e)| (f, Said::error(e))).collect());
                    saved.set(None);
                }
                Err(e) => saved.set(Some(Err(Said::error(e)))),
            }
        });
    };
    let is_couch = move || form.with(|f| f.kind == RemoteKind::CouchDb);
    let auth = move || form.with(|f| f.auth);
    let secret_label = move || if auth() == AuthKind::Bearer { tr(S::Token) } else { tr(S::Password) };
    let secret_hint = move || match (sync.secret.with(Option::is_some), form.with(|f| f.remember)) {
        (true, true) => tr(S::SecretKept),
        (true, false) => tr(S::SecretInMemory),
        (false, _) => tr(S::SecretNone),
    };
    view! {
        <form on:submit=submit novalidate id="sync-settings">
            <div class="field">
                <label for="sync-kind">{t(S::Remote)}</label>
                <select id="sync-kind" on:change:target=move |ev| {
                    let kind = if ev.target().value() == RemoteKind::Http.key() { RemoteKind::Http } else { RemoteKind::CouchDb };
                    edit(&|f| f.kind = kind)
                }>
                    {[RemoteKind::CouchDb, RemoteKind::Http].map(|k| view! {
                        <option value=k.key() selected=move || form.with(|f| f.kind == k)>{move || k.label_in(locale::current())}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id="sync-url" label=S::ServerAddress input_type="url" required=true
                hint=S::ServerHint
                error=Signal::derive(error_of("url")) value=Signal::derive(move || form.with(|f| f.url.clone()))
                on_input=move |v: String| edit(&|f| f.url = v.clone()) on_blur=|()| ()/>
            <Show when=is_couch>
                <TextField id="sync-database" label=S::Database required=true
                    hint=S::DatabaseHint
                    error=Signal::derive(error_of("database")) value=Signal::derive(move || form.with(|f| f.database.clone()))
                    on_input=move |v: String| edit(&|f| f.database = v.clone()) on_blur=|()| ()/>
            </Show>
            <div class="field">
                <label for="sync-auth">{t(S::SignIn)}</label>
                <select id="sync-auth" on:change:target=move |ev| {
                    let a = match ev.target().value().as_str() { "basic" => AuthKind::Basic, "bearer" => AuthKind::Bearer, _ => AuthKind::None };
                    edit(&|f| f.auth = a)
                }>
                    <option value="none" selected=move || auth() == AuthKind::None>{move || AuthKind::None.label_in(locale::current())}</option>
                    <option value="basic" selected=move || auth() == AuthKind::Basic>{move || AuthKind::Basic.label_in(locale::current())}</option>
                    <option value="bearer" selected=move || auth() == AuthKind::Bearer>{move || AuthKind::Bearer.label_in(locale::current())}</option>
                </select>
            </div>
            <Show when=move || auth() == AuthKind::Basic>
                <TextField id="sync-user" label=S::UserName required=true autocomplete="username"
                    error=Signal::derive(error_of("user")) value=Signal::derive(move || form.with(|f| f.user.clone()))
                    on_input=move |v: String| edit(&|f| f.user = v.clone()) on_blur=|()| ()/>
            </Show>
            <Show when=move || auth() != AuthKind::None>
                <div class="field">
                    <label for="sync-secret">{secret_label}</label>
                    <p class="hint" id="sync-secret-hint">{secret_hint}</p>
                    <input id="sync-secret" type="password" autocomplete="current-password" aria-describedby="sync-secret-hint"
                        prop:value=move || secret.get() on:input:target=move |ev| { saved.set(None); secret.set(ev.target().value()) }/>
                </div>
                <label class="check">
                    <input type="checkbox" id="sync-remember" prop:checked=move || form.with(|f| f.remember)
                        on:change:target=move |ev| { let on = ev.target().checked(); edit(&|f| f.remember = on) }/>
                    {t(S::Remember)}
                </label>
            </Show>
            <label class="check">
                <input type="checkbox" id="sync-live" prop:checked=move || form.with(|f| f.live)
                    on:change:target=move |ev| { let on = ev.target().checked(); edit(&|f| f.live = on) }/>
                {t(S::Live)}
            </label>
            <div class="actions">
                {move || saved.get().map(|r| match r {
                    Ok(()) => view! { <p class="notice notice-success" role="status">{t(S::Saved)}</p> }.into_any(),
                    Err(e) => view! { <p class="notice notice-error" role="alert">{e.now()}</p> }.into_any(),
                })}
                <button class="button primary" type="submit" id="save-sync">{t(S::SaveAndSync)}</button>
            </div>
        </form>
    }
}
