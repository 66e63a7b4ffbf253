//! Pages fetched when first opened: each page is a split point, and the code of a group of pages (what no
//! page of the first load uses) a chunk that `scripts/build_wasm.py` cuts out. The first load holds the
//! shell, Home and the customer list; the service worker stores every chunk, so all pages open offline after
//! a first visit.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use super::activity::ActivityPage;
use super::customer::{detail::CustomerDetailPage, edit::EditCustomerPage, relationship::CustomerRelationshipPage};
use super::customer_import::ImportCustomersPage;
use super::customer_invite::InviteCustomerPage;
use super::customer_new::NewCustomerPage;
use super::profile::BusinessProfilePage;
use super::providers::ProvidersPage;
use super::referrals::ReferralsPage;
use super::settings::SettingsPage;
use super::sync::SyncPage;
use crate::platform::chunk::ChunkFailed;

/// Makes a page's view (a function of the page's chunk, called once the chunk is there).
pub type MakePage = fn() -> AnyView;

/// Pages as split points, grouped into chunks (`chunk: name => Page`): `async fn name() -> Result<MakePage,
/// ChunkFailed>` fetches the page's chunk first. Pages of one chunk share most of their code (a chunk per
/// page made ~170 small chunks of the code two or three pages share, and the app ~25 % larger in all).
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $chunk:ident: $name:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Result<MakePage, ChunkFailed> {
            Ok(|| view! { <$page/> }.into_any())
        }
    )*};
}

lazy_pages! {
    /// `/customers/new`.
    customer: new_customer => NewCustomerPage;
    /// `/customers/invite`.
    customer: invite_customer => InviteCustomerPage;
    /// `/customers/import`.
    files: import_customers => ImportCustomersPage;
    /// `/customers/:id`.
    customer: customer_detail => CustomerDetailPage;
    /// `/customers/:id/edit`.
    customer: edit_customer => EditCustomerPage;
    /// `/customers/:id/relationship`.
    customer: customer_relationship => CustomerRelationshipPage;
    /// `/referrals`.
    partner: referrals => ReferralsPage;
    /// `/providers`.
    partner: providers => ProvidersPage;
    /// `/profile`.
    partner: business_profile => BusinessProfilePage;
    /// `/activity`.
    files: activity => ActivityPage;
    /// `/settings`.
    files: settings => SettingsPage;
    /// `/sync`.
    sync: sync => SyncPage;
}
