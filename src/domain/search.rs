//! Customer list search: case-insensitive prefix **and** substring matching over company name, primary
//! domain and Microsoft ID, a relationship filter, and an order that puts prefix matches first.

use uuid::Uuid;

use super::customer::{Customer, Relationship};

/// What the customer list shows of one customer, with its search text prepared once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: Uuid,
    pub company_name: String,
    pub domain: String,
    pub relationship: Relationship,
    pub tags: Vec<String>,
    /// The relationship has ended: the row shows only with "show ended".
    pub ended: bool,
    /// The indirect provider the customer is shared with (its partner id, lower case), if any.
    pub associated_partner_id: Option<String>,
    /// Lower-case company name, domain and id separated by `\n`.
    haystack: String,
}

impl From<&Customer> for CustomerRow {
    fn from(c: &Customer) -> Self {
        let haystack = format!("{}\n{}\n{}", c.company.company_name, c.company.domain, c.id).to_lowercase();
        CustomerRow {
            id: c.id,
            company_name: c.company.company_name.clone(),
            domain: c.company.domain.clone(),
            relationship: c.relationship,
            tags: c.tags.clone(),
            ended: c.relationship_end.is_some(),
            associated_partner_id: c.associated_partner_id.as_ref().map(|id| id.trim().to_lowercase()),
            haystack,
        }
    }
}

/// The list's search box and filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerQuery {
    pub text: String,
    pub relationship: Option<Relationship>,
    /// Only customers carrying this tag (case-insensitive).
    pub tag: Option<String>,
    /// Include customers whose relationship has ended.
    pub show_ended: bool,
    /// Only customers shared with one indirect provider, or only direct ones.
    pub provider: Option<ProviderFilter>,
}

/// The customer list's indirect-provider filter.
#[derive(Debug, Clone, PartialEq, Eq)]
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

    fn admits(&self, row: &CustomerRow) -> bool {
        match self {
            ProviderFilter::Direct => row.associated_partner_id.is_none(),
            ProviderFilter::Partner(id) => row.associated_partner_id.as_deref() == Some(id.as_str()),
        }
    }
}

/// Every tag used by `rows`, once each (case-insensitively), sorted.
pub fn all_tags(rows: &[CustomerRow]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in rows.iter().flat_map(|r| r.tags.iter()) {
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.clone());
        }
    }
    tags.sort_by_key(|t| t.to_lowercase());
    tags
}

/// How well a row matches the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Prefix,
    Substring,
}

impl CustomerRow {
    fn rank(&self, needle: &str) -> Option<Rank> {
        if needle.is_empty() || self.haystack.split('\n').any(|field| field.starts_with(needle)) {
            Some(Rank::Prefix)
        } else if self.haystack.split('\n').any(|field| field.contains(needle)) {
            Some(Rank::Substring)
        } else {
            None
        }
    }
}

