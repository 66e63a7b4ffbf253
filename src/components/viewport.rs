//! Where a long table's body is on the screen, for tables that draw only the rows on screen (the customer
//! grid, the activity log): kept current as the page scrolls or the window changes size.

use leptos::ev;
use leptos::html::Tbody;
use leptos::prelude::*;

use crate::platform;

/// The body's place relative to the screen.
#[derive(Clone, Copy)]
pub struct Viewport {
    /// How far the body reaches above the top of the screen, in px (negative while it starts lower).
    pub above: RwSignal<f64>,
    /// The screen's height in px, and whether the phone layout applies.
    pub screen: RwSignal<(f64, bool)>,
    body: NodeRef<Tbody>,
}

impl Viewport {
    /// Follows `body` as the window scrolls or changes size, until the calling component is left.
    pub fn watch(body: NodeRef<Tbody>) -> Viewport {
        let v = Viewport {
            above: RwSignal::new(0.0),
            screen: RwSignal::new((platform::screen_height(), platform::phone_layout())),
            body,
        };
        let scroll = window_event_listener(ev::scroll, move |_| v.measure());
        let resize = window_event_listener(ev::resize, move |_| v.measure());
        on_cleanup(move || {
            scroll.remove();
            resize.remove();
        });
        v
    }

    /// The table body followed, for the `<tbody>`'s `node_ref`.
    pub fn body(self) -> NodeRef<Tbody> {
        self.body
    }

    /// Reads the body's place again (after something above it changed height). Does nothing once the
    /// component was left (it may be called from a timer).
    pub fn measure(self) {
        let mut focused = None;
        if let Some(el) = self.body.try_get_untracked().flatten() {
            focused = platform::focus_inside(&el);
            let _ = self.above.try_set(-el.get_bounding_client_rect().top());
        }
        let now = (platform::screen_height(), platform::phone_layout());
        if self.screen.try_get_untracked().is_some_and(|was| was != now) {
            let _ = self.screen.try_set(now);
        }
        // Rows kept are moved in the page when others come before them (the keyed list moves rather than
        // redraws), and a row moved loses the keyboard's focus — Shift+Tab up a list did: the rows change
        // before the next frame, and then the focus goes back where it was.
        if let Some(focused) = focused {
            request_animation_frame(move || platform::refocus_if_lost(&focused));
        }
    }
}
