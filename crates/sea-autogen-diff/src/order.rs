//! Orders tables so that every table comes after the tables it references.

use sea_autogen_schema::Table;
use std::collections::{BTreeMap, BTreeSet};

/// Returns `tables` with referenced tables first (ties broken by name), and the tables of a foreign-key cycle
/// when there is one; those are appended in name order. References to tables outside `tables` are ignored.
pub(crate) fn dependencies_first<'a>(tables: &[&'a Table]) -> (Vec<&'a Table>, Option<Vec<String>>) {
    let by_name: BTreeMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), *t)).collect();
    let mut waiting_on: BTreeMap<&str, BTreeSet<&str>> = by_name
        .iter()
        .map(|(name, t)| {
            (
                *name,
                t.referenced_tables().filter(|r| by_name.contains_key(r)).collect(),
            )
        })
        .collect();

    let mut ordered = Vec::with_capacity(tables.len());
    // Kahn's algorithm, always taking the smallest ready name, so the order is deterministic.
    while let Some(next) = waiting_on
        .iter()
        .find(|(_, deps)| deps.is_empty())
        .map(|(name, _)| *name)
    {
        waiting_on.remove(next);
        for deps in waiting_on.values_mut() {
            deps.remove(next);
        }
        ordered.push(by_name[next]);
    }
    if waiting_on.is_empty() {
        (ordered, None)
    } else {
        let cycle: Vec<String> = waiting_on.keys().map(|n| n.to_string()).collect();
        ordered.extend(waiting_on.keys().map(|n| by_name[n]));
        (ordered, Some(cycle))
    }
}
