//! Plans the changes that turn one schema into another: `diff(from, to, backend) -> Plan`.
//!
//! No IO and no SeaORM here. Every [`Change`] carries the full definitions it needs, so it can be rendered on its
//! own and inverted on its own ([`Change::inverse`]); the down migration is the inverted plan in reverse order.

mod alter;
mod order;
mod rebuild;
#[cfg(test)]
mod tests;

pub use alter::{AlterStep, alter_steps};
pub use rebuild::{DEFER_FOREIGN_KEYS_SQL, RebuildStep, foreign_key_check_sql, rebuild_name, rebuild_steps};
use sea_autogen_schema::{Backend, Column, ColumnType, Index, Schema, Table, qualified};
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
    /// Changes a column's type, nullability, default or comment in place (PostgreSQL and MySQL).
    AlterColumn {
        table: String,
        schema: Option<String>,
        /// The column as introspected, so the inverse restores it.
        from: Column,
        to: Column,
    },
    CreateIndex {
        table: String,
        schema: Option<String>,
        index: Index,
    },
    /// Carries the index as introspected, so the inverse recreates it exactly.
    DropIndex {
        table: String,
        schema: Option<String>,
        index: Index,
    },
    /// SQLite: the table rebuilt as `to` (copy and swap), keeping every row, for what `ALTER TABLE` cannot do.
    RebuildTable {
        /// The table as introspected, so the inverse rebuilds it back.
        from: Box<Table>,
        to: Box<Table>,
        /// What makes the rebuild necessary, for people: `column age (type)`, `foreign keys`, ...
        reasons: Vec<String>,
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
            Change::AlterColumn { .. } => "alter_column",
            Change::RebuildTable { .. } => "rebuild_table",
            Change::CreateIndex { .. } => "create_index",
            Change::DropIndex { .. } => "drop_index",
            Change::CreateEnum { .. } => "create_enum",
            Change::DropEnum { .. } => "drop_enum",
        }
    }

    /// The key of the table the change touches (`schema.name` outside the default schema); `None` for changes
    /// to types.
    pub fn table(&self) -> Option<String> {
        match self {
            Change::CreateTable(t) | Change::DropTable(t) => Some(t.key()),
            Change::RebuildTable { to, .. } => Some(to.key()),
            Change::AddColumn { table, schema, .. }
            | Change::DropColumn { table, schema, .. }
            | Change::AlterColumn { table, schema, .. }
            | Change::CreateIndex { table, schema, .. }
            | Change::DropIndex { table, schema, .. } => Some(qualified(schema.as_deref(), table)),
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
            Change::AlterColumn {
                table,
                schema,
                from,
                to,
            } => Change::AlterColumn {
                table,
                schema,
                from: to,
                to: from,
            },
            Change::RebuildTable { from, to, reasons } => Change::RebuildTable {
                from: to,
                to: from,
                reasons: reasons.iter().map(|r| invert_reason(r)).collect(),
            },
            Change::CreateIndex { table, schema, index } => Change::DropIndex { table, schema, index },
            Change::DropIndex { table, schema, index } => Change::CreateIndex { table, schema, index },
            Change::CreateEnum { name, values } => Change::DropEnum { name, values },
            Change::DropEnum { name, values } => Change::CreateEnum { name, values },
        }
    }

    pub fn risks(&self) -> Vec<Risk> {
        match self {
            Change::CreateTable(_) | Change::CreateEnum { .. } | Change::DropEnum { .. } | Change::DropIndex { .. } => {
                vec![]
            }
            Change::CreateIndex { index, .. } => {
                // A unique index fails over duplicates; any index build blocks writes unless built concurrently.
                let mut risks = if index.unique { vec![Risk::MayFail] } else { vec![] };
                risks.push(Risk::LongLock);
                risks
            }
            Change::AlterColumn { from, to, .. } => alter_risks(from, to),
            Change::RebuildTable { from, to, reasons } => rebuild_risks(from, to, reasons),
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

    /// For `alter_column`, what changes: `type`, `nullable`, `default`, `comment`, `auto_increment`.
    pub fn column_changes(&self) -> Vec<&'static str> {
        match self {
            Change::AlterColumn { from, to, .. } => column_changes(from, to),
            _ => vec![],
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
            Change::AlterColumn {
                table,
                schema,
                from,
                to,
            } => format!(
                "alter column {}.{} ({})",
                qualified(schema.as_deref(), table),
                to.name,
                column_changes(from, to).join(", ")
            ),
            Change::RebuildTable { to, reasons, .. } => format!("rebuild table {} ({})", to.key(), reasons.join(", ")),
            Change::CreateIndex { table, schema, index } => {
                format!("create index {} on {}", index.name, qualified(schema.as_deref(), table))
            }
            Change::DropIndex { table, schema, index } => {
                format!("drop index {} on {}", index.name, qualified(schema.as_deref(), table))
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
        let have_n = have.normalized(backend);
        let want_n = want.normalized(backend);
        if backend == Backend::Sqlite {
            let reasons = rebuild_reasons(&have_n, &want_n);
            if !reasons.is_empty() {
                if have.unmanaged.is_empty() {
                    // The rebuild recreates the whole table: the column adds and drops above are part of it.
                    changes.retain(|c| !matches!(c, Change::AddColumn { table, .. } if *table == want.name));
                    column_drops.retain(|c| !matches!(c, Change::DropColumn { table, .. } if *table == have.name));
                    changes.push(Change::RebuildTable {
                        from: Box::new(have.clone()),
                        to: Box::new(want.clone()),
                        reasons,
                    });
                } else {
                    warnings.push(Warning {
                        code: UNSUPPORTED_CHANGE,
                        message: format!(
                            "{name}: needs a table rebuild ({}), which would lose what sea-autogen does not model \
                             ({}); write this change by hand",
                            reasons.join(", "),
                            have.unmanaged.join(", ")
                        ),
                        table: Some(name.clone()),
                    });
                }
                continue;
            }
        }
        for want_col in &want.columns {
            let (Some(have_col), Some(want_norm)) = (have.column(&want_col.name), want_n.column(&want_col.name)) else {
                continue;
            };
            let have_norm = have_n.column(&want_col.name).expect("normalized keeps every column");
            let changed = column_changes(have_norm, want_norm);
            if changed.is_empty() {
                continue;
            }
            // SQLite cannot alter a column in place (a rebuild is needed), and no backend here changes
            // auto-increment in place: both stay reported differences.
            if backend == Backend::Sqlite || changed.contains(&"auto_increment") {
                continue;
            }
            // What only differs in spelling keeps the database's spelling, so `from` and `to` differ exactly in
            // `changed`.
            let mut to = want_col.clone();
            if !changed.contains(&"type") {
                to.ty = have_col.ty.clone();
            }
            if !changed.contains(&"default") {
                to.default = have_col.default.clone();
            }
            changes.push(Change::AlterColumn {
                table: want.name.clone(),
                schema: want.schema.clone(),
                from: have_col.clone(),
                to,
            });
        }
        let (index_drops, index_creates) = index_changes(have, want, &have_n, &want_n);
        // Drops first: an index whose definition changed is dropped and created again under its name.
        changes.extend(index_drops);
        changes.extend(index_creates);
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
        // Elsewhere the plan alters the column in place.
        let planned = backend != Backend::Sqlite && !column_changes(have_col, want_col).contains(&"auto_increment");
        if planned {
            continue;
        }
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
    // Unique constraints; unique indexes are planned as indexes, and either kind satisfies the other.
    let unique_columns = |t: &Table| -> BTreeSet<Vec<String>> {
        let constraints = t.uniques.iter().map(|u| u.columns.clone());
        constraints
            .chain(t.indexes.iter().filter(|i| i.unique).map(|i| i.columns.clone()))
            .collect()
    };
    let (have_any, want_any) = (unique_columns(&have_n), unique_columns(&want_n));
    for unique in &want_n.uniques {
        if !have_any.contains(&unique.columns) {
            warn(format!("unique ({}) is missing", unique.columns.join(", ")));
        }
    }
    for unique in &have_n.uniques {
        if !want_any.contains(&unique.columns) {
            warn(format!("unique ({}) is not in the entities", unique.columns.join(", ")));
        }
    }
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

/// What differs between two normalized versions of a column, in the JSON contract's words.
fn column_changes(have: &Column, want: &Column) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if !same_type(&have.ty, &want.ty) {
        changed.push("type");
    }
    if have.nullable != want.nullable {
        changed.push("nullable");
    }
    if have.default != want.default {
        changed.push("default");
    }
    if have.comment != want.comment {
        changed.push("comment");
    }
    if have.auto_increment != want.auto_increment {
        changed.push("auto_increment");
    }
    changed
}

fn alter_risks(from: &Column, to: &Column) -> Vec<Risk> {
    let mut risks = Vec::new();
    if from.ty != to.ty {
        if narrows(&from.ty, &to.ty) {
            risks.push(Risk::DataLoss);
        }
        // A conversion can fail on values the new type cannot hold, and rewrites the table.
        risks.push(Risk::MayFail);
        risks.push(Risk::LongLock);
    }
    if from.nullable && !to.nullable && !risks.contains(&Risk::MayFail) {
        risks.push(Risk::MayFail);
    }
    risks.sort();
    risks
}

/// Whether some value of `from` may not fit `to`: a shorter string, a smaller integer or decimal, text to a
/// sized string, or any change of kind.
fn narrows(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType::*;
    let int_rank = |t: &ColumnType| match t {
        TinyInteger | TinyUnsigned => Some(1),
        SmallInteger | SmallUnsigned => Some(2),
        Integer | Unsigned => Some(3),
        BigInteger | BigUnsigned => Some(4),
        _ => None,
    };
    match (from, to) {
        (String(a) | Char(a), String(b) | Char(b)) => match (a, b) {
            (Some(a), Some(b)) => b < a,
            (None, Some(_)) => true,
            _ => false,
        },
        (String(_) | Char(_), Text) => false,
        (Text, String(Some(_)) | Char(_)) => true,
        (Decimal(Some((p1, s1))), Decimal(Some((p2, s2)))) => p2 < p1 || s2 < s1,
        (Float, Double) => false,
        (Double, Float) => true,
        _ => match (int_rank(from), int_rank(to)) {
            (Some(a), Some(b)) => b < a,
            // Any other change of kind (text to number, number to boolean, ...) may not keep every value.
            _ => from != to,
        },
    }
}

/// Index drops and creations that turn `have`'s indexes into `want`'s. An index whose definition changed is
/// dropped and created again. A unique index standing for a unique constraint of the other side (MySQL reports
/// unique constraints as unique indexes) is left to the constraint comparison.
fn index_changes(have: &Table, want: &Table, have_n: &Table, want_n: &Table) -> (Vec<Change>, Vec<Change>) {
    let comparable = |t: &Table, other: &Table| -> BTreeMap<String, Index> {
        t.indexes
            .iter()
            .filter(|i| !(i.unique && other.uniques.iter().any(|u| u.columns == i.columns)))
            .map(|i| (i.name.clone(), i.clone()))
            .collect()
    };
    let (have_idx, want_idx) = (comparable(have_n, want_n), comparable(want_n, have_n));
    let original = |t: &Table, name: &str| {
        t.indexes
            .iter()
            .find(|i| i.name == name)
            .cloned()
            .expect("normalizing keeps index names")
    };
    let mut drops = Vec::new();
    let mut creates = Vec::new();
    for (name, index) in &have_idx {
        if want_idx.get(name) != Some(index) {
            drops.push(Change::DropIndex {
                table: have.name.clone(),
                schema: have.schema.clone(),
                index: original(have, name),
            });
        }
    }
    for (name, index) in &want_idx {
        if have_idx.get(name) != Some(index) {
            creates.push(Change::CreateIndex {
                table: want.name.clone(),
                schema: want.schema.clone(),
                index: original(want, name),
            });
        }
    }
    (drops, creates)
}

/// Why SQLite must rebuild table `have` into `want` (both normalized); empty when `ALTER TABLE`, `CREATE INDEX` and
/// `DROP INDEX` are enough.
fn rebuild_reasons(have: &Table, want: &Table) -> Vec<String> {
    let mut reasons = Vec::new();
    for want_col in &want.columns {
        match have.column(&want_col.name) {
            Some(have_col) => {
                let changed = column_changes(have_col, want_col);
                if !changed.is_empty() {
                    reasons.push(format!("column {} ({})", want_col.name, changed.join(", ")));
                }
            }
            // SQLite adds a NOT NULL column only with a default, and never a key column.
            None if !want_col.nullable && want_col.default.is_none() => {
                reasons.push(format!("column {} added", want_col.name))
            }
            None => {}
        }
    }
    if have.primary_key.as_ref().map(|pk| &pk.columns) != want.primary_key.as_ref().map(|pk| &pk.columns) {
        reasons.push("primary key".to_owned());
    }
    if have.foreign_keys != want.foreign_keys {
        reasons.push("foreign keys".to_owned());
    }
    let unique_sets = |t: &Table| -> BTreeSet<Vec<String>> { t.uniques.iter().map(|u| u.columns.clone()).collect() };
    if unique_sets(have) != unique_sets(want) {
        reasons.push("unique constraints".to_owned());
    }
    if have.checks != want.checks {
        reasons.push("check constraints".to_owned());
    }
    if !reasons.is_empty() {
        for have_col in &have.columns {
            if want.column(&have_col.name).is_none() {
                reasons.push(format!("column {} dropped", have_col.name));
            }
        }
    }
    reasons
}

/// The reason of the inverse rebuild: what was added is dropped, and the other way round.
fn invert_reason(reason: &str) -> String {
    if let Some(column) = reason.strip_suffix(" added") {
        format!("{column} dropped")
    } else if let Some(column) = reason.strip_suffix(" dropped") {
        format!("{column} added")
    } else {
        reason.to_owned()
    }
}

fn rebuild_risks(from: &Table, to: &Table, reasons: &[String]) -> Vec<Risk> {
    let mut risks = vec![Risk::LongLock];
    if from.columns.iter().any(|c| to.column(&c.name).is_none()) {
        risks.push(Risk::DataLoss);
    }
    // Copying fails on rows the new definition refuses: a new NOT NULL, key, unique, check or foreign key.
    let stricter = to.columns.iter().any(|c| {
        from.column(&c.name)
            .map_or(!c.nullable && c.default.is_none() && !c.auto_increment, |old| {
                old.nullable && !c.nullable
            })
    }) || reasons.iter().any(|r| r.contains("(type") || !r.starts_with("column "));
    if stricter {
        risks.push(Risk::MayFail);
    }
    risks.sort();
    risks
}
