//! The list index: order, search, filters and changes.

use super::*;
use crate::domain::search::{CustomerQuery, Needle, ProviderFilter};
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
fn a_substring_is_found_wherever_it_starts_and_only_where_it_fits() {
    let mut index = CustomerIndex::new(Sort::default());
    index.upsert([row(1, "Cucucumber Farm", "cucu"), row(2, "Ab", "b")]);
    let found = |text: &str| names(&index, &index.query(&CustomerQuery { text: text.into(), ..Default::default() }));
    // The first letter comes three times before the match; the match ends the field; the whole field.
    for text in ["cucumber", "farm", "ucucumber farm", "cu.onmicrosoft.com", "b.onmicrosoft.com"] {
        assert_eq!(found(text).len(), 1, "{text}");
    }
    assert_eq!(found("m\u{e4}"), Vec::<String>::new(), "a text that is not there");
    assert_eq!(found("farmx"), Vec::<String>::new(), "longer than what is left of the field");
    assert_eq!(found("ab.onmicrosoft.com.x"), Vec::<String>::new(), "longer than any field");
}

#[test]
fn every_piece_of_a_name_or_domain_finds_exactly_the_customers_holding_it() {
    let rows = [
        ("Müller & Söhne GmbH", "muellersoehne"),
        ("Kunde 12 Straße AG", "kunde12"),
        ("Kunde 121 Handels-GmbH", "kunde121"),
        ("O'Brien + Partner, Zürich", "obrien"),
        ("ÉCOLE 42 Café", "ecole42"),
        ("Contoso (Deutschland) Ltd.", "contoso-de"),
        ("Åsa Ørsted Æblegård", "aasa"),
        ("Firma_7/Ost", "f7"),
    ];
    let mut index = CustomerIndex::new(Sort::default());
    index.upsert(rows.iter().enumerate().map(|(n, (name, domain))| row(n as u128 + 1, name, domain)));
    let fields: Vec<(String, String)> = (0..rows.len() as u32)
        .map(|p| index.row(p))
        .map(|r| (r.name.to_lowercase(), r.domain.to_lowercase()))
        .collect();
    for (name, domain) in &fields {
        for field in [name, domain] {
            let chars: Vec<(usize, char)> = field.char_indices().collect();
            for (i, &(start, _)) in chars.iter().enumerate() {
                for &(end, _) in chars[i + 1..].iter().chain([&(field.len(), ' ')]) {
                    let piece = &field[start..end];
                    let needle = Needle::new(piece);
                    if needle.text != piece || needle.id.is_some() {
                        continue; // trimmed, or searched as a Microsoft ID too
                    }
                    let mut found =
                        names(&index, &index.query(&CustomerQuery { text: piece.into(), ..Default::default() }));
                    found.sort();
                    let mut holding: Vec<String> = (0..rows.len() as u32)
                        .filter(|p| fields[*p as usize].0.contains(piece) || fields[*p as usize].1.contains(piece))
                        .map(|p| index.row(p).name)
                        .collect();
                    holding.sort();
                    assert_eq!(found, holding, "{piece:?}");
                }
            }
        }
    }
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
        "0c8d1e5a77",
        "c0e7a3",
    ] {
        let q = CustomerQuery { text: text.into(), ..Default::default() };
        assert_eq!(names(&index, &index.query(&q)), ["Tailspin Toys"], "{text}");
    }
    for text in ["8d1e5a770", "6f1c0e7a3d4e4a619b1f2f0c8d1e5a770", "f1c0e7a3d4e4a619b1f2f0c8d1e5a77f"] {
        let q = CustomerQuery { text: text.into(), ..Default::default() };
        assert!(index.query(&q).is_empty(), "{text}: digits beyond the ID's end");
    }
}

