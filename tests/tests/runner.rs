//! The migration crate keeps working as sea-orm-migration's after `init` adopts it: deploy scripts and Dockerfiles
//! that run the migration binary bare still apply pending migrations; `-u/--database-url`, `-s/--database-schema`
//! and `DATABASE_SCHEMA` mean what they mean to sea-orm-migration; `sea-orm-cli migrate up` drives it as before.

use sea_autogen_tests::{Backend, FreshDb, Run, Scratch, connect, rows, table_names, target_dir};
use sea_orm::ConnectionTrait;
use std::process::Command;

const LEGACY: &str = "m20220101_000001_create_table";

/// The adopted legacy app: a sea-orm-migration crate whose runner is now sea-autogen's.
fn adopted(db: &FreshDb) -> Scratch {
    let app = Scratch::fixture("legacy_app");
    app.autogen(
        &["init", "migration", "--entities", "."],
        &[("DATABASE_URL", db.url.as_str())],
    )
    .expect_code(0);
    app
}

/// `cargo run -p migration -- <args>` in the app, as a deploy script runs it: no `cargo autogen` involved.
fn migration_binary(app: &Scratch, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(["run", "--quiet", "-p", "migration", "--"])
        .args(args)
        .current_dir(app.path())
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("DATABASE_URL")
        .env_remove("DATABASE_SCHEMA")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("running cargo run -p migration");
    Run::from_output(&format!("cargo run -p migration -- {}", args.join(" ")), output)
}

async fn applied(url: &str) -> Vec<String> {
    let db = connect(url).await;
    rows(
        &db,
        "SELECT version FROM seaql_migrations ORDER BY version",
        &["version"],
    )
    .await
    .into_iter()
    .filter_map(|mut row| row.remove(0))
    .collect()
}

