//! Lock-safe forms (PostgreSQL): changes to tables in use, made so that writers never wait for a table to be read
//! through. [`lock_safe`] decides which changes of a plan take their lock-safe form ([`Change::Online`]);
//! [`parts`] lays a plan out as migrations (the transactional ones, and one outside a transaction for what
//! PostgreSQL refuses to run in one); [`lower_online`] says the statements of each form.
//!
//! Every statement of a lock-safe form can run again after a failure (a concurrent build that failed leaves an
//! INVALID index, dropped before the next try; constraints are added only when missing), because a migration that
//! runs outside a transaction is not rolled back when it stops halfway.

use crate::change::same_type;
use crate::lower::{NOTE_WIDTH, Statement, raw};
use crate::sql::{add_unique_sql, columns_sql, drop_unique_sql, table_sql};
use crate::{Change, Plan, enum_only_adds, wrap};
use sea_autogen_schema::{Backend, Column, ForeignKey, Index, TableName, quote_ident, quote_string};
use std::collections::BTreeSet;

/// `plan` with each change that can take its lock-safe form wrapped in [`Change::Online`]. PostgreSQL: an index
/// built or dropped on an existing table, a unique constraint, foreign key or check added to one, a column made NOT
/// NULL; a change keeps its plain form where a change after it in the plan depends on it, since lock-safe forms run
/// after every plain change of the revision. MySQL and MariaDB: an index or unique constraint added or dropped
/// (`ALGORITHM=INPLACE, LOCK=NONE`), a column added, and a column change the server makes without copying the table
/// (`ALGORITHM=INSTANT`). SQLite plans come back as they are.
pub fn lock_safe(mut plan: Plan) -> Plan {
    if plan.backend == Backend::Mysql {
        // Nothing moves on MySQL: each change keeps its place, with the clause that makes the server refuse to
        // copy the table rather than copy it.
        for change in &mut plan.changes {
            if mysql_online(change) {
                *change = Change::Online(Box::new(change.clone()));
            }
        }
        return plan;
    }
    if plan.backend != Backend::Postgres {
        return plan;
    }
    let created: BTreeSet<TableName> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateTable(t) => Some(t.table_name()),
            _ => None,
        })
        .collect();
    // From the last change back, so that whether a later change stays plain is known.
    for i in (0..plan.changes.len()).rev() {
        let change = &plan.changes[i];
        let later_plain = plan.changes[i + 1..].iter().filter(|c| !c.is_online());
        if eligible(change, &created) && !later_plain.clone().any(|later| depends(later, change)) {
            plan.changes[i] = Change::Online(Box::new(change.clone()));
        }
    }
    plan
}

/// Whether MySQL makes `change` without copying the table, writes going on: index and unique changes in place,
/// columns added, and column changes that touch only the definition (a default, a comment, a `varchar` that keeps
/// its length prefix, values appended to an `ENUM`).
fn mysql_online(change: &Change) -> bool {
    match change {
        Change::CreateIndex {
            index, foreign_keys, ..
        } => foreign_keys.is_empty() && index.predicate.is_none(),
        Change::DropIndex { foreign_keys, .. } => foreign_keys.is_empty(),
        Change::AddUnique {
            unique, foreign_keys, ..
        } => foreign_keys.is_empty() && unique.name.is_some(),
        Change::AddColumn { column, .. } => !column.auto_increment,
        Change::AlterColumn { from, to, .. } => {
            from.nullable == to.nullable
                && from.auto_increment == to.auto_increment
                && (from.ty == to.ty || crate::in_place(&from.ty, &to.ty, Backend::Mysql))
        }
        _ => false,
    }
}

/// The name `$autogen$`-quoted bodies must not hold (see [`guarded`]).
const DOLLAR_TAG: &str = "$autogen$";

fn eligible(change: &Change, created: &BTreeSet<TableName>) -> bool {
    let existing = |table: &TableName| !created.contains(table);
    match change {
        Change::CreateIndex { table, index, .. } => {
            existing(table) && !index.predicate.as_deref().is_some_and(|p| p.contains(DOLLAR_TAG))
        }
        Change::DropIndex {
            table, foreign_keys, ..
        } => existing(table) && foreign_keys.is_empty(),
        Change::AddUnique { table, unique, .. } => existing(table) && unique.name.is_some(),
        Change::AddForeignKey { table, foreign_key } => existing(table) && foreign_key.name.is_some(),
        Change::AddCheck { table, check } => {
            existing(table) && check.name.is_some() && !check.expr.contains(DOLLAR_TAG)
        }
        Change::AlterColumn { table, from, to } => existing(table) && not_null_only(from, to),
        _ => false,
    }
}

