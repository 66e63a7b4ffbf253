//! `/`: the seed's task table ("Resources for working with your customers") as the start page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::platform::href;
use crate::state::use_app;
use crate::store::Store;

/// The start page: customer count and the four tasks of the customer-accounts page.
#[component]
pub fn Home() -> impl IntoView {
    let app = use_app();
    let count = LocalResource::new(move || {
        app.revision.track();
        let store = app.store.clone();
        async move { store.count_customers().await }
    });
    let count_text = move || match count.get() {
        None => "…".to_string(),
        Some(Ok(1)) => "1 customer".to_string(),
        Some(Ok(n)) => format!("{n} customers"),
        Some(Err(e)) => e.to_string(),
    };
    view! {
        <section class="hero">
            <h1>"Customer accounts"</h1>
            <p class="lead">
                "As a reseller partner you keep an account for each of your customers: it is your starting point for selling subscriptions, billing and support. Everything here works offline and stays on this device."
            </p>
            <div class="stats">
                <A href=href("/customers") attr:class="stat">
                    <span class="stat-value" data-testid="customer-count">{count_text}</span>
                    <span class="stat-label">"in your customer list"</span>
                </A>
            </div>
        </section>
        <section class="card">
            <h2>"What do you want to do?"</h2>
            <table class="tasks">
                <thead>
                    <tr><th scope="col">"Task"</th><th scope="col">"How"</th><th scope="col">"Applies to"</th></tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">"Get new customers"</th>
                        <td>
                            "Indirect resellers connect with indirect providers who refer customers to them; keep your business profile up to date. Answer your "
                            <A href=href("/referrals")>"referrals"</A>
                            " within 14 days; when you and a customer have agreed to work together, "
                            <A href=href("/customers/new")>"add the customer"</A>"."
                        </td>
                        <td>"CSP partners"</td>
                    </tr>
                    <tr>
                        <th scope="row">"Add existing customers"</th>
                        <td>
                            "Customers you transact with on other portals, such as Office 365, appear in your "
                            <A href=href("/customers")>"customer list"</A>
                            ". With other existing customers, establish a reseller relationship by emailing them an "
                            <A href=href("/customers/invite")>"invitation to connect"</A>"."
                        </td>
                        <td>"CSP partners"</td>
                    </tr>
                    <tr>
                        <th scope="row">"Manage all your customer information"</th>
                        <td>
                            <A href=href("/customers/new")>"Add"</A>" customers, or open one in the "
                            <A href=href("/customers")>"customer list"</A>" to see and manage its account and relationship."
                        </td>
                        <td>"CSP partners"</td>
                    </tr>
                    <tr>
                        <th scope="row">"Allow customers to buy their own services"</th>
                        <td>"Purchase permissions are set per customer: open the customer from the " <A href=href("/customers")>"customer list"</A>"."</td>
                        <td>"CSP partners"</td>
                    </tr>
                </tbody>
            </table>
            <p class="applies-to">
                "Applies to Partner Center, Partner Center for Microsoft Cloud for US Government and Partner Center for Microsoft Cloud Germany."
            </p>
        </section>
    }
}
