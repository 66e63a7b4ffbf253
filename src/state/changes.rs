//! What changed in the data, as signals: one per area, the customers by id, so that each view re-reads only
//! what it shows. The store reports what each write changed, other tabs report theirs over the broadcast
//! channel, and sync what it pulled; nothing says "re-read everything" unless everything may have changed.

use leptos::prelude::*;
use uuid::Uuid;

use crate::store::change::{Change, CustomerChange};

/// One signal per area; views track those they read.
#[derive(Debug, Clone, Copy)]
pub struct Changes {
    pub customers: RwSignal<CustomerChange>,
    pub requests: RwSignal<u64>,
    pub referrals: RwSignal<u64>,
    pub providers: RwSignal<u64>,
    pub profiles: RwSignal<u64>,
    pub activity: RwSignal<u64>,
}

impl Changes {
    /// Nothing changed yet.
    pub fn new() -> Changes {
        Changes {
            customers: RwSignal::new(CustomerChange::default()),
            requests: RwSignal::new(0),
            referrals: RwSignal::new(0),
            providers: RwSignal::new(0),
            profiles: RwSignal::new(0),
            activity: RwSignal::new(0),
        }
    }

    /// Tells the views of this tab.
    pub fn note(&self, change: &Change) {
        let bump = |s: RwSignal<u64>| s.update(|v| *v += 1);
        let customers = |ids: Option<Vec<Uuid>>| {
            self.customers.update(|c| {
                c.version += 1;
                c.ids = ids;
            })
        };
        match change {
            Change::Customers(ids) => {
                customers(Some(ids.clone()));
                // A customer's changes write activity entries too.
                bump(self.activity);
            }
            Change::Requests => bump(self.requests),
            Change::Referrals => bump(self.referrals),
            Change::Providers => bump(self.providers),
            Change::Profiles => bump(self.profiles),
            Change::Activity => bump(self.activity),
            Change::Everything => {
                customers(None);
                for s in [self.requests, self.referrals, self.providers, self.profiles, self.activity] {
                    bump(s);
                }
            }
            // Sync counts these (`SyncHandle::count_queued`); no view shows the outbox itself.
            Change::Queued(_) => {}
        }
    }

    /// A value that changes only when customer `id` did (for a page showing one customer).
    pub fn customer(&self, id: impl Fn() -> Option<Uuid> + Send + Sync + 'static) -> Memo<u64> {
        let customers = self.customers;
        Memo::new(move |seen: Option<&u64>| {
            let change = customers.get();
            match (seen, id()) {
                (Some(seen), Some(id)) if !change.concerns(id) => *seen,
                _ => change.version,
            }
        })
    }
}

impl Default for Changes {
    fn default() -> Self {
        Changes::new()
    }
}
