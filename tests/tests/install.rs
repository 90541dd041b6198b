//! README's "Using it in your project", walked as a user walks it: `cargo install` of the subcommand, then, in an
//! application outside this repository's workspace with a database that already has its tables, `entities`,
//! `init`, `revision --shadow`, `stamp head` and `check` (which must find nothing), with the installed binary.

use sea_autogen_tests::{Backend, FreshDb, Run, SEA_ORM, connect, target_dir, workspace_root};
use sea_orm::ConnectionTrait;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `cargo install --locked --path crates/cargo-autogen`, into a root of its own (once per test process); the
/// directory holding the installed `cargo-autogen`.
fn installed() -> &'static Path {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    let root = ROOT.get_or_init(|| {
        let root = tempfile::Builder::new().prefix("autogen-install-").tempdir().unwrap();
        // `--debug` and the shared target directory: the install reuses what the workspace build compiled.
        let status = Command::new(cargo())
            .args(["install", "--locked", "--debug", "--quiet", "--path"])
            .arg(workspace_root().join("crates/cargo-autogen"))
            .arg("--root")
            .arg(root.path())
            .env("CARGO_TARGET_DIR", target_dir())
            .status()
            .expect("running cargo install");
        assert!(status.success(), "cargo install --path crates/cargo-autogen failed");
        root
    });
    let bin: &'static Path = Box::leak(root.path().join("bin").into_boxed_path());
    assert!(
        bin.join("cargo-autogen").is_file(),
        "{} holds no cargo-autogen",
        bin.display()
    );
    bin
}

/// `cargo <args>` in `dir` with the installed subcommand first on `PATH`, as after `cargo install`.
fn cargo_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let path = std::env::join_paths(
        std::iter::once(installed().to_owned())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let mut command = Command::new(cargo());
    command
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    Run::from_output(
        &format!("cargo {}", args.join(" ")),
        command.output().expect("running cargo"),
    )
}

/// Every command the test runs is one README shows (so README's steps are the ones tested).
#[test]
fn readme_shows_the_walked_commands() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    for command in [
        "cargo install --locked --path crates/cargo-autogen",
        "cargo autogen entities --database-url \"$DATABASE_URL\" --output src/entity",
        "cargo autogen entities --database-url \"$DATABASE_URL\" --annotate src/entity",
        "cargo autogen init migration --entities .",
        "cargo autogen revision --shadow -m \"initial schema\"",
        "cargo autogen stamp head",
        "cargo autogen check",
    ] {
        assert!(readme.contains(command), "README.md lacks `{command}`");
    }
}

/// A SeaORM application as sea-orm-cli lays it out (the crate and its `migration` in one workspace), outside this
/// repository, on a database that already has its tables.
async fn walk(backend: Backend) {
    let Some(db) = FreshDb::create(backend).await else {
        return;
    };
    let live = connect(&db.url).await;
    let serial = if backend.is_postgres() { "serial" } else { "INTEGER" };
    for sql in [
        format!("CREATE TABLE author (id {serial} PRIMARY KEY, name varchar(80) NOT NULL, bio text)"),
        format!(
            "CREATE TABLE book (id {serial} PRIMARY KEY, title varchar(200) NOT NULL, \
             author_id integer NOT NULL REFERENCES author (id) ON DELETE CASCADE, published date)"
        ),
        "CREATE INDEX idx_book_author ON book (author_id)".to_owned(),
        "INSERT INTO author (name) VALUES ('Ursula')".to_owned(),
    ] {
        live.execute_unprepared(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    let app = tempfile::Builder::new()
        .prefix("autogen-readme-app-")
        .tempdir()
        .unwrap();
    let dir = app.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-app-{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\n{SEA_ORM}\n\n\
             [workspace]\nmembers = [\".\", \"migration\"]\n",
            backend.name()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "//! A SeaORM application.\n").unwrap();
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let env = [("DATABASE_URL", db.url.as_str())];

    // 1. Entities that describe the database, and the derive's crate.
    cargo_in(
        dir,
        &[
            "autogen",
            "entities",
            "--database-url",
            &db.url,
            "--output",
            "src/entity",
        ],
        &[],
    )
    .expect_code(0)
    .expect_stdout("wrote");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let dependency = format!(
        "sea-autogen = {{ path = {:?} }}\n",
        workspace_root().join("crates/sea-autogen").display().to_string()
    );
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest.replace("[dependencies]\n", &format!("[dependencies]\n{dependency}")),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "//! A SeaORM application.\n\npub mod entity;\n").unwrap();

    // 2. The migration crate, 3. the first migration from a scratch database, then the database stamped.
    cargo_in(dir, &["autogen", "init", "migration", "--entities", "."], &env).expect_code(0);
    cargo_in(dir, &["autogen", "revision", "--shadow", "-m", "initial schema"], &env)
        .expect_code(0)
        .expect_stdout("create table author");
    cargo_in(dir, &["autogen", "stamp", "head"], &env).expect_code(0);
    // 4. Nothing to do.
    cargo_in(dir, &["autogen", "check"], &env)
        .expect_code(0)
        .expect_stdout("no changes");

    // The migration crate stays sea-orm-migration's: bare, it applies what is pending (nothing, after the stamp).
    cargo_in(dir, &["run", "--quiet", "-p", "migration"], &env).expect_code(0);
    let installed_bin: PathBuf = installed().join("cargo-autogen");
    assert!(installed_bin.is_file());
}

#[tokio::test(flavor = "multi_thread")]
async fn readme_walk_on_sqlite() {
    walk(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn readme_walk_on_postgres() {
    walk(Backend::Postgres).await;
}
