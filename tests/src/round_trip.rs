//! One schema change, round-tripped on a real database in-process (SPEC §7: the plan runs through the statement
//! builders the generated files are rendered from, `sea_autogen_migration::execute`): `before` is built and given
//! rows, the plan from the database to `after` is applied, a fresh diff must be empty and the rows that survive must
//! be intact; then the plan's `down` is applied and the schema must be `before` again, rows still intact. The
//! property tests (`tests/tests/properties.rs`) and the regression cases they found (`tests/tests/regressions.rs`)
//! share it.

use sea_autogen_diff::{Change, Plan, diff, lock_safe};
use sea_autogen_migration::execute::{apply, apply_plan, revert_plan};
use sea_autogen_schema::{Backend, Schema, default_literal, quote_ident};
use sea_orm::sea_query::{Alias, Expr, MysqlQueryBuilder, PostgresQueryBuilder, Query, SqliteQueryBuilder};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};
use std::collections::BTreeMap;

/// A value of a row, inserted as an SQL literal (so that PostgreSQL coerces it to dates and enum types).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Text(String),
    Bool(bool),
}

/// Rows for one table of `before`, each a list of (column, value); `id` identifies the row.
#[derive(Debug, Clone)]
pub struct Rows {
    pub table: String,
    pub rows: Vec<Vec<(String, Value)>>,
}

/// A column whose values must survive the change: in `before` as `table.column`, in `after` under its new names.
#[derive(Debug, Clone)]
pub struct Survivor {
    pub before: (String, String),
    pub after: (String, String),
}

/// A pair of schemas, the rows of `before` (in insertion order: referenced tables first), and what must survive.
#[derive(Debug, Clone)]
pub struct Case {
    pub before: Schema,
    pub after: Schema,
    pub rows: Vec<Rows>,
    pub survivors: Vec<Survivor>,
}

/// What went wrong, with the plan when there was one, for the failure report.
pub type Failure = String;

/// Runs `changes` the way a migration would: in one transaction on PostgreSQL and SQLite (their DDL is
/// transactional), statement by statement on MySQL.
pub async fn apply_changes(db: &DatabaseConnection, backend: Backend, changes: &[Change]) -> Result<(), DbErr> {
    if backend == Backend::Mysql {
        return apply(db, changes).await;
    }
    let txn = db.begin().await?;
    apply(&txn, changes).await?;
    txn.commit().await
}

/// The schema of the database as sea-autogen reads it.
pub async fn read(db: &DatabaseConnection) -> Result<Schema, Failure> {
    sea_autogen_introspect::introspect(db, &sea_autogen_introspect::Options::default())
        .await
        .map_err(|e| format!("introspecting: {e}"))
}

/// What the executor made of a case: the plan it ran, and the schema it left after `up` and after `down`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub plan: Plan,
    pub up: Schema,
    pub down: Schema,
}

/// Builds the case's `before` in an empty database and gives it its rows; the schema as read back.
pub async fn build_before(db: &DatabaseConnection, backend: Backend, case: &Case) -> Result<Schema, Failure> {
    let build = diff(&Schema::new(), &case.before, backend);
    apply_changes(db, backend, &build.changes)
        .await
        .map_err(|e| format!("building `before` failed: {e}"))?;
    for rows in &case.rows {
        insert(db, backend, rows).await?;
    }
    read(db).await
}

