//! What the customer list is asked: the search text (prefix and substring, case-insensitive, over company
//! name, primary domain and Microsoft ID — the ID also pasted with braces, in upper case or without
//! dashes) and the filters by relationship, tag, indirect provider and ended relationships.

use super::customer::Relationship;

/// The list's search box and filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct CustomerQuery {
    pub text: String,
    pub relationship: Option<Relationship>,
    /// Only customers carrying this tag (case-insensitive).
    pub tag: Option<String>,
    /// Include customers whose relationship has ended.
    pub show_ended: bool,
    /// Only customers shared with one indirect provider, or only direct ones.
    pub provider: Option<ProviderFilter>,
    /// Only customers whose bill-to details are missing.
    pub billing_missing: bool,
}

impl CustomerQuery {
    /// Whether anything narrows the list (the search text or a filter other than "show ended").
    pub fn narrows(&self) -> bool {
        !self.text.trim().is_empty()
            || self.relationship.is_some()
            || self.tag.is_some()
            || self.provider.is_some()
            || self.billing_missing
    }

    /// How many filters are set (the phone's "Filters (2)").
    pub fn filter_count(&self) -> usize {
        usize::from(self.relationship.is_some())
            + usize::from(self.tag.is_some())
            + usize::from(self.provider.is_some())
            + usize::from(self.show_ended)
            + usize::from(self.billing_missing)
    }
}

impl CustomerQuery {
    /// The query a URL of the list names (`?q=…&rel=…&tag=…&provider=…&ended=1&billing=missing`).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> CustomerQuery {
        let some = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        CustomerQuery {
            text: get("q").unwrap_or_default(),
            relationship: some("rel").and_then(|r| Relationship::from_key(&r)),
            tag: some("tag"),
            show_ended: some("ended").is_some_and(|e| e == "1"),
            provider: some("provider").and_then(|p| ProviderFilter::from_value(&p)),
            billing_missing: some("billing").is_some_and(|b| b == "missing"),
        }
    }

    /// The URL parameters naming this query (empty ones left out).
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.text.is_empty() {
            params.push(("q", self.text.clone()));
        }
        if let Some(r) = self.relationship {
            params.push(("rel", r.key().to_string()));
        }
        if let Some(t) = &self.tag {
            params.push(("tag", t.clone()));
        }
        if let Some(p) = &self.provider {
            params.push(("provider", p.value().to_string()));
        }
        if self.show_ended {
            params.push(("ended", "1".into()));
        }
        if self.billing_missing {
            params.push(("billing", "missing".into()));
        }
        params
    }
}

/// The customer list's indirect-provider filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProviderFilter {
    /// Customers shared with no provider.
    Direct,
    /// Customers shared with the provider of this partner id.
    Partner(String),
}

impl ProviderFilter {
    /// The filter for a form or URL value: `direct`, a partner id, or empty (no filter).
    pub fn from_value(value: &str) -> Option<ProviderFilter> {
        match value.trim() {
            "" => None,
            "direct" => Some(ProviderFilter::Direct),
            id => Some(ProviderFilter::Partner(id.to_lowercase())),
        }
    }

    /// The form or URL value of this filter.
    pub fn value(&self) -> &str {
        match self {
            ProviderFilter::Direct => "direct",
            ProviderFilter::Partner(id) => id,
        }
    }

    /// Whether a customer shared with `provider` (a lower-case partner id, `None`: direct) is admitted.
    pub fn admits(&self, provider: Option<&str>) -> bool {
        match self {
            ProviderFilter::Direct => provider.is_none(),
            ProviderFilter::Partner(id) => provider == Some(id.as_str()),
        }
    }
}

/// What a plain search field matches: the typed text, trimmed, in any case, inside any of a record's texts
/// (every record while nothing is typed). The referrals' and the requests' searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain(String);

impl Plain {
    /// The search for what was typed.
    pub fn new(typed: &str) -> Plain {
        Plain(typed.trim().to_lowercase())
    }

    /// Whether one of `texts` holds the search text.
    pub fn in_any(&self, texts: &[&str]) -> bool {
        self.0.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&self.0))
    }
}

/// The search text as it is matched: lower case, and — when it could be (part of) a Microsoft ID — also as
/// bare hex digits, to match the ID without dashes or braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    pub text: String,
    pub id: Option<String>,
}

impl Needle {
    /// The needle for what was typed.
    pub fn new(typed: &str) -> Needle {
        let text = typed.trim().to_lowercase();
        let hex: String = text.chars().filter(|c| !matches!(c, '{' | '}' | '-')).collect();
        let id = (hex.len() >= 6 && hex.chars().all(|c| c.is_ascii_hexdigit())).then_some(hex);
        // Braces are never part of a name or domain: searched without them.
        let text = text.trim_matches(|c| c == '{' || c == '}').to_string();
        Needle { text, id }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_like_text_also_searches_the_bare_hex_digits() {
        assert_eq!(Needle::new(" {6F1C0E7A-3D4E} ").id.as_deref(), Some("6f1c0e7a3d4e"));
        assert_eq!(Needle::new("{6F1C0E7A-3D4E}").text, "6f1c0e7a-3d4e");
        assert_eq!(Needle::new("Contoso").id, None);
        assert_eq!(Needle::new("cafe").id, None, "too short to be an id");
    }

    #[test]
    fn provider_filters_read_and_write_their_value() {
        assert_eq!(ProviderFilter::from_value("direct"), Some(ProviderFilter::Direct));
        let p = ProviderFilter::from_value(" 6A1B ").unwrap();
        assert_eq!(p.value(), "6a1b");
        assert!(p.admits(Some("6a1b")) && !p.admits(None));
        assert!(ProviderFilter::Direct.admits(None));
        assert_eq!(ProviderFilter::from_value(" "), None);
    }

    #[test]
    fn a_query_travels_in_the_url_and_back() {
        let q = CustomerQuery {
            text: "Kunde 1".into(),
            relationship: Some(Relationship::Advisor),
            tag: Some("VIP".into()),
            show_ended: true,
            provider: ProviderFilter::from_value("direct"),
            billing_missing: true,
        };
        let params = q.to_params();
        let get = |key: &str| params.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        assert_eq!(CustomerQuery::from_params(get), q);
        assert_eq!(CustomerQuery::from_params(|_| None), CustomerQuery::default());
        assert!(CustomerQuery::default().to_params().is_empty());
    }

    #[test]
    fn filters_are_counted_and_narrowing_is_told() {
        let q = CustomerQuery { tag: Some("VIP".into()), show_ended: true, ..Default::default() };
        assert_eq!((q.filter_count(), q.narrows()), (2, true));
        assert!(!CustomerQuery { show_ended: true, ..Default::default() }.narrows());
    }
}
