//! `/sync`: where the data syncs to, how it is going (status, changes waiting, last sync, progress of a
//! first sync), "Sync now", and the conflicts waiting for the user.

use leptos::prelude::*;

use crate::components::conflict_card::ConflictCard;
use crate::components::sync_settings_form::SyncSettingsForm;
use crate::platform::format_timestamp;
use crate::state::use_app;
use crate::store::Store;
use crate::sync::status::SyncStatus;

/// The sync page.
#[component]
pub fn SyncPage() -> impl IntoView {
    let app = use_app();
    let sync = app.sync;
    let store = app.store.clone();
    let conflicts = LocalResource::new(move || {
        app.revision.track();
        sync.conflicts.track();
        let store = store.clone();
        async move { store.conflicts().await.unwrap_or_default() }
    });
    let status_class = move || format!("notice sync-status tone-{}", sync.status.with(|s| s.tone().class()));
    view! {
        <div class="page-head">
            <h1>"Sync"</h1>
            <button class="button primary" id="sync-now" on:click=move |_| sync.sync_now()
                disabled=move || sync.settings.with(Option::is_none)>"Sync now"</button>
        </div>
        <section class="card" aria-labelledby="sync-state-heading">
            <h2 id="sync-state-heading">"Status"</h2>
            <p class=status_class role="status" data-testid="sync-status">{move || sync.status.with(SyncStatus::sentence)}</p>
            {move || sync.progress.get().map(|p| view! {
                <div class="sync-progress">
                    <progress max=p.total.unwrap_or(0).max(p.pulled) value=p.pulled></progress>
                    <span data-testid="sync-progress">{match p.total {
                        Some(total) => format!("{} of {} documents pulled", p.pulled, total.max(p.pulled)),
                        None => format!("{} documents pulled", p.pulled),
                    }}</span>
                </div>
            })}
            <dl class="props">
                <dt>"Changes waiting to be sent"</dt>
                <dd data-testid="sync-pending">{move || sync.pending.get()}</dd>
                <dt>"Last successful sync"</dt>
                <dd data-testid="sync-last">{move || sync.last_ok.get().map(format_timestamp).unwrap_or_else(|| "Not yet".into())}</dd>
                {move || sync.last_counts.get().map(|(received, sent)| view! {
                    <dt>"Last sync in this session"</dt>
                    <dd data-testid="sync-counts">{format!("received {received} change(s), sent {sent}")}</dd>
                })}
                <dt>"This tab"</dt>
                <dd>{move || if sync.leader.get() { "Runs sync for all tabs of the app" } else { "Another tab of the app runs sync" }}</dd>
            </dl>
        </section>
        <Show when=move || conflicts.get().is_some_and(|c| !c.is_empty())>
            <section class="card" aria-labelledby="conflicts-heading" id="conflicts">
                <h2 id="conflicts-heading">"Conflicts to settle"</h2>
                <p>"These records were changed on this device and elsewhere, in the same fields. Nothing is sent for them until you choose; all other changes merged on their own."</p>
                <For each=move || conflicts.get().unwrap_or_default()
                    key=|c| (c.id, c.fields.iter().map(|f| f.path.clone()).collect::<Vec<_>>().join(","), format!("{:?}", c.fields))
                    let:conflict>
                    <ConflictCard conflict/>
                </For>
            </section>
        </Show>
        <section class="card" aria-labelledby="remote-heading">
            <h2 id="remote-heading">"Remote"</h2>
            <p>"Your data stays on this device and is copied to the remote you choose: a CouchDB database (CouchDB, Cloudant, PouchDB Server) or an HTTP endpoint that follows the app's pull/push protocol."</p>
            <SyncSettingsForm/>
        </section>
    }
}
