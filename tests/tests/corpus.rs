//! The golden round-trip corpus (`tests/corpus`), on every backend.
//!
//! For each case and backend: bring a fresh database to the case's `before` entities, insert its rows, generate the
//! migration to its `after` entities and snapshot the file. Every file of every case then goes into one crate,
//! built once, whose binary applies a named migration's `up` or `down`. For each case: apply `up`, check that a
//! fresh diff is empty and that the rows are intact; apply `down`, check that the schema is `before` again and the
//! rows are still intact.

use autogen_corpus::{CASES, Case};
use sea_autogen::registry::desired_schema;
use sea_autogen_codegen::{MigrationMeta, render_revision, rustfmt};
use sea_autogen_diff::{Warning, diff, lock_safe};
use sea_autogen_introspect::{Options, default_schema, introspect};
use sea_autogen_migration::execute::apply;
use sea_autogen_schema::{Schema, quote_ident};
use sea_autogen_tests::{Backend, FreshDb, TestDb, connect, migration_runner, rows, run_migration};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use std::path::Path;
use std::process::Command;

/// A case brought to `before` on one backend, with its migration written.
struct Prepared {
    case: &'static Case,
    backend: Backend,
    url: String,
    /// The runner's modules of the case's revision, joined by `,` (one, or the files it is split into).
    module: String,
    /// The generated migration files, each with its module.
    files: Vec<(String, String)>,
    /// The files as snapshotted: one, or each under a line naming it.
    file: String,
    /// The schema as introspected at `before`.
    before: Schema,
    /// What the `after` entities want.
    after: Schema,
    /// The rows of the tables and columns both sides have, at `before`.
    rows: Vec<TableRows>,
    _db: FreshDb,
}

type TableRows = (String, Vec<Vec<Option<String>>>);

#[tokio::test(flavor = "multi_thread")]
async fn golden_corpus_round_trips_on_every_backend() {
    let mut prepared = Vec::new();
    let mut skipped = Vec::new();
    for case in CASES {
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Postgres18, Backend::Mysql] {
            // Both PostgreSQL versions answer to `postgres` in the skip lists and snapshots.
            let family = backend.schema_backend().as_str();
            if let Some((_, reason)) = case.skip.iter().find(|(b, _)| *b == family) {
                skipped.push(format!("{} on {}: {reason}", case.name, backend.name()));
                continue;
            }
            if let Some(p) = prepare(case, backend).await {
                prepared.push(p);
            }
        }
    }
    let files: Vec<(String, String)> = prepared.iter().flat_map(|p| p.files.clone()).collect();
    let runner = migration_runner("corpus", &files);
    for p in &prepared {
        round_trip(p, &runner).await;
    }
    refuses_another_backend(&prepared, &runner).await;
    eprintln!(
        "corpus: {} cases, {} runs, {} opted out{}",
        CASES.len(),
        prepared.len(),
        skipped.len(),
        skipped.iter().map(|s| format!("\n  {s}")).collect::<String>()
    );
    assert!(CASES.len() >= 3);
}

/// A file with SQLite's own statements (a table rebuild) refuses to run on PostgreSQL, saying what to do, and
/// changes nothing there.
async fn refuses_another_backend(prepared: &[Prepared], runner: &Path) {
    let Some(sqlite_only) = prepared
        .iter()
        .find(|p| p.backend == Backend::Sqlite && p.file.contains("generated for sqlite: generate it again"))
    else {
        panic!("the corpus has no SQLite-only migration");
    };
    let Some(server) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let output = Command::new(runner)
        .args([sqlite_only.module.as_str(), "up", server.url.as_str()])
        .output()
        .expect("running the corpus runner");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("generated for sqlite: generate it again on this database"),
        "{stderr}"
    );
    let db = connect(&server.url).await;
    assert!(read(&db, &Schema::new()).await.tables.is_empty());
}

