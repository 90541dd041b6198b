//! `cargo autogen init [DIR] --entities ENTITY_CRATE_DIR`: scaffolds a migration crate whose `main.rs` runs
//! sea-autogen and links the entity crate, so its `#[derive(Autogen)]` registrations are seen.

use anyhow::{Context, Result, bail};
use clap::Parser;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "cargo autogen init", about = "Scaffold a migration crate")]
struct InitArgs {
    /// Where to create the migration crate
    #[arg(default_value = "migration")]
    dir: PathBuf,
    /// The crate holding the SeaORM entities (its directory)
    #[arg(long, value_name = "ENTITY_CRATE_DIR")]
    entities: PathBuf,
}

pub(crate) fn run(args: &[OsString]) -> Result<ExitCode> {
    // Drop global options meant for the runner; `init` needs none of them.
    let position = args.iter().position(|a| a == "init").unwrap_or(0);
    let init_args = std::iter::once(OsString::from("init")).chain(args[position + 1..].iter().cloned());
    let parsed = match InitArgs::try_parse_from(init_args) {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return Ok(if err.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
    };
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let written = scaffold(
        &cwd.join(&parsed.dir),
        &cwd.join(&parsed.entities),
        local_sea_autogen().as_deref(),
    )?;
    for path in written {
        println!("wrote {}", path.strip_prefix(&cwd).unwrap_or(&path).display());
    }
    if let Some(workspace) = enclosing_workspace(&cwd.join(&parsed.dir)) {
        println!(
            "note: {} is a workspace: add \"{}\" to its [workspace] members so cargo builds the new crate",
            workspace.display(),
            relative(workspace.parent().unwrap_or(&cwd), &cwd.join(&parsed.dir)).display()
        );
    }
    let dir_flag = if parsed.dir == Path::new("migration") {
        String::new()
    } else {
        format!(" --migration-dir {}", parsed.dir.display())
    };
    println!("next: cargo autogen revision -m \"initial schema\"{dir_flag}");
    Ok(ExitCode::SUCCESS)
}

/// The manifest of a workspace that `dir` lies in but is not (yet) a member of, if any.
fn enclosing_workspace(dir: &Path) -> Option<PathBuf> {
    let manifest = dir.parent()?.ancestors().map(|d| d.join("Cargo.toml")).find(|m| {
        std::fs::read_to_string(m)
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .is_some_and(|t| t.contains_key("workspace"))
    })?;
    let text = std::fs::read_to_string(&manifest).ok()?;
    let table: toml::Table = text.parse().ok()?;
    let root = manifest.parent()?;
    let members = table
        .get("workspace")?
        .get("members")
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    let listed = members
        .iter()
        .filter_map(|m| m.as_str())
        .any(|m| normalize(&root.join(m)) == normalize(dir));
    (!listed).then_some(manifest)
}

/// This checkout's `sea-autogen` crate when cargo-autogen runs from a source tree, so scaffolds use it by path.
fn local_sea_autogen() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?.join("sea-autogen");
    dir.join("Cargo.toml").is_file().then_some(dir)
}

/// The package and library names of the entity crate.
fn entity_crate(dir: &Path) -> Result<(String, String)> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).with_context(|| {
        format!(
            "reading {}: --entities must be the directory of the entity crate",
            manifest.display()
        )
    })?;
    let value: toml::Table = toml::from_str(&text).with_context(|| format!("{} is not valid", manifest.display()))?;
    let Some(package) = value
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
    else {
        bail!("{} has no [package] name", manifest.display());
    };
    let lib = value
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(|n| n.as_str())
        .map_or_else(|| package.replace('-', "_"), str::to_owned);
    Ok((package.to_owned(), lib))
}

