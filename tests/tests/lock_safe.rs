//! Lock-safe forms on real servers: a failed concurrent build or validation, or a killed one, leaves what the next
//! run finishes; a migration stopped by a held lock is tried again and, when the lock stays held, the session in the
//! way is named;
//! each risk label says what the server really does (PostgreSQL writes the table again or not; MariaDB refuses an
//! online change or not).

use sea_autogen_diff::{Change, Risk, diff, lock_safe};
use sea_autogen_migration::execute::{apply_plan, revert_plan};
use sea_autogen_schema::{Check, Column, ColumnType, ForeignKey, PrimaryKey, Schema, Table, TableName, Unique};
use sea_autogen_tests::{Backend, Project, Run, TestDb, connect, rows, schema};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use std::time::Duration;

fn pk() -> Option<PrimaryKey> {
    Some(PrimaryKey {
        name: None,
        columns: vec!["id".into()],
    })
}

/// `author` and `post`; `strict` adds to post a unique slug, a foreign key, a check and a NOT NULL title.
fn blog(strict: bool) -> Schema {
    let author = Table {
        columns: vec![Column::new("id", ColumnType::Integer)],
        primary_key: pk(),
        ..Table::new("author")
    };
    let mut post = Table {
        columns: vec![
            Column::new("id", ColumnType::Integer),
            Column::new("author_id", ColumnType::Integer),
            Column::new("slug", ColumnType::String(Some(40))),
            Column::new("title", ColumnType::Text).nullable(),
        ],
        primary_key: pk(),
        ..Table::new("post")
    };
    if strict {
        post.uniques = vec![Unique {
            name: Some("uq_post_slug".into()),
            columns: vec!["slug".into()],
        }];
        post.foreign_keys = vec![ForeignKey {
            name: Some("fk_post_author".into()),
            columns: vec!["author_id".into()],
            ref_table: "author".into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        }];
        post.checks = vec![Check {
            name: Some("ck_post_slug".into()),
            expr: "(length((slug)::text) > 0)".into(),
        }];
        post.columns[3].nullable = false;
    }
    Schema::from_tables([author, post])
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    rows(db, &format!("SELECT count(*)::text AS n FROM ({sql}) AS q"), &["n"]).await[0][0]
        .as_deref()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_online_change_runs_again_on_postgres() {
    failed_online_changes_run_again(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_online_change_runs_again_on_postgres18() {
    failed_online_changes_run_again(Backend::Postgres18).await;
}

/// Rows that break each new rule: the lock-safe migration stops at the first, and leaves what a rerun finishes
/// (an INVALID index dropped and built again, a NOT VALID key validated); once the rows are fixed, the same plan
/// runs to the end and its `down` runs too.
async fn failed_online_changes_run_again(backend: Backend) {
    let Some(server) = TestDb::create(backend).await else {
        return;
    };
    let b = backend.schema_backend();
    let db = connect(&server.url).await;
    apply_plan(&db, &diff(&Schema::new(), &blog(false), b)).await.unwrap();
    exec(&db, "INSERT INTO author (id) VALUES (1)").await;
    // Two rows share a slug; one names a missing author; one has an empty slug; one has no title.
    exec(
        &db,
        "INSERT INTO post (id, author_id, slug, title) VALUES (1, 1, 'a', 't'), (2, 1, 'a', 't'), (3, 9, 'b', 't'), \
         (4, 1, '', NULL)",
    )
    .await;
    let live = schema(&db).await;
    let plan = lock_safe(diff(&live, &blog(true), b));
    assert!(plan.changes.iter().all(Change::is_online), "{:#?}", plan.changes);
    assert!(
        plan.changes.iter().all(|c| !c.risks(b).contains(&Risk::LongLock)),
        "lock-safe forms hold no long lock"
    );

    // Each run stops at the first rule a row breaks, leaving what the next run finishes; the rows are fixed one
    // rule at a time, in whatever order the plan meets them.
    let invalid = "SELECT 1 FROM pg_index WHERE NOT indisvalid";
    let not_valid = "SELECT 1 FROM pg_constraint WHERE NOT convalidated";
    let mut stopped_at = Vec::new();
    while let Err(err) = apply_plan(&db, &plan).await {
        let err = err.to_string();
        assert!(stopped_at.len() < 4, "still failing after every row was fixed: {err}");
        if err.contains("uq_post_slug") {
            assert_eq!(
                count(&db, invalid).await,
                1,
                "the failed concurrent build left its INVALID index"
            );
            exec(&db, "UPDATE post SET slug = 'a2' WHERE id = 2").await;
            stopped_at.push("unique");
        } else if err.contains("fk_post_author") {
            assert!(count(&db, not_valid).await >= 1, "the key stays, NOT VALID");
            exec(&db, "UPDATE post SET author_id = 1 WHERE id = 3").await;
            stopped_at.push("foreign key");
        } else if err.contains("ck_post_slug") {
            exec(&db, "UPDATE post SET slug = 'c' WHERE id = 4").await;
            stopped_at.push("check");
        } else if err.contains("autogen_nn_post_title") {
            exec(&db, "UPDATE post SET title = '' WHERE id = 4").await;
            stopped_at.push("not null");
        } else {
            panic!("an unexpected failure: {err}");
        }
    }
    stopped_at.sort();
    assert_eq!(stopped_at, ["check", "foreign key", "not null", "unique"]);

    let done = schema(&db).await;
    let again = diff(&done, &blog(true), b);
    assert!(!again.has_differences(), "{again:#?}");
    assert_eq!(count(&db, invalid).await, 0);
    assert_eq!(count(&db, not_valid).await, 0);
    assert_eq!(
        count(&db, "SELECT 1 FROM pg_constraint WHERE conname LIKE 'autogen_nn_%'").await,
        0,
        "the helper check is gone"
    );
    // Running it all once more changes nothing.
    apply_plan(&db, &plan).await.unwrap();
    revert_plan(&db, &plan).await.unwrap();
    let back = diff(&schema(&db).await, &live, b);
    assert!(!back.has_differences(), "{back:#?}");
    assert_eq!(count(&db, "SELECT 1 FROM post").await, 4, "every row is still there");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_held_lock_is_waited_out_then_named_on_postgres() {
    let Some(blog) = Project::example("blog", Backend::Postgres).await else {
        return;
    };
    blog.scratch.write(
        "autogen.toml",
        &format!(
            "{}\nlock_timeout = \"300ms\"\nlock_retries = 3\n",
            std::fs::read_to_string(blog.scratch.path().join("autogen.toml")).unwrap_or_default()
        ),
    );
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.edit(
        "src/entity/post.rs",
        "#[sea_orm(column_type = \"String(StringLen::N(200))\")]\n    pub title: String,",
        "#[sea_orm(indexed, column_type = \"String(StringLen::N(200))\")]\n    pub title: String,",
    );
    let run = blog.autogen(&["revision", "-m", "index titles"]);
    run.expect_code(0).expect_stdout(", built concurrently");
    let written = blog.scratch.files("migration/src", "m2");
    let newest = blog.scratch.read(&format!("migration/src/{}", written.last().unwrap()));
    assert!(
        newest.contains("Some(false)") && newest.contains(".concurrently()"),
        "{newest}"
    );

    // A writer keeps a transaction open on post: the concurrent build waits for it, gives up after
    // lock_timeout, leaves an INVALID index, and is tried again (dropping it first) once the writer is gone.
    let writer = connect(&blog.db.url).await;
    let txn = writer.begin().await.unwrap();
    txn.execute_unprepared("LOCK TABLE post IN ROW EXCLUSIVE MODE")
        .await
        .unwrap();
    let upgrade = blog
        .scratch
        .spawn(&["upgrade", "head"], &[("DATABASE_URL", &blog.db.url)]);
    let observer = connect(&blog.db.url).await;
    let started = std::time::Instant::now();
    while count(&observer, "SELECT 1 FROM pg_index WHERE NOT indisvalid").await == 0 {
        assert!(started.elapsed() < Duration::from_secs(120), "the build never started");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    txn.commit().await.unwrap();
    let run = Run::wait(&["upgrade", "head"], upgrade);
    run.expect_code(0).expect_stderr("trying again");
    assert_eq!(count(&observer, "SELECT 1 FROM pg_index WHERE NOT indisvalid").await, 0);
    blog.autogen(&["check"]).expect_code(0);

    // A writer that never lets go: `downgrade` tries lock_retries more times, then names it.
    let txn = writer.begin().await.unwrap();
    txn.execute_unprepared("SET LOCAL application_name = 'autogen_test_writer'")
        .await
        .unwrap();
    txn.execute_unprepared("LOCK TABLE post IN ROW EXCLUSIVE MODE")
        .await
        .unwrap();
    let run = blog.autogen(&["downgrade", "-1"]);
    run.expect_code(1)
        .expect_stderr("trying again")
        .expect_stderr("autogen_test_writer")
        .expect_stderr("through 4 tries of lock_timeout = 300 ms")
        .expect_stderr("pg_terminate_backend");
    txn.commit().await.unwrap();
    blog.autogen(&["downgrade", "-1"]).expect_code(0);

    // The session building the index is killed halfway: the INVALID index it leaves does not stop the next run.
    blog.scratch.write("autogen.toml", "lock_timeout = \"60s\"\n");
    let txn = writer.begin().await.unwrap();
    txn.execute_unprepared("LOCK TABLE post IN ROW EXCLUSIVE MODE")
        .await
        .unwrap();
    let upgrade = blog
        .scratch
        .spawn(&["upgrade", "head"], &[("DATABASE_URL", &blog.db.url)]);
    let started = std::time::Instant::now();
    while count(&observer, "SELECT 1 FROM pg_index WHERE NOT indisvalid").await == 0 {
        assert!(started.elapsed() < Duration::from_secs(120), "the build never started");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let killed = rows(
        &observer,
        "SELECT pg_terminate_backend(pid)::text AS done FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX \
         CONCURRENTLY%'",
        &["done"],
    )
    .await;
    assert_eq!(killed, [[Some("true".to_owned())]]);
    Run::wait(&["upgrade", "head"], upgrade).expect_code(1);
    txn.commit().await.unwrap();
    assert_eq!(count(&observer, "SELECT 1 FROM pg_index WHERE NOT indisvalid").await, 1);
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    assert_eq!(count(&observer, "SELECT 1 FROM pg_index WHERE NOT indisvalid").await, 0);
    blog.autogen(&["check"]).expect_code(0);
}

/// Each label of a type change against what the server does with a table that holds rows: on PostgreSQL,
/// `long_lock` exactly when the table's file changes (it was written again under an exclusive lock).
#[tokio::test(flavor = "multi_thread")]
async fn type_change_labels_match_postgres() {
    for backend in [Backend::Postgres, Backend::Postgres18] {
        let Some(server) = TestDb::create(backend).await else {
            return;
        };
        let db = connect(&server.url).await;
        for (from, to) in type_changes() {
            let table = Table {
                columns: vec![Column::new("id", ColumnType::Integer), Column::new("c", from.clone())],
                primary_key: pk(),
                ..Table::new("t")
            };
            apply_plan(
                &db,
                &diff(
                    &Schema::new(),
                    &Schema::from_tables([table.clone()]),
                    sea_autogen_schema::Backend::Postgres,
                ),
            )
            .await
            .unwrap();
            exec(&db, "INSERT INTO t (id, c) VALUES (1, '1'), (2, '2')").await;
            let file = || rows(&db, "SELECT pg_relation_filenode('t')::text AS f", &["f"]);
            let before = file().await;
            let mut wanted = table.clone();
            wanted.columns[1].ty = to.clone();
            let plan = diff(
                &schema(&db).await,
                &Schema::from_tables([wanted]),
                sea_autogen_schema::Backend::Postgres,
            );
            assert_eq!(plan.changes.len(), 1, "{from:?} -> {to:?}: {:#?}", plan.changes);
            apply_plan(&db, &plan).await.unwrap();
            let rewritten = file().await != before;
            let long_lock = plan.changes[0]
                .risks(sea_autogen_schema::Backend::Postgres)
                .contains(&Risk::LongLock);
            assert_eq!(
                long_lock,
                rewritten,
                "{} {from:?} -> {to:?}: labelled long_lock {long_lock}, table rewritten {rewritten}",
                backend.name()
            );
            exec(&db, "DROP TABLE t").await;
        }
    }
}

fn type_changes() -> Vec<(ColumnType, ColumnType)> {
    use ColumnType::*;
    vec![
        (String(Some(50)), String(Some(80))),
        (String(Some(50)), String(None)),
        (String(Some(50)), Text),
        (Decimal(Some((10, 2))), Decimal(Some((12, 2)))),
        (Decimal(Some((10, 2))), Decimal(Some((12, 3)))),
        (Integer, BigInteger),
        (SmallInteger, Integer),
        (Float, Double),
        (String(Some(80)), String(Some(50))),
        (Text, String(Some(50))),
    ]
}

/// On MariaDB, `long_lock` exactly when the server refuses to make the change online (`ALGORITHM=INPLACE,
/// LOCK=NONE`, which lets writes go on): a varchar whose length prefix grows past 255 bytes, a wider integer; not a
/// varchar that stays on its side of 255 bytes, nor values appended to an `ENUM`.
#[tokio::test(flavor = "multi_thread")]
async fn type_change_labels_match_mariadb() {
    let Some(server) = TestDb::create(Backend::Mysql).await else {
        return;
    };
    let db = connect(&server.url).await;
    let mood = |values: &[&str]| ColumnType::Enum {
        name: "mood".into(),
        variants: values.iter().map(|v| v.to_string()).collect(),
    };
    use ColumnType::*;
    let cases = [
        (String(Some(50)), String(Some(60))),
        (String(Some(50)), String(Some(80))),
        (String(Some(100)), String(Some(200))),
        (Integer, BigInteger),
        (mood(&["a", "b"]), mood(&["a", "b", "c"])),
        (mood(&["a", "b"]), mood(&["b", "a"])),
    ];
    let mysql = sea_autogen_schema::Backend::Mysql;
    for (from, to) in cases {
        let column = |ty: &ColumnType| ty.render(mysql);
        exec(
            &db,
            &format!(
                "CREATE TABLE t (id int PRIMARY KEY, c {} NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                column(&from)
            ),
        )
        .await;
        let values = if matches!(from, Integer) {
            "(1, 1), (2, 2)"
        } else {
            "(1, 'a'), (2, 'b')"
        };
        exec(&db, &format!("INSERT INTO t (id, c) VALUES {values}")).await;
        let online = db
            .execute_unprepared(&format!(
                "ALTER TABLE t MODIFY c {} NOT NULL, ALGORITHM=INPLACE, LOCK=NONE",
                column(&to)
            ))
            .await;
        let change = Change::AlterColumn {
            table: TableName::new("t"),
            from: Column::new("c", from.clone()),
            to: Column::new("c", to.clone()),
        };
        let long_lock = change.risks(mysql).contains(&Risk::LongLock);
        assert_eq!(
            long_lock,
            online.is_err(),
            "{from:?} -> {to:?}: labelled long_lock {long_lock}, server: {online:?}"
        );
        let data_loss = change.risks(mysql).contains(&Risk::DataLoss);
        assert!(!data_loss, "{from:?} -> {to:?} keeps every value");
        exec(&db, "DROP TABLE t").await;
    }
}

/// `item` (1,000 rows) and `author`, and what each kind of change makes of `item`.
fn item_kinds() -> (Table, Table, Vec<(&'static str, Table)>) {
    let author = Table {
        columns: vec![Column::new("id", ColumnType::Integer)],
        primary_key: pk(),
        ..Table::new("author")
    };
    let item = Table {
        columns: vec![
            Column::new("id", ColumnType::Integer),
            Column::new("author_id", ColumnType::Integer),
            Column::new("code", ColumnType::String(Some(40))),
            Column::new("title", ColumnType::String(Some(50))).nullable(),
            Column::new("qty", ColumnType::Integer),
        ],
        primary_key: pk(),
        ..Table::new("item")
    };
    let with = |f: &dyn Fn(&mut Table)| {
        let mut t = item.clone();
        f(&mut t);
        t
    };
    let kinds = vec![
        (
            "add index",
            with(&|t| t.indexes = vec![sea_autogen_schema::Index::new("idx_item_code", ["code"])]),
        ),
        (
            "add unique",
            with(&|t| {
                t.uniques = vec![Unique {
                    name: Some("uq_item_code".into()),
                    columns: vec!["code".into()],
                }]
            }),
        ),
        (
            "add foreign key",
            with(&|t| {
                t.foreign_keys = vec![ForeignKey {
                    name: Some("fk_item_author".into()),
                    columns: vec!["author_id".into()],
                    ref_table: "author".into(),
                    ref_columns: vec!["id".into()],
                    ..ForeignKey::default()
                }]
            }),
        ),
        (
            "add check",
            with(&|t| {
                t.checks = vec![Check {
                    name: Some("ck_item_qty".into()),
                    expr: "(qty >= 0)".into(),
                }]
            }),
        ),
        ("set NOT NULL", with(&|t| t.columns[3].nullable = false)),
        (
            "widen varchar",
            with(&|t| t.columns[3].ty = ColumnType::String(Some(80))),
        ),
        (
            "add a column with a default",
            with(&|t| {
                t.columns
                    .push(Column::new("status", ColumnType::String(Some(16))).default_sql("'new'::character varying"))
            }),
        ),
        ("int to bigint", with(&|t| t.columns[4].ty = ColumnType::BigInteger)),
        ("drop index", with(&|t| t.indexes = vec![])),
    ];
    (author, item, kinds)
}

/// Each change kind's `long_lock` against what PostgreSQL does, plain and lock-safe: a change holds a long lock
/// exactly when one of its statements holds a lock on the table that writers wait for (read from `pg_locks` in
/// the statement's transaction) while it reads the table's rows or writes it again (`pg_stat_xact_user_tables`,
/// `pg_relation_filenode`). Concurrent index builds and drops run outside a transaction; the lock they take lets
/// writes go on (`a_held_lock_is_waited_out_then_named_on_postgres` builds one while a writer holds its lock).
#[tokio::test(flavor = "multi_thread")]
async fn change_labels_match_postgres_locks() {
    use sea_autogen_migration::execute::{Step, run_step, steps};
    let pg = sea_autogen_schema::Backend::Postgres;
    for backend in [Backend::Postgres, Backend::Postgres18] {
        let Some(server) = TestDb::create(backend).await else {
            return;
        };
        let db = connect(&server.url).await;
        let (author, item, kinds) = item_kinds();
        let mut indexed = item.clone();
        indexed.indexes = vec![sea_autogen_schema::Index::new("idx_item_code", ["code"])];
        for (kind, wanted) in kinds {
            // `drop index` starts from the indexed table.
            let start = if kind == "drop index" { &indexed } else { &item };
            let base = Schema::from_tables([author.clone(), start.clone()]);
            apply_plan(&db, &diff(&Schema::new(), &base, pg)).await.unwrap();
            exec(&db, "INSERT INTO author (id) SELECT g FROM generate_series(1, 10) g").await;
            exec(
                &db,
                "INSERT INTO item (id, author_id, code, title, qty) SELECT g, g % 10 + 1, 'c' || g, 't' || g, g \
                 FROM generate_series(1, 1000) g",
            )
            .await;
            let live = schema(&db).await;
            let plain = diff(&live, &Schema::from_tables([author.clone(), wanted.clone()]), pg);
            assert_eq!(plain.changes.len(), 1, "{kind}: {:#?}", plain.changes);
            for (form, plan) in [("plain", plain.clone()), ("lock-safe", lock_safe(plain.clone()))] {
                let change = &plan.changes[0];
                let mut blocks_while_reading = false;
                for step in steps(change, pg) {
                    let sql = match &step {
                        Step::CreateIndex(s) => sea_orm::DbBackend::Postgres.build(s).sql,
                        Step::DropIndex(s) => sea_orm::DbBackend::Postgres.build(s).sql,
                        _ => String::new(),
                    };
                    if sql.contains("CONCURRENTLY") || matches!(step, Step::DropIfInvalid { .. }) {
                        run_step(&db, &step).await.unwrap();
                        continue;
                    }
                    let txn = db.begin().await.unwrap();
                    let probe = "SELECT (SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM \
                                 pg_stat_xact_user_tables WHERE relname = 'item')::text AS n, \
                                 pg_relation_filenode('item')::text AS f";
                    let before = rows(&txn, probe, &["n", "f"]).await;
                    run_step(&txn, &step)
                        .await
                        .unwrap_or_else(|e| panic!("{kind} {form}: {e}"));
                    let after = rows(&txn, probe, &["n", "f"]).await;
                    let modes = rows(
                        &txn,
                        "SELECT mode FROM pg_locks WHERE relation = 'item'::regclass AND pid = pg_backend_pid()",
                        &["mode"],
                    )
                    .await;
                    txn.commit().await.unwrap();
                    let writers_wait = modes.iter().flatten().flatten().any(|m| {
                        matches!(
                            m.as_str(),
                            "ShareLock" | "ShareRowExclusiveLock" | "ExclusiveLock" | "AccessExclusiveLock"
                        )
                    });
                    let reads = before[0][0] != after[0][0] || before[0][1] != after[0][1];
                    blocks_while_reading |= writers_wait && reads;
                }
                let labelled = change.risks(pg).contains(&Risk::LongLock);
                assert_eq!(
                    labelled,
                    blocks_while_reading,
                    "{} {kind} ({form}): labelled long_lock {labelled}, writers wait while it reads \
                     {blocks_while_reading}",
                    backend.name()
                );
                revert_plan(&db, &plan).await.unwrap();
            }
            exec(&db, "DROP TABLE item").await;
            exec(&db, "DROP TABLE author").await;
        }
    }
}

/// Each change kind's `long_lock` against what MariaDB does: no `long_lock` exactly when the server accepts to make
/// the change with writes going on (its statements with `ALGORITHM=INPLACE, LOCK=NONE`, or the lock-safe form's
/// own `ALGORITHM` clause); refused means it can only copy the table while writes wait.
#[tokio::test(flavor = "multi_thread")]
async fn change_labels_match_mariadb() {
    use sea_autogen_migration::execute::{Step, steps};
    let Some(server) = TestDb::create(Backend::Mysql).await else {
        return;
    };
    let my = sea_autogen_schema::Backend::Mysql;
    let db = connect(&server.url).await;
    let (author, item, kinds) = item_kinds();
    let mut indexed = item.clone();
    indexed.indexes = vec![sea_autogen_schema::Index::new("idx_item_code", ["code"])];
    for (kind, wanted) in kinds {
        let start = if kind == "drop index" { &indexed } else { &item };
        let base = Schema::from_tables([author.clone(), start.clone()]);
        apply_plan(&db, &diff(&Schema::new(), &base, my)).await.unwrap();
        exec(&db, "INSERT INTO author (id) SELECT seq FROM seq_1_to_10").await;
        exec(
            &db,
            "INSERT INTO item (id, author_id, code, title, qty) SELECT seq, seq % 10 + 1, CONCAT('c', seq), \
             CONCAT('t', seq), seq FROM seq_1_to_1000",
        )
        .await;
        let live = schema(&db).await;
        let wanted = if kind == "add a column with a default" {
            let mut w = wanted.clone();
            w.columns[5].default = Some("'new'".into());
            w
        } else {
            wanted
        };
        let plain = diff(&live, &Schema::from_tables([author.clone(), wanted]), my);
        assert_eq!(plain.changes.len(), 1, "{kind}: {:#?}", plain.changes);
        let safe = lock_safe(plain.clone());
        // The statements, each saying how the server must make it.
        let mut statements = Vec::new();
        for step in steps(&safe.changes[0], my) {
            let sql = match &step {
                Step::Raw(sql) => sql.clone(),
                Step::AlterTable(s) => sea_orm::DbBackend::MySql.build(s).sql,
                Step::CreateForeignKey(s) => sea_orm::DbBackend::MySql.build(s).sql,
                other => panic!("{kind}: a statement this test does not know: {other:?}"),
            };
            let sql = if sql.contains("ALGORITHM=") {
                sql
            } else {
                format!("{sql}, ALGORITHM=INPLACE, LOCK=NONE")
            };
            statements.push(sql);
        }
        let mut refused = None;
        for sql in &statements {
            if let Err(e) = db.execute_unprepared(sql).await {
                refused = Some(format!("{sql}: {e}"));
                break;
            }
        }
        eprintln!("{kind}: {}", refused.as_deref().unwrap_or("made online"));
        for (form, plan) in [("plain", &plain), ("lock-safe", &safe)] {
            let long_lock = plan.changes[0].risks(my).contains(&Risk::LongLock);
            assert_eq!(
                long_lock,
                refused.is_some(),
                "{kind} ({form}): labelled long_lock {long_lock}; the server refused to make it online: {refused:?}"
            );
        }
        exec(&db, "DROP TABLE item").await;
        exec(&db, "DROP TABLE author").await;
    }
}
