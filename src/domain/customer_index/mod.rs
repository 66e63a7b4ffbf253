//! The customer list's index: one compact row per customer with its search text and sort key prepared
//! once, kept in the order of the chosen sort, updated row by row as customers change. A query walks that
//! order once — prefix matches first, then substring matches, each in sort order — so a keystroke over
//! 100,000 customers neither sorts nor copies rows; after a few customers changed, the result on screen is
//! brought up to date from them alone (`hits.rs`). The tags in use and the ended relationships are counted
//! as rows come and go.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::customer::Relationship;
use super::list_row::ListRow;
use super::sort_key::sort_key;
use super::timestamp::Timestamp;
use byte_set::ByteSet;

mod byte_set;
mod hits;
mod pattern;

pub use hits::Hits;

/// The columns the list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortColumn {
    #[default]
    Name,
    Domain,
    Relationship,
    Added,
    Changed,
}

impl SortColumn {
    /// Every column that sorts.
    pub const ALL: [SortColumn; 5] =
        [SortColumn::Name, SortColumn::Domain, SortColumn::Relationship, SortColumn::Added, SortColumn::Changed];

    /// Its name in URLs (`?sort=name`, `?sort=-changed`).
    pub fn key(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Domain => "domain",
            SortColumn::Relationship => "relationship",
            SortColumn::Added => "added",
            SortColumn::Changed => "changed",
        }
    }
}

/// A sort: a column and a direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

impl Sort {
    /// As the URL says it: the column's key, `-` first when descending.
    pub fn to_param(self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.column.key())
    }

    /// From the URL; the default sort for anything else.
    pub fn from_param(param: &str) -> Sort {
        let (descending, key) = match param.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, param),
        };
        match SortColumn::ALL.into_iter().find(|c| c.key() == key) {
            Some(column) => Sort { column, descending },
            None => Sort::default(),
        }
    }

    /// The sort a click on `column`'s header asks for: the other direction of this column, or a new column
    /// ascending (newest first for dates).
    pub fn toggled(self, column: SortColumn) -> Sort {
        if self.column == column {
            Sort { column, descending: !self.descending }
        } else {
            Sort { column, descending: matches!(column, SortColumn::Added | SortColumn::Changed) }
        }
    }
}

/// One customer, compact (100,000 of them are held per tab): its texts in one allocation, the rest in small
/// fields.
#[derive(Debug, Clone)]
struct Entry {
    /// What search reads — the company name and the domain in lower case, separated by a line break — then
    /// the name and the domain as written (each left out when it is the same in lower case), then the
    /// company name's sort key.
    text: Box<str>,
    /// Where the lower-case domain starts in `text`, and where the search text, the name as written and the
    /// domain as written end.
    at: [u32; 4],
    /// The bytes of the search text.
    bytes: ByteSet,
    id: Uuid,
    relationship: Relationship,
    ended: bool,
    billing_missing: bool,
    tags: Box<[String]>,
    provider: Option<Box<str>>,
    added: Timestamp,
    changed: Timestamp,
}

impl Entry {
    fn new(row: ListRow) -> Entry {
        let (name, domain) = (row.name.to_lowercase(), row.domain.to_lowercase());
        let as_written = |written: &str, lower: &str| if written == lower { 0 } else { written.len() };
        let (name_len, domain_len) = (as_written(&row.name, &name), as_written(&row.domain, &domain));
        let key = sort_key(&row.name);
        let mut text = String::with_capacity(name.len() + domain.len() + 1 + name_len + domain_len + key.len());
        for part in [&name, "\n", &domain, &row.name[..name_len], &row.domain[..domain_len], &key] {
            text.push_str(part);
        }
        let domain_at = name.len() + 1;
        let hay_end = domain_at + domain.len();
        let at = [domain_at, hay_end, hay_end + name_len, hay_end + name_len + domain_len].map(|i| i as u32);
        Entry {
            bytes: ByteSet::of(&text.as_bytes()[..hay_end]),
            text: text.into_boxed_str(),
            at,
            id: row.id,
            relationship: row.relationship,
            ended: row.ended,
            billing_missing: row.billing_missing,
            tags: row.tags.into_boxed_slice(),
            provider: row.provider.map(String::into_boxed_str),
            added: row.added,
            changed: row.changed,
        }
    }

    /// The lower-case name, a line break and the lower-case domain, as bytes (search compares bytes; a
    /// `str` slice would check char boundaries on every row of every keystroke).
    fn hay(&self) -> &[u8] {
        &self.text.as_bytes()[..self.at[1] as usize]
    }

    fn name(&self) -> &str {
        let [domain_at, hay_end, name_end, _] = self.at.map(|i| i as usize);
        if name_end > hay_end {
            &self.text[hay_end..name_end]
        } else {
            &self.text[..domain_at - 1]
        }
    }

