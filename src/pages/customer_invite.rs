//! `/customers/invite`: request a reseller relationship — the partner's invitation link (with or without
//! delegated admin, for the cloud in settings), an editable email draft to copy or open in the mail app,
//! an optional GDAP request, and the requests sent so far, pending until marked accepted.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::domain::invitation::{email_draft, RequestStatus, GDAP_ROLES};
use crate::platform::{self, format_timestamp, href};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{accept_request, invitation_link, request_relationship, Actor, GdapInput, RequestError};

/// The invitation page.
#[component]
pub fn InviteCustomer() -> impl IntoView {
    let app = use_app();
    let dap = RwSignal::new(true);
    let store = app.store.clone();
    let link = LocalResource::new(move || {
        let store = store.clone();
        let dap = dap.get();
        async move { invitation_link(&store, dap).await }
    });
    let store = app.store.clone();
    let requests = LocalResource::new(move || {
        app.revision.track();
        let store = store.clone();
        async move { store.requests().await }
    });

    let recipient = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    // The draft follows the link (and the DAP choice) until the partner edits it.
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok((profile, url))) = link.get() {
            if !edited.get_untracked() {
                let (s, b) = email_draft(&profile.company_name, &url, &platform::browser_locale());
                subject.set(s);
                body.set(b);
            }
        }
    });

    let gdap_on = RwSignal::new(false);
    let gdap_name = RwSignal::new(String::new());
    let gdap_days = RwSignal::new("730".to_string());
    let gdap_roles = RwSignal::new(Vec::<String>::new());
    let gdap_extend = RwSignal::new(false);

    let status = RwSignal::new(None::<(bool, String)>);
    let recipient_error = RwSignal::new(None::<String>);
    let show = move |ok: bool, text: String| status.set(Some((ok, text)));
    let copy = move |text: String, what: &'static str| {
        spawn_local(async move {
            if platform::copy_to_clipboard(&text).await {
                show(true, format!("{what} copied."));
            } else {
                show(false, "The browser did not allow copying: select the text and copy it yourself.".into());
            }
        });
    };
    let save = Callback::new(move |()| {
        let app = app.clone();
        let (who, with_dap) = (recipient.get_untracked(), dap.get_untracked());
        let (name, days, roles, extend) = (
            gdap_name.get_untracked(),
            gdap_days.get_untracked(),
            gdap_roles.get_untracked(),
            gdap_extend.get_untracked(),
        );
        let with_gdap = gdap_on.get_untracked();
        spawn_local(async move {
            let (user, now) = (app.user_name(), platform::now());
            let gdap = with_gdap.then_some(GdapInput { name: &name, days: &days, roles: &roles, auto_extend: extend });
            match request_relationship(&app.store, &who, with_dap, gdap, &Actor { user: &user, now }).await {
                Ok(r) => {
                    recipient_error.set(None);
                    show(
                        true,
                        format!("Saved: the request to {} is pending until its Global admin accepts it.", r.recipient),
                    );
                    app.changed();
                }
                Err(RequestError::Recipient(e)) => {
                    status.set(None);
                    recipient_error.set(Some(e.to_string()));
                }
                Err(e) => {
                    recipient_error.set(None);
                    show(false, e.to_string());
                }
            }
        });
    });

    view! {
        <div class="page-head"><h1>"Request a reseller relationship"</h1></div>
        <p class="lead">"Send an existing customer your invitation to connect. The relationship stays pending until a Global admin of the customer accepts it in the admin portal."</p>
        {move || match link.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(Err(RequestError::NoPartnerId)) => view! {
                <section class="notice notice-warning" id="needs-partner-id">
                    <p>"The invitation link is built from your partner id. " <A href=href("/settings")>"Set it in Settings"</A>" first."</p>
                </section>
            }.into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok((profile, url))) => {
                let url_for_copy = url.clone();
                view! {
                    <section class="card">
                        <h2>"Invitation link"</h2>
                        <label class="check">
                            <input type="checkbox" id="dap" prop:checked=move || dap.get() on:change:target=move |ev| dap.set(ev.target().checked())/>
                            "Include delegated admin permissions (DAP)"
                        </label>
                        <p class="hint">{format!("For {}.", profile.cloud.label())}</p>
                        <div class="input-row">
                            <input id="invitation-url" type="text" readonly prop:value=url.clone() aria-label="Invitation link"/>
                        </div>
                        <p><button class="button" id="copy-link" on:click=move |_| copy(url_for_copy.clone(), "Link")>"Copy link"</button></p>
                    </section>
                }.into_any()
            }
        }}
        <Show when=move || matches!(link.get(), Some(Ok(_)))>
        <section class="card">
            <h2>"Email"</h2>
            <div class="row">
                <div class="field" class:has-error=move || recipient_error.with(Option::is_some)>
                    <label for="recipient">"Customer"<span class="required" aria-hidden="true">" *"</span></label>
                    <input id="recipient" type="text" placeholder="Company name" prop:value=move || recipient.get()
                        aria-invalid=move || recipient_error.with(Option::is_some).to_string()
                        on:input:target=move |ev| recipient.set(ev.target().value())/>
                    {move || recipient_error.get().map(|e| view! { <p class="field-error" id="recipient-error" role="alert">{e}</p> })}
                </div>
                <div class="field">
                    <label for="email-to">"To"</label>
                    <input id="email-to" type="email" placeholder="admin@customer.com" prop:value=move || to.get()
                        on:input:target=move |ev| to.set(ev.target().value())/>
                </div>
            </div>
            <div class="field">
                <label for="email-subject">"Subject"</label>
                <input id="email-subject" type="text" prop:value=move || subject.get()
                    on:input:target=move |ev| { edited.set(true); subject.set(ev.target().value()) }/>
            </div>
            <div class="field">
                <label for="email-body">"Message"</label>
                <textarea id="email-body" rows="10" prop:value=move || body.get()
                    on:input:target=move |ev| { edited.set(true); body.set(ev.target().value()) }></textarea>
            </div>
            <details class="gdap" prop:open=move || gdap_on.get() on:toggle:target=move |ev| gdap_on.set(ev.target().open())>
                <summary>"Also request granular delegated admin privileges (GDAP)"</summary>
                <div class="row">
                    <div class="field">
                        <label for="gdap-name">"Name (unique)"</label>
                        <input id="gdap-name" type="text" prop:value=move || gdap_name.get() on:input:target=move |ev| gdap_name.set(ev.target().value())/>
                    </div>
                    <div class="field narrow">
                        <label for="gdap-days">"Duration (days)"</label>
                        <input id="gdap-days" type="number" min="1" max="730" prop:value=move || gdap_days.get()
                            on:input:target=move |ev| gdap_days.set(ev.target().value())/>
                    </div>
                </div>
                <fieldset class="roles">
                    <legend>"Roles"</legend>
                    {GDAP_ROLES.map(|role| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || gdap_roles.with(|r| r.iter().any(|x| x == role))
                                on:change:target=move |ev| {
                                    let on = ev.target().checked();
                                    gdap_roles.update(|r| { r.retain(|x| x != role); if on { r.push(role.to_string()); } });
                                }/>
                            {role}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label class="check">
                    <input type="checkbox" prop:checked=move || gdap_extend.get() on:change:target=move |ev| gdap_extend.set(ev.target().checked())/>
                    "Extend automatically by 6 months"
                </label>
            </details>
            {move || status.get().map(|(ok, text)| view! {
                <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status" id="invite-status">{text}</p>
            })}
            <div class="actions">
                <button class="button" id="copy-email" on:click=move |_| copy(format!("{}\n\n{}", subject.get_untracked(), body.get_untracked()), "Email text")>"Copy email"</button>
                <a class="button" id="open-email" href=move || platform::mailto(&to.get(), &subject.get(), &body.get())>"Open in email"</a>
                <button class="button primary" id="save-request" on:click=move |_| save.run(())>"Save as pending request"</button>
            </div>
        </section>
        </Show>
        <section class="card">
            <h2>"Requests sent"</h2>
            {move || match requests.get() {
                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="notice notice-error">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"No requests yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="subscriptions requests">
                        {list.into_iter().map(|r| {
                            let id = r.id;
                            let accepted = r.status == RequestStatus::Accepted;
                            let app = use_app();
                            let mark = move |_| {
                                let app = app.clone();
                                spawn_local(async move {
                                    let (user, now) = (app.user_name(), platform::now());
                                    match accept_request(&app.store, id, &Actor { user: &user, now }).await {
                                        Ok(()) => app.changed(),
                                        Err(e) => status.set(Some((false, e.to_string()))),
                                    }
                                });
                            };
                            view! {
                                <li>
                                    <span class="sub-name">{r.recipient.clone()}</span>
                                    <span class="muted">{format!("{} · {}{}", format_timestamp(r.created_at), if r.delegated_admin { "with DAP" } else { "without DAP" },
                                        r.gdap.as_ref().map(|g| format!(" · GDAP “{}”, {} days", g.name, g.duration_days)).unwrap_or_default())}</span>
                                    <span class=if accepted { "badge badge-sub-active" } else { "badge badge-sub-suspended" }>{if accepted { "Accepted" } else { "Pending" }}</span>
                                    {(!accepted).then(|| view! {
                                        <button class="button" on:click=mark aria-label=format!("Mark the request to {} accepted", r.recipient)>"Mark accepted"</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
