//! Three-way merge of a document, field by field, against the version both sides last agreed on (the base).
//! A field changed on one side only takes that side's value; the same field changed differently on both
//! sides is a conflict the user resolves — never settled silently. Objects merge per key; arrays of objects
//! with an `id` merge per element (subscriptions); other arrays merge as sets (tags, domains). Bookkeeping
//! timestamps changed on both sides take the later one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One field both sides changed differently. `None` means "absent" (or the whole document deleted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// Where the field is, e.g. `/company/company_name` or `/subscriptions/#<id>/quantity`.
    pub path: String,
    pub base: Option<Value>,
    pub mine: Option<Value>,
    pub theirs: Option<Value>,
}

/// The result of a merge: the merged value (mine where fields conflict) and the conflicts.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub value: Option<Value>,
    pub conflicts: Vec<FieldConflict>,
}

/// Merges `mine` and `theirs`, both changed from `base`.
pub fn merge3(base: Option<&Value>, mine: Option<&Value>, theirs: Option<&Value>) -> Merged {
    let mut conflicts = Vec::new();
    let value = merge_at(String::new(), base, mine, theirs, &mut conflicts);
    Merged { value, conflicts }
}

/// Fields that record when something last changed: both sides changing them is no conflict.
const LATEST_WINS: [&str; 1] = ["/updated_at"];

fn merge_at(
    path: String,
    base: Option<&Value>,
    mine: Option<&Value>,
    theirs: Option<&Value>,
    conflicts: &mut Vec<FieldConflict>,
) -> Option<Value> {
    if mine == theirs || theirs == base {
        return mine.cloned();
    }
    if mine == base {
        return theirs.cloned();
    }
    match (mine, theirs) {
        (Some(Value::Number(m)), Some(Value::Number(t))) if LATEST_WINS.contains(&path.as_str()) => {
            let later = if m.as_f64() >= t.as_f64() { m } else { t };
            Some(Value::Number(later.clone()))
        }
        (Some(Value::Object(m)), Some(Value::Object(t))) => {
            let b = base.and_then(Value::as_object);
            Some(Value::Object(merge_objects(&path, b, m, t, conflicts)))
        }
        (Some(Value::Array(m)), Some(Value::Array(t))) => {
            let b = base.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
            Some(Value::Array(merge_arrays(&path, b, m, t, conflicts)))
        }
        _ => {
            conflicts.push(FieldConflict {
                path: if path.is_empty() { "/".into() } else { path },
                base: base.cloned(),
                mine: mine.cloned(),
                theirs: theirs.cloned(),
            });
            mine.cloned()
        }
    }
}

fn merge_objects(
    path: &str,
    base: Option<&Map<String, Value>>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
    conflicts: &mut Vec<FieldConflict>,
) -> Map<String, Value> {
    let mut keys: Vec<&String> =
        mine.keys().chain(theirs.keys()).chain(base.into_iter().flat_map(|b| b.keys())).collect();
    keys.sort();
    keys.dedup();
    let mut out = Map::new();
    for key in keys {
        let merged =
            merge_at(format!("{path}/{key}"), base.and_then(|b| b.get(key)), mine.get(key), theirs.get(key), conflicts);
        if let Some(v) = merged {
            out.insert(key.clone(), v);
        }
    }
    out
}

/// The `id` of an array element, if it is an object that has one.
fn element_id(v: &Value) -> Option<&str> {
    v.as_object()?.get("id")?.as_str()
}

