//! The safety lint: for every risk a change carries, what happens on a database that holds rows, and what to do
//! instead. The file, the terminal and the markdown summary all show these findings; `check --deny` refuses them.

use crate::{Change, Plan, Risk};
use sea_autogen_schema::{Backend, Column};
use serde::Serialize;

/// One risk of one change, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub risk: Risk,
    /// The position of the change in `Plan::changes`.
    pub change: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// What the change does to existing rows or to the traffic on the table.
    pub message: String,
    /// What to do instead.
    pub instead: String,
}

impl Risk {
    /// Every risk, in the order findings are listed (the worst first).
    pub const ALL: [Risk; 3] = [Risk::DataLoss, Risk::MayFail, Risk::LongLock];

    /// Reads a `--deny` name: `data_loss` (or `destructive`), `may_fail`, `long_lock`.
    pub fn parse(name: &str) -> Option<Risk> {
        match name.trim().replace('-', "_").as_str() {
            "data_loss" | "destructive" => Some(Risk::DataLoss),
            "may_fail" => Some(Risk::MayFail),
            "long_lock" => Some(Risk::LongLock),
            _ => None,
        }
    }

    /// How a person calls it in a summary.
    pub fn label(self) -> &'static str {
        match self {
            Risk::DataLoss => "destructive",
            Risk::MayFail => "may fail on existing rows",
            Risk::LongLock => "long lock",
        }
    }
}

/// Every finding of the plan, worst risk first, then in plan order.
pub fn lint(plan: &Plan) -> Vec<Finding> {
    let mut findings: Vec<Finding> = plan
        .changes
        .iter()
        .enumerate()
        .flat_map(|(i, change)| {
            change.risks(plan.backend).into_iter().map(move |risk| {
                let (message, instead) = explain(change, risk, plan.backend);
                Finding {
                    risk,
                    change: i,
                    table: change.table(),
                    message,
                    instead,
                }
            })
        })
        .collect();
    findings.sort_by_key(|f| (f.risk, f.change));
    findings
}

/// The findings of one change, in risk order.
pub fn lint_change(change: &Change, backend: Backend) -> Vec<Finding> {
    change
        .risks(backend)
        .into_iter()
        .map(|risk| {
            let (message, instead) = explain(change, risk, backend);
            Finding {
                risk,
                change: 0,
                table: change.table(),
                message,
                instead,
            }
        })
        .collect()
}

