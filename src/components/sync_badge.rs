//! The small sync status in the header, on every page; it links to `/sync`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::labels::SyncWords;
use crate::i18n::texts::Common as C;
use crate::i18n::view::{t, tf};
use crate::platform::{href, locale};
use crate::state::use_app;

/// Sync state as a coloured pill, with the number of changes waiting when there are any (not on phones).
#[component]
pub fn SyncBadge() -> impl IntoView {
    let sync = use_app().sync;
    let class = move || format!("sync-badge tone-{}", sync.status.with(|s| s.tone().class()));
    let count = move || match (sync.conflicts.get(), sync.pending.get()) {
        (c, _) if c > 0 => tf(C::ToSettle, &[&c]),
        (_, p) if p > 0 => tf(C::Waiting, &[&p]),
        _ => String::new(),
    };
    view! {
        <A href=href("/sync") attr:class=class attr:data-testid="sync-badge" attr:title=t(C::SyncTitle)>
            {move || sync.status.with(|s| s.badge_in(locale::current()))}
            <span class="sync-count">{count}</span>
        </A>
    }
}
