//! The small sync status in the header, on every page; it links to `/sync`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::sync_words::SyncWords;
use crate::i18n::texts::Common as C;
use crate::i18n::view::{tf, tr};
use crate::platform::{format_count, href, locale};
use crate::state::use_app;
use crate::sync::status::SyncStatus;

/// Sync state as a coloured pill, with the number of changes waiting for the remote when there are any (not on
/// phones).
#[component]
pub fn SyncBadge() -> impl IntoView {
    let sync = use_app().sync;
    let class = move || format!("sync-badge tone-{}", sync.status.with(|s| s.tone().class()));
    // Without a remote nothing waits for anything: the changes are saved on this device, and a count of
    // "waiting" changes would read as "not saved".
    let count = move || match (sync.conflicts.get(), sync.pending.get(), sync.status.with(|s| *s == SyncStatus::Off)) {
        (c, ..) if c > 0 => tf(C::ToSettle, &[&format_count(c)]),
        (_, _, true) => String::new(),
        (_, p, _) if p > 0 => tf(C::Waiting, &[&format_count(p as usize)]),
        _ => String::new(),
    };
    view! {
        <A href=href("/sync") attr:class=class attr:data-testid="sync-badge" attr:title=move || if sync.status.with(|s| *s == SyncStatus::Off) { tr(C::LocalTitle) } else { tr(C::SyncTitle) }>
            {move || sync.status.with(|s| s.badge_in(locale::current()))}
            <span class="sync-count">{count}</span>
        </A>
    }
}