fn explain(change: &Change, risk: Risk, backend: Backend) -> (String, String) {
    let what = change.describe();
    if change.is_online()
        && let Some(explained) = explain_online(change.plain(), &what, backend)
    {
        return explained;
    }
    match (risk, change.plain()) {
        (Risk::DataLoss, Change::DropTable(table)) => (
            format!("{what} deletes every row of {}", table.key()),
            format!(
                "if the table was renamed, add `#[autogen(renamed_from = \"{}\")]` to its entity; otherwise copy \
                 the rows you need first, and drop it only once no deployed code reads it",
                table.name
            ),
        ),
        (Risk::DataLoss, Change::DropColumn { table, column }) => (
            format!("{what} deletes every value of the column"),
            format!(
                "if the column was renamed, add `#[sea_orm(renamed_from = \"{}\")]` to the new field; otherwise \
                 deploy code that no longer reads {}.{} first, and back the values up if they may be needed",
                column.name, table, column.name
            ),
        ),
        (Risk::DataLoss, Change::AlterColumn { table, from, to, .. }) => (
            format!(
                "{what} narrows {} to {}: values that do not fit are cut or refused",
                type_of(from, backend),
                type_of(to, backend)
            ),
            format!(
                "look for values that do not fit first (for a string: `SELECT count(*) FROM {table} WHERE \
                 length({col}) > N`), or add a new column, copy and convert the values, then drop the old one",
                col = to.name
            ),
        ),
        (Risk::DataLoss, Change::RebuildTable { from, to, .. }) => {
            let lost: Vec<&str> = from
                .columns
                .iter()
                .filter(|c| to.column(&c.name).is_none())
                .map(|c| c.name.as_str())
                .collect();
            (
                format!("{what} leaves out column(s) {}, and their values", lost.join(", ")),
                "if a column was renamed, add `#[sea_orm(renamed_from = \"old\")]` to the new field; otherwise back \
                 its values up first"
                    .to_owned(),
            )
        }
        (Risk::DataLoss, _) => (format!("{what} deletes data"), "back the data up first".to_owned()),
        (Risk::MayFail, Change::AddColumn { table, column }) => (
            format!("{what} adds a NOT NULL column without a default: it fails when {table} has rows"),
            format!(
                "give the field a default (`#[sea_orm(default_value = ..)]`), or add it nullable, \
                 fill it (`UPDATE {table} SET {col} = ..`), and make it NOT NULL in a later migration",
                col = column.name
            ),
        ),
        (Risk::MayFail, Change::AlterColumn { table, from, to, .. }) => {
            if from.nullable && !to.nullable && from.ty == to.ty {
                (
                    format!("{what} makes the column NOT NULL: it fails while a row holds NULL"),
                    format!(
                        "fill the NULLs in this migration's `up` before the change (`UPDATE {table} SET {col} = .. \
                         WHERE {col} IS NULL`), or give the column a default",
                        col = to.name
                    ),
                )
            } else if !from.auto_increment && to.auto_increment {
                (
                    format!("{what} makes the column auto-increment: it fails on duplicate or missing values"),
                    "check the column holds unique values first".to_owned(),
                )
            } else {
                (
                    format!(
                        "{what} converts every value from {} to {}: it fails on a value the new type cannot hold",
                        type_of(from, backend),
                        type_of(to, backend)
                    ),
                    format!(
                        "look for values that will not convert first, or add a new column, fill it in batches, \
                         switch the code to it, then drop {}.{}",
                        table, from.name
                    ),
                )
            }
        }
        (Risk::MayFail, Change::CreateIndex { table, index, .. }) => (
            format!("{what} builds a unique index: it fails while two rows share a value"),
            format!(
                "look for duplicates first: `SELECT {cols}, count(*) FROM {table} GROUP BY {cols} HAVING count(*) > 1`",
                cols = index.columns.join(", ")
            ),
        ),
        (Risk::MayFail, Change::AddUnique { table, unique, .. }) => (
            format!("{what} fails while two rows share a value"),
            format!(
                "look for duplicates first: `SELECT {cols}, count(*) FROM {table} GROUP BY {cols} HAVING count(*) > 1`",
                cols = unique.columns.join(", ")
            ),
        ),
        (Risk::MayFail, Change::AddForeignKey { .. }) => (
            format!("{what} fails while a row refers to a missing row"),
            match backend {
                Backend::Postgres => "delete or fix the orphans first; on a big table add the constraint `NOT VALID` \
                                      and `VALIDATE CONSTRAINT` it in a later migration"
                    .to_owned(),
                _ => "delete or fix the rows whose reference has no target first".to_owned(),
            },
        ),
        (Risk::MayFail, Change::AddCheck { check, .. }) => (
            format!("{what} fails while a row breaks `{}`", check.expr),
            match backend {
                Backend::Postgres => "fix the rows first; on a big table add it `NOT VALID` and `VALIDATE \
                                      CONSTRAINT` it in a later migration"
                    .to_owned(),
                _ => "fix the rows that break it first".to_owned(),
            },
        ),
        (Risk::MayFail, Change::AlterEnum { .. }) => (
            format!("{what} removes or reorders values: it fails while a row holds a removed value"),
            "move those rows to another value first (`UPDATE .. SET ..`) in this migration's `up`".to_owned(),
        ),
        (Risk::MayFail, Change::AlterPrimaryKey { .. }) => (
            format!("{what} fails on duplicate or NULL key values"),
            "check the new key columns are unique and not NULL first".to_owned(),
        ),
        (Risk::MayFail, Change::RebuildTable { .. }) => (
            format!("{what} copies every row into the new definition: it fails on a row the new one refuses"),
            "check the rows against the new NOT NULL, type, key and constraints first".to_owned(),
        ),
        (Risk::MayFail, _) => (
            format!("{what} may fail on existing rows"),
            "check the rows first".to_owned(),
        ),
        (Risk::LongLock, change) => long_lock(change, &what, backend),
    }
}

/// The one risk a lock-safe form keeps: failing on rows that break the new rule. It fails before anything is
/// half-made, or leaves what a rerun finds and finishes.
fn explain_online(change: &Change, what: &str, backend: Backend) -> Option<(String, String)> {
    Some(match change {
        Change::CreateIndex { table, index, .. } => duplicates(what, table, &index.columns, backend),
        Change::AddUnique { table, unique, .. } => duplicates(what, table, &unique.columns, backend),
        Change::AddForeignKey { .. } => (
            format!("{what} fails to validate while a row refers to a missing row"),
            "delete or fix the orphans, then run `upgrade` again: the key stays NOT VALID until then, and new rows \
             are already checked"
                .to_owned(),
        ),
        Change::AddCheck { check, .. } => (
            format!("{what} fails to validate while a row breaks `{}`", check.expr),
            "fix those rows, then run `upgrade` again: the check stays NOT VALID until then, and new rows are \
             already checked"
                .to_owned(),
        ),
        Change::AlterColumn { table, from, to } if from.nullable && !to.nullable => (
            format!("{what} makes the column NOT NULL: it fails while a row holds NULL"),
            format!(
                "fill the NULLs first (`UPDATE {table} SET {col} = .. WHERE {col} IS NULL`, in batches on a big \
                 table), then run `upgrade` again",
                col = to.name
            ),
        ),
        _ => return None,
    })
}

