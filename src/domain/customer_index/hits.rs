//! A query's result, and how it follows changes: a query walks the whole order once; after a few customers
//! changed, its result is brought up to date from those customers alone (an edit in another tab at 100,000
//! customers does not walk every row again).

use std::ops::Deref;

use super::byte_set::ByteSet;
use super::pattern::Pattern;
use super::{CustomerIndex, Entry};
use crate::domain::search::{CustomerQuery, Needle};

/// The rows matching a query (by their place in the index) in the order they are shown: prefix matches of
/// the search text first, then substring matches, each in sort order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    places: Vec<u32>,
    /// How many of `places` are prefix matches (they come first).
    prefix: usize,
    /// What was asked, and the index's revision the answer is for.
    query: CustomerQuery,
    revision: u64,
}

impl Deref for Hits {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        &self.places
    }
}

/// How a row matches the search text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    Prefix,
    Substring,
}

/// The search text made ready once per query.
struct Search<'a> {
    /// The search text, when there is one, and its bytes.
    pattern: Option<Pattern<'a>>,
    needs: ByteSet,
    /// A search text with a line break matches no single field.
    multiline: bool,
    /// The hex digits of an ID-like search text as a number, and how many digits there are.
    id: Option<HexDigits>,
}

impl<'a> Search<'a> {
    fn new(needle: &'a Needle) -> Search<'a> {
        let id = needle.id.as_deref().and_then(HexDigits::new);
        let text = needle.text.as_bytes();
        let pattern = (!text.is_empty()).then(|| Pattern::new(text));
        Search { pattern, needs: ByteSet::of(text), multiline: needle.text.contains('\n'), id }
    }

    /// Whether `entry` matches at the start of its name, domain or ID, somewhere inside one, or not at all.
    fn rank(&self, entry: &Entry) -> Option<Rank> {
        let Some(pattern) = &self.pattern else { return Some(Rank::Prefix) };
        // Its text is read only when it may hold every byte of the search text.
        let hay = entry.bytes.may_hold(self.needs).then(|| entry.hay());
        if hay.is_some_and(|hay| pattern.is_at(hay, 0) || pattern.is_at(hay, entry.at[0] as usize)) {
            return Some(Rank::Prefix);
        }
        // The ID's 32 hex digits, compared as a number (written out, 100,000 IDs took a keystroke's frame).
        let id = match &self.id {
            Some(digits) => match digits.find_in(entry.id.as_u128()) {
                Some(0) => return Some(Rank::Prefix),
                found => found.is_some(),
            },
            None => false,
        };
        // Name and domain in one pass (the search text holds no line break, so it cannot span the two).
        let in_text = !self.multiline && hay.is_some_and(|hay| pattern.is_in(hay));
        (in_text || id).then_some(Rank::Substring)
    }
}

/// Up to 32 hex digits as a number: where they occur in an ID's digits is found by shifting, without
/// writing the ID out.
struct HexDigits {
    value: u128,
    digits: u32,
}

impl HexDigits {
    /// `hex` (lower-case hex digits) as a number; `None` when it is empty or longer than an ID.
    fn new(hex: &str) -> Option<HexDigits> {
        let digits = u32::try_from(hex.len()).ok().filter(|d| (1..=32).contains(d))?;
        Some(HexDigits { value: u128::from_str_radix(hex, 16).ok()?, digits })
    }

    /// The first digit of `id` (as `Uuid::as_u128` gives it) where these digits occur.
    fn find_in(&self, id: u128) -> Option<u32> {
        let mask = u128::MAX >> (128 - 4 * self.digits);
        (0..=32 - self.digits).find(|at| (id >> (4 * (32 - self.digits - at))) & mask == self.value)
    }
}

/// The filters of a query (everything but the search text).
struct Filters<'a> {
    query: &'a CustomerQuery,
    tag: Option<String>,
}