/// The column becomes NOT NULL and nothing else changes but, perhaps, its default.
fn not_null_only(from: &Column, to: &Column) -> bool {
    from.nullable
        && !to.nullable
        && same_type(&from.ty, &to.ty)
        && from.ty == to.ty
        && from.auto_increment == to.auto_increment
        && from.comment == to.comment
}

/// Whether `later` (a plain change after `change` in the plan) must keep its place after `change`: it touches the
/// columns or the name `change` works on, or references a table whose unique index `change` builds. Moving
/// `change` after it would then change what either does, in `up` or in `down`.
fn depends(later: &Change, change: &Change) -> bool {
    let Some(table) = change.table_name() else {
        return false;
    };
    let (columns, names, any_column) = touched(change);
    let names_clash = |name: &str| names.iter().any(|n| n == name);
    let builds_unique = matches!(change, Change::AddUnique { .. })
        || matches!(change, Change::CreateIndex { index, .. } if index.unique);
    let references = |fk: &ForeignKey| fk.ref_key() == table.to_string();
    match later {
        Change::CreateTable(t) => {
            t.indexes.iter().any(|i| names_clash(&i.name))
                || t.uniques.iter().filter_map(|u| u.name.as_deref()).any(names_clash)
                || t.checks.iter().filter_map(|c| c.name.as_deref()).any(names_clash)
                || t.foreign_keys.iter().filter_map(|f| f.name.as_deref()).any(names_clash)
                || (builds_unique && t.foreign_keys.iter().any(references))
        }
        Change::AddForeignKey { foreign_key, .. } if builds_unique && references(foreign_key) => true,
        _ if later.table_name().as_ref() != Some(&table) => constraint_name(later).is_some_and(names_clash),
        Change::AddColumn { .. } | Change::SetTableComment { .. } => false,
        Change::DropColumn { column, .. } => any_column || columns.contains(&column.name),
        Change::AlterColumn { to, .. } => any_column || columns.contains(&to.name),
        _ => match constraint_name(later) {
            Some(name) => names_clash(name),
            // Renames, key changes and rebuilds change what everything after them names.
            None => true,
        },
    }
}

/// The columns a change works on, the names of what it creates or drops, and whether it holds an expression that
/// may name any column (a check, an index predicate).
fn touched(change: &Change) -> (Vec<String>, Vec<String>, bool) {
    match change {
        Change::CreateIndex { index, .. } | Change::DropIndex { index, .. } => (
            index.columns.clone(),
            vec![index.name.clone()],
            index.predicate.is_some(),
        ),
        Change::AddUnique { unique, .. } => (unique.columns.clone(), unique.name.iter().cloned().collect(), false),
        Change::AddForeignKey { foreign_key, .. } => (
            foreign_key.columns.clone(),
            foreign_key.name.iter().cloned().collect(),
            false,
        ),
        Change::AddCheck { check, .. } => (Vec::new(), check.name.iter().cloned().collect(), true),
        Change::AlterColumn { to, .. } => (vec![to.name.clone()], Vec::new(), false),
        _ => (Vec::new(), Vec::new(), true),
    }
}

/// The name of the index or constraint a change creates or drops.
fn constraint_name(change: &Change) -> Option<&str> {
    match change {
        Change::CreateIndex { index, .. } | Change::DropIndex { index, .. } => Some(&index.name),
        Change::AddUnique { unique, .. } | Change::DropUnique { unique, .. } => unique.name.as_deref(),
        Change::AddForeignKey { foreign_key, .. } | Change::DropForeignKey { foreign_key, .. } => {
            foreign_key.name.as_deref()
        }
        Change::AddCheck { check, .. } | Change::DropCheck { check, .. } => check.name.as_deref(),
        _ => None,
    }
}

/// One migration of a revision: its changes, and whether it runs in a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub changes: Vec<Change>,
    /// `false` for the lock-safe forms, which PostgreSQL refuses to run in a transaction.
    pub transactional: bool,
    /// Why the revision is split here, for the file's reader; `None` when it is not split.
    pub why: Option<String>,
}

