//! PostgreSQL: seven catalog queries over `pg_catalog`, whatever the number of tables.
//!
//! The schemas read are the connection's current one (tables there carry no schema) and the non-default ones the
//! caller names (SeaORM's `schema_name`); every query selects them with the same `{schemas}` filter.

use crate::query;
use sea_autogen_schema::{
    Backend, Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table, Unique,
    qualified,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// Each row's schema: NULL for the current schema, so its tables stay unqualified.
const NSP: &str = "NULLIF(n.nspname, current_schema())::text";

/// Every query that reads tables or what they hold keeps to the tables sea-autogen manages: not partitions, neither
/// declarative ones nor children of the older `INHERITS` partitioning (`pg_inherits`), which belong to their parent
/// and are named in `Schema::unmanaged` instead ([`UNMANAGED`]).
const TABLES: &str = "SELECT {nsp} AS nsp, c.relname::text AS name, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ({schemas}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = c.oid)
    ORDER BY 1, 2";

const COLUMNS: &str = "SELECT {nsp} AS nsp, c.relname::text AS tbl, a.attname::text AS name,
        format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
        pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity::text AS identity,
        col_description(c.oid, a.attnum) AS comment,
        CASE WHEN t.typtype = 'e' THEN t.typname::text END AS enum_name
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname IN ({schemas}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = c.oid)
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY 1, 2, a.attnum";

/// Primary keys, unique constraints and foreign keys, one row per column, in key order.
const CONSTRAINTS: &str = "SELECT {nsp} AS nsp, c.relname::text AS tbl, con.conname::text AS name,
        con.contype::text AS kind, k.ord::int4 AS ord, a.attname::text AS col,
        NULLIF(fn.nspname, current_schema())::text AS ref_nsp, fc.relname::text AS ref_table,
        fa.attname::text AS ref_col, con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
    LEFT JOIN pg_class fc ON fc.oid = con.confrelid
    LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
    LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.ord]
    WHERE n.nspname IN ({schemas}) AND con.contype IN ('p', 'u', 'f') AND NOT c.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = c.oid)
    ORDER BY 1, 2, 3, 5";

/// Check constraints, with the expression as PostgreSQL prints it.
const CHECKS: &str = "SELECT {nsp} AS nsp, c.relname::text AS tbl, con.conname::text AS name,
        pg_get_expr(con.conbin, con.conrelid) AS expr
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ({schemas}) AND con.contype = 'c' AND NOT c.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = c.oid)
    ORDER BY 1, 2, 3";

/// What the schemas hold besides tables and enum types, which sea-autogen never touches: views, materialized views,
/// foreign tables, partitions, tables that inherit from others (`INHERITS`, with their parents in inheritance
/// order), sequences no column owns, triggers, functions and procedures (but not those an extension brings),
/// extensions.
const UNMANAGED: &str = "SELECT kind, name FROM (
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
                WHEN 'S' THEN 'sequence' ELSE 'partition' END AS kind, c.relname::text AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ({schemas})
      AND (c.relkind IN ('v', 'm', 'f') OR (c.relkind IN ('r', 'p') AND c.relispartition)
           OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                 AND d.deptype IN ('a', 'i'))))
    UNION ALL
    SELECT 'inherited table',
           c.relname::text || ' (inherits ' || string_agg(p.relname::text, ', ' ORDER BY i.inhseqno) || ')'
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
    WHERE n.nspname IN ({schemas}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    GROUP BY c.oid, c.relname
    UNION ALL
    SELECT 'trigger', t.tgname::text || ' on ' || c.relname::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ({schemas}) AND NOT t.tgisinternal
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname::text
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname IN ({schemas})
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'extension', e.extname::text FROM pg_extension e WHERE e.extname <> 'plpgsql'
) o ORDER BY 1, 2";

/// Enum types and their values in declared order.
const ENUMS: &str = "SELECT t.typname::text AS name, e.enumlabel::text AS value
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname IN ({schemas})
    ORDER BY t.typname, e.enumsortorder";

/// Indexes that no constraint owns, one row per key column; expression columns read as NULL. Bit 1 of
/// `indoption` (a zero-based vector) marks a descending column.
const INDEXES: &str = "SELECT {nsp} AS nsp, t.relname::text AS tbl, i.relname::text AS idx,
        ix.indisunique AS is_unique, pg_get_expr(ix.indpred, ix.indrelid) AS predicate, k.ord::int4 AS ord,
        a.attname::text AS col, (ix.indoption[k.ord - 1] & 1) = 1 AS descending
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
    WHERE n.nspname IN ({schemas}) AND t.relkind IN ('r', 'p') AND NOT t.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = t.oid) AND k.ord <= ix.indnkeyatts
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                      WHERE con.conindid = ix.indexrelid AND con.conrelid = t.oid AND con.contype IN ('p', 'u', 'x'))
    ORDER BY 1, 2, 3, 6";

