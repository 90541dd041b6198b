//! Chinook, a real schema nobody on this project wrote, on every backend. Its entities are what `sea-orm-cli
//! generate entity` writes from each backend's script (`tests/fixtures/chinook_*`; their `lib.rs` says how).
//!
//! 1. Autogenerate against an empty database creates the eleven tables; a second `revision` finds nothing, `check`
//!    agrees, and `downgrade base` leaves only the bookkeeping table.
//! 2. The real script, rows included, is loaded into a fresh database, and `diff --format json` compares it with
//!    its own generated entities. Nothing reported may be a false type, nullability or default change: every
//!    change is one the generated entities really make (sea-orm-cli's compact format leaves string lengths out,
//!    writes no indexes, and on SQLite ignores `DATETIME` and `NUMERIC(10,2)` columns). The exact list is pinned,
//!    so that any new difference fails here.
//! 3. The migration of those changes is generated and applied to the loaded database: every row stays, and
//!    `check` is clean afterwards.
//! 4. Adoption: on a freshly loaded Chinook, `cargo autogen entities --output` writes entities `check` finds
//!    nothing against, and `--annotate` brings sea-orm-cli's entities there too, keeping every line of theirs.
//!
//! PostgreSQL runs on both server versions (15 and 18).

use sea_autogen_tests::{Backend, FreshDb, Scratch, TestDb, connect, table_names, workspace_root};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::path::PathBuf;

/// Chinook's string columns (`VARCHAR(n)` on PostgreSQL, `NVARCHAR(n)` on MySQL and SQLite) with their lengths,
/// in table order, by their PostgreSQL names. sea-orm-cli's compact format writes each as a plain `String`
/// (`Option<String>`) with no `column_type`, so the entity's type is an unsized string: `varchar` on PostgreSQL,
/// `varchar(255)` on MySQL, `Text` on SQLite (its reading of `NVARCHAR`).
const STRINGS: &[(&str, &[(&str, u32)])] = &[
    ("album", &[("title", 160)]),
    ("artist", &[("name", 120)]),
    (
        "customer",
        &[
            ("first_name", 40),
            ("last_name", 20),
            ("company", 80),
            ("address", 70),
            ("city", 40),
            ("state", 40),
            ("country", 40),
            ("postal_code", 10),
            ("phone", 24),
            ("fax", 24),
            ("email", 60),
        ],
    ),
    (
        "employee",
        &[
            ("last_name", 20),
            ("first_name", 20),
            ("title", 30),
            ("address", 70),
            ("city", 40),
            ("state", 40),
            ("country", 40),
            ("postal_code", 10),
            ("phone", 24),
            ("fax", 24),
            ("email", 60),
        ],
    ),
    ("genre", &[("name", 120)]),
    (
        "invoice",
        &[
            ("billing_address", 70),
            ("billing_city", 40),
            ("billing_state", 40),
            ("billing_country", 40),
            ("billing_postal_code", 10),
        ],
    ),
    ("invoice_line", &[]),
    ("media_type", &[("name", 120)]),
    ("playlist", &[("name", 120)]),
    ("playlist_track", &[]),
    ("track", &[("name", 200), ("composer", 220)]),
];

/// The index the script creates beside each foreign key (`album_artist_id_idx`, `IFK_AlbumArtistId`): sea-orm-cli
/// writes no indexes, so none is in the entities.
const FOREIGN_KEY_INDEXES: &[(&str, &str)] = &[
    ("album", "artist_id"),
    ("customer", "support_rep_id"),
    ("employee", "reports_to"),
    ("invoice", "customer_id"),
    ("invoice_line", "invoice_id"),
    ("invoice_line", "track_id"),
    ("playlist_track", "playlist_id"),
    ("playlist_track", "track_id"),
    ("track", "album_id"),
    ("track", "genre_id"),
    ("track", "media_type_id"),
];

