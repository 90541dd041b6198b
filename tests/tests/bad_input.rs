//! Bad input, through the real CLI on a scratch copy of `examples/blog`, on SQLite, PostgreSQL and MariaDB: malformed
//! and unsupported database URLs, servers that cannot be reached, wrong passwords, a missing or broken migration
//! crate, a `lib.rs` sea-autogen cannot edit, unknown revisions, `downgrade` past base, a database ahead of its
//! migration files, and an entity type a backend does not have.
//!
//! Each case checks the exit code, that the message says what went wrong and what to do, and that nothing changed:
//! every file of the migration crate byte for byte, the names at the top of the project, and on every database its
//! tables and the rows of `seaql_migrations` and `autogen_migrations`.
//!
//! One scratch copy serves the three backends of a case (the database is only the URL a command is given), so each
//! case builds the migration crate once, plus once per edit.

use sea_autogen_tests::{Backend, FreshDb, Run, Scratch, cargo_autogen, connect, rows, table_names, target_dir};
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

const MIGRATION: &str = "migration";
const MIGRATIONS: &str = "migration/src";
const LIB: &str = "migration/src/lib.rs";
/// A password that must never be printed, in any form.
const PASSWORD: &str = "Hunter2-Secret";
/// One with characters a URL must percent-encode, and that encoding.
const SPECIAL_PASSWORD: &str = "Hunter2/S@cret:%";
const SPECIAL_PASSWORD_ENCODED: &str = "Hunter2%2FS%40cret%3A%25";
/// Generous: connecting gives up after 5 s, and a hung host costs 2 s more to diagnose.
const FAILS_WITHIN: Duration = Duration::from_secs(20);

/// One database on one backend, with a connection for looking at it.
struct Target {
    backend: Backend,
    /// Closed before the database is dropped.
    conn: DatabaseConnection,
    db: FreshDb,
}

/// A scratch copy of the blog and a fresh database on every backend.
struct Blog {
    targets: Vec<Target>,
    scratch: Scratch,
}

/// What a refused command must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    /// Every file under `migration/`, by path, byte for byte.
    files: BTreeMap<String, Vec<u8>>,
    /// The names at the top of the project (a stray `db.sqlite3` shows here).
    top: Vec<String>,
    databases: Vec<DbState>,
}

#[derive(Debug, PartialEq)]
struct DbState {
    backend: Backend,
    tables: Vec<String>,
    applied: Vec<Vec<Option<String>>>,
    checksums: Vec<Vec<Option<String>>>,
}

impl Blog {
    async fn new() -> Blog {
        let mut targets = Vec::new();
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            if let Some(db) = FreshDb::create(backend).await {
                let conn = connect(&db.url).await;
                targets.push(Target { backend, conn, db });
            }
        }
        Blog {
            targets,
            scratch: Scratch::example("blog"),
        }
    }

    /// `cargo autogen <args>` with `DATABASE_URL` set to the target's database.
    fn run(&self, target: &Target, args: &[&str]) -> Run {
        self.scratch.autogen(args, &[("DATABASE_URL", &target.db.url)])
    }

    /// Applies the blog's three migrations on every database.
    fn upgrade_all(&self) {
        for target in &self.targets {
            self.run(target, &["upgrade", "head"]).expect_code(0);
        }
    }

    async fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        read_tree(&self.scratch.path().join(MIGRATION), self.scratch.path(), &mut files);
        let mut top: Vec<String> = std::fs::read_dir(self.scratch.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        top.sort();
        let mut databases = Vec::new();
        for target in &self.targets {
            databases.push(db_state(target).await);
        }
        Snapshot { files, top, databases }
    }

    /// Fails, naming what changed, unless the project and every database are as in `before`.
    #[track_caller]
    fn assert_unchanged(&self, before: &Snapshot, after: &Snapshot, what: &str) {
        let changed: Vec<&String> = before
            .files
            .keys()
            .chain(after.files.keys())
            .filter(|path| before.files.get(*path) != after.files.get(*path))
            .collect();
        assert!(changed.is_empty(), "{what} changed these files: {changed:?}");
        assert_eq!(before.top, after.top, "{what} changed the project's top level");
        for (was, is) in before.databases.iter().zip(&after.databases) {
            assert_eq!(was, is, "{what} changed the {} database", was.backend.name());
        }
    }

    /// Runs a command that must be refused: exit 1, each phrase on stderr, no password anywhere, nothing changed.
    async fn refused(&self, target: &Target, args: &[&str], phrases: &[&str], before: &Snapshot) -> Run {
        let run = self.run(target, args);
        self.check_refusal(
            &run,
            phrases,
            before,
            &format!("{} on {}", args.join(" "), target.backend.name()),
        )
        .await;
        run
    }

    async fn check_refusal(&self, run: &Run, phrases: &[&str], before: &Snapshot, what: &str) {
        assert_eq!(
            run.code, 1,
            "{what}: exit code\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        for phrase in phrases {
            assert!(
                run.stderr.contains(phrase),
                "{what}: stderr lacks {phrase:?}:\n{}",
                run.stderr
            );
        }
        assert_no_password(run);
        self.assert_unchanged(before, &self.snapshot().await, what);
    }
}

