//! No false diffs: an entity with every common column type is created by a generated migration, and the database
//! then diffs empty against it, on every backend. A row written through SeaORM survives and reads back.

use sea_autogen_schema::normalize_expr;
use sea_autogen_tests::{Backend, Scratch, TestDb, connect, table_names};
use sea_orm::ConnectionTrait;

async fn round_trip(backend: Backend) {
    let server = TestDb::create(backend).await;
    if backend != Backend::Sqlite && server.is_none() {
        return;
    }
    let scratch = Scratch::fixture("types");
    let url = server.as_ref().map_or_else(
        || format!("sqlite://{}?mode=rwc", scratch.path().join("types.sqlite3").display()),
        |s| s.url.clone(),
    );
    let env = [("DATABASE_URL", url.as_str())];
    if backend == Backend::Postgres {
        // `schema_name` names a schema that must exist; the fixture's second entity lives there.
        let db = connect(&url).await;
        db.execute_unprepared("CREATE SCHEMA autogen_scoped").await.unwrap();
    }

    let revision = scratch.autogen(&["revision", "-m", "every type"], &env);
    revision.expect_code(0).expect_stdout("create table every_type");
    match backend {
        Backend::Postgres => revision
            .expect_stdout("create enum mood (happy, so-so)")
            .expect_stdout("create table autogen_scoped.scoped_note"),
        _ => revision.expect_stdout("create table scoped_note"),
    };
    scratch.autogen(&["upgrade", "head"], &env).expect_code(0);
    // The heart of it: what the migration created reads back as exactly what the entity says.
    let check = scratch.autogen(&["check"], &env);
    check.expect_code(0).expect_stdout("no changes");
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    scratch
        .autogen(&["revision", "-m", "nothing"], &env)
        .expect_code(0)
        .expect_stdout("no changes detected");

    // The constraint and the indexes are really there, as declared.
    let db = connect(&url).await;
    let schema = sea_autogen_tests::schema(&db).await;
    let table = &schema.tables["every_type"];
    assert_eq!(table.checks.len(), 1, "{:?}", table.checks);
    assert_eq!(normalize_expr(&table.checks[0].expr), "price >= 0 and small < 1000");
    let recent = table
        .indexes
        .iter()
        .find(|i| i.name == "idx_every_type_recent")
        .unwrap();
    assert_eq!(
        (recent.columns.as_slice(), recent.descending.as_slice()),
        (&["tag".to_owned(), "at".to_owned()][..], &["at".to_owned()][..])
    );
    let maybe = table.indexes.iter().find(|i| i.name == "idx_every_type_maybe").unwrap();
    let predicate = maybe.predicate.as_deref().map(normalize_expr);
    match backend {
        Backend::Mysql => assert_eq!(predicate, None),
        _ => assert_eq!(predicate.as_deref(), Some("maybe is not null")),
    }
    scratch.autogen(&["downgrade", "base"], &env).expect_code(0);
    assert_eq!(table_names(&db).await, ["seaql_migrations"]);
    if backend == Backend::Postgres {
        let schema = sea_autogen_tests::schema(&db).await;
        assert!(
            schema.enums.is_empty(),
            "the enum type is dropped on downgrade: {:?}",
            schema.enums
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_type_round_trips_on_sqlite() {
    round_trip(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_type_round_trips_on_postgres() {
    round_trip(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_type_round_trips_on_mariadb() {
    round_trip(Backend::Mysql).await;
}
