//! `/sync`: where the data syncs to, how it is going (status, changes waiting, last sync, progress of a
//! first sync), "Sync now", the conflicts waiting for the user and the documents set aside.

mod conflict_card;
mod set_aside;
mod settle_all;
mod sync_settings_form;

use leptos::prelude::*;

use crate::components::read_failed::ReadFailed;
use crate::i18n::plural;
use crate::i18n::sync_words::SyncWords;
use crate::i18n::texts::{Common as C, Sync as S};
use crate::i18n::view::{say, t, tf, tr, Said};
use crate::platform::{format_count, format_timestamp, locale};
use crate::state::sync::TabRole;
use crate::state::use_app;
use crate::usecases::waiting_conflicts;
use conflict_card::ConflictCard;
use settle_all::SettleAll;
use sync_settings_form::SyncSettingsForm;

/// How many conflicts are listed one by one.
const SHOWN: usize = 20;

/// The sync page.
#[component]
pub fn SyncPage() -> impl IntoView {
    let app = use_app();
    let sync = app.sync;
    let store = app.store.clone();
    let conflicts = LocalResource::new(move || {
        sync.conflicts.track();
        let store = store.clone();
        async move { waiting_conflicts(&store).await }
    });
    // While all are settled at once, the cards wait (each would say its conflict is settled already).
    let settling = RwSignal::new(false);
    let settle_said = RwSignal::new(None::<(Said, bool)>);
    let settled = Callback::new(move |n: usize| {
        sync.conflicts.update(|c| *c = c.saturating_sub(n));
        conflicts.refetch();
        sync.sync_now();
    });
    // Conflicts that cannot be read are said, never shown as "none waiting".
    let count =
        Signal::derive(move || conflicts.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len)));
    let first = move || {
        conflicts.with(|r| match r {
            Some(Ok(all)) => all.iter().take(SHOWN).cloned().collect(),
            _ => Vec::new(),
        })
    };
    let read_error = move || conflicts.get().and_then(Result::err).map(|e| say(&e));
    let status_class = move || format!("notice sync-status tone-{}", sync.status.with(|s| s.tone().class()));
    view! {
        <div class="page-head">
            <h1>{t(C::SyncTitle)}</h1>
            <button class="button primary" id="sync-now" on:click=move |_| sync.sync_now()
                disabled=move || sync.settings.with(Option::is_none)>{t(S::SyncNow)}</button>
        </div>
        <section class="card" aria-labelledby="sync-state-heading">
            <h2 id="sync-state-heading">{t(S::Status)}</h2>
            <p class=status_class role="status" data-testid="sync-status">{move || sync.status.with(|s| s.sentence_in(locale::current(), &format_count))}</p>
            {move || sync.progress.get().map(|p| view! {
                <div class="sync-progress">
                    <progress max=p.total.unwrap_or(0).max(p.pulled) value=p.pulled></progress>
                    <span data-testid="sync-progress">{match p.total {
                        Some(total) => tf(S::PulledOf, &[&format_count(p.pulled as usize), &format_count(total.max(p.pulled) as usize)]),
                        None => tf(plural(p.pulled, S::PulledOne, S::Pulled), &[&format_count(p.pulled as usize)]),
                    }}</span>
                </div>
            })}
            <dl class="props">
                <dt>{t(S::Waiting)}</dt>
                <dd data-testid="sync-pending">{move || format_count(sync.pending.get() as usize)}</dd>
                <dt>{t(S::LastOk)}</dt>
                <dd data-testid="sync-last">{move || sync.last_ok.get().map(format_timestamp).unwrap_or_else(|| tr(S::NotYet).into())}</dd>
                {move || sync.last_counts.get().map(|(received, sent)| view! {
                    <dt>{t(S::LastSession)}</dt>
                    <dd data-testid="sync-counts">{move || tf(plural(received as u64, S::CountsOne, S::Counts), &[&format_count(received), &format_count(sent)])}</dd>
                })}
                // Which tab syncs, once it is known and while there is a remote to sync with.
                {move || {
                    let said = match sync.role.get() {
                        TabRole::Runs => S::Leader,
                        TabRole::Follows => S::Follower,
                        TabRole::Unknown => return None,
                    };
                    sync.settings.with(Option::is_some).then(|| view! {
                        <dt>{t(S::ThisTab)}</dt><dd data-testid="sync-role">{t(said)}</dd>
                    })
                }}
            </dl>
        </section>
        {move || read_error().map(|message| view! {
            <ReadFailed message id="conflicts-read-error" retry=Callback::new(move |()| conflicts.refetch())/>
        })}
        {move || settle_said.get().map(|(words, ok)| view! {
            <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status" id="settle-all-outcome">{move || words.now()}</p>
        })}
        <Show when=move || { count.get() > 0 }>
            <section class="card" aria-labelledby="conflicts-heading" id="conflicts">
                <h2 id="conflicts-heading">{t(S::ConflictsTitle)}</h2>
                <p>{t(S::ConflictsText)}</p>
                <Show when=move || { count.get() > 1 || settling.get() }>
                    <SettleAll count working=settling said=settle_said on_done=settled/>
                </Show>
                <Show when=move || !settling.get()>
                    // The first few one by one (3,000 cards were a 473 ms task to draw), the rest counted.
                    <For each=first
                        key=|c| (c.id, c.fields.iter().map(|f| f.path.clone()).collect::<Vec<_>>().join(","), format!("{:?}", c.fields))
                        let:conflict>
                        <ConflictCard conflict/>
                    </For>
                    {move || {
                        let more = count.get().saturating_sub(SHOWN);
                        (more > 0).then(|| view! {
                            <p data-testid="conflicts-more">{move || tf(plural(more as u64, S::MoreConflictsOne, S::MoreConflicts), &[&format_count(more)])}</p>
                        })
                    }}
                </Show>
            </section>
        </Show>
        <set_aside::SetAsideList/>
        <set_aside::IgnoredKinds/>
        <section class="card" aria-labelledby="remote-heading">
            <h2 id="remote-heading">{t(S::Remote)}</h2>
            <p>{t(S::RemoteText)}</p>
            <SyncSettingsForm/>
        </section>
    }
}
