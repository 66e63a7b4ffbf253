//! `/customers/invite`: request a reseller relationship — the partner's invitation link (with or without
//! delegated admin, for the cloud in settings), an editable email draft to copy or open in the mail app,
//! an optional GDAP request, and the requests sent so far, pending until marked accepted.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use uuid::Uuid;

use crate::components::customer_picker::CustomerPicker;
use crate::components::paged::{Paged, PagedSearch, ShowMore};
use crate::domain::invitation::{email_draft, requests_to, Cloud, RelationshipRequest, RequestStatus, GDAP_ROLES};
use crate::domain::provider::{Provider, ProviderStatus};
use crate::domain::validation::email;
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, Invite as V, Providers as P};
use crate::i18n::view::{say, t, tf, tr, Said};
use crate::i18n::{fill, plural, Text};
use crate::platform::{self, format_count, format_timestamp, href, locale};
use crate::state::use_app;
use crate::store::{Store, StoreError};
use crate::usecases::{
    accept_request, invitation_link, keep_new_customer_draft, link_request, request_relationship, Actor, GdapInput,
    RequestError,
};

/// The invitation page.
#[component]
pub fn InviteCustomerPage() -> impl IntoView {
    let app = use_app();
    let dap = RwSignal::new(true);
    // A joint invitation names one of the partner's active indirect providers (`?provider=<id>` preselects).
    let query = use_query_map();
    let joint = RwSignal::new(query.with_untracked(|q| q.get("provider")).and_then(|id| Uuid::parse_str(&id).ok()));
    let store = app.store.clone();
    let providers = LocalResource::new(move || {
        let store = store.clone();
        async move {
            let all = store.providers().await?;
            Ok::<_, StoreError>(
                all.into_iter().filter(|p| p.status == ProviderStatus::Active).collect::<Vec<Provider>>(),
            )
        }
    });
    let chosen = move || {
        let id = joint.get()?;
        active(providers).into_iter().find(|p| p.id == id)
    };
    let store = app.store.clone();
    let link = LocalResource::new(move || {
        let store = store.clone();
        let (dap, provider) = (dap.get(), chosen());
        async move { invitation_link(&store, dap, provider.as_ref()).await }
    });
    let store = app.store.clone();
    let requests = LocalResource::new(move || {
        app.changes.requests.track();
        let store = store.clone();
        async move { store.requests().await }
    });

    let draft = EmailDraft::new();
    // The draft follows the link (and the DAP choice) until the partner edits it.
    Effect::new(move |_| {
        if let Some(Ok((profile, url))) = link.get() {
            if !draft.edited.get_untracked() {
                let (s, b) = email_draft(&profile.company_name, &url, platform::locale::current().code());
                draft.subject.set(s);
                draft.body.set(b);
            }
        }
    });
    let gdap = GdapForm::new();

    let status = RwSignal::new(None::<(bool, Said)>);
    let recipient_error = RwSignal::new(None::<Said>);
    let show = move |ok: bool, text: Said| status.set(Some((ok, text)));
    let save = Callback::new(move |()| {
        let app = app.clone();
        let (who, with_dap) = (draft.recipient.get_untracked(), dap.get_untracked());
        let (name, days, roles, extend) = (
            gdap.name.get_untracked(),
            gdap.days.get_untracked(),
            gdap.roles.get_untracked(),
            gdap.extend.get_untracked(),
        );
        let with_gdap = gdap.on.get_untracked();
        let provider = chosen();
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            let gdap = with_gdap.then_some(GdapInput { name: &name, days: &days, roles: &roles, auto_extend: extend });
            match request_relationship(&app.store, &who, with_dap, gdap, provider.as_ref(), &Actor { user: &user, now })
                .await
            {
                Ok(r) => {
                    recipient_error.set(None);
                    show(true, Said::filled(V::SavedPending, vec![r.recipient]));
                }
                Err(RequestError::Recipient(e)) => {
                    status.set(None);
                    recipient_error.set(Some(Said::error(e)));
                }
                Err(e) => {
                    recipient_error.set(None);
                    show(false, Said::error(e));
                }
            }
        });
    });

    view! {
        <div class="page-head"><h1>{t(V::Title)}</h1></div>
        <p class="lead">{t(V::Lead)}</p>
        {move || match link.get() {
            None => view! { <p class="muted">{t(C::Loading)}</p> }.into_any(),
            Some(Err(RequestError::NoPartnerId)) => view! {
                <section class="notice notice-warning" id="needs-partner-id">
                    <p>{t(V::NeedsPartnerId)}<A href=href("/settings")>{t(V::SetInSettings)}</A>{t(V::First)}</p>
                </section>
            }.into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{say(&e)}</p> }.into_any(),
            Some(Ok((profile, url))) => view! { <LinkCard cloud=profile.cloud url dap joint providers status/> }.into_any(),
        }}
        <Show when=move || matches!(link.get(), Some(Ok(_)))>
        <section class="card">
            <h2>{t(V::Email)}</h2>
            <EmailFields draft recipient_error/>
            <GdapFields gdap/>
            {move || status.get().map(|(ok, text)| view! {
                <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status" id="invite-status">{text.now()}</p>
            })}
            <div class="actions">
                <button class="button" id="copy-email" on:click=move |_| copy(format!("{}\n\n{}", draft.subject.get_untracked(), draft.body.get_untracked()), V::EmailText, status)>{t(V::CopyEmail)}</button>
                <a class="button" id="open-email" href=move || platform::mailto(&draft.to.get(), &draft.subject.get(), &draft.body.get())>{t(V::OpenEmail)}</a>
                <button class="button primary" id="save-request" on:click=move |_| save.run(())>{t(V::SavePending)}</button>
            </div>
        </section>
        </Show>
        <RequestsSent requests status/>
    }
}

