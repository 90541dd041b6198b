//! PostgreSQL: five catalog queries over `pg_catalog` for the current schema, whatever the number of tables.

use crate::query;
use sea_autogen_schema::{Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table, Unique};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::BTreeMap;

const TABLES: &str = "SELECT c.relname::text AS name, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY 1";

const COLUMNS: &str = "SELECT c.relname::text AS tbl, a.attname::text AS name,
        format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
        pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity::text AS identity,
        col_description(c.oid, a.attnum) AS comment
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum";

/// Primary keys, unique constraints and foreign keys, one row per column, in key order.
const CONSTRAINTS: &str = "SELECT c.relname::text AS tbl, con.conname::text AS name, con.contype::text AS kind,
        k.ord::int4 AS ord, a.attname::text AS col, fc.relname::text AS ref_table, fa.attname::text AS ref_col,
        con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
    LEFT JOIN pg_class fc ON fc.oid = con.confrelid
    LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.ord]
    WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f')
    ORDER BY 1, 2, 4";

/// Indexes that no constraint owns, one row per key column; expression columns read as NULL.
const INDEXES: &str = "SELECT t.relname::text AS tbl, i.relname::text AS idx, ix.indisunique AS is_unique,
        (ix.indpred IS NOT NULL) AS partial, k.ord::int4 AS ord, a.attname::text AS col
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
    WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND k.ord <= ix.indnkeyatts
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                      WHERE con.conindid = ix.indexrelid AND con.conrelid = t.oid AND con.contype IN ('p', 'u', 'x'))
    ORDER BY 1, 2, 5";

pub(crate) async fn introspect(db: &impl ConnectionTrait) -> Result<Schema, DbErr> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in query(db, TABLES).await? {
        let name: String = row.try_get("", "name")?;
        let mut table = Table::new(name.clone());
        table.comment = row.try_get("", "comment")?;
        tables.insert(name, table);
    }

    for row in query(db, COLUMNS).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let Some(table) = tables.get_mut(&tbl) else { continue };
        let ty: String = row.try_get("", "type")?;
        let not_null: bool = row.try_get("", "not_null")?;
        let default: Option<String> = row.try_get("", "dflt")?;
        let identity: String = row.try_get("", "identity")?;
        let mut column = Column::new(
            row.try_get::<String>("", "name")?,
            ColumnType::parse(sea_autogen_schema::Backend::Postgres, &ty),
        );
        column.nullable = !not_null;
        column.comment = row.try_get("", "comment")?;
        // Identity columns and serials (a `nextval` default) are what SeaORM calls auto-increment.
        let serial = default.as_deref().is_some_and(|d| d.starts_with("nextval("));
        column.auto_increment = !identity.is_empty() || serial;
        column.default = if serial { None } else { default };
        table.columns.push(column);
    }

    let mut constraints: BTreeMap<(String, String), RawConstraint> = BTreeMap::new();
    for row in query(db, CONSTRAINTS).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let name: String = row.try_get("", "name")?;
        let kind: String = row.try_get("", "kind")?;
        let ref_table: Option<String> = row.try_get("", "ref_table")?;
        let on_delete: String = row.try_get("", "on_delete")?;
        let on_update: String = row.try_get("", "on_update")?;
        let entry = constraints.entry((tbl, name)).or_insert_with(|| RawConstraint {
            kind,
            ref_table,
            on_delete,
            on_update,
            columns: vec![],
            ref_columns: vec![],
        });
        entry.columns.push(row.try_get("", "col")?);
        if let Some(ref_col) = row.try_get::<Option<String>>("", "ref_col")? {
            entry.ref_columns.push(ref_col);
        }
    }
    for ((tbl, name), c) in constraints {
        let Some(table) = tables.get_mut(&tbl) else { continue };
        match c.kind.as_str() {
            "p" => {
                table.primary_key = Some(PrimaryKey {
                    name: Some(name),
                    columns: c.columns,
                })
            }
            "u" => table.uniques.push(Unique {
                name: Some(name),
                columns: c.columns,
            }),
            "f" => table.foreign_keys.push(ForeignKey {
                name: Some(name),
                columns: c.columns,
                ref_table: c.ref_table.unwrap_or_default(),
                ref_columns: c.ref_columns,
                on_delete: action(&c.on_delete),
                on_update: action(&c.on_update),
            }),
            _ => {}
        }
    }

    let mut indexes: BTreeMap<(String, String), RawIndex> = BTreeMap::new();
    for row in query(db, INDEXES).await? {
        let tbl: String = row.try_get("", "tbl")?;
        let idx: String = row.try_get("", "idx")?;
        let unique: bool = row.try_get("", "is_unique")?;
        let partial: bool = row.try_get("", "partial")?;
        let col: Option<String> = row.try_get("", "col")?;
        indexes
            .entry((tbl, idx))
            .or_insert_with(|| RawIndex {
                unique,
                partial,
                columns: vec![],
            })
            .columns
            .push(col);
    }
    for ((tbl, idx), raw) in indexes {
        let Some(table) = tables.get_mut(&tbl) else { continue };
        // Expression and partial indexes are not modelled yet: named, never mangled, never dropped.
        let Some(columns) = raw.columns.into_iter().collect::<Option<Vec<String>>>() else {
            table.unmanaged.push(format!("expression index {idx}"));
            continue;
        };
        if raw.partial {
            table.unmanaged.push(format!("partial index {idx}"));
            continue;
        }
        table.indexes.push(Index {
            name: idx,
            columns,
            unique: raw.unique,
        });
    }

    Ok(Schema { tables })
}

/// One index as the catalog reports it; expression columns read as `None`.
struct RawIndex {
    unique: bool,
    partial: bool,
    columns: Vec<Option<String>>,
}

/// One constraint as the catalog reports it.
struct RawConstraint {
    /// `p`, `u` or `f`.
    kind: String,
    ref_table: Option<String>,
    on_delete: String,
    on_update: String,
    columns: Vec<String>,
    ref_columns: Vec<String>,
}

/// `pg_constraint.confdeltype` codes; NO ACTION (`a`) is the unstated default.
fn action(code: &str) -> Option<ForeignKeyAction> {
    match code {
        "r" => Some(ForeignKeyAction::Restrict),
        "c" => Some(ForeignKeyAction::Cascade),
        "n" => Some(ForeignKeyAction::SetNull),
        "d" => Some(ForeignKeyAction::SetDefault),
        _ => None,
    }
}
