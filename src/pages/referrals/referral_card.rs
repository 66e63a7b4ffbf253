//! One referral in the inbox: what was referred, its state (with the days left to answer), and the actions
//! its state allows — accept with the deal's details, decline with a reason, won (as a new customer through
//! the prefilled wizard, or with an existing one), lost.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::customer_picker::CustomerPicker;
use crate::components::field::{DateField, MoneyField, TextField};
use crate::domain::referral::{parse_value, Deal, Referral, ReferralState};
use crate::domain::validation::typed_date;
use crate::i18n::labels::Label;
use crate::i18n::plural;
use crate::i18n::texts::Referrals as R;
use crate::i18n::view::{shown, t, tf, Said};
use crate::platform::{self, href, locale};
use crate::state::use_app;
use crate::usecases::{
    accept_referral, decline_referral, keep_new_customer_draft, lose_referral, win_referral, Actor, ReferralUseError,
};

/// Which inline form of the card is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Accept,
    Decline,
    Lose,
    Link,
}

/// A referral with the actions of its state.
#[component]
pub fn ReferralCard(referral: Referral) -> impl IntoView {
    let app = use_app();
    let today = platform::today();
    let state = referral.state_on(today);
    let panel = RwSignal::new(None::<Panel>);
    let error = RwSignal::new(None::<Said>);
    let deal = DealForm::new(referral.value);
    let reason = RwSignal::new(String::new());
    let linked = RwSignal::new(None::<uuid::Uuid>);
    let id = referral.id;
    let done = move |result: Result<Referral, ReferralUseError>| match result {
        Ok(_) => {
            panel.set(None);
            error.set(None);
        }
        Err(e) => error.set(Some(Said::error(e))),
    };
    let act = {
        let app = app.clone();
        move |which: Panel| {
            let app = app.clone();
            spawn_local(async move {
                let user = app.user_name();
                let actor = Actor { user: &user, now: platform::now() };
                let result = match which {
                    Panel::Accept => {
                        let Some(deal) = deal.read() else { return };
                        accept_referral(&app.store, id, deal, today, &actor).await
                    }
                    Panel::Decline => decline_referral(&app.store, id, &reason.get_untracked(), today, &actor).await,
                    Panel::Lose => lose_referral(&app.store, id, &reason.get_untracked(), today, &actor).await,
                    Panel::Link => match linked.get_untracked() {
                        Some(customer) => win_referral(&app.store, id, customer, today, &actor).await,
                        None => return error.set(Some(Said::text(R::ChooseCustomer))),
                    },
                };
                done(result);
            });
        }
    };
    let navigate = use_navigate();
    let win_new = {
        let (app, referral) = (app.clone(), referral.clone());
        move |_| {
            let (app, navigate, draft) = (app.clone(), navigate.clone(), referral.customer_draft(today));
            spawn_local(async move {
                match keep_new_customer_draft(&app.store, &draft).await {
                    Ok(()) => navigate(&href("/customers/new"), Default::default()),
                    Err(e) => error.set(Some(Said::error(e))),
                }
            });
        }
    };
    let open = move |p: Panel| {
        move |_| {
            error.set(None);
            reason.set(String::new());
            panel.set(if panel.get_untracked() == Some(p) { None } else { Some(p) });
        }
    };
    let key = id.simple().to_string();
    let article_id = format!("referral-{key}");
    let days_left = referral.days_left(today);
    view! {
        <article class="referral card" id=article_id data-state=state.key()>
            <header class="referral-head">
                <h3>{referral.customer_name.clone()}</h3>
                <span class=format!("badge badge-referral-{}", state.key())>{move || state.label_in(locale::current())}</span>
                {(state == ReferralState::New).then(|| view! {
                    <span class="muted days-left">{move || tf(plural(days_left.unsigned_abs(), R::OneDayLeft, R::DaysLeft), &[&days_left])}</span>
                })}
            </header>
            <ReferralFacts referral=referral.clone()/>
            <div class="head-actions">
                {match state {
                    ReferralState::New => view! {
                        <button class="button primary accept" on:click=open(Panel::Accept)>{t(R::Accept)}</button>
                        <button class="button decline" on:click=open(Panel::Decline)>{t(R::Decline)}</button>
                    }.into_any(),
                    ReferralState::Active => view! {
                        <button class="button primary win-new" on:click=win_new>{t(R::WonNew)}</button>
                        <button class="button win-existing" on:click=open(Panel::Link)>{t(R::WonExisting)}</button>
                        <button class="button lose" on:click=open(Panel::Lose)>{t(R::Lost)}</button>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            {move || panel.get().map(|p| {
                let (act, key) = (act.clone(), key.clone());
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    act(p)
                };
                let body = match p {
                    Panel::Accept => view! {
                        <DealFields deal key=key.clone() error/>
                        <button class="button primary" type="submit">{t(R::AcceptButton)}</button>
                    }.into_any(),
                    Panel::Decline | Panel::Lose => view! { <ReasonForm declining=p == Panel::Decline key=key.clone() reason error/> }.into_any(),
                    Panel::Link => view! {
                        <CustomerPicker id=format!("customer-{key}") label=Signal::derive(t(R::CustomerShort))
                            chosen=linked set=Callback::new(move |c| { error.set(None); linked.set(c) })/>
                        <button class="button primary" type="submit">{t(R::WinButton)}</button>
                    }.into_any(),
                };
                view! { <form class="referral-form" on:submit=submit novalidate>{body}</form> }
            })}
            {move || {
                let inline = matches!(panel.get(), Some(Panel::Decline | Panel::Lose));
                (!inline).then(|| error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })).flatten()
            }}
        </article>
    }
}