fn read_tree(dir: &Path, root: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(&path, root, into);
        } else {
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            into.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

async fn db_state(target: &Target) -> DbState {
    let db = &target.conn;
    let tables = table_names(db).await;
    let text = if target.backend == Backend::Mysql {
        "CHAR"
    } else {
        "TEXT"
    };
    let mut applied = Vec::new();
    if tables.iter().any(|t| t == "seaql_migrations") {
        let sql =
            format!("SELECT version, CAST(applied_at AS {text}) AS applied_at FROM seaql_migrations ORDER BY version");
        applied = rows(db, &sql, &["version", "applied_at"]).await;
    }
    let mut checksums = Vec::new();
    if tables.iter().any(|t| t == "autogen_migrations") {
        let sql = format!(
            "SELECT version, checksum, CAST(applied_at AS {text}) AS applied_at FROM autogen_migrations \
             ORDER BY version"
        );
        checksums = rows(db, &sql, &["version", "checksum", "applied_at"]).await;
    }
    DbState {
        backend: target.backend,
        tables,
        applied,
        checksums,
    }
}

/// Neither password appears in the output, encoded, decoded, or in part.
#[track_caller]
fn assert_no_password(run: &Run) {
    for secret in [
        PASSWORD,
        SPECIAL_PASSWORD,
        SPECIAL_PASSWORD_ENCODED,
        "Hunter2",
        "S@cret",
        "tiger",
    ] {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "the output shows {secret:?}:\nstdout:\n{}\nstderr:\n{}",
            run.stdout,
            run.stderr
        );
    }
}

/// `url` with `password` (already percent-encoded) as the user's password.
fn with_password(url: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (userinfo, host) = rest.split_once('@').unwrap();
    let user = userinfo.split(':').next().unwrap();
    format!("{scheme}://{user}:{password}@{host}")
}

/// The stems of the blog's committed migrations, in order.
fn stems(blog: &Blog) -> Vec<String> {
    blog.scratch
        .files(MIGRATIONS, "m2")
        .into_iter()
        .map(|f| f.trim_end_matches(".rs").to_owned())
        .collect()
}

