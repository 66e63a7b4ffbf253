//! A button that shows and hides a panel (the phone's menu, the list's actions and filters): Escape hides the
//! open panel and gives the focus back to its button, as a menu does.

use leptos::prelude::*;

use crate::platform;

/// While the calling component is shown: on Escape (key code 27) while `open`, hides the panel and focuses the
/// button whose id is `button`.
pub fn close_on_escape(open: RwSignal<bool>, button: &'static str) {
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key_code() == 27 && open.get_untracked() {
            open.set(false);
            platform::focus_by_id(button);
        }
    });
    on_cleanup(move || listener.remove());
}
