//! Support for the end-to-end tests: scratch copies of example projects, the real `cargo-autogen` binary, and
//! looking at the database directly.

pub mod mermaid;
pub mod round_trip;

use sea_autogen_introspect::{Options, introspect};
use sea_autogen_schema::Schema;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_owned()
}

/// The target directory shared by this test run and every cargo build the tests start, so dependencies compile
/// once.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// Builds the `cargo-autogen` binary once per test process and returns its path.
pub fn cargo_autogen() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let status = Command::new(cargo())
            .args(["build", "--quiet", "-p", "cargo-autogen", "--manifest-path"])
            .arg(workspace_root().join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir())
            .status()
            .expect("running cargo build");
        assert!(status.success(), "building cargo-autogen failed");
        target_dir()
            .join("debug")
            .join(format!("cargo-autogen{}", std::env::consts::EXE_SUFFIX))
    })
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The SeaORM dependency of the fixtures and examples: one set of features, so SeaORM builds once for all of them
/// in the shared target directory.
pub const SEA_ORM: &str = concat!(
    r#"sea-orm = { version = "2.0.4", default-features = false, "#,
    r#"features = ["macros", "with-json", "with-chrono", "with-rust_decimal", "with-uuid", "with-time", "#,
    r#""with-ipnetwork", "postgres-array", "runtime-tokio", "sqlx-sqlite", "sqlx-postgres", "sqlx-mysql"] }"#,
);

/// A copy of an example project in a temporary directory, made into a workspace of its own whose path
/// dependencies point back at this repository's crates.
///
/// Scratch copies of one example build packages with the same names, hashes and binary paths in the shared target
/// directory, so only one may exist at a time: each holds an exclusive lock for its lifetime, across test
/// threads and processes.
pub struct Scratch {
    dir: tempfile::TempDir,
    _lock: std::fs::File,
}

impl Scratch {
    /// Copies `examples/<name>` (sources and manifests only) and this repository's `Cargo.lock`.
    pub fn example(name: &str) -> Scratch {
        Scratch::copy(name, &workspace_root().join("examples").join(name))
    }

    /// Copies `tests/fixtures/<name>`, like [`Scratch::example`].
    pub fn fixture(name: &str) -> Scratch {
        Scratch::copy(name, &workspace_root().join("tests/fixtures").join(name))
    }

