//! The one place a [`Change`] becomes statements: `lower(change, backend)` decides which statements, in which
//! order, on which backend, with which plain SQL where sea-query has no builder, and what the file says about them.
//! The in-process executor runs this list and the code generator prints it as Rust; neither decides anything of its
//! own, so the two can never disagree. A new change kind is added here only.

use crate::alter::{AlterStep, alter_steps};
use crate::enums::{EnumStep, alter_enum_steps};
use crate::rebuild::{DEFER_FOREIGN_KEYS_SQL, RebuildStep, rebuild_steps};
use crate::sql::{
    add_check_sql, add_unique_sql, column_comment_sql, created_comments_sql, drop_constraint_sql, drop_unique_sql,
    primary_key_sql, table_comment_sql,
};
use crate::{Change, wrap};
use sea_autogen_schema::{
    Backend, Column, ColumnType, ForeignKey, Index, Table, TableName, cast_number, default_literal, strip_parens,
};

/// One statement, in the terms of sea-query's builders (or plain SQL where it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// What the file says to its reader at this point (a line comment); nothing runs.
    Note(String),
    /// `CREATE TABLE` with its columns, keys, uniques, foreign keys, checks and (MySQL) comment; its indexes
    /// follow as [`Statement::CreateIndex`].
    CreateTable(Box<Table>),
    DropTable(TableName),
    RenameTable {
        from: TableName,
        to: String,
    },
    AddColumn {
        table: TableName,
        column: Column,
    },
    DropColumn {
        table: TableName,
        column: String,
    },
    RenameColumn {
        table: TableName,
        from: String,
        to: String,
    },
    /// MySQL: the whole column restated (`MODIFY COLUMN`).
    ModifyColumn {
        table: TableName,
        column: Column,
    },
    /// PostgreSQL: `ALTER COLUMN c TYPE t [USING <using>]`.
    SetColumnType {
        table: TableName,
        column: String,
        ty: ColumnType,
        using: Option<String>,
    },
    /// PostgreSQL: `SET NOT NULL` / `DROP NOT NULL` and `SET DEFAULT`, in one statement.
    SetNullDefault {
        table: TableName,
        column: String,
        nullable: Option<bool>,
        default: Option<String>,
    },
    /// `CREATE INDEX`; `concurrently`: PostgreSQL's `CREATE INDEX CONCURRENTLY IF NOT EXISTS` (other backends
    /// build it as they always do).
    CreateIndex {
        table: TableName,
        index: Index,
        concurrently: bool,
    },
    /// `DROP INDEX`; `concurrently`: PostgreSQL's `DROP INDEX CONCURRENTLY IF EXISTS`.
    DropIndex {
        table: TableName,
        name: String,
        concurrently: bool,
    },
    /// PostgreSQL: drops index `name` (`CONCURRENTLY`) when a concurrent build that failed left it INVALID, so that
    /// the build can start again.
    DropIndexIfInvalid {
        table: TableName,
        name: String,
    },
    AddForeignKey {
        table: TableName,
        foreign_key: ForeignKey,
    },
    DropForeignKey {
        table: TableName,
        name: String,
    },
    /// PostgreSQL: `CREATE TYPE .. AS ENUM`.
    CreateEnum {
        name: String,
        values: Vec<String>,
    },
    /// PostgreSQL: `ALTER TYPE .. ADD VALUE`, next to a neighbour.
    AddEnumValue {
        name: String,
        value: String,
        before: Option<String>,
        after: Option<String>,
    },
    DropEnum {
        name: String,
    },
    /// `INSERT INTO into (columns) SELECT columns FROM from` (a SQLite rebuild copying rows back).
    CopyRows {
        into: String,
        from: String,
        columns: Vec<String>,
    },
    /// SQLite: fails when a row of `table` lost the row its foreign key names.
    ForeignKeyCheck {
        table: String,
    },
    /// Plain SQL, every name and value quoted: what sea-query has no builder for.
    Sql(String),
    /// Statements that run only when the migration runs on `backend`, so that a file stays portable.
    OnlyOn {
        backend: Backend,
        statements: Vec<Statement>,
    },
}