/// One request sent: whom to, how, its state — and once accepted, the customer it became, or the ways to
/// make it one (add it with the wizard, prefilled from the request, or link it to a customer in the list).
/// The partner's active indirect providers (none while they are read, or when they can't be).
type ActiveProviders = LocalResource<Result<Vec<Provider>, StoreError>>;

fn active(providers: ActiveProviders) -> Vec<Provider> {
    providers.get().and_then(Result::ok).unwrap_or_default()
}

/// Copies `text` to the clipboard and says so in `status` (naming `what` was copied), or that the browser
/// refused.
fn copy(text: String, what: V, status: RwSignal<Option<(bool, Said)>>) {
    spawn_local(async move {
        status.set(Some(if platform::copy_to_clipboard(&text).await {
            (true, Said::new(move |l| fill(V::Copied.in_(l), &[&what.in_(l)])))
        } else {
            (false, Said::text(V::CopyRefused))
        }));
    });
}

/// The invitation link for `cloud`, with or without delegated admin, jointly with a provider or not.
#[component]
fn LinkCard(
    cloud: Cloud,
    url: String,
    dap: RwSignal<bool>,
    joint: RwSignal<Option<Uuid>>,
    providers: ActiveProviders,
    status: RwSignal<Option<(bool, Said)>>,
) -> impl IntoView {
    // A failed read is said under the choice of provider, which then offers none.
    let providers_error =
        move || providers.get().and_then(Result::err).map(|e| tf(P::ProvidersUnreadable, &[&say(&e)]));
    let url_for_copy = url.clone();
    view! {
        <section class="card">
            <h2>{t(V::InvitationLink)}</h2>
            <label class="check">
                <input type="checkbox" id="dap" prop:checked=move || dap.get() on:change:target=move |ev| dap.set(ev.target().checked())/>
                {t(V::IncludeDap)}
            </label>
            <p class="hint">{move || tf(V::ForCloud, &[&cloud.label_in(locale::current())])}</p>
            <div class="field">
                <label for="joint-provider">{t(V::Joint)}</label>
                <p class="hint" id="joint-provider-hint">{t(V::JointHint)}</p>
                <select id="joint-provider" aria-describedby="joint-provider-hint"
                    on:change:target=move |ev| joint.set(Uuid::parse_str(&ev.target().value()).ok())>
                    <option value="" selected=move || joint.get().is_none()>{t(V::JointNone)}</option>
                    {move || active(providers).into_iter().map(|p| {
                        let id = p.id;
                        view! { <option value=id.to_string() selected=move || joint.get() == Some(id)>{p.name}</option> }
                    }).collect_view()}
                </select>
                {move || providers_error().map(|text| view! { <p class="field-error" role="alert" id="joint-provider-read-error">{text}</p> })}
            </div>
            <div class="input-row">
                <input id="invitation-url" type="text" readonly prop:value=url aria-label=t(V::InvitationLink)/>
            </div>
            <p><button class="button" id="copy-link" on:click=move |_| copy(url_for_copy.clone(), V::Link, status)>{t(V::CopyLink)}</button></p>
        </section>
    }
}

