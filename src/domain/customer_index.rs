//! The customer list's index: one compact row per customer with its search text and sort key prepared
//! once, kept in the order of the chosen sort, updated row by row as customers change. A query walks that
//! order once — prefix matches first, then substring matches, each in sort order — so a keystroke over
//! 100,000 customers neither sorts nor copies rows.

use std::collections::HashMap;

use uuid::Uuid;

use super::customer::Relationship;
use super::list_row::ListRow;
use super::search::{CustomerQuery, Needle};
use super::sort_key::sort_key;
use super::timestamp::Timestamp;

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

    /// The lower-case name, a line break and the lower-case domain.
    fn hay(&self) -> &str {
        &self.text[..self.at[1] as usize]
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

/// How a row matches the search text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    Prefix,
    Substring,
}

/// The search text made ready once per query: substring finders built once, not once per row.
struct Search<'a> {
    needle: &'a Needle,
    /// A search text with a line break matches no single field.
    multiline: bool,
    text: memchr::memmem::Finder<'a>,
    id: Option<memchr::memmem::Finder<'a>>,
}

impl<'a> Search<'a> {
    fn new(needle: &'a Needle) -> Search<'a> {
        Search {
            needle,
            multiline: needle.text.contains('\n'),
            text: memchr::memmem::Finder::new(needle.text.as_bytes()),
            id: needle.id.as_deref().map(|id| memchr::memmem::Finder::new(id.as_bytes())),
        }
    }

    /// Whether `entry` matches at the start of its name, domain or ID, somewhere inside one, or not at all.
    fn rank(&self, entry: &Entry) -> Option<Rank> {
        let text = self.needle.text.as_bytes();
        if text.is_empty() {
            return Some(Rank::Prefix);
        }
        let hay = entry.hay().as_bytes();
        if hay.starts_with(text) || hay[entry.at[0] as usize..].starts_with(text) {
            return Some(Rank::Prefix);
        }
        // The ID's bare hex digits, written out only when the search text could be part of an ID.
        let mut buffer = [0u8; 32];
        let id = match (&self.id, &self.needle.id) {
            (Some(finder), Some(needle)) => {
                let id = entry.id.simple().encode_lower(&mut buffer).as_bytes();
                if id.starts_with(needle.as_bytes()) {
                    return Some(Rank::Prefix);
                }
                finder.find(id).is_some()
            }
            _ => false,
        };
        // Name and domain in one pass (the search text holds no line break, so it cannot span the two).
        let in_text = !self.multiline && self.text.find(hay).is_some();
        (in_text || id).then_some(Rank::Substring)
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
}

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

/// The result of a query: rows (by their place in the index) in the order they are shown.
pub type Hits = Vec<u32>;

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
    }

    /// Adds or replaces rows. A few are placed by binary search; many at once re-sort the whole order.
    pub fn upsert(&mut self, rows: impl IntoIterator<Item = ListRow>) {
        let rows: Vec<ListRow> = rows.into_iter().collect();
        let many = rows.len() > 64;
        for row in rows {
            let listed = self.by_id.get(&row.id).copied();
            if let (Some(i), false) = (listed, many) {
                self.unplace(i as u32);
            }
            let (i, new) = self.put(row);
            match (many, new) {
                (true, true) => self.order.push(i),
                (true, false) => {}
                (false, _) => self.place(i),
            }
        }
        if many {
            self.resort();
        }
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
    }

    /// Puts every row read by [`CustomerIndex::append`] in its place.
    pub fn finish_loading(&mut self) {
        self.resort();
    }