/// A column default as the statements write it: a value of its own kind where sea-query spells that value as the
/// default is spelled (so the server stores what the entities' own statements store, and each backend gets its
/// own quoting and escaping), the SQL text as it is otherwise. Both printers of the statements take it from
/// [`default_value`], so the executor and the generated files write the same default.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// One constant string literal, by its text: `.default("draft")`.
    Text(String),
    /// `TRUE` or `FALSE`: `.default(false)`.
    Bool(bool),
    /// An integer written as sea-query writes it: `.default(0)`, `.default(-1)`.
    Int(i64),
    /// An integer beyond `i64`.
    Unsigned(u64),
    /// A number with a fraction whose text is exactly the one sea-query writes for it (`1.5`, not `1.50`).
    Float(f64),
    /// `Expr::current_timestamp()`.
    CurrentTimestamp,
    /// `Expr::current_date()`.
    CurrentDate,
    /// `Expr::current_time()`.
    CurrentTime,
    /// Anything else (`now()`, `gen_random_uuid()`, `1.50`, `('now'::text)::date`): `Expr::cust`, as it is.
    Sql(String),
}

/// How the default `sql`, spelled for `backend` by the entities or by its catalog, is written (see
/// [`DefaultValue`]). A typed value is chosen only where sea-query writes it as `sql` says it, up to what every
/// backend reads alike (letter case of `TRUE` and `CURRENT_TIMESTAMP`, outer parentheses, MySQL's
/// `current_timestamp()`, a PostgreSQL number quoted and cast), so the default reads back as it did.
pub fn default_value(backend: Backend, sql: &str) -> DefaultValue {
    if let Some(typed) = cast_number(backend, sql).and_then(|text| number(&text)) {
        return typed;
    }
    if let Some(text) = default_literal(backend, sql) {
        return DefaultValue::Text(text);
    }
    let bare = strip_parens(backend, sql);
    let keyword = |word: &str| bare.eq_ignore_ascii_case(word);
    if keyword("TRUE") || keyword("FALSE") {
        return DefaultValue::Bool(keyword("TRUE"));
    }
    if keyword("CURRENT_TIMESTAMP") || (backend == Backend::Mysql && keyword("current_timestamp()")) {
        return DefaultValue::CurrentTimestamp;
    }
    if keyword("CURRENT_DATE") {
        return DefaultValue::CurrentDate;
    }
    if keyword("CURRENT_TIME") {
        return DefaultValue::CurrentTime;
    }
    number(bare).unwrap_or_else(|| DefaultValue::Sql(sql.to_owned()))
}

/// How the default of `column` is written: [`default_value`], and on a boolean column a `0` or `1` (MySQL's catalog
/// spelling of `FALSE` and `TRUE`) as the boolean, which reads back alike and also runs on PostgreSQL.
pub fn column_default_value(backend: Backend, column: &Column) -> Option<DefaultValue> {
    let value = default_value(backend, column.default.as_deref()?);
    Some(match value {
        DefaultValue::Int(n @ (0 | 1)) if column.ty == ColumnType::Boolean => DefaultValue::Bool(n == 1),
        value => value,
    })
}

/// `text` as a number when it is one sea-query writes back exactly (no `+`, leading zeros, exponent or trailing
/// zeros of a fraction).
fn number(text: &str) -> Option<DefaultValue> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = if digits.contains('.') {
        // sea-query writes `1.50` back as `1.5`: the comparison below keeps such a text as it is.
        DefaultValue::Float(text.parse().ok().filter(|v: &f64| v.is_finite())?)
    } else if let Ok(value) = text.parse::<i64>() {
        DefaultValue::Int(value)
    } else {
        DefaultValue::Unsigned(text.parse().ok()?)
    };
    let written = match &value {
        DefaultValue::Int(v) => v.to_string(),
        DefaultValue::Unsigned(v) => v.to_string(),
        DefaultValue::Float(v) => v.to_string(),
        _ => return None,
    };
    (written == text).then_some(value)
}

/// Why plain SQL stands where a builder would: said once, for every statement sea-query cannot build.
const NO_BUILDER: &str = "sea-query has no builder for this statement.";

/// How wide a note may be: a 100-column file less the statement's indentation and `// `.
pub(crate) const NOTE_WIDTH: usize = 88;

/// Plain SQL for a statement sea-query cannot build, with the note that says so.
pub(crate) fn raw(sql: String) -> [Statement; 2] {
    [Statement::Note(NO_BUILDER.to_owned()), Statement::Sql(sql)]
}

