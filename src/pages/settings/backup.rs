//! `/settings`' backup section: whether the data is only on this device, when the last backup was made,
//! downloading a backup of everything, and restoring one (a preview of what it holds and would change,
//! "merge" or "replace everything", progress, and every step committed whole).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::file_choice::FileChoice;
use crate::domain::backup::plan::{Kind, Mode, Plan};
use crate::i18n::plural;
use crate::i18n::texts::Settings as S;
use crate::i18n::view::{say, t, tf, tr, Said};
use crate::platform::{self, format_count, format_timestamp};
use crate::state::use_app;
use crate::store::Store;
use crate::sync::local::SyncStore;
use crate::sync::status::SyncStatus;
use crate::usecases::{make_backup, open_backup, restore, Actor, Opened, Progress};

/// The backup section of the settings page.
#[component]
pub fn BackupSection() -> impl IntoView {
    let app = use_app();
    let refresh = RwSignal::new(0u32);
    let last = LocalResource::new({
        let store = app.store.clone();
        move || {
            refresh.track();
            let store = store.clone();
            async move { store.last_backup().await }
        }
    });
    let only_here = move || app.sync.status.with(|s| *s == SyncStatus::Off);
    let making = RwSignal::new(None::<Progress>);
    let made = RwSignal::new(None::<Result<(), Said>>);
    let download = {
        let store = app.store.clone();
        move |_| {
            if making.get_untracked().is_some() {
                return;
            }
            let store = store.clone();
            made.set(None);
            making.set(Some(Progress { done: 0, total: 0 }));
            spawn_local(async move {
                let now = platform::now();
                let parts = js_sys::Array::new();
                let result = make_backup(&store, now, |text, p| {
                    parts.push(&platform::file_part(&text));
                    making.set(Some(p));
                })
                .await;
                if result.is_ok() {
                    let day = now.to_rfc3339().chars().take(10).collect::<String>();
                    platform::download_parts(
                        &format!("customer-accounts-backup-{day}.jsonl"),
                        &parts,
                        "application/jsonl",
                    );
                }
                making.set(None);
                made.set(Some(result.map_err(Said::error)));
                refresh.update(|r| *r += 1);
            });
        }
    };
    view! {
        <section class="card" aria-labelledby="backup-heading">
            <h2 id="backup-heading">{t(S::Backup)}</h2>
            <Show when=only_here>
                <p class="notice notice-warning" data-testid="only-here">{t(S::OnlyHere)}</p>
            </Show>
            <p>{t(S::BackupText)}</p>
            <dl class="props">
                <dt>{t(S::LastBackup)}</dt>
                <dd data-testid="last-backup">
                    {move || match last.get() {
                        None => "…".to_string(),
                        Some(Ok(Some(at))) => format_timestamp(at),
                        Some(Ok(None)) => tr(S::Never).to_string(),
                        Some(Err(e)) => say(&e),
                    }}
                </dd>
            </dl>
            <p>
                <button type="button" class="button primary" data-testid="download-backup" on:click=download
                    prop:disabled=move || making.with(Option::is_some)>{t(S::DownloadBackup)}</button>
            </p>
            {move || making.get().map(|p| progress_bar("backup-progress", counted(S::BackingUp, p), p.done, p.total))}
            {move || made.get().map(|r| match r {
                Ok(()) => view! { <p class="notice notice-success" role="status" data-testid="backup-done">{t(S::BackupDone)}</p> }.into_any(),
                Err(e) => view! { <p class="notice notice-error" role="alert">{e.now()}</p> }.into_any(),
            })}
            <RestoreForm on_restored=move || refresh.update(|r| *r += 1)/>
        </section>
    }
}