/// The round trip. `Err` describes the first property that failed.
pub async fn round_trip(db: &DatabaseConnection, backend: Backend, case: &Case) -> Result<Outcome, Failure> {
    let as_before = build_before(db, backend, case).await?;
    let rebuilt = diff(&as_before, &case.before, backend);
    if rebuilt.has_differences() {
        return Err(format!(
            "`before` as built differs from `before`:\n{}",
            plan_text(&rebuilt)
        ));
    }
    let values_before = survivor_values(db, backend, case, |s| &s.before).await?;

    // In the lock-safe forms `revision` writes by default.
    let plan = lock_safe(diff(&as_before, &case.after, backend));
    if let Some(w) = plan.warnings.iter().find(|w| w.leaves_difference()) {
        return Err(format!(
            "the plan leaves a difference: {}\n{}",
            w.message,
            plan_text(&plan)
        ));
    }
    apply_plan(db, &plan)
        .await
        .map_err(|e| format!("up failed: {e}\n{}", plan_text(&plan)))?;
    let as_after = read(db).await?;
    let again = diff(&as_after, &case.after, backend);
    if again.has_differences() {
        return Err(format!(
            "a fresh diff after up is not empty:\n{}\nplan was:\n{}",
            plan_text(&again),
            plan_text(&plan)
        ));
    }
    defaults_filled(db, backend, &plan).await?;
    let values_after = survivor_values(db, backend, case, |s| &s.after).await?;
    if values_after != values_before {
        return Err(format!(
            "rows changed by up:\nbefore: {values_before:?}\nafter:  {values_after:?}\n{}",
            plan_text(&plan)
        ));
    }

    revert_plan(db, &plan)
        .await
        .map_err(|e| format!("down failed: {e}\n{}", plan_text(&plan)))?;
    let restored = read(db).await?;
    let back = diff(&restored, &as_before, backend);
    if back.has_differences() || comparable(&restored, backend) != comparable(&as_before, backend) {
        return Err(format!(
            "after down the schema is not `before`:\n{}\nplan was:\n{}",
            plan_text(&back),
            plan_text(&plan)
        ));
    }
    let values_restored = survivor_values(db, backend, case, |s| &s.before).await?;
    if values_restored != values_before {
        return Err(format!(
            "rows changed by up and down:\nbefore: {values_before:?}\nafter:  {values_restored:?}\n{}",
            plan_text(&plan)
        ));
    }
    Ok(Outcome {
        plan,
        up: as_after,
        down: restored,
    })
}

/// The schema as compared, columns in name order: a column `down` puts back comes last, and sea-autogen does not
/// manage column order (it would take a table rebuild on every backend).
pub fn comparable(schema: &Schema, backend: Backend) -> Schema {
    let mut schema = schema.normalized(backend);
    for table in schema.tables.values_mut() {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    schema
}

/// A string literal as sea-query writes `text` for `backend`: what an entity's `default_value = "..."` becomes
/// (`E'it\'s'` on PostgreSQL, `'it\'s'` on MySQL, `'it''s'` on SQLite).
pub fn literal(backend: Backend, text: &str) -> String {
    let select = Query::select().expr(Expr::val(text)).to_owned();
    let sql = match backend {
        Backend::Postgres => select.to_string(PostgresQueryBuilder),
        Backend::Mysql => select.to_string(MysqlQueryBuilder),
        Backend::Sqlite => select.to_string(SqliteQueryBuilder),
    };
    sql.strip_prefix("SELECT ").unwrap_or(&sql).to_owned()
}

/// Every row of a table that a column with a string default was added to holds that default's text: the rows
/// there before the column read the value the database stored for the default, whatever its spelling.
async fn defaults_filled(db: &DatabaseConnection, backend: Backend, plan: &Plan) -> Result<(), Failure> {
    let text_type = if backend == Backend::Mysql { "CHAR" } else { "TEXT" };
    for change in &plan.changes {
        let Change::AddColumn { table, column } = change else {
            continue;
        };
        let Some(want) = column.default.as_deref().and_then(|d| default_literal(backend, d)) else {
            continue;
        };
        let sql = format!(
            "SELECT CAST({} AS {text_type}) AS v FROM {}",
            quote_ident(backend, &column.name),
            quote_ident(backend, &table.name),
        );
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql.clone()))
            .await
            .map_err(|e| format!("reading {table}.{}: {e}\n{sql}", column.name))?;
        for row in rows {
            let got: Option<String> = row.try_get("", "v").map_err(|e| e.to_string())?;
            if got.as_deref() != Some(want.as_str()) {
                return Err(format!(
                    "a row of {table} got {got:?} for the added column {} whose default is {:?} ({want:?})\n{}",
                    column.name,
                    column.default.as_deref().unwrap_or_default(),
                    plan_text(plan)
                ));
            }
        }
    }
    Ok(())
}

