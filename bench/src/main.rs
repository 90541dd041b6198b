//! `autogen-bench`: builds the synthetic schema, writes its entity crate, and times sea-autogen beside its peers.
//! `bench/run.sh` (`just bench`) strings the subcommands together; each timing prints one JSON line.

mod stall;
mod synthetic;

use anyhow::{Context, Result, bail, ensure};
use clap::{Parser, Subcommand};
use sea_autogen_introspect::{Options, backend_of, introspect};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(name = "autogen-bench", about = "The sea-autogen scale benchmark")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the synthetic schema of N tables in an empty database
    Load {
        #[arg(long)]
        url: String,
        #[arg(long)]
        tables: usize,
    },
    /// Write an entity crate for N tables and a migration crate whose binary runs sea-autogen
    Entities {
        #[arg(long)]
        tables: usize,
        #[arg(long)]
        out: PathBuf,
        /// This repository's crates/ directory, for the path dependencies
        #[arg(long)]
        crates: PathBuf,
    },
    /// Time introspection plus diff against the synthetic schema, in-process (no entities compiled)
    Introspect {
        #[arg(long)]
        url: String,
        #[arg(long)]
        tables: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Time a command (which must exit 0) over several runs
    Time {
        #[arg(long)]
        tool: String,
        #[arg(long)]
        backend: String,
        #[arg(long)]
        tables: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
    /// Turn the JSON lines of a run into the markdown table of docs/benchmarks.md
    Report { results: PathBuf },
    /// The longest insert of a writer while each kind of change runs on a table of N rows, plain and lock-safe
    Stall {
        /// A database of its own: its `item` and `author` tables are dropped and made again
        #[arg(long)]
        url: String,
        #[arg(long)]
        rows: u64,
        /// How the server is named in the results (`PostgreSQL 15`, ...)
        #[arg(long)]
        server: String,
    },
}

#[tokio::main]
async fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Load { url, tables } => load(&url, tables).await,
        Command::Entities { tables, out, crates } => write_entities(tables, &out, &crates),
        Command::Introspect { url, tables, runs } => time_introspect(&url, tables, runs).await,
        Command::Time {
            tool,
            backend,
            tables,
            runs,
            command,
        } => time_command(&tool, &backend, tables, runs, &command),
        Command::Report { results } => report(&results),
        Command::Stall { url, rows, server } => stall::run(&url, rows, &server).await,
    }
}

async fn connect(url: &str) -> Result<DatabaseConnection> {
    Database::connect(url)
        .await
        .with_context(|| format!("connecting to {url}"))
}

async fn load(url: &str, tables: usize) -> Result<()> {
    let db = connect(url).await?;
    let schema = synthetic::schema(tables);
    let changes: Vec<_> = (0..tables)
        .map(|i| sea_autogen_diff::Change::CreateTable(schema.tables[&synthetic::table_name(i)].clone()))
        .collect();
    let start = Instant::now();
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // One transaction: SQLite would otherwise sync the file after each of thousands of statements.
        db.execute_unprepared("BEGIN").await?;
        sea_autogen_migration::execute::apply(&db, &changes).await?;
        db.execute_unprepared("COMMIT").await?;
    } else {
        sea_autogen_migration::execute::apply(&db, &changes).await?;
    }
    eprintln!("loaded {tables} tables in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

fn write_entities(tables: usize, out: &Path, crates: &Path) -> Result<()> {
    let crates = crates
        .canonicalize()
        .with_context(|| format!("{} does not exist", crates.display()))?;
    let entity_dir = out.join("src/entity");
    std::fs::create_dir_all(&entity_dir)?;
    std::fs::create_dir_all(out.join("migration/src"))?;
    let sea_orm = concat!(
        r#"sea-orm = { version = "2.0.4", default-features = false, "#,
        r#"features = ["macros", "with-json", "with-chrono", "with-rust_decimal", "with-uuid", "with-time", "#,
        r#""with-ipnetwork", "postgres-array", "runtime-tokio", "sqlx-sqlite", "sqlx-postgres", "sqlx-mysql"] }"#,
    );
    write(
        &out.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"bench-entities-{tables}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             publish = false\n\n\
             [dependencies]\nsea-autogen = {{ path = \"{}\" }}\n{sea_orm}\n\n\
             [workspace]\nmembers = [\"migration\"]\n\n\
             [profile.release]\ndebug = false\nincremental = false\n",
            crates.join("sea-autogen").display()
        ),
    )?;
    // Names carry N: crates of different sizes must not share artifacts in the shared target directory.
    let mut modules = String::from("//! The synthetic benchmark schema as SeaORM entities.\n\n");
    for i in 0..tables {
        let name = synthetic::table_name(i);
        modules.push_str(&format!("pub mod {name};\n"));
        write(&entity_dir.join(format!("{name}.rs")), &synthetic::entity_module(i))?;
    }
    write(&entity_dir.join("mod.rs"), &modules)?;
    write(&out.join("src/lib.rs"), "//! Benchmark entities.\n\npub mod entity;\n")?;
    write(
        &out.join("migration/Cargo.toml"),
        &format!(
            "[package]\nname = \"bench-migration-{tables}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             publish = false\n\n\
             [lib]\nname = \"migration\"\npath = \"src/lib.rs\"\n\n\
             [dependencies]\nbench-entities-{tables} = {{ path = \"..\" }}\n\
             sea-autogen-migration = {{ path = \"{}\" }}\n\
             sea-orm-migration = {{ version = \"2.0.4\", default-features = false, \
             features = [\"runtime-tokio\", \"sqlx-sqlite\", \"sqlx-postgres\", \"sqlx-mysql\"] }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            crates.join("sea-autogen-migration").display()
        ),
    )?;
    write(
        &out.join("migration/src/lib.rs"),
        "//! No migrations: the benchmark loads the schema itself.\n\npub use sea_orm_migration::prelude::*;\n\n\
         pub struct Migrator;\n\n#[async_trait::async_trait]\nimpl MigratorTrait for Migrator {\n    \
         fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        vec![]\n    }\n}\n",
    )?;
    write(
        &out.join("migration/src/main.rs"),
        &format!(
            "//! sea-autogen's runner for the benchmark entities.\n\n\
             use bench_entities_{tables} as _;\n\n#[tokio::main]\n\
             async fn main() -> std::process::ExitCode {{\n    \
             let config = sea_autogen_migration::Config::new(env!(\"CARGO_MANIFEST_DIR\"))\
             .entities(\"bench_entities_{tables}\");\n    \
             sea_autogen_migration::cli::run::<migration::Migrator>(config).await\n}}\n"
        ),
    )?;
    eprintln!("wrote {tables} entities to {}", out.display());
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

struct Timings(Vec<Duration>);

impl Timings {
    fn json(mut self, tool: &str, backend: &str, tables: usize) -> serde_json::Value {
        self.0.sort();
        let secs = |d: Duration| (d.as_secs_f64() * 1000.0).round() / 1000.0;
        json!({
            "tool": tool,
            "backend": backend,
            "tables": tables,
            "runs": self.0.len(),
            "median_s": secs(self.0[self.0.len() / 2]),
            "min_s": secs(self.0[0]),
            "max_s": secs(self.0[self.0.len() - 1]),
        })
    }
}

async fn time_introspect(url: &str, tables: usize, runs: usize) -> Result<()> {
    ensure!(runs > 0, "--runs must be at least 1");
    let db = connect(url).await?;
    let backend = backend_of(&db)?;
    let desired = synthetic::schema(tables);
    let options = Options::ignoring(["seaql_migrations", "autogen_migrations"]);
    let mut timings = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let live = introspect(&db, &options).await?;
        let plan = sea_autogen_diff::diff(&live, &desired, backend);
        timings.push(start.elapsed());
        if plan.has_differences() {
            bail!(
                "the database differs from the synthetic schema; refusing to time a check that finds changes:\n{plan:?}"
            );
        }
    }
    println!(
        "{}",
        Timings(timings).json("sea-autogen introspect+diff (in-process)", backend.as_str(), tables)
    );
    Ok(())
}

