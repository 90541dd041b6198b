//! Plans the changes that turn one schema into another: `diff(from, to, backend) -> Plan`.
//!
//! No IO and no SeaORM here. Every [`Change`] carries the full definitions it needs, so it can be rendered on its
//! own and inverted on its own ([`Change::inverse`]); the down migration is the inverted plan in reverse order.

mod alter;
mod change;
mod enums;
mod lint;
mod lower;
mod online;
mod order;
mod rebuild;
mod rename;
mod sql;
mod table;
#[cfg(test)]
mod tests;

pub use alter::{AlterStep, alter_steps};
pub use change::{Change, EnumColumn, Risk, enum_only_adds, in_place, widens};
pub use enums::{EnumStep, alter_enum_steps};
pub use lint::{Finding, lint, lint_change};
pub use lower::{DefaultValue, Statement, column_default_value, default_value, lower};
pub use online::{Part, invalid_index_sql, lock_safe, parts};
pub use rebuild::{DEFER_FOREIGN_KEYS_SQL, RebuildStep, foreign_key_check_sql, rebuild_name, rebuild_steps};
pub use sql::{
    add_check_sql, add_unique_sql, column_comment_sql, created_comments_sql, drop_constraint_sql, drop_unique_sql,
    primary_key_sql, table_comment_sql,
};

use sea_autogen_schema::{Backend, ColumnType, ForeignKey, Schema, Table, TableName};
use serde::Serialize;

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
    let (renamed, renames) = rename::apply_hints(from, to, backend);
    let from = &renamed;
    let mut warnings = rename::suggestions(from, to, backend);
    if !from.unmanaged.is_empty() {
        warnings.push(Warning {
            code: UNMANAGED_OBJECT,
            message: format!(
                "the database also holds what sea-autogen does not manage, left as it is: {}",
                from.unmanaged.join(", ")
            ),
            table: None,
            rename: None,
        });
    }
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
    // Renames before the types' values change: the columns a rebuilt type converts go by their new names.
    changes.extend(renames);
    for (name, values) in &want_enums {
        if let Some(old) = have_enums.get(name)
            && old != values
        {
            changes.push(Change::AlterEnum {
                name: name.clone(),
                from: old.clone(),
                to: values.clone(),
                columns: enum_columns(from, name),
            });
        }
    }
    let mut phases = Phases::default();
    for (key, want) in &to.tables {
        if let Some(have) = from.tables.get(key) {
            table::changes(have, want, backend, &mut phases, &mut warnings);
        }
    }
    for change in &mut phases.tables {
        if let Change::RebuildTable {
            from: table,
            dependents,
            ..
        } = change
        {
            *dependents = on_delete_dependents(from, to, &table.key());
        }
    }
    changes.append(&mut phases.drop_foreign_keys);

    // Tables are created referenced-first. A reference the order cannot honour (a cycle) is left out of its
    // table and added once every table exists; SQLite accepts references to tables still to come, so there the
    // table keeps it.
    let (create_order, _) = order::dependencies_first(&created);
    let (create_order, late_keys) = split_back_references(create_order, backend);
    changes.extend(create_order.into_iter().map(Change::CreateTable));
    changes.append(&mut phases.tables);
    changes.append(&mut phases.drop_columns);
    changes.append(&mut phases.add_foreign_keys);
    changes.extend(
        late_keys
            .into_iter()
            .map(|(table, foreign_key)| Change::AddForeignKey { table, foreign_key }),
    );

    // Tables that reference others go first, so nothing is dropped while something still points at it; the
    // references of a cycle are dropped on their own before any of its tables.
    let (drop_order, _) = order::dependencies_first(&dropped);
    let (drop_order, early_keys) = split_back_references(drop_order, backend);
    let mut drop_changes: Vec<Change> = early_keys
        .into_iter()
        .map(|(table, foreign_key)| Change::DropForeignKey { table, foreign_key })
        .collect();
    drop_changes.extend(drop_order.into_iter().rev().map(Change::DropTable));
    changes.extend(drop_changes);
    for (name, values) in &have_enums {
        if !want_enums.contains_key(name) {
            changes.push(Change::DropEnum {
                name: name.clone(),
                values: values.clone(),
            });
        }
    }

    // sea-query writes the names of indexes and constraints between quotes without doubling a quote inside them:
    // a change that would write such a name is left to be written by hand rather than produce broken SQL.
    changes.retain(|change| {
        // `down` runs the inverse: a table dropped is created again with its indexes and keys.
        let inverse = change.inverse();
        let unquotable: Vec<&str> = constraint_names(change)
            .into_iter()
            .chain(constraint_names(&inverse))
            .filter(|name| name.contains(['"', '`']))
            .collect();
        if let Some(name) = unquotable.first() {
            let table = change.table_name().map(|t| t.to_string());
            warnings.push(Warning::unsupported(
                table.as_deref(),
                &format!(
                    "{}: the name {name:?} holds a quote character, which the statement builders cannot write; \
                     rename it",
                    change.describe()
                ),
            ));
        }
        unquotable.is_empty()
    });

    Plan {
        backend,
        changes,
        warnings,
    }
}

