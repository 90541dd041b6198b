//! `cargo autogen`: finds the migration crate and runs it (its `main.rs` is sea-autogen's runner); `init`
//! scaffolds a new migration crate, and `entities` writes entities from a database, both without one.

mod init;

use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    // Run as `cargo autogen ...`, cargo passes the subcommand name first.
    if args.first().is_some_and(|a| a == "autogen") {
        args.remove(0);
    }
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

const HELP: &str = "\
Autogenerate, apply and check SeaORM migrations

Usage: cargo autogen [OPTIONS] <COMMAND>

Commands:
  init        Scaffold a migration crate: cargo autogen init [DIR] --entities ENTITY_CRATE_DIR
  entities    Write SeaORM entities from a database (--output DIR), or add what existing ones lack (--annotate DIR)
  revision    Autogenerate a migration from the difference between the entities and the database
  upgrade     Apply migrations: to `head` (default), `+N` more, or up to a revision
  downgrade   Revert migrations: `-N` of them, down to `base`, or back to a revision
  current     Print the revision the database is at
  history     List every migration, marking those applied
  check       Exit 0 when entities and database agree, 2 when changes are pending, 1 on error
  diff        Print the pending changes (--format text|json) without writing anything

Options:
      --database-url <URL>   Database to work on [default: DATABASE_URL, .env, autogen.toml, sqlite://db.sqlite3?mode=rwc]
      --migration-dir <DIR>  The migration crate [default: ./migration, or migration_dir in autogen.toml]
  -q, --quiet                Print only errors and results
  -v, --verbose              Print more detail
      --release              Build the migration crate with optimizations (large schemas)
  -h, --help                 Print help (`cargo autogen <COMMAND> --help` for a command's options)
";

fn run(args: Vec<OsString>) -> Result<ExitCode> {
    let command = first_command(&args);
    match command.as_deref() {
        None if args.iter().any(|a| a == "-V" || a == "--version") => {
            println!("cargo-autogen {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        None if args.iter().any(|a| a == "-h" || a == "--help") => {
            print!("{HELP}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprint!("{HELP}");
            Ok(ExitCode::from(1))
        }
        Some("init") => init::run(&args),
        Some("entities") => {
            // The runner's own parser, with the arguments after `entities`.
            let position = args.iter().position(|a| a == "entities").unwrap_or(0);
            let rest: Vec<OsString> = std::iter::once(OsString::from("cargo autogen entities"))
                .chain(args[..position].iter().cloned())
                .chain(args[position + 1..].iter().cloned())
                .collect();
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            Ok(runtime.block_on(sea_autogen_migration::entities::run(rest)))
        }
        Some(_) => {
            let dir = migration_dir(&args)?;
            run_migration_crate(&dir, &args)
        }
    }
}

/// Options that take a value, so the value is not mistaken for the command.
const VALUE_OPTIONS: &[&str] = &[
    "--database-url",
    "-u",
    "--database-schema",
    "-s",
    "--migration-dir",
    "--color",
];

fn first_command(args: &[OsString]) -> Option<String> {
    let mut skip_value = false;
    for arg in args {
        let arg = arg.to_string_lossy();
        if skip_value {
            skip_value = false;
        } else if VALUE_OPTIONS.contains(&arg.as_ref()) {
            skip_value = true;
        } else if !arg.starts_with('-') {
            return Some(arg.into_owned());
        }
    }
    None
}

fn option_value(args: &[OsString], name: &str) -> Option<OsString> {
    let prefix = format!("{name}=");
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == name {
            return iter.next().cloned();
        }
        if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix(&prefix)) {
            return Some(value.into());
        }
    }
    None
}

#[derive(Debug, Default, serde::Deserialize)]
struct FileConfig {
    migration_dir: Option<PathBuf>,
}

/// `--migration-dir` > `migration_dir` in the nearest autogen.toml > `./migration`.
fn migration_dir(args: &[OsString]) -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let dir = if let Some(dir) = option_value(args, "--migration-dir") {
        cwd.join(dir)
    } else if let Some((config, at)) = find_config(&cwd)? {
        match config.migration_dir {
            Some(dir) => at.join(dir),
            None => cwd.join("migration"),
        }
    } else {
        cwd.join("migration")
    };
    if !dir.join("Cargo.toml").is_file() {
        bail!(
            "no migration crate at {}: run `cargo autogen init --entities <ENTITY_CRATE_DIR>`, or pass --migration-dir",
            dir.display()
        );
    }
    Ok(dir)
}

fn find_config(start: &Path) -> Result<Option<(FileConfig, PathBuf)>> {
    for dir in start.ancestors() {
        let path = dir.join("autogen.toml");
        if path.is_file() {
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            // Only `migration_dir` matters here; the runner validates the whole file.
            let value: toml::Table =
                toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
            let config = FileConfig {
                migration_dir: value.get("migration_dir").and_then(|v| v.as_str()).map(PathBuf::from),
            };
            return Ok(Some((config, dir.to_owned())));
        }
    }
    Ok(None)
}

/// Builds and runs the migration crate's binary with the same arguments, in the current directory.
/// `--release` is ours, not the runner's: it builds the migration crate with optimizations.
fn run_migration_crate(dir: &Path, args: &[OsString]) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let verbose = args.iter().any(|a| a == "-v" || a == "--verbose");
    let release = args.iter().any(|a| a == "--release");
    let forwarded = args.iter().filter(|a| *a != "--release");
    let mut command = Command::new(cargo);
    command.arg("run");
    if !verbose {
        command.arg("--quiet");
    }
    if release {
        command.arg("--release");
    }
    command
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--")
        .args(forwarded);
    let status = command.status().context("starting cargo")?;
    match status.code() {
        Some(code @ 0..=2) => Ok(ExitCode::from(code as u8)),
        // 101: cargo's own failure (the migration crate did not build), or a panic in the runner; either way the
        // errors are above.
        Some(101) => bail!(
            "building or running the migration crate at {} failed (see the errors above)",
            dir.display()
        ),
        Some(code) => Ok(ExitCode::from(u8::try_from(code).unwrap_or(1))),
        None => bail!("the migration crate's binary was killed by a signal"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn finds_the_command_after_options() {
        assert_eq!(
            first_command(&args(&["--database-url", "sqlite::memory:", "check"])),
            Some("check".into())
        );
        assert_eq!(
            first_command(&args(&["-q", "downgrade", "-1"])),
            Some("downgrade".into())
        );
        assert_eq!(first_command(&args(&["--help"])), None);
        assert_eq!(
            option_value(&args(&["--migration-dir=m", "check"]), "--migration-dir"),
            Some("m".into())
        );
        assert_eq!(
            option_value(&args(&["--migration-dir", "m"]), "--migration-dir"),
            Some("m".into())
        );
    }

    #[test]
    fn missing_migration_crate_names_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let err = run_migration_crate_checked(dir.path()).unwrap_err().to_string();
        assert!(err.contains("no migration crate at"), "{err}");
        assert!(err.contains("cargo autogen init"), "{err}");
    }

    fn run_migration_crate_checked(cwd: &Path) -> Result<PathBuf> {
        migration_dir(&args(&["--migration-dir", cwd.join("nope").to_str().unwrap(), "check"]))
    }
}
