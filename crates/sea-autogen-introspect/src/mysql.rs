//! MySQL and MariaDB: seven `information_schema` queries for the current database (eight on MySQL), whatever the
//! number of tables.

use crate::query;
use sea_autogen_schema::{
    Backend, Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table,
};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::BTreeMap;

const TABLES: &str = "SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";

const COLUMNS: &str = "SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type,
        IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, COLUMN_COMMENT AS comment
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
    ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// `COLLATION` is `D` for a descending key column (MariaDB 10.8 and MySQL 8 keep the direction).
const INDEXES: &str = "SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS non_unique, COLUMN_NAME AS col,
        SEQ_IN_INDEX AS seq, COLLATION AS collation
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
    ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// Foreign-key columns. Their rules come from a second query: MariaDB evaluates a join of these two views per
/// row, which took a second at 1,000 tables where the two queries apart take milliseconds.
const FOREIGN_KEYS: &str = "SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col,
        REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_col
    FROM information_schema.KEY_COLUMN_USAGE
    WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
    ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

const FOREIGN_KEY_RULES: &str = "SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, UPDATE_RULE AS on_update,
        DELETE_RULE AS on_delete
    FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

/// What the database holds besides tables, which sea-autogen never touches.
const UNMANAGED: &str = "SELECT 'view' AS kind, TABLE_NAME AS name FROM information_schema.VIEWS
        WHERE TABLE_SCHEMA = DATABASE()
    UNION ALL SELECT 'sequence', TABLE_NAME FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE'
    UNION ALL SELECT 'trigger', CONCAT(TRIGGER_NAME, ' on ', EVENT_OBJECT_TABLE) FROM information_schema.TRIGGERS
        WHERE TRIGGER_SCHEMA = DATABASE()
    UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES
        WHERE ROUTINE_SCHEMA = DATABASE()
    ORDER BY 1, 2";

/// Check constraints. MariaDB names the table here; MySQL only in `TABLE_CONSTRAINTS`, read apart
/// ([`CHECK_TABLES`]) for the same reason as the foreign-key rules.
const CHECKS: &str = "SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
    ORDER BY CONSTRAINT_NAME";

const CHECK_TABLES: &str = "SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name
    FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'CHECK'";

/// One index as the catalog reports it: functional parts read as `None`.
#[derive(Default)]
struct RawIndex {
    unique: bool,
    columns: Vec<Option<String>>,
    descending: Vec<String>,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

pub(crate) async fn introspect(db: &impl ConnectionTrait) -> Result<Schema, DbErr> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in query(db, TABLES).await? {
        let name: String = row.try_get("", "name")?;
        let mut table = Table::new(name.clone());
        table.comment = non_empty(row.try_get("", "comment")?);
        tables.insert(name, table);
    }

