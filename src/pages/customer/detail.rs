//! `/customers/:id`: the customer's company profile, billing profile, relationship, tags and activity.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::provider_choice::ProviderChoice;
use super::purchase_permissions::PurchasePermissionsEditor;
use super::subscriptions::{NewSubscription, Subscriptions};
use super::tag_editor::TagEditor;
use super::{customer_page, Follow};
use crate::components::breakable::breakable;
use crate::components::relationship_badge::RelationshipBadge;
use crate::domain::activity::ActivityEntry;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::i18n::activity::{detail_in, user_in};
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, Customer as K, Form as F};
use crate::i18n::view::{say, t, tf};
use crate::platform::{self, country_name, format_date, format_timestamp, href, locale};
use crate::state::use_app;
use crate::store::{Store, StoreError};
use crate::sync::held::Reason;

/// The customer details page.
#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let just_added = move || query.with(|q| q.get("added").is_some());
    let just_saved = move || query.with(|q| q.get("saved").is_some());
    // A link to a part of the page ("Go to the subscriptions") lands there once the customer is drawn.
    let landed = StoredValue::new(false);
    // What the partner is typing lives as long as the page, not as one drawing of the customer.
    let typing = Typing { tag: RwSignal::new(String::new()), subscription: NewSubscription::new() };
    let load = move |id| {
        let store = app.store.clone();
        async move {
            let Some(customer) = store.customer(id).await? else { return Ok(None) };
            let activity = store.activity(Some(id)).await?;
            Ok::<_, StoreError>(Some((customer, activity)))
        }
    };
    let show = move |(customer, activity): (Customer, Vec<ActivityEntry>)| {
        if !landed.get_value() {
            landed.set_value(true);
            request_animation_frame(platform::scroll_to_fragment);
        }
        let admin = customer.admin_user_name();
        view! {
            <Show when=just_added>
                <AddedNotice admin=admin.clone()/>
            </Show>
            <Show when=just_saved>
                <p class="notice notice-success" role="status">{t(K::ChangesSaved)}</p>
            </Show>
            <Details customer activity typing/>
        }
    };
    customer_page(Follow::Changes, load, show)
}

/// Shown once, right after the wizard: what was created.
#[component]
fn AddedNotice(admin: String) -> impl IntoView {
    view! {
        <section class="notice notice-success" role="status">
            <h2>{t(K::Added)}</h2>
            <p>{t(K::AddedText1)}<strong class="mono">{admin}</strong>{t(K::AddedText2)}</p>
        </section>
    }
}

/// The inputs of the customer's page that are being typed into.
#[derive(Debug, Clone, Copy)]
struct Typing {
    tag: RwSignal<String>,
    subscription: NewSubscription,
}

