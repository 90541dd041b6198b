//! `cargo autogen`: parses the command line with its one definition (`sea_autogen_migration::cli::Cli`), runs
//! what needs no migration crate itself (`init`, `entities`, `completions`, and `--help`/`help COMMAND`, which clap
//! answers), and builds and runs the migration crate (its `main.rs` is sea-autogen's runner) for every other
//! command.

use anyhow::{Context, Result, bail};
use clap::CommandFactory;
use sea_autogen_migration::cli::{self, Cli};
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

mod build;

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    // Run as `cargo autogen ...`, cargo passes the subcommand name first.
    if args.first().is_some_and(|a| a == "autogen") {
        args.remove(0);
    }
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            anstream::eprintln!("{} {err:#}", sea_autogen_migration::term::error_label());
            ExitCode::from(1)
        }
    }
}

fn run(args: Vec<OsString>) -> Result<ExitCode> {
    let program = std::iter::once(OsString::from("cargo autogen"));
    let cli = match cli::parse(program.chain(args.iter().cloned())) {
        Ok(cli) => cli,
        Err(code) => return Ok(code),
    };
    sea_autogen_migration::term::init(cli.global.color, false);
    if cli.command.is_none() {
        eprint!("{}", Cli::command().render_help());
        return Ok(ExitCode::from(1));
    }
    let release = cli.global.release;
    let quiet = cli.global.quiet;
    let migration_dir = cli.global.migration_dir.clone();
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    match runtime.block_on(cli::run_standalone(cli)) {
        Ok(code) => Ok(code),
        Err(_) => {
            let dir = sea_autogen_migration::migration_crate_dir(migration_dir.as_deref())?;
            run_migration_crate(&dir, &args, release, quiet)
        }
    }
}

/// Builds and runs the migration crate's binary with the same arguments, in the current directory.
/// `--release` is ours, not the runner's: it builds the migration crate with optimizations.
fn run_migration_crate(dir: &Path, args: &[OsString], release: bool, quiet: bool) -> Result<ExitCode> {
    let binary = build::migration_crate(dir, release, quiet)?;
    let forwarded = args.iter().filter(|a| *a != "--release");
    let status = Command::new(&binary)
        .args(forwarded)
        .env(sea_autogen_migration::cli::FRONTEND_ENV, "cargo-autogen")
        .env("CARGO_MANIFEST_DIR", dir)
        .status()
        .with_context(|| format!("starting {}", binary.display()))?;
    match status.code() {
        Some(code @ 0..=2) => Ok(ExitCode::from(code as u8)),
        // 101: a panic in the runner; its message is above.
        Some(101) => bail!("the migration crate's binary {} panicked (see above)", binary.display()),
        Some(code) => Ok(ExitCode::from(u8::try_from(code).unwrap_or(1))),
        None => bail!("the migration crate's binary was killed by a signal"),
    }
}
