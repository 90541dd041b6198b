//! Faults during `upgrade`, with the real `cargo-autogen` binary on the blog: a migration that fails midway leaves
//! the database and the bookkeeping exactly as they were on PostgreSQL and SQLite, and on MySQL the report names
//! every statement that stayed applied and how to recover; a connection dropped in the middle of a migration is
//! reported, and running `upgrade` again finishes the job.

use sea_autogen_tests::{Backend, Project, connect, rows, schema};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::time::{Duration, Instant};

/// What `upgrade` may touch: the schema (as sea-autogen reads it) and both bookkeeping tables.
async fn state(db: &DatabaseConnection) -> String {
    let mut text = format!("{:#?}", schema(db).await.normalized(backend_of(db)));
    text.push_str(&format!(
        "\n{:?}",
        rows(
            db,
            "SELECT version FROM seaql_migrations ORDER BY version",
            &["version"]
        )
        .await
    ));
    let checksums = "SELECT version, checksum FROM autogen_migrations ORDER BY version";
    text.push_str(&format!("\n{:?}", rows(db, checksums, &["version", "checksum"]).await));
    text
}

fn backend_of(db: &DatabaseConnection) -> sea_autogen_schema::Backend {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => sea_autogen_schema::Backend::Postgres,
        sea_orm::DbBackend::MySql => sea_autogen_schema::Backend::Mysql,
        _ => sea_autogen_schema::Backend::Sqlite,
    }
}

/// The stems of the migration files.
fn migrations(blog: &Project) -> Vec<String> {
    blog.scratch
        .files("migration/src", "m2")
        .into_iter()
        .map(|f| f.trim_end_matches(".rs").to_owned())
        .collect()
}

