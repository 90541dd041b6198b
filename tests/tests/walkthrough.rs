//! The seed walkthrough, word for word, through the real `cargo-autogen` binary on a scratch copy of
//! `examples/quickstart`, on SQLite (the embedded default), PostgreSQL and MariaDB; the database is checked
//! directly after every step.

use sea_autogen_schema::{Column, ColumnType, ForeignKey, PrimaryKey, Table};
use sea_autogen_tests::{Backend, Scratch, TestDb, connect, foreign_key_count, rows, schema, table_names};

const MIGRATIONS: &str = "migration/src";

/// The file as a reviewer sees it, with its timestamps replaced so the snapshot is stable.
fn normalized(scratch: &Scratch, file: &str) -> String {
    let text = scratch.read(&format!("{MIGRATIONS}/{file}"));
    let mut out = String::new();
    for line in text.lines() {
        let line = without_timestamps(line);
        if line.starts_with("//! Created: ") {
            out.push_str("//! Created: [TIME]");
        } else {
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

/// `m20261126_101500_add_users` → `m[TIMESTAMP]_add_users`.
fn without_timestamps(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < line.len() {
        let stamp = bytes
            .get(i..i + 16)
            .is_some_and(|w| w[0] == b'm' && w[9] == b'_' && w[1..9].iter().chain(&w[10..16]).all(u8::is_ascii_digit));
        if stamp {
            out.push_str("m[TIMESTAMP]");
            i += 16;
        } else {
            let c = line[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn new_migration(scratch: &Scratch, before: &[String]) -> String {
    let after = scratch.files(MIGRATIONS, "m2");
    let new: Vec<&String> = after.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(new.len(), 1, "expected one new migration, got {new:?}");
    new[0].clone()
}

fn user_account(with_nickname: bool) -> Table {
    let mut columns = vec![
        Column::new("id", ColumnType::Integer).auto_increment(),
        Column::new("name", ColumnType::String(Some(50))),
        Column::new("fullname", ColumnType::String(None)).nullable(),
    ];
    if with_nickname {
        columns.push(Column::new("nickname", ColumnType::String(None)).nullable());
    }
    Table {
        columns,
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new("user_account")
    }
}

/// What the catalog should hold for `table`, compared in the backend's normalized form.
#[track_caller]
fn assert_table(live: &sea_autogen_schema::Schema, expected: Table, backend: Backend) {
    let b = backend.schema_backend();
    let actual = live
        .table(&expected.name)
        .unwrap_or_else(|| panic!("no table {}", expected.name));
    assert_eq!(actual.normalized(b), expected.normalized(b));
}

fn address() -> Table {
    Table {
        columns: vec![
            Column::new("id", ColumnType::Integer).auto_increment(),
            Column::new("email_address", ColumnType::String(Some(50))),
            Column::new("user_id", ColumnType::Integer),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        foreign_keys: vec![ForeignKey {
            // SeaORM names the constraint; SQLite does not keep the name.
            name: Some("fk-address-user_id".into()),
            columns: vec!["user_id".into()],
            ref_table: "user_account".into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        }],
        ..Table::new("address")
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_walkthrough_on_the_embedded_sqlite_default() {
    walkthrough(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_walkthrough_on_postgres() {
    walkthrough(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_walkthrough_on_mariadb() {
    walkthrough(Backend::Mysql).await;
}

async fn walkthrough(backend: Backend) {
    let server = TestDb::create(backend).await;
    if backend != Backend::Sqlite && server.is_none() {
        return;
    }
    let scratch = Scratch::example("quickstart");
    assert_eq!(
        scratch.files(MIGRATIONS, "m2"),
        Vec::<String>::new(),
        "the walkthrough starts with no migrations"
    );
    assert!(!scratch.read(&format!("{MIGRATIONS}/lib.rs")).contains("Box::new("));
    // On SQLite no DATABASE_URL anywhere: the embedded default creates db.sqlite3 in the current directory.
    let sqlite_url = format!("sqlite://{}?mode=rw", scratch.path().join("db.sqlite3").display());
    let db_url = server.as_ref().map_or(sqlite_url, |s| s.url.clone());
    let env_pair = [("DATABASE_URL", db_url.as_str())];
    let env: &[(&str, &str)] = if server.is_some() { &env_pair } else { &[] };
    let autogen = |args: &[&str]| scratch.autogen(args, env);

    // revision: a file with both tables, in foreign-key order, registered in lib.rs.
    autogen(&["diff"])
        .expect_code(0)
        .expect_stdout("create table user_account\ncreate table address");
    autogen(&["check"])
        .expect_code(2)
        .expect_stdout("create table user_account");
    let run = autogen(&["revision", "-m", "add users"]);
    run.expect_code(0)
        .expect_stdout("create table user_account")
        .expect_stdout("create table address");
    let first = new_migration(&scratch, &[]);
    assert!(first.ends_with("_add_users.rs"), "{first}");
    insta::assert_snapshot!(format!("add_users_{}", backend.name()), normalized(&scratch, &first));
    let lib = scratch.read(&format!("{MIGRATIONS}/lib.rs"));
    let stem = first.trim_end_matches(".rs");
    assert!(lib.contains(&format!("mod {stem};")), "{lib}");
    assert!(lib.contains(&format!("Box::new({stem}::Migration),")), "{lib}");
    assert!(
        lib.starts_with("//! The migrations of the quickstart"),
        "hand-written content is kept:\n{lib}"
    );

    // upgrade head: both tables exist with the seed's columns, types and foreign key.
    autogen(&["upgrade", "head"])
        .expect_code(0)
        .expect_stdout(&format!("applied {stem}"));
    let db = connect(&db_url).await;
    assert_eq!(
        table_names(&db).await,
        ["address", "autogen_migrations", "seaql_migrations", "user_account"]
    );
    let live = schema(&db).await;
    assert_table(&live, user_account(false), backend);
    assert_table(&live, address(), backend);
    assert_eq!(foreign_key_count(&db, "address").await, 1);

    // check: nothing to do; current and history agree.
    autogen(&["check"]).expect_code(0).expect_stdout("no changes");
    autogen(&["current"])
        .expect_code(0)
        .expect_stdout(&format!("{stem} (head)"));
    autogen(&["history"])
        .expect_code(0)
        .expect_stdout(&format!("[x] {stem} (head)"));
    autogen(&["revision", "-m", "nothing"])
        .expect_code(0)
        .expect_stdout("no changes detected");
    assert_eq!(
        scratch.files(MIGRATIONS, "m2"),
        std::slice::from_ref(&first),
        "no file is written when nothing changed"
    );

    // downgrade -1: only the bookkeeping table is left.
    autogen(&["downgrade", "-1"])
        .expect_code(0)
        .expect_stdout(&format!("reverted {stem}"));
    assert_eq!(table_names(&db).await, ["seaql_migrations"]);
    autogen(&["current"]).expect_code(0).expect_stdout("base");

    // upgrade head: and back.
    autogen(&["upgrade", "head"]).expect_code(0);
    assert_eq!(
        table_names(&db).await,
        ["address", "autogen_migrations", "seaql_migrations", "user_account"]
    );
    autogen(&["check"]).expect_code(0);

    // A row to keep through the next migration.
    rows(
        &db,
        "INSERT INTO user_account (name, fullname) VALUES ('spongebob', 'Spongebob Squarepants')",
        &[],
    )
    .await;

    // Add a field to the entity: check sees it, revision writes an add_column migration that applies.
    let entity = "src/entity/user_account.rs";
    let source = scratch.read(entity);
    let edited = source.replace(
        "    pub fullname: Option<String>,\n",
        "    pub fullname: Option<String>,\n    pub nickname: Option<String>,\n",
    );
    assert_ne!(source, edited);
    scratch.write(entity, &edited);
    autogen(&["check"])
        .expect_code(2)
        .expect_stdout("add column user_account.nickname");
    let json = autogen(&["diff", "--format", "json"]);
    json.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("diff --format json prints JSON");
    assert_eq!(json["backend"], backend.name());
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["changes"][0]["op"], "add_column");
    assert_eq!(json["changes"][0]["table"], "user_account");
    assert_eq!(json["changes"][0]["column"], "nickname");
    assert_eq!(json["changes"][0]["destructive"], false);

    autogen(&["revision", "-m", "add nickname"])
        .expect_code(0)
        .expect_stdout("add column user_account.nickname");
    let second = new_migration(&scratch, std::slice::from_ref(&first));
    insta::assert_snapshot!(
        format!("add_nickname_{}", backend.name()),
        normalized(&scratch, &second)
    );
    let second_stem = second.trim_end_matches(".rs");
    assert!(
        scratch
            .read(&format!("{MIGRATIONS}/{second}"))
            .contains(&format!("//! Parent: {stem}"))
    );

    // Not at head: revision and check refuse, naming the fix.
    autogen(&["revision", "-m", "too early"])
        .expect_code(1)
        .expect_stderr("database is not up to date: run `cargo autogen upgrade head`");
    autogen(&["check"])
        .expect_code(1)
        .expect_stderr("cargo autogen upgrade head");

    autogen(&["upgrade", "head"])
        .expect_code(0)
        .expect_stdout(&format!("applied {second_stem}"));
    assert_table(&schema(&db).await, user_account(true), backend);
    assert_eq!(
        rows(
            &db,
            "SELECT name, fullname, nickname FROM user_account",
            &["name", "fullname", "nickname"]
        )
        .await,
        [[
            Some("spongebob".to_owned()),
            Some("Spongebob Squarepants".to_owned()),
            None
        ]]
    );
    autogen(&["check"]).expect_code(0);

    // downgrade -1 removes just the column; the row stays.
    autogen(&["downgrade", "-1"]).expect_code(0);
    assert_table(&schema(&db).await, user_account(false), backend);
    assert_eq!(
        rows(&db, "SELECT name FROM user_account", &["name"]).await,
        [[Some("spongebob".to_owned())]]
    );
    autogen(&["upgrade", "+1"]).expect_code(0);
    autogen(&["check"]).expect_code(0);

    // Widening a column: altered in place on PostgreSQL and MySQL; on SQLite the table is rebuilt (rows set aside,
    // table recreated, rows copied back) while `address` still references it. The row is kept either way.
    let widened = scratch.read(entity).replacen("StringLen::N(50)", "StringLen::N(80)", 1);
    scratch.write(entity, &widened);
    let before = scratch.files(MIGRATIONS, "m2");
    let planned = match backend {
        Backend::Sqlite => "rebuild table user_account (column name (type))",
        _ => "alter column user_account.name: varchar(50) → varchar(80)",
    };
    autogen(&["check"]).expect_code(2).expect_stdout(planned);
    autogen(&["revision", "-m", "widen name"])
        .expect_code(0)
        .expect_stdout(planned);
    let widen = new_migration(&scratch, &before);
    insta::assert_snapshot!(format!("widen_name_{}", backend.name()), normalized(&scratch, &widen));
    autogen(&["upgrade", "head"]).expect_code(0);
    autogen(&["check"]).expect_code(0);
    // A new connection: PostgreSQL refuses a statement cached before the column's type changed.
    let db = connect(&db_url).await;
    let name_type = |schema: sea_autogen_schema::Schema| {
        let ty = schema.tables["user_account"].column("name").unwrap().ty.clone();
        ty.canonical(backend.schema_backend())
    };
    assert_eq!(
        name_type(schema(&db).await),
        ColumnType::String(Some(80)).canonical(backend.schema_backend())
    );
    assert_eq!(
        rows(&db, "SELECT name FROM user_account", &["name"]).await,
        [[Some("spongebob".to_owned())]]
    );
    autogen(&["downgrade", "-1"]).expect_code(0);
    let db = connect(&db_url).await;
    assert_eq!(
        name_type(schema(&db).await),
        ColumnType::String(Some(50)).canonical(backend.schema_backend())
    );
    assert_eq!(
        rows(&db, "SELECT name FROM user_account", &["name"]).await,
        [[Some("spongebob".to_owned())]]
    );
    assert_eq!(
        foreign_key_count(&db, "address").await,
        1,
        "the reference to the rebuilt table is intact"
    );

    // downgrade base: only the bookkeeping table is left.
    autogen(&["downgrade", "base", "--yes"]).expect_code(0);
    assert_eq!(table_names(&db).await, ["seaql_migrations"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn database_url_precedence_and_secrets() {
    let scratch = Scratch::example("quickstart");
    let flag_db = scratch.path().join("flag.sqlite3");
    let env_db = scratch.path().join("env.sqlite3");
    let dotenv_db = scratch.path().join("dotenv.sqlite3");
    let url = |p: &std::path::Path| format!("sqlite://{}?mode=rwc", p.display());

    // .env beats the embedded default; DATABASE_URL beats .env; --database-url beats both.
    scratch.write(".env", &format!("DATABASE_URL={}\n", url(&dotenv_db)));
    scratch.autogen(&["upgrade", "head"], &[]).expect_code(0);
    assert!(dotenv_db.exists() && !scratch.path().join("db.sqlite3").exists());
    scratch
        .autogen(&["upgrade", "head"], &[("DATABASE_URL", &url(&env_db))])
        .expect_code(0);
    assert!(env_db.exists());
    scratch
        .autogen(
            &["--database-url", &url(&flag_db), "upgrade", "head"],
            &[("DATABASE_URL", &url(&env_db))],
        )
        .expect_code(0);
    assert!(flag_db.exists());

    // A password in the URL never reaches the output, even when connecting fails.
    let run = scratch.autogen(
        &["--database-url", "postgres://app:hunter2@127.0.0.1:1/app", "check"],
        &[],
    );
    run.expect_code(1)
        .expect_stderr("could not connect to the database at postgres://app:***@127.0.0.1:1/app");
    assert!(
        !run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"),
        "{}",
        run.stderr
    );

    // Usage errors exit 1, not 2 (which means "changes pending").
    scratch.autogen(&["upgrade", "--no-such-flag"], &[]).expect_code(1);
    scratch.autogen(&["frobnicate"], &[]).expect_code(1);
    scratch
        .autogen(&["--database-url", "postgress://x", "check"], &[])
        .expect_code(1)
        .expect_stderr("unsupported database URL");
    scratch
        .autogen(&["downgrade", "-5"], &[])
        .expect_code(1)
        .expect_stderr("only 0 migration(s) are applied");
    scratch
        .autogen(&["upgrade", "no_such_revision"], &[])
        .expect_code(1)
        .expect_stderr("unknown revision");

    // revision --empty: a blank migration to fill in by hand, registered and applied like any other.
    scratch
        .autogen(&["revision", "--empty", "-m", "backfill"], &[])
        .expect_code(0);
    let files = scratch.files(MIGRATIONS, "m2");
    assert!(files.len() == 1 && files[0].ends_with("_backfill.rs"), "{files:?}");
    scratch
        .autogen(&["upgrade", "head"], &[])
        .expect_code(0)
        .expect_stdout("applied m");
    scratch.autogen(&["history"], &[]).expect_code(0).expect_stdout("[x] m");
}

#[tokio::test(flavor = "multi_thread")]
async fn init_scaffolds_a_migration_crate_that_works() {
    let scratch = Scratch::example("quickstart");
    // Start as a SeaORM user does: entities, no migration crate yet.
    std::fs::remove_dir_all(scratch.path().join("migration")).unwrap();
    scratch
        .autogen(&["check"], &[])
        .expect_code(1)
        .expect_stderr("run `cargo autogen init --entities");

    let run = scratch.autogen(&["init", "--entities", "."], &[]);
    run.expect_code(0)
        .expect_stdout("wrote migration/Cargo.toml")
        .expect_stdout("wrote migration/src/main.rs");
    scratch
        .autogen(&["init", "--entities", "."], &[])
        .expect_code(1)
        .expect_stderr("already runs sea-autogen: nothing to adopt");
    scratch
        .autogen(&["revision", "--autogenerate", "-m", "initial schema"], &[])
        .expect_code(0);
    assert_eq!(scratch.files(MIGRATIONS, "m2").len(), 1);
    scratch.autogen(&["upgrade", "head"], &[]).expect_code(0);
    scratch.autogen(&["check"], &[]).expect_code(0);
    let db = connect(&format!(
        "sqlite://{}?mode=rw",
        scratch.path().join("db.sqlite3").display()
    ))
    .await;
    assert_eq!(
        table_names(&db).await,
        ["address", "autogen_migrations", "seaql_migrations", "user_account"]
    );
}