#[component]
fn Details(customer: Customer, activity: Vec<ActivityEntry>, typing: Typing) -> impl IntoView {
    let a = customer.billing.default_address.clone();
    let address_lines: Vec<String> = [
        a.line1.clone(),
        a.line2.clone(),
        a.line3.clone(),
        format!("{} {} {}", a.postal_code, a.city, a.state).trim().to_string(),
    ]
    .into_iter()
    .filter(|l| !l.trim().is_empty())
    .collect();
    // The country's name follows the language shown.
    let country = (!a.country.trim().is_empty()).then(|| a.country.clone());
    let org_id = customer.company.organization_registration_number.clone().unwrap_or_else(|| "—".into());
    let phone = if a.phone_number.is_empty() { "—".to_string() } else { a.phone_number.clone() };
    let broken = CustomerDraft::rule_broken_by(&customer, platform::today())
        .map(|(field, error)| Reason::BreaksRule { field, error });
    view! {
        {broken.map(|reason| view! {
            <p class="notice notice-warning" role="alert" data-testid="rule-broken">
                {move || tf(K::BreaksRule, &[&say(&reason)])}
            </p>
        })}
        {customer.relationship_end.map(|end| view! {
            <div class="notice notice-warning ended-banner" role="status" data-testid="ended-banner">
                <p>{move || tf(K::EndedBanner, &[&format_timestamp(end.at), &end.previous.label_in(locale::current())])}</p>
                <A href=href(&format!("/customers/{}/relationship", customer.id)) attr:class="button" attr:id="banner-reactivate">{t(K::ReactivateRelationship)}</A>
            </div>
        })}
        <div class="page-head">
            <div>
                <p class="eyebrow"><A href=href("/customers")>{t(C::NavCustomers)}</A></p>
                <h1>{customer.company.company_name.clone()}</h1>
                <p class="mono muted">{breakable(&customer.company.domain)}</p>
            </div>
            <div class="head-actions">
                <A href=href(&format!("/customers/{}/edit", customer.id)) attr:class="button" attr:id="edit">{t(K::EditAccountInfo)}</A>
            </div>
        </div>
        <div class="grid">
            <section class="card">
                <h2>{t(K::CompanyProfile)}</h2>
                <dl class="props">
                    <dt>{t(K::MicrosoftId)}</dt><dd class="mono small whole">{customer.id.to_string()}</dd>
                    <dt>{t(F::PrimaryDomain)}</dt><dd class="mono">{breakable(&customer.company.domain)}</dd>
                    <dt>{t(F::CompanyName)}</dt><dd>{customer.company.company_name.clone()}</dd>
                    <dt>{t(F::OrgId)}</dt><dd>{org_id}</dd>
                    <dt>{t(K::Qualification)}</dt><dd>{move || customer.qualification.label_in(locale::current())}</dd>
                </dl>
            </section>
            <section class="card">
                <h2>{t(K::BillingProfile)}</h2>
                {customer.billing_missing().then(|| view! {
                    <div class="notice notice-warning" data-testid="billing-missing">
                        <p>{t(K::BillingMissing)}</p>
                        <A href=href(&format!("/customers/{}/edit", customer.id)) attr:class="button" attr:id="complete-billing">{t(K::CompleteBilling)}</A>
                    </div>
                })}
                {(!customer.billing_missing()).then(|| view! { <dl class="props">
                    <dt>{t(F::PrimaryContact)}</dt><dd>{format!("{} {}", customer.billing.first_name, customer.billing.last_name)}</dd>
                    <dt>{t(F::EmailShort)}</dt><dd>{breakable(&customer.billing.email)}</dd>
                    <dt>{t(F::PhoneShort)}</dt><dd>{phone}</dd>
                    <dt>{t(F::CultureLanguage)}</dt><dd>{format!("{} / {}", customer.billing.culture, customer.billing.language)}</dd>
                    <dt>{t(F::Address)}</dt>
                    <dd>
                        {address_lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}
                        {country.map(|c| view! { <span class="line">{move || country_name(&c)}</span> })}
                    </dd>
                </dl> })}
            </section>
            <section class="card">
                <h2>{t(K::Relationship)}</h2>
                <dl class="props">
                    <dt>{t(K::RelationshipToYou)}</dt>
                    <dd data-testid="relationship">{match customer.relationship_end {
                        Some(end) => view! {
                            <span class="badge badge-ended">{t(K::Ended)}</span>
                            <span class="muted small">{move || tf(K::EndedOnWas, &[&format_timestamp(end.at), &end.previous.label_in(locale::current())])}</span>
                        }.into_any(),
                        None => view! { <RelationshipBadge relationship=customer.relationship/> }.into_any(),
                    }}</dd>
                    <dt>{t(K::AddedOn)}</dt><dd>{move || format_timestamp(customer.created_at)}</dd>
                    <dt>{t(K::LastChanged)}</dt><dd>{move || format_timestamp(customer.updated_at)}</dd>
                </dl>
                <ProviderChoice id=customer.id current=customer.associated_partner_id.clone()/>
                <p>
                    <A href=href(&format!("/customers/{}/relationship", customer.id)) attr:class="button" attr:id="relationship-action">
                        {if customer.relationship_end.is_some() { t(K::ReactivateRelationship) } else { t(K::EndRelationship) }}
                    </A>
                </p>
            </section>
            <section class="card">
                <h2>{t(F::Tags)}</h2>
                <TagEditor id=customer.id tags=customer.tags.clone() input=typing.tag/>
            </section>
            <section class="card" id="purchase-permissions">
                <h2>{t(K::PurchasePermissions)}</h2>
                <PurchasePermissionsEditor id=customer.id current=customer.purchase/>
            </section>
            {customer.attestation.clone().map(|m| view! {
                <section class="card">
                    <h2>{t(F::Mca)}</h2>
                    <dl class="props">
                        <dt>{t(F::AcceptedBy)}</dt><dd>{format!("{} {}", m.first_name, m.last_name)}</dd>
                        <dt>{t(F::EmailShort)}</dt><dd>{breakable(&m.email)}</dd>
                        <dt>{t(F::McaDate)}</dt><dd>{move || format_date(m.accepted_on)}</dd>
                    </dl>
                </section>
            })}
        </div>
        <section class="card" id="subscriptions">
            <h2>{t(F::StepSubscriptions)}</h2>
            <Subscriptions id=customer.id subscriptions=customer.subscriptions.clone() typing=typing.subscription
                ended=customer.relationship_end.is_some()/>
        </section>
        <RecentActivity activity/>
    }
}

/// The customer's latest activity entries.
#[component]
fn RecentActivity(activity: Vec<ActivityEntry>) -> impl IntoView {
    // An imported customer has none: the import is one entry of the log.
    let none = activity.is_empty().then(|| view! { <p class="muted" data-testid="no-activity">{t(K::NoActivity)}</p> });
    view! {
        <section class="card">
            <h2>{t(K::Activity)}</h2>
            {none}
            <ul class="activity">
                {activity.into_iter().map(|e| view! {
                    <li>
                        <time>{move || format_timestamp(e.at)}</time>
                        <span>{move || e.action.label_in(locale::current())}</span>
                        <span class="muted">{let e = e.clone(); move || detail_in(&e, locale::current())}</span>
                        <span class="muted">{let user = e.user.clone(); move || user_in(&user, locale::current())}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
