//! The command line of a migration crate: `revision`, `upgrade`, `downgrade`, `current`, `history`, `check`,
//! `diff`, plus sea-orm-migration's own verbs. `cargo autogen` runs this through the migration crate's `main.rs`.

use crate::bookkeeping;
use crate::config::{self, Config, FileConfig, UrlSource};
use crate::lineage::{self, FileLineage};
use crate::lock::MigrationLock;
use crate::offline;
use crate::prompt;
use crate::registry;
use crate::shadow::Shadow;
use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use sea_autogen_codegen::{
    MigrationMeta, register, render_empty_migration, render_json, render_markdown, render_revision,
};
use sea_autogen_diff::{Plan, RenameSuggestion, Risk, diff, lint, lock_safe};
use sea_autogen_introspect::{Options, backend_of, default_schema, introspect};
use sea_autogen_schema::{Backend, Schema, quote_ident};
use sea_orm::DatabaseConnection;
use sea_orm_migration::{MigrationStatus, MigratorTrait};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod apply;
mod inspect;
mod rebase;
mod revision;
mod revisions;
mod session;
mod targets;
mod waits;

use apply::*;
use inspect::*;
use rebase::*;
use revision::*;
use revisions::*;
use session::*;
use targets::*;

pub use apply::FRONTEND_ENV;
pub use revisions::ListFormat;

/// Exit code of `check` (and `diff --exit-code`) when changes are pending.
const EXIT_PENDING: u8 = 2;

/// The bookkeeping table sea-autogen keeps beside `seaql_migrations` (reserved; never part of the schema).
const AUTOGEN_TABLE: &str = bookkeeping::TABLE;

/// The whole command line of `cargo autogen`, defined once: `cargo-autogen` parses it (and runs `init`,
/// `entities`, `completions` and `help` itself, with no migration crate to build), and so does the migration crate's
/// runner, which runs everything else. `--help`, `help COMMAND` and the shell completions come from it.
#[derive(Debug, Parser)]
#[command(
    name = "cargo autogen",
    bin_name = "cargo autogen",
    version,
    about = "Autogenerate, apply and check SeaORM migrations"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Globals,
    /// With no command, the migration crate's binary applies every pending migration, as sea-orm-migration's runner
    /// does (deploy scripts run it bare); `cargo autogen` with no command prints this help
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Globals {
    /// Database to work on [default: DATABASE_URL, then .env, then autogen.toml, then sqlite://db.sqlite3?mode=rwc]
    #[arg(short = 'u', long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// PostgreSQL: the schema to work in (its `search_path`), as sea-orm-migration's `-s`; ignored elsewhere
    #[arg(short = 's', long, global = true, env = "DATABASE_SCHEMA", value_name = "SCHEMA")]
    pub database_schema: Option<String>,
    /// The migration crate [default: ./migration, or migration_dir in autogen.toml]
    #[arg(long, global = true, value_name = "DIR")]
    pub migration_dir: Option<PathBuf>,
    /// Build the migration crate with optimizations (large schemas)
    #[arg(long, global = true)]
    pub release: bool,
    /// Print only errors and the answer asked for (no progress, no "applied ..." lines)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail: each SQL statement as it runs, with its time; `history` and `current` print each
    /// revision's header
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Never prompt
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Answer yes to confirmations: `fresh`, `refresh`, `reset` and `downgrade base` drop tables and their rows
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
    /// When to use colours (`auto`: on a terminal, unless NO_COLOR is set)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When output is coloured.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How `diff` prints the pending changes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// A summary for a pull-request comment
    Markdown,
    /// The SQL `up` would run on this backend
    Sql,
}

