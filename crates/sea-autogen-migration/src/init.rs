//! `cargo autogen init [DIR] --entities ENTITY_CRATE_DIR`: scaffolds a migration crate whose `main.rs` runs
//! sea-autogen and links the entity crate, so its `#[derive(Autogen)]` registrations are seen.

use anyhow::{Context, Result, bail};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// `cargo autogen init`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// Where to create the migration crate
    #[arg(default_value = "migration")]
    pub dir: PathBuf,
    /// The crate holding the SeaORM entities (its directory)
    #[arg(long, value_name = "ENTITY_CRATE_DIR")]
    pub entities: PathBuf,
}

/// Runs `cargo autogen init`.
pub(crate) fn run(parsed: &InitArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let dir = cwd.join(&parsed.dir);
    if dir.join("Cargo.toml").exists() {
        let adopted = adopt(&dir, &cwd.join(&parsed.entities), local_sea_autogen().as_deref())?;
        for line in adopted.report {
            println!("{line}");
        }
        println!("next: cargo autogen history, then cargo autogen check");
        return Ok(ExitCode::SUCCESS);
    }
    let written = scaffold(&dir, &cwd.join(&parsed.entities), local_sea_autogen().as_deref())?;
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

/// This checkout's `sea-autogen-migration` crate (the runner) when it was built from a source tree (a clone, or
/// `cargo install --path`), so scaffolds use it by path; `None` for a packaged crate (crates.io), which they name by
/// version.
fn local_sea_autogen() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let packaged = dir.join(".cargo_vcs_info.json").exists();
    let checkout = dir
        .parent()
        .is_some_and(|crates| crates.join("sea-autogen/Cargo.toml").is_file());
    (checkout && !packaged && dir.join("Cargo.toml").is_file()).then_some(dir)
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

/// What adopting a crate did, line by line, for the terminal.
pub(crate) struct Adopted {
    pub(crate) report: Vec<String>,
}

/// Adopts an existing sea-orm-migration crate in place: its `lib.rs` and every migration stay as they are (and in
/// their order); the dependencies sea-autogen needs are added to its `Cargo.toml`; sea-orm-migration's standard
/// runner in `src/main.rs` is replaced by sea-autogen's, which answers the same verbs (`up`, `down`, `status`,
/// `fresh`, `refresh`, `reset`). A `main.rs` that does something else is left alone, with what to add by hand.
pub(crate) fn adopt(dir: &Path, entities: &Path, sea_autogen: Option<&Path>) -> Result<Adopted> {
    let lib_path = dir.join("src/lib.rs");
    let lib_rs = std::fs::read_to_string(&lib_path).unwrap_or_default();
    if !lib_rs.contains("MigratorTrait") {
        bail!(
            "{} holds a crate that is not a sea-orm-migration crate (no `MigratorTrait` in src/lib.rs): choose a new \
             directory for `cargo autogen init`",
            dir.display()
        );
    }
    let main_path = dir.join("src/main.rs");
    let main_rs = std::fs::read_to_string(&main_path).unwrap_or_default();
    if main_rs.contains("sea_autogen") {
        bail!("{} already runs sea-autogen: nothing to adopt", main_path.display());
    }
    let manifest_path = dir.join("Cargo.toml");
    let manifest =
        std::fs::read_to_string(&manifest_path).with_context(|| format!("reading {}", manifest_path.display()))?;
    let value: toml::Table =
        toml::from_str(&manifest).with_context(|| format!("{} is not valid", manifest_path.display()))?;
    let package = value
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .with_context(|| format!("{} has no [package] name", manifest_path.display()))?;
    let migration_lib = value
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(|n| n.as_str())
        .map_or_else(|| package.replace('-', "_"), str::to_owned);
    let (entity_package, entity_lib) = entity_crate(entities)?;
    let main = runner_main(&entity_lib, &migration_lib);
    if !main_rs.is_empty() && !main_rs.contains("run_cli") {
        bail!(
            "{} is not sea-orm-migration's runner, so it is left as it is. Adopt by hand: add sea-autogen-migration \
             and the entity crate to [dependencies], and make the binary that runs migrations call \
             `sea_autogen_migration::cli::run`, as in:\n\n{main}",
            main_path.display()
        );
    }

    let has = |name: &str| {
        value
            .get("dependencies")
            .and_then(|d| d.as_table())
            .is_some_and(|d| d.contains_key(name))
    };
    let sea_autogen_dep = match sea_autogen {
        Some(path) => format!("{{ path = \"{}\" }}", relative(dir, path).display()),
        None => format!("\"{}\"", env!("CARGO_PKG_VERSION")),
    };
    let mut added = Vec::new();
    if !has(&entity_package) {
        added.push(format!(
            "{entity_package} = {{ path = \"{}\" }}",
            relative(dir, entities).display()
        ));
    }
    if !has("sea-autogen-migration") {
        added.push(format!("sea-autogen-migration = {sea_autogen_dep}"));
    }
    if !has("tokio") {
        added.push("tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }".to_owned());
    }
    let mut report = Vec::new();
    if !added.is_empty() {
        let lines = added.join("\n");
        let updated = match manifest.find("\n[dependencies]\n") {
            Some(at) => {
                let after = at + "\n[dependencies]\n".len();
                format!("{}{lines}\n{}", &manifest[..after], &manifest[after..])
            }
            None if manifest.starts_with("[dependencies]\n") => {
                format!("[dependencies]\n{lines}\n{}", &manifest["[dependencies]\n".len()..])
            }
            None => format!("{}\n[dependencies]\n{lines}\n", manifest.trim_end()),
        };
        std::fs::write(&manifest_path, updated).with_context(|| format!("writing {}", manifest_path.display()))?;
        report.push(format!("added to {}: {}", manifest_path.display(), added.join("; ")));
    }
    std::fs::write(&main_path, &main).with_context(|| format!("writing {}", main_path.display()))?;
    report.push(format!(
        "replaced {}: sea-orm-migration's runner becomes sea-autogen's, which also answers up, down, status, \
         fresh, refresh and reset",
        main_path.display()
    ));
    let kept = lib_rs.matches("Box::new(").count();
    report.push(format!(
        "kept {} and its {kept} migration(s), in their order",
        lib_path.display()
    ));
    Ok(Adopted { report })
}

/// The `main.rs` of a migration crate run by sea-autogen.
fn runner_main(entity_lib: &str, migration_lib: &str) -> String {
    format!(
        r#"//! Runs sea-autogen's command line (`cargo autogen ...`) for this migration crate.

// Linking the entity crate keeps its `#[derive(Autogen)]` registrations.
use {entity_lib} as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {{
    let config = sea_autogen_migration::Config::new(env!("CARGO_MANIFEST_DIR")).entities("{entity_lib}");
    sea_autogen_migration::cli::run::<{migration_lib}::Migrator>(config).await
}}
"#
    )
}

/// The `sea-orm-migration` line of the Cargo.toml that `scaffold` writes, kept out of its raw string so that the
/// line can be split in the source.
const SEA_ORM_MIGRATION: &str = concat!(
    r#"sea-orm-migration = { version = "2.0.4", default-features = false, "#,
    r#"features = ["runtime-tokio", "sqlx-sqlite", "sqlx-postgres", "sqlx-mysql"] }"#,
);

pub(crate) fn scaffold(dir: &Path, entities: &Path, sea_autogen: Option<&Path>) -> Result<Vec<PathBuf>> {
    if dir.join("Cargo.toml").exists() {
        bail!(
            "{} already holds a crate: `cargo autogen init` adopts it when it is a sea-orm-migration crate",
            dir.display()
        );
    }
    let (package, lib) = entity_crate(entities)?;
    let sea_autogen_dep = match sea_autogen {
        Some(path) => format!("{{ path = \"{}\" }}", relative(dir, path).display()),
        None => format!("\"{}\"", env!("CARGO_PKG_VERSION")),
    };
    // Named `migration`, as sea-orm-cli names it: deploy scripts run `cargo run -p migration`.
    let cargo_toml = format!(
        r#"[package]
name = "migration"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
name = "migration"
path = "src/lib.rs"

[dependencies]
{package} = {{ path = "{entities}" }}
sea-autogen-migration = {sea_autogen_dep}
{SEA_ORM_MIGRATION}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
"#,
        entities = relative(dir, entities).display(),
    );
    let lib_rs = concat!(
        "//! The migrations of this project, in the order they apply. `cargo autogen revision` adds to this list.",
        r#"

pub use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![]
    }
}
"#
    );
    let main_rs = runner_main(&lib, "migration");
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
        assert!(cargo.contains("sea-autogen-migration = \"0.1.0\""), "{cargo}");
        let main = std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
        assert!(main.contains("use my_app as _;"), "{main}");
        assert!(main.contains(".entities(\"my_app\")"), "{main}");
        let err = scaffold(&dir, &entities, None).unwrap_err().to_string();
        assert!(err.contains("already holds a crate"), "{err}");
        let not_migration = adopt(&dir, &entities, None).err().unwrap().to_string();
        assert!(not_migration.contains("already runs sea-autogen"), "{not_migration}");
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
    fn adopts_a_sea_orm_migration_crate_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let app = tmp.path().join("app");
        std::fs::create_dir_all(app.join("migration/src")).unwrap();
        std::fs::write(
            app.join("Cargo.toml"),
            "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        let dir = app.join("migration");
        let manifest = "[package]\nname = \"migration\"\n\n[dependencies]\ntokio = \"1\"\n\n\
                        [dependencies.sea-orm-migration]\nversion = \"2\"\n";
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        let lib = "pub struct Migrator;\nimpl MigratorTrait for Migrator {\n    \
                   fn migrations() -> Vec<Box<dyn MigrationTrait>> {\n        \
                   vec![Box::new(m1::Migration)]\n    }\n}\n";
        std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
        std::fs::write(
            dir.join("src/main.rs"),
            "async fn main() { cli::run_cli(migration::Migrator).await; }\n",
        )
        .unwrap();
        std::fs::write(dir.join("src/m1.rs"), "// a hand-written migration\n").unwrap();

        let adopted = adopt(&dir, &app, None).unwrap();
        assert!(
            adopted.report.iter().any(|l| l.contains("its 1 migration(s)")),
            "{:?}",
            adopted.report
        );
        assert_eq!(std::fs::read_to_string(dir.join("src/lib.rs")).unwrap(), lib);
        assert_eq!(
            std::fs::read_to_string(dir.join("src/m1.rs")).unwrap(),
            "// a hand-written migration\n"
        );
        let cargo = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(
            cargo.contains(
                "[dependencies]\nmy-app = { path = \"..\" }\nsea-autogen-migration = \"0.1.0\"\ntokio = \"1\""
            ),
            "{cargo}"
        );
        assert!(cargo.contains("[dependencies.sea-orm-migration]"), "{cargo}");
        let main = std::fs::read_to_string(dir.join("src/main.rs")).unwrap();
        assert!(
            main.contains("sea_autogen_migration::cli::run::<migration::Migrator>"),
            "{main}"
        );
        let again = adopt(&dir, &app, None).err().unwrap().to_string();
        assert!(again.contains("already runs sea-autogen"), "{again}");

        // A main.rs of the user's own is never overwritten.
        std::fs::write(dir.join("src/main.rs"), "fn main() { my_own_startup(); }\n").unwrap();
        let custom = adopt(&dir, &app, None).err().unwrap().to_string();
        assert!(custom.contains("is not sea-orm-migration's runner"), "{custom}");
        assert_eq!(
            std::fs::read_to_string(dir.join("src/main.rs")).unwrap(),
            "fn main() { my_own_startup(); }\n"
        );
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