pub fn plan_text(plan: &Plan) -> String {
    let mut text: Vec<String> = plan
        .changes
        .iter()
        .map(|c| format!("  {}", c.headline(plan.backend)))
        .collect();
    text.extend(plan.warnings.iter().map(|w| format!("  ! {}: {}", w.code, w.message)));
    text.join("\n")
}

async fn insert(db: &DatabaseConnection, backend: Backend, rows: &Rows) -> Result<(), Failure> {
    for row in &rows.rows {
        let mut insert = Query::insert();
        insert.into_table(Alias::new(&rows.table));
        insert.columns(row.iter().map(|(c, _)| Alias::new(c)));
        let values = row.iter().map(|(_, v)| match v {
            Value::Int(i) => Expr::val(*i),
            Value::Text(s) => Expr::val(s.as_str()),
            Value::Bool(b) => Expr::val(*b),
        });
        insert.values(values).map_err(|e| e.to_string())?;
        let sql = match backend {
            Backend::Postgres => insert.to_string(PostgresQueryBuilder),
            Backend::Mysql => insert.to_string(MysqlQueryBuilder),
            Backend::Sqlite => insert.to_string(SqliteQueryBuilder),
        };
        db.execute_unprepared(&sql)
            .await
            .map_err(|e| format!("inserting a row of {}: {e}\n{sql}", rows.table))?;
    }
    Ok(())
}

/// The values of every survivor, read as text, row by row (ordered by `id`).
async fn survivor_values(
    db: &DatabaseConnection,
    backend: Backend,
    case: &Case,
    pick: impl Fn(&Survivor) -> &(String, String),
) -> Result<BTreeMap<String, Vec<Option<String>>>, Failure> {
    let text = if backend == Backend::Mysql { "CHAR" } else { "TEXT" };
    let mut out = BTreeMap::new();
    for survivor in &case.survivors {
        let (table, column) = pick(survivor);
        let sql = format!(
            "SELECT CAST({} AS {text}) AS v FROM {} ORDER BY {}",
            quote_ident(backend, column),
            quote_ident(backend, table),
            quote_ident(backend, "id"),
        );
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql.clone()))
            .await
            .map_err(|e| format!("reading {table}.{column}: {e}\n{sql}"))?;
        let values = rows
            .iter()
            .map(|r| r.try_get::<Option<String>>("", "v").map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        out.insert(format!("{}.{}", survivor.before.0, survivor.before.1), values);
    }
    Ok(out)
}

/// Drops everything a case left, so the next case starts from an empty database of the same name.
pub async fn reset(db: &DatabaseConnection, backend: Backend) -> Result<(), DbErr> {
    match backend {
        Backend::Postgres => {
            db.execute_unprepared("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
                .await?;
        }
        Backend::Mysql => {
            let rows = db
                .query_all_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
                ))
                .await?;
            let names: Vec<String> = rows
                .iter()
                .map(|r| r.try_get::<String>("", "name"))
                .collect::<Result<_, _>>()?;
            if !names.is_empty() {
                let list: Vec<String> = names.iter().map(|n| quote_ident(backend, n)).collect();
                // One connection (see `connect_one`), so the setting holds for the drop.
                db.execute_unprepared(&format!(
                    "SET FOREIGN_KEY_CHECKS = 0; DROP TABLE {}; SET FOREIGN_KEY_CHECKS = 1",
                    list.join(", ")
                ))
                .await?;
            }
        }
        Backend::Sqlite => {
            db.execute_unprepared("PRAGMA foreign_keys = OFF").await?;
            let rows = db
                .query_all_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                ))
                .await?;
            for row in rows {
                let name: String = row.try_get("", "name")?;
                db.execute_unprepared(&format!("DROP TABLE {}", quote_ident(backend, &name)))
                    .await?;
            }
            db.execute_unprepared("PRAGMA foreign_keys = ON").await?;
        }
    }
    Ok(())
}

/// A connection pool of exactly one connection, so session settings hold from one statement to the next.
pub async fn connect_one(url: &str) -> DatabaseConnection {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options.max_connections(1).min_connections(1).sqlx_logging(false);
    sea_orm::Database::connect(options)
        .await
        .unwrap_or_else(|e| panic!("connecting to the test database: {e}"))
}