/// SQLite columns whose declared type sea-orm-cli cannot map (`DATETIME`, `NUMERIC(10,2)`): it writes them as
/// `#[sea_orm(ignore, column_type = "custom(...)", select_as = "text")]` fields, which are no columns at all.
const SQLITE_IGNORED: &[(&str, &str, &str)] = &[
    ("employee", "birth_date", "DATETIME"),
    ("employee", "hire_date", "DATETIME"),
    ("invoice", "invoice_date", "DATETIME"),
    ("invoice", "total", "NUMERIC(10,2)"),
    ("invoice_line", "unit_price", "NUMERIC(10,2)"),
    ("track", "unit_price", "NUMERIC(10,2)"),
];

/// A PostgreSQL name as the SQLite and MySQL scripts spell it: `invoice_line` is `InvoiceLine`.
fn pascal(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A Chinook name (given in PostgreSQL spelling) as `backend` spells it.
fn name(backend: Backend, pg: &str) -> String {
    match backend {
        Backend::Postgres | Backend::Postgres18 => pg.to_owned(),
        _ => pascal(pg),
    }
}

/// What `diff` reports for Chinook against its own generated entities, in [`summarize`]'s lines, derived from the
/// facts above.
fn expected(backend: Backend) -> Vec<String> {
    let n = |s: &str| name(backend, s);
    let mut lines = Vec::new();
    for (table, strings) in STRINGS {
        let ignored: Vec<_> = SQLITE_IGNORED.iter().filter(|(t, ..)| t == table).collect();
        let fk_indexes = FOREIGN_KEY_INDEXES.iter().filter(|(t, _)| t == table);
        let index_name = |column: &str| match backend {
            Backend::Postgres | Backend::Postgres18 => format!("{table}_{column}_idx"),
            _ => format!("IFK_{}{}", pascal(table), pascal(column)),
        };
        match backend {
            // Types and indexes change in place.
            Backend::Postgres | Backend::Postgres18 | Backend::Mysql => {
                for (column, len) in *strings {
                    lines.push(format!(
                        "alter_column {}.{} [type] varchar({len}) -> varchar",
                        n(table),
                        n(column)
                    ));
                }
                // MySQL keeps an index a foreign key depends on (all of them but PlaylistTrack's on PlaylistId,
                // whose primary key serves that key too); PostgreSQL drops what the entities lack.
                let needed =
                    |column: &str| backend == Backend::Mysql && (*table, column) != ("playlist_track", "playlist_id");
                for (_, column) in fk_indexes.filter(|(_, c)| !needed(c)) {
                    lines.push(format!(
                        "drop_index {}.{} ({})",
                        n(table),
                        index_name(column),
                        n(column)
                    ));
                }
            }
            // A column's type only changes by rebuilding its table, which drops what the entity lacks with it and
            // says so.
            Backend::Sqlite if !strings.is_empty() => {
                let mut reasons: Vec<String> = strings
                    .iter()
                    .map(|(column, len)| format!("column {} (type) NVARCHAR({len}) -> text", n(column)))
                    .collect();
                let mut dropped: Vec<String> = fk_indexes
                    .map(|(_, column)| format!("index {} dropped", index_name(column)))
                    .collect();
                dropped.sort();
                reasons.extend(dropped);
                reasons.extend(
                    ignored
                        .iter()
                        .map(|(_, column, _)| format!("column {} dropped", n(column))),
                );
                lines.push(format!("rebuild_table {}: {}", n(table), reasons.join(", ")));
            }
            // `ALTER TABLE` can drop an index or a column.
            Backend::Sqlite => {
                for (_, column) in fk_indexes {
                    lines.push(format!(
                        "drop_index {}.{} ({})",
                        n(table),
                        index_name(column),
                        n(column)
                    ));
                }
                for (_, column, ty) in ignored {
                    lines.push(format!("drop_column {}.{} {ty}", n(table), n(column)));
                }
            }
        }
    }
    lines.sort();
    lines
}

/// One line per change of a `diff --format json` report, sorted. A column change names what changed and the
/// types; a table rebuild names its reasons, each column's types, and the indexes it drops without saying so.
/// Nullability, default and auto-increment of every column that stays are checked equal on the way.
fn summarize(report: &Value) -> Vec<String> {
    let str_of = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let strings = |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(str_of).collect() };
    let mut lines: Vec<String> = report["changes"]
        .as_array()
        .expect("changes is an array")
        .iter()
        .map(|c| {
            let (op, table) = (str_of(&c["op"]), str_of(&c["table"]));
            match op.as_str() {
                "alter_column" => {
                    let (mut from, mut to) = (c["from"].clone(), c["to"].clone());
                    let types = format!("{} -> {}", from["type"].as_str().unwrap(), to["type"].as_str().unwrap());
                    from.as_object_mut().unwrap().remove("type");
                    to.as_object_mut().unwrap().remove("type");
                    assert_eq!(from, to, "{table}: an alter_column changes nothing but the type: {c}");
                    format!(
                        "alter_column {table}.{} [{}] {types}",
                        str_of(&c["column"]),
                        strings(&c["changes"]).join(", ")
                    )
                }
                "create_index" | "drop_index" => format!(
                    "{op} {table}.{} ({})",
                    str_of(&c["name"]),
                    strings(&c["columns"]).join(", ")
                ),
                "add_column" | "drop_column" => {
                    format!(
                        "{op} {table}.{} {}",
                        str_of(&c["column"]),
                        str_of(&c["definition"]["type"])
                    )
                }
                "rebuild_table" => {
                    let columns = |side: &str| c[side]["columns"].as_array().unwrap().clone();
                    let (from, to) = (columns("from"), columns("to"));
                    let find = |name: &str| to.iter().find(|t| t["name"] == name);
                    for have in &from {
                        if let Some(want) = find(have["name"].as_str().unwrap()) {
                            for key in ["nullable", "default", "auto_increment"] {
                                assert_eq!(have[key], want[key], "{table}: a rebuild changes {key}: {c}");
                            }
                        }
                    }
                    let reasons: Vec<String> = strings(&c["changes"])
                        .into_iter()
                        .map(|reason| {
                            let column = reason
                                .strip_prefix("column ")
                                .and_then(|r| r.split_once(" ("))
                                .map(|r| r.0);
                            let have = column.and_then(|n| from.iter().find(|f| f["name"] == n));
                            match (have, column.and_then(find)) {
                                (Some(have), Some(want)) if reason.contains("type") => {
                                    format!("{reason} {} -> {}", str_of(&have["type"]), str_of(&want["type"]))
                                }
                                _ => reason,
                            }
                        })
                        .collect();
                    let index_names = |side: &str| -> Vec<String> {
                        c[side]["indexes"]
                            .as_array()
                            .map(|a| a.iter().map(|i| str_of(&i["name"])).collect())
                            .unwrap_or_default()
                    };
                    let kept = index_names("to");
                    for dropped in index_names("from").into_iter().filter(|i| !kept.contains(i)) {
                        let said = format!("index {dropped} dropped");
                        assert!(
                            reasons.contains(&said),
                            "{table}: a rebuild drops {dropped} silently: {c}"
                        );
                    }
                    format!("rebuild_table {table}: {}", reasons.join(", "))
                }
                _ => format!("{op} {table}: {c}"),
            }
        })
        .collect();
    lines.sort();
    lines
}