/// Why a referral is declined (`declining`) or was lost, with the button that says so.
#[component]
fn ReasonForm(declining: bool, key: String, reason: RwSignal<String>, error: RwSignal<Option<Said>>) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=format!("reason-{key}")>{if declining { t(R::WhyDecline) } else { t(R::WhyLost) }}</label>
            <textarea id=format!("reason-{key}") class="reason" rows="2" prop:value=move || reason.get()
                on:input:target=move |ev| { error.set(None); reason.set(ev.target().value()) }></textarea>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.now()}</p> })}
        </div>
        <button class="button danger" type="submit">{if declining { t(R::DeclineButton) } else { t(R::LoseButton) }}</button>
    }
}

/// `text` trimmed, or "—" when there is nothing to show.
fn or_dash(text: String) -> String {
    match text.trim() {
        "" => "—".to_string(),
        t => t.to_string(),
    }
}

/// What is known of a referral: its contact, need, value, when it came, the deal, why it ended, its customer.
#[component]
fn ReferralFacts(referral: Referral) -> impl IntoView {
    view! {
        <dl class="props">
            <dt>{t(R::Contact)}</dt>
            <dd>{or_dash(format!("{} {}", referral.contact_name, referral.contact_email))}</dd>
            <dt>{t(R::Need)}</dt><dd>{or_dash(referral.need.clone())}</dd>
            <dt>{t(R::DealValue)}</dt><dd>{move || platform::format_euros(referral.value)}</dd>
            <dt>{t(R::Received)}</dt><dd>{move || platform::format_date(referral.received_on)}</dd>
            {referral.deal.clone().map(|d| view! {
                <dt>{t(R::Deal)}</dt>
                <dd>{move || format!("{} · {}{}{}", d.name, platform::format_euros(d.value),
                    d.close_by.map(|c| tf(R::CloseByShort, &[&platform::format_date(c)])).unwrap_or_default(),
                    if d.crm_id.is_empty() { String::new() } else { tf(R::Crm, &[&d.crm_id]) })}</dd>
            })}
            {(!referral.decline_reason.is_empty()).then(|| view! { <dt>{t(R::DeclinedBecause)}</dt><dd>{referral.decline_reason.clone()}</dd> })}
            {(!referral.lost_reason.is_empty()).then(|| view! { <dt>{t(R::LostBecause)}</dt><dd>{referral.lost_reason.clone()}</dd> })}
            {referral.customer_id.map(|c| view! {
                <dt>{t(R::CustomerShort)}</dt><dd><A href=href(&format!("/customers/{c}"))>{t(R::OpenCustomer)}</A></dd>
            })}
        </dl>
    }
}

/// The deal of a referral being accepted, as typed.
#[derive(Clone, Copy)]
struct DealForm {
    name: RwSignal<String>,
    value: RwSignal<String>,
    close_by: RwSignal<String>,
    notes: RwSignal<String>,
    crm_id: RwSignal<String>,
    contacts: RwSignal<String>,
    value_error: RwSignal<Option<Said>>,
    close_error: RwSignal<Option<Said>>,
}

impl DealForm {
    /// An empty deal worth `value` (the referral's own estimate) until the partner says otherwise.
    fn new(value: u64) -> DealForm {
        DealForm {
            name: RwSignal::new(String::new()),
            value: RwSignal::new(value.to_string()),
            close_by: RwSignal::new(String::new()),
            notes: RwSignal::new(String::new()),
            crm_id: RwSignal::new(String::new()),
            contacts: RwSignal::new(String::new()),
            value_error: RwSignal::new(None),
            close_error: RwSignal::new(None),
        }
    }

    /// The deal as typed, or `None` with the value's and the date's problems said under them.
    fn read(self) -> Option<Deal> {
        let value = parse_value(&self.value.get_untracked());
        let close = self.close_by.get_untracked();
        let close = (!close.is_empty()).then(|| typed_date(&close)).transpose();
        self.value_error.set(value.as_ref().err().cloned().map(Said::error));
        self.close_error.set(close.is_err().then(|| Said::text(R::CloseByInvalid)));
        let (Ok(value), Ok(close_by)) = (value, close) else { return None };
        Some(Deal {
            name: self.name.get_untracked(),
            value,
            close_by,
            notes: self.notes.get_untracked(),
            crm_id: self.crm_id.get_untracked(),
            contacts: self.contacts.get_untracked(),
        })
    }
}

/// The deal's fields (`key` makes their ids unique on the page); typing clears the card's `error`.
#[component]
fn DealFields(deal: DealForm, key: String, error: RwSignal<Option<Said>>) -> impl IntoView {
    let DealForm { name, value, close_by, notes, crm_id, contacts, value_error, close_error } = deal;
    let text_field = move |field_id: String, label: R, value: RwSignal<String>| {
        let typed = move |v: String| {
            error.set(None);
            value.set(v)
        };
        view! { <TextField id=field_id label value on_input=typed on_blur=|()| () error=Signal::stored(None::<String>)/> }
    };
    view! {
        {text_field(format!("deal-name-{key}"), R::DealName, name)}
        <MoneyField id=format!("deal-value-{key}") label=R::DealValue value=value
            on_input=move |v: String| { value_error.set(None); value.set(v) } error=shown(value_error)/>
        <DateField id=format!("close-by-{key}") label=R::CloseBy value=close_by
            on_input=move |v: String| { close_error.set(None); close_by.set(v) } error=shown(close_error)/>
        {text_field(format!("crm-id-{key}"), R::CrmId, crm_id)}
        {text_field(format!("contacts-{key}"), R::Contacts, contacts)}
        <div class="field">
            <label for=format!("notes-{key}")>{t(R::Notes)}</label>
            <textarea id=format!("notes-{key}") rows="3" prop:value=move || notes.get()
                on:input:target=move |ev| notes.set(ev.target().value())></textarea>
        </div>
    }
}
