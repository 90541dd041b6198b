//! SQLite: five queries over `sqlite_master` joined with the table-valued pragmas, whatever the number of tables.
//! What no pragma reports (check constraints, partial-index predicates) is read from the stored `CREATE` text.

use crate::query;
use crate::sqlite_sql::{index_predicate, table_checks};
use sea_autogen_schema::{
    Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table, Unique,
};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::BTreeMap;

const TABLES: &str = "SELECT name, sql FROM sqlite_master \
     WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";

const COLUMNS: &str = "SELECT m.name AS tbl, p.name AS name, p.type AS type, p.\"notnull\" AS not_null, \
     p.dflt_value AS dflt, p.pk AS pk \
     FROM sqlite_master m JOIN pragma_table_info(m.name) p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid";

const FOREIGN_KEYS: &str = "SELECT m.name AS tbl, f.id AS id, f.\"table\" AS ref_table, f.\"from\" AS col, \
     f.\"to\" AS ref_col, f.on_update AS on_update, f.on_delete AS on_delete \
     FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, f.id, f.seq";

/// Views and triggers, which sea-autogen never touches.
const UNMANAGED: &str = "SELECT type AS kind, CASE type WHEN 'trigger' THEN name || ' on ' || tbl_name ELSE name END \
     AS name, tbl_name AS tbl FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY 1, 2";

/// Key columns of every index with their direction; a partial index brings its `CREATE INDEX` text along.
const INDEXES: &str = "SELECT m.name AS tbl, il.name AS idx, il.\"unique\" AS is_unique, il.origin AS origin, \
     CASE WHEN il.partial THEN (SELECT sql FROM sqlite_master WHERE type = 'index' AND name = il.name) END \
       AS partial_sql, \
     ii.name AS col, ii.\"desc\" AS descending \
     FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND ii.key \
     ORDER BY m.name, il.name, ii.seqno";