pub(crate) fn scaffold(dir: &Path, entities: &Path, sea_autogen: Option<&Path>) -> Result<Vec<PathBuf>> {
    if dir.join("Cargo.toml").exists() {
        bail!(
            "{} already holds a crate; adopting an existing migration crate in place is not supported yet: \
             choose a new directory",
            dir.display()
        );
    }
    let (package, lib) = entity_crate(entities)?;
    let sea_autogen_dep = match sea_autogen {
        Some(path) => format!("{{ path = \"{}\" }}", relative(dir, path).display()),
        None => format!("\"{}\"", env!("CARGO_PKG_VERSION")),
    };
    let cargo_toml = format!(
        r#"[package]
name = "{package}-migration"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
name = "migration"
path = "src/lib.rs"

[dependencies]
{package} = {{ path = "{entities}" }}
sea-autogen = {sea_autogen_dep}
sea-orm-migration = {{ version = "2.0.4", default-features = false, features = ["runtime-tokio", "sqlx-sqlite", "sqlx-postgres", "sqlx-mysql"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#,
        entities = relative(dir, entities).display(),
    );
    let lib_rs = r#"//! The migrations of this project, in the order they apply. `cargo autogen revision` adds to this list.

pub use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![]
    }
}
"#;
    let main_rs = format!(
        r#"//! Runs sea-autogen's command line (`cargo autogen ...`) for this migration crate.

// Linking the entity crate keeps its `#[derive(Autogen)]` registrations.
use {lib} as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {{
    let config = sea_autogen::Config::new(env!("CARGO_MANIFEST_DIR")).entities("{lib}");
    sea_autogen::cli::run::<migration::Migrator>(config).await
}}
"#
    );
    std::fs::create_dir_all(dir.join("src")).with_context(|| format!("creating {}", dir.display()))?;
    let files = [
        (dir.join("Cargo.toml"), cargo_toml),
        (dir.join("src/lib.rs"), lib_rs.to_owned()),
        (dir.join("src/main.rs"), main_rs),
    ];
    for (path, text) in &files {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// `to` as seen from `from`, both absolute; falls back to `to` when they share no root.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from_n = normalize(from);
    let from: Vec<Component> = from_n.components().collect();
    let to_n = normalize(to);
    let to_c: Vec<Component> = to_n.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to_n;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to_c[common..] {
        out.push(c);
    }
    out
}

/// Resolves `.` and `..` without touching the file system (the directory may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/w/app/migration"), Path::new("/w/app")),
            PathBuf::from("..")
        );
        assert_eq!(
            relative(Path::new("/w/app/migration"), Path::new("/w/crates/x")),
            PathBuf::from("../../crates/x")
        );
        assert_eq!(
            relative(Path::new("/w/a/./m"), Path::new("/w/a/b/../e")),
            PathBuf::from("../e")
        );
    }

    #[test]
    fn scaffolds_a_crate_that_links_the_entities() {
        let tmp = tempfile::tempdir().unwrap();
        let entities = tmp.path().join("app");
        std::fs::create_dir_all(&entities).unwrap();
        std::fs::write(
            entities.join("Cargo.toml"),
            "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        let dir = tmp.path().join("app/migration");
        scaffold(&dir, &entities, None).unwrap();
        let cargo = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(cargo.contains("my-app = { path = \"..\" }"), "{cargo}");
        assert!(cargo.contains("sea-autogen = \"0.1.0\""), "{cargo}");
        let main = std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
        assert!(main.contains("use my_app as _;"), "{main}");
        assert!(main.contains(".entities(\"my_app\")"), "{main}");
        let err = scaffold(&dir, &entities, None).unwrap_err().to_string();
        assert!(err.contains("already holds a crate"), "{err}");
    }

    #[test]
    fn workspaces_that_do_not_list_the_crate_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("Cargo.toml"), "[workspace]\nmembers = [\"app\"]\n").unwrap();
        assert_eq!(
            enclosing_workspace(&tmp.path().join("migration")),
            Some(tmp.path().join("Cargo.toml"))
        );
        assert_eq!(enclosing_workspace(&tmp.path().join("app")), None);
        let lone = tempfile::tempdir().unwrap();
        assert_eq!(enclosing_workspace(&lone.path().join("migration")), None);
    }

    #[test]
    fn entity_dir_without_manifest_is_explained() {
        let tmp = tempfile::tempdir().unwrap();
        let err = scaffold(&tmp.path().join("m"), &tmp.path().join("nothing"), None).unwrap_err();
        assert!(
            format!("{err:#}").contains("--entities must be the directory of the entity crate"),
            "{err:#}"
        );
    }
}