    /// A new application outside this repository's workspace, as a user starts adoption: a package
    /// `autogen-app-<name>` whose `src/lib.rs` declares `pub mod entity;` (for `cargo autogen entities --output
    /// src/entity` to fill) and depends on `sea-autogen` and SeaORM with the fixtures' features; its workspace
    /// lists `migration`, which `cargo autogen init` scaffolds.
    pub fn app(name: &str) -> Scratch {
        let lock = Scratch::lock(&format!("app-{name}"));
        let dir = tempfile::Builder::new()
            .prefix(&format!("autogen-app-{name}-"))
            .tempdir()
            .unwrap();
        let manifest = format!(
            "[package]\nname = \"autogen-app-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nsea-autogen = {{ path = {:?} }}\n{SEA_ORM}\n\n\
             [workspace]\nresolver = \"3\"\nmembers = [\"migration\"]\n",
            workspace_root().join("crates/sea-autogen").display().to_string()
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(
            dir.path().join("src/lib.rs"),
            "//! An application adopting sea-autogen.\n\npub mod entity;\n",
        )
        .unwrap();
        std::fs::copy(workspace_root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
        Scratch { dir, _lock: lock }
    }

    /// After `cargo autogen init migration` in an [`Scratch::app`]: the scaffolded package `migration` renamed
    /// `migration-<app name>` (its library keeps the name `migration`). Apps built at once in the shared target
    /// directory would otherwise each write their binary to the same `target/debug/migration`, and one app's
    /// command could run another app's binary.
    pub fn rename_migration_package(&self) {
        let manifest = "migration/Cargo.toml";
        let text = self.read(manifest);
        let app = self
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("autogen-app-"))
            .map(|n| n.rsplit_once('-').map_or(n, |(name, _)| name).to_owned())
            .expect("an app made by Scratch::app");
        let renamed = text.replacen(
            "[package]\nname = \"migration\"\n",
            &format!("[package]\nname = \"migration-{app}\"\n"),
            1,
        );
        assert_ne!(
            renamed, text,
            "{manifest} does not name its package `migration`:\n{text}"
        );
        self.write(manifest, &renamed);
    }

    /// The lock that keeps one scratch copy of `name` at a time (they share package names and binary paths in the
    /// shared target directory).
    fn lock(name: &str) -> std::fs::File {
        std::fs::create_dir_all(target_dir()).unwrap();
        let lock = std::fs::File::create(target_dir().join(format!("autogen-scratch-{name}.lock"))).unwrap();
        lock.lock().expect("locking the scratch lock file");
        lock
    }

    fn copy(name: &str, source: &Path) -> Scratch {
        let lock = Scratch::lock(name);
        let dir = tempfile::Builder::new()
            .prefix(&format!("autogen-{name}-"))
            .tempdir()
            .unwrap();
        copy_tree(source, dir.path());
        forget_generated_migrations(&dir.path().join("migration/src"), &committed_migrations(source));
        let crates = workspace_root().join("crates");
        let mut members = Vec::new();
        for manifest in find_manifests(dir.path()) {
            let text = std::fs::read_to_string(&manifest).unwrap();
            let text = absolutize_crate_paths(&text, &crates);
            std::fs::write(&manifest, text).unwrap();
            let rel = manifest.parent().unwrap().strip_prefix(dir.path()).unwrap().to_owned();
            if rel != Path::new("") {
                members.push(rel.display().to_string());
            }
        }
        let root = dir.path().join("Cargo.toml");
        let mut text = std::fs::read_to_string(&root).unwrap();
        text.push_str(&format!("\n[workspace]\nresolver = \"3\"\nmembers = {members:?}\n"));
        std::fs::write(&root, text).unwrap();
        std::fs::copy(workspace_root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
        Scratch { dir, _lock: lock }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path().join(rel), text).unwrap_or_else(|e| panic!("writing {rel}: {e}"));
    }

    /// Replaces the first `from` in the file `rel` by `to`; fails when `from` is not there.
    #[track_caller]
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Files in `rel` (a directory) whose names start with `prefix`, sorted.
    pub fn files(&self, rel: &str, prefix: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path().join(rel))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(prefix))
            .collect();
        names.sort();
        names
    }

    /// Runs `cargo autogen <args>` in the project directory, as a user would, with `env` added.
    pub fn autogen(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = self.command(args, env).output().expect("running cargo-autogen");
        Run::new(args, output)
    }

    /// Starts `cargo autogen <args>` without waiting for it; its output is piped.
    pub fn spawn(&self, args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
        self.command(args, env)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starting cargo-autogen")
    }

    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut command = Command::new(cargo_autogen());
        command
            .arg("autogen")
            .args(args)
            .current_dir(self.path())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO", cargo())
            .env_remove("DATABASE_URL")
            .env("NO_COLOR", "1");
        for (k, v) in env {
            command.env(k, v);
        }
        command
    }
}

/// A scratch copy of an example and a fresh database on one backend; its commands run with `DATABASE_URL` set to
/// that database.
pub struct Project {
    pub scratch: Scratch,
    pub db: FreshDb,
}

impl Project {
    /// `None` when the backend's server is not configured outside CI, as [`FreshDb::create`].
    pub async fn example(name: &str, backend: Backend) -> Option<Project> {
        let db = FreshDb::create(backend).await?;
        Some(Project {
            scratch: Scratch::example(name),
            db,
        })
    }

    pub fn autogen(&self, args: &[&str]) -> Run {
        self.scratch.autogen(args, &[("DATABASE_URL", &self.db.url)])
    }

    #[track_caller]
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        self.scratch.edit(rel, from, to);
    }
}

