//! Plans the changes that turn one schema into another: `diff(from, to, backend) -> Plan`.
//!
//! No IO and no SeaORM here. Every [`Change`] carries the full definitions it needs, so it can be rendered on its
//! own and inverted on its own ([`Change::inverse`]); the down migration is the inverted plan in reverse order.

mod alter;
mod change;
mod order;
mod rebuild;
mod rename;
mod sql;
mod table;
#[cfg(test)]
mod tests;

pub use alter::{AlterStep, alter_steps};
pub use change::{Change, Risk};
pub use rebuild::{DEFER_FOREIGN_KEYS_SQL, RebuildStep, foreign_key_check_sql, rebuild_name, rebuild_steps};
pub use sql::{add_check_sql, add_unique_sql, drop_constraint_sql, drop_unique_sql, table_comment_sql};

use sea_autogen_schema::{Backend, Schema, Table};
use serde::Serialize;
use std::collections::BTreeMap;

/// Something the plan could not express or wants a person to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// A stable code, such as `unsupported_change`.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// For `possible_rename`: what may have been renamed, so a person can be asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rename: Option<RenameSuggestion>,
}

/// A drop and an add that look like one rename.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenameSuggestion {
    /// `column` or `table`.
    pub kind: &'static str,
    /// The table's key: the table of the column, or the renamed table under its new name.
    pub table: String,
    /// The old and new name of the column, or of the table.
    pub from: String,
    pub to: String,
}

impl Warning {
    /// Whether this warning means the database and the entities still disagree after the plan runs.
    pub fn leaves_difference(&self) -> bool {
        self.code == UNSUPPORTED_CHANGE
    }

    fn unsupported(table: Option<&str>, what: &str) -> Warning {
        let message = match table {
            Some(table) => format!("{table}: {what}; sea-autogen cannot plan this change yet, write it by hand"),
            None => format!("{what}; sea-autogen cannot plan this change yet, write it by hand"),
        };
        Warning {
            code: UNSUPPORTED_CHANGE,
            message,
            table: table.map(str::to_owned),
            rename: None,
        }
    }
}

/// The code of a warning naming a difference the plan does not yet turn into a change.
pub const UNSUPPORTED_CHANGE: &str = "unsupported_change";
/// The code of a warning naming an object of a table that sea-autogen leaves alone.
pub const UNMANAGED_OBJECT: &str = "unmanaged_object";
/// The code of a warning naming a drop and an add that look like a rename, with the hint that makes it one.
pub const POSSIBLE_RENAME: &str = "possible_rename";
/// The code of a warning naming a foreign-key cycle among new tables.
pub const FOREIGN_KEY_CYCLE: &str = "foreign_key_cycle";

/// The ordered changes from one schema to another, for one backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub backend: Backend,
    pub changes: Vec<Change>,
    pub warnings: Vec<Warning>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether the database would still differ from the entities: changes to make, or differences the plan
    /// cannot make yet.
    pub fn has_differences(&self) -> bool {
        !self.changes.is_empty() || self.warnings.iter().any(Warning::leaves_difference)
    }

    /// The changes of the down migration: each inverse, in reverse order.
    pub fn down(&self) -> Vec<Change> {
        self.changes.iter().rev().map(Change::inverse).collect()
    }
}

/// The changes of a plan, gathered by phase and then laid out in an order that always applies: foreign keys
/// that go away are dropped before anything they point at changes, and new ones are added once everything they
/// point at exists.
#[derive(Default)]
pub(crate) struct Phases {
    pub(crate) drop_foreign_keys: Vec<Change>,
    pub(crate) tables: Vec<Change>,
    pub(crate) drop_columns: Vec<Change>,
    pub(crate) add_foreign_keys: Vec<Change>,
}

/// Plans the changes that turn `from` (usually the live database) into `to` (usually the entities) on `backend`.
///
/// Tables and columns are matched by name after normalization, so spellings that the backend treats as equal
/// (`int4` and `integer`, `BigInteger` and `integer` on SQLite) never produce a change. Created and added objects
/// carry `to`'s definitions; dropped ones carry `from`'s, so each change inverts exactly.
pub fn diff(from: &Schema, to: &Schema, backend: Backend) -> Plan {
    let (renamed, renames) = rename::apply_hints(from, to);
    let from = &renamed;
    let mut warnings = rename::suggestions(from, to, backend);
    let created: Vec<&Table> = to
        .tables
        .values()
        .filter(|t| !from.tables.contains_key(&t.key()))
        .collect();
    let dropped: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| !to.tables.contains_key(&t.key()))
        .collect();
    let (have_enums, want_enums) = (from.normalized(backend).enums, to.normalized(backend).enums);

    let mut changes = Vec::new();
    for (name, values) in &want_enums {
        if !have_enums.contains_key(name) {
            changes.push(Change::CreateEnum {
                name: name.clone(),
                values: values.clone(),
            });
        }
    }
    changes.extend(renames);
    let mut phases = Phases::default();
    for (key, want) in &to.tables {
        if let Some(have) = from.tables.get(key) {
            table::changes(have, want, backend, &mut phases, &mut warnings);
        }
    }
    changes.append(&mut phases.drop_foreign_keys);

    let (create_order, cycle) = order::dependencies_first(&created);
    if let Some(cycle) = cycle {
        warnings.push(Warning {
            code: FOREIGN_KEY_CYCLE,
            message: format!(
                "tables {} reference each other in a cycle; they are created in name order, which may fail until \
                 foreign keys are planned as separate changes",
                cycle.join(", ")
            ),
            table: None,
            rename: None,
        });
    }
    changes.extend(create_order.into_iter().map(|t| Change::CreateTable(t.clone())));
    changes.append(&mut phases.tables);
    changes.append(&mut phases.drop_columns);
    changes.append(&mut phases.add_foreign_keys);
    enum_differences(&have_enums, &want_enums, &mut warnings);

    // Tables that reference others go first, so nothing is dropped while something still points at it.
    let (mut drop_order, _) = order::dependencies_first(&dropped);
    drop_order.reverse();
    changes.extend(drop_order.into_iter().map(|t| Change::DropTable(t.clone())));
    for (name, values) in &have_enums {
        if !want_enums.contains_key(name) {
            changes.push(Change::DropEnum {
                name: name.clone(),
                values: values.clone(),
            });
        }
    }

    Plan {
        backend,
        changes,
        warnings,
    }
}

/// Names each change of values of a PostgreSQL enum type that exists on both sides.
fn enum_differences(
    have: &BTreeMap<String, Vec<String>>,
    want: &BTreeMap<String, Vec<String>>,
    warnings: &mut Vec<Warning>,
) {
    for (name, values) in want {
        if let Some(old) = have.get(name)
            && old != values
        {
            let what = format!(
                "enum type {name} has values ({}), the entities want ({})",
                old.join(", "),
                values.join(", ")
            );
            warnings.push(Warning::unsupported(None, &what));
        }
    }
}
