//! SQLite's copy-and-swap table rebuild: what `ALTER TABLE` cannot do there (change a column, a key, a foreign key,
//! a unique or check constraint) is done by copying the rows aside, dropping the table, creating it again with the
//! new definition under the same name, copying the rows back, and recreating the indexes.
//!
//! The order matters inside a transaction, where `PRAGMA foreign_keys = OFF` is ignored. With
//! `defer_foreign_keys`, dropping a table other tables reference counts their rows as pending violations; rows
//! inserted back under the *same* name settle that count, whereas SQLite's usual create-new-then-rename leaves it
//! unsettled (or, renamed the other way, rewrites the other tables' references) and the commit fails.

use sea_autogen_schema::{Backend, Index, Table, quote_ident};

/// One statement of a table rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildStep {
    /// [`DEFER_FOREIGN_KEYS_SQL`]: references are checked at commit, when the table is whole again.
    DeferForeignKeys,
    /// Plain SQL, names quoted: rows set aside (`CREATE TABLE "copy" AS SELECT * FROM "table"`), or put back into a
    /// table that references the rebuilt one (`DELETE FROM`, then `INSERT INTO .. SELECT * FROM "copy"`).
    Sql(String),
    DropTable(String),
    /// The new definition, under the table's own name.
    CreateTable(Table),
    /// `INSERT INTO into (columns) SELECT columns FROM from`: every row, in the columns both versions have.
    Copy {
        into: String,
        from: String,
        columns: Vec<String>,
    },
    CreateIndex {
        table: String,
        index: Index,
    },
    /// `PRAGMA foreign_key_check(table)`: the migration fails, and rolls back, if a row lost its referent.
    ForeignKeyCheck(String),
}

/// `PRAGMA defer_foreign_keys = ON`.
pub const DEFER_FOREIGN_KEYS_SQL: &str = "PRAGMA defer_foreign_keys = ON";

/// `PRAGMA foreign_key_check("table")`, the name quoted: one row per row whose foreign key has no referent.
pub fn foreign_key_check_sql(table: &str) -> String {
    format!("PRAGMA foreign_key_check({})", sqlite_ident(table))
}

/// The name the rows of `table` are set aside under during its rebuild.
pub fn rebuild_name(table: &str) -> String {
    format!("_autogen_copy_{table}")
}

fn sqlite_ident(name: &str) -> String {
    quote_ident(Backend::Sqlite, name)
}

/// The statements that rebuild table `from` as `to`, keeping every row in the columns both have.
///
/// Dropping the table fires the `ON DELETE` actions of the tables that reference it (`dependents`, each after the
/// tables it references): their rows are set aside first and put back once the table is whole again, so a
/// `CASCADE` or `SET NULL` never reaches them.
pub fn rebuild_steps(from: &Table, to: &Table, dependents: &[String]) -> Vec<RebuildStep> {
    let copy = rebuild_name(&from.name);
    let stash = |table: &str| {
        RebuildStep::Sql(format!(
            "CREATE TABLE {} AS SELECT * FROM {}",
            sqlite_ident(&rebuild_name(table)),
            sqlite_ident(table)
        ))
    };
    let columns = to
        .columns
        .iter()
        .filter(|c| from.column(&c.name).is_some())
        .map(|c| c.name.clone())
        .collect();
    let mut steps = vec![RebuildStep::DeferForeignKeys, stash(&from.name)];
    steps.extend(dependents.iter().map(|d| stash(d)));
    steps.extend([
        RebuildStep::DropTable(from.name.clone()),
        RebuildStep::CreateTable(Table {
            indexes: Vec::new(),
            ..to.clone()
        }),
        RebuildStep::Copy {
            into: to.name.clone(),
            from: copy.clone(),
            columns,
        },
        RebuildStep::DropTable(copy),
    ]);
    for dependent in dependents {
        let kept = rebuild_name(dependent);
        steps.push(RebuildStep::Sql(format!("DELETE FROM {}", sqlite_ident(dependent))));
        steps.push(RebuildStep::Sql(format!(
            "INSERT INTO {} SELECT * FROM {}",
            sqlite_ident(dependent),
            sqlite_ident(&kept)
        )));
        steps.push(RebuildStep::DropTable(kept));
    }
    steps.extend(to.indexes.iter().map(|index| RebuildStep::CreateIndex {
        table: to.name.clone(),
        index: index.clone(),
    }));
    steps.push(RebuildStep::ForeignKeyCheck(to.name.clone()));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_autogen_schema::{Column, ColumnType};

    #[test]
    fn sets_rows_aside_recreates_under_the_same_name_and_reindexes() {
        let mut from = Table::new("t");
        from.columns = vec![
            Column::new("id", ColumnType::Integer),
            Column::new("gone", ColumnType::Text),
            Column::new("kept", ColumnType::Text),
        ];
        let mut to = Table::new("t");
        to.columns = vec![
            Column::new("id", ColumnType::Integer),
            Column::new("kept", ColumnType::String(Some(10))),
            Column::new("new", ColumnType::Text).nullable(),
        ];
        to.indexes = vec![Index::new("idx_kept", ["kept"])];
        let steps = rebuild_steps(&from, &to, &[]);
        assert_eq!(
            steps[..3],
            [
                RebuildStep::DeferForeignKeys,
                RebuildStep::Sql(r#"CREATE TABLE "_autogen_copy_t" AS SELECT * FROM "t""#.into()),
                RebuildStep::DropTable("t".into()),
            ]
        );
        let RebuildStep::CreateTable(created) = &steps[3] else {
            panic!("{steps:?}")
        };
        assert_eq!((created.name.as_str(), created.indexes.len()), ("t", 0));
        assert_eq!(
            steps[4..],
            [
                RebuildStep::Copy {
                    into: "t".into(),
                    from: "_autogen_copy_t".into(),
                    columns: vec!["id".into(), "kept".into()]
                },
                RebuildStep::DropTable("_autogen_copy_t".into()),
                RebuildStep::CreateIndex {
                    table: "t".into(),
                    index: Index::new("idx_kept", ["kept"])
                },
                RebuildStep::ForeignKeyCheck("t".into()),
            ]
        );
    }
}
