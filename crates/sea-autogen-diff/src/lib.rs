//! Plans the changes that turn one schema into another: `diff(from, to, backend) -> Plan`.
//!
//! No IO and no SeaORM here. Every [`Change`] carries the full definitions it needs, so it can be rendered on its
//! own and inverted on its own ([`Change::inverse`]); the down migration is the inverted plan in reverse order.

mod order;
#[cfg(test)]
mod tests;

use sea_autogen_schema::{Backend, Column, ColumnType, Schema, Table, qualified};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One step of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    CreateTable(Table),
    /// Carries the table as introspected, so the inverse recreates it exactly.
    DropTable(Table),
    AddColumn {
        table: String,
        /// The table's PostgreSQL schema when it is not the default one.
        schema: Option<String>,
        column: Column,
    },
    /// Carries the column as introspected, so the inverse re-adds it exactly.
    DropColumn {
        table: String,
        schema: Option<String>,
        column: Column,
    },
    /// A PostgreSQL enum type, created before the tables that use it.
    CreateEnum {
        name: String,
        values: Vec<String>,
    },
    /// A PostgreSQL enum type no table uses any more, dropped after them; carries the values to recreate it.
    DropEnum {
        name: String,
        values: Vec<String>,
    },
}

/// What can go wrong when a change runs against a database that holds rows (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Rows or values are lost.
    DataLoss,
    /// Fails on existing rows (NOT NULL without a default, a new unique, ...).
    MayFail,
    /// Holds a long lock (table rewrite, blocking index build).
    LongLock,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::DataLoss => "data_loss",
            Risk::MayFail => "may_fail",
            Risk::LongLock => "long_lock",
        }
    }
}

impl Change {
    /// The operation name of the JSON contract (`create_table`, `add_column`, ...).
    pub fn op(&self) -> &'static str {
        match self {
            Change::CreateTable(_) => "create_table",
            Change::DropTable(_) => "drop_table",
            Change::AddColumn { .. } => "add_column",
            Change::DropColumn { .. } => "drop_column",
            Change::CreateEnum { .. } => "create_enum",
            Change::DropEnum { .. } => "drop_enum",
        }
    }

    /// The key of the table the change touches (`schema.name` outside the default schema); `None` for changes
    /// to types.
    pub fn table(&self) -> Option<String> {
        match self {
            Change::CreateTable(t) | Change::DropTable(t) => Some(t.key()),
            Change::AddColumn { table, schema, .. } | Change::DropColumn { table, schema, .. } => {
                Some(qualified(schema.as_deref(), table))
            }
            Change::CreateEnum { .. } | Change::DropEnum { .. } => None,
        }
    }

    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self.clone() {
            Change::CreateTable(t) => Change::DropTable(t),
            Change::DropTable(t) => Change::CreateTable(t),
            Change::AddColumn { table, schema, column } => Change::DropColumn { table, schema, column },
            Change::DropColumn { table, schema, column } => Change::AddColumn { table, schema, column },
            Change::CreateEnum { name, values } => Change::DropEnum { name, values },
            Change::DropEnum { name, values } => Change::CreateEnum { name, values },
        }
    }

    pub fn risks(&self) -> Vec<Risk> {
        match self {
            Change::CreateTable(_) | Change::CreateEnum { .. } | Change::DropEnum { .. } => vec![],
            Change::DropTable(_) | Change::DropColumn { .. } => vec![Risk::DataLoss],
            Change::AddColumn { column, .. } => {
                if !column.nullable && column.default.is_none() && !column.auto_increment {
                    vec![Risk::MayFail]
                } else {
                    vec![]
                }
            }
        }
    }

    /// True exactly when the change loses data (`risks` contains `data_loss`).
    pub fn is_destructive(&self) -> bool {
        self.risks().contains(&Risk::DataLoss)
    }

    /// A one-line description for people: `create table user_account`, `add column address.note`.
    pub fn describe(&self) -> String {
        match self {
            Change::CreateTable(t) => format!("create table {}", t.key()),
            Change::DropTable(t) => format!("drop table {}", t.key()),
            Change::AddColumn { table, schema, column } => {
                format!("add column {}.{}", qualified(schema.as_deref(), table), column.name)
            }
            Change::DropColumn { table, schema, column } => {
                format!("drop column {}.{}", qualified(schema.as_deref(), table), column.name)
            }
            Change::CreateEnum { name, values } => format!("create enum {name} ({})", values.join(", ")),
            Change::DropEnum { name, .. } => format!("drop enum {name}"),
        }
    }
}