impl Part {
    /// The changes of the part's `down`: each inverse, in reverse order.
    pub fn down(&self) -> Vec<Change> {
        self.changes.iter().rev().map(Change::inverse).collect()
    }
}

/// The migrations a plan is written as, in the order they apply: usually one. On PostgreSQL, enum values that the
/// rest of the plan uses are added in a migration of their own (PostgreSQL refuses a value in the transaction that
/// added it); the lock-safe forms come last, in a migration that runs outside a transaction. A plan without
/// changes is one empty migration.
pub fn parts(plan: &Plan) -> Vec<Part> {
    if plan.backend != Backend::Postgres {
        // MySQL commits each schema change anyway, and its lock-safe forms keep their place.
        return vec![Part {
            changes: plan.changes.clone(),
            transactional: true,
            why: None,
        }];
    }
    let (online, plain): (Vec<Change>, Vec<Change>) = plan.changes.iter().cloned().partition(Change::is_online);
    let mut parts = Vec::new();
    let split = (plan.backend == Backend::Postgres)
        .then(|| {
            plain.iter().enumerate().rposition(|(i, change)| {
                added_values(change).iter().any(|value| {
                    plain[i + 1..]
                        .iter()
                        .chain(&online)
                        .any(|later| uses_value(later.plain(), value))
                })
            })
        })
        .flatten();
    let mut rest = plain;
    if let Some(last) = split {
        let later = rest.split_off(last + 1);
        parts.push(Part {
            changes: rest,
            transactional: true,
            why: Some(
                "PostgreSQL cannot use an enum value in the transaction that adds it: the values are added in \
                 a migration of their own, before the one that uses them."
                    .to_owned(),
            ),
        });
        rest = later;
    }
    if !rest.is_empty() || (parts.is_empty() && online.is_empty()) {
        parts.push(Part {
            changes: rest,
            transactional: true,
            why: None,
        });
    }
    if !online.is_empty() {
        parts.push(Part {
            changes: online,
            transactional: false,
            why: Some(
                "Lock-safe forms (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT) cannot run in a transaction: \
                 this migration runs outside one, each statement on its own, and every statement can run again \
                 after a failure."
                    .to_owned(),
            ),
        });
    }
    if parts.len() == 1 {
        parts[0].why = None;
    }
    parts
}

