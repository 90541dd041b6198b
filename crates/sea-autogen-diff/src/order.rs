//! Orders tables so that every table comes after the tables it references.

use sea_autogen_schema::Table;
use std::collections::{BTreeMap, BTreeSet};

/// Returns `tables` with referenced tables first (ties broken by key), and the tables of a foreign-key cycle
/// when there is one; those are appended in key order. References to tables outside `tables` are ignored.
pub(crate) fn dependencies_first<'a>(tables: &[&'a Table]) -> (Vec<&'a Table>, Option<Vec<String>>) {
    let by_key: BTreeMap<String, &Table> = tables.iter().map(|t| (t.key(), *t)).collect();
    let mut waiting_on: BTreeMap<&str, BTreeSet<String>> = by_key
        .iter()
        .map(|(key, t)| {
            let deps = t.referenced_tables().filter(|r| by_key.contains_key(r)).collect();
            (key.as_str(), deps)
        })
        .collect();

    let mut ordered = Vec::with_capacity(tables.len());
    // Kahn's algorithm, always taking the smallest ready key, so the order is deterministic.
    while let Some(next) = waiting_on.iter().find(|(_, deps)| deps.is_empty()).map(|(key, _)| *key) {
        waiting_on.remove(next);
        for deps in waiting_on.values_mut() {
            deps.remove(next);
        }
        ordered.push(by_key[next]);
    }
    if waiting_on.is_empty() {
        (ordered, None)
    } else {
        let cycle: Vec<String> = waiting_on.keys().map(|k| k.to_string()).collect();
        ordered.extend(waiting_on.keys().map(|k| by_key[*k]));
        (ordered, Some(cycle))
    }
}