/// Something the plan could not express or wants a person to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// A stable code, such as `unsupported_change`.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
}

impl Warning {
    /// Whether this warning means the database and the entities still disagree after the plan runs.
    pub fn leaves_difference(&self) -> bool {
        self.code == UNSUPPORTED_CHANGE
    }
}

/// The code of a warning naming a difference the plan does not yet turn into a change.
pub const UNSUPPORTED_CHANGE: &str = "unsupported_change";
/// The code of a warning naming an object of a table that sea-autogen leaves alone.
pub const UNMANAGED_OBJECT: &str = "unmanaged_object";
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

/// Plans the changes that turn `from` (usually the live database) into `to` (usually the entities) on `backend`.
///
/// Tables and columns are matched by name after normalization, so spellings that the backend treats as equal
/// (`int4` and `integer`, `BigInteger` and `integer` on SQLite) never produce a change. Created and added objects
/// carry `to`'s definitions; dropped ones carry `from`'s, so each change inverts exactly.
pub fn diff(from: &Schema, to: &Schema, backend: Backend) -> Plan {
    let mut warnings = Vec::new();

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

    let mut changes = Vec::new();
    let (have_enums, want_enums) = (from.normalized(backend).enums, to.normalized(backend).enums);
    for (name, values) in &want_enums {
        if !have_enums.contains_key(name) {
            changes.push(Change::CreateEnum {
                name: name.clone(),
                values: values.clone(),
            });
        }
    }
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
        });
    }
    changes.extend(create_order.into_iter().map(|t| Change::CreateTable(t.clone())));

    let mut column_drops = Vec::new();
    for (name, want) in &to.tables {
        let Some(have) = from.tables.get(name) else { continue };
        for column in &want.columns {
            if have.column(&column.name).is_none() {
                changes.push(Change::AddColumn {
                    table: want.name.clone(),
                    schema: want.schema.clone(),
                    column: column.clone(),
                });
            }
        }
        for column in &have.columns {
            if want.column(&column.name).is_none() {
                column_drops.push(Change::DropColumn {
                    table: have.name.clone(),
                    schema: have.schema.clone(),
                    column: column.clone(),
                });
            }
        }
        unsupported_differences(have, want, backend, &mut warnings);
        for object in &have.unmanaged {
            warnings.push(Warning {
                code: UNMANAGED_OBJECT,
                message: format!("{name}: {object} is not modelled by sea-autogen; it is left as it is"),
                table: Some(name.clone()),
            });
        }
    }
    changes.extend(column_drops);
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