fn time_command(tool: &str, backend: &str, tables: usize, runs: usize, command: &[String]) -> Result<()> {
    ensure!(runs > 0, "--runs must be at least 1");
    let mut timings = Vec::new();
    // One untimed run first: it warms the caches every later run finds warm, and proves the command succeeds.
    for run in 0..=runs {
        let start = Instant::now();
        let output = std::process::Command::new(&command[0])
            .args(&command[1..])
            .output()
            .with_context(|| format!("running {}", command[0]))?;
        if run > 0 {
            timings.push(start.elapsed());
        }
        if !output.status.success() {
            bail!(
                "{} exited with {}; refusing to time a failing check:\n{}{}",
                command.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    println!("{}", Timings(timings).json(tool, backend, tables));
    Ok(())
}

/// Reads JSON lines (ours and the Python peers') and prints one markdown row per (backend, tables).
fn report(results: &Path) -> Result<()> {
    let text = std::fs::read_to_string(results).with_context(|| format!("reading {}", results.display()))?;
    let mut rows: std::collections::BTreeMap<(String, u64), std::collections::BTreeMap<String, f64>> =
        std::collections::BTreeMap::new();
    for line in text.lines().filter(|l| l.trim_start().starts_with('{')) {
        let v: serde_json::Value = serde_json::from_str(line).with_context(|| format!("not JSON: {line}"))?;
        let backend = v["backend"]
            .as_str()
            .or(v["url_backend"].as_str())
            .unwrap_or("?")
            .replace("postgresql", "postgres");
        let tables = v["tables"].as_u64().unwrap_or(0);
        let tool = v["tool"].as_str().unwrap_or("?").to_owned();
        let median = v["median_s"].as_f64().unwrap_or(f64::NAN);
        rows.entry((backend, tables)).or_default().insert(tool, median);
    }
    let get = |m: &std::collections::BTreeMap<String, f64>, prefix: &str| {
        m.iter().find(|(k, _)| k.starts_with(prefix)).map(|(_, v)| *v)
    };
    let cell = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{v:.3}"));
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if a > 0.0 => format!("{:.1}x", b / a),
        _ => "—".to_owned(),
    };
    println!(
        "| backend | tables | sea-autogen check (binary) | check --shadow (binary) | cargo autogen check \
         | introspect+diff | alembic check | schema dump | alembic ÷ check | dump ÷ check |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for ((backend, tables), m) in &rows {
        let check = get(m, "sea-autogen check");
        let alembic = get(m, "alembic check");
        let dump = get(m, "pg_dump").or(get(m, "mysqldump")).or(get(m, "sqlite3 .schema"));
        println!(
            "| {backend} | {tables} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(check),
            cell(get(m, "check --shadow")),
            cell(get(m, "cargo autogen check")),
            cell(get(m, "sea-autogen introspect")),
            cell(alembic),
            cell(dump),
            ratio(check, alembic),
            ratio(check, dump),
        );
    }
    Ok(())
}