#[test]
fn a_customer_whose_id_starts_with_the_digits_comes_before_one_that_holds_them_inside() {
    let mut index = CustomerIndex::new(Sort::default());
    let starts = Uuid::parse_str("abcdef12-0000-4000-8000-000000000000").unwrap();
    let inside = Uuid::parse_str("00000000-0abc-def1-2000-000000000000").unwrap();
    index
        .upsert([ListRow { id: inside, ..row(1, "Alpha", "alpha") }, ListRow { id: starts, ..row(2, "Zulu", "zulu") }]);
    let q = CustomerQuery { text: "ABCDEF12".into(), ..Default::default() };
    assert_eq!(names(&index, &index.query(&q)), ["Zulu", "Alpha"]);
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

#[test]
fn a_result_brought_up_to_date_after_edits_is_the_result_of_asking_again() {
    let mut index = CustomerIndex::new(Sort::default());
    index.append((0..500).map(|n| row(n, &format!("Kunde {n}"), &format!("k{n}"))));
    index.finish_loading();
    let queries = [
        CustomerQuery::default(),
        CustomerQuery { text: "kunde 1".into(), ..Default::default() },
        CustomerQuery { text: "4".into(), ..Default::default() },
        CustomerQuery { tag: Some("vip".into()), show_ended: true, ..Default::default() },
    ];
    let mut shown: Vec<Hits> = queries.iter().map(|q| index.query(q)).collect();
    // Renames (to the front, the back, in and out of each search), tags, ended, new customers.
    for step in 0..600u128 {
        let n = (step * 7919) % 530;
        let mut changed = row(n, &format!("Kunde {}", (step * 31) % 1000), &format!("k{n}"));
        changed.tags = if step % 3 == 0 { vec!["VIP".into()] } else { vec![] };
        changed.ended = step % 5 == 0;
        index.upsert([changed]);
        if step % 50 == 0 {
            index.upsert([row(1000 + step, "Aaron", "aaron")]);
        }
        for (q, hits) in queries.iter().zip(shown.iter_mut()) {
            *hits = index.query_since(q, Some(hits));
            assert_eq!(names(&index, hits), names(&index, &index.query(q)), "step {step}, {q:?}");
        }
    }
    // A removal renames places: the result is made again.
    index.remove(&[Uuid::from_u128(3)]);
    let again = index.query_since(&queries[0], Some(&shown[0]));
    assert_eq!(names(&index, &again), names(&index, &index.query(&queries[0])));
    assert_eq!(again.len(), index.query(&queries[0]).len());
}

#[test]
fn typing_on_finds_exactly_what_asking_again_finds() {
    // Names where a text found at the start of a field is found only inside one once typed on ("a" → "ab" in
    // "Axe Abc"), mixed in the sort order with names where both are found inside ("Xab"); IDs typed as digits.
    let mut index = CustomerIndex::new(Sort { column: SortColumn::Changed, descending: true });
    index.append((0..900u128).map(|n| {
        let name = match n % 4 {
            0 => format!("Axe Abc {n}"),
            1 => format!("Xab {n} Contoso"),
            2 => format!("Cab Contoso {n}"),
            _ => format!("Contoso {n} Handel"),
        };
        let mut r = row(n * 0x1_0000_0001, &name, &format!("d{n}"));
        r.ended = n % 7 == 0;
        r
    }));
    index.finish_loading();
    let typed = [
        "abc 1",
        "ab 12",
        "cab contoso 12",
        "contoso 1",
        "xab 8",
        "d1",
        "12",
        "00000000-0000-0000-0000-0001000000",
        "{00000000",
    ];
    for (text, show_ended) in typed.iter().flat_map(|t| [(t, false), (t, true)]) {
        let mut previous = index.query(&CustomerQuery { show_ended, ..Default::default() });
        for end in 1..=text.len() {
            let query = CustomerQuery { text: text[..end].into(), show_ended, ..Default::default() };
            let hits = index.query_since(&query, Some(&previous));
            assert_eq!(hits, index.query(&query), "{:?}", &text[..end]);
            previous = hits;
        }
        // Deleting what was typed, and a filter changed on the way, ask again.
        let fewer = CustomerQuery { text: text[..1].into(), show_ended, ..Default::default() };
        assert_eq!(index.query_since(&fewer, Some(&previous)), index.query(&fewer));
        let filtered = CustomerQuery { text: text.to_string(), show_ended: !show_ended, ..Default::default() };
        assert_eq!(index.query_since(&filtered, Some(&previous)), index.query(&filtered));
    }
}

#[test]
fn many_customers_taken_out_at_once_leave_the_rest_in_order() {
    let mut index = CustomerIndex::new(Sort::default());
    index.append((1..=3_000).map(|n| {
        let mut r = row(n, &format!("Kunde {n}"), &format!("k{n}"));
        r.tags = if n % 3 == 0 { vec!["Drei".into()] } else { vec![] };
        r
    }));
    index.finish_loading();
    // Every customer whose number is even goes, a few that are not listed with them.
    let gone: Vec<Uuid> = (2..=3_000).step_by(2).chain([5_000, 5_001]).map(Uuid::from_u128).collect();
    index.remove(&gone);
    let shown = names(&index, &index.query(&CustomerQuery::default()));
    let expected: Vec<String> = (1..=3_000).step_by(2).map(|n| format!("Kunde {n}")).collect();
    assert_eq!(shown, expected);
    assert_eq!(index.get(Uuid::from_u128(2_999)).map(|r| r.name), Some("Kunde 2999".to_string()));
    assert_eq!(index.get(Uuid::from_u128(2_998)), None);
    // The tag stays with the odd multiples of three (3, 9, …), and goes with the last of them.
    let threes = index.query(&CustomerQuery { tag: Some("drei".into()), ..Default::default() });
    assert_eq!(threes.len(), 500);
    index.remove(&(3..=3_000).step_by(6).map(Uuid::from_u128).collect::<Vec<_>>());
    assert_eq!(index.tags(), Vec::<String>::new());
    // A customer changed afterwards is found and placed where its name belongs.
    index.upsert([row(1, "Kunde 4000", "k1")]);
    let shown = names(&index, &index.query(&CustomerQuery::default()));
    assert_eq!(shown.last().map(String::as_str), Some("Kunde 4000"));
    assert_eq!(shown.len(), 1_000);
}

#[test]
fn many_rows_changed_at_once_are_merged_into_their_places() {
    let mut index = CustomerIndex::new(Sort::default());
    index.append((1..=2_000).map(|n| row(n, &format!("Kunde {n}"), &format!("k{n}"))));
    index.finish_loading();
    // 300 renamed (every seventh, so that they move among the others), 100 new, one of them twice.
    let renamed = (1..=2_100).step_by(7).map(|n| row(n, &format!("Kunde {}", n * 3 + 1), &format!("k{n}")));
    index.upsert(renamed.chain([row(2_001, "Aachen AG", "aachen"), row(8, "Kunde 25", "k8")]));
    let mut expected: Vec<(u128, String)> = (1..=2_000)
        .map(|n| (n, if n % 7 == 1 { format!("Kunde {}", n * 3 + 1) } else { format!("Kunde {n}") }))
        .collect();
    expected.extend((2_003..=2_100).filter(|n| n % 7 == 1).map(|n| (n, format!("Kunde {}", n * 3 + 1))));
    expected.push((2_001, "Aachen AG".into()));
    let key = |(n, name): &(u128, String)| (sort_key(name), name.clone(), Uuid::from_u128(*n));
    expected.sort_by_cached_key(key);
    let shown = names(&index, &index.query(&CustomerQuery::default()));
    assert_eq!(shown, expected.into_iter().map(|(_, name)| name).collect::<Vec<_>>());
    assert_eq!(index.get(Uuid::from_u128(8)).map(|r| r.name), Some("Kunde 25".to_string()));
}