/// Names each difference between two versions of a table that no change in the plan covers yet.
fn unsupported_differences(have: &Table, want: &Table, backend: Backend, warnings: &mut Vec<Warning>) {
    let have_n = have.normalized(backend);
    let want_n = want.normalized(backend);
    let mut warn = |what: String| {
        warnings.push(Warning {
            code: UNSUPPORTED_CHANGE,
            message: format!(
                "{}: {what}; sea-autogen cannot plan this change yet, write it by hand",
                have.name
            ),
            table: Some(have.name.clone()),
        })
    };
    for want_col in &want_n.columns {
        let Some(have_col) = have_n.column(&want_col.name) else {
            continue;
        };
        let mut what = Vec::new();
        if !same_type(&have_col.ty, &want_col.ty) {
            what.push(format!("type {} -> {}", have_col.ty, want_col.ty));
        }
        if have_col.nullable != want_col.nullable {
            what.push(format!("nullable {} -> {}", have_col.nullable, want_col.nullable));
        }
        if have_col.default != want_col.default {
            what.push(format!(
                "default {} -> {}",
                have_col.default.as_deref().unwrap_or("none"),
                want_col.default.as_deref().unwrap_or("none")
            ));
        }
        if have_col.auto_increment != want_col.auto_increment {
            what.push(format!(
                "auto_increment {} -> {}",
                have_col.auto_increment, want_col.auto_increment
            ));
        }
        if have_col.comment != want_col.comment {
            what.push("comment".to_owned());
        }
        if !what.is_empty() {
            warn(format!("column {} changes {}", want_col.name, what.join(", ")));
        }
    }
    // Constraints on columns the plan adds or drops are part of those changes' definitions only for new tables;
    // on existing tables any difference in these sets is still to be written by hand.
    let set_diff = |label: &str, have: BTreeSet<String>, want: BTreeSet<String>, warn: &mut dyn FnMut(String)| {
        for missing in want.difference(&have) {
            warn(format!("{label} {missing} is missing"));
        }
        for extra in have.difference(&want) {
            warn(format!("{label} {extra} is not in the entities"));
        }
    };
    let pk = |t: &Table| {
        t.primary_key
            .iter()
            .map(|pk| format!("({})", pk.columns.join(", ")))
            .collect()
    };
    set_diff("primary key", pk(&have_n), pk(&want_n), &mut warn);
    let fks = |t: &Table| {
        t.foreign_keys
            .iter()
            .map(|fk| {
                format!(
                    "({}) -> {}({})",
                    fk.columns.join(", "),
                    fk.ref_table,
                    fk.ref_columns.join(", ")
                )
            })
            .collect()
    };
    set_diff("foreign key", fks(&have_n), fks(&want_n), &mut warn);
    let uniques = |t: &Table| {
        let mut set: BTreeSet<String> = t
            .uniques
            .iter()
            .map(|u| format!("({})", u.columns.join(", ")))
            .collect();
        set.extend(
            t.indexes
                .iter()
                .filter(|i| i.unique)
                .map(|i| format!("({})", i.columns.join(", "))),
        );
        set
    };
    set_diff("unique", uniques(&have_n), uniques(&want_n), &mut warn);
    let indexes = |t: &Table| t.indexes.iter().filter(|i| !i.unique).map(describe_index).collect();
    set_diff("index", indexes(&have_n), indexes(&want_n), &mut warn);
    let checks = |t: &Table| {
        t.checks
            .iter()
            .map(|c| match &c.name {
                Some(name) => format!("{name} ({})", c.expr),
                None => format!("({})", c.expr),
            })
            .collect()
    };
    set_diff("check", checks(&have_n), checks(&want_n), &mut warn);
    if have_n.comment != want_n.comment {
        warn("table comment".to_owned());
    }
}

/// `name (a, b DESC) WHERE p`: everything that makes two indexes different.
fn describe_index(index: &sea_autogen_schema::Index) -> String {
    let columns: Vec<String> = index
        .columns
        .iter()
        .map(|c| match index.is_descending(c) {
            true => format!("{c} DESC"),
            false => c.clone(),
        })
        .collect();
    let mut text = format!("{} ({})", index.name, columns.join(", "));
    if let Some(predicate) = &index.predicate {
        text.push_str(" WHERE ");
        text.push_str(predicate);
    }
    text
}

/// Names each change of values of a PostgreSQL enum type that exists on both sides.
fn enum_differences(
    have: &BTreeMap<String, Vec<String>>,
    want: &BTreeMap<String, Vec<String>>,
    warnings: &mut Vec<Warning>,
) {
    for (name, values) in want {
        let what = match have.get(name) {
            Some(old) if old != values => format!(
                "enum type {name} has values ({}), the entities want ({})",
                old.join(", "),
                values.join(", ")
            ),
            _ => continue,
        };
        warnings.push(Warning {
            code: UNSUPPORTED_CHANGE,
            message: format!("{what}; sea-autogen cannot plan this change yet, write it by hand"),
            table: None,
        });
    }
}

/// Column types compare equal; two PostgreSQL enums of the same name are the same type even when their values
/// differ, since the values belong to the type (planned as an enum change), not to the column.
fn same_type(have: &ColumnType, want: &ColumnType) -> bool {
    match (have, want) {
        (ColumnType::Enum { name: a, .. }, ColumnType::Enum { name: b, .. }) if !a.is_empty() => a == b,
        _ => have == want,
    }
}