/// The values an enum change adds in place (`ALTER TYPE .. ADD VALUE`).
fn added_values(change: &Change) -> Vec<&String> {
    match change {
        Change::AlterEnum { from, to, .. } if enum_only_adds(from, to) => {
            to.iter().filter(|v| !from.contains(v)).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether a change's SQL texts (defaults, checks, index predicates) name `value` as a string literal.
fn uses_value(change: &Change, value: &str) -> bool {
    let literal = quote_string(Backend::Postgres, value);
    let column_texts = |c: &Column| c.default.clone().into_iter().collect::<Vec<_>>();
    let texts: Vec<String> = match change {
        Change::CreateTable(t) => t
            .columns
            .iter()
            .flat_map(column_texts)
            .chain(t.checks.iter().map(|c| c.expr.clone()))
            .chain(t.indexes.iter().filter_map(|i| i.predicate.clone()))
            .collect(),
        Change::AddColumn { column, .. } | Change::AlterColumn { to: column, .. } => column_texts(column),
        Change::AddCheck { check, .. } => vec![check.expr.clone()],
        Change::CreateIndex { index, .. } => index.predicate.clone().into_iter().collect(),
        _ => Vec::new(),
    };
    texts.iter().any(|text| text.contains(&literal))
}

/// The statements of `change` in its lock-safe form on PostgreSQL (plain SQL where sea-query has no builder, every
/// statement safe to run again); changes without one lower as they always do.
pub(crate) fn lower_online(change: &Change, backend: Backend) -> Vec<Statement> {
    use Statement as S;
    if backend == Backend::Mysql {
        return lower_mysql(change);
    }
    let pg = Backend::Postgres;
    let note = |text: &str| S::Note(wrap(text, NOTE_WIDTH));
    match change {
        Change::CreateIndex { table, index, .. } => {
            let mut statements = vec![note(
                "Built CONCURRENTLY: writes go on while the index builds. A build that fails leaves an INVALID \
                 index; it is dropped first, so the migration can run again.",
            )];
            statements.extend(concurrent_index(table, index));
            statements
        }
        Change::DropIndex { table, index, .. } => vec![S::DropIndex {
            table: table.clone(),
            name: index.name.clone(),
            concurrently: true,
        }],
        Change::AddUnique { table, unique, .. } => {
            let name = unique.name.clone().unwrap_or_default();
            let mut index = Index::new(&name, unique.columns.iter().cloned());
            index.unique = true;
            let mut statements = vec![note(
                "A unique index built CONCURRENTLY (writes go on), then attached as the constraint, which only \
                 takes a short lock.",
            )];
            statements.extend(concurrent_index(table, &index));
            let attach = format!(
                "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}",
                table_sql(pg, table),
                quote_ident(pg, &name),
                quote_ident(pg, &name)
            );
            statements.extend(raw(guarded(table, &name, &attach)));
            statements
        }
        Change::AddForeignKey { table, foreign_key } => {
            let name = foreign_key.name.clone().unwrap_or_default();
            let add = format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID",
                table_sql(pg, table),
                quote_ident(pg, &name),
                foreign_key_sql(foreign_key)
            );
            not_valid_then_validate(table, &name, &add)
        }
        Change::AddCheck { table, check } => {
            let name = check.name.clone().unwrap_or_default();
            let add = format!(
                "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({}) NOT VALID",
                table_sql(pg, table),
                quote_ident(pg, &name),
                check.expr
            );
            not_valid_then_validate(table, &name, &add)
        }
        Change::DropUnique { table, unique, .. } => {
            raw(drop_if_exists(table, unique.name.as_deref().unwrap_or_default())).into()
        }
        Change::DropForeignKey { table, foreign_key } => {
            raw(drop_if_exists(table, foreign_key.name.as_deref().unwrap_or_default())).into()
        }
        Change::DropCheck { table, check } => {
            raw(drop_if_exists(table, check.name.as_deref().unwrap_or_default())).into()
        }
        Change::AlterColumn { table, from, to } if not_null_only(from, to) => {
            let mut statements = Vec::new();
            // The default first, as the plain form would set it.
            let mut defaulted = from.clone();
            defaulted.default = to.default.clone();
            statements.extend(crate::lower(
                &Change::AlterColumn {
                    table: table.clone(),
                    from: from.clone(),
                    to: defaulted,
                },
                backend,
            ));
            let helper = not_null_check_name(table, &to.name);
            let t = table_sql(pg, table);
            let column = quote_ident(pg, &to.name);
            let check = quote_ident(pg, &helper);
            statements.push(note(&format!(
                "NOT NULL through a check: added NOT VALID (a short lock), validated while writes go on, then \
                 SET NOT NULL uses it instead of reading the table under its lock; the check ({helper}) goes \
                 afterwards."
            )));
            statements.extend(raw(drop_if_exists(table, &helper)));
            statements.push(S::Sql(format!(
                "ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID"
            )));
            statements.push(S::Sql(format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")));
            statements.push(S::SetNullDefault {
                table: table.clone(),
                column: to.name.clone(),
                nullable: Some(false),
                default: None,
            });
            statements.push(S::Sql(drop_if_exists(table, &helper)));
            statements
        }
        other => crate::lower(other, backend),
    }
}

/// The statements of `change` with MySQL's `ALGORITHM` (and `LOCK`) clause: the server makes the change that way
/// or refuses it, and never falls back to copying the table while writes wait.
fn lower_mysql(change: &Change) -> Vec<Statement> {
    let my = Backend::Mysql;
    // The inverse of a lock-safe change may have none: a narrowing, an ENUM value removed, copy the table.
    let undoes = matches!(change, Change::DropColumn { .. } | Change::DropUnique { .. });
    if !undoes && !mysql_online(change) {
        return crate::lower(change, my);
    }
    const INPLACE: &str = "ALGORITHM=INPLACE, LOCK=NONE";
    const INSTANT: &str = "ALGORITHM=INSTANT";
    let sql = match change {
        Change::CreateIndex { table, index, .. } => {
            let columns: Vec<String> = index
                .columns
                .iter()
                .map(|c| match index.is_descending(c) {
                    true => format!("{} DESC", quote_ident(my, c)),
                    false => quote_ident(my, c),
                })
                .collect();
            format!(
                "ALTER TABLE {} ADD {}INDEX {} ({}), {INPLACE}",
                table_sql(my, table),
                if index.unique { "UNIQUE " } else { "" },
                quote_ident(my, &index.name),
                columns.join(", "),
            )
        }
        Change::DropIndex { table, index, .. } => format!(
            "ALTER TABLE {} DROP INDEX {}, {INPLACE}",
            table_sql(my, table),
            quote_ident(my, &index.name),
        ),
        Change::AddUnique { table, unique, .. } => format!("{}, {INPLACE}", add_unique_sql(my, table, unique)),
        Change::DropUnique { table, unique, .. } => format!(
            "{}, {INPLACE}",
            drop_unique_sql(my, table, unique.name.as_deref().unwrap_or_default())
        ),
        Change::AddColumn { table, column } => format!(
            "ALTER TABLE {} ADD COLUMN {}, {INSTANT}",
            table_sql(my, table),
            mysql_column_sql(column)
        ),
        Change::DropColumn { table, column } => format!(
            "ALTER TABLE {} DROP COLUMN {}, {INSTANT}",
            table_sql(my, table),
            quote_ident(my, &column.name)
        ),
        Change::AlterColumn { table, to, .. } => format!(
            "ALTER TABLE {} MODIFY COLUMN {}, {INSTANT}",
            table_sql(my, table),
            mysql_column_sql(to)
        ),
        other => return crate::lower(other, my),
    };
    vec![
        Statement::Note(wrap(
            "The ALGORITHM clause makes the server refuse the change rather than copy the table while writes \
             wait.",
            NOTE_WIDTH,
        )),
        Statement::Sql(sql),
    ]
}

/// A column's definition as MySQL's `ADD COLUMN` and `MODIFY COLUMN` take it.
fn mysql_column_sql(column: &Column) -> String {
    let my = Backend::Mysql;
    let mut sql = format!(
        "{} {} {}",
        quote_ident(my, &column.name),
        column.ty.render(my),
        if column.nullable { "NULL" } else { "NOT NULL" }
    );
    if let Some(default) = &column.default {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if let Some(comment) = &column.comment {
        sql.push_str(&format!(" COMMENT {}", quote_string(my, comment)));
    }
    sql
}

/// A leftover of a failed concurrent build dropped (PostgreSQL only), then the index built concurrently unless it
/// is there.
fn concurrent_index(table: &TableName, index: &Index) -> Vec<Statement> {
    vec![
        Statement::OnlyOn {
            backend: Backend::Postgres,
            statements: vec![Statement::DropIndexIfInvalid {
                table: table.clone(),
                name: index.name.clone(),
            }],
        },
        Statement::CreateIndex {
            table: table.clone(),
            index: index.clone(),
            concurrently: true,
        },
    ]
}

fn not_valid_then_validate(table: &TableName, name: &str, add: &str) -> Vec<Statement> {
    let mut statements = vec![Statement::Note(wrap(
        "Added NOT VALID (a short lock; new rows are checked from then on), then validated while writes go on.",
        NOTE_WIDTH,
    ))];
    statements.extend(raw(guarded(table, name, add)));
    statements.push(Statement::Sql(format!(
        "ALTER TABLE {} VALIDATE CONSTRAINT {}",
        table_sql(Backend::Postgres, table),
        quote_ident(Backend::Postgres, name)
    )));
    statements
}

/// `statement` run only when table `table` has no constraint `name` yet, so that running it again does nothing.
fn guarded(table: &TableName, name: &str, statement: &str) -> String {
    let pg = Backend::Postgres;
    format!(
        "DO {DOLLAR_TAG} BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass({}) AND \
         conname = {}) THEN {statement}; END IF; END {DOLLAR_TAG}",
        quote_string(pg, &table_sql(pg, table)),
        quote_string(pg, name)
    )
}

/// `ALTER TABLE t DROP CONSTRAINT IF EXISTS name`.
fn drop_if_exists(table: &TableName, name: &str) -> String {
    let pg = Backend::Postgres;
    format!(
        "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
        table_sql(pg, table),
        quote_ident(pg, name)
    )
}

/// `FOREIGN KEY (..) REFERENCES t (..) ON DELETE .. ON UPDATE ..`.
fn foreign_key_sql(fk: &ForeignKey) -> String {
    let pg = Backend::Postgres;
    let target = TableName {
        schema: fk.ref_schema.clone(),
        name: fk.ref_table.clone(),
    };
    let mut sql = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        columns_sql(pg, &fk.columns),
        table_sql(pg, &target),
        columns_sql(pg, &fk.ref_columns)
    );
    if let Some(action) = fk.on_delete {
        sql.push_str(&format!(" ON DELETE {}", action.as_sql()));
    }
    if let Some(action) = fk.on_update {
        sql.push_str(&format!(" ON UPDATE {}", action.as_sql()));
    }
    sql
}

/// The name of the check that stands for NOT NULL while it is validated: PostgreSQL's 63 bytes at most, and never
/// the `<table>_<column>_not_null` PostgreSQL 18 gives its own NOT NULL constraints.
fn not_null_check_name(table: &TableName, column: &str) -> String {
    let mut name = format!("autogen_nn_{}_{column}", table.name);
    while name.len() > 63 {
        name.pop();
    }
    name
}

/// The query that finds index `name` of `table`'s schema INVALID (a concurrent build that failed).
pub fn invalid_index_sql(table: &TableName, name: &str) -> String {
    let pg = Backend::Postgres;
    let qualified = table_sql(
        pg,
        &TableName {
            schema: table.schema.clone(),
            name: name.to_owned(),
        },
    );
    format!(
        "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass({}) AND NOT indisvalid",
        quote_string(pg, &qualified)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff;
    use sea_autogen_schema::{Check, ColumnType, Schema, Table, Unique};

    fn table(indexed: bool, unique: bool, checked: bool, not_null: bool) -> Table {
        let mut t = Table::new("post");
        t.columns = vec![
            Column::new("id", ColumnType::Integer),
            Column::new("title", ColumnType::String(Some(80))),
            Column {
                nullable: !not_null,
                ..Column::new("slug", ColumnType::Text)
            },
        ];
        t.primary_key = Some(sea_autogen_schema::PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        });
        if indexed {
            t.indexes = vec![Index::new("idx_post_title", ["title"])];
        }
        if unique {
            t.uniques = vec![Unique {
                name: Some("uq_post_slug".into()),
                columns: vec!["slug".into()],
            }];
        }
        if checked {
            t.checks = vec![Check {
                name: Some("ck_title".into()),
                expr: "length(title) > 0".into(),
            }];
        }
        t
    }

    fn schema(t: Table) -> Schema {
        Schema::from_tables([t])
    }

    #[test]
    fn changes_to_an_existing_table_run_online_after_the_rest() {
        let before = schema(table(false, false, false, false));
        let after = schema(table(true, true, true, true));
        let plan = lock_safe(diff(&before, &after, Backend::Postgres));
        assert!(plan.changes.iter().all(Change::is_online), "{:#?}", plan.changes);
        let parts = parts(&plan);
        assert_eq!(parts.len(), 1);
        assert!(!parts[0].transactional);
        for change in &plan.changes {
            assert!(!change.risks(Backend::Postgres).contains(&crate::Risk::LongLock));
        }
        // On MySQL the index and the unique take their ALGORITHM clause in place; the check, the key and NOT NULL
        // copy the table there, and keep their plain forms.
        let mysql = lock_safe(diff(&before, &after, Backend::Mysql));
        let online: Vec<&str> = mysql.changes.iter().filter(|c| c.is_online()).map(Change::op).collect();
        assert_eq!(online, ["create_index", "add_unique"], "{:#?}", mysql.changes);
        assert_eq!(super::parts(&mysql).len(), 1);
    }

    #[test]
    fn a_new_table_is_plain_and_comes_first() {
        let after = Schema::from_tables([table(true, false, false, false), table_named("tag")]);
        let before = schema(table(false, false, false, false));
        let plan = lock_safe(diff(&before, &after, Backend::Postgres));
        let parts = parts(&plan);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].transactional && parts[0].changes[0].op() == "create_table");
        assert!(!parts[1].transactional && parts[1].changes[0].op() == "create_index");
        assert!(parts[1].why.as_deref().unwrap().contains("CONCURRENTLY"));
    }

    fn table_named(name: &str) -> Table {
        let mut t = Table::new(name);
        t.columns = vec![Column::new("id", ColumnType::Integer)];
        t.indexes = vec![Index::new(format!("idx_{name}_id"), ["id"])];
        t
    }

    #[test]
    fn a_later_change_to_the_same_columns_keeps_the_plain_form() {
        let index = Index::new("idx_post_title", ["title"]);
        let create = Change::CreateIndex {
            table: TableName::new("post"),
            index: index.clone(),
            foreign_keys: vec![],
        };
        let from = Column::new("title", ColumnType::String(Some(80)));
        let alter = Change::AlterColumn {
            table: TableName::new("post"),
            from: from.clone(),
            to: Column::new("title", ColumnType::Text),
        };
        let plan = Plan {
            backend: Backend::Postgres,
            changes: vec![create.clone(), alter.clone()],
            warnings: vec![],
        };
        assert_eq!(lock_safe(plan).changes, [create, alter]);
    }

    #[test]
    fn an_enum_value_used_later_is_added_in_a_migration_of_its_own() {
        let alter = Change::AlterEnum {
            name: "mood".into(),
            from: vec!["happy".into()],
            to: vec!["happy".into(), "sad".into()],
            columns: vec![],
        };
        let mut column = Column::new(
            "mood",
            ColumnType::Enum {
                name: "mood".into(),
                variants: vec!["happy".into(), "sad".into()],
            },
        );
        column.default = Some("'sad'::mood".into());
        let add = Change::AddColumn {
            table: TableName::new("diary"),
            column,
        };
        let plan = Plan {
            backend: Backend::Postgres,
            changes: vec![alter.clone(), add.clone()],
            warnings: vec![],
        };
        let parts = parts(&plan);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].changes, [alter]);
        assert_eq!(parts[1].changes, [add]);
        assert!(parts[0].why.as_deref().unwrap().contains("enum value"));
    }

    #[test]
    fn on_mysql_the_inverse_of_an_instant_widening_copies() {
        let change = Change::AlterColumn {
            table: TableName::new("t"),
            from: Column::new("c", ColumnType::String(Some(50))),
            to: Column::new("c", ColumnType::String(Some(60))),
        };
        let plan = lock_safe(Plan {
            backend: Backend::Mysql,
            changes: vec![change],
            warnings: vec![],
        });
        assert!(plan.changes[0].is_online());
        let up = crate::lower(&plan.changes[0], Backend::Mysql);
        assert!(
            matches!(&up[1], Statement::Sql(sql) if sql.ends_with("ALGORITHM=INSTANT")),
            "{up:?}"
        );
        let down = crate::lower(&plan.changes[0].inverse(), Backend::Mysql);
        assert!(
            !down
                .iter()
                .any(|s| matches!(s, Statement::Sql(sql) if sql.contains("ALGORITHM"))),
            "a narrowing copies the table: {down:?}"
        );
    }

    #[test]
    fn every_online_statement_can_run_again() {
        let t = TableName::new("post");
        let fk = ForeignKey {
            name: Some("fk_post_author".into()),
            columns: vec!["author_id".into()],
            ref_table: "author".into(),
            ref_columns: vec!["id".into()],
            on_delete: Some(sea_autogen_schema::ForeignKeyAction::Cascade),
            ..ForeignKey::default()
        };
        let statements = lower_online(
            &Change::AddForeignKey {
                table: t.clone(),
                foreign_key: fk,
            },
            Backend::Postgres,
        );
        let sql: Vec<&str> = statements
            .iter()
            .filter_map(|s| match s {
                Statement::Sql(sql) => Some(sql.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            sql,
            [
                "DO $autogen$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = \
                 to_regclass('\"post\"') AND conname = 'fk_post_author') THEN ALTER TABLE \"post\" ADD CONSTRAINT \
                 \"fk_post_author\" FOREIGN KEY (\"author_id\") REFERENCES \"author\" (\"id\") ON DELETE CASCADE \
                 NOT VALID; END IF; END $autogen$",
                "ALTER TABLE \"post\" VALIDATE CONSTRAINT \"fk_post_author\"",
            ]
        );
        assert_eq!(
            invalid_index_sql(&t, "idx"),
            "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass('\"idx\"') AND NOT indisvalid"
        );
    }
}
