//! SeaORM entity → neutral [`Table`], read from the very statements SeaORM itself would run
//! (`Schema::create_table_from_entity`, `create_index_from_entity`), so every Rust type maps as SeaORM maps it.

use crate::registry::RegistryError;
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Table, Unique};
use sea_orm::sea_query::{
    self, ColumnDef, Expr, ForeignKeyAction as SqAction, MysqlQueryBuilder, PostgresQueryBuilder, Query,
    SqliteQueryBuilder, StringLen, TableBuilder, TableRef,
};
use sea_orm::{ColumnTrait, EntityTrait, IdenStatic, Iterable, Schema};

pub(crate) fn table_of<E: EntityTrait>(entity: E, backend: Backend) -> Result<Table, RegistryError> {
    // sea-query panics on (or writes `unsupported` for) a type the backend does not have: refused here, by name.
    for c in E::Column::iter() {
        let def = c.def();
        let ty = def.get_column_type();
        if !expressible(ty, backend) {
            return Err(RegistryError::UnsupportedType {
                table: entity.table_name().to_owned(),
                column: c.as_str().to_owned(),
                ty: format!("{ty:?}"),
                backend,
            });
        }
    }
    let schema = Schema::new(crate::backend::to_sea_orm(backend));
    let create = schema.create_table_from_entity(entity);
    let mut table = Table::new(entity.table_name());
    table.comment = create.get_comment().cloned();
    if backend == Backend::Postgres {
        // Only PostgreSQL has schemas inside a database; elsewhere SeaORM itself ignores `schema_name`.
        table.schema = entity.schema_name().map(str::to_owned);
    }

    // SeaORM writes a PostgreSQL enum column as a custom type of the enum's name, and a MySQL one as an inline
    // custom `ENUM(...)`: the values are read from the entity's own column definitions instead.
    let enums: Vec<(String, ColumnType)> = E::Column::iter()
        .filter_map(|c| match c.def().get_column_type() {
            ty @ sea_query::ColumnType::Enum { .. } => Some((c.as_str().to_owned(), column_type(ty, backend))),
            _ => None,
        })
        .collect();

    let mut single_pk = Vec::new();
    for def in create.get_columns() {
        let spec = def.get_column_spec();
        if spec.primary_key {
            single_pk.push(def.get_column_name());
        }
        if spec.unique {
            table.uniques.push(Unique {
                name: None,
                columns: vec![def.get_column_name()],
            });
        }
        let mut column = column(def, backend);
        if let Some((_, ty)) = enums.iter().find(|(name, _)| *name == column.name) {
            column.ty = ty.clone();
        }
        table.columns.push(column);
    }
    if !single_pk.is_empty() {
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns: single_pk,
        });
    }
    for index in create.get_indexes() {
        if index.is_primary_key() {
            let spec = index.get_index_spec();
            table.primary_key = Some(PrimaryKey {
                name: spec.get_name().map(str::to_owned),
                columns: spec.get_column_names(),
            });
        }
    }
    for fk in create.get_foreign_key_create_stmts() {
        let fk = fk.get_foreign_key();
        let (ref_schema, ref_table) = fk.get_ref_table().map(table_name).unwrap_or_default();
        table.foreign_keys.push(ForeignKey {
            name: fk.get_name().map(str::to_owned),
            columns: fk.get_columns(),
            ref_table,
            ref_schema: ref_schema.filter(|_| backend == Backend::Postgres),
            ref_columns: fk.get_ref_columns(),
            on_delete: fk.get_on_delete().and_then(action),
            on_update: fk.get_on_update().and_then(action),
            backing_index: None,
        });
    }
    for index in schema.create_index_from_entity(entity) {
        let spec = index.get_index_spec();
        table.indexes.push(Index {
            name: spec.get_name().unwrap_or_default().to_owned(),
            columns: spec.get_column_names(),
            unique: index.is_unique_key(),
            ..Index::default()
        });
    }
    Ok(table)
}

/// Whether sea-query can write `ty` for `backend` (the types it has no spelling for there, as of sea-query 1.0).
fn expressible(ty: &sea_query::ColumnType, backend: Backend) -> bool {
    use sea_query::ColumnType as Sq;
    match (backend, ty) {
        (Backend::Postgres, Sq::Year) => false,
        (Backend::Postgres, Sq::Array(inner)) => expressible(inner, backend),
        (Backend::Postgres, _) => true,
        (
            Backend::Mysql,
            Sq::Interval(..) | Sq::Array(_) | Sq::Vector(_) | Sq::Cidr | Sq::Inet | Sq::MacAddr | Sq::LTree,
        ) => false,
        (
            Backend::Sqlite,
            Sq::Interval(..)
            | Sq::Array(_)
            | Sq::Vector(_)
            | Sq::Cidr
            | Sq::Inet
            | Sq::MacAddr
            | Sq::Year
            | Sq::Bit(_)
            | Sq::VarBit(_)
            | Sq::LTree,
        ) => false,
        _ => true,
    }
}