impl<'a> Filters<'a> {
    fn new(query: &'a CustomerQuery) -> Filters<'a> {
        Filters { query, tag: query.tag.as_ref().map(|t| t.to_lowercase()) }
    }

    fn admit(&self, entry: &Entry) -> bool {
        let q = self.query;
        (q.show_ended || !entry.ended)
            && (!q.billing_missing || entry.billing_missing)
            && q.relationship.is_none_or(|r| r == entry.relationship)
            && q.provider.as_ref().is_none_or(|p| p.admits(entry.provider.as_deref()))
            && self.tag.as_ref().is_none_or(|t| entry.tags.iter().any(|x| x.to_lowercase() == *t))
    }
}

/// Whether every row matching `new` matched `old`: the same filters, and a search text that goes on from the
/// old one (typing on). An ID is searched by its digits only when the text could be part of one, so an ID-like
/// text narrows only an empty or ID-like one whose digits it goes on from.
fn narrows(old: &CustomerQuery, new: &CustomerQuery) -> bool {
    // Every field named, so that a new filter cannot be forgotten here.
    let CustomerQuery { text: _, relationship, tag, show_ended, provider, billing_missing } = old;
    let same_filters = *relationship == new.relationship
        && *tag == new.tag
        && *show_ended == new.show_ended
        && *provider == new.provider
        && *billing_missing == new.billing_missing;
    let (was, now) = (Needle::new(&old.text), Needle::new(&new.text));
    let digits_go_on = match (&was.id, &now.id) {
        (_, None) => true,
        (Some(was), Some(now)) => now.starts_with(was.as_str()),
        (None, Some(_)) => was.text.is_empty(),
    };
    same_filters && now.text.starts_with(&was.text) && digits_go_on
}

/// How `entry` is shown for a query: the filters admit it and the search text finds it (`None`: not shown).
fn shown(search: &Search, filters: &Filters, entry: &Entry) -> Option<Rank> {
    filters.admit(entry).then(|| search.rank(entry)).flatten()
}

impl CustomerIndex {
    /// The rows matching `query`, in the order they are shown.
    pub fn query(&self, query: &CustomerQuery) -> Hits {
        let needle = Needle::new(&query.text);
        let (search, filters) = (Search::new(&needle), Filters::new(query));
        let (mut prefix, substring) = self.ranked(&self.order, &search, &filters);
        let hits = prefix.len();
        prefix.extend(substring);
        Hits { places: prefix, prefix: hits, query: query.clone(), revision: self.revision }
    }

    /// The rows matching `query`, taken from `previous` when it answered the same query and only a few
    /// customers changed since (then only they are looked at again), or when `query` narrows it with nothing
    /// changed since (typing on: only its rows are looked at).
    pub fn query_since(&self, query: &CustomerQuery, previous: Option<&Hits>) -> Hits {
        match previous {
            Some(p) if p.query == *query && p.revision == self.revision => p.clone(),
            Some(p) if p.query == *query && p.revision >= self.touched.0 => self.patch(p.clone()),
            Some(p) if p.revision == self.revision && narrows(&p.query, query) => self.refine(p, query),
            _ => self.query(query),
        }
    }

    /// The rows of `previous` that match `query`, which [`narrows`] it. A row found at the start of a field
    /// was found there before, so the new prefix matches come from the old ones, in order; the new substring
    /// matches come from both groups, each in order, and are merged.
    fn refine(&self, previous: &Hits, query: &CustomerQuery) -> Hits {
        let needle = Needle::new(&query.text);
        let (search, filters) = (Search::new(&needle), Filters::new(query));
        let (old_prefix, old_substring) = previous.places.split_at(previous.prefix);
        let (mut prefix, from_prefix) = self.ranked(old_prefix, &search, &filters);
        let from_substring = old_substring
            .iter()
            .copied()
            .filter(|&place| shown(&search, &filters, &self.entries[place as usize]).is_some());
        let hits = prefix.len();
        prefix.extend(self.merged(from_prefix, from_substring));
        Hits { places: prefix, prefix: hits, query: query.clone(), revision: self.revision }
    }

    /// The places of `places` shown for a search and filters, in their order: the prefix matches, and the
    /// substring matches.
    fn ranked(&self, places: &[u32], search: &Search, filters: &Filters) -> (Vec<u32>, Vec<u32>) {
        let (mut prefix, mut substring) = (Vec::new(), Vec::new());
        for &place in places {
            match shown(search, filters, &self.entries[place as usize]) {
                Some(Rank::Prefix) => prefix.push(place),
                Some(Rank::Substring) => substring.push(place),
                None => {}
            }
        }
        (prefix, substring)
    }

    /// Two runs of places, each in the index's order, as one in that order.
    fn merged(&self, a: Vec<u32>, b: impl Iterator<Item = u32>) -> Vec<u32> {
        if a.is_empty() {
            return b.collect();
        }
        let mut out = Vec::with_capacity(a.len());
        let mut a = a.into_iter().peekable();
        for place in b {
            while let Some(first) = a.next_if(|first| self.compare(*first, place).is_lt()) {
                out.push(first);
            }
            out.push(place);
        }
        out.extend(a);
        out
    }

    /// `hits` with every row changed since they were made taken out and put back where it now belongs.
    fn patch(&self, mut hits: Hits) -> Hits {
        let mut changed = self.touched.1.clone();
        changed.sort_unstable();
        changed.dedup();
        let is_changed = |p: &u32| changed.binary_search(p).is_ok();
        hits.prefix -= hits.places[..hits.prefix].iter().filter(|p| is_changed(p)).count();
        hits.places.retain(|p| !is_changed(p));
        let needle = Needle::new(&hits.query.text);
        let (search, filters) = (Search::new(&needle), Filters::new(&hits.query));
        for &place in &changed {
            let Some(rank) = shown(&search, &filters, &self.entries[place as usize]) else { continue };
            let (from, to) = match rank {
                Rank::Prefix => (0, hits.prefix),
                Rank::Substring => (hits.prefix, hits.places.len()),
            };
            let at = from + hits.places[from..to].partition_point(|p| self.compare(*p, place).is_lt());
            hits.places.insert(at, place);
            if rank == Rank::Prefix {
                hits.prefix += 1;
            }
        }
        hits.revision = self.revision;
        hits
    }
}