/// The email to the customer: who it is for, where it goes, and its subject and text (a draft that follows
/// the link until the partner edits it).
#[derive(Clone, Copy)]
struct EmailDraft {
    recipient: RwSignal<String>,
    to: RwSignal<String>,
    subject: RwSignal<String>,
    body: RwSignal<String>,
    /// Whether the partner edited the subject or the text.
    edited: RwSignal<bool>,
    /// Whether the partner left the address field (its error is said from then on).
    to_left: RwSignal<bool>,
}

impl EmailDraft {
    fn new() -> EmailDraft {
        EmailDraft {
            recipient: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            subject: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            edited: RwSignal::new(false),
            to_left: RwSignal::new(false),
        }
    }
}

/// The email's fields. The address is optional, but when given it must be one (said when leaving the field).
#[component]
fn EmailFields(draft: EmailDraft, recipient_error: RwSignal<Option<Said>>) -> impl IntoView {
    let EmailDraft { recipient, to, subject, body, edited, to_left } = draft;
    let to_error = move || {
        let text = to.get();
        (to_left.get() && !text.trim().is_empty()).then(|| email(&text, &[]).err().map(|e| say(&e))).flatten()
    };
    view! {
        <div class="row">
            <div class="field" class:has-error=move || recipient_error.with(Option::is_some)>
                <label for="recipient">{t(V::Customer)}<span class="required" aria-hidden="true">" *"</span></label>
                <input id="recipient" type="text" placeholder=t(V::CompanyName) prop:value=move || recipient.get()
                    aria-invalid=move || recipient_error.with(Option::is_some).to_string()
                    on:input:target=move |ev| recipient.set(ev.target().value())/>
                {move || recipient_error.get().map(|e| view! { <p class="field-error" id="recipient-error" role="alert">{e.now()}</p> })}
            </div>
            <div class="field">
                <label for="email-to">{t(V::To)}</label>
                <input id="email-to" type="email" placeholder="admin@customer.com" prop:value=move || to.get()
                    aria-invalid=move || to_error().is_some().to_string() aria-describedby="email-to-error"
                    on:input:target=move |ev| { to_left.set(false); to.set(ev.target().value()) }
                    on:change=move |_| to_left.set(true)/>
                {move || to_error().map(|e| view! { <p class="field-error" id="email-to-error" role="alert">{e}</p> })}
            </div>
        </div>
        <div class="field">
            <label for="email-subject">{t(V::Subject)}</label>
            <input id="email-subject" type="text" prop:value=move || subject.get()
                on:input:target=move |ev| { edited.set(true); subject.set(ev.target().value()) }/>
        </div>
        <div class="field">
            <label for="email-body">{t(V::Message)}</label>
            <textarea id="email-body" rows="10" prop:value=move || body.get()
                on:input:target=move |ev| { edited.set(true); body.set(ev.target().value()) }></textarea>
        </div>
    }
}

/// The optional GDAP request: its name, duration, roles and auto-extension.
#[derive(Clone, Copy)]
struct GdapForm {
    on: RwSignal<bool>,
    name: RwSignal<String>,
    days: RwSignal<String>,
    roles: RwSignal<Vec<String>>,
    extend: RwSignal<bool>,
}