    fn domain(&self) -> &str {
        let [domain_at, hay_end, name_end, domain_end] = self.at.map(|i| i as usize);
        if domain_end > name_end {
            &self.text[name_end..domain_end]
        } else {
            &self.text[domain_at..hay_end]
        }
    }

    fn key(&self) -> &str {
        &self.text[self.at[3] as usize..]
    }

    fn row(&self) -> ListRow {
        ListRow {
            id: self.id,
            name: self.name().to_string(),
            domain: self.domain().to_string(),
            relationship: self.relationship,
            tags: self.tags.to_vec(),
            provider: self.provider.as_deref().map(str::to_string),
            ended: self.ended,
            billing_missing: self.billing_missing,
            added: self.added,
            changed: self.changed,
        }
    }
}

/// Every customer of the list, in the order of one sort.
#[derive(Debug, Clone, Default)]
pub struct CustomerIndex {
    entries: Vec<Entry>,
    by_id: HashMap<Uuid, usize>,
    /// Positions in `entries`, in sort order.
    order: Vec<u32>,
    sort: Sort,
    tally: Tally,
    /// Counts every change.
    revision: u64,
    /// The places of the rows replaced or added one by one since revision `.0` (the rest of the order
    /// unchanged): a query's result from then on is brought up to date from these alone.
    touched: (u64, Vec<u32>),
}

/// How many rows changed one by one are followed before a query walks every row again.
const TOUCHED_MAX: usize = 256;

/// Counts kept as rows come and go, so a change of one customer does not walk every row again.
#[derive(Debug, Clone, Default)]
struct Tally {
    /// Rows whose relationship has ended.
    ended: usize,
    /// Every tag in use, by its lower case: as first written, and on how many rows.
    tags: HashMap<String, (String, usize)>,
}

impl Tally {
    fn add(&mut self, entry: &Entry) {
        self.ended += usize::from(entry.ended);
        for tag in entry.tags.iter() {
            self.tags.entry(tag.to_lowercase()).or_insert_with(|| (tag.clone(), 0)).1 += 1;
        }
    }

    fn take(&mut self, entry: &Entry) {
        self.ended -= usize::from(entry.ended);
        for tag in entry.tags.iter() {
            let key = tag.to_lowercase();
            if let Some((_, count)) = self.tags.get_mut(&key) {
                *count -= 1;
                if *count == 0 {
                    self.tags.remove(&key);
                }
            }
        }
    }
}

impl CustomerIndex {
    /// An empty index kept in `sort`'s order.
    pub fn new(sort: Sort) -> CustomerIndex {
        CustomerIndex { sort, ..CustomerIndex::default() }
    }

    /// Makes room for `total` customers at once (the list is read in chunks: growing step by step would
    /// copy the rows several times and leave the memory of every step behind).
    pub fn reserve(&mut self, total: usize) {
        let more = total.saturating_sub(self.entries.len());
        self.entries.reserve_exact(more);
        self.by_id.reserve(more);
        self.order.reserve_exact(more);
    }

    /// How many customers it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many customers have an ended relationship.
    pub fn ended(&self) -> usize {
        self.tally.ended
    }

    /// The sort its order follows.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The row at `place` (as a query returned it).
    pub fn row(&self, place: u32) -> ListRow {
        self.entries[place as usize].row()
    }

    /// The customer at `place` (as a query returned it).
    pub fn id(&self, place: u32) -> Uuid {
        self.entries[place as usize].id
    }

    /// The row of customer `id`, if listed.
    pub fn get(&self, id: Uuid) -> Option<ListRow> {
        self.by_id.get(&id).map(|i| self.entries[*i].row())
    }

    fn compare(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let (x, y) = (&self.entries[a as usize], &self.entries[b as usize]);
        let by_name = || x.key().cmp(y.key()).then_with(|| x.name().cmp(y.name()));
        let primary = match self.sort.column {
            SortColumn::Name => by_name(),
            SortColumn::Domain => x.domain().cmp(y.domain()),
            SortColumn::Relationship => relationship_rank(x.relationship).cmp(&relationship_rank(y.relationship)),
            SortColumn::Added => x.added.cmp(&y.added),
            SortColumn::Changed => x.changed.cmp(&y.changed),
        };
        let primary = if self.sort.descending { primary.reverse() } else { primary };
        primary.then_with(by_name).then_with(|| x.id.cmp(&y.id))
    }

    /// Puts the index in `sort`'s order.
    pub fn set_sort(&mut self, sort: Sort) {
        if sort != self.sort {
            self.sort = sort;
            self.resort();
        }
    }

    fn resort(&mut self) {
        let mut order = std::mem::take(&mut self.order);
        order.sort_unstable_by(|a, b| self.compare(*a, *b));
        self.order = order;
        self.everything_changed();
    }