/// Posts share a title; then the entity makes titles unique and adds a column, so the new migration's `up` runs
/// one statement (the column) and fails on the next (the unique constraint over duplicates).
async fn failing_midway(backend: Backend) {
    let Some(blog) = Project::example("blog", backend).await else {
        return;
    };
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    let db = connect(&blog.db.url).await;
    db.execute_unprepared(
        "INSERT INTO \"user\" (id, username, email) VALUES (1, 'ada', 'ada@example.com')"
            .replace('"', if backend == Backend::Mysql { "`" } else { "\"" })
            .as_str(),
    )
    .await
    .unwrap();
    db.execute_unprepared(
        "INSERT INTO post (id, author_id, title, slug, body) VALUES \
         (1, 1, 'Hello', 'hello-1', 'a'), (2, 1, 'Hello', 'hello-2', 'b')",
    )
    .await
    .unwrap();
    blog.edit(
        "src/entity/post.rs",
        "    #[sea_orm(column_type = \"String(StringLen::N(200))\")]\n    pub title: String,",
        "    #[sea_orm(unique, column_type = \"String(StringLen::N(200))\")]\n    pub title: String,\n    \
         pub summary: Option<String>,",
    );
    let before_files = migrations(&blog);
    // The plain forms, in one migration: what a transaction does with a failure midway. (The lock-safe forms put the
    // unique constraint in a migration of its own, outside a transaction; `lock_safe.rs` fails those midway.)
    blog.autogen(&["revision", "--no-lock-safe", "-m", "unique titles"])
        .expect_code(0);
    let stem = migrations(&blog)
        .into_iter()
        .find(|m| !before_files.contains(m))
        .expect("a new migration");
    let before = state(&db).await;

    let run = blog.autogen(&["upgrade", "head"]);
    run.expect_code(1).expect_stderr(&format!("upgrade failed in {stem}"));
    let after = state(&db).await;
    match backend {
        Backend::Mysql => {
            // MySQL committed the column; the report says so, statement by statement, and how to recover.
            run.expect_stderr(&format!(
                "These statements of {stem} ran before the failure and stay applied:"
            ))
            .expect_stderr("ALTER TABLE `post` ADD COLUMN `summary`")
            .expect_stderr("Duplicate entry 'Hello'")
            .expect_stderr("To recover: fix what made it fail, undo what stayed applied with this SQL:")
            .expect_stderr("ALTER TABLE `post` DROP COLUMN `summary`");
            assert_ne!(after, before, "MySQL keeps the column it added");
            let versions = "SELECT version FROM seaql_migrations ORDER BY version";
            assert_eq!(
                rows(&db, versions, &["version"]).await.len(),
                3,
                "not recorded as applied"
            );
            // The recovery the report gives: fix the data, run its SQL, upgrade again.
            db.execute_unprepared("UPDATE post SET title = 'Hello again' WHERE id = 2")
                .await
                .unwrap();
            let undo: String = run
                .stderr
                .split("undo what stayed applied with this SQL:")
                .nth(1)
                .and_then(|rest| rest.split("then run").next())
                .expect("the undo SQL")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            db.execute_unprepared(&undo).await.unwrap();
            assert_eq!(state(&db).await, before, "the report's SQL undid what stayed applied");
        }
        _ => {
            run.expect_stderr("rolled back");
            assert_eq!(after, before, "the database and the bookkeeping are exactly as before");
            db.execute_unprepared("UPDATE post SET title = 'Hello again' WHERE id = 2")
                .await
                .unwrap();
        }
    }
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.autogen(&["check"]).expect_code(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_failing_midway_on_sqlite() {
    failing_midway(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_failing_midway_on_postgres() {
    failing_midway(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_migration_failing_midway_on_mariadb() {
    failing_midway(Backend::Mysql).await;
}

/// A hand-written migration creates a table and then waits; the test kills the server-side connection running
/// it. `upgrade` reports the lost connection; run again, it applies the migration.
async fn connection_dropped(backend: Backend) {
    let Some(blog) = Project::example("blog", backend).await else {
        return;
    };
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    let before_files = migrations(&blog);
    blog.autogen(&["revision", "--empty", "-m", "slow"]).expect_code(0);
    let stem = migrations(&blog)
        .into_iter()
        .find(|m| !before_files.contains(m))
        .expect("a new migration");
    let (sleep, marker) = match backend {
        Backend::Postgres => ("SELECT pg_sleep(4) AS autogen_fault_marker", "autogen_fault_marker"),
        _ => ("SELECT SLEEP(4) AS autogen_fault_marker", "autogen_fault_marker"),
    };
    blog.scratch.write(
        &format!("migration/src/{stem}.rs"),
        &format!(
            r#"//! slow: creates a table, then takes a while.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {{
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {{
        manager
            .create_table(Table::create().table("note").col(ColumnDef::new("id").integer().primary_key()).to_owned())
            .await?;
        manager.get_connection().execute_unprepared("{sleep}").await?;
        Ok(())
    }}

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {{
        manager.drop_table(Table::drop().table("note").to_owned()).await
    }}
}}
"#
        ),
    );
    // Built before the timed part, so the kill lands while the migration runs.
    blog.autogen(&["current"]).expect_code(0);
    let db = connect(&blog.db.url).await;
    let child = blog
        .scratch
        .spawn(&["upgrade", "head"], &[("DATABASE_URL", blog.db.url.as_str())]);
    let (find, kill): (String, fn(&str) -> String) = match backend {
        Backend::Postgres => (
            format!(
                "SELECT CAST(pid AS text) AS id FROM pg_stat_activity \
                 WHERE query LIKE '%{marker}%' AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_stat_activity%'"
            ),
            |id| format!("SELECT pg_terminate_backend({id})"),
        ),
        _ => (
            format!(
                "SELECT CAST(ID AS CHAR) AS id FROM information_schema.PROCESSLIST \
                 WHERE INFO LIKE '%{marker}%' AND INFO NOT LIKE '%PROCESSLIST%'"
            ),
            |id| format!("KILL {id}"),
        ),
    };
    let started = Instant::now();
    let id = loop {
        if let Some(id) = rows(&db, &find, &["id"]).await.into_iter().next() {
            break id[0].clone().unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the migration never started"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    db.execute_unprepared(&kill(&id)).await.unwrap();
    let run = sea_autogen_tests::Run::wait(&["upgrade", "head"], child);
    run.expect_code(1)
        .expect_stderr(&format!("upgrade failed in {stem}"))
        .expect_stderr("the connection to the database was lost");
    let versions = "SELECT version FROM seaql_migrations ORDER BY version";
    assert_eq!(
        rows(&db, versions, &["version"]).await.len(),
        3,
        "{stem} is not recorded"
    );

    // MySQL committed the table before the wait; the report said so. The rerun must finish the job either way.
    if backend == Backend::Mysql {
        run.expect_stderr("CREATE TABLE `note`")
            .expect_stderr("DROP TABLE `note`");
        db.execute_unprepared("DROP TABLE note").await.unwrap();
    }
    blog.autogen(&["upgrade", "head"])
        .expect_code(0)
        .expect_stdout(&format!("applied {stem}"));
    assert_eq!(rows(&db, versions, &["version"]).await.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_dropped_during_upgrade_on_postgres() {
    connection_dropped(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_dropped_during_upgrade_on_mariadb() {
    connection_dropped(Backend::Mysql).await;
}