/// Every command of `cargo autogen`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a migration crate, or adopt a sea-orm-migration crate in place
    Init(crate::init::InitArgs),
    /// Write SeaORM entities that describe a database exactly, or add to existing ones what they lack
    Entities(crate::entities::EntitiesArgs),
    /// Print a shell's completion script for `cargo autogen` (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Autogenerate a migration from the difference between the entities and the database
    Revision {
        /// What the migration does; becomes part of its file name
        #[arg(short, long)]
        message: String,
        /// Write a migration with empty up and down, to fill in by hand
        #[arg(long)]
        empty: bool,
        /// Accepted for Alembic habits; autogenerating is the default
        #[arg(long)]
        autogenerate: bool,
        /// Compare with a scratch database the migrations are replayed into, not with the database itself
        #[arg(long)]
        shadow: bool,
        /// Write the plain forms: no concurrent index builds or NOT VALID constraints validated apart on
        /// PostgreSQL (one migration in one transaction), no ALGORITHM clauses on MySQL (as `lock_safe = false` in
        /// autogen.toml)
        #[arg(long)]
        no_lock_safe: bool,
    },
    /// Apply migrations: to `head` (default), `+N` more, or up to a revision
    Upgrade {
        #[arg(default_value = "head")]
        target: String,
        /// Print the SQL instead of running it
        #[arg(long)]
        sql: bool,
    },
    /// Revert migrations: `-N` of them, down to `base`, or back to a revision
    Downgrade {
        #[arg(allow_negative_numbers = true, allow_hyphen_values = true)]
        target: String,
        /// Print the SQL instead of running it
        #[arg(long)]
        sql: bool,
    },
    /// Record the database as being at a revision (`head`, `base`, a revision) without running anything
    Stamp { target: String },
    /// After merging two branches, make each migration that shares its parent with another follow the one before
    /// it (`merge` in Alembic's words; SeaORM applies migrations in one list, so the branches are put in line
    /// rather than joined by a migration with two parents)
    #[command(visible_alias = "merge")]
    Rebase,
    /// Print the revision the database is at (`--verbose`: its header and what is pending)
    Current {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// List every migration, marking those applied (`--verbose`: each one's header and changes)
    History {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Draw the revisions as a graph, branches included
        #[arg(long)]
        graph: bool,
    },
    /// Print the head revisions: those no other follows (two after merging branches with migrations of their own)
    Heads {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print one revision: its message, parent, creation time, changes with their risks, and whether it is applied
    Show {
        /// A revision (full name, unique prefix or message part), `head` or `current`
        #[arg(default_value = "head")]
        revision: String,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Exit 0 when entities and database agree, 2 when changes are pending (printed), 1 on error
    Check {
        /// Compare with a scratch database the migrations are replayed into, not with the database itself
        #[arg(long)]
        shadow: bool,
        /// Fail (exit 1) on migrations or pending changes with these risks: data_loss (or destructive),
        /// may_fail, long_lock, or all
        #[arg(long, value_name = "RISKS", value_delimiter = ',')]
        deny: Vec<String>,
        /// With --deny: lint every migration after this revision (`base`: all) [default: the newest one]
        #[arg(long, value_name = "REVISION", requires = "deny")]
        since: Option<String>,
    },
    /// Print the pending changes without writing anything
    Diff {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 2 when changes are pending
        #[arg(long)]
        exit_code: bool,
        /// Compare with a scratch database the migrations are replayed into, not with the database itself
        #[arg(long)]
        shadow: bool,
        /// Show the plain forms `revision --no-lock-safe` would write
        #[arg(long)]
        no_lock_safe: bool,
    },
    /// sea-orm-migration's `up`: apply pending migrations (all, or `-n N`)
    Up {
        #[arg(short = 'n', long)]
        num: Option<u32>,
    },
    /// sea-orm-migration's `down`: revert the last migration (or `-n N`)
    Down {
        #[arg(short = 'n', long, default_value_t = 1)]
        num: u32,
    },
    /// sea-orm-migration's `status`: same as `history`
    Status,
    /// sea-orm-migration's `fresh`: drop every table, then apply every migration
    Fresh,
    /// sea-orm-migration's `refresh`: revert every migration, then apply them again
    Refresh,
    /// sea-orm-migration's `reset`: revert every migration
    Reset,
}

impl Command {
    fn shadow(&self) -> bool {
        matches!(
            self,
            Command::Revision { shadow: true, .. }
                | Command::Check { shadow: true, .. }
                | Command::Diff { shadow: true, .. }
        )
    }
}

/// Runs the command line of a migration crate; call it from `main` and return its exit code.
///
/// ```text
/// #[tokio::main]
/// async fn main() -> std::process::ExitCode {
///     sea_autogen_migration::cli::run::<migration::Migrator>(
///         sea_autogen_migration::Config::new(env!("CARGO_MANIFEST_DIR")).entities("my_app::entity"),
///     )
///     .await
/// }
/// ```
pub async fn run<M: MigratorTrait>(config: Config) -> ExitCode {
    run_with_args::<M>(config, std::env::args_os()).await
}

/// [`run`] with explicit arguments (the first one is the program name).
pub async fn run_with_args<M: MigratorTrait>(
    config: Config,
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
) -> ExitCode {
    let cli = match config::parse_args::<Cli>(args) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let url_for_scrub = cli.global.database_url.clone();
    let cli = match run_standalone(cli).await {
        Ok(code) => return code,
        Err(cli) => cli,
    };
    config::exit_code(execute::<M>(config, cli).await, url_for_scrub)
}

/// Parses `cargo autogen`'s arguments (the first is the program name) with the one definition of the command line;
/// `Err` holds the exit code when there is nothing more to do (help and version printed, or a usage error).
pub fn parse(args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>) -> Result<Cli, ExitCode> {
    config::parse_args::<Cli>(args)
}

/// Runs the commands that need no migration crate (`init`, `entities`, `completions`) and returns their exit code;
/// hands any other command back.
pub async fn run_standalone(cli: Cli) -> Result<ExitCode, Cli> {
    let url_for_scrub = cli.global.database_url.clone();
    match cli.command {
        Some(Command::Init(args)) => Ok(config::exit_code(crate::init::run(&args), url_for_scrub)),
        Some(Command::Entities(args)) => Ok(config::exit_code(
            crate::entities::execute(&cli.global, args).await,
            url_for_scrub,
        )),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "cargo-autogen", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(cli),
    }
}

async fn execute<M: MigratorTrait>(config: Config, cli: Cli) -> Result<ExitCode> {
    let global = cli.global;
    crate::term::init(global.color, global.verbose);
    let command = cli.command.unwrap_or(Command::Up { num: None });
    let no_lock_safe = matches!(
        command,
        Command::Revision { no_lock_safe: true, .. } | Command::Diff { no_lock_safe: true, .. }
    );
    let schema = global.database_schema.clone().filter(|s| !s.is_empty());
    let interactive = {
        use std::io::IsTerminal;
        !global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    };
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let (file, file_path) = FileConfig::find(&cwd)?;
    let migration_dir = global
        .migration_dir
        .clone()
        .or_else(|| {
            file_path
                .as_ref()
                .zip(file.migration_dir.as_ref())
                .map(|(p, d)| relative_to(p, d))
        })
        .unwrap_or(config.migration_dir.clone());
    let entities = config
        .entities
        .clone()
        .or_else(|| file.entities.clone())
        .unwrap_or_default();

    let (url, source) = config::resolve_database_url(global.database_url.as_deref(), &file);
    config::check_url(&url, source)?;
    if global.verbose {
        eprintln!("database: {} (from {})", config::redact(&url), source.describe());
    }
    let wants_shadow = command.shadow();
    // A SQLite shadow lives in memory: the database file is not even opened.
    let (db, shadow) = if wants_shadow && url.starts_with("sqlite:") {
        let shadow = Shadow::create(&url, Backend::Sqlite, None).await?;
        (shadow.db.clone(), Some(shadow))
    } else {
        let live = connect(&url, source, schema.as_deref()).await?;
        if wants_shadow {
            let backend = backend_of(&live)?;
            let _ = live.close().await;
            let shadow = Shadow::create(&url, backend, schema.as_deref()).await?;
            (shadow.db.clone(), Some(shadow))
        } else {
            (live, None)
        }
    };
    // Everything from here runs in a scope the shadow database outlives by exactly one step: it is dropped after,
    // whatever happened inside (an early error included).
    let replayed = shadow.is_some();
    let outcome = async {
        let mut db = db;
        let ran = StatementLog::default();
        let log = ran.clone();
        db.set_metric_callback(move |info| {
            let sql = info.statement.to_string();
            crate::term::log_statement(&sql, info.elapsed, info.failed);
            if let Ok(mut log) = log.lock() {
                log.push((sql, info.failed));
            }
        });
        let backend = backend_of(&db)?;
        check_backend_listed(&file, backend)?;
        if replayed && let Err(err) = replay::<M>(&db, None, global.quiet, global.verbose).await {
            bail!(
                "replaying the migrations into the shadow database failed: {err}\nfix that migration, then run again"
            );
        }
        let lock_safe = !no_lock_safe && file.lock_safe.unwrap_or(true);
        let ctx = Session {
            db,
            url,
            schema,
            shadow: replayed,
            backend,
            migration_dir,
            entities,
            lock_safe,
            file,
            quiet: global.quiet,
            verbose: global.verbose,
            interactive,
            yes: global.yes,
            ran,
        };
        dispatch::<M>(&ctx, command).await
    }
    .await;
    if let Some(shadow) = shadow {
        let dropped = shadow.drop().await;
        if outcome.is_ok() {
            dropped?;
        }
    }
    outcome
}

/// Runs `command`, taking the migration lock first when it changes what is applied, so two runs at once apply each
/// migration once.
async fn dispatch<M: MigratorTrait>(ctx: &Session, command: Command) -> Result<ExitCode> {
    let changes_applied = matches!(
        command,
        Command::Upgrade { sql: false, .. }
            | Command::Downgrade { sql: false, .. }
            | Command::Up { .. }
            | Command::Down { .. }
            | Command::Stamp { .. }
            | Command::Fresh
            | Command::Refresh
            | Command::Reset
    );
    let drops = match &command {
        Command::Fresh => Some(Drops::Fresh),
        Command::Refresh => Some(Drops::Refresh),
        Command::Reset => Some(Drops::Reset),
        Command::Downgrade { target, sql: false } if target == "base" => Some(Drops::Base),
        _ => None,
    };
    if let Some(drops) = drops {
        confirm_drops::<M>(ctx, drops).await?;
    }
    let lock = if changes_applied {
        Some(MigrationLock::acquire(&ctx.db, ctx.backend, &ctx.url).await?)
    } else {
        None
    };
    let result = match command {
        Command::Revision { message, empty, .. } => revision::<M>(ctx, &message, empty).await,
        Command::Upgrade { target, sql: false } => upgrade::<M>(ctx, &target).await,
        Command::Upgrade { target, sql: true } => upgrade_sql::<M>(ctx, &target).await,
        Command::Up { num } => upgrade::<M>(ctx, &num.map_or("head".to_owned(), |n| format!("+{n}"))).await,
        Command::Downgrade { target, sql } => downgrade::<M>(ctx, &target, sql).await,
        Command::Down { num } => downgrade::<M>(ctx, &format!("-{num}"), false).await,
        Command::Stamp { target } => stamp::<M>(ctx, &target).await,
        Command::Rebase => rebase::<M>(ctx).await,
        Command::Current { format } => current::<M>(ctx, format).await,
        Command::History { format, graph } => history::<M>(ctx, format, graph).await,
        Command::Status => history::<M>(ctx, ListFormat::Text, false).await,
        Command::Heads { format } => heads::<M>(ctx, format).await,
        Command::Show { revision, format } => show::<M>(ctx, &revision, format).await,
        Command::Check { deny, since, .. } => check::<M>(ctx, &deny, since.as_deref()).await,
        Command::Diff { format, exit_code, .. } => diff_command::<M>(ctx, format, exit_code).await,
        Command::Fresh => {
            let before = sea_orm_verb_start::<M>(ctx).await;
            sea_orm_verb::<M>(ctx, M::fresh(&ctx.db).await, Drops::Fresh, before).await
        }
        Command::Refresh => {
            let before = sea_orm_verb_start::<M>(ctx).await;
            sea_orm_verb::<M>(ctx, M::refresh(&ctx.db).await, Drops::Refresh, before).await
        }
        Command::Reset => {
            let before = sea_orm_verb_start::<M>(ctx).await;
            sea_orm_verb::<M>(ctx, M::reset(&ctx.db).await, Drops::Reset, before).await
        }
        // `run_standalone` runs these before any connection is made.
        Command::Init(_) | Command::Entities(_) | Command::Completions { .. } => Ok(ExitCode::SUCCESS),
    };
    if let Some(lock) = lock {
        lock.release().await?;
    }
    result
}

/// `backends` in autogen.toml names the backends the project runs on; working on another one is a mistake.
fn check_backend_listed(file: &FileConfig, backend: Backend) -> Result<()> {
    let mut listed = Vec::new();
    for name in &file.backends {
        match Backend::parse(name) {
            Some(b) => listed.push(b),
            None => bail!("autogen.toml: unknown backend `{name}` in `backends`: use sqlite, postgres or mysql"),
        }
    }
    if !listed.is_empty() && !listed.contains(&backend) {
        bail!(
            "this database is {backend}, but autogen.toml lists backends {}: check the database URL or add {backend}",
            file.backends.join(", ")
        );
    }
    Ok(())
}

fn relative_to(config_file: &Path, dir: &Path) -> PathBuf {
    config_file.parent().map_or_else(|| dir.to_owned(), |p| p.join(dir))
}

async fn connect(url: &str, source: UrlSource, schema: Option<&str>) -> Result<DatabaseConnection> {
    config::connect(url, schema, "the database", &format!(" (from {})", source.describe())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_follow_sea_orm_migration_naming() {
        let now = time::macros::datetime!(2026-11-26 10:15:00 UTC);
        assert_eq!(revision_stem(now, "add users"), "m20261126_101500_add_users");
        assert_eq!(
            revision_stem(now, "Add Users & Addresses!"),
            "m20261126_101500_add_users_addresses"
        );
        assert_eq!(revision_stem(now, "  "), "m20261126_101500_migration");
        assert_eq!(revision_stem(now, "ünïcode"), "m20261126_101500_n_code");
    }

    #[test]
    fn revisions_by_stem_prefix_or_message() {
        let names = vec![
            "m20261126_101500_add_users".to_owned(),
            "m20261127_090000_add_email".to_owned(),
        ];
        assert_eq!(find_revision(&names, "m20261127_090000_add_email").unwrap(), 1);
        assert_eq!(find_revision(&names, "m20261126").unwrap(), 0);
        assert_eq!(find_revision(&names, "add_email").unwrap(), 1);
        assert!(
            find_revision(&names, "m2026")
                .unwrap_err()
                .to_string()
                .contains("ambiguous")
        );
        assert!(
            find_revision(&names, "nope")
                .unwrap_err()
                .to_string()
                .contains("unknown revision")
        );
    }

    #[test]
    fn usage_errors_exit_1() {
        let code = tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(run_with_args::<NoMigrations>(
                Config::new("."),
                ["migration", "frobnicate"],
            ));
        assert_eq!(code, ExitCode::from(1));
    }

    #[test]
    fn downgrade_takes_negative_numbers() {
        let cli = Cli::try_parse_from(["migration", "downgrade", "-1"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Downgrade { target, .. }) if target == "-1"));
    }

    struct NoMigrations;

    impl MigratorTrait for NoMigrations {
        fn migrations() -> Vec<Box<dyn sea_orm_migration::MigrationTrait>> {
            vec![]
        }
    }
}
