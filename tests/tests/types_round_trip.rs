//! No false diffs: an entity with every common column type is created by a generated migration, and the database
//! then diffs empty against it, on every backend. A row written through SeaORM survives and reads back.

use sea_autogen_tests::{Backend, Scratch, TestDb, connect, table_names};

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

    scratch
        .autogen(&["revision", "-m", "every type"], &env)
        .expect_code(0)
        .expect_stdout("create table every_type");
    scratch.autogen(&["upgrade", "head"], &env).expect_code(0);
    // The heart of it: what the migration created reads back as exactly what the entity says.
    let check = scratch.autogen(&["check"], &env);
    check.expect_code(0).expect_stdout("no changes");
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    scratch
        .autogen(&["revision", "-m", "nothing"], &env)
        .expect_code(0)
        .expect_stdout("no changes detected");

    scratch.autogen(&["downgrade", "base"], &env).expect_code(0);
    let db = connect(&url).await;
    assert_eq!(table_names(&db).await, ["seaql_migrations"]);
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
