//! `cargo autogen entities` on bad input and on what it must never lose: a clear error, nothing changed, no password
//! shown. (What it writes, and that it compiles and describes the database exactly, is `type_matrix.rs` and
//! `chinook.rs`.)

use sea_autogen_tests::{Backend, FreshDb, Scratch, connect};
use sea_orm::ConnectionTrait;

const PASSWORD: &str = "s3cret-Pw";

async fn small_database(backend: Backend) -> Option<FreshDb> {
    let db = FreshDb::create(backend).await?;
    connect(&db.url)
        .await
        .execute_unprepared("CREATE TABLE note (id integer PRIMARY KEY, body varchar(40) NOT NULL)")
        .await
        .unwrap();
    Some(db)
}

#[tokio::test(flavor = "multi_thread")]
async fn existing_entity_files_are_never_overwritten_without_force() {
    let db = small_database(Backend::Sqlite).await.unwrap();
    let app = Scratch::app("entities-overwrite");
    let env = [("DATABASE_URL", db.url.as_str())];
    app.autogen(&["entities", "--output", "src/entity"], &env)
        .expect_code(0);
    let edited = app
        .read("src/entity/note.rs")
        .replace("pub body", "/// Mine.\n    pub body");
    app.write("src/entity/note.rs", &edited);

    let refused = app.autogen(&["entities", "--output", "src/entity"], &env);
    refused
        .expect_code(1)
        .expect_stderr("already exist and differ")
        .expect_stderr("--annotate");
    assert_eq!(app.read("src/entity/note.rs"), edited, "nothing was written");
    // The same files again are no difference; --force overwrites.
    app.autogen(&["entities", "--output", "src/entity", "--force"], &env)
        .expect_code(0);
    assert!(!app.read("src/entity/note.rs").contains("Mine"));
    app.autogen(&["entities", "--output", "src/entity"], &env)
        .expect_code(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn annotate_refuses_a_file_it_cannot_read_by_name_and_annotates_the_rest() {
    let db = small_database(Backend::Sqlite).await.unwrap();
    let app = Scratch::app("entities-refuse");
    let env = [("DATABASE_URL", db.url.as_str())];
    app.autogen(&["entities", "--output", "src/entity"], &env)
        .expect_code(0);
    // A column the entity lacks, so that there is something to add; and a file that is not Rust.
    connect(&db.url)
        .await
        .execute_unprepared("ALTER TABLE note ADD COLUMN author varchar(20)")
        .await
        .unwrap();
    let broken = "pub struct Model { pub id: i32,\n";
    app.write("src/entity/broken.rs", broken);

    let run = app.autogen(&["entities", "--annotate", "src/entity"], &env);
    run.expect_code(1)
        .expect_stderr("refused")
        .expect_stderr("broken.rs: not valid Rust at line")
        .expect_stdout("added note: field `author: Option<String>` for column author");
    assert_eq!(app.read("src/entity/broken.rs"), broken, "left as it is");
    assert!(app.read("src/entity/note.rs").contains("pub author: Option<String>,"));

    // --dry-run shows a diff and writes nothing.
    connect(&db.url)
        .await
        .execute_unprepared("ALTER TABLE note ADD COLUMN pages integer")
        .await
        .unwrap();
    let before = app.read("src/entity/note.rs");
    app.autogen(&["entities", "--annotate", "src/entity", "--dry-run"], &env)
        .expect_stdout("+++ b/src/entity/note.rs")
        .expect_stdout("+    pub pages: Option<i64>,");
    assert_eq!(app.read("src/entity/note.rs"), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_a_clear_error_and_no_password() {
    let app = Scratch::app("entities-bad-input");
    let unreachable = format!("postgres://app:{PASSWORD}@127.0.0.1:1/app");
    let run = app.autogen(
        &["entities", "--output", "src/entity", "--database-url", &unreachable],
        &[],
    );
    run.expect_code(1).expect_stderr("could not connect to the database");
    assert!(
        !run.stderr.contains(PASSWORD) && !run.stdout.contains(PASSWORD),
        "{}",
        run.stderr
    );

    app.autogen(&["entities", "--output", "src/entity"], &[])
        .expect_code(1)
        .expect_stderr("`entities` reads an existing database: name it with --database-url");
    app.autogen(&["entities"], &[("DATABASE_URL", "sqlite::memory:")])
        .expect_code(1)
        .expect_stderr("--output");
    app.autogen(
        &["entities", "--annotate", "nowhere"],
        &[("DATABASE_URL", "sqlite::memory:")],
    )
    .expect_code(1)
    .expect_stderr("--annotate takes the directory of the entity files");
    assert!(!app.path().join("src/entity").exists(), "nothing was written");
}

/// Tables `entities` leaves out are named, with the reason.
#[tokio::test(flavor = "multi_thread")]
async fn skipped_tables_are_named() {
    let Some(db) = FreshDb::create(Backend::Postgres).await else {
        return;
    };
    let conn = connect(&db.url).await;
    for sql in [
        "CREATE TABLE payment (id integer PRIMARY KEY, amount numeric(10, 2) NOT NULL)",
        "CREATE TABLE payment_2007 () INHERITS (payment)",
        "CREATE TABLE event (id integer, at date NOT NULL) PARTITION BY RANGE (at)",
        "CREATE TABLE event_2026 PARTITION OF event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "CREATE VIEW big_payment AS SELECT * FROM payment WHERE amount > 100",
        "CREATE TABLE spatial_ref_sys (srid integer PRIMARY KEY)",
    ] {
        conn.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let app = Scratch::app("entities-skipped");
    let run = app.autogen(
        &["entities", "--output", "src/entity", "--exclude", "spatial_*"],
        &[("DATABASE_URL", db.url.as_str())],
    );
    run.expect_code(0)
        .expect_stderr("skipped spatial_ref_sys: left out by include/exclude")
        .expect_stderr("skipped inherited table payment_2007 (inherits payment)")
        .expect_stderr("skipped partition event_2026")
        .expect_stderr("skipped view big_payment");
    let written = app.files("src/entity", "");
    assert_eq!(written, ["event.rs", "mod.rs", "payment.rs", "prelude.rs"]);
}