    /// Takes customers out of the list.
    pub fn remove(&mut self, ids: &[Uuid]) {
        for id in ids {
            let Some(i) = self.by_id.remove(id) else { continue };
            self.unplace(i as u32);
            let last = self.entries.len() - 1;
            if i != last {
                // The last entry moves into the freed place: its place in the order is renamed.
                let moved = self.entries[last].id;
                self.entries.swap(i, last);
                self.by_id.insert(moved, i);
                if let Some(p) = self.order.iter_mut().find(|p| **p == last as u32) {
                    *p = i as u32;
                }
            }
            if let Some(entry) = self.entries.pop() {
                self.tally.take(&entry);
            }
        }
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

    /// The rows matching `query`, in the order they are shown: prefix matches of the search text first, then
    /// substring matches, each in sort order.
    pub fn query(&self, query: &CustomerQuery) -> Hits {
        let needle = Needle::new(&query.text);
        let search = Search::new(&needle);
        let tag = query.tag.as_ref().map(|t| t.to_lowercase());
        let (mut prefix, mut substring) = (Vec::new(), Vec::new());
        for &place in &self.order {
            let entry = &self.entries[place as usize];
            if (!query.show_ended && entry.ended)
                || (query.billing_missing && !entry.billing_missing)
                || query.relationship.is_some_and(|r| r != entry.relationship)
                || query.provider.as_ref().is_some_and(|p| !p.admits(entry.provider.as_deref()))
                || tag.as_ref().is_some_and(|t| !entry.tags.iter().any(|x| x.to_lowercase() == *t))
            {
                continue;
            }
            match search.rank(entry) {
                Some(Rank::Prefix) => prefix.push(place),
                Some(Rank::Substring) => substring.push(place),
                None => {}
            }
        }
        prefix.extend(substring);
        prefix
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
mod tests {
    use super::*;
    use crate::domain::search::ProviderFilter;
    use crate::domain::timestamp::Timestamp;

    fn row(n: u128, name: &str, domain: &str) -> ListRow {
        ListRow {
            id: Uuid::from_u128(n),
            name: name.into(),
            domain: format!("{domain}.onmicrosoft.com"),
            relationship: Relationship::Reseller,
            tags: vec![],
            provider: None,
            ended: false,
            billing_missing: false,
            added: Timestamp(n as i64),
            changed: Timestamp(1000 - n as i64),
        }
    }

    fn names(index: &CustomerIndex, hits: &Hits) -> Vec<String> {
        hits.iter().map(|p| index.row(*p).name.clone()).collect()
    }

    fn sample() -> CustomerIndex {
        let mut index = CustomerIndex::new(Sort::default());
        index.upsert([
            row(1, "Kunde 10", "k10"),
            row(2, "Kunde 2", "k2"),
            row(3, "Müller Bau", "mueller"),
            row(4, "Contoso Handels GmbH", "contoso"),
            row(5, "Fabrikam Contoso Partner", "fabrikam"),
            row(6, "Zander", "zander"),
        ]);
        index
    }

    #[test]
    fn names_sort_naturally_and_every_column_both_ways() {
        let mut index = sample();
        let all = index.query(&CustomerQuery::default());
        assert_eq!(
            names(&index, &all),
            ["Contoso Handels GmbH", "Fabrikam Contoso Partner", "Kunde 2", "Kunde 10", "Müller Bau", "Zander"]
        );
        index.set_sort(Sort { column: SortColumn::Name, descending: true });
        assert_eq!(names(&index, &index.query(&CustomerQuery::default()))[0], "Zander");
        index.set_sort(Sort::from_param("-added"));
        assert_eq!(names(&index, &index.query(&CustomerQuery::default()))[0], "Zander");
        index.set_sort(Sort::from_param("changed"));
        assert_eq!(names(&index, &index.query(&CustomerQuery::default()))[0], "Zander");
        index.set_sort(Sort::from_param("domain"));
        assert_eq!(names(&index, &index.query(&CustomerQuery::default()))[0], "Contoso Handels GmbH");
        assert_eq!(Sort::from_param("-changed").to_param(), "-changed");
        assert_eq!(Sort::from_param("nonsense"), Sort::default());
        assert_eq!(Sort::default().toggled(SortColumn::Name), Sort::from_param("-name"));
        assert_eq!(Sort::default().toggled(SortColumn::Changed), Sort::from_param("-changed"));
    }

    #[test]
    fn prefix_matches_come_first_then_substrings_each_in_sort_order() {
        let index = sample();
        let q = CustomerQuery { text: "CONTOSO".into(), ..Default::default() };
        assert_eq!(names(&index, &index.query(&q)), ["Contoso Handels GmbH", "Fabrikam Contoso Partner"]);
        let by_domain = CustomerQuery { text: "ander.onmicro".into(), ..Default::default() };
        assert_eq!(names(&index, &index.query(&by_domain)), ["Zander"]);
        let umlaut = CustomerQuery { text: "MÜLLER".into(), ..Default::default() };
        assert_eq!(names(&index, &index.query(&umlaut)), ["Müller Bau"]);
    }

    #[test]
    fn names_and_domains_are_kept_as_written_and_found_in_any_case() {
        let mut index = CustomerIndex::new(Sort::default());
        index.upsert([ListRow { domain: "NordWind.onmicrosoft.com".into(), ..row(1, "ÄRGER Straße AG", "x") }]);
        for text in ["ärger", "straße ag", "nordwind.ONMICROSOFT", "wind.on"] {
            let hits = index.query(&CustomerQuery { text: text.into(), ..Default::default() });
            assert_eq!(hits.len(), 1, "{text}");
        }
        let shown = index.row(0);
        assert_eq!((shown.name.as_str(), shown.domain.as_str()), ("ÄRGER Straße AG", "NordWind.onmicrosoft.com"));
        let across = CustomerQuery { text: "ag nordwind".into(), ..Default::default() };
        assert!(index.query(&across).is_empty(), "a search text never spans the name and the domain");
    }

    #[test]
    fn a_microsoft_id_is_found_with_braces_in_upper_case_or_without_dashes() {
        let mut index = sample();
        let id = Uuid::parse_str("6f1c0e7a-3d4e-4a61-9b1f-2f0c8d1e5a77").unwrap();
        index.upsert([ListRow { id, ..row(9, "Tailspin Toys", "tailspin") }]);
        for text in [
            "6f1c0e7a-3d4e-4a61-9b1f-2f0c8d1e5a77",
            "{6F1C0E7A-3D4E-4A61-9B1F-2F0C8D1E5A77}",
            "6f1c0e7a3d4e4a619b1f2f0c8d1e5a77",
            " 6F1C0E7A ",
            "9b1f-2f0c",
        ] {
            let q = CustomerQuery { text: text.into(), ..Default::default() };
            assert_eq!(names(&index, &index.query(&q)), ["Tailspin Toys"], "{text}");
        }
    }

    #[test]
    fn filters_narrow_and_changes_keep_the_order() {
        let mut index = sample();
        let mut ended = row(2, "Kunde 2", "k2");
        ended.ended = true;
        ended.tags = vec!["VIP".into()];
        index.upsert([ended]);
        assert_eq!(index.query(&CustomerQuery::default()).len(), 5, "ended relationships are hidden");
        let q = CustomerQuery { show_ended: true, tag: Some("vip".into()), ..Default::default() };
        assert_eq!(names(&index, &index.query(&q)), ["Kunde 2"]);
        let mut shared = row(6, "Zander", "zander");
        shared.provider = Some("6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d".into());
        index.upsert([shared, row(7, "Aardvark AG", "aardvark")]);
        let q = CustomerQuery {
            provider: ProviderFilter::from_value("6A1B2C3D-4E5F-4A7B-8C9D-0E1F2A3B4C5D"),
            ..Default::default()
        };
        assert_eq!(names(&index, &index.query(&q)), ["Zander"]);
        assert_eq!(names(&index, &index.query(&CustomerQuery::default()))[0], "Aardvark AG");
        index.remove(&[Uuid::from_u128(7), Uuid::from_u128(1)]);
        assert_eq!(
            names(&index, &index.query(&CustomerQuery::default())),
            ["Contoso Handels GmbH", "Fabrikam Contoso Partner", "Müller Bau", "Zander"]
        );
        assert_eq!(index.get(Uuid::from_u128(6)).map(|r| r.name), Some("Zander".to_string()));
        assert_eq!(index.tags(), ["VIP"]);
        let mut incomplete = row(3, "Kunde 3", "k3");
        incomplete.billing_missing = true;
        index.upsert([incomplete]);
        let only = index.query(&CustomerQuery { billing_missing: true, ..CustomerQuery::default() });
        assert_eq!(names(&index, &only), vec!["Kunde 3"], "only billing details missing");
    }

    #[test]
    fn tags_in_use_and_ended_relationships_follow_every_change() {
        let tagged = |n: u128, tags: &[&str], ended: bool| ListRow {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ended,
            ..row(n, &format!("Kunde {n}"), &format!("k{n}"))
        };
        let mut index = CustomerIndex::new(Sort::default());
        index.append([tagged(1, &["VIP", "Berlin"], false), tagged(2, &["vip"], true)]);
        index.finish_loading();
        index.upsert([tagged(3, &["Retail"], true)]);
        assert_eq!(index.tags(), ["Berlin", "Retail", "VIP"], "once each, case-insensitively");
        assert_eq!(index.ended(), 2);
        // The first to spell "VIP" loses it; another customer still has it.
        index.upsert([tagged(1, &["Berlin"], false)]);
        assert_eq!(index.tags(), ["Berlin", "Retail", "VIP"]);
        index.remove(&[Uuid::from_u128(2)]);
        assert_eq!(index.tags(), ["Berlin", "Retail"], "the last customer with it is gone");
        assert_eq!(index.ended(), 1);
        index.upsert([tagged(3, &[], false)]);
        assert_eq!((index.tags(), index.ended()), (vec!["Berlin".to_string()], 0));
        // Many rows at once take the other path.
        index.upsert((10..80).map(|n| tagged(n, &["Nord"], n % 2 == 0)));
        assert_eq!((index.tags(), index.ended()), (vec!["Berlin".to_string(), "Nord".to_string()], 35));
    }

    #[test]
    fn rows_read_after_the_first_screen_keep_it_in_place_until_the_read_is_done() {
        let mut index = CustomerIndex::new(Sort::default());
        index.upsert([row(2, "Beta", "b"), row(1, "Alpha", "a")]);
        index.append([row(3, "Aaron", "aa"), row(1, "Alpha", "a"), row(4, "Zed", "z")]);
        let shown = index.query(&CustomerQuery::default());
        assert_eq!(names(&index, &shown), ["Alpha", "Beta", "Aaron", "Zed"]);
        index.finish_loading();
        assert_eq!(names(&index, &index.query(&CustomerQuery::default())), ["Aaron", "Alpha", "Beta", "Zed"]);
    }

    #[test]
    fn many_rows_at_once_land_in_order() {
        let mut index = CustomerIndex::new(Sort::default());
        index.upsert((0..1000u128).rev().map(|i| row(i, &format!("Kunde {i}"), &format!("k{i}"))));
        let hits = index.query(&CustomerQuery::default());
        assert_eq!(names(&index, &hits)[..3], ["Kunde 0", "Kunde 1", "Kunde 2"]);
        assert_eq!(index.len(), 1000);
        let q = CustomerQuery { text: "kunde 99".into(), ..Default::default() };
        assert_eq!(
            names(&index, &index.query(&q)),
            [
                "Kunde 99",
                "Kunde 990",
                "Kunde 991",
                "Kunde 992",
                "Kunde 993",
                "Kunde 994",
                "Kunde 995",
                "Kunde 996",
                "Kunde 997",
                "Kunde 998",
                "Kunde 999"
            ]
        );
    }
}