/// Choosing a backup file, its preview, and the restore.
#[component]
fn RestoreForm(on_restored: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let app = use_app();
    let opened = RwSignal::new(None::<Result<Arc<Opened>, Said>>);
    // How much of the chosen file has been read (0 to 1), while it is read.
    let reading = RwSignal::new(None::<f64>);
    let mode = RwSignal::new(Mode::Merge);
    let restoring = RwSignal::new(None::<Progress>);
    let outcome = RwSignal::new(None::<Result<usize, Said>>);
    let plan = Memo::new(move |_| {
        let (mode, opened) = (mode.get(), opened.get());
        opened.and_then(Result::ok).map(|o| Arc::new(o.plan(mode, platform::now())))
    });
    let choose = {
        let store = app.store.clone();
        move |file: web_sys::File| {
            let store = store.clone();
            opened.set(None);
            outcome.set(None);
            reading.set(Some(0.0));
            spawn_local(async move {
                let pause = || gloo_timers::future::TimeoutFuture::new(0);
                let result = match platform::read_file(&file).await {
                    Ok(bytes) => {
                        let read = |share: f64| reading.set(Some(share));
                        open_backup(&store, &bytes, pause, read).await.map(Arc::new).map_err(Said::error)
                    }
                    Err(_) => Err(Said::error(crate::domain::backup::BackupError::Truncated)),
                };
                reading.set(None);
                opened.set(Some(result));
            });
        }
    };
    let run = {
        let app = app.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if restoring.get_untracked().is_some() {
                return;
            }
            let Some(p) = plan.get_untracked() else { return };
            // The backup leaves the page's hands: restoring takes its records instead of copying them.
            let Some(Ok(o)) = opened.try_update(Option::take).flatten() else { return };
            let o = Arc::try_unwrap(o).unwrap_or_else(|shared| (*shared).clone());
            let app = app.clone();
            let total = p.written();
            restoring.set(Some(Progress { done: 0, total }));
            spawn_local(async move {
                let (user, now) = (app.user_name(), platform::now());
                let step = |progress: Progress| {
                    restoring.set(Some(progress));
                    if progress.done < progress.total {
                        // More steps follow: sync pushes after the last one rather than beside them.
                        app.sync.stepping();
                    }
                };
                let result = restore(&app.store, o, (*p).clone(), &Actor { user: &user, now }, step).await;
                // Settings the backup brought: this tab's sync and partner details follow them.
                if let Ok(Some((settings, _))) = app.store.sync_settings().await {
                    if app.sync.settings.get_untracked().as_ref() != Some(&settings) {
                        app.sync.settings_saved(settings, app.sync.secret.get_untracked());
                    }
                }
                if let Ok(partner) = app.store.partner_profile().await {
                    app.partner.set(partner);
                }
                restoring.set(None);
                outcome.set(Some(result.map(|()| total).map_err(Said::error)));
                on_restored();
            });
        }
    };
    view! {
        <h3>{t(S::Restore)}</h3>
        <form class="restore" on:submit=run>
            <div class="field">
                <label for="backup-file">{t(S::RestoreFile)}</label>
                <p class="hint" id="backup-file-hint">{t(S::RestoreFileHint)}</p>
                <FileChoice id="backup-file" accept=".jsonl,application/jsonl,text/plain"
                    described_by="backup-file-hint backup-file-error" on_file=Callback::new(choose)
                    disabled=Signal::derive(move || restoring.with(Option::is_some))/>
                {move || opened.get().and_then(Result::err).map(|e| view! {
                    <p class="error" id="backup-file-error" role="alert" data-testid="backup-refused">{e.now()}</p>
                })}
            </div>
            {move || reading.get().map(|share| progress_bar("read-progress", tr(S::Reading).into(), (share * 100.0) as usize, 100))}
            {move || plan.get().zip(opened.get().and_then(Result::ok)).map(|(p, o)| view! {
                <p data-testid="backup-made">{tf(S::Made, &[&format_timestamp(o.backup.header.created_at)])}</p>
                <fieldset class="choice">
                    <legend>{t(S::HowRestore)}</legend>
                    <label class="check"><input type="radio" name="restore-mode" value="merge"
                        prop:checked=move || mode.get() == Mode::Merge on:change=move |_| mode.set(Mode::Merge)/>{t(S::Merge)}</label>
                    <label class="check"><input type="radio" name="restore-mode" value="replace" data-testid="mode-replace"
                        prop:checked=move || mode.get() == Mode::Replace on:change=move |_| mode.set(Mode::Replace)/>{t(S::Replace)}</label>
                </fieldset>
                <Preview plan=p.clone()/>
                <button type="submit" class="button primary" data-testid="restore-backup"
                    prop:disabled=move || restoring.with(Option::is_some)>{t(S::RestoreButton)}</button>
            })}
            {move || restoring.get().map(|p| progress_bar("restore-progress", counted(S::Restoring, p), p.done, p.total))}
            {move || outcome.get().map(|r| match r {
                Ok(n) => view! { <p class="notice notice-success" role="status" data-testid="restored">{tf(plural(n as u64, S::RestoredOne, S::Restored), &[&format_count(n)])}</p> }.into_any(),
                Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="restore-failed">{e.now()}</p> }.into_any(),
            })}
        </form>
    }
}