impl GdapForm {
    fn new() -> GdapForm {
        GdapForm {
            on: RwSignal::new(false),
            name: RwSignal::new(String::new()),
            days: RwSignal::new("730".to_string()),
            roles: RwSignal::new(Vec::new()),
            extend: RwSignal::new(false),
        }
    }
}

/// The GDAP request's fields, folded away until asked for.
#[component]
fn GdapFields(gdap: GdapForm) -> impl IntoView {
    let GdapForm { on, name, days, roles, extend } = gdap;
    view! {
        <details class="gdap" prop:open=move || on.get() on:toggle:target=move |ev| on.set(ev.target().open())>
            <summary>{t(V::Gdap)}</summary>
            <div class="row">
                <div class="field">
                    <label for="gdap-name">{t(V::GdapName)}</label>
                    <input id="gdap-name" type="text" prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                </div>
                <div class="field narrow">
                    <label for="gdap-days">{t(V::GdapDays)}</label>
                    <input id="gdap-days" type="number" min="1" max="730" prop:value=move || days.get()
                        on:input:target=move |ev| days.set(ev.target().value())/>
                </div>
            </div>
            <fieldset class="roles">
                <legend>{t(V::Roles)}</legend>
                {GDAP_ROLES.map(|role| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || roles.with(|r| r.iter().any(|x| x == role))
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                roles.update(|r| { r.retain(|x| x != role); if on { r.push(role.to_string()); } });
                            }/>
                        {role}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="check">
                <input type="checkbox" prop:checked=move || extend.get() on:change:target=move |ev| extend.set(ev.target().checked())/>
                {t(V::AutoExtend)}
            </label>
        </details>
    }
}

/// Requests drawn at a time ("Show 20 more" draws the next).
const REQUESTS_PAGE: usize = 20;

/// The requests sent so far, newest first, a page at a time, with a search by recipient once there are
/// more than a page (3,000 requests drawn at once were a 2.6 s wait with a 211 ms task, each change one more).
#[component]
fn RequestsSent(
    requests: LocalResource<Result<Vec<RelationshipRequest>, StoreError>>,
    status: RwSignal<Option<(bool, Said)>>,
) -> impl IntoView {
    let list = Paged::new(REQUESTS_PAGE, move |text| {
        requests.with(|r| match r {
            Some(Ok(all)) => requests_to(all, text).into_iter().cloned().collect(),
            _ => Vec::new(),
        })
    });
    let all = move || requests.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len));
    // What the section shows changes rarely; the items stay while the search is typed or one changes.
    let shape = Memo::new(move |_| {
        requests.with(|r| match r {
            None => Shape::Loading,
            Some(Err(e)) => Shape::Failed(say(e)),
            Some(Ok(list)) if list.is_empty() => Shape::None,
            Some(Ok(_)) => Shape::Some,
        })
    });
    view! {
        <section class="card">
            <h2>{t(V::RequestsSent)}</h2>
            {move || match shape.get() {
                Shape::Loading => view! { <p class="muted">{t(C::Loading)}</p> }.into_any(),
                Shape::Failed(e) => view! { <p class="notice notice-error">{e}</p> }.into_any(),
                Shape::None => view! { <p class="muted">{t(V::NoRequests)}</p> }.into_any(),
                Shape::Some => view! {
                    <Show when=move || { all() > REQUESTS_PAGE }>
                        <PagedSearch id="request-search" placeholder=Signal::derive(t(V::RequestSearchPlaceholder)) list/>
                    </Show>
                    <p class="result-count" id="request-count">{move || {
                        let n = list.total();
                        match n {
                            0 => tr(V::NoRequestMatch).to_string(),
                            n => tf(plural(n as u64, V::RequestCountOne, V::RequestCount), &[&format_count(n)]),
                        }
                    }}</p>
                    <ul class="subscriptions requests">
                        <For each=move || list.shown() key=|r| (r.id, r.status == RequestStatus::Accepted, r.customer_id) let:request>
                            <SentRequest request status/>
                        </For>
                    </ul>
                    <ShowMore id="requests" list/>
                }.into_any(),
            }}
        </section>
    }
}

/// What the list of requests sent shows.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Loading,
    Failed(String),
    None,
    Some,
}