/// The statements that make `change` on `backend` (the backend the plan was diffed against), in order.
pub fn lower(change: &Change, backend: Backend) -> Vec<Statement> {
    use Statement as S;
    match change {
        Change::CreateTable(table) => {
            let name = table.table_name();
            let mut statements = vec![S::CreateTable(Box::new(table.clone()))];
            statements.extend(table.indexes.iter().map(|index| S::CreateIndex {
                table: name.clone(),
                index: index.clone(),
                concurrently: false,
            }));
            statements.extend(created_comments_sql(backend, table).into_iter().flat_map(raw));
            statements
        }
        Change::DropTable(table) => vec![S::DropTable(table.table_name())],
        Change::AddColumn { table, column } => {
            let mut statements = vec![S::AddColumn {
                table: table.clone(),
                column: column.clone(),
            }];
            let comment = column.comment.as_deref();
            statements.extend(
                comment
                    .and_then(|c| column_comment_sql(backend, table, &column.name, Some(c)))
                    .into_iter()
                    .flat_map(raw),
            );
            statements
        }
        Change::DropColumn { table, column } => vec![S::DropColumn {
            table: table.clone(),
            column: column.name.clone(),
        }],
        Change::AlterColumn { table, from, to } => alter_steps(table, from, to, backend)
            .into_iter()
            .flat_map(|step| match step {
                AlterStep::Modify(column) => vec![S::ModifyColumn {
                    table: table.clone(),
                    column,
                }],
                AlterStep::SetType { ty, using } => vec![S::SetColumnType {
                    table: table.clone(),
                    column: to.name.clone(),
                    ty,
                    using,
                }],
                AlterStep::SetNullDefault { nullable, default } => vec![S::SetNullDefault {
                    table: table.clone(),
                    column: to.name.clone(),
                    nullable,
                    default,
                }],
                AlterStep::Raw(sql) => raw(sql).into(),
            })
            .collect(),
        Change::CreateIndex { table, index, .. } => vec![S::CreateIndex {
            table: table.clone(),
            index: index.clone(),
            concurrently: false,
        }],
        Change::DropIndex {
            table,
            index,
            foreign_keys,
        } => set_aside(
            table,
            foreign_keys,
            vec![S::DropIndex {
                table: table.clone(),
                name: index.name.clone(),
                concurrently: false,
            }],
        ),
        Change::AddForeignKey { table, foreign_key } => vec![S::AddForeignKey {
            table: table.clone(),
            foreign_key: foreign_key.clone(),
        }],
        Change::DropForeignKey { table, foreign_key } => {
            let mut statements = vec![S::DropForeignKey {
                table: table.clone(),
                name: foreign_key.name.clone().unwrap_or_default(),
            }];
            if let Some(index) = &foreign_key.backing_index {
                statements.push(S::Note(
                    "MySQL created this index for the foreign key; it goes with it.".to_owned(),
                ));
                statements.push(S::DropIndex {
                    table: table.clone(),
                    name: index.clone(),
                    concurrently: false,
                });
            }
            statements
        }
        Change::AddUnique { table, unique, .. } => raw(add_unique_sql(backend, table, unique)).into(),
        Change::DropUnique {
            table,
            unique,
            foreign_keys,
        } => set_aside(
            table,
            foreign_keys,
            raw(drop_unique_sql(
                backend,
                table,
                unique.name.as_deref().unwrap_or_default(),
            ))
            .into(),
        ),
        Change::AddCheck { table, check } => raw(add_check_sql(backend, table, check)).into(),
        Change::DropCheck { table, check } => raw(drop_constraint_sql(
            backend,
            table,
            check.name.as_deref().unwrap_or_default(),
        ))
        .into(),
        Change::SetTableComment { table, to, .. } => raw(table_comment_sql(backend, table, to.as_deref())).into(),
        Change::AlterPrimaryKey { table, from, to } => primary_key_sql(backend, table, from.as_ref(), to.as_ref())
            .into_iter()
            .flat_map(raw)
            .collect(),
        Change::RebuildTable {
            from, to, dependents, ..
        } => {
            let mut statements = vec![S::Note(format!(
                "SQLite cannot alter {} in place: its rows are set aside, the table is created again\nwith the new \
                 definition and the rows are copied back, all in this migration's transaction.",
                to.name
            ))];
            statements.extend(rebuild_steps(from, to, dependents).into_iter().map(|step| match step {
                RebuildStep::DeferForeignKeys => S::Sql(DEFER_FOREIGN_KEYS_SQL.to_owned()),
                RebuildStep::CreateTable(table) => S::CreateTable(Box::new(table)),
                RebuildStep::Copy { into, from, columns } => S::CopyRows { into, from, columns },
                RebuildStep::DropTable(table) => S::DropTable(TableName::new(table)),
                RebuildStep::Sql(sql) => S::Sql(sql),
                RebuildStep::CreateIndex { table, index } => S::CreateIndex {
                    table: TableName::new(table),
                    index,
                    concurrently: false,
                },
                RebuildStep::ForeignKeyCheck(table) => S::ForeignKeyCheck { table },
            }));
            statements
        }
        Change::RenameTable { from, to } => vec![S::RenameTable {
            from: from.clone(),
            to: to.name.clone(),
        }],
        Change::RenameColumn { table, from, to } => vec![S::RenameColumn {
            table: table.clone(),
            from: from.clone(),
            to: to.clone(),
        }],
        Change::CreateEnum { name, values } => vec![S::CreateEnum {
            name: name.clone(),
            values: values.clone(),
        }],
        Change::DropEnum { name, .. } => vec![S::DropEnum { name: name.clone() }],
        Change::AlterEnum {
            name,
            from,
            to,
            columns,
        } => {
            let steps = alter_enum_steps(name, from, to, columns);
            let rebuild = steps.iter().any(|s| matches!(s, EnumStep::Raw(_)));
            let mut statements = Vec::new();
            if rebuild {
                statements.push(S::Note(format!(
                    "PostgreSQL cannot remove or reorder enum values: {name} is rebuilt and its columns converted."
                )));
            }
            statements.extend(steps.into_iter().map(|step| match step {
                EnumStep::AddValue { value, before, after } => S::AddEnumValue {
                    name: name.clone(),
                    value,
                    before,
                    after,
                },
                EnumStep::Raw(sql) => S::Sql(sql),
            }));
            statements
        }
        Change::Online(inner) => crate::online::lower_online(inner, backend),
    }
}