fn duplicates(
    what: &str,
    table: &sea_autogen_schema::TableName,
    columns: &[String],
    backend: Backend,
) -> (String, String) {
    let rerun = match backend {
        Backend::Postgres => "; a failed build leaves an INVALID index, which the migration drops when it runs again",
        _ => "",
    };
    (
        format!("{what} builds a unique index: it fails while two rows share a value"),
        format!(
            "look for duplicates first: `SELECT {cols}, count(*) FROM {table} GROUP BY {cols} HAVING count(*) > \
             1`{rerun}",
            cols = columns.join(", ")
        ),
    )
}

/// Why a PostgreSQL change that has a lock-safe form is written plain.
const PLAIN_WHY: &str = "sea-autogen writes that form itself unless `lock_safe = false` (or `--no-lock-safe`), or a \
                         later change of the same revision depends on this one";

fn long_lock(change: &Change, what: &str, backend: Backend) -> (String, String) {
    match (backend, change) {
        (Backend::Sqlite, Change::RebuildTable { .. }) => (
            format!("{what} copies the whole table while the database is locked for writes"),
            "fine for small tables; for big ones run it when the app is quiet".to_owned(),
        ),
        (Backend::Sqlite, _) => (
            format!("{what} holds SQLite's write lock while it runs"),
            "run it when the app is quiet".to_owned(),
        ),
        (Backend::Postgres, Change::CreateIndex { .. }) => (
            format!("{what} blocks writes to the table while the index builds"),
            format!("on a big table build it `CONCURRENTLY`; {PLAIN_WHY}"),
        ),
        (Backend::Mysql, Change::CreateIndex { .. }) => (
            format!("{what} reads the whole table to build the index"),
            "InnoDB builds it online; on a big table run it off-peak or with an online schema tool (gh-ost, \
             pt-online-schema-change)"
                .to_owned(),
        ),
        (Backend::Postgres, Change::AlterColumn { from, to, .. }) if from.ty == to.ty => (
            format!("{what} reads every row for NULLs under an exclusive lock: no reads or writes until it ends"),
            format!("on a big table set NOT NULL through a validated check; {PLAIN_WHY}"),
        ),
        (Backend::Postgres, Change::AlterColumn { .. }) => (
            format!("{what} rewrites the table under an exclusive lock: no reads or writes until it ends"),
            "on a big table add a new column, fill it in batches, switch the code, then drop the old one".to_owned(),
        ),
        (Backend::Mysql, Change::AlterColumn { .. }) => (
            format!("{what} copies the table; writes wait until it ends"),
            "on a big table use an online schema tool (gh-ost, pt-online-schema-change), or add a new column and \
             fill it in batches"
                .to_owned(),
        ),
        (Backend::Postgres, Change::AlterEnum { .. }) => (
            format!("{what} rebuilds the type and rewrites every table that uses it"),
            "only add values (cheap, in place); leave unused values in the type".to_owned(),
        ),
        (Backend::Postgres, Change::AddForeignKey { .. } | Change::AddCheck { .. }) => (
            format!("{what} reads every row to validate, blocking writes"),
            format!("on a big table add it `NOT VALID`, then `VALIDATE CONSTRAINT` apart; {PLAIN_WHY}"),
        ),
        (_, Change::AddUnique { .. } | Change::AlterPrimaryKey { .. }) => (
            format!("{what} builds an index over the whole table, blocking writes"),
            match backend {
                Backend::Postgres => format!(
                    "on a big table build a unique index `CONCURRENTLY` first, then attach it (`ADD CONSTRAINT .. \
                     USING INDEX`); {PLAIN_WHY}"
                ),
                _ => "on a big table run it off-peak or with an online schema tool".to_owned(),
            },
        ),
        _ => (
            format!("{what} locks the table while it reads every row"),
            "on a big table run it off-peak".to_owned(),
        ),
    }
}

fn type_of(column: &Column, backend: Backend) -> String {
    column.ty.render(backend)
}