#[component]
fn SentRequest(request: RelationshipRequest, status: RwSignal<Option<(bool, Said)>>) -> impl IntoView {
    let (app, navigate) = (use_app(), use_navigate());
    let r = request.clone();
    let id = r.id;
    let accepted = r.status == RequestStatus::Accepted;
    let run = {
        let app = app.clone();
        move |link: Option<Uuid>| {
            let app = app.clone();
            spawn_local(async move {
                let (user, now) = (app.user_name(), platform::now());
                let actor = Actor { user: &user, now };
                let result = match link {
                    Some(customer) => link_request(&app.store, id, customer, &actor).await,
                    None => accept_request(&app.store, id, &actor).await,
                };
                if let Err(e) = result {
                    status.set(Some((false, Said::error(e))));
                }
            });
        }
    };
    let mark = {
        let run = run.clone();
        move |_| run(None)
    };
    let add = {
        let app = app.clone();
        move |_| {
            let (app, navigate, draft) = (app.clone(), navigate.clone(), request.customer_draft(platform::today()));
            spawn_local(async move {
                match keep_new_customer_draft(&app.store, &draft).await {
                    Ok(()) => navigate(&href("/customers/new"), Default::default()),
                    Err(e) => status.set(Some((false, Said::error(e)))),
                }
            });
        }
    };
    let linking = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Uuid>);
    let link_error = RwSignal::new(None::<Said>);
    let link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match chosen.get_untracked() {
            Some(customer) => run(Some(customer)),
            None => link_error.set(Some(Said::text(V::ChooseCustomer))),
        }
    };
    let key = id.simple().to_string();
    view! {
        <li>
            <span class="sub-name">{r.recipient.clone()}</span>
            // Written in the language shown, also after a switch.
            <span class="muted">{
                let (at, dap, gdap, provider) = (r.created_at, r.delegated_admin, r.gdap.clone(), r.indirect_provider.clone());
                move || format!("{} · {}{}{}", format_timestamp(at), if dap { tr(V::WithDap) } else { tr(V::WithoutDap) },
                    gdap.as_ref().map(|g| tf(V::GdapDetail, &[&g.name, &g.duration_days])).unwrap_or_default(),
                    provider.as_ref().map(|p| tf(V::WithProvider, &[p])).unwrap_or_default())
            }</span>
            <span class=if accepted { "badge badge-sub-active" } else { "badge badge-sub-suspended" }>{if accepted { t(V::Accepted) } else { t(V::Pending) }}</span>
            {(!accepted).then(|| view! {
                <button class="button" on:click=mark aria-label={
                    let name = r.recipient.clone();
                    move || tf(V::MarkAcceptedFor, &[&name])
                }>{t(V::MarkAccepted)}</button>
            })}
            {match (accepted, r.customer_id) {
                (_, Some(customer)) => view! {
                    <A href=href(&format!("/customers/{customer}")) attr:class="button" attr:data-testid="request-customer">{t(V::OpenCustomer)}</A>
                }.into_any(),
                (true, None) => view! {
                    <span class="request-actions">
                        <button class="button primary" data-testid="add-from-request" on:click=add>{t(V::AddAsCustomer)}</button>
                        <button class="button" data-testid="link-request" aria-expanded=move || linking.get().to_string()
                            on:click=move |_| linking.update(|l| *l = !*l)>{t(V::LinkToCustomer)}</button>
                    </span>
                    <Show when=move || linking.get()>
                        <form class="referral-form" on:submit=link.clone() novalidate>
                            <CustomerPicker id=format!("request-customer-{key}") label=Signal::derive(t(V::CustomerLabel))
                                chosen=chosen set=Callback::new(move |c| { link_error.set(None); chosen.set(c) })/>
                            <button class="button primary" type="submit">{t(V::LinkButton)}</button>
                            {move || link_error.get().map(|e| view! { <p class="field-error" role="alert">{e.now()}</p> })}
                        </form>
                    </Show>
                }.into_any(),
                (false, None) => ().into_any(),
            }}
        </li>
    }
}
