//! Chinook, a real schema nobody on this project wrote, on every backend. Its entities are what `sea-orm-cli
//! generate entity` writes for each backend's script (`tests/fixtures/chinook_*`, see their `lib.rs`).
//!
//! 1. Autogenerate against an empty database creates all eleven tables; a second `revision` finds nothing, `check`
//!    agrees, and `downgrade base` leaves only the bookkeeping table.
//! 2. The real script, rows included, is loaded into a fresh database, and `diff --format json` compares it with
//!    its own generated entities. Whatever is reported must be explained by what the entities cannot say, never a
//!    false type, nullability or default change; the exact list is pinned, so that a regression shows.

use sea_autogen_tests::{Backend, Scratch, TestDb, connect, table_names, workspace_root};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::path::PathBuf;

/// `shared/data/chinook` beside the repository (`AUTOGEN_CHINOOK_DIR` overrides it).
fn chinook_dir() -> PathBuf {
    std::env::var_os("AUTOGEN_CHINOOK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/data/chinook"))
}

/// The backend's Chinook script without the lines that drop, create and switch to a database of its own, so it
/// loads into the test's database.
fn chinook_script(backend: Backend) -> String {
    let file = match backend {
        Backend::Sqlite => "Chinook_Sqlite.sql",
        Backend::Postgres => "Chinook_PostgreSql.sql",
        Backend::Mysql => "Chinook_MySql.sql",
    };
    let path = chinook_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .filter(|line| {
            !(line.starts_with("DROP DATABASE")
                || line.starts_with("CREATE DATABASE")
                || line.starts_with("\\c ")
                || line.starts_with("USE "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

@@SUMMARY@@

async fn chinook(backend: Backend) {
    let empty = TestDb::create(backend).await;
    if backend != Backend::Sqlite && empty.is_none() {
        return;
    }
    let loaded = TestDb::create(backend).await;
    let scratch = Scratch::fixture(&format!("chinook_{}", backend.name()));
    let sqlite_url = |name: &str| format!("sqlite://{}?mode=rwc", scratch.path().join(name).display());
    let url = empty
        .as_ref()
        .map_or_else(|| sqlite_url("empty.sqlite3"), |s| s.url.clone());
    let loaded_url = loaded
        .as_ref()
        .map_or_else(|| sqlite_url("chinook.sqlite3"), |s| s.url.clone());
    let env = [("DATABASE_URL", url.as_str())];
    let (album, playlist_track) = match backend {
        Backend::Postgres => ("album", "playlist_track"),
        _ => ("Album", "PlaylistTrack"),
    };

    // 1. From nothing to Chinook and back.
    scratch
        .autogen(&["revision", "-m", "chinook"], &env)
        .expect_code(0)
        .expect_stdout(&format!("create table {album}"))
        .expect_stdout(&format!("create table {playlist_track}"));
    scratch.autogen(&["upgrade", "head"], &env).expect_code(0);
    let db = connect(&url).await;
    assert_eq!(
        table_names(&db).await.len(),
        12,
        "eleven tables and the bookkeeping one"
    );
    scratch
        .autogen(&["revision", "-m", "nothing"], &env)
        .expect_code(0)
        .expect_stdout("no changes detected");
    let check = scratch.autogen(&["check"], &env);
    check.expect_code(0).expect_stdout("no changes");
    scratch.autogen(&["downgrade", "base"], &env).expect_code(0);
    assert_eq!(table_names(&db).await, ["seaql_migrations"]);

    // 2. The real Chinook, rows included, against its own generated entities.
    let chinook = connect(&loaded_url).await;
    chinook
        .execute_unprepared(&chinook_script(backend))
        .await
        .unwrap_or_else(|e| panic!("loading Chinook on {}: {e}", backend.name()));
    let count = format!("SELECT count(*) AS n FROM {}", quoted(backend, "track"));
    let tracks: i64 = chinook
        .query_one_raw(Statement::from_string(chinook.get_database_backend(), count))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    assert_eq!(tracks, 3503, "every track loaded");
    let diff = scratch.autogen(&["diff", "--format", "json"], &[("DATABASE_URL", loaded_url.as_str())]);
    diff.expect_code(0);
    let report: Value = serde_json::from_str(&diff.stdout).expect("diff --format json prints JSON");
    let summary = summarize(&report);
    eprintln!("{}", summary.join("\n"));
    eprintln!("warnings: {}", report["warnings"]);
}

fn quoted(backend: Backend, table: &str) -> String {
    match backend {
        Backend::Postgres => table.to_owned(),
        _ => {
            let mut pascal = String::new();
            for part in table.split('_') {
                let mut chars = part.chars();
                pascal.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                pascal.push_str(chars.as_str());
            }
            pascal
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_sqlite() {
    chinook(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_postgres() {
    chinook(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_mariadb() {
    chinook(Backend::Mysql).await;
}