/// 1. A malformed URL, given with `--database-url` or in `DATABASE_URL`: refused before connecting, saying where it
/// came from and what a URL looks like. (`walkthrough.rs` only checks an unknown scheme's exit code and message.)
#[tokio::test(flavor = "multi_thread")]
async fn malformed_database_urls() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    let before = blog.snapshot().await;
    for target in &blog.targets {
        let (bad, phrases): (Vec<String>, Vec<&str>) = match target.backend {
            Backend::Postgres | Backend::Postgres18 => (
                vec![
                    "postgres://user@:notaport/db".into(),
                    format!("postgres://app:{PASSWORD}@db.example:notaport/app"),
                ],
                vec!["is not valid", "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"],
            ),
            Backend::Mysql => (
                vec![
                    "mysql://root@127.0.0.1:notaport/test".into(),
                    format!("mysql://root:{SPECIAL_PASSWORD_ENCODED}@:3306/test"),
                ],
                vec!["is not valid", "expected mysql://USER:PASSWORD@HOST:PORT/DATABASE"],
            ),
            // SQLite takes any path; its options are what can be malformed.
            Backend::Sqlite => (
                vec!["sqlite://db.sqlite3?mode=bogus".into()],
                vec![
                    "unknown value \"bogus\" for `mode`",
                    "check the options after `?` in the URL",
                ],
            ),
        };
        for url in &bad {
            // The flag wins over DATABASE_URL, which names the real database: that one is not touched either.
            let run = blog
                .refused(target, &["--database-url", url, "check"], &phrases, &before)
                .await;
            run.expect_stderr("(from --database-url)");
            let run = blog.scratch.autogen(&["check"], &[("DATABASE_URL", url)]);
            blog.check_refusal(&run, &phrases, &before, &format!("DATABASE_URL={url}"))
                .await;
            run.expect_stderr("(from DATABASE_URL)");
        }
    }
    for (args, env, from) in [
        (
            vec!["--database-url", "not a url", "check"],
            vec![],
            "(from --database-url)",
        ),
        (
            vec!["upgrade", "head"],
            vec![("DATABASE_URL", "not a url")],
            "(from DATABASE_URL)",
        ),
    ] {
        let run = blog.scratch.autogen(&args, &env);
        let phrases = [
            "`not a url`",
            from,
            "is not a database URL: expected sqlite://PATH, postgres://USER:PASSWORD@HOST:PORT/DATABASE or mysql://",
        ];
        blog.check_refusal(&run, &phrases, &before, "not a url").await;
    }
}

/// 2. An unknown scheme: the message names the supported ones. (`walkthrough.rs` checks `postgress://` without
/// looking at what changed.)
#[tokio::test(flavor = "multi_thread")]
async fn unknown_database_scheme() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    let before = blog.snapshot().await;
    let oracle = "oracle://scott:tiger@db.example:1521/orcl";
    let typo = format!("postgress://app:{PASSWORD}@127.0.0.1/app");
    let phrases = ["unsupported database URL", "use sqlite://, postgres:// or mysql://"];
    for target in &blog.targets {
        for url in [oracle, typo.as_str()] {
            blog.refused(target, &["--database-url", url, "upgrade", "head"], &phrases, &before)
                .await
                .expect_stderr("(from --database-url)");
        }
    }
    let run = blog
        .scratch
        .autogen(&["revision", "-m", "x"], &[("DATABASE_URL", oracle)]);
    blog.check_refusal(&run, &phrases, &before, "DATABASE_URL=oracle://")
        .await;
    run.expect_stderr("`oracle://scott:***@db.example:1521/orcl` (from DATABASE_URL)");
}

