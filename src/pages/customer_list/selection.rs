//! What the partner selected, and what can be done to it: the bar that offers it appears once a customer
//! is selected, its code fetched then (`bulk_bar`) — the list's first paint does not wait for it.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::bulk_bar::{self, MakeBar};
use super::work::{self, WorkFailed};
use crate::domain::customer_index::Hits;
use crate::platform::chunk::ChunkFailed;

/// The selection's bar, or why its code could not be fetched (asked again at the next selection).
#[component]
pub fn SelectionBar(hits: Memo<Hits>, selected: RwSignal<HashSet<Uuid>>) -> impl IntoView {
    let bar = RwSignal::new(None::<Result<MakeBar, ChunkFailed>>);
    let asking = StoredValue::new(false);
    Effect::new(move |_| {
        let wanted = !selected.with(HashSet::is_empty);
        let here = bar.with_untracked(|b| matches!(b, Some(Ok(_))));
        if wanted && !here && !asking.get_value() {
            asking.set_value(true);
            spawn_local(async move {
                let made = bulk_bar::make().await;
                asking.set_value(false);
                bar.set(Some(made));
            });
        }
    });
    move || {
        match bar.get() {
        Some(Ok(make)) => Some(untrack(|| make(hits, selected))),
        Some(Err(ChunkFailed)) => (!selected.with(HashSet::is_empty)).then(|| {
            view! { <p class="notice notice-error" role="status" id="bulk-message">{work::failure(WorkFailed::NotFetched)}</p> }
                .into_any()
        }),
        None => None,
    }
    }
}
