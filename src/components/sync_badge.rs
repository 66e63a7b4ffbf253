//! The small sync status in the header, on every page; it links to `/sync`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::platform::href;
use crate::state::use_app;

/// Sync state as a coloured pill, with the number of changes waiting when there are any (not on phones).
#[component]
pub fn SyncBadge() -> impl IntoView {
    let sync = use_app().sync;
    let class = move || format!("sync-badge tone-{}", sync.status.with(|s| s.tone().class()));
    let count = move || match (sync.conflicts.get(), sync.pending.get()) {
        (c, _) if c > 0 => format!("· {c} to settle"),
        (_, p) if p > 0 => format!("· {p} waiting"),
        _ => String::new(),
    };
    view! {
        <A href=href("/sync") attr:class=class attr:data-testid="sync-badge" attr:title="Sync">
            {move || sync.status.with(|s| s.badge())}
            <span class="sync-count">{count}</span>
        </A>
    }
}