/// What restoring would do, kind by kind.
#[component]
fn Preview(plan: Arc<Plan>) -> impl IntoView {
    let clashes = plan.clashes.clone();
    let replace = plan.mode == Mode::Replace;
    let rows = Kind::ALL
        .into_iter()
        .map(|kind| {
            let c = plan.counts(kind);
            view! {
                <tr data-kind=format!("{kind:?}")>
                    <th scope="row">{t(kind_text(kind))}</th>
                    <td data-label=t(S::InBackup)>{format_count(c.in_backup)}</td>
                    <td data-label=t(S::HereNow)>{format_count(c.here)}</td>
                    <td data-label=t(S::Written)>{format_count(c.new + c.newer)}</td>
                    <td data-label=t(S::KeptHere)>{format_count(c.kept)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {replace.then(|| view! { <p class="notice notice-warning" data-testid="replace-warning">{t(S::ReplaceWarning)}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(S::PreviewLabel)>
            <table class="restore-counts" data-testid="restore-preview">
                <thead><tr>
                    <th scope="col">{t(S::What)}</th><th scope="col">{t(S::InBackup)}</th><th scope="col">{t(S::HereNow)}</th>
                    <th scope="col">{t(S::Written)}</th><th scope="col">{t(S::KeptHere)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(!clashes.is_empty()).then(|| view! {
            <div class="notice notice-warning" data-testid="restore-clashes">
                <p>{let n = clashes.len(); move || tf(plural(n as u64, S::ClashOne, S::Clashes), &[&format_count(n)])}</p>
                <ul>
                    {let more = clashes.len().saturating_sub(CLASHES_SHOWN); view! {
                        {clashes.into_iter().take(CLASHES_SHOWN).map(|c| view! { <li>{c.company_name}" ("{c.domain}")"</li> }).collect_view()}
                        {(more > 0).then(|| view! { <li class="muted">{move || tf(S::MoreClashes, &[&format_count(more)])}</li> })}
                    }}
                </ul>
            </div>
        })}
    }
}

/// Customers named one by one among those a restore leaves out (the rest counted).
const CLASHES_SHOWN: usize = 20;

/// A labelled progress bar (`id` names the bar), announced as it changes.
fn progress_bar(id: &'static str, label: String, done: usize, total: usize) -> impl IntoView {
    view! {
        <div class="sync-progress" role="status">
            <label for=id>{label}</label>
            <progress id=id max=total.max(1) value=done></progress>
        </div>
    }
}

/// `text` with a progress's numbers in its placeholders.
fn counted(text: S, p: Progress) -> String {
    tf(text, &[&format_count(p.done), &format_count(p.total)])
}

fn kind_text(kind: Kind) -> S {
    match kind {
        Kind::Customers => S::KindCustomers,
        Kind::Requests => S::KindRequests,
        Kind::Referrals => S::KindReferrals,
        Kind::Providers => S::KindProviders,
        Kind::Profiles => S::KindProfiles,
        Kind::Activity => S::KindActivity,
        Kind::Drafts => S::KindDrafts,
        Kind::Pending => S::KindPending,
    }
}