fn column(def: &ColumnDef, backend: Backend) -> Column {
    let spec = def.get_column_spec();
    let ty = def
        .get_column_type()
        .map_or(ColumnType::Custom(String::new()), |t| column_type(t, backend));
    let mut column = Column::new(def.get_column_name(), ty);
    column.nullable = spec.nullable != Some(false) && !spec.primary_key;
    column.auto_increment = spec.auto_increment;
    column.default = spec.default.as_ref().map(|d| expr_sql(d, backend));
    if let Some(comment) = &spec.comment {
        (column.comment, column.renamed_from) = split_rename_hint(comment);
    }
    column
}

/// SeaORM writes a column's `renamed_from` hint into its comment (`note; renamed_from "old"`). The hint is for the
/// diff, not for the database (left in, it would read as a comment change): returns (comment, previous name).
fn split_rename_hint(comment: &str) -> (Option<String>, Option<String>) {
    let (kept, hint) = match comment.rfind("renamed_from \"") {
        Some(at) if comment.ends_with('"') && comment.len() > at + 15 => (
            comment[..at].trim_end().trim_end_matches(';').trim_end(),
            Some(comment[at + 14..comment.len() - 1].to_owned()),
        ),
        _ => (comment, None),
    };
    ((!kept.is_empty()).then(|| kept.to_owned()), hint)
}

/// A referenced table as (schema, name).
fn table_name(table: &TableRef) -> (Option<String>, String) {
    match table {
        TableRef::Table(name, _) => (name.0.as_ref().map(|schema| schema.1.to_string()), name.1.to_string()),
        other => (None, format!("{other:?}")),
    }
}

fn action(action: SqAction) -> Option<ForeignKeyAction> {
    match action {
        SqAction::Restrict => Some(ForeignKeyAction::Restrict),
        SqAction::Cascade => Some(ForeignKeyAction::Cascade),
        SqAction::SetNull => Some(ForeignKeyAction::SetNull),
        SqAction::NoAction => Some(ForeignKeyAction::NoAction),
        SqAction::SetDefault => Some(ForeignKeyAction::SetDefault),
        _ => None,
    }
}

/// An expression as the backend's DDL would spell it, values inlined.
fn expr_sql(expr: &Expr, backend: Backend) -> String {
    let select = Query::select().expr(expr.clone()).to_owned();
    let sql = match backend {
        Backend::Postgres => select.to_string(PostgresQueryBuilder),
        Backend::Mysql => select.to_string(MysqlQueryBuilder),
        Backend::Sqlite => select.to_string(SqliteQueryBuilder),
    };
    sql.strip_prefix("SELECT ").unwrap_or(&sql).to_owned()
}