pub(crate) async fn introspect(db: &impl ConnectionTrait) -> Result<Schema, DbErr> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let mut create_sql: BTreeMap<String, String> = BTreeMap::new();
    for row in query(db, TABLES).await? {
        let name: String = row.try_get("", "name")?;
        let sql: Option<String> = row.try_get("", "sql")?;
        create_sql.insert(name.clone(), sql.unwrap_or_default());
        tables.insert(name.clone(), Table::new(name));
    }

    let mut pk_columns: BTreeMap<String, Vec<(i32, String)>> = BTreeMap::new();
    for row in query(db, COLUMNS).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let name: String = row.try_get("", "name")?;
        let ty: String = row.try_get("", "type")?;
        let not_null: i32 = row.try_get("", "not_null")?;
        let default: Option<String> = row.try_get("", "dflt")?;
        let pk: i32 = row.try_get("", "pk")?;
        if pk > 0 {
            pk_columns.entry(tbl.clone()).or_default().push((pk, name.clone()));
        }
        let Some(table) = tables.get_mut(&tbl) else { continue };
        let mut column = Column::new(name, ColumnType::parse(sea_autogen_schema::Backend::Sqlite, &ty));
        column.nullable = not_null == 0;
        column.default = default;
        table.columns.push(column);
    }

    for (tbl, mut columns) in pk_columns {
        let Some(table) = tables.get_mut(&tbl) else { continue };
        columns.sort();
        let columns: Vec<String> = columns.into_iter().map(|(_, c)| c).collect();
        // Only a lone INTEGER primary key declared AUTOINCREMENT is what SeaORM calls auto-increment.
        if let [only] = columns.as_slice()
            && has_autoincrement(create_sql.get(&tbl).map(String::as_str).unwrap_or_default())
            && let Some(column) = table.columns.iter_mut().find(|c| &c.name == only)
            && column.ty == ColumnType::Integer
        {
            column.auto_increment = true;
        }
        table.primary_key = Some(PrimaryKey { name: None, columns });
    }

    let mut fks: BTreeMap<(String, i32), ForeignKey> = BTreeMap::new();
    for row in query(db, FOREIGN_KEYS).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let id: i32 = row.try_get("", "id")?;
        let ref_table: String = row.try_get("", "ref_table")?;
        let col: String = row.try_get("", "col")?;
        let ref_col: Option<String> = row.try_get("", "ref_col")?;
        let on_update: String = row.try_get("", "on_update")?;
        let on_delete: String = row.try_get("", "on_delete")?;
        let fk = fks.entry((tbl, id)).or_insert_with(|| ForeignKey {
            name: None,
            columns: vec![],
            ref_table,
            ref_schema: None,
            ref_columns: vec![],
            // NO ACTION is what a foreign key does when it says nothing; report it the way entities state it.
            on_delete: ForeignKeyAction::parse(&on_delete).filter(|a| *a != ForeignKeyAction::NoAction),
            on_update: ForeignKeyAction::parse(&on_update).filter(|a| *a != ForeignKeyAction::NoAction),
            backing_index: None,
        });
        fk.columns.push(col);
        if let Some(ref_col) = ref_col {
            fk.ref_columns.push(ref_col);
        }
    }
    for ((tbl, _), mut fk) in fks {
        // `REFERENCES parent` without columns means the parent's primary key.
        if fk.ref_columns.is_empty()
            && let Some(pk) = tables.get(&fk.ref_table).and_then(|t| t.primary_key.as_ref())
        {
            fk.ref_columns = pk.columns.clone();
        }
        if let Some(table) = tables.get_mut(&tbl) {
            table.foreign_keys.push(fk);
        }
    }

    let mut indexes: BTreeMap<(String, String), RawIndex> = BTreeMap::new();
    for row in query(db, INDEXES).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let idx: String = row.try_get("", "idx")?;
        let unique: i32 = row.try_get("", "is_unique")?;
        let origin: String = row.try_get("", "origin")?;
        let partial_sql: Option<String> = row.try_get("", "partial_sql")?;
        let col: Option<String> = row.try_get("", "col")?;
        let descending: i32 = row.try_get("", "descending")?;
        let entry = indexes.entry((tbl, idx)).or_insert_with(|| RawIndex {
            unique: unique != 0,
            origin,
            predicate: partial_sql.as_deref().and_then(index_predicate),
            columns: vec![],
            descending: vec![],
        });
        if let Some(col) = &col
            && descending != 0
        {
            entry.descending.push(col.clone());
        }
        entry.columns.push(col);
    }
    for ((tbl, idx), raw) in indexes {
        let Some(table) = tables.get_mut(&tbl) else { continue };
        let Some(columns) = raw.columns.into_iter().collect::<Option<Vec<String>>>() else {
            // Expression indexes are not modelled: named, never mangled, never dropped.
            table.unmanaged.push(format!("expression index {idx}"));
            continue;
        };
        match raw.origin.as_str() {
            "pk" => {}
            "u" => table.uniques.push(Unique { name: None, columns }),
            _ => table.indexes.push(Index {
                name: idx,
                columns,
                unique: raw.unique,
                descending: raw.descending,
                predicate: raw.predicate,
            }),
        }
    }

    for (tbl, sql) in &create_sql {
        let Some(table) = tables.get_mut(tbl) else { continue };
        table.checks = table_checks(sql)
            .into_iter()
            .map(|c| Check {
                name: c.name,
                expr: c.expr,
            })
            .collect();
    }

    let mut unmanaged = Vec::new();
    for row in query(db, UNMANAGED).await? {
        let kind: String = row.try_get("", "kind")?;
        let name: String = row.try_get("", "name")?;
        // A trigger goes with its table when SQLite drops it: it is the table's (named once, there), and a table
        // that has one is never rebuilt.
        if kind == "trigger"
            && let Some(table) = tables.get_mut(&row.try_get::<String>("", "tbl")?)
        {
            table
                .unmanaged
                .push(format!("trigger {}", name.split(" on ").next().unwrap_or(&name)));
            continue;
        }
        unmanaged.push(format!("{kind} {name}"));
    }
    Ok(Schema {
        tables,
        enums: BTreeMap::new(),
        unmanaged,
    })
}

/// One index as the pragmas report it.
struct RawIndex {
    unique: bool,
    /// `pk`, `u` (a UNIQUE constraint) or `c` (CREATE INDEX).
    origin: String,
    /// The `WHERE` of a partial index.
    predicate: Option<String>,
    /// Expression columns read as NULL.
    columns: Vec<Option<String>>,
    descending: Vec<String>,
}

/// Whether a `CREATE TABLE` statement uses the AUTOINCREMENT keyword outside quotes.
fn has_autoincrement(create_sql: &str) -> bool {
    let mut in_quote: Option<char> = None;
    let mut word = String::new();
    for c in create_sql.chars().chain(std::iter::once(' ')) {
        match in_quote {
            Some(q) if c == q => in_quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`' | '[') => {
                in_quote = Some(if c == '[' { ']' } else { c });
                word.clear();
            }
            None if c.is_ascii_alphanumeric() || c == '_' => word.push(c),
            None => {
                if word.eq_ignore_ascii_case("autoincrement") {
                    return true;
                }
                word.clear();
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_autoincrement;

    #[test]
    fn autoincrement_keyword_outside_quotes_only() {
        assert!(has_autoincrement(
            r#"CREATE TABLE "t" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT )"#
        ));
        assert!(has_autoincrement(
            "create table t (id integer primary key autoincrement)"
        ));
        assert!(!has_autoincrement(
            r#"CREATE TABLE t ( "autoincrement" integer PRIMARY KEY )"#
        ));
        assert!(!has_autoincrement(
            "CREATE TABLE t (id integer primary key, note text default 'AUTOINCREMENT')"
        ));
        assert!(!has_autoincrement("CREATE TABLE t (id integer primary key)"));
    }
}
