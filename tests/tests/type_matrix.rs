//! The type matrix: a database with one column of every native type SeaORM can map (`tests/data/type_matrix`), on
//! every backend and both PostgreSQL versions, in both directions.
//!
//! 1. Database → entities: `cargo autogen entities` writes them, they compile, and `diff` finds nothing on the
//!    tables SeaORM can say; each `unsupported_*` table is named in a warning (and only those may differ).
//! 2. Entities → database: from an empty database, `revision`, `upgrade head`, `check` clean, `downgrade base`
//!    leaves only the bookkeeping table.
//!
//! Each run prints its counts: columns that round-trip, things named unsupported, false diffs (always 0).

use sea_autogen_tests::{Backend, FreshDb, Scratch, connect, schema, table_names, workspace_root};
use sea_orm::ConnectionTrait;
use serde_json::Value;

fn script(backend: Backend) -> String {
    let file = match backend {
        Backend::Sqlite => "sqlite.sql",
        Backend::Postgres | Backend::Postgres18 => "postgres.sql",
        Backend::Mysql => "mysql.sql",
    };
    let path = workspace_root().join("tests/data/type_matrix").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Another PostgreSQL schema the script puts a table in (SeaORM's `schema_name`).
const EXTRA_SCHEMA: &str = "matrix_extra";

async fn matrix(backend: Backend) {
    let Some(loaded) = FreshDb::create(backend).await else {
        return;
    };
    let Some(empty) = FreshDb::create(backend).await else {
        return;
    };
    let db = connect(&loaded.url).await;
    db.execute_unprepared(&script(backend))
        .await
        .unwrap_or_else(|e| panic!("loading the {} type matrix: {e}", backend.name()));
    let read = schema(&db).await;
    let unsupported: Vec<String> = read
        .tables
        .keys()
        .filter(|t| t.starts_with("unsupported_"))
        .cloned()
        .collect();
    let columns: usize = read
        .tables
        .values()
        .filter(|t| !t.name.starts_with("unsupported_"))
        .map(|t| t.columns.len())
        .sum();

    // 1. Database → entities → compiled → compared.
    let app = Scratch::app(&format!("matrix-{}", backend.name()));
    let env = [("DATABASE_URL", loaded.url.as_str())];
    let mut args = vec!["entities", "--output", "src/entity"];
    if backend.is_postgres() {
        args.extend(["--schema", EXTRA_SCHEMA]);
    }
    let written = app.autogen(&args, &env);
    written.expect_code(0);
    let warnings: Vec<&str> = written.stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    for table in &unsupported {
        assert!(
            warnings.iter().any(|w| w.contains(&format!("warning: {table}: "))),
            "{table} is not named in a warning:\n{}",
            written.stderr
        );
    }
    for warning in &warnings {
        assert!(
            warning.contains("unsupported_"),
            "a warning about a supported table: {warning}"
        );
    }
    if backend.is_postgres() {
        written.expect_stdout("postgres-array").expect_stdout("with-ipnetwork");
    }
    app.autogen(&["init", "migration", "--entities", "."], &env)
        .expect_code(0);
    app.rename_migration_package();
    let diff = app.autogen(&["diff", "--format", "json"], &env);
    diff.expect_code(0);
    let json: Value = serde_json::from_str(&diff.stdout).unwrap_or_else(|e| panic!("{e}: {}", diff.stdout));
    let changes = json["changes"].as_array().cloned().unwrap_or_default();
    let false_diffs: Vec<&Value> = changes
        .iter()
        .filter(|c| !c["table"].as_str().unwrap_or_default().starts_with("unsupported_"))
        .collect();
    eprintln!(
        "type matrix on {}: {columns} columns round-trip, {} named unsupported, {} false diffs",
        backend.name(),
        warnings.len(),
        false_diffs.len()
    );
    assert!(
        false_diffs.is_empty(),
        "false diffs on {}: {false_diffs:#?}",
        backend.name()
    );

    // A second `entities` over its own output changes nothing.
    let again = app.autogen(&["entities", "--annotate", "src/entity"], &env);
    again.expect_code(0).expect_stdout("nothing to add");

    // 2. The same entities → an empty database → and back.
    let empty_db = connect(&empty.url).await;
    if backend.is_postgres() {
        empty_db
            .execute_unprepared(&format!("CREATE SCHEMA {EXTRA_SCHEMA}"))
            .await
            .unwrap();
    }
    let env = [("DATABASE_URL", empty.url.as_str())];
    app.autogen(&["revision", "-m", "type matrix"], &env).expect_code(0);
    app.autogen(&["upgrade", "head"], &env).expect_code(0);
    let check = app.autogen(&["check"], &env);
    check.expect_code(0).expect_stdout("no changes");
    app.autogen(&["downgrade", "base", "--yes"], &env).expect_code(0);
    assert_eq!(table_names(&empty_db).await, ["seaql_migrations"]);
    let left = schema(&empty_db).await;
    assert!(left.enums.is_empty(), "enum types left: {:?}", left.enums);
}

#[tokio::test(flavor = "multi_thread")]
async fn type_matrix_on_sqlite() {
    matrix(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn type_matrix_on_postgres() {
    matrix(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn type_matrix_on_postgres18() {
    matrix(Backend::Postgres18).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn type_matrix_on_mariadb() {
    matrix(Backend::Mysql).await;
}
