//! No false diffs: an entity with every common column type is created by a generated migration, and the database
//! then diffs empty against it, on every backend. A row that leaves the defaulted columns out reads their defaults
//! back as the entity's values.

use sea_autogen_schema::{normalize_expr, quote_ident};
use sea_autogen_tests::{Backend, Scratch, TestDb, connect, rows, table_names};
use sea_orm::{ConnectionTrait, DatabaseConnection};

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
    defaults_fill_a_row(&db, backend).await;
    scratch.autogen(&["downgrade", "base", "--yes"], &env).expect_code(0);
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

/// A row that gives every column without a default (and nothing else) reads back each default as the entity's
/// value: what the generated migration wrote for it, however the backend spells it, sets exactly that text.
async fn defaults_fill_a_row(db: &DatabaseConnection, backend: Backend) {
    let b = backend.schema_backend();
    let uid = match backend {
        Backend::Postgres | Backend::Postgres18 => "'00000000-0000-0000-0000-000000000001'",
        // binary(16): sixteen bytes.
        Backend::Mysql => "'0123456789abcdef'",
        Backend::Sqlite => "'u'",
    };
    let values = [
        ("tiny", "1"),
        ("small", "2"),
        ("int", "3"),
        ("big", "4"),
        ("unsigned", "5"),
        ("real", "1.5"),
        ("double", "2.5"),
        ("flag", "TRUE"),
        ("name", "'n'"),
        ("short", "'s'"),
        ("body", "'b'"),
        ("code", "'abc'"),
        ("price", "9.99"),
        ("at", "'2024-01-02 03:04:05'"),
        ("at_utc", "'2024-01-02 03:04:05'"),
        ("day", "'2024-01-02'"),
        ("time", "'03:04:05'"),
        ("uid", uid),
        ("doc", "'{}'"),
        ("docb", "'{}'"),
        ("bytes", "''"),
        ("email", "'e@example.com'"),
        ("tag", "'t'"),
        ("mood", "'happy'"),
    ];
    let columns: Vec<String> = values.iter().map(|(c, _)| quote_ident(b, c)).collect();
    let literals: Vec<&str> = values.iter().map(|(_, v)| *v).collect();
    let insert = format!(
        "INSERT INTO every_type ({}) VALUES ({})",
        columns.join(", "),
        literals.join(", ")
    );
    db.execute_unprepared(&insert)
        .await
        .unwrap_or_else(|e| panic!("{insert}: {e}"));
    let text = if backend == Backend::Mysql { "CHAR" } else { "TEXT" };
    let read = format!(
        "SELECT CAST(quirky AS {text}) AS quirky, CAST(greeting AS {text}) AS greeting, \
         CAST(with_default AS {text}) AS with_default FROM every_type"
    );
    assert_eq!(
        rows(db, &read, &["quirky", "greeting", "with_default"]).await,
        [[
            Some("it's a \"test\"\\ \nnon-ASCII: é\t漢".to_owned()),
            Some("hello".to_owned()),
            Some("7".to_owned())
        ]],
        "on {}",
        backend.name()
    );
    db.execute_unprepared("DELETE FROM every_type").await.unwrap();
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
