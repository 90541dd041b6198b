//! What `sea-autogen` adds to an application: the entity crate depends on it, so cargo unifies its dependencies and
//! features into the application's own binary. It must add nothing an ordinary SeaORM application does not already
//! have: no clap, no sea-orm-migration, no database driver and no sea-orm feature the application did not choose.
//! The runner (`sea-autogen-migration`) is for the migration crate only.
//!
//! Each case builds the normal dependency tree (`cargo tree -e normal`) of a scratch application twice, with and
//! without `sea-autogen`, and compares them package by package, sea-orm's features included.

use sea_autogen_tests::{target_dir, workspace_root};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The only packages `sea-autogen` may bring into an application.
const ALLOWED: &[&str] = &["sea-autogen", "sea-autogen-macros", "sea-autogen-schema", "inventory"];

/// Packages that must never reach an application through `sea-autogen`, whatever it chose itself.
const FORBIDDEN: &[&str] = &[
    "clap",
    "sea-orm-migration",
    "sea-orm-cli",
    "sea-schema",
    "sqlx-postgres",
    "sqlx-mysql",
    "sqlx-sqlite",
    "sea-autogen-migration",
    "sea-autogen-introspect",
    "sea-autogen-codegen",
    "sea-autogen-diff",
    "syn-solidity",
];

/// `(package, features)` lines of the application's normal dependency tree, the application itself left out.
fn tree(dir: &Path) -> BTreeSet<(String, String)> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["tree", "-e", "normal", "--prefix", "none", "--format", "{p}|{f}"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("running cargo tree");
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| {
            let (package, features) = line.split_once('|')?;
            let mut words = package.split_whitespace();
            let name = words.next()?.to_owned();
            (name != "footprint-app").then(|| (name, features.trim_end_matches(" (*)").to_owned()))
        })
        .collect()
}

/// A scratch application depending on sea-orm with `features`, and on sea-autogen when `with_autogen`.
fn app(features: &str, with_autogen: bool) -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("autogen-footprint-").tempdir().unwrap();
    let autogen = if with_autogen {
        format!(
            "sea-autogen = {{ path = {:?} }}\n",
            workspace_root().join("crates/sea-autogen").display().to_string()
        )
    } else {
        String::new()
    };
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"footprint-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{autogen}\
             sea-orm = {{ version = \"2.0.4\", default-features = false, features = [{features}] }}\n\n\
             [workspace]\n"
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "//! An application's entity crate.\n").unwrap();
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    dir
}

/// Fails unless adding `sea-autogen` to an application with `features` adds only [`ALLOWED`] packages and leaves
/// every feature of what was already there as it was.
fn assert_light(features: &str) {
    let plain = tree(app(features, false).path());
    let with = tree(app(features, true).path());
    let names = |t: &BTreeSet<(String, String)>| t.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
    let added: Vec<String> = names(&with).difference(&names(&plain)).cloned().collect();
    let unexpected: Vec<&String> = added.iter().filter(|n| !ALLOWED.contains(&n.as_str())).collect();
    assert!(
        unexpected.is_empty(),
        "sea-autogen brings {unexpected:?} into an application with sea-orm features [{features}]"
    );
    for name in FORBIDDEN {
        let theirs = names(&plain).contains(*name);
        assert!(
            theirs || !names(&with).contains(*name),
            "sea-autogen brings {name} into an application with sea-orm features [{features}]"
        );
    }
    // Features of the packages the application already had: unchanged (cargo unifies features into its binary).
    let changed: Vec<String> = with
        .iter()
        .filter(|(name, _)| names(&plain).contains(name))
        .filter(|line| !plain.contains(*line))
        .map(|(name, features)| format!("{name}: {features}"))
        .collect();
    assert!(
        changed.is_empty(),
        "sea-autogen changes the features of {changed:?} in an application with sea-orm features [{features}]"
    );
    assert_eq!(
        added.iter().map(String::as_str).collect::<BTreeSet<_>>(),
        ALLOWED.iter().copied().collect::<BTreeSet<_>>(),
        "the light crate's own packages"
    );
}

#[test]
fn an_application_on_postgres_gains_only_the_derive_and_the_registry() {
    assert_light("\"macros\", \"runtime-tokio\", \"sqlx-postgres\"");
}

#[test]
fn an_application_on_sqlite_without_macros_gains_no_feature() {
    assert_light("\"runtime-tokio\", \"sqlx-sqlite\"");
}

/// The quickstart's entity crate, as committed: nothing of the runner in its tree.
#[test]
fn the_quickstart_entity_crate_has_no_runner() {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "tree",
            "-e",
            "normal",
            "--prefix",
            "none",
            "-p",
            "quickstart",
            "--format",
            "{p}",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("running cargo tree");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    let names: BTreeSet<&str> = text.lines().filter_map(|l| l.split_whitespace().next()).collect();
    for name in [
        "clap",
        "sea-orm-migration",
        "sea-autogen-migration",
        "sea-autogen-introspect",
    ] {
        assert!(!names.contains(name), "the quickstart's entity crate depends on {name}");
    }
    assert!(names.contains("sea-autogen"), "{names:?}");
}