/// sea-query's type → the neutral type. Types without a neutral variant keep the exact spelling sea-query
/// renders for the backend.
pub fn column_type(ty: &sea_query::ColumnType, backend: Backend) -> ColumnType {
    use sea_query::ColumnType as Sq;
    let len = |l: &StringLen| match l {
        StringLen::N(n) => Some(*n),
        _ => None,
    };
    match ty {
        Sq::Char(n) => ColumnType::Char(*n),
        Sq::String(l @ (StringLen::N(_) | StringLen::None)) => ColumnType::String(len(l)),
        Sq::Text => ColumnType::Text,
        Sq::Blob => ColumnType::Blob,
        Sq::TinyInteger => ColumnType::TinyInteger,
        Sq::SmallInteger => ColumnType::SmallInteger,
        Sq::Integer => ColumnType::Integer,
        Sq::BigInteger => ColumnType::BigInteger,
        Sq::TinyUnsigned => ColumnType::TinyUnsigned,
        Sq::SmallUnsigned => ColumnType::SmallUnsigned,
        Sq::Unsigned => ColumnType::Unsigned,
        Sq::BigUnsigned => ColumnType::BigUnsigned,
        Sq::Float => ColumnType::Float,
        Sq::Double => ColumnType::Double,
        Sq::Decimal(ps) => ColumnType::Decimal(*ps),
        Sq::DateTime => ColumnType::DateTime,
        Sq::Timestamp => ColumnType::Timestamp,
        Sq::TimestampWithTimeZone => ColumnType::TimestampWithTimeZone,
        Sq::Time => ColumnType::Time,
        Sq::Date => ColumnType::Date,
        Sq::Binary(n) => ColumnType::Binary(*n),
        Sq::VarBinary(l @ (StringLen::N(_) | StringLen::None)) => ColumnType::VarBinary(len(l)),
        Sq::Boolean => ColumnType::Boolean,
        Sq::Json => ColumnType::Json,
        Sq::JsonBinary => ColumnType::JsonBinary,
        Sq::Uuid => ColumnType::Uuid,
        Sq::Enum { name, variants } => ColumnType::Enum {
            name: name.to_string(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
        },
        Sq::Array(element) => ColumnType::Array(Box::new(column_type(element, backend))),
        Sq::Custom(name) => ColumnType::parse(backend, &name.to_string()),
        other => ColumnType::Custom(render_type(other, backend)),
    }
}

/// The spelling sea-query writes for `ty` in `CREATE TABLE` on `backend`.
pub fn render_type(ty: &sea_query::ColumnType, backend: Backend) -> String {
    let mut sql = String::new();
    match backend {
        Backend::Postgres => PostgresQueryBuilder.prepare_column_type(ty, &mut sql),
        Backend::Mysql => MysqlQueryBuilder.prepare_column_type(ty, &mut sql),
        Backend::Sqlite => SqliteQueryBuilder.prepare_column_type(ty, &mut sql),
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_query::ColumnType as Sq;

    #[test]
    fn rename_hints_leave_the_comment() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(split_rename_hint("renamed_from \"old\""), (None, some("old")));
        assert_eq!(
            split_rename_hint("the name; renamed_from \"old\""),
            (some("the name"), some("old"))
        );
        assert_eq!(split_rename_hint("plain"), (some("plain"), None));
        assert_eq!(split_rename_hint("renamed_from \""), (some("renamed_from \""), None));
    }

    /// What sea-query writes for an entity's string default (`default_value = "..."`: `E'it\'s'` on PostgreSQL,
    /// `'it\'s'` on MySQL, `'it''s'` on SQLite) is read back as its text on every backend, and compares equal to the
    /// text however the catalog spells it.
    #[test]
    fn string_defaults_read_as_their_text() {
        use sea_autogen_schema::{default_literal, quote_string};
        let text = "it's a \"test\"\\ \nnon-ASCII: é\ttab \\n";
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            let sql = expr_sql(&Expr::val(text), backend);
            assert_eq!(
                default_literal(backend, &sql).as_deref(),
                Some(text),
                "{sql} on {backend}"
            );
            let column = Column::new("c", ColumnType::Text).default_sql(sql).normalized(backend);
            assert_eq!(column.default, Some(quote_string(backend, text)), "on {backend}");
        }
    }

    /// `expressible` is exactly what sea-query can write: the rest panic, or write `unsupported`.
    #[test]
    fn expressible_types_are_the_ones_sea_query_writes() {
        let types = [
            Sq::Year,
            Sq::Interval(None, None),
            Sq::Bit(None),
            Sq::VarBit(8),
            Sq::Money(None),
            Sq::Array(sea_query::RcOrArc::new(Sq::Integer)),
            Sq::Array(sea_query::RcOrArc::new(Sq::Year)),
            Sq::Vector(None),
            Sq::Cidr,
            Sq::Inet,
            Sq::MacAddr,
            Sq::LTree,
            Sq::Text,
        ];
        let mut wrong = Vec::new();
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            for ty in &types {
                let rendered = std::panic::catch_unwind(|| render_type(ty, backend));
                let writes = rendered.is_ok_and(|sql| sql != "unsupported");
                if writes != expressible(ty, backend) {
                    wrong.push(format!("{ty:?} on {backend:?}: sea-query writes it: {writes}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The neutral model's idea of each backend's spelling must match what sea-query really writes, or
    /// comparisons after a migration would see false diffs.
    #[test]
    fn neutral_rendering_matches_sea_query() {
        let types = [
            Sq::Char(Some(3)),
            Sq::String(StringLen::N(50)),
            Sq::String(StringLen::None),
            Sq::Text,
            Sq::Blob,
            Sq::TinyInteger,
            Sq::SmallInteger,
            Sq::Integer,
            Sq::BigInteger,
            Sq::TinyUnsigned,
            Sq::SmallUnsigned,
            Sq::Unsigned,
            Sq::BigUnsigned,
            Sq::Float,
            Sq::Double,
            Sq::Decimal(Some((10, 2))),
            Sq::Decimal(None),
            Sq::DateTime,
            Sq::Timestamp,
            Sq::TimestampWithTimeZone,
            Sq::Time,
            Sq::Date,
            Sq::Binary(16),
            Sq::VarBinary(StringLen::N(8)),
            Sq::Boolean,
            Sq::Json,
            Sq::JsonBinary,
            Sq::Uuid,
        ];
        let mut mismatches = Vec::new();
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            for ty in &types {
                let ours = column_type(ty, backend).render(backend).to_ascii_lowercase();
                let theirs = render_type(ty, backend).to_ascii_lowercase();
                if ours != theirs {
                    mismatches.push(format!("{ty:?} on {backend:?}: ours {ours:?}, sea-query {theirs:?}"));
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }
}
