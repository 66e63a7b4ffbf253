//! A customer's subscriptions: the list with suspend / reactivate, and a form to add one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use crate::components::subscription_fields::SubscriptionFields;
use crate::domain::subscription::{BillingCycle, Subscription, SubscriptionStatus};
use crate::i18n::labels::Label;
use crate::i18n::texts::Customer as K;
use crate::i18n::view::{t, tr, Said};
use crate::platform::{self, href, locale};
use crate::state::use_app;
use crate::usecases::{add_subscription, set_subscription_status, Actor};

/// What is being typed into the form that adds a subscription; the page keeps it, so a change arriving
/// meanwhile (another tab, sync) redraws the list without wiping the form.
#[derive(Debug, Clone, Copy)]
pub struct NewSubscription {
    pub offer: RwSignal<String>,
    pub quantity: RwSignal<String>,
}

impl NewSubscription {
    /// An empty form (quantity 1).
    pub fn new() -> NewSubscription {
        NewSubscription { offer: RwSignal::new(String::new()), quantity: RwSignal::new("1".to_string()) }
    }
}

impl Default for NewSubscription {
    fn default() -> Self {
        NewSubscription::new()
    }
}

/// Subscriptions of customer `id`; while the relationship has ended (`ended`), adding one is not offered and
/// the reason is said in its place, with the way to reactivate.
#[component]
pub fn Subscriptions(
    id: Uuid,
    subscriptions: Vec<Subscription>,
    typing: NewSubscription,
    ended: bool,
) -> impl IntoView {
    let app = use_app();
    let error = RwSignal::new(None::<Said>);
    let NewSubscription { offer, quantity } = typing;
    let cycle = RwSignal::new(BillingCycle::Monthly);
    let app2 = app.clone();
    let set_status = Callback::new(move |(sub, status): (Uuid, SubscriptionStatus)| {
        let app = app2.clone();
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            match set_subscription_status(&app.store, id, sub, status, &Actor { user: &user, now }).await {
                Ok(()) => {
                    error.set(None);
                }
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    });
    let add = Callback::new(move |()| {
        let app = app.clone();
        let (name, qty, billing) = (offer.get_untracked(), quantity.get_untracked(), cycle.get_untracked());
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            match add_subscription(&app.store, id, &name, &qty, billing, &Actor { user: &user, now }).await {
                Ok(()) => {
                    error.set(None);
                    offer.set(String::new());
                    quantity.set("1".into());
                }
                Err(e) => error.set(Some(Said::error(e))),
            }
        });
    });
    view! {
        {if subscriptions.is_empty() {
            view! { <p class="muted">{t(K::NoSubscriptions)}</p> }.into_any()
        } else {
            view! {
                <ul class="subscriptions">
                    {subscriptions.into_iter().map(|s| {
                        let sid = s.id;
                        let action = match s.status {
                            SubscriptionStatus::Active => Some((K::Suspend, SubscriptionStatus::Suspended)),
                            SubscriptionStatus::Suspended => Some((K::Reactivate, SubscriptionStatus::Active)),
                            SubscriptionStatus::Expired => None,
                        };
                        view! {
                            <li>
                                <span class="sub-name">{s.offer_name.clone()}</span>
                                <span class="muted">{move || format!("{} × · {}", s.quantity, s.billing_cycle.label_in(locale::current()))}</span>
                                <span class=format!("badge badge-sub-{}", s.status.label().to_lowercase())>{move || s.status.label_in(locale::current())}</span>
                                {action.map(|(label, status)| view! {
                                    <button class="button" on:click=move |_| set_status.run((sid, status))
                                        aria-label=move || format!("{} {}", tr(label), s.offer_name)>{t(label)}</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert" id="subscription-error">{e.now()}</p> })}
        {if ended {
            view! {
                <p class="notice notice-info" data-testid="no-new-subscriptions">
                    {t(K::NoSubscriptionsWhileEnded)}" "
                    <A href=href(&format!("/customers/{id}/relationship"))>{t(K::ReactivateRelationship)}</A>
                </p>
            }.into_any()
        } else {
            view! { <SubscriptionFields offer quantity cycle submit_label=K::AddSubscription on_submit=add/> }.into_any()
        }}
    }
}