async fn bare_binary_applies_pending_migrations(backend: Backend) {
    let Some(db) = FreshDb::create(backend).await else {
        return;
    };
    let app = adopted(&db);
    // A Dockerfile's `CMD ["migration"]`: no arguments, the URL from the environment.
    migration_binary(&app, &[], &[("DATABASE_URL", &db.url)]).expect_code(0);
    assert_eq!(applied(&db.url).await, [LEGACY]);
    assert!(
        table_names(&connect(&db.url).await)
            .await
            .contains(&"user_account".to_owned())
    );
    // Again: nothing pending, still a success.
    migration_binary(&app, &[], &[("DATABASE_URL", &db.url)]).expect_code(0);

    // `-u` instead of DATABASE_URL, with sea-orm-migration's verbs.
    migration_binary(&app, &["-u", &db.url, "status"], &[])
        .expect_code(0)
        .expect_stdout(&format!("[x] {LEGACY}"));
    migration_binary(&app, &["down", "-u", &db.url], &[]).expect_code(0);
    assert!(applied(&db.url).await.is_empty());
    migration_binary(&app, &["--database-url", &db.url, "up", "-n", "1"], &[]).expect_code(0);
    assert_eq!(applied(&db.url).await, [LEGACY]);
    // sea-autogen's own commands, through the same binary.
    migration_binary(&app, &["-u", &db.url, "check"], &[]).expect_code(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn bare_binary_applies_pending_migrations_on_sqlite() {
    bare_binary_applies_pending_migrations(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bare_binary_applies_pending_migrations_on_postgres() {
    bare_binary_applies_pending_migrations(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bare_binary_applies_pending_migrations_on_mariadb() {
    bare_binary_applies_pending_migrations(Backend::Mysql).await;
}

/// PostgreSQL's `-s`/`DATABASE_SCHEMA`: everything happens in that schema, bookkeeping included, as with
/// sea-orm-migration; a schema that does not exist is refused by name.
#[tokio::test(flavor = "multi_thread")]
async fn database_schema_places_everything_in_that_schema() {
    let Some(db) = FreshDb::create(Backend::Postgres).await else {
        return;
    };
    let conn = connect(&db.url).await;
    conn.execute_unprepared("CREATE SCHEMA tenant").await.unwrap();
    let app = adopted(&db);
    let url = db.url.as_str();

    migration_binary(&app, &["-s", "tenant"], &[("DATABASE_URL", url)]).expect_code(0);
    let in_schema = |schema: &'static str| {
        let conn = &conn;
        async move {
            let sql = format!("SELECT tablename::text AS name FROM pg_tables WHERE schemaname = '{schema}' ORDER BY 1");
            rows(conn, &sql, &["name"])
                .await
                .into_iter()
                .filter_map(|mut r| r.remove(0))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        in_schema("tenant").await,
        ["address", "autogen_migrations", "seaql_migrations", "user_account"]
    );
    assert!(in_schema("public").await.is_empty(), "{:?}", in_schema("public").await);

    // The environment variable means the same; sea-autogen's commands work in the schema too.
    migration_binary(
        &app,
        &["check"],
        &[("DATABASE_URL", url), ("DATABASE_SCHEMA", "tenant")],
    )
    .expect_code(0);
    app.autogen(
        &["revision", "-m", "nothing"],
        &[("DATABASE_URL", url), ("DATABASE_SCHEMA", "tenant")],
    )
    .expect_code(0)
    .expect_stdout("no changes detected");
    app.autogen(&["check", "--shadow", "-s", "tenant"], &[("DATABASE_URL", url)])
        .expect_code(0);
    migration_binary(&app, &["-s", "tenant", "history"], &[("DATABASE_URL", url)])
        .expect_code(0)
        .expect_stdout(&format!("[x] {LEGACY}"));

    let missing = migration_binary(&app, &["-s", "nowhere"], &[("DATABASE_URL", url)]);
    missing
        .expect_code(1)
        .expect_stderr("schema `nowhere` (from --database-schema or DATABASE_SCHEMA) does not exist");
    assert_eq!(in_schema("nowhere").await, Vec::<String>::new());
}

/// `sea-orm-cli migrate up` runs `cargo run --manifest-path migration/Cargo.toml -- up` with the URL in the
/// environment: the adopted crate answers it as sea-orm-migration's did.
#[tokio::test(flavor = "multi_thread")]
async fn sea_orm_cli_migrate_drives_the_adopted_crate() {
    let Some(sea_orm_cli) = sea_orm_cli() else {
        return;
    };
    for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
        let Some(db) = FreshDb::create(backend).await else {
            continue;
        };
        let app = adopted(&db);
        let cli = |args: &[&str]| {
            let output = Command::new(&sea_orm_cli)
                .args(args)
                .current_dir(app.path())
                .env("CARGO_TARGET_DIR", target_dir())
                .env_remove("DATABASE_URL")
                .output()
                .expect("running sea-orm-cli");
            Run::from_output(&format!("sea-orm-cli {}", args.join(" ")), output)
        };
        cli(&["migrate", "up", "-d", "migration", "-u", &db.url]).expect_code(0);
        assert_eq!(applied(&db.url).await, [LEGACY], "{backend:?}");
        cli(&["migrate", "status", "-d", "migration", "-u", &db.url])
            .expect_code(0)
            .expect_stdout(&format!("[x] {LEGACY}"));
        cli(&["migrate", "down", "-d", "migration", "-u", &db.url]).expect_code(0);
        assert!(applied(&db.url).await.is_empty(), "{backend:?}");
        // Scripts that run `fresh` and `reset` through sea-orm-cli keep working unasked: only `cargo autogen`
        // asks for --yes.
        cli(&["migrate", "fresh", "-d", "migration", "-u", &db.url]).expect_code(0);
        assert_eq!(applied(&db.url).await, [LEGACY], "{backend:?}");
        cli(&["migrate", "reset", "-d", "migration", "-u", &db.url]).expect_code(0);
        assert!(applied(&db.url).await.is_empty(), "{backend:?}");
    }
}

/// The installed `sea-orm-cli` (`.ci/run` installs it); outside CI a missing one skips the test, saying so.
fn sea_orm_cli() -> Option<std::path::PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo/bin")));
    for dir in candidates {
        let path = dir.join("sea-orm-cli");
        if path.is_file() {
            return Some(path);
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("sea-orm-cli is not installed: CI must test `sea-orm-cli migrate` (bash .ci/run installs it)");
    }
    eprintln!("skipping: sea-orm-cli is not installed (bash .ci/run installs it)");
    None
}