/// The rows matching `query`: prefix matches first, then substring matches, each by company name.
pub fn search<'a>(rows: &'a [CustomerRow], query: &CustomerQuery) -> Vec<&'a CustomerRow> {
    let needle = query.text.trim().to_lowercase();
    let mut hits: Vec<(Rank, &CustomerRow)> = rows
        .iter()
        .filter(|r| query.show_ended || !r.ended)
        .filter(|r| query.relationship.is_none_or(|rel| r.relationship == rel))
        .filter(|r| query.tag.as_ref().is_none_or(|tag| r.tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase())))
        .filter(|r| query.provider.as_ref().is_none_or(|p| p.admits(r)))
        .filter_map(|r| r.rank(&needle).map(|rank| (rank, r)))
        .collect();
    hits.sort_by(|(ra, a), (rb, b)| ra.cmp(rb).then_with(|| a.haystack.cmp(&b.haystack)));
    hits.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::tests::{ctx, valid_draft};
    use crate::domain::draft::CustomerDraft;
    use crate::domain::timestamp::Timestamp;

    fn row(name: &str, prefix: &str, id: u128, relationship: Relationship) -> CustomerRow {
        let draft = CustomerDraft { company_name: name.into(), domain_prefix: prefix.into(), ..valid_draft() };
        let mut c = draft.to_customer(&ctx(), Uuid::from_u128(id), Timestamp(0)).unwrap();
        c.relationship = relationship;
        CustomerRow::from(&c)
    }

    fn names(hits: Vec<&CustomerRow>) -> Vec<&str> {
        hits.into_iter().map(|r| r.company_name.as_str()).collect()
    }

    fn rows() -> Vec<CustomerRow> {
        vec![
            row("Wingtip Toys", "wingtip", 0xabc, Relationship::Reseller),
            row("Contoso Handels GmbH", "contoso", 0xdef, Relationship::Reseller),
            row("Fabrikam Contoso Partner", "fabrikam", 0x123, Relationship::Advisor),
        ]
    }

    #[test]
    fn filters_by_indirect_provider() {
        let mut rows = rows();
        rows[0].associated_partner_id = Some("6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d".into());
        let shared = CustomerQuery {
            provider: ProviderFilter::from_value("6A1B2C3D-4E5F-4A7B-8C9D-0E1F2A3B4C5D"),
            ..Default::default()
        };
        assert_eq!(names(search(&rows, &shared)), vec!["Wingtip Toys"]);
        let direct = CustomerQuery { provider: ProviderFilter::from_value("direct"), ..Default::default() };
        assert_eq!(names(search(&rows, &direct)), vec!["Contoso Handels GmbH", "Fabrikam Contoso Partner"]);
        assert_eq!(ProviderFilter::from_value(" "), None);
    }

    #[test]
    fn prefix_matches_come_before_substring_matches() {
        let rows = rows();
        let q = CustomerQuery { text: "CONTOSO".into(), ..Default::default() };
        assert_eq!(names(search(&rows, &q)), vec!["Contoso Handels GmbH", "Fabrikam Contoso Partner"]);
    }

    #[test]
    fn matches_domain_and_id_substrings() {
        let rows = rows();
        let by_domain = CustomerQuery { text: "tip.onmicro".into(), ..Default::default() };
        assert_eq!(names(search(&rows, &by_domain)), vec!["Wingtip Toys"]);
        let by_id = CustomerQuery { text: "0000000abc".into(), ..Default::default() };
        assert_eq!(names(search(&rows, &by_id)), vec!["Wingtip Toys"]);
    }

    #[test]
    fn filters_by_relationship_and_lists_all_when_empty() {
        let rows = rows();
        assert_eq!(search(&rows, &CustomerQuery::default()).len(), 3);
        let q = CustomerQuery { relationship: Some(Relationship::Advisor), ..Default::default() };
        assert_eq!(names(search(&rows, &q)), vec!["Fabrikam Contoso Partner"]);
        let none = CustomerQuery { text: "zzz".into(), ..Default::default() };
        assert!(search(&rows, &none).is_empty());
    }

    #[test]
    fn ended_relationships_show_only_on_request_and_tags_filter() {
        let mut rows = rows();
        rows[0].ended = true;
        assert_eq!(search(&rows, &CustomerQuery::default()).len(), 2);
        assert_eq!(search(&rows, &CustomerQuery { show_ended: true, ..Default::default() }).len(), 3);
        rows[1].tags = vec!["VIP".into()];
        let q = CustomerQuery { tag: Some("vip".into()), ..Default::default() };
        assert_eq!(names(search(&rows, &q)), vec!["Contoso Handels GmbH"]);
        assert_eq!(all_tags(&rows), vec!["Berlin", "Retail", "VIP"]);
    }

    #[test]
    fn umlauts_are_case_insensitive() {
        let rows = vec![row("Müller Bau", "muellerbau", 1, Relationship::Reseller)];
        let q = CustomerQuery { text: "LLER B".into(), ..Default::default() };
        assert_eq!(search(&rows, &q).len(), 1);
        let q = CustomerQuery { text: "MÜLLER".into(), ..Default::default() };
        assert_eq!(search(&rows, &q).len(), 1);
    }
}