/// The names of a table's indexes, foreign keys and composite unique constraints, which the statement builders
/// write when they create it.
fn table_constraint_names(t: &Table) -> Vec<&str> {
    let indexes = t.indexes.iter().map(|i| i.name.as_str());
    let keys = t.foreign_keys.iter().filter_map(|f| f.name.as_deref());
    let uniques = t
        .uniques
        .iter()
        .filter(|u| u.columns.len() > 1)
        .filter_map(|u| u.name.as_deref());
    indexes.chain(keys).chain(uniques).collect()
}

/// The names a change hands to the statement builders: indexes and foreign keys. (Unique and check constraints
/// are written by sea-autogen itself, quoted with `quote_ident`; dropping a table names nothing else.)
fn constraint_names(change: &Change) -> Vec<&str> {
    match change.plain() {
        Change::CreateTable(t) => table_constraint_names(t),
        Change::CreateIndex { index, .. } | Change::DropIndex { index, .. } => vec![index.name.as_str()],
        Change::AddForeignKey { foreign_key, .. } | Change::DropForeignKey { foreign_key, .. } => {
            foreign_key.name.as_deref().into_iter().collect()
        }
        Change::RebuildTable { from, to, .. } => {
            let mut names = table_constraint_names(from);
            names.extend(table_constraint_names(to));
            names
        }
        _ => Vec::new(),
    }
}

/// The tables whose `ON DELETE` actions deleting the rows of table `key` fires, directly or through one another,
/// each after the tables it references. A table of `from` counts with its keys as they are and as they will be:
/// another table rebuilt earlier in the plan may already have its new keys when this one is dropped.
fn on_delete_dependents(from: &Schema, to: &Schema, key: &str) -> Vec<String> {
    use sea_autogen_schema::ForeignKeyAction::{Cascade, SetDefault, SetNull};
    let mut reached = vec![key.to_owned()];
    let mut dependents = Vec::new();
    let mut i = 0;
    while i < reached.len() {
        let current = reached[i].clone();
        for table in from.tables.values() {
            let keys = table
                .foreign_keys
                .iter()
                .chain(to.tables.get(&table.key()).into_iter().flat_map(|t| &t.foreign_keys));
            let fires = keys
                .into_iter()
                .any(|fk| fk.ref_key() == current && matches!(fk.on_delete, Some(Cascade | SetNull | SetDefault)));
            let k = table.key();
            if fires && !reached.contains(&k) {
                reached.push(k.clone());
                dependents.push(table.name.clone());
            }
        }
        i += 1;
    }
    dependents
}

/// The columns of `schema` whose type is the enum `name`.
fn enum_columns(schema: &Schema, name: &str) -> Vec<EnumColumn> {
    let mut columns = Vec::new();
    for table in schema.tables.values() {
        for column in &table.columns {
            if matches!(&column.ty, ColumnType::Enum { name: n, .. } if n == name) {
                columns.push(EnumColumn {
                    table: table.table_name(),
                    column: column.name.clone(),
                    default: column.default.clone(),
                });
            }
        }
    }
    columns
}

/// Takes out of each table the foreign keys to a table that comes later in `order` (itself excluded), to be
/// added (or dropped) as changes of their own. SQLite needs none taken out.
fn split_back_references(order: Vec<&Table>, backend: Backend) -> (Vec<Table>, Vec<(TableName, ForeignKey)>) {
    let mut seen = std::collections::BTreeSet::new();
    let later: std::collections::BTreeSet<String> = order.iter().map(|t| t.key()).collect();
    let mut tables = Vec::with_capacity(order.len());
    let mut split = Vec::new();
    for table in order {
        let key = table.key();
        seen.insert(key.clone());
        let mut table = table.clone();
        if backend != Backend::Sqlite {
            let (keep, defer): (Vec<_>, Vec<_>) = table.foreign_keys.into_iter().partition(|fk| {
                let target = fk.ref_key();
                target == key || seen.contains(&target) || !later.contains(&target)
            });
            table.foreign_keys = keep;
            split.extend(defer.into_iter().map(|fk| (table.table_name(), fk)));
        }
        tables.push(table);
    }
    (tables, split)
}

/// Breaks `text` into lines of at most `width` characters (a longer word keeps its own line); newlines stay.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut line));
                line.push_str("  ");
            } else if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out.join("\n")
}