/// Brings a fresh database to the case's `before`, inserts its rows, plans and snapshots the migration.
async fn prepare(case: &'static Case, backend: Backend) -> Option<Prepared> {
    let b = backend.schema_backend();
    let fresh = FreshDb::create(backend).await?;
    let url = fresh.url.clone();
    let db = connect(&url).await;
    let side = |side: &str| {
        let prefix = format!("autogen_corpus::{}::{side}", case.name);
        desired_schema(b, &prefix).unwrap_or_else(|e| panic!("{}: {e}", case.name))
    };
    let (mut before, mut after) = (side("before"), side("after"));
    if let Some(default) = default_schema(&db).await.unwrap() {
        before = before.with_default_schema(&default);
        after = after.with_default_schema(&default);
    }
    let context = format!("{} on {}", case.name, backend.name());

    let create = diff(&Schema::new(), &before, b);
    let txn = db.begin().await.unwrap();
    apply(&txn, &create.changes)
        .await
        .unwrap_or_else(|e| panic!("{context}: creating `before`: {e}"));
    txn.commit().await.unwrap();
    for sql in case.rows {
        db.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{context}: {sql}: {e}"));
    }
    let live = read(&db, &after).await;
    assert!(
        !diff(&live, &before, b).has_differences(),
        "{context}: `before` reads back as itself"
    );

    // In the lock-safe forms `revision` writes by default.
    let plan = lock_safe(diff(&live, &after, b));
    assert!(!plan.changes.is_empty(), "{context}: the case changes nothing");
    let unplanned: Vec<&Warning> = plan.warnings.iter().filter(|w| w.leaves_difference()).collect();
    assert!(
        unplanned.is_empty(),
        "{context}: differences left unplanned: {unplanned:#?}"
    );
    // The runner holds one module per file, case and server; the file names its revision by backend, as one
    // snapshot serves both PostgreSQL versions.
    let revision = format!("m_{}_{}", case.name, b.as_str());
    let module_base = format!("m_{}_{}", case.name, backend.name());
    let meta = MigrationMeta {
        message: case.about.to_owned(),
        revision: revision.clone(),
        parent: None,
        created: "2026-01-01 00:00:00 UTC".to_owned(),
        backend: b,
        fingerprint: None,
    };
    // As `revision` writes it: after rustfmt with default settings, which must leave it as it is the second time.
    let scratch = std::env::temp_dir();
    let rendered = render_revision(&plan, &meta);
    let mut files = Vec::new();
    let mut file = String::new();
    for (stem, code) in &rendered {
        let formatted = rustfmt(code, &scratch).expect("rustfmt runs");
        assert_eq!(
            rustfmt(&formatted, &scratch).as_deref(),
            Some(formatted.as_str()),
            "{context}: rustfmt is not stable"
        );
        if rendered.len() > 1 {
            file.push_str(&format!("// ==== {stem}.rs ====\n"));
        }
        file.push_str(&formatted);
        files.push((stem.replacen(&revision, &module_base, 1), formatted));
    }
    let module = files.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join(",");
    // Snapshots live beside the cases: tests/corpus/snapshots/<case>__<backend>.snap.
    insta::with_settings!({ snapshot_path => "../corpus/snapshots", prepend_module_to_snapshot => false }, {
        // PostgreSQL 18 must write exactly what 15 writes: one snapshot for both.
        insta::assert_snapshot!(format!("{}__{}", case.name, b.as_str()), file);
    });

    let rows = shared_rows(&db, &live, &after, backend).await;
    Some(Prepared {
        case,
        backend,
        url,
        module,
        files,
        file,
        before: live,
        after,
        rows,
        _db: fresh,
    })
}

/// Applies `up`, checks, applies `down`, checks.
async fn round_trip(p: &Prepared, runner: &Path) {
    let b = p.backend.schema_backend();
    let context = format!("{} on {}", p.case.name, p.backend.name());
    run(runner, &p.module, "up", &p.url, &context);
    // A new connection each time: PostgreSQL refuses statements cached before a column's type changed.
    let db = connect(&p.url).await;
    let upgraded = read(&db, &p.after).await;
    let again = diff(&upgraded, &p.after, b);
    assert!(
        !again.has_differences(),
        "{context}: after `up`, a fresh diff is not empty: {again:#?}"
    );
    assert_eq!(
        shared_rows(&db, &p.before, &p.after, p.backend).await,
        p.rows,
        "{context}: rows after `up`"
    );
    drop(db);

    run(runner, &p.module, "down", &p.url, &context);
    let db = connect(&p.url).await;
    let restored = read(&db, &p.after).await;
    assert_eq!(
        restored.normalized(b),
        p.before.normalized(b),
        "{context}: after `down`, the schema is not `before` again"
    );
    assert_eq!(
        shared_rows(&db, &p.before, &p.after, p.backend).await,
        p.rows,
        "{context}: rows after `down`"
    );
}

/// The live schema, reading the PostgreSQL schemas `wanted` names.
async fn read(db: &DatabaseConnection, wanted: &Schema) -> Schema {
    let options = Options {
        schemas: wanted.schema_names(),
        ..Options::default()
    };
    introspect(db, &options).await.unwrap()
}

/// The rows of every table both schemas have, in the columns both have, as text, in a stable order.
async fn shared_rows(db: &DatabaseConnection, before: &Schema, after: &Schema, backend: Backend) -> Vec<TableRows> {
    let b = backend.schema_backend();
    let text = match backend {
        Backend::Mysql => "CHAR",
        _ => "TEXT",
    };
    let mut out = Vec::new();
    for (key, table) in &before.tables {
        let Some(other) = after.tables.get(key) else { continue };
        let columns: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| other.column(&c.name).is_some())
            .map(|c| c.name.as_str())
            .collect();
        if columns.is_empty() {
            continue;
        }
        let selected: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("CAST({} AS {text}) AS c{i}", quote_ident(b, c)))
            .collect();
        let order: Vec<String> = (1..=columns.len()).map(|i| i.to_string()).collect();
        let from = match &table.schema {
            Some(schema) => format!("{}.{}", quote_ident(b, schema), quote_ident(b, &table.name)),
            None => quote_ident(b, &table.name),
        };
        let sql = format!(
            "SELECT {} FROM {from} ORDER BY {}",
            selected.join(", "),
            order.join(", ")
        );
        let names: Vec<String> = (0..columns.len()).map(|i| format!("c{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        out.push((key.clone(), rows(db, &sql, &names).await));
    }
    out
}

fn run(runner: &Path, module: &str, direction: &str, url: &str, context: &str) {
    if let Err(e) = run_migration(runner, module, direction, url) {
        panic!("{context}: `{direction}` failed: {e}");
    }
}
