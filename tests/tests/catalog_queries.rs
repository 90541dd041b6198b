//! Introspection reads the whole schema with a constant number of catalog queries: 10 tables and 300 tables
//! cost the same number of round trips, on every backend.

use sea_autogen_introspect::{Options, introspect};
use sea_autogen_tests::{Backend, TestDb, connect};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, Statement};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A connection that counts the statements sent through it.
struct Counting<'a> {
    inner: &'a DatabaseConnection,
    queries: AtomicUsize,
}

#[async_trait::async_trait]
impl ConnectionTrait for Counting<'_> {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.inner.query_all_raw(stmt).await
    }
}

/// Creates tables `t{from}` .. `t{to - 1}`, each with a unique column, a composite index and a foreign key to the
/// table before it.
async fn create_tables(db: &DatabaseConnection, from: usize, to: usize) {
    let q = |name: &str| match db.get_database_backend() {
        DbBackend::MySql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    };
    for i in from..to {
        let t = format!("t{i}");
        let fk = if i == 0 {
            String::new()
        } else {
            format!(", parent_id integer REFERENCES {}(id)", q(&format!("t{}", i - 1)))
        };
        db.execute_unprepared(&format!(
            "CREATE TABLE {} (id integer PRIMARY KEY, code varchar(20) NOT NULL UNIQUE, a integer, b integer{fk})",
            q(&t)
        ))
        .await
        .unwrap();
        db.execute_unprepared(&format!(
            "CREATE INDEX {} ON {} (a, b)",
            q(&format!("idx_{t}_ab")),
            q(&t)
        ))
        .await
        .unwrap();
    }
}

async fn count_queries(db: &DatabaseConnection, tables: usize) -> usize {
    let counting = Counting {
        inner: db,
        queries: AtomicUsize::new(0),
    };
    let schema = introspect(&counting, &Options::default()).await.unwrap();
    assert_eq!(schema.tables.len(), tables);
    let last = schema.table(&format!("t{}", tables - 1)).unwrap();
    assert_eq!(last.foreign_keys.len(), 1);
    assert_eq!(last.indexes.iter().filter(|i| i.columns == ["a", "b"]).count(), 1);
    counting.queries.into_inner()
}

async fn check(backend: Backend) {
    let (db, _server) = match backend {
        Backend::Sqlite => (connect("sqlite::memory:").await, None),
        _ => match TestDb::create(backend).await {
            Some(server) => (connect(&server.url).await, Some(server)),
            None => return,
        },
    };
    create_tables(&db, 0, 10).await;
    let small = count_queries(&db, 10).await;
    create_tables(&db, 10, 300).await;
    let large = count_queries(&db, 300).await;
    assert_eq!(
        small,
        large,
        "{} issued {small} queries for 10 tables, {large} for 300",
        backend.name()
    );
    // Tables, columns, constraints, checks, enums, indexes and the rest on PostgreSQL; tables, columns, foreign
    // keys and their rules, indexes, checks and the rest on MariaDB; tables, columns, foreign keys, indexes and the
    // rest on SQLite.
    let expected = match backend {
        Backend::Sqlite => 5,
        Backend::Postgres | Backend::Postgres18 | Backend::Mysql => 7,
    };
    assert_eq!(small, expected, "{} issued {small} queries", backend.name());
}

#[tokio::test]
async fn sqlite_query_count_does_not_grow_with_tables() {
    check(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_query_count_does_not_grow_with_tables() {
    check(Backend::Postgres).await;
}

#[tokio::test]
async fn mariadb_query_count_does_not_grow_with_tables() {
    check(Backend::Mysql).await;
}
