//! The window title's page names: which page an app path shows.

use super::texts::Common as C;

/// The page name of an app path, as `app.rs`'s routes name their pages, for the window title (`None`: the home page).
pub fn page_title(path: &str) -> Option<C> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    Some(match parts.as_slice() {
        [] => return None,
        ["customers"] => C::NavCustomers,
        ["customers", "new"] => C::NavAddCustomer,
        ["customers", "invite"] => C::PageInvite,
        ["customers", "import"] => C::PageImport,
        ["customers", _] => C::PageCustomer,
        ["customers", _, "edit"] => C::PageEditCustomer,
        ["customers", _, "relationship"] => C::PageRelationship,
        ["referrals"] => C::NavReferrals,
        ["providers"] => C::NavProviders,
        ["profile"] => C::NavProfile,
        ["activity"] => C::NavActivity,
        ["settings"] => C::NavSettings,
        ["sync"] => C::NavSync,
        _ => C::NotFoundTitle,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_names_its_page_in_the_window_title() {
        assert_eq!(page_title("/"), None);
        assert_eq!(page_title("/customers"), Some(C::NavCustomers));
        assert_eq!(page_title("/customers/import"), Some(C::PageImport));
        assert_eq!(page_title("/customers/3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Some(C::PageCustomer));
        assert_eq!(page_title("/customers/3f2504e0-4f89-11d3-9a0c-0305e82c3301/edit"), Some(C::PageEditCustomer));
        assert_eq!(page_title("/sync/"), Some(C::NavSync));
        assert_eq!(page_title("/nowhere"), Some(C::NotFoundTitle));
    }
}