/// 3. A server that refuses, a host that accepts and never answers, a non-routable address, a SQLite file in a
/// directory that does not exist: each fails in seconds, saying which it was and what to check.
#[tokio::test(flavor = "multi_thread")]
async fn unreachable_databases_fail_in_seconds() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    let before = blog.snapshot().await;
    // Accepts connections (the kernel completes them) and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();

    let mut cases: Vec<(String, Vec<String>)> = Vec::new();
    for target in &blog.targets {
        match target.backend {
            Backend::Sqlite => cases.push((
                "sqlite:///autogen-no-such-directory/db.sqlite3?mode=rwc".into(),
                vec![
                    "unable to open database file".into(),
                    "check that the SQLite file's directory exists".into(),
                ],
            )),
            server => {
                let (scheme, user, port) = if server == Backend::Postgres {
                    ("postgres", "postgres", 5432)
                } else {
                    ("mysql", "root", 3306)
                };
                cases.push((
                    format!("{scheme}://{user}@127.0.0.1:1/test"),
                    vec![
                        "nothing is listening on 127.0.0.1:1".into(),
                        "start the database server, or correct the host and port".into(),
                    ],
                ));
                cases.push((
                    format!("{scheme}://{user}:{PASSWORD}@127.0.0.1:{silent_port}/test"),
                    vec![format!(
                        "127.0.0.1:{silent_port} accepts connections but did not answer as a database server"
                    )],
                ));
                // Where the network drops packets to it, this hangs until the connect timeout; some sandboxes
                // answer for any address instead. Either way: a prompt, password-free failure.
                cases.push((format!("{scheme}://{user}:{PASSWORD}@10.255.255.1:{port}/test"), vec![]));
            }
        }
    }
    // All at once: each one's time is its own.
    let scratch = &blog.scratch;
    let runs: Vec<(Run, Duration)> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(url, _)| {
                s.spawn(move || {
                    let start = Instant::now();
                    let run = scratch.autogen(&["--database-url", url, "check"], &[]);
                    (run, start.elapsed())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for ((url, phrases), (run, elapsed)) in cases.iter().zip(&runs) {
        assert!(*elapsed < FAILS_WITHIN, "{url} took {elapsed:?}:\n{}", run.stderr);
        let mut phrases: Vec<&str> = phrases.iter().map(String::as_str).collect();
        phrases.push("could not connect to the database at ");
        phrases.push("(from --database-url)");
        blog.check_refusal(run, &phrases, &before, url).await;
    }
    drop(silent);
}

/// 4. A wrong password (MariaDB refuses it; PostgreSQL here trusts local connections, so a missing database stands
/// in for its refusal): never printed, in any form, by any command. SQLite has no passwords.
#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_is_never_printed() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    let before = blog.snapshot().await;
    for target in &blog.targets {
        let (url, phrases) = match target.backend {
            Backend::Sqlite => continue,
            Backend::Mysql => (
                target.db.url.clone(),
                ["Access denied for user", "check the user name and password in the URL"],
            ),
            Backend::Postgres | Backend::Postgres18 => (
                format!("{}/autogen_no_such_database", target.db.url.rsplit_once('/').unwrap().0),
                [
                    "database \"autogen_no_such_database\" does not exist",
                    "create the database first, or correct its name in the URL",
                ],
            ),
        };
        for command in [
            &["check"][..],
            &["upgrade", "head"],
            &["revision", "-m", "x"],
            &["diff"],
        ] {
            // In the flag, then in DATABASE_URL, with a plain and a percent-encoded password.
            let plain = with_password(&url, PASSWORD);
            let mut args = vec!["--database-url", plain.as_str()];
            args.extend(command);
            blog.refused(target, &args, &phrases, &before)
                .await
                .expect_stderr(":***@");
            let encoded = with_password(&url, SPECIAL_PASSWORD_ENCODED);
            let run = blog.scratch.autogen(command, &[("DATABASE_URL", &encoded)]);
            blog.check_refusal(&run, &phrases, &before, &format!("{command:?} with DATABASE_URL"))
                .await;
            run.expect_stderr("(from DATABASE_URL)");
        }
    }
}

/// 5. No migration crate where one is looked for, and one whose `lib.rs` or `Cargo.toml` does not parse: the message
/// names the path. (`walkthrough.rs`'s `init` test checks the first message without the path.)
#[tokio::test(flavor = "multi_thread")]
async fn missing_or_unparsable_migration_crate() {
    let blog = Blog::new().await;
    let before = blog.snapshot().await;
    let target = &blog.targets[0];

    // Paths as the command sees its current directory.
    let project = blog.scratch.path().canonicalize().unwrap();
    // A directory with no project at all.
    let empty = tempfile::tempdir().unwrap();
    let run = autogen_in(empty.path(), &["check"], &[("DATABASE_URL", &target.db.url)]);
    let expected = format!(
        "no migration crate at {}",
        empty.path().canonicalize().unwrap().join(MIGRATION).display()
    );
    blog.check_refusal(
        &run,
        &[&expected, "run `cargo autogen init --entities"],
        &before,
        "no project",
    )
    .await;
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing is created there"
    );
    // --migration-dir naming a directory that is not one.
    let expected = format!("no migration crate at {}", project.join("nope").display());
    blog.refused(
        target,
        &["--migration-dir", "nope", "check"],
        &[&expected, "pass --migration-dir"],
        &before,
    )
    .await;

    let crate_dir = project.join(MIGRATION).display().to_string();
    let failed = format!("building the migration crate at {crate_dir} failed (see the errors above)");
    let lib = blog.scratch.read(LIB);
    blog.scratch.edit(LIB, "pub struct Migrator;", "pub struct Migrator");
    let broken = blog.snapshot().await;
    for target in &blog.targets {
        for args in [&["check"][..], &["revision", "-m", "x"]] {
            blog.refused(target, args, &["--> migration/src/lib.rs:", &failed], &broken)
                .await;
        }
    }
    blog.scratch.write(LIB, &lib);
    let manifest = format!("{MIGRATION}/Cargo.toml");
    blog.scratch.edit(&manifest, "[dependencies]", "[dependencies");
    let broken = blog.snapshot().await;
    for target in &blog.targets {
        for args in [&["check"][..], &["revision", "-m", "x"]] {
            blog.refused(target, args, &["migration/Cargo.toml", &failed], &broken)
                .await;
        }
    }
}