pub(crate) async fn introspect(db: &impl ConnectionTrait, schemas: &BTreeSet<String>) -> Result<Schema, DbErr> {
    let mut filter = String::from("current_schema()");
    for name in schemas {
        filter.push_str(", ");
        filter.push_str(&string_literal(name));
    }
    let run = |sql: &str| {
        let sql = sql.replace("{nsp}", NSP).replace("{schemas}", &filter);
        async move { query(db, &sql).await }
    };
    let key = |row: &QueryResult, tbl: &str| -> Result<String, DbErr> {
        Ok(qualified(row.try_get::<Option<String>>("", "nsp")?.as_deref(), tbl))
    };

    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in run(ENUMS).await? {
        let name: String = row.try_get("", "name")?;
        enums.entry(name).or_default().push(row.try_get("", "value")?);
    }

    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in run(TABLES).await? {
        let mut table = Table::new(row.try_get::<String>("", "name")?);
        table.schema = row.try_get("", "nsp")?;
        table.comment = row.try_get("", "comment")?;
        tables.insert(table.key(), table);
    }

    for row in run(COLUMNS).await? {
        let Some(table) = tables.get_mut(&key(&row, &row.try_get::<String>("", "tbl")?)?) else {
            continue;
        };
        let ty: String = row.try_get("", "type")?;
        let enum_name: Option<String> = row.try_get("", "enum_name")?;
        let not_null: bool = row.try_get("", "not_null")?;
        let default: Option<String> = row.try_get("", "dflt")?;
        let identity: String = row.try_get("", "identity")?;
        let ty = match enum_name {
            Some(name) => ColumnType::Enum {
                variants: enums.get(&name).cloned().unwrap_or_default(),
                name,
            },
            None => match ColumnType::parse(Backend::Postgres, &ty) {
                // An array of an enum type: its element is that enum, values and all.
                ColumnType::Array(element) => ColumnType::Array(Box::new(match *element {
                    ColumnType::Custom(name) if enums.contains_key(&name) => ColumnType::Enum {
                        variants: enums[&name].clone(),
                        name,
                    },
                    other => other,
                })),
                other => other,
            },
        };
        let mut column = Column::new(row.try_get::<String>("", "name")?, ty);
        column.nullable = !not_null;
        column.comment = row.try_get("", "comment")?;
        // Identity columns and serials (a `nextval` default) are what SeaORM calls auto-increment.
        let serial = default.as_deref().is_some_and(|d| d.starts_with("nextval("));
        column.auto_increment = !identity.is_empty() || serial;
        column.default = if serial { None } else { default };
        table.columns.push(column);
    }

    let mut constraints: BTreeMap<(String, String), RawConstraint> = BTreeMap::new();
    for row in run(CONSTRAINTS).await? {
        let tbl = key(&row, &row.try_get::<String>("", "tbl")?)?;
        let name: String = row.try_get("", "name")?;
        let entry = match constraints.entry((tbl, name)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(RawConstraint {
                kind: row.try_get("", "kind")?,
                ref_schema: row.try_get("", "ref_nsp")?,
                ref_table: row.try_get("", "ref_table")?,
                on_delete: row.try_get("", "on_delete")?,
                on_update: row.try_get("", "on_update")?,
                columns: vec![],
                ref_columns: vec![],
            }),
        };
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
                ref_schema: c.ref_schema,
                ref_columns: c.ref_columns,
                on_delete: action(&c.on_delete),
                on_update: action(&c.on_update),
                backing_index: None,
            }),
            _ => {}
        }
    }

    for row in run(CHECKS).await? {
        let Some(table) = tables.get_mut(&key(&row, &row.try_get::<String>("", "tbl")?)?) else {
            continue;
        };
        table.checks.push(Check {
            name: Some(row.try_get("", "name")?),
            expr: row.try_get("", "expr")?,
        });
    }

    let mut indexes: BTreeMap<(String, String), RawIndex> = BTreeMap::new();
    for row in run(INDEXES).await? {
        let tbl = key(&row, &row.try_get::<String>("", "tbl")?)?;
        let idx: String = row.try_get("", "idx")?;
        let entry = match indexes.entry((tbl, idx)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(RawIndex {
                unique: row.try_get("", "is_unique")?,
                predicate: row.try_get("", "predicate")?,
                columns: vec![],
                descending: vec![],
            }),
        };
        let col: Option<String> = row.try_get("", "col")?;
        if let Some(col) = &col
            && row.try_get::<Option<bool>>("", "descending")? == Some(true)
        {
            entry.descending.push(col.clone());
        }
        entry.columns.push(col);
    }
    for ((tbl, idx), raw) in indexes {
        let Some(table) = tables.get_mut(&tbl) else { continue };
        // Expression indexes are not modelled: named, never mangled, never dropped.
        let Some(columns) = raw.columns.into_iter().collect::<Option<Vec<String>>>() else {
            table.unmanaged.push(format!("expression index {idx}"));
            continue;
        };
        table.indexes.push(Index {
            name: idx,
            columns,
            unique: raw.unique,
            descending: raw.descending,
            predicate: raw.predicate,
        });
    }

    let mut unmanaged = Vec::new();
    for row in run(UNMANAGED).await? {
        let kind: String = row.try_get("", "kind")?;
        let name: String = row.try_get("", "name")?;
        unmanaged.push(format!("{kind} {name}"));
    }
    Ok(Schema {
        tables,
        enums,
        unmanaged,
    })
}

/// `'text'` with quotes doubled: the only way a name from outside enters catalog SQL.
fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// One index as the catalog reports it; expression columns read as `None`.
struct RawIndex {
    unique: bool,
    predicate: Option<String>,
    columns: Vec<Option<String>>,
    descending: Vec<String>,
}

/// One constraint as the catalog reports it.
struct RawConstraint {
    /// `p`, `u` or `f`.
    kind: String,
    ref_schema: Option<String>,
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
