//! Pages fetched when first opened: each page is a split point, and the code of every page that no page of
//! the first load uses is one chunk, `pages`, that `scripts/build_wasm.py` cuts out. The first load holds the
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

/// Pages as split points of the one chunk `pages` (`name => Page`): `async fn name() -> Result<MakePage,
/// ChunkFailed>` fetches the chunk first. One chunk for all of them, because every boundary between chunks
/// costs: code that two groups of pages share went into shared chunks of its own, called through the
/// function table and each fetched and instantiated apart — four groups made 43 chunk files, the whole app
/// 100 KiB larger (brotli) and a page opened from the cache 25–110 ms slower at 1× CPU (docs/PERFORMANCE.md).
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $name:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        #[wasm_split(pages, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Result<MakePage, ChunkFailed> {
            Ok(|| view! { <$page/> }.into_any())
        }
    )*};
}

lazy_pages! {
    /// `/customers/new`.
    new_customer => NewCustomerPage;
    /// `/customers/invite`.
    invite_customer => InviteCustomerPage;
    /// `/customers/import`.
    import_customers => ImportCustomersPage;
    /// `/customers/:id`.
    customer_detail => CustomerDetailPage;
    /// `/customers/:id/edit`.
    edit_customer => EditCustomerPage;
    /// `/customers/:id/relationship`.
    customer_relationship => CustomerRelationshipPage;
    /// `/referrals`.
    referrals => ReferralsPage;
    /// `/providers`.
    providers => ProvidersPage;
    /// `/profile`.
    business_profile => BusinessProfilePage;
    /// `/activity`.
    activity => ActivityPage;
    /// `/settings`.
    settings => SettingsPage;
    /// `/sync`.
    sync => SyncPage;
}