/// Runs `cargo autogen` in `dir`, as [`Scratch::autogen`] does in a scratch copy.
fn autogen_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = std::process::Command::new(cargo_autogen());
    command
        .arg("autogen")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO", std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    Run::wait(args, command.spawn().expect("starting cargo-autogen"))
}

/// 6. A `lib.rs` whose migrations are not one `vec![...]` (pushed one by one, or listed through a macro): `revision`
/// refuses, says why and what shape to give it, and writes no migration file.
#[tokio::test(flavor = "multi_thread")]
async fn revision_refuses_a_lib_rs_it_cannot_edit() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    // Something to write: a new column.
    blog.scratch.edit(
        "src/entity/user.rs",
        "    pub email: String,\n",
        "    pub email: String,\n    pub bio: Option<String>,\n",
    );
    let stems = stems(&blog);
    let mods: String = stems.iter().map(|s| format!("mod {s};\n")).collect();
    let pushed: String = stems
        .iter()
        .map(|s| format!("        migrations.push(Box::new({s}::Migration));\n"))
        .collect();
    let pushed_lib = format!(
        "pub use sea_orm_migration::prelude::*;\n\n{mods}\npub struct Migrator;\n\n#[async_trait::async_trait]\n\
         impl MigratorTrait for Migrator {{\n    fn migrations() -> Vec<Box<dyn MigrationTrait>> {{\n        \
         let mut migrations: Vec<Box<dyn MigrationTrait>> = Vec::new();\n{pushed}        migrations\n    }}\n}}\n"
    );
    let macro_lib = format!(
        "pub use sea_orm_migration::prelude::*;\n\n{mods}\nmacro_rules! migrations {{\n    ($($m:ident),*) => \
         {{ vec![$(Box::new($m::Migration) as Box<dyn MigrationTrait>),*] }};\n}}\n\npub struct Migrator;\n\n\
         #[async_trait::async_trait]\nimpl MigratorTrait for Migrator {{\n    fn migrations() -> \
         Vec<Box<dyn MigrationTrait>> {{\n        migrations!({})\n    }}\n}}\n",
        stems.join(", ")
    );
    for lib in [pushed_lib, macro_lib] {
        blog.scratch.write(LIB, &lib);
        let before = blog.snapshot().await;
        for target in &blog.targets {
            // The lib.rs works: the change is seen.
            blog.run(target, &["check"])
                .expect_code(2)
                .expect_stdout("add column user.bio");
            for args in [
                &["revision", "-m", "add bio"][..],
                &["revision", "--empty", "-m", "by hand"],
            ] {
                blog.refused(
                    target,
                    args,
                    &[
                        "cannot register the migration in migration/src/lib.rs: the body of `fn migrations()` is not \
                         a single `vec![...]` expression",
                        "nothing was written",
                        "make `fn migrations()` return a `vec![...]` of the migrations",
                        "then run `cargo autogen revision` again",
                    ],
                    &before,
                )
                .await;
            }
        }
    }
}

