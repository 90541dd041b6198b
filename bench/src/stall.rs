//! The writer-stall benchmark (`autogen-bench stall`): a table of N rows, one session inserting into it back to
//! back, and for each kind of change the longest wait of an insert while the change's migration runs, in its plain
//! form and in its lock-safe form. The migration runs through the in-process executor, which runs the statements
//! of the lowering the generated files print, in the same parts (a transaction each, or none for the lock-safe
//! part).

use anyhow::{Context, Result};
use sea_autogen_diff::{Plan, diff, lock_safe};
use sea_autogen_migration::execute::{apply_plan, revert_plan};
use sea_autogen_schema::{Backend, Check, Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, Unique};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The rows `author` holds: every `item.author_id` names one of them.
const AUTHORS: u64 = 1000;

fn pk() -> Option<PrimaryKey> {
    Some(PrimaryKey {
        name: None,
        columns: vec!["id".into()],
    })
}

fn author() -> Table {
    Table {
        columns: vec![Column::new("id", ColumnType::Integer)],
        primary_key: pk(),
        ..Table::new("author")
    }
}

fn item() -> Table {
    Table {
        columns: vec![
            Column::new("id", ColumnType::BigInteger).auto_increment(),
            Column::new("author_id", ColumnType::Integer),
            Column::new("code", ColumnType::String(Some(40))),
            Column::new("title", ColumnType::String(Some(50))).nullable(),
            Column::new("qty", ColumnType::Integer),
        ],
        primary_key: pk(),
        ..Table::new("item")
    }
}

/// Each change kind: its name and what `item` becomes.
fn kinds() -> Vec<(&'static str, Table)> {
    let with = |f: &dyn Fn(&mut Table)| {
        let mut t = item();
        f(&mut t);
        t
    };
    vec![
        (
            "add index",
            with(&|t| t.indexes = vec![Index::new("idx_item_code", ["code"])]),
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
                    expr: "qty >= 0".into(),
                }]
            }),
        ),
        ("set NOT NULL", with(&|t| t.columns[3].nullable = false)),
        (
            "widen varchar(50) to (60)",
            with(&|t| t.columns[3].ty = ColumnType::String(Some(60))),
        ),
        (
            "widen varchar(50) to (200)",
            with(&|t| t.columns[3].ty = ColumnType::String(Some(200))),
        ),
        (
            "add a column with a default",
            with(&|t| {
                t.columns
                    .push(Column::new("status", ColumnType::String(Some(16))).default_sql("'new'"))
            }),
        ),
        (
            "change a type (int to bigint)",
            with(&|t| t.columns[4].ty = ColumnType::BigInteger),
        ),
    ]
}

async fn connect(url: &str) -> Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options)
        .await
        .with_context(|| format!("connecting to {url}"))
}

/// Runs the benchmark on the database at `url` (emptied first) with `rows` rows; prints one JSON line a
/// measurement.
pub async fn run(url: &str, rows: u64, server: &str) -> Result<()> {
    let db = connect(url).await?;
    let backend = sea_autogen_introspect::backend_of(&db)?;
    for table in ["item", "author"] {
        db.execute_unprepared(&format!("DROP TABLE IF EXISTS {table}")).await?;
    }
    apply_plan(
        &db,
        &diff(&Schema::new(), &Schema::from_tables([author(), item()]), backend),
    )
    .await?;
    let series = match backend {
        Backend::Postgres => format!("generate_series(1, {rows}) AS s(seq)"),
        _ => format!("seq_1_to_{rows}"),
    };
    let authors = match backend {
        Backend::Postgres => format!("generate_series(1, {AUTHORS}) AS s(seq)"),
        _ => format!("seq_1_to_{AUTHORS}"),
    };
    let started = Instant::now();
    db.execute_unprepared(&format!("INSERT INTO author (id) SELECT seq FROM {authors}"))
        .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO item (author_id, code, title, qty) SELECT seq % {AUTHORS} + 1, CONCAT('c', seq), \
         CONCAT('t', seq), seq % 100 FROM {series}"
    ))
    .await?;
    if backend == Backend::Postgres {
        db.execute_unprepared("VACUUM ANALYZE item").await?;
    }
    eprintln!(
        "{server}: {rows} rows loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let baseline = stall_during(url, rows, async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        Ok::<(), anyhow::Error>(())
    })
    .await?;
    print_line(
        server,
        rows,
        "(no migration: insert latency alone)",
        "-",
        &baseline,
        None,
    );

    let live = sea_autogen_introspect::introspect(&db, &Default::default()).await?;
    for (kind, wanted) in kinds() {
        let want = Schema::from_tables([author(), wanted]);
        let plain = diff(&live, &want, backend);
        let safe = lock_safe(plain.clone());
        for (form, plan) in [("plain", &plain), ("lock-safe", &safe)] {
            let migration = stall_during(url, rows, apply_plan(&db, plan)).await;
            let migration = match migration {
                Ok(m) => m,
                Err(err) => {
                    eprintln!("{server} {rows} {kind} {form}: {err:#}");
                    continue;
                }
            };
            print_line(server, rows, kind, form, &migration, Some(plan));
            revert_plan(&db, plan)
                .await
                .with_context(|| format!("reverting {kind} ({form})"))?;
            // The writer's rows go too, so that each change meets the same table.
            db.execute_unprepared(&format!("DELETE FROM item WHERE id > {rows}"))
                .await?;
        }
    }
    Ok(())
}

/// What one run saw: how long the work took, how many inserts ran meanwhile, and the longest one.
struct Stall {
    work: Duration,
    inserts: u64,
    longest: Duration,
}

/// Runs `work` while a second session inserts into `item` back to back; the longest insert is the stall writers
/// saw.
async fn stall_during(
    url: &str,
    rows: u64,
    work: impl std::future::Future<Output = Result<(), impl Into<anyhow::Error>>>,
) -> Result<Stall> {
    let writer = connect(url).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let running = stop.clone();
    let inserting = tokio::spawn(async move {
        let mut n = 0u64;
        let mut longest = Duration::ZERO;
        while !running.load(Ordering::Relaxed) {
            n += 1;
            let sql = format!(
                "INSERT INTO item (author_id, code, title, qty) VALUES ({}, 'w{rows}_{n}_{}', 'w', 1)",
                n % AUTHORS + 1,
                std::process::id()
            );
            let at = Instant::now();
            writer.execute_unprepared(&sql).await?;
            longest = longest.max(at.elapsed());
        }
        Ok::<_, sea_orm::DbErr>((n, longest))
    });
    // The writer runs a moment before the work starts.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let done = work.await.map_err(Into::into);
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (inserts, longest) = inserting.await??;
    done?;
    Ok(Stall {
        work: took,
        inserts,
        longest,
    })
}

fn print_line(server: &str, rows: u64, kind: &str, form: &str, stall: &Stall, plan: Option<&Plan>) {
    let statements: Vec<String> = plan
        .map(|p| p.changes.iter().map(|c| c.headline(p.backend)).collect())
        .unwrap_or_default();
    println!(
        "{}",
        json!({
            "bench": "stall",
            "server": server,
            "rows": rows,
            "change": kind,
            "form": form,
            "migration_s": stall.work.as_secs_f64(),
            "inserts": stall.inserts,
            "longest_insert_s": stall.longest.as_secs_f64(),
            "changes": statements,
        })
    );
}