/// `tests/data/chinook` (`AUTOGEN_CHINOOK_DIR` overrides it).
fn chinook_dir() -> PathBuf {
    std::env::var_os("AUTOGEN_CHINOOK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("tests/data/chinook"))
}

/// The backend's Chinook script without the lines that drop, create and switch to a database of its own, so that
/// it loads into the test's database.
fn chinook_script(backend: Backend) -> String {
    let file = match backend {
        Backend::Sqlite => "Chinook_Sqlite.sql",
        Backend::Postgres | Backend::Postgres18 => "Chinook_PostgreSql.sql",
        Backend::Mysql => "Chinook_MySql.sql",
    };
    let path = chinook_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .filter(|line| {
            !["DROP DATABASE", "CREATE DATABASE", "\\c ", "USE "]
                .iter()
                .any(|p| line.starts_with(p))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn chinook(backend: Backend) {
    let empty = TestDb::create(backend).await;
    if backend != Backend::Sqlite && empty.is_none() {
        return;
    }
    let loaded = TestDb::create(backend).await;
    let scratch = Scratch::fixture(&fixture(backend));
    let sqlite_url = |file: &str| format!("sqlite://{}?mode=rwc", scratch.path().join(file).display());
    let url = empty
        .as_ref()
        .map_or_else(|| sqlite_url("empty.sqlite3"), |s| s.url.clone());
    let loaded_url = loaded
        .as_ref()
        .map_or_else(|| sqlite_url("chinook.sqlite3"), |s| s.url.clone());
    let env = [("DATABASE_URL", url.as_str())];
    let n = |s: &str| name(backend, s);

    // 1. From nothing to Chinook and back.
    let lib_before = scratch.read("migration/src/lib.rs");
    let revision = scratch.autogen(&["revision", "-m", "chinook"], &env);
    revision.expect_code(0);
    for (table, _) in STRINGS {
        revision.expect_stdout(&format!("create table {}\n", n(table)));
    }
    scratch.autogen(&["upgrade", "head"], &env).expect_code(0);
    let db = connect(&url).await;
    let mut tables: Vec<String> = STRINGS.iter().map(|(t, _)| n(t)).collect();
    tables.push("seaql_migrations".into());
    tables.push("autogen_migrations".into()); // the checksums of the applied files
    tables.sort();
    let mut created = table_names(&db).await;
    created.sort(); // MySQL orders names without regard to case
    assert_eq!(created, tables);
    scratch
        .autogen(&["revision", "-m", "nothing"], &env)
        .expect_code(0)
        .expect_stdout("no changes detected");
    let check = scratch.autogen(&["check"], &env);
    check.expect_code(0).expect_stdout("no changes");
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    scratch.autogen(&["downgrade", "base", "--yes"], &env).expect_code(0);
    assert_eq!(table_names(&db).await, ["seaql_migrations"]);

    // 2. The real Chinook, rows included, against its own generated entities.
    let chinook = connect(&loaded_url).await;
    chinook
        .execute_unprepared(&chinook_script(backend))
        .await
        .unwrap_or_else(|e| panic!("loading Chinook on {}: {e}", backend.name()));
    let count = format!("SELECT count(*) AS n FROM {}", n("playlist_track"));
    let rows: i64 = chinook
        .query_one_raw(Statement::from_string(chinook.get_database_backend(), count))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    assert_eq!(rows, 8715, "the whole script ran, down to its last row");

    let diff = scratch.autogen(
        &["diff", "--format", "json", "--exit-code"],
        &[("DATABASE_URL", loaded_url.as_str())],
    );
    diff.expect_code(2);
    let report: Value = serde_json::from_str(&diff.stdout).expect("diff --format json prints JSON");
    assert_eq!(report["warnings"], Value::Array(vec![]), "no unsupported change");
    let changes = summarize(&report);
    for line in &changes {
        assert!(
            !line.starts_with("create_table") && !line.starts_with("drop_table"),
            "every table exists on both sides: {line}"
        );
    }
    assert_eq!(changes, expected(backend), "{}", changes.join("\n"));

    // 3. The loaded database brought to its entities: the migration of those changes applies, every row stays,
    // and `check` is then clean. (Part 1's migration, which creates what the loaded database already has, is
    // taken out first, as a project adopting an existing database starts without it.)
    for file in scratch.files("migration/src", "m2") {
        std::fs::remove_file(scratch.path().join("migration/src").join(file)).unwrap();
    }
    scratch.write("migration/src/lib.rs", &lib_before);
    let loaded_env = [("DATABASE_URL", loaded_url.as_str())];
    scratch
        .autogen(&["revision", "-m", "adopt chinook"], &loaded_env)
        .expect_code(0);
    scratch.autogen(&["upgrade", "head"], &loaded_env).expect_code(0);
    scratch.autogen(&["check"], &loaded_env).expect_code(0);
    let chinook = connect(&loaded_url).await;
    for (table, expected_rows) in [("playlist_track", 8715), ("track", 3503), ("invoice_line", 2240)] {
        let count = format!("SELECT count(*) AS n FROM {}", n(table));
        let rows: i64 = chinook
            .query_one_raw(Statement::from_string(chinook.get_database_backend(), count))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        assert_eq!(rows, expected_rows, "{table} keeps its rows");
    }
}

/// The fixture holding sea-orm-cli's entities for `backend` (both PostgreSQL versions share one).
fn fixture(backend: Backend) -> String {
    let name = if backend.is_postgres() {
        "postgres"
    } else {
        backend.name()
    };
    format!("chinook_{name}")
}

/// Loads Chinook, rows included, into a fresh database.
async fn load(backend: Backend) -> Option<FreshDb> {
    let db = FreshDb::create(backend).await?;
    connect(&db.url)
        .await
        .execute_unprepared(&chinook_script(backend))
        .await
        .unwrap_or_else(|e| panic!("loading Chinook on {}: {e}", backend.name()));
    Some(db)
}

/// Part 4, adoption as a user does it, on a freshly loaded Chinook: `entities --output` writes entities that
/// describe it exactly (`check` finds nothing); and sea-orm-cli's own entities, `--annotate`d, describe it exactly
/// too, with every line of theirs still there (sea-orm-cli's `ignore` on the SQLite columns it cannot map is the one
/// thing taken out, and said).
async fn adoption(backend: Backend) {
    let Some(db) = load(backend).await else {
        return;
    };
    let env = [("DATABASE_URL", db.url.as_str())];

    // (a) Entities from the database, into a new application.
    let app = Scratch::app(&format!("chinook-{}", backend.name()));
    let written = app.autogen(&["entities", "--output", "src/entity"], &env);
    written.expect_code(0);
    assert!(!written.stderr.contains("warning"), "{}", written.stderr);
    app.autogen(&["init", "migration", "--entities", "."], &env)
        .expect_code(0);
    app.rename_migration_package();
    app.autogen(&["check"], &env).expect_code(0).expect_stdout("no changes");

    // (b) sea-orm-cli's entities, annotated in place.
    let scratch = Scratch::fixture(&fixture(backend));
    let files = scratch.files("src/entity", "");
    let before: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.clone(), scratch.read(&format!("src/entity/{f}"))))
        .collect();
    let dry = scratch.autogen(&["entities", "--annotate", "src/entity", "--dry-run"], &env);
    dry.expect_code(0).expect_stdout("+    #[sea_orm(column_type = ");
    for (file, text) in &before {
        assert_eq!(
            &scratch.read(&format!("src/entity/{file}")),
            text,
            "--dry-run wrote {file}"
        );
    }
    let annotated = scratch.autogen(&["entities", "--annotate", "src/entity"], &env);
    annotated.expect_code(0).expect_stdout("added ");
    for (file, text) in &before {
        let after = scratch.read(&format!("src/entity/{file}"));
        // Their lines, in their order, among the new ones.
        let mut rest = after.lines();
        for line in text.lines() {
            let mut probe = rest.clone();
            if probe.any(|l| l == line) {
                rest = probe;
            } else {
                // Only SeaORM's `ignore` may go, and only where annotate says it took it out.
                assert_eq!(
                    line.trim(),
                    "ignore,",
                    "{file} lost a line of its own: {line:?}\n{after}"
                );
                assert!(annotated.stdout.contains("`ignore` removed"), "{}", annotated.stdout);
            }
        }
    }
    let check = scratch.autogen(&["check"], &env);
    check.expect_code(0).expect_stdout("no changes");
    scratch
        .autogen(&["entities", "--annotate", "src/entity"], &env)
        .expect_code(0)
        .expect_stdout("nothing to add");
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_sqlite() {
    chinook(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_postgres18() {
    chinook(Backend::Postgres18).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn adopting_chinook_on_sqlite() {
    adoption(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn adopting_chinook_on_postgres() {
    adoption(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn adopting_chinook_on_postgres18() {
    adoption(Backend::Postgres18).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn adopting_chinook_on_mariadb() {
    adoption(Backend::Mysql).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_postgres() {
    chinook(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn chinook_on_mariadb() {
    chinook(Backend::Mysql).await;
}
