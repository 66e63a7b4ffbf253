//! "Settle all" on `/sync`: every conflict waiting settled at once with this device's or the remote's values
//! — after the partner confirmed which side and how many —, in steps with a progress bar, then what was done.
//! (A CSV updated on two devices makes thousands of conflicts in the same fields: one card each to settle
//! was thousands of clicks.)

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::errors::Localize;
use crate::i18n::texts::{Common as C, Sync as S};
use crate::i18n::view::{t, tf, Said};
use crate::i18n::{fill, plural, Text};
use crate::platform::{self, format_count};
use crate::state::use_app;
use crate::usecases::{settle_all, Actor, SettleStopped, SettledAll, Side};

/// The line offering to settle all `count` conflicts; `working` is set while they are settled, `said` gets
/// what was done (shown by the page: the line goes when no conflict is left), and `on_done` hears how many
/// were settled.
#[component]
pub fn SettleAll(
    count: Signal<usize>,
    working: RwSignal<bool>,
    said: RwSignal<Option<(Said, bool)>>,
    on_done: Callback<usize>,
) -> impl IntoView {
    let app = use_app();
    let kept = StoredValue::new_local(app.clone());
    let asked = RwSignal::new(None::<Side>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let ask = move |side: Side| {
        said.set(None);
        asked.set(Some(side));
        request_animation_frame(|| platform::focus_by_id("settle-all-confirm"));
    };
    // Back to the button that asked.
    let cancel = move |_| {
        let id = match asked.get_untracked() {
            Some(Side::Theirs) => "settle-all-theirs",
            _ => "settle-all-mine",
        };
        asked.set(None);
        request_animation_frame(move || platform::focus_by_id(id));
    };
    let confirm = move |_| {
        let Some(side) = asked.get_untracked() else { return };
        let (app, count) = (kept.get_value(), count.get_untracked());
        asked.set(None);
        working.set(true);
        progress.set(Some((0, count)));
        spawn_local(async move {
            let (ctx, user) = (app.validation_context(), app.user_name());
            let actor = Actor { user: &user, now: platform::now() };
            let step = |done: usize, all: usize| {
                progress.set(Some((done, all)));
                if done < all {
                    app.sync.stepping();
                }
            };
            let outcome = settle_all(&app.store, side, &ctx, &actor, step).await;
            progress.set(None);
            working.set(false);
            let settled = match &outcome {
                Ok(SettledAll { settled, .. }) | Err(SettleStopped { settled, .. }) => *settled,
            };
            said.set(Some(outcome_words(outcome, count)));
            on_done.run(settled);
            // The button that was pressed is gone: the keyboard's focus goes to what was done.
            request_animation_frame(|| {
                platform::focus_first("#settle-all-outcome");
            });
        });
    };
    view! {
        <div class="settle-all" id="settle-all">
            {move || match (progress.get(), asked.get()) {
                (Some((done, all)), _) => view! {
                    <div class="sync-progress">
                        <progress max=all.to_string() value=done.to_string() aria-labelledby="settle-all-progress"></progress>
                        <span id="settle-all-progress">{move || tf(S::Settling, &[&format_count(done), &format_count(all)])}</span>
                    </div>
                }.into_any(),
                (None, Some(side)) => view! {
                    <div role="group" aria-labelledby="settle-all-question">
                        <p id="settle-all-question"><strong>{move || {
                            let key = if side == Side::Mine { S::ConfirmMine } else { S::ConfirmTheirs };
                            tf(key, &[&format_count(count.get())])
                        }}</strong></p>
                        <div class="actions">
                            <button class="button primary" id="settle-all-confirm" on:click=confirm>
                                {move || tf(S::SettleCount, &[&format_count(count.get())])}
                            </button>
                            <button class="button" id="settle-all-cancel" on:click=cancel>{t(C::Cancel)}</button>
                        </div>
                    </div>
                }.into_any(),
                (None, None) => view! {
                    <p>{move || tf(S::SettleAllText, &[&format_count(count.get())])}</p>
                    <div class="actions">
                        <button class="button" id="settle-all-mine" on:click=move |_| ask(Side::Mine)>{t(S::KeepAllMine)}</button>
                        <button class="button" id="settle-all-theirs" on:click=move |_| ask(Side::Theirs)>{t(S::KeepAllTheirs)}</button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

/// What settling all of `count` conflicts did, in words, and whether it went through.
fn outcome_words(outcome: Result<SettledAll, SettleStopped>, count: usize) -> (Said, bool) {
    match outcome {
        Ok(SettledAll { settled, left: 0 }) => (
            Said::new(move |l| {
                fill(plural(settled as u64, S::SettledAllOne, S::SettledAll).in_(l), &[&format_count(settled)])
            }),
            true,
        ),
        Ok(SettledAll { settled, left }) => (
            Said::new(move |l| fill(S::SettledSome.in_(l), &[&format_count(settled), &format_count(settled + left)])),
            true,
        ),
        Err(SettleStopped { settled, error }) => (
            Said::new(move |l| {
                fill(S::SettleStopped.in_(l), &[&format_count(settled), &format_count(count), &error.localize(l)])
            }),
            false,
        ),
    }
}