/// `drop` with, on MySQL, the foreign keys only the dropped index serves set aside around it: dropped before, and
/// added back after, when MySQL gives each an index of its own (see `Change::DropIndex`). Guarded by backend, so a
/// file stays portable.
fn set_aside(table: &TableName, foreign_keys: &[ForeignKey], drop: Vec<Statement>) -> Vec<Statement> {
    if foreign_keys.is_empty() {
        return drop;
    }
    let keys: Vec<&str> = foreign_keys
        .iter()
        .map(|fk| fk.name.as_deref().unwrap_or_default())
        .collect();
    let note = format!(
        "MySQL will not drop the only index {} can use: on MySQL the key is set aside while the index goes, and \
         added back with an index of its own (checking every row again).",
        keys.join(", ")
    );
    let mut statements = vec![
        Statement::Note(wrap(&note, NOTE_WIDTH)),
        Statement::OnlyOn {
            backend: Backend::Mysql,
            statements: keys
                .iter()
                .map(|name| Statement::DropForeignKey {
                    table: table.clone(),
                    name: (*name).to_owned(),
                })
                .collect(),
        },
    ];
    statements.extend(drop);
    statements.push(Statement::OnlyOn {
        backend: Backend::Mysql,
        statements: foreign_keys
            .iter()
            .map(|fk| Statement::AddForeignKey {
                table: table.clone(),
                foreign_key: fk.clone(),
            })
            .collect(),
    });
    statements
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_autogen_schema::Unique;

    /// A default is typed only where sea-query writes the value back as its text; the rest stays SQL.
    #[test]
    fn defaults_are_typed_where_the_value_reads_back_alike() {
        use DefaultValue::*;
        let (pg, my, lite) = (Backend::Postgres, Backend::Mysql, Backend::Sqlite);
        let sql = |s: &str| Sql(s.to_owned());
        let text = |s: &str| Text(s.to_owned());
        let cases = [
            (lite, "'draft'", text("draft")),
            (pg, "E'it\\'s'", text("it's")),
            (pg, "'draft'::character varying", text("draft")),
            (pg, "'5'::character varying", text("5")),
            (my, "'C:\\\\x'", text("C:\\x")),
            (lite, "TRUE", Bool(true)),
            (pg, "false", Bool(false)),
            (lite, "(FALSE)", Bool(false)),
            (my, "1", Int(1)),
            (lite, "0", Int(0)),
            (lite, "(0)", Int(0)),
            (lite, "-7", Int(-7)),
            (pg, "'-7'::integer", Int(-7)),
            (pg, "'5000000000'::bigint", Int(5_000_000_000)),
            (lite, "18446744073709551615", Unsigned(u64::MAX)),
            (lite, "1.5", Float(1.5)),
            (pg, "'-0.25'::numeric", Float(-0.25)),
            (my, "1.50", sql("1.50")),
            (pg, "'1.50'::numeric", text("1.50")),
            (lite, "1.0", sql("1.0")),
            (lite, "007", sql("007")),
            (lite, "-0", sql("-0")),
            (lite, "+1", sql("+1")),
            (lite, "1e3", sql("1e3")),
            (lite, "99999999999999999999999", sql("99999999999999999999999")),
            (lite, "CURRENT_TIMESTAMP", CurrentTimestamp),
            (my, "current_timestamp()", CurrentTimestamp),
            (pg, "CURRENT_TIMESTAMP", CurrentTimestamp),
            (pg, "CURRENT_DATE", CurrentDate),
            (lite, "CURRENT_TIME", CurrentTime),
            (my, "current_timestamp(6)", sql("current_timestamp(6)")),
            (pg, "now()", sql("now()")),
            (pg, "gen_random_uuid()", sql("gen_random_uuid()")),
            (pg, "('now'::text)::date", sql("('now'::text)::date")),
            (
                pg,
                "nextval('t_id_seq'::regclass)",
                sql("nextval('t_id_seq'::regclass)"),
            ),
            (lite, "NULL", sql("NULL")),
        ];
        for (backend, default, expected) in cases {
            assert_eq!(default_value(backend, default), expected, "{default} on {backend}");
        }
        let column = |ty: ColumnType, default: &str| Column::new("c", ty).default_sql(default);
        assert_eq!(
            column_default_value(my, &column(ColumnType::Boolean, "1")),
            Some(Bool(true))
        );
        assert_eq!(
            column_default_value(my, &column(ColumnType::Boolean, "0")),
            Some(Bool(false))
        );
        assert_eq!(
            column_default_value(my, &column(ColumnType::Integer, "1")),
            Some(Int(1))
        );
        assert_eq!(
            column_default_value(lite, &column(ColumnType::Boolean, "2")),
            Some(Int(2))
        );
        assert_eq!(column_default_value(my, &Column::new("c", ColumnType::Boolean)), None);
    }

    #[test]
    fn a_portable_drop_sets_mysql_keys_aside_behind_a_guard() {
        let table = TableName::new("post");
        let fk = ForeignKey {
            name: Some("fk_post_author".into()),
            columns: vec!["author_id".into()],
            ref_table: "author".into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        };
        let change = Change::DropUnique {
            table: table.clone(),
            unique: Unique {
                name: Some("uq_post_author".into()),
                columns: vec!["author_id".into()],
            },
            foreign_keys: vec![fk.clone()],
        };
        let statements = lower(&change, Backend::Mysql);
        assert!(matches!(&statements[0], Statement::Note(n) if n.contains("fk_post_author")));
        assert_eq!(
            statements[1],
            Statement::OnlyOn {
                backend: Backend::Mysql,
                statements: vec![Statement::DropForeignKey {
                    table: table.clone(),
                    name: "fk_post_author".into()
                }]
            }
        );
        assert_eq!(statements[2], Statement::Note(NO_BUILDER.into()));
        assert!(matches!(&statements[3], Statement::Sql(sql) if sql.contains("uq_post_author")));
        assert_eq!(
            statements[4],
            Statement::OnlyOn {
                backend: Backend::Mysql,
                statements: vec![Statement::AddForeignKey { table, foreign_key: fk }]
            }
        );
    }

    #[test]
    fn a_new_table_is_created_then_indexed() {
        let mut table = Table::new("t");
        table.indexes = vec![Index::new("idx_t_a", ["a"])];
        let statements = lower(&Change::CreateTable(table.clone()), Backend::Sqlite);
        assert_eq!(
            statements,
            [
                Statement::CreateTable(Box::new(table.clone())),
                Statement::CreateIndex {
                    table: TableName::new("t"),
                    index: table.indexes[0].clone(),
                    concurrently: false
                }
            ]
        );
    }
}
