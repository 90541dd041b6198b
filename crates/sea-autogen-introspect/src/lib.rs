//! The only crate that reads a database catalog: one module per backend, each turning a handful of catalog queries
//! (never one round per table) into a [`Schema`].

mod mysql;
mod postgres;
mod sqlite;
mod sqlite_sql;

use sea_autogen_schema::{Backend, Schema};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement};
use std::collections::BTreeSet;

/// Why a schema could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IntrospectError {
    #[error("reading the {backend} catalog failed: {source}")]
    Query {
        backend: Backend,
        #[source]
        source: DbErr,
    },
    #[error("unknown database backend {0}")]
    UnknownBackend(String),
}

/// Runs one catalog query; every backend module reads through this.
pub(crate) async fn query(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
}

/// What to leave out of the introspected schema.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Tables never reported, such as the bookkeeping tables `seaql_migrations` and `autogen_migrations`.
    pub ignored_tables: BTreeSet<String>,
    /// PostgreSQL schemas read besides the current one (SeaORM's `schema_name`); their tables carry the schema.
    pub schemas: BTreeSet<String>,
}

impl Options {
    pub fn ignoring(tables: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            ignored_tables: tables.into_iter().map(Into::into).collect(),
            schemas: BTreeSet::new(),
        }
    }
}

/// The schema unqualified table names resolve to: PostgreSQL's `current_schema()`; `None` elsewhere.
pub async fn default_schema(db: &impl ConnectionTrait) -> Result<Option<String>, IntrospectError> {
    let backend = backend_of(db)?;
    if backend != Backend::Postgres {
        return Ok(None);
    }
    let rows = query(db, "SELECT current_schema()::text AS name")
        .await
        .map_err(|source| IntrospectError::Query { backend, source })?;
    let name = match rows.first() {
        Some(row) => row
            .try_get("", "name")
            .map_err(|source| IntrospectError::Query { backend, source })?,
        None => None,
    };
    Ok(name)
}

/// The backend of a SeaORM connection, in the neutral model's terms.
pub fn backend_of(db: &impl ConnectionTrait) -> Result<Backend, IntrospectError> {
    let backend = db.get_database_backend();
    sea_autogen::backend::from_sea_orm(backend).ok_or_else(|| IntrospectError::UnknownBackend(format!("{backend:?}")))
}

/// Reads every table of the connected database, except those `options` ignores.
pub async fn introspect(db: &impl ConnectionTrait, options: &Options) -> Result<Schema, IntrospectError> {
    let backend = backend_of(db)?;
    let mut schema = match backend {
        Backend::Sqlite => sqlite::introspect(db).await,
        Backend::Postgres => postgres::introspect(db, &options.schemas).await,
        Backend::Mysql => mysql::introspect(db).await,
    }
    .map_err(|source| IntrospectError::Query { backend, source })?;
    schema
        .tables
        .retain(|_, table| !options.ignored_tables.contains(&table.name));
    Ok(schema)
}
