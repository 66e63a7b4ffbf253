//! `/customers/:id`: the customer's company profile, billing profile, relationship, tags and activity.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::components::purchase_permissions::PurchasePermissionsEditor;
use crate::components::relationship_badge::RelationshipBadge;
use crate::components::subscriptions::Subscriptions;
use crate::components::tag_editor::TagEditor;
use crate::domain::activity::ActivityEntry;
use crate::domain::customer::Customer;
use crate::platform::href;
use crate::platform::{country_name, format_timestamp};
use crate::state::use_app;
use crate::store::{Store, StoreError};

/// The customer details page.
#[component]
pub fn CustomerDetail() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let query = use_query_map();
    let just_added = move || query.with(|q| q.get("added").is_some());
    let just_saved = move || query.with(|q| q.get("saved").is_some());
    let data = LocalResource::new(move || {
        app.revision.track();
        let store = app.store.clone();
        let id = params.with(|p| p.get("id")).and_then(|id| Uuid::parse_str(&id).ok());
        async move {
            let Some(id) = id else { return Ok(None) };
            let Some(customer) = store.customer(id).await? else {
                return Ok(None);
            };
            let activity = store.activity(Some(id)).await?;
            Ok::<_, StoreError>(Some((customer, activity)))
        }
    });
    move || match data.get() {
        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(None)) => view! {
            <section class="card">
                <h1>"Customer not found"</h1>
                <p>"No customer with this Microsoft ID is stored on this device."</p>
                <A href=href("/customers")>"Back to the customer list"</A>
            </section>
        }
        .into_any(),
        Some(Ok(Some((customer, activity)))) => {
            let admin = customer.admin_user_name();
            view! {
                <Show when=just_added>
                    <AddedNotice admin=admin.clone()/>
                </Show>
                <Show when=just_saved>
                    <p class="notice notice-success" role="status">"Changes saved."</p>
                </Show>
                <Details customer activity/>
            }
            .into_any()
        }
    }
}

/// Shown once, right after the wizard: what was created.
#[component]
fn AddedNotice(admin: String) -> impl IntoView {
    view! {
        <section class="notice notice-success" role="status">
            <h2>"Customer added"</h2>
            <p>"The account is saved on this device. Its first global admin will be " <strong class="mono">{admin}</strong>
            "; Partner Center issues the temporary password when the account is created there."</p>
        </section>
    }
}

#[component]
fn Details(customer: Customer, activity: Vec<ActivityEntry>) -> impl IntoView {
    let a = customer.billing.default_address.clone();
    let address_lines: Vec<String> = [
        a.line1.clone(),
        a.line2.clone(),
        a.line3.clone(),
        format!("{} {} {}", a.postal_code, a.city, a.state).trim().to_string(),
        country_name(&a.country),
    ]
    .into_iter()
    .filter(|l| !l.trim().is_empty())
    .collect();
    let org_id = customer.company.organization_registration_number.clone().unwrap_or_else(|| "—".into());
    let phone = if a.phone_number.is_empty() { "—".to_string() } else { a.phone_number.clone() };
    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow"><A href=href("/customers")>"Customers"</A></p>
                <h1>{customer.company.company_name.clone()}</h1>
                <p class="mono muted">{customer.company.domain.clone()}</p>
            </div>
            <div class="head-actions">
                <A href=href(&format!("/customers/{}/edit", customer.id)) attr:class="button" attr:id="edit">"Edit account info"</A>
            </div>
        </div>
        <div class="grid">
            <section class="card">
                <h2>"Company profile"</h2>
                <dl class="props">
                    <dt>"Microsoft ID"</dt><dd class="mono small">{customer.id.to_string()}</dd>
                    <dt>"Primary domain"</dt><dd class="mono">{customer.company.domain.clone()}</dd>
                    <dt>"Company name"</dt><dd>{customer.company.company_name.clone()}</dd>
                    <dt>"Organisation registration id"</dt><dd>{org_id}</dd>
                    <dt>"Qualification"</dt><dd>{customer.qualification.label()}</dd>
                </dl>
            </section>
            <section class="card">
                <h2>"Billing profile"</h2>
                <dl class="props">
                    <dt>"Primary contact"</dt><dd>{format!("{} {}", customer.billing.first_name, customer.billing.last_name)}</dd>
                    <dt>"Email"</dt><dd>{customer.billing.email.clone()}</dd>
                    <dt>"Phone"</dt><dd>{phone}</dd>
                    <dt>"Culture / language"</dt><dd>{format!("{} / {}", customer.billing.culture, customer.billing.language)}</dd>
                    <dt>"Address"</dt>
                    <dd>{address_lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}</dd>
                </dl>
            </section>
            <section class="card">
                <h2>"Relationship"</h2>
                <dl class="props">
                    <dt>"Relationship to you"</dt>
                    <dd data-testid="relationship">{match customer.relationship_end {
                        Some(end) => view! {
                            <span class="badge badge-ended">"Ended"</span>
                            <span class="muted small">{format!(" on {} (was {})", format_timestamp(end.at), end.previous.label())}</span>
                        }.into_any(),
                        None => view! { <RelationshipBadge relationship=customer.relationship/> }.into_any(),
                    }}</dd>
                    <dt>"Added"</dt><dd>{format_timestamp(customer.created_at)}</dd>
                    <dt>"Last changed"</dt><dd>{format_timestamp(customer.updated_at)}</dd>
                </dl>
                <p>
                    <A href=href(&format!("/customers/{}/relationship", customer.id)) attr:class="button" attr:id="relationship-action">
                        {if customer.relationship_end.is_some() { "Reactivate relationship" } else { "End relationship" }}
                    </A>
                </p>
            </section>
            <section class="card">
                <h2>"Tags"</h2>
                <TagEditor id=customer.id tags=customer.tags.clone()/>
            </section>
            <section class="card" id="purchase-permissions">
                <h2>"Purchase permissions"</h2>
                <PurchasePermissionsEditor id=customer.id current=customer.purchase/>
            </section>
            {customer.attestation.clone().map(|m| view! {
                <section class="card">
                    <h2>"Microsoft Customer Agreement"</h2>
                    <dl class="props">
                        <dt>"Accepted by"</dt><dd>{format!("{} {}", m.first_name, m.last_name)}</dd>
                        <dt>"Email"</dt><dd>{m.email}</dd>
                        <dt>"Date of acceptance"</dt><dd>{m.accepted_on.to_string()}</dd>
                    </dl>
                </section>
            })}
        </div>
        <section class="card" id="subscriptions">
            <h2>"Subscriptions"</h2>
            <Subscriptions id=customer.id subscriptions=customer.subscriptions.clone()/>
        </section>
        <section class="card">
            <h2>"Activity"</h2>
            <ul class="activity">
                {activity.into_iter().map(|e| view! {
                    <li>
                        <time>{format_timestamp(e.at)}</time>
                        <span>{e.action.label()}</span>
                        <span class="muted">{e.detail}</span>
                        <span class="muted">{e.user}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
