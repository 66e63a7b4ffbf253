//! The customer list's index for this tab. Loaded when a page first asks for it: the first screen through
//! the store's index in the sort's order, the customer count, then every row in chunks, each chunk its own
//! short task (the page stays responsive and its count says it is still counting). From then on it follows
//! the change signals and re-reads only the customers that changed.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::changes::Changes;
use crate::domain::customer_index::{CustomerIndex, Sort};
use crate::store::idb::IdbStore;
use crate::store::{Store, StoreError};
use crate::usecases::{changed_rows, first_screen, list_chunk};

/// Rows read per chunk of the full read (one task each).
const CHUNK: u32 = 1_500;
/// Rows of the first screen.
const FIRST_SCREEN: u32 = 60;

/// How far the index got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loading {
    /// Nobody asked for it yet.
    NotStarted,
    /// Reading; the store holds `total` customers (once counted).
    Reading { total: Option<u32> },
    /// Every customer is in.
    Complete,
    /// Reading failed; what is in stays.
    Failed(StoreError),
}

/// The index and its progress, shared by the pages of this tab.
#[derive(Clone, Copy)]
pub struct CustomerList {
    index: StoredValue<Rc<RefCell<CustomerIndex>>, LocalStorage>,
    /// Bumped whenever rows change (pages re-run their query).
    pub version: RwSignal<u64>,
    pub loading: RwSignal<Loading>,
    store: StoredValue<Option<IdbStore>, LocalStorage>,
}

impl CustomerList {
    /// An index not loaded yet.
    pub fn new() -> CustomerList {
        CustomerList {
            index: StoredValue::new_local(Rc::new(RefCell::new(CustomerIndex::default()))),
            version: RwSignal::new(0),
            loading: RwSignal::new(Loading::NotStarted),
            store: StoredValue::new_local(None),
        }
    }

    /// Reads `f` of the index (tracking its version).
    pub fn with<T>(&self, f: impl FnOnce(&CustomerIndex) -> T) -> T {
        self.version.track();
        self.index.with_value(|i| f(&i.borrow()))
    }

    /// Reads `f` of the index without tracking.
    pub fn with_untracked<T>(&self, f: impl FnOnce(&CustomerIndex) -> T) -> T {
        self.index.with_value(|i| f(&i.borrow()))
    }

    /// Changes the index without telling the pages (for what they cannot see).
    fn with_untracked_mut(&self, f: impl FnOnce(&mut CustomerIndex)) {
        self.index.with_value(|i| f(&mut i.borrow_mut()));
    }

    fn update(&self, f: impl FnOnce(&mut CustomerIndex)) {
        self.with_untracked_mut(f);
        self.version.update(|v| *v += 1);
    }

    /// Keeps the index current from `changes`: the customers named are read again (or taken out).
    pub fn follow(&self, store: IdbStore, changes: Changes) {
        self.store.set_value(Some(store.clone()));
        let list = *self;
        Effect::new(move |_| {
            let change = changes.customers.get();
            if change.version == 0 || list.loading.get_untracked() == Loading::NotStarted {
                return;
            }
            let store = store.clone();
            spawn_local(async move {
                match change.ids {
                    Some(ids) => list.refresh(&store, &ids).await,
                    None => list.reload(&store).await,
                }
            });
        });
    }

    async fn refresh(&self, store: &IdbStore, ids: &[Uuid]) {
        let Ok(rows) = changed_rows(store, ids).await else { return };
        let found: HashSet<Uuid> = rows.iter().map(|r| r.id).collect();
        let gone: Vec<Uuid> = ids.iter().filter(|id| !found.contains(id)).copied().collect();
        let loading = self.loading.get_untracked() != Loading::Complete;
        self.update(|index| {
            index.remove(&gone);
            if loading {
                index.append(rows);
            } else {
                index.upsert(rows);
            }
        });
    }

    /// Starts reading the index in `sort`'s order, unless it has started already (then only sorts it).
    pub fn load(&self, sort: Sort) {
        if self.loading.get_untracked() != Loading::NotStarted {
            if self.with_untracked(|i| i.sort()) != sort {
                self.update(|index| index.set_sort(sort));
            }
            return;
        }
        let Some(store) = self.store.get_value() else { return };
        let list = *self;
        list.update(|index| *index = CustomerIndex::new(sort));
        list.loading.set(Loading::Reading { total: None });
        spawn_local(async move { list.read_all(&store, sort).await });
    }

    async fn reload(&self, store: &IdbStore) {
        let sort = self.with_untracked(|i| i.sort());
        self.update(|index| *index = CustomerIndex::new(sort));
        self.loading.set(Loading::Reading { total: None });
        self.read_all(store, sort).await;
    }

    async fn read_all(&self, store: &IdbStore, sort: Sort) {
        match first_screen(store, sort, FIRST_SCREEN).await {
            Ok(Some(rows)) => self.update(|index| index.upsert(rows)),
            Ok(None) => {}
            Err(e) => return self.loading.set(Loading::Failed(e)),
        }
        if let Ok(total) = store.customer_counts().await.map(|c| c.all) {
            self.with_untracked_mut(|index| index.reserve(total as usize));
            self.loading.set(Loading::Reading { total: Some(total) });
        }
        let mut after = None;
        loop {
            // A task of its own per chunk: the page paints and answers input in between.
            TimeoutFuture::new(0).await;
            let rows = match list_chunk(store, after, CHUNK).await {
                Ok(rows) => rows,
                Err(e) => return self.loading.set(Loading::Failed(e)),
            };
            let last = rows.last().map(|r| r.id);
            let done = (rows.len() as u32) < CHUNK;
            self.update(|index| index.append(rows));
            match (done, last) {
                (false, Some(last)) => after = Some(last),
                _ => break,
            }
        }
        TimeoutFuture::new(0).await;
        self.update(CustomerIndex::finish_loading);
        self.loading.set(Loading::Complete);
    }
}

impl Default for CustomerList {
    fn default() -> Self {
        CustomerList::new()
    }
}