    for row in query(db, COLUMNS).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let Some(table) = tables.get_mut(&tbl) else { continue };
        let ty: String = row.try_get("", "type")?;
        let nullable: String = row.try_get("", "nullable")?;
        let default: Option<String> = row.try_get("", "dflt")?;
        let extra: String = row.try_get("", "extra")?;
        let mut column = Column::new(
            row.try_get::<String>("", "name")?,
            ColumnType::parse(Backend::Mysql, &ty),
        );
        column.nullable = nullable == "YES";
        // MariaDB reports "no default" on a nullable column as the text NULL.
        column.default = default.filter(|d| !d.eq_ignore_ascii_case("NULL"));
        column.auto_increment = extra.to_ascii_lowercase().contains("auto_increment");
        column.comment = non_empty(row.try_get("", "comment")?);
        table.columns.push(column);
    }

    let mut rules: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    for row in query(db, FOREIGN_KEY_RULES).await? {
        let key = (row.try_get("", "tbl")?, row.try_get("", "name")?);
        rules.insert(key, (row.try_get("", "on_delete")?, row.try_get("", "on_update")?));
    }
    let mut fks: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for row in query(db, FOREIGN_KEYS).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let name: String = row.try_get("", "name")?;
        let ref_table: String = row.try_get("", "ref_table")?;
        let key = (tbl, name.clone());
        let (on_delete, on_update) = rules.get(&key).cloned().unwrap_or_default();
        let fk = fks.entry(key).or_insert_with(|| ForeignKey {
            name: Some(name),
            columns: vec![],
            ref_table,
            ref_schema: None,
            ref_columns: vec![],
            on_delete: action(&on_delete),
            on_update: action(&on_update),
            backing_index: None,
        });
        fk.columns.push(row.try_get("", "col")?);
        fk.ref_columns.push(row.try_get("", "ref_col")?);
    }
    for ((tbl, _), fk) in fks {
        if let Some(table) = tables.get_mut(&tbl) {
            table.foreign_keys.push(fk);
        }
    }

    let mut indexes: BTreeMap<(String, String), RawIndex> = BTreeMap::new();
    for row in query(db, INDEXES).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let idx: String = row.try_get("", "idx")?;
        let non_unique: i64 = row.try_get("", "non_unique")?;
        let col: Option<String> = row.try_get("", "col")?;
        let collation: Option<String> = row.try_get("", "collation")?;
        let entry = indexes.entry((tbl, idx)).or_insert_with(|| RawIndex {
            unique: non_unique == 0,
            ..RawIndex::default()
        });
        if let Some(col) = &col
            && collation.as_deref() == Some("D")
        {
            entry.descending.push(col.clone());
        }
        entry.columns.push(col);
    }
    for ((tbl, idx), raw) in indexes {
        let Some(table) = tables.get_mut(&tbl) else { continue };
        let unique = raw.unique;
        // Functional index parts read as NULL: such indexes are named, never mangled, never dropped.
        let Some(columns) = raw.columns.into_iter().collect::<Option<Vec<String>>>() else {
            table.unmanaged.push(format!("functional index {idx}"));
            continue;
        };
        if idx == "PRIMARY" {
            table.primary_key = Some(PrimaryKey { name: None, columns });
            continue;
        }
        // MySQL creates an index for each foreign key that has none, named after the constraint: part of the
        // foreign key, not an index of its own.
        let backed = table
            .foreign_keys
            .iter_mut()
            .find(|fk| !unique && fk.name.as_deref() == Some(idx.as_str()) && fk.columns == columns);
        if let Some(fk) = backed {
            fk.backing_index = Some(idx);
        } else {
            table.indexes.push(Index {
                name: idx,
                columns,
                unique,
                descending: raw.descending,
                predicate: None,
            });
        }
    }

    read_checks(db, &mut tables).await?;
    let mut unmanaged = Vec::new();
    for row in query(db, UNMANAGED).await? {
        let kind: String = row.try_get("", "kind")?;
        let name: String = row.try_get("", "name")?;
        unmanaged.push(format!("{kind} {name}"));
    }
    Ok(Schema {
        tables,
        enums: BTreeMap::new(),
        unmanaged,
    })
}

async fn read_checks(db: &impl ConnectionTrait, tables: &mut BTreeMap<String, Table>) -> Result<(), DbErr> {
    let rows = query(db, CHECKS).await?;
    let mut table_of: BTreeMap<String, String> = BTreeMap::new();
    let mariadb = rows
        .first()
        .is_some_and(|row| row.try_get::<String>("", "TABLE_NAME").is_ok());
    if !rows.is_empty() && !mariadb {
        for row in query(db, CHECK_TABLES).await? {
            table_of.insert(row.try_get("", "name")?, row.try_get("", "tbl")?);
        }
    }
    for row in rows {
        let name: String = row.try_get("", "CONSTRAINT_NAME")?;
        let expr: String = row.try_get("", "CHECK_CLAUSE")?;
        let tbl = match mariadb {
            true => row.try_get("", "TABLE_NAME")?,
            false => table_of.get(&name).cloned().unwrap_or_default(),
        };
        let Some(table) = tables.get_mut(&tbl) else { continue };
        // MariaDB's JSON is `longtext` with a column-level `json_valid(col)` check it adds itself (named after the
        // column, and still after its old name once the column is renamed): such a column is JSON, and the check
        // part of its type. A `longtext` without that check is a genuine one.
        let column_level = row.try_get::<String>("", "LEVEL").is_ok_and(|level| level == "Column");
        let folded = sea_autogen_schema::normalize_expr(&expr);
        let json_column = table.columns.iter_mut().find(|c| {
            column_level
                && c.ty == ColumnType::Custom("longtext".to_owned())
                && folded == format!("json_valid({})", c.name.to_lowercase())
        });
        match json_column {
            Some(column) => column.ty = ColumnType::Json,
            None => table.checks.push(Check { name: Some(name), expr }),
        }
    }
    Ok(())
}

/// `REFERENTIAL_CONSTRAINTS` rules. MySQL treats NO ACTION as RESTRICT and reports RESTRICT when nothing was said,
/// so both read as the unstated default.
fn action(rule: &str) -> Option<ForeignKeyAction> {
    match ForeignKeyAction::parse(rule) {
        Some(ForeignKeyAction::NoAction | ForeignKeyAction::Restrict) | None => None,
        other => other,
    }
}