/// 7. A revision no migration has, for `upgrade`, `downgrade` and `stamp`, on a fresh database (which does not get
/// even `seaql_migrations`) and at head. (`walkthrough.rs` checks `upgrade` on a fresh SQLite database, without
/// looking at what changed.)
#[tokio::test(flavor = "multi_thread")]
async fn unknown_revision_targets() {
    let blog = Blog::new().await;
    // Built before the snapshot: the first build rewrites the copied Cargo.lock.
    blog.run(&blog.targets[0], &["history"]).expect_code(0);
    for at_head in [false, true] {
        if at_head {
            blog.upgrade_all();
        }
        let before = blog.snapshot().await;
        for target in &blog.targets {
            for verb in ["upgrade", "downgrade", "stamp"] {
                blog.refused(
                    target,
                    &[verb, "nosuchrev"],
                    &["unknown revision `nosuchrev`: run `cargo autogen history` to see them"],
                    &before,
                )
                .await;
            }
            blog.refused(
                target,
                &["downgrade", "m2026"],
                &["revision `m2026` is ambiguous: it matches"],
                &before,
            )
            .await;
        }
    }
}

/// 8. `downgrade` further than what is applied, and other step counts that cannot be: refused, nothing reverted.
/// (`walkthrough.rs` checks `downgrade -5` on a fresh SQLite database, without looking at what changed.)
#[tokio::test(flavor = "multi_thread")]
async fn downgrade_past_base() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    let before = blog.snapshot().await;
    for target in &blog.targets {
        blog.refused(
            target,
            &["downgrade", "-10"],
            &["cannot downgrade -10: only 3 migration(s) are applied; `downgrade base` reverts them all"],
            &before,
        )
        .await;
        blog.refused(
            target,
            &["downgrade", "-0"],
            &["the number of steps must be at least 1"],
            &before,
        )
        .await;
        blog.refused(
            target,
            &["upgrade", "+1"],
            &["cannot upgrade +1: only 0 migration(s) are pending"],
            &before,
        )
        .await;
    }
}

/// 9. The database has a migration whose file is gone (another branch checked out): every command that reads what
/// is applied refuses, naming the fix. (`lineage.rs` checks `check`, then fixes it with `stamp`.)
#[tokio::test(flavor = "multi_thread")]
async fn database_ahead_of_the_migration_files() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    let gone = stems(&blog).pop().unwrap();
    let lib: String = blog
        .scratch
        .read(LIB)
        .lines()
        .filter(|line| !line.contains(&gone))
        .map(|line| format!("{line}\n"))
        .collect();
    blog.scratch.write(LIB, &lib);
    std::fs::remove_file(blog.scratch.path().join(format!("{MIGRATIONS}/{gone}.rs"))).unwrap();
    let before = blog.snapshot().await;
    for target in &blog.targets {
        for args in [
            &["check"][..],
            &["upgrade", "head"],
            &["downgrade", "-1"],
            &["revision", "-m", "x"],
            &["current"],
        ] {
            blog.refused(
                target,
                args,
                &[
                    &gone,
                    "the database is ahead of the migration files (",
                    "): check out the branch that has them",
                    "cargo autogen stamp <revision>",
                ],
                &before,
            )
            .await;
        }
    }
}

/// 10. Entity fields whose type a backend does not have (`Inet` on SQLite and MySQL, `Year` on PostgreSQL): every
/// command that reads the entities refuses, naming the table and the column. Before, sea-query panicked.
#[tokio::test(flavor = "multi_thread")]
async fn entity_type_a_backend_does_not_have() {
    let blog = Blog::new().await;
    blog.upgrade_all();
    blog.scratch.edit(
        "src/entity/tag.rs",
        "    pub name: String,\n",
        "    pub name: String,\n    #[sea_orm(column_type = \"Inet\", nullable)]\n    \
         pub address: Option<String>,\n    \
         #[sea_orm(column_type = \"Year\", nullable)]\n    pub founded: Option<i16>,\n",
    );
    let before = blog.snapshot().await;
    for target in &blog.targets {
        let expected = match target.backend {
            Backend::Sqlite => "table `tag`, column `address`: sqlite has no column type Inet",
            Backend::Mysql => "table `tag`, column `address`: mysql has no column type Inet",
            Backend::Postgres | Backend::Postgres18 => {
                "table `tag`, column `founded`: postgres has no column type Year"
            }
        };
        for args in [&["revision", "-m", "x"][..], &["check"], &["diff"]] {
            let run = blog
                .refused(target, args, &[expected, "give the field a type"], &before)
                .await;
            assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        }
    }
}
