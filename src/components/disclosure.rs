//! A button that shows and hides a panel (the phone's menu, the list's actions): Escape hides the open panel
//! and gives the focus back to its button, as a menu does.

use leptos::html::Button;
use leptos::prelude::*;

/// A `keydown` handler for the panel and its button: on Escape while `open`, hides the panel and focuses
/// `button`.
pub fn close_on_escape(open: RwSignal<bool>, button: NodeRef<Button>) -> impl Fn(leptos::ev::KeyboardEvent) + Copy {
    move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    }
}