    /// Adds or replaces rows. A few are placed one by one by binary search; many at once are merged in.
    pub fn upsert(&mut self, rows: impl IntoIterator<Item = ListRow>) {
        let rows: Vec<ListRow> = rows.into_iter().collect();
        if rows.len() > 64 {
            return self.merge(rows);
        }
        for row in rows {
            if let Some(i) = self.by_id.get(&row.id).copied() {
                self.unplace(i as u32);
            }
            let (i, _) = self.put(row);
            self.place(i);
            self.touched.1.push(i);
        }
        if self.touched.1.len() > TOUCHED_MAX {
            self.resort();
        } else {
            self.revision += 1;
        }
    }

    /// Many rows at once: they leave the order in one walk, are sorted among themselves and merged back in —
    /// no sort of the whole order (a tag added to 100,000 customers arrives 250 at a time, and sorting all of
    /// them again after each step took ~0.2 s).
    fn merge(&mut self, rows: Vec<ListRow>) {
        let moving: HashSet<u32> = rows.into_iter().map(|row| self.put(row).0).collect();
        self.order.retain(|p| !moving.contains(p));
        let mut placed: Vec<u32> = moving.into_iter().collect();
        placed.sort_unstable_by(|a, b| self.compare(*a, *b));
        let mut order = Vec::with_capacity(self.order.len() + placed.len());
        let mut rest = &self.order[..];
        for p in placed {
            let at = rest.partition_point(|q| self.compare(*q, p).is_lt());
            order.extend_from_slice(&rest[..at]);
            order.push(p);
            rest = &rest[at..];
        }
        order.extend_from_slice(rest);
        self.order = order;
        self.everything_changed();
    }

    /// Tells queries that their results must be made again from every row.
    fn everything_changed(&mut self) {
        self.revision += 1;
        self.touched = (self.revision, Vec::new());
    }

    /// Stores `row` in the place of the customer's entry, or at the end for a new customer (the order is
    /// left to the caller); returns the place and whether it is new.
    fn put(&mut self, row: ListRow) -> (u32, bool) {
        let entry = Entry::new(row);
        self.tally.add(&entry);
        match self.by_id.get(&entry.id).copied() {
            Some(i) => {
                let old = std::mem::replace(&mut self.entries[i], entry);
                self.tally.take(&old);
                (i as u32, false)
            }
            None => {
                let i = self.entries.len();
                self.by_id.insert(entry.id, i);
                self.entries.push(entry);
                (i as u32, true)
            }
        }
    }

    /// Adds or replaces rows while the index is being read: replaced rows keep their place, new ones go to
    /// the end, unsorted, until [`CustomerIndex::finish_loading`] (so the first screen, read in sort order
    /// before the rest, stays where it is).
    pub fn append(&mut self, rows: impl IntoIterator<Item = ListRow>) {
        for row in rows {
            if let (i, true) = self.put(row) {
                self.order.push(i);
            }
        }
        self.everything_changed();
    }

    /// Puts every row read by [`CustomerIndex::append`] in its place.
    pub fn finish_loading(&mut self) {
        self.resort();
    }

    /// Takes customers out of the list, in one walk over the rows however many go (a bulk change of 100,000
    /// customers took them out one by one, each a search of the whole order).
    pub fn remove(&mut self, ids: &[Uuid]) {
        let gone: HashSet<usize> = ids.iter().filter_map(|id| self.by_id.remove(id)).collect();
        if gone.is_empty() {
            return;
        }
        // The rows kept move up over the gaps, in the same order; `moved_to` renames their places.
        let mut moved_to = vec![u32::MAX; self.entries.len()];
        let mut kept = Vec::with_capacity(self.entries.len() - gone.len());
        for (i, entry) in std::mem::take(&mut self.entries).into_iter().enumerate() {
            if gone.contains(&i) {
                self.tally.take(&entry);
                continue;
            }
            if kept.len() != i {
                self.by_id.insert(entry.id, kept.len());
            }
            moved_to[i] = kept.len() as u32;
            kept.push(entry);
        }
        self.entries = kept;
        self.order = self.order.iter().map(|p| moved_to[*p as usize]).filter(|p| *p != u32::MAX).collect();
        self.everything_changed();
    }

    fn place(&mut self, i: u32) {
        let at = self.order.partition_point(|p| self.compare(*p, i).is_lt());
        self.order.insert(at, i);
    }

    fn unplace(&mut self, i: u32) {
        if let Some(at) = self.order.iter().position(|p| *p == i) {
            self.order.remove(at);
        }
    }

    /// Every tag in use, once each (case-insensitively), sorted as people read.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self.tally.tags.values().map(|(written, _)| written.clone()).collect();
        tags.sort_by_cached_key(|t| (sort_key(t), t.clone()));
        tags
    }
}

/// The order relationships sort in: as filters list them, none last.
fn relationship_rank(r: Relationship) -> usize {
    Relationship::ALL.iter().position(|x| *x == r).unwrap_or(Relationship::ALL.len())
}

#[cfg(test)]
mod tests;