fn merge_arrays(
    path: &str,
    base: &[Value],
    mine: &[Value],
    theirs: &[Value],
    conflicts: &mut Vec<FieldConflict>,
) -> Vec<Value> {
    let keyed = mine.iter().chain(theirs).chain(base).all(|v| element_id(v).is_some());
    if keyed {
        // Elements by id, in the order: theirs, then mine's new ones.
        let find = |list: &[Value], id: &str| list.iter().find(|v| element_id(v) == Some(id)).cloned();
        let mut ids: Vec<String> = Vec::new();
        for v in theirs.iter().chain(mine).chain(base) {
            let id = element_id(v).unwrap_or_default().to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids.iter()
            .filter_map(|id| {
                let (b, m, t) = (find(base, id), find(mine, id), find(theirs, id));
                merge_at(format!("{path}/#{id}"), b.as_ref(), m.as_ref(), t.as_ref(), conflicts)
            })
            .collect()
    } else {
        // A set: what either side added, minus what either side removed.
        let mut out: Vec<Value> = theirs.iter().filter(|v| mine.contains(v) || !base.contains(v)).cloned().collect();
        for v in mine {
            if !base.contains(v) && !out.contains(v) {
                out.push(v.clone());
            }
        }
        out
    }
}

/// Sets the field at `path` (as [`FieldConflict::path`] writes it) in `doc` to `value` (`None` removes it).
pub fn set_path(doc: &mut Value, path: &str, value: Option<Value>) {
    if path == "/" {
        if let Some(v) = value {
            *doc = v;
        }
        return;
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    set_in(doc, &segments, value);
}

fn set_in(doc: &mut Value, segments: &[&str], value: Option<Value>) {
    let Some((first, rest)) = segments.split_first() else { return };
    if let Some(id) = first.strip_prefix('#') {
        let Some(list) = doc.as_array_mut() else { return };
        let position = list.iter().position(|v| element_id(v) == Some(id));
        match (position, rest.is_empty(), value) {
            (Some(i), true, Some(v)) => list[i] = v,
            (Some(i), true, None) => {
                list.remove(i);
            }
            (None, true, Some(v)) => list.push(v),
            (Some(i), false, value) => set_in(&mut list[i], rest, value),
            _ => {}
        }
        return;
    }
    let Some(object) = doc.as_object_mut() else { return };
    if rest.is_empty() {
        match value {
            Some(v) => {
                object.insert(first.to_string(), v);
            }
            None => {
                object.remove(*first);
            }
        }
    } else if let Some(child) = object.get_mut(*first) {
        set_in(child, rest, value);
    }
}

/// The value at `path` in `doc`, if present.
pub fn get_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    if path == "/" {
        return Some(doc);
    }
    path.trim_start_matches('/').split('/').try_fold(doc, |node, segment| match segment.strip_prefix('#') {
        Some(id) => node.as_array()?.iter().find(|v| element_id(v) == Some(id)),
        None => node.as_object()?.get(segment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merge(b: Value, m: Value, t: Value) -> Merged {
        merge3(Some(&b), Some(&m), Some(&t))
    }

    #[test]
    fn fields_changed_on_one_side_merge_silently() {
        let base = json!({"name": "A", "city": "Berlin", "phone": "1"});
        let mine = json!({"name": "A2", "city": "Berlin", "phone": "1"});
        let theirs = json!({"name": "A", "city": "Hamburg", "phone": "1"});
        let m = merge(base, mine, theirs);
        assert_eq!(m.value, Some(json!({"name": "A2", "city": "Hamburg", "phone": "1"})));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_keeping_mine_meanwhile() {
        let m = merge(json!({"a": {"b": "x"}}), json!({"a": {"b": "mine"}}), json!({"a": {"b": "theirs"}}));
        assert_eq!(m.value, Some(json!({"a": {"b": "mine"}})));
        assert_eq!(
            m.conflicts,
            vec![FieldConflict {
                path: "/a/b".into(),
                base: Some(json!("x")),
                mine: Some(json!("mine")),
                theirs: Some(json!("theirs"))
            }]
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let m = merge(json!({"a": 1}), json!({"a": 2}), json!({"a": 2}));
        assert_eq!((m.value, m.conflicts.len()), (Some(json!({"a": 2})), 0));
    }

    #[test]
    fn the_change_time_takes_the_later_of_both() {
        let m = merge(
            json!({"updated_at": 1, "a": 1}),
            json!({"updated_at": 5, "a": 2}),
            json!({"updated_at": 3, "a": 1, "b": 1}),
        );
        assert_eq!(m.value, Some(json!({"updated_at": 5, "a": 2, "b": 1})));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn tags_merge_as_sets() {
        let m =
            merge(json!({"tags": ["a", "b"]}), json!({"tags": ["a", "b", "mine"]}), json!({"tags": ["b", "theirs"]}));
        assert_eq!(m.value, Some(json!({"tags": ["b", "theirs", "mine"]})));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn elements_with_ids_merge_per_element() {
        let base = json!({"s": [{"id": "1", "q": 1, "st": "active"}]});
        let mine = json!({"s": [{"id": "1", "q": 1, "st": "suspended"}, {"id": "2", "q": 5, "st": "active"}]});
        let theirs = json!({"s": [{"id": "1", "q": 3, "st": "active"}]});
        let m = merge(base, mine, theirs);
        assert_eq!(
            m.value,
            Some(json!({"s": [{"id": "1", "q": 3, "st": "suspended"}, {"id": "2", "q": 5, "st": "active"}]}))
        );
        assert!(m.conflicts.is_empty());
        let clash = merge(
            json!({"s": [{"id": "1", "q": 1}]}),
            json!({"s": [{"id": "1", "q": 2}]}),
            json!({"s": [{"id": "1", "q": 3}]}),
        );
        assert_eq!(clash.conflicts[0].path, "/s/#1/q");
    }

    #[test]
    fn a_document_created_on_both_sides_conflicts_on_every_differing_field() {
        let m = merge3(None, Some(&json!({"a": 1, "b": 2})), Some(&json!({"a": 1, "b": 3})));
        assert_eq!(m.conflicts.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(), vec!["/b"]);
    }

    #[test]
    fn set_and_get_follow_the_conflict_paths() {
        let mut doc = json!({"a": {"b": 1}, "s": [{"id": "x", "q": 1}]});
        set_path(&mut doc, "/a/b", Some(json!(2)));
        set_path(&mut doc, "/s/#x/q", Some(json!(9)));
        set_path(&mut doc, "/a/c", Some(json!("new")));
        assert_eq!(doc, json!({"a": {"b": 2, "c": "new"}, "s": [{"id": "x", "q": 9}]}));
        assert_eq!(get_path(&doc, "/s/#x/q"), Some(&json!(9)));
        assert_eq!(get_path(&doc, "/s/#y/q"), None);
        set_path(&mut doc, "/a/c", None);
        assert_eq!(get_path(&doc, "/a/c"), None);
    }
}