/// The outcome of one command.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Waits for a command started with [`Scratch::spawn`].
    pub fn wait(args: &[&str], child: std::process::Child) -> Run {
        Run::new(args, child.wait_with_output().expect("waiting for cargo-autogen"))
    }

    fn new(args: &[&str], output: Output) -> Run {
        Run::from_output(&format!("cargo autogen {}", args.join(" ")), output)
    }

    /// The outcome of any command, `command_line` saying what ran; it is printed, as every run is.
    pub fn from_output(command_line: &str, output: Output) -> Run {
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        eprintln!("$ {command_line}\n{}{}(exit {})", run.stdout, run.stderr, run.code);
        run
    }

    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn expect_stdout(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn expect_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Someone who ran the README's or the guide's walkthrough in `examples/` has generated migrations there; the
/// tests start from the example as committed: the migrations git knows (the blog's history), and no other.
fn forget_generated_migrations(src: &Path, committed: &[String]) {
    let Ok(entries) = std::fs::read_dir(src) else { return };
    let extra = |name: &str| is_generated(name) && !committed.iter().any(|c| name.starts_with(c.as_str()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(extra) {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let lib = src.join("lib.rs");
    if let Ok(text) = std::fs::read_to_string(&lib) {
        let kept: Vec<&str> = text
            .lines()
            .filter(|line| !line.split(|c: char| !c.is_alphanumeric() && c != '_').any(extra))
            .collect();
        std::fs::write(&lib, kept.join("\n") + "\n").unwrap();
    }
}

/// The stems of the migration files committed under `<example>/migration/src`; when git cannot tell (no
/// repository), every file there counts as committed.
fn committed_migrations(example: &Path) -> Vec<String> {
    let src = example.join("migration/src");
    let listed = Command::new("git")
        .arg("-C")
        .arg(&src)
        .args(["ls-files", "."])
        .output()
        .ok()
        .filter(|o| o.status.success());
    let names: Vec<String> = match listed {
        Some(output) => String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
        None => std::fs::read_dir(&src)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default(),
    };
    names
        .iter()
        .filter_map(|n| n.strip_suffix(".rs"))
        .filter(|n| is_generated(n))
        .map(str::to_owned)
        .collect()
}

/// `m20261126_101500_add_users` or `m20261126_101500_add_users.rs`.
fn is_generated(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 17
        && b[0] == b'm'
        && b[9] == b'_'
        && b[16] == b'_'
        && b[1..9].iter().chain(&b[10..16]).all(u8::is_ascii_digit)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str == "target" || name_str.ends_with(".sqlite3") || name_str == ".env" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
}

fn find_manifests(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let manifest = dir.join("Cargo.toml");
    if manifest.is_file() {
        found.push(manifest);
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(find_manifests(&path));
        }
    }
    found
}

/// Rewrites `path = "../../crates/x"` (any depth) to an absolute path into this repository's `crates/`.
fn absolutize_crate_paths(manifest: &str, crates: &Path) -> String {
    let mut out = String::with_capacity(manifest.len());
    for line in manifest.lines() {
        match line.find("path = \"").map(|i| i + "path = \"".len()) {
            Some(start) => {
                let end = start + line[start..].find('"').unwrap();
                let path = &line[start..end];
                match path.find("crates/") {
                    Some(at) if path[..at].chars().all(|c| c == '.' || c == '/') => {
                        let absolute = crates.join(&path[at + "crates/".len()..]);
                        out.push_str(&line[..start]);
                        out.push_str(&absolute.display().to_string());
                        out.push_str(&line[end..]);
                    }
                    _ => out.push_str(line),
                }
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Connects to a database URL for checking what the commands did.
pub async fn connect(url: &str) -> DatabaseConnection {
    Database::connect(url)
        .await
        .unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
}

/// The schema as sea-autogen reads it, bookkeeping included.
pub async fn schema(db: &DatabaseConnection) -> Schema {
    introspect(db, &Options::default()).await.expect("introspecting")
}

/// Rows of a query, each column read as text (NULL as `None`).
pub async fn rows(db: &impl ConnectionTrait, sql: &str, columns: &[&str]) -> Vec<Vec<Option<String>>> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| r.try_get::<Option<String>>("", c).unwrap())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::absolutize_crate_paths;
    use std::path::Path;

    #[test]
    fn generated_migration_names() {
        assert!(super::is_generated("m20261126_101500_add_users"));
        assert!(super::is_generated("m20261126_101500_add_users.rs"));
        assert!(!super::is_generated("main.rs"));
        assert!(!super::is_generated("m20261126_101500"));
    }

    #[test]
    fn crate_paths_become_absolute() {
        let text = "a = { path = \"../../crates/sea-autogen\" }\nq = { path = \"..\" }\n";
        assert_eq!(
            absolutize_crate_paths(text, Path::new("/repo/crates")),
            "a = { path = \"/repo/crates/sea-autogen\" }\nq = { path = \"..\" }\n"
        );
    }
}

/// The backends the end-to-end tests run on: the three, and PostgreSQL 18 beside the Debian server's version for
/// the suites that cover types and catalogs (corpus, type matrix, Chinook, properties).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    /// PostgreSQL 18, on the server `AUTOGEN_TEST_POSTGRES18_URL` names.
    Postgres18,
    Mysql,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Postgres18 => "postgres18",
            Backend::Mysql => "mysql",
        }
    }

    /// Whether this is a PostgreSQL server, of whichever version.
    pub fn is_postgres(self) -> bool {
        matches!(self, Backend::Postgres | Backend::Postgres18)
    }

    pub fn schema_backend(self) -> sea_autogen_schema::Backend {
        match self {
            Backend::Sqlite => sea_autogen_schema::Backend::Sqlite,
            Backend::Postgres | Backend::Postgres18 => sea_autogen_schema::Backend::Postgres,
            Backend::Mysql => sea_autogen_schema::Backend::Mysql,
        }
    }

    fn server_env(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("AUTOGEN_TEST_POSTGRES_URL"),
            Backend::Postgres18 => Some("AUTOGEN_TEST_POSTGRES18_URL"),
            Backend::Mysql => Some("AUTOGEN_TEST_MYSQL_URL"),
        }
    }
}

/// A uniquely named database of its own on the test server, dropped when the value is.
pub struct TestDb {
    pub url: String,
    name: String,
    admin_url: String,
    backend: Backend,
}

impl TestDb {
    /// Creates the database. Returns `None` (after saying why) when the server's URL is not set outside CI; in CI
    /// a missing URL fails the test, since a silently skipped backend is a failed CI.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        let var = backend.server_env()?;
        let admin_url = match std::env::var(var) {
            Ok(url) => url,
            Err(_) if std::env::var_os("CI").is_some() => panic!("{var} is not set: CI must test {}", backend.name()),
            Err(_) => {
                eprintln!(
                    "skipping {} here: {var} is not set (bash .ci/run sets it)",
                    backend.name()
                );
                return None;
            }
        };
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("autogen_{}_{n}_{nanos}", std::process::id());
        let admin = connect(&admin_url).await;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').expect("a server URL ends in /database");
        Some(TestDb {
            url: format!("{base}/{name}"),
            name,
            admin_url,
            backend,
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin_url, name, backend) = (self.admin_url.clone(), self.name.clone(), self.backend);
        // Drop runs outside any runtime; a thread of its own can block on one.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Runtime::new().unwrap().block_on(async {
                let admin = connect(&admin_url).await;
                let sql = match backend {
                    Backend::Postgres | Backend::Postgres18 => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    _ => format!("DROP DATABASE IF EXISTS {name}"),
                };
                admin.execute_unprepared(&sql).await.map(|_| ())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

/// A fresh, empty database on any backend: a file in a temporary directory on SQLite, a [`TestDb`] elsewhere.
/// Dropped (or deleted) with the value.
pub struct FreshDb {
    pub url: String,
    _server: Option<TestDb>,
    _dir: Option<tempfile::TempDir>,
}

impl FreshDb {
    /// `None` when the server's URL is not set outside CI, as [`TestDb::create`].
    pub async fn create(backend: Backend) -> Option<FreshDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("db.sqlite3").display());
                Some(FreshDb {
                    url,
                    _server: None,
                    _dir: Some(dir),
                })
            }
            _ => {
                let server = TestDb::create(backend).await?;
                Some(FreshDb {
                    url: server.url.clone(),
                    _server: Some(server),
                    _dir: None,
                })
            }
        }
    }
}

/// Table names straight from the backend's catalog (not through sea-autogen), sorted.
pub async fn table_names(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        }
        sea_orm::DbBackend::MySql => {
            "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    };
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter().map(|r| r.try_get::<String>("", "name").unwrap()).collect()
}

/// The number of foreign keys from `table`, straight from the catalog.
pub async fn foreign_key_count(db: &DatabaseConnection, table: &str) -> i64 {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => format!(
            "SELECT count(*)::int8 AS n FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
             WHERE c.contype = 'f' AND t.relname = '{table}'"
        ),
        sea_orm::DbBackend::MySql => format!(
            "SELECT CAST(count(*) AS SIGNED) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'"
        ),
        _ => format!("SELECT count(*) AS n FROM pragma_foreign_key_list('{table}')"),
    };
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// The `sea-orm-migration` line of the Cargo.toml that `migration_runner` writes, kept out of its raw string so that
/// the line can be split in the source.
const SEA_ORM_MIGRATION: &str = concat!(
    r#"sea-orm-migration = { version = "2.0.4", default-features = false, "#,
    r#"features = ["runtime-tokio", "sqlx-sqlite", "sqlx-postgres", "sqlx-mysql"] }"#,
);

/// Writes one crate holding every generated migration of `files` (`(module, code)`) and a binary that applies one of
/// them, builds it once in the shared target directory (`target/autogen-<name>/runner`), and returns the binary: one
/// build for many generated files, never one per file.
pub fn migration_runner(name: &str, files: &[(String, String)]) -> PathBuf {
    let dir = target_dir().join(format!("autogen-{name}")).join("runner");
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();
    let crates = workspace_root().join("crates");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "autogen-{name}-runner"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
# Unused by the code; it makes the dependency graph, and so the builds in the shared target directory, the same as
# a migration crate's.
sea-autogen-migration = {{ path = {:?} }}
{SEA_ORM_MIGRATION}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[workspace]

# The generated files themselves build without debug information (much of their build time); their dependencies
# stay as every scratch crate builds them, so nothing else compiles again.
[profile.dev.package.autogen-{name}-runner]
debug = false
"#,
            crates.join("sea-autogen-migration").display().to_string(),
            name = name,
        ),
    )
    .unwrap();
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut main = String::from(
        "//! Applies generated migrations: `<runner> <module>[,<module>..] up|down <database url>`.\n\n\
         use sea_orm_migration::prelude::*;\n\
         use sea_orm_migration::sea_orm::{Database, DbBackend, TransactionTrait};\n\n",
    );
    for (module, code) in files {
        std::fs::write(src.join(format!("{module}.rs")), code).unwrap();
        main.push_str(&format!("mod {module};\n"));
    }
    main.push_str("\nfn migration(name: &str) -> Box<dyn MigrationTrait> {\n    match name {\n");
    for (module, _) in files {
        main.push_str(&format!("        {module:?} => Box::new({module}::Migration),\n"));
    }
    main.push_str(
        r#"        other => panic!("no migration {other}"),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Err(e) = run(&args[1], &args[2], &args[3]).await {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

/// Runs the migrations (`a,b,..`: the files of one revision; `down` runs them in reverse order) as
/// sea-orm-migration would: each in a transaction on PostgreSQL, or when it asks for one.
async fn run(names: &str, direction: &str, url: &str) -> Result<(), DbErr> {
    let mut names: Vec<&str> = names.split(',').collect();
    if direction != "up" {
        names.reverse();
    }
    let db = Database::connect(url).await?;
    for name in names {
        let migration = migration(name);
        let in_transaction = migration
            .use_transaction()
            .unwrap_or(db.get_database_backend() == DbBackend::Postgres);
        if in_transaction {
            let txn = db.begin().await?;
            step(migration.as_ref(), &SchemaManager::new(&txn), direction).await?;
            txn.commit().await?;
        } else {
            step(migration.as_ref(), &SchemaManager::new(&db), direction).await?;
        }
    }
    Ok(())
}

async fn step(migration: &dyn MigrationTrait, manager: &SchemaManager<'_>, direction: &str) -> Result<(), DbErr> {
    match direction {
        "up" => migration.up(manager).await,
        _ => migration.down(manager).await,
    }
}
"#,
    );
    std::fs::write(src.join("main.rs"), main).unwrap();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .status()
        .expect("running cargo build");
    assert!(status.success(), "the generated migrations of {name} do not compile");
    target_dir()
        .join("debug")
        .join(format!("autogen-{name}-runner{}", std::env::consts::EXE_SUFFIX))
}

/// Applies migrations of a [`migration_runner`] binary (`module`: one, or the files of one revision joined by `,`),
/// `up` or `down`, to the database at `url`, as sea-orm-migration runs them (each in a transaction on PostgreSQL,
/// or when the file asks for one).
pub fn run_migration(runner: &Path, module: &str, direction: &str, url: &str) -> Result<(), String> {
    let output = Command::new(runner)
        .args([module, direction, url])
        .output()
        .map_err(|e| format!("running {}: {e}", runner.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
