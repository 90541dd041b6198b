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
use clap::{Parser, Subcommand, ValueEnum};
use sea_autogen_codegen::{
    MigrationMeta, register, render_empty_migration, render_json, render_markdown, render_migration, render_text,
};
use sea_autogen_diff::{Plan, RenameSuggestion, Risk, diff, lint};
use sea_autogen_introspect::{Options, backend_of, default_schema, introspect};
use sea_autogen_schema::{Backend, Schema};
use sea_orm::DatabaseConnection;
use sea_orm_migration::{MigrationStatus, MigratorTrait};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code of `check` (and `diff --exit-code`) when changes are pending.
const EXIT_PENDING: u8 = 2;

/// The bookkeeping table sea-autogen keeps beside `seaql_migrations` (reserved; never part of the schema).
const AUTOGEN_TABLE: &str = bookkeeping::TABLE;

#[derive(Debug, Parser)]
#[command(
    name = "cargo autogen",
    version,
    about = "Autogenerate, apply and check SeaORM migrations",
    disable_help_subcommand = true
)]
struct Cli {
    /// Database to work on [default: DATABASE_URL, then .env, then autogen.toml, then sqlite://db.sqlite3?mode=rwc]
    #[arg(short = 'u', long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// PostgreSQL: the schema to work in (its `search_path`), as sea-orm-migration's `-s`; ignored elsewhere
    #[arg(short = 's', long, global = true, env = "DATABASE_SCHEMA", value_name = "SCHEMA")]
    database_schema: Option<String>,
    /// The migration crate [default: the crate this runner is built into]
    #[arg(long, global = true, value_name = "DIR")]
    migration_dir: Option<PathBuf>,
    /// Print only errors and results
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print more detail
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Never prompt
    #[arg(long, global = true)]
    no_input: bool,
    /// When to use colors
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// With no command, applies every pending migration, as sea-orm-migration's runner does (deploy scripts run
    /// the migration binary bare)
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    /// A summary for a pull-request comment
    Markdown,
    /// The SQL `up` would run on this backend
    Sql,
}

#[derive(Debug, Subcommand)]
enum Command {
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
    /// Make a migration that shares its parent with another (two merged branches) follow the one before it
    Rebase,
    /// Print the revision the database is at
    Current,
    /// List every migration, marking those applied
    History,
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
    let url_for_scrub = cli.database_url.clone();
    config::exit_code(execute::<M>(config, cli).await, url_for_scrub)
}

/// Everything a command needs, resolved once from flags, files and the environment.
struct Session {
    db: DatabaseConnection,
    /// The database URL as given (for a shadow database on the same server); printed only redacted.
    url: String,
    /// PostgreSQL: the schema of `-s`/`DATABASE_SCHEMA`, the connection's `search_path`.
    schema: Option<String>,
    /// Whether `db` is a shadow database the migrations were replayed into.
    shadow: bool,
    backend: Backend,
    migration_dir: PathBuf,
    entities: String,
    file: FileConfig,
    quiet: bool,
    verbose: bool,
    /// Whether a person is there to answer questions: a terminal on both ends, and no `--no-input`.
    interactive: bool,
    /// Every statement run on `db`, with whether it failed: on MySQL, a failed migration's report lists the ones
    /// that stay applied.
    ran: StatementLog,
}

/// Statements run on a connection, in order, each with whether it failed.
type StatementLog = std::sync::Arc<std::sync::Mutex<Vec<(String, bool)>>>;

impl Session {
    fn say(&self, line: impl AsRef<str>) {
        if !self.quiet {
            println!("{}", line.as_ref());
        }
    }
}

async fn execute<M: MigratorTrait>(config: Config, cli: Cli) -> Result<ExitCode> {
    let _ = cli.color;
    let command = cli.command.unwrap_or(Command::Up { num: None });
    let schema = cli.database_schema.filter(|s| !s.is_empty());
    let interactive = {
        use std::io::IsTerminal;
        !cli.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    };
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let (file, file_path) = FileConfig::find(&cwd)?;
    let migration_dir = cli
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

    let (url, source) = config::resolve_database_url(cli.database_url.as_deref(), &file);
    config::check_url(&url, source)?;
    if cli.verbose {
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
    let mut db = db;
    let ran = StatementLog::default();
    let log = ran.clone();
    db.set_metric_callback(move |info| {
        if let Ok(mut log) = log.lock() {
            log.push((info.statement.to_string(), info.failed));
        }
    });
    let backend = backend_of(&db)?;
    check_backend_listed(&file, backend)?;
    if let Some(replayed) = &shadow
        && let Err(err) = M::up(&replayed.db, None).await
    {
        if let Some(shadow) = shadow {
            let _ = shadow.drop().await;
        }
        bail!("replaying the migrations into the shadow database failed: {err}\nfix that migration, then run again");
    }
    let ctx = Session {
        db,
        url,
        schema,
        shadow: shadow.is_some(),
        backend,
        migration_dir,
        entities,
        file,
        quiet: cli.quiet,
        verbose: cli.verbose,
        interactive,
        ran,
    };

    // Runs that change what is applied take the migration lock first, so two at once apply each migration once.
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
    let lock = if changes_applied {
        Some(MigrationLock::acquire(&ctx.db, ctx.backend, &ctx.url).await?)
    } else {
        None
    };
    let result = match command {
        Command::Revision { message, empty, .. } => revision::<M>(&ctx, &message, empty).await,
        Command::Upgrade { target, sql: false } => upgrade::<M>(&ctx, &target).await,
        Command::Upgrade { target, sql: true } => upgrade_sql::<M>(&ctx, &target).await,
        Command::Up { num } => upgrade::<M>(&ctx, &num.map_or("head".to_owned(), |n| format!("+{n}"))).await,
        Command::Downgrade { target, sql } => downgrade::<M>(&ctx, &target, sql).await,
        Command::Down { num } => downgrade::<M>(&ctx, &format!("-{num}"), false).await,
        Command::Stamp { target } => stamp::<M>(&ctx, &target).await,
        Command::Rebase => rebase::<M>(&ctx).await,
        Command::Current => current::<M>(&ctx).await,
        Command::History | Command::Status => history::<M>(&ctx).await,
        Command::Check { deny, since, .. } => check::<M>(&ctx, &deny, since.as_deref()).await,
        Command::Diff { format, exit_code, .. } => diff_command::<M>(&ctx, format, exit_code).await,
        Command::Fresh => sea_orm_verb::<M>(&ctx, M::fresh(&ctx.db).await, "fresh").await,
        Command::Refresh => sea_orm_verb::<M>(&ctx, M::refresh(&ctx.db).await, "refresh").await,
        Command::Reset => sea_orm_verb::<M>(&ctx, M::reset(&ctx.db).await, "reset").await,
    };
    if let Some(lock) = lock {
        lock.release().await?;
    }
    if let Some(shadow) = shadow {
        drop(ctx);
        shadow.drop().await?;
    }
    result
}

/// sea-orm-migration's `fresh`, `refresh` and `reset` apply and revert on their own: afterwards the recorded
/// checksums are brought in line with what is applied now (the files as they are).
async fn sea_orm_verb<M: MigratorTrait>(
    ctx: &Session,
    result: Result<(), sea_orm::DbErr>,
    verb: &str,
) -> Result<ExitCode> {
    let applied: Vec<String> = applied_now::<M>(ctx).await;
    let recorded = bookkeeping::checksums(&ctx.db).await;
    let gone: Vec<String> = recorded.into_keys().filter(|n| !applied.contains(n)).collect();
    bookkeeping::forget(&ctx.db, &gone).await?;
    bookkeeping::record(&ctx.db, &file_checksums::<M>(ctx, |name| applied.contains(name))).await?;
    result.with_context(|| format!("{verb} failed"))?;
    Ok(ExitCode::SUCCESS)
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

/// Tables that are never part of the schema: sea-orm-migration's and sea-autogen's bookkeeping.
fn bookkeeping<M: MigratorTrait>() -> Vec<String> {
    vec![M::migration_table_name().to_string(), AUTOGEN_TABLE.to_owned()]
}

/// Entities and database, each limited to the tables `autogen.toml` lets us manage.
async fn plan<M: MigratorTrait>(ctx: &Session) -> Result<Plan> {
    Ok(plan_and_schemas::<M>(ctx).await?.0)
}

/// Like [`plan`], but on a terminal each likely rename is asked about first ("Did you rename ...? [y/N]"); the
/// renames confirmed become hints, exactly as `renamed_from` attributes would be.
async fn plan_asking<M: MigratorTrait>(ctx: &Session) -> Result<(Plan, Schema)> {
    let (plan, live, mut desired) = plan_and_schemas::<M>(ctx).await?;
    if !ctx.interactive {
        return Ok((plan, desired));
    }
    let suggestions: Vec<RenameSuggestion> = plan.warnings.iter().filter_map(|w| w.rename.clone()).collect();
    if suggestions.is_empty() {
        return Ok((plan, desired));
    }
    let stdin = std::io::stdin();
    let confirmed = prompt::confirm_renames(&suggestions, &mut stdin.lock(), &mut std::io::stderr())?;
    if confirmed.is_empty() {
        return Ok((plan, desired));
    }
    prompt::apply_renames(&mut desired, &confirmed);
    Ok((diff(&live, &desired, ctx.backend), desired))
}

/// The schema the entities describe, placed in the database's default schema.
async fn desired_schema(ctx: &Session) -> Result<Schema> {
    let mut desired: Schema = registry::desired_schema(ctx.backend, &ctx.entities)?;
    if let Some(default) = default_schema(&ctx.db).await? {
        desired = desired.with_default_schema(&default);
    }
    Ok(desired)
}

async fn plan_and_schemas<M: MigratorTrait>(ctx: &Session) -> Result<(Plan, Schema, Schema)> {
    let mut desired = desired_schema(ctx).await?;
    // Tables in other PostgreSQL schemas (`schema_name`) are read when the entities name those schemas.
    let live = read_schema::<M>(ctx, &ctx.db, &desired).await?;
    desired.tables.retain(|name, _| ctx.file.manages(name));
    let plan = diff(&live, &desired, ctx.backend);
    Ok((plan, live, desired))
}

/// The schema of `db` (the database, or a shadow one), limited to the tables `autogen.toml` lets us manage, in the
/// schemas `desired` names.
async fn read_schema<M: MigratorTrait>(ctx: &Session, db: &DatabaseConnection, desired: &Schema) -> Result<Schema> {
    let options = Options {
        schemas: desired.schema_names(),
        ..Options::ignoring(bookkeeping::<M>())
    };
    let mut live = introspect(db, &options).await?;
    live.tables.retain(|name, _| ctx.file.manages(name));
    Ok(live)
}

/// The lineage of the migration files, in the Migrator's order.
fn lineage_of<M: MigratorTrait>(ctx: &Session) -> Vec<FileLineage> {
    let names: Vec<String> = M::migrations().iter().map(|m| m.name().to_owned()).collect();
    lineage::read(&ctx.migration_dir, &names)
}

/// The names of the migrations applied now, in the Migrator's order; empty when they cannot be read.
async fn applied_now<M: MigratorTrait>(ctx: &Session) -> Vec<String> {
    statuses::<M>(ctx)
        .await
        .map(|s| s.into_iter().filter(|(_, a)| *a).map(|(n, _)| n).collect())
        .unwrap_or_default()
}

/// `(name, checksum)` of the migration files `chosen` picks, for `bookkeeping::record`.
fn file_checksums<M: MigratorTrait>(ctx: &Session, chosen: impl Fn(&String) -> bool) -> Vec<(String, String)> {
    lineage_of::<M>(ctx)
        .into_iter()
        .filter(|f| chosen(&f.name))
        .filter_map(|f| Some((f.name, f.checksum?)))
        .collect()
}

/// Fails, explaining the fix, when the files disagree with the Migrator's order (two branches merged), or when an
/// applied migration's file was edited afterwards.
async fn check_lineage<M: MigratorTrait>(ctx: &Session) -> Result<Vec<FileLineage>> {
    let files = lineage_of::<M>(ctx);
    let misplaced = lineage::misplaced(&files);
    if !misplaced.is_empty() {
        let explained: Vec<String> = misplaced.iter().map(|m| m.explain()).collect();
        bail!("the migration history is out of order:\n{}", explained.join("\n"));
    }
    if !ctx.shadow {
        let recorded = bookkeeping::checksums(&ctx.db).await;
        let mut edited = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let (Some(was), Some(now)) = (recorded.get(&file.name), &file.checksum) else {
                continue;
            };
            if was != now {
                let parent = i.checked_sub(1).map_or("base", |p| files[p].name.as_str());
                edited.push(format!(
                    "{name} was edited after it was applied to this database (checksum {was}, now {now}). Undo                      the edit (`git diff` shows it); or apply the edited version with `cargo autogen downgrade                      {parent}` then `cargo autogen upgrade head`; or, if the edit changes nothing this database                      needs (a comment, a data fix that already ran), accept it with `cargo autogen stamp head`",
                    name = file.name
                ));
            }
        }
        if !edited.is_empty() {
            bail!("{}", edited.join("\n"));
        }
    }
    Ok(files)
}

/// Fails unless every migration file has been applied (and every applied migration has a file).
async fn ensure_at_head<M: MigratorTrait>(ctx: &Session) -> Result<()> {
    let statuses = M::get_migration_with_status_read_only(&ctx.db)
        .await
        .map_err(migration_error)?;
    let pending: Vec<String> = statuses
        .iter()
        .filter(|m| m.status() == MigrationStatus::Pending)
        .map(|m| m.name().to_owned())
        .collect();
    if !pending.is_empty() {
        bail!(
            "database is not up to date: run `cargo autogen upgrade head` (pending: {})",
            pending.join(", ")
        );
    }
    Ok(())
}

fn migration_error(err: sea_orm::DbErr) -> anyhow::Error {
    let text = err.to_string();
    if text.contains("is missing, this migration has been applied but its file is missing") {
        anyhow::anyhow!(
            "{text}\nthe database is ahead of the migration files: check out the branch that has them, or \
             point --database-url at the right database; if they are gone for good, undo their changes by hand and \
             record where the database is with `cargo autogen stamp <revision>`"
        )
    } else {
        anyhow::Error::new(err).context("reading the applied migrations")
    }
}

async fn revision<M: MigratorTrait>(ctx: &Session, message: &str, empty: bool) -> Result<ExitCode> {
    check_lineage::<M>(ctx).await?;
    ensure_at_head::<M>(ctx).await?;
    let (plan, fingerprint) = if empty {
        (None, None)
    } else {
        let (plan, desired) = plan_asking::<M>(ctx).await?;
        let fingerprint = lineage::fingerprint(&desired, ctx.backend);
        (Some(plan), Some(fingerprint))
    };
    if let Some(plan) = &plan {
        for warning in &plan.warnings {
            eprintln!("warning: {}", warning.message);
        }
        if plan.is_empty() && plan.has_differences() {
            ctx.say(
                "no changes sea-autogen can write yet: the differences above need a hand-written migration \
                 (`cargo autogen revision --empty -m \"...\"`)",
            );
            return Ok(ExitCode::SUCCESS);
        }
        if plan.is_empty() {
            ctx.say("no changes detected");
            return Ok(ExitCode::SUCCESS);
        }
    }

    let now = time::OffsetDateTime::now_utc();
    let stem = revision_stem(now, message);
    let src = ctx.migration_dir.join("src");
    let file = src.join(format!("{stem}.rs"));
    let lib_path = src.join("lib.rs");
    if file.exists() {
        bail!(
            "{} already exists: wait a second and run `revision` again",
            file.display()
        );
    }
    let lib = std::fs::read_to_string(&lib_path).with_context(|| {
        format!(
            "reading {}: is {} a migration crate?",
            lib_path.display(),
            ctx.migration_dir.display()
        )
    })?;
    // Registering is worked out before anything is written: when lib.rs cannot be edited safely, nothing is. The
    // reason is given without register's "add ... by hand", since there is no file to add yet.
    let registered = register::register_migration(&lib, &stem).map_err(|err| {
        let text = err.to_string();
        let why = text
            .split_once(": add `")
            .or_else(|| text.split_once(", or add `"))
            .map_or(text.as_str(), |(why, _)| why);
        anyhow::anyhow!(
            "cannot register the migration in {}: {why}\nnothing was written. sea-autogen registers a migration by \
             adding `mod m..;` and `Box::new(m..::Migration),` to the one `vec![...]` that `fn migrations()` \
             returns: make `fn migrations()` return a `vec![...]` of the migrations, then run `cargo autogen \
             revision` again",
            display_path(&lib_path)
        )
    })?;

    let meta = MigrationMeta {
        message: message.to_owned(),
        revision: stem.clone(),
        parent: M::migrations().last().map(|m| m.name().to_owned()),
        created: now
            .format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .context("formatting the creation time")?,
        backend: ctx.backend,
        fingerprint,
    };
    let code = match &plan {
        Some(plan) => render_migration(plan, &meta),
        None => render_empty_migration(&meta),
    };
    let code = sea_autogen_codegen::rustfmt(&code, &ctx.migration_dir).unwrap_or(code);
    std::fs::write(&file, code).with_context(|| format!("writing {}", file.display()))?;
    if let Err(err) = std::fs::write(&lib_path, registered) {
        let _ = std::fs::remove_file(&file);
        return Err(err).with_context(|| format!("writing {}", lib_path.display()));
    }

    ctx.say(format!("wrote {}", display_path(&file)));
    if let Some(plan) = &plan {
        for line in render_text(plan).lines() {
            ctx.say(if line.is_empty() {
                String::new()
            } else {
                format!("  {line}")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `m20261126_101500_add_users`: sea-orm-migration's naming, the message reduced to a Rust identifier.
fn revision_stem(now: time::OffsetDateTime, message: &str) -> String {
    let mut slug = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_');
    let slug = if slug.is_empty() { "migration" } else { slug };
    format!(
        "m{:04}{:02}{:02}_{:02}{:02}{:02}_{slug}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// Resolves a revision given as the full stem, a unique prefix, or the unique message part.
fn find_revision(names: &[String], target: &str) -> Result<usize> {
    if let Some(i) = names.iter().position(|n| n == target) {
        return Ok(i);
    }
    let matches: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.starts_with(target) || message_part(n) == target)
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => bail!("unknown revision `{target}`: run `cargo autogen history` to see them"),
        many => bail!(
            "revision `{target}` is ambiguous: it matches {}",
            many.iter().map(|i| names[*i].as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `add_users` for `m20261126_101500_add_users`.
fn message_part(stem: &str) -> &str {
    stem.splitn(3, '_').nth(2).unwrap_or_default()
}

fn parse_steps(target: &str, sign: char) -> Result<Option<u32>> {
    match target.strip_prefix(sign) {
        Some(n) => {
            let n: u32 = n.parse().with_context(|| format!("`{target}` is not {sign}N"))?;
            if n == 0 {
                bail!("`{target}`: the number of steps must be at least 1");
            }
            Ok(Some(n))
        }
        None => Ok(None),
    }
}

async fn statuses<M: MigratorTrait>(ctx: &Session) -> Result<Vec<(String, bool)>> {
    Ok(M::get_migration_with_status(&ctx.db)
        .await
        .map_err(migration_error)?
        .iter()
        .map(|m| (m.name().to_owned(), m.status() == MigrationStatus::Applied))
        .collect())
}

async fn upgrade<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<ExitCode> {
    // Read-only: a target that is refused leaves a fresh database without even `seaql_migrations` (`M::up` creates it).
    let before = read_only_statuses::<M>(ctx).await?;
    let names: Vec<String> = before.iter().map(|(n, _)| n.clone()).collect();
    let pending: Vec<&String> = before.iter().filter(|(_, applied)| !applied).map(|(n, _)| n).collect();
    let steps = if target == "head" {
        None
    } else if let Some(n) = parse_steps(target, '+')? {
        if n as usize > pending.len() {
            bail!(
                "cannot upgrade {target}: only {} migration(s) are pending",
                pending.len()
            );
        }
        Some(n)
    } else {
        let index = find_revision(&names, target)?;
        let count = before[..=index].iter().filter(|(_, applied)| !applied).count();
        Some(u32::try_from(count).context("too many migrations")?)
    };
    let to_apply: Vec<&String> = match steps {
        None => pending.clone(),
        Some(n) => pending.iter().take(n as usize).copied().collect(),
    };
    if to_apply.is_empty() {
        ctx.say("nothing to upgrade: the database is at the requested revision");
        return Ok(ExitCode::SUCCESS);
    }
    for name in &to_apply {
        if ctx.verbose {
            ctx.say(format!("applying {name}"));
        }
    }
    // MySQL commits each statement, so a failed migration can leave some applied: the migrations run one at a
    // time there, each after reading the schema, so that a failure can say exactly what to undo.
    let mut schema_before = None;
    let result = if ctx.backend == Backend::Mysql {
        let mut result = Ok(());
        for _ in 0..to_apply.len() {
            schema_before = read_schema::<M>(ctx, &ctx.db, &Schema::new()).await.ok();
            clear_log(&ctx.ran);
            if let Err(err) = M::up(&ctx.db, Some(1)).await {
                result = Err(err);
                break;
            }
        }
        result
    } else {
        clear_log(&ctx.ran);
        M::up(&ctx.db, steps).await
    };
    // The checksum of each file as applied, so a later edit is caught.
    let now_applied: Vec<String> = applied_now::<M>(ctx).await;
    let checksums = file_checksums::<M>(ctx, |name| to_apply.contains(&name) && now_applied.contains(name));
    bookkeeping::record(&ctx.db, &checksums).await?;
    if let Err(err) = result {
        return Err(upgrade_failure::<M>(ctx, &to_apply, err, schema_before).await);
    }
    for name in &to_apply {
        ctx.say(format!("applied {name}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// The migrations `upgrade target` would apply, in order.
async fn to_upgrade<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<Vec<String>> {
    let before = read_only_statuses::<M>(ctx).await?;
    let names: Vec<String> = before.iter().map(|(n, _)| n.clone()).collect();
    let pending: Vec<String> = before
        .iter()
        .filter(|(_, applied)| !applied)
        .map(|(n, _)| n.clone())
        .collect();
    let take = if target == "head" {
        pending.len()
    } else if let Some(n) = parse_steps(target, '+')? {
        if n as usize > pending.len() {
            bail!(
                "cannot upgrade {target}: only {} migration(s) are pending",
                pending.len()
            );
        }
        n as usize
    } else {
        let index = find_revision(&names, target)?;
        before[..=index].iter().filter(|(_, applied)| !applied).count()
    };
    Ok(pending.into_iter().take(take).collect())
}

async fn read_only_statuses<M: MigratorTrait>(ctx: &Session) -> Result<Vec<(String, bool)>> {
    Ok(M::get_migration_with_status_read_only(&ctx.db)
        .await
        .map_err(migration_error)?
        .iter()
        .map(|m| (m.name().to_owned(), m.status() == MigrationStatus::Applied))
        .collect())
}

/// `upgrade --sql`: the SQL of the migrations `upgrade` would apply; the database is only read.
async fn upgrade_sql<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<ExitCode> {
    let names = to_upgrade::<M>(ctx, target).await?;
    print_sql::<M>(ctx, &names, true).await
}

async fn print_sql<M: MigratorTrait>(ctx: &Session, names: &[String], up: bool) -> Result<ExitCode> {
    let migrations = M::migrations();
    let mut chosen = Vec::new();
    for name in names {
        if let Some(m) = migrations.iter().find(|m| m.name() == name) {
            chosen.push(m.as_ref());
        }
    }
    if chosen.is_empty() {
        ctx.say("-- nothing to run: the database is at the requested revision");
        return Ok(ExitCode::SUCCESS);
    }
    let table = M::migration_table_name().to_string();
    print!("{}", offline::script(&chosen, ctx.backend, up, &table).await?);
    Ok(ExitCode::SUCCESS)
}

/// Says which migrations of this run were applied, which one failed, and what state it left.
async fn upgrade_failure<M: MigratorTrait>(
    ctx: &Session,
    to_apply: &[&String],
    err: sea_orm::DbErr,
    schema_before: Option<Schema>,
) -> anyhow::Error {
    let now_applied: Vec<String> = match statuses::<M>(ctx).await {
        Ok(after) => after
            .into_iter()
            .filter(|(_, applied)| *applied)
            .map(|(n, _)| n)
            .collect(),
        Err(_) => Vec::new(),
    };
    let done: Vec<&str> = to_apply
        .iter()
        .filter(|n| now_applied.contains(n))
        .map(|n| n.as_str())
        .collect();
    let failed = to_apply
        .iter()
        .find(|n| !now_applied.contains(n))
        .map_or("a migration", |n| n.as_str());
    let lost = connection_lost(&err);
    let mut message = format!("upgrade failed in {failed}: {err}");
    if lost {
        message.push_str(&format!(
            "\nthe connection to the database was lost while {failed} ran (the server ended it, or the network \
             failed); {failed} is not recorded as applied"
        ));
    }
    if !done.is_empty() {
        message.push_str(&format!("\napplied before the failure: {}", done.join(", ")));
    }
    message.push_str(&match ctx.backend {
        Backend::Mysql => {
            let (stayed, failing) = statements_of_failed_migration(&ctx.ran);
            let listed = |statements: &[String]| statements.iter().map(|s| format!("\n  {s};")).collect::<String>();
            let mut text =
                format!("\nMySQL commits each schema change as it runs, and {failed} is not recorded as applied.");
            if !stayed.is_empty() {
                text.push_str(&format!(
                    "\nThese statements of {failed} ran before the failure and stay applied:{}",
                    listed(&stayed)
                ));
            }
            if let Some(failing) = failing {
                text.push_str(&format!("\nThis one failed:{}", listed(&[failing])));
            }
            // What the schema gained since the migration started, and the SQL that takes it back.
            let undo = match schema_before {
                Some(before) => match read_schema::<M>(ctx, &ctx.db, &Schema::new()).await {
                    Ok(now) => Some(sea_autogen_diff::diff(&now, &before, Backend::Mysql)),
                    Err(_) => None,
                },
                None => None,
            };
            match undo {
                Some(undo) if !undo.changes.is_empty() => {
                    let sql: String = crate::execute::sql_script(&undo)
                        .lines()
                        .map(|l| format!("\n  {l}"))
                        .collect();
                    text.push_str(&format!(
                        "\nTo recover: fix what made it fail, undo what stayed applied with this SQL:{sql}\nthen \
                         run `cargo autogen upgrade head` again."
                    ));
                }
                Some(_) => text.push_str(
                    "\nThe schema is as it was before the migration: fix what made it fail, then run `cargo autogen \
                     upgrade head` again.",
                ),
                None => text.push_str(&format!(
                    "\nTo recover: fix what made it fail, undo what stayed applied (the end of {failed}'s `down` has \
                     the inverses), then run `cargo autogen upgrade head` again; `cargo autogen diff` shows where the \
                     database stands."
                )),
            }
            text
        }
        Backend::Postgres if lost => format!(
            "\n{failed} ran in a transaction, which the server rolled back: run `cargo autogen upgrade head` again"
        ),
        Backend::Postgres => format!("\n{failed} ran in a transaction and was rolled back: fix it and upgrade again"),
        Backend::Sqlite => format!(
            "\n{failed} was rolled back if it runs in a transaction (generated migrations do): fix it and upgrade again"
        ),
    });
    anyhow::anyhow!(message)
}

/// Whether `err` says the connection went away (killed by the server, a network failure) rather than that a
/// statement was refused.
fn connection_lost(err: &sea_orm::DbErr) -> bool {
    let text = err.to_string().to_ascii_lowercase();
    [
        "terminating connection",
        "error communicating with database",
        "connection closed",
        "connection reset",
        "broken pipe",
        "server has gone away",
        "lost connection",
        "connection was killed",
        "query execution was interrupted",
        "unexpected end of file",
        "connection refused",
        "pool timed out",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn clear_log(log: &StatementLog) {
    if let Ok(mut log) = log.lock() {
        log.clear();
    }
}

/// The statements of the migration that failed last: those after the last migration recorded as applied, without
/// the reads of the bookkeeping; and the failing one.
fn statements_of_failed_migration(log: &StatementLog) -> (Vec<String>, Option<String>) {
    let log = log.lock().map(|l| l.clone()).unwrap_or_default();
    let start = log
        .iter()
        .rposition(|(sql, failed)| !failed && sql.starts_with("INSERT INTO `seaql_migrations`"))
        .map_or(0, |i| i + 1);
    let mut stayed = Vec::new();
    let mut failing = None;
    for (sql, failed) in &log[start..] {
        let read = sql.starts_with("SELECT") || sql.starts_with("SHOW") || sql.contains("`seaql_migrations`");
        if *failed {
            failing = Some(sql.clone());
            break;
        }
        if !read {
            stayed.push(sql.clone());
        }
    }
    (stayed, failing)
}

async fn downgrade<M: MigratorTrait>(ctx: &Session, target: &str, sql: bool) -> Result<ExitCode> {
    // Read-only, as in `upgrade`: a refused target changes nothing.
    let before = read_only_statuses::<M>(ctx).await?;
    let applied: Vec<&String> = before.iter().filter(|(_, a)| *a).map(|(n, _)| n).collect();
    let steps = if target == "base" {
        None
    } else if let Some(n) = parse_steps(target, '-')? {
        if n as usize > applied.len() {
            bail!(
                "cannot downgrade {target}: only {} migration(s) are applied; `downgrade base` reverts them all",
                applied.len()
            );
        }
        Some(n)
    } else {
        let names: Vec<String> = before.iter().map(|(n, _)| n.clone()).collect();
        let index = find_revision(&names, target)?;
        if !before[index].1 {
            bail!(
                "revision {} is not applied, so there is nothing to downgrade to",
                names[index]
            );
        }
        let count = before[index + 1..].iter().filter(|(_, a)| *a).count();
        Some(u32::try_from(count).context("too many migrations")?)
    };
    let to_revert: Vec<&String> = match steps {
        None => applied.iter().rev().copied().collect(),
        Some(n) => applied.iter().rev().take(n as usize).copied().collect(),
    };
    if sql {
        let names: Vec<String> = to_revert.iter().map(|n| (*n).clone()).collect();
        return print_sql::<M>(ctx, &names, false).await;
    }
    if to_revert.is_empty() {
        ctx.say("nothing to downgrade: the database is at the requested revision");
        return Ok(ExitCode::SUCCESS);
    }
    let result = M::down(&ctx.db, steps).await;
    let still_applied: Vec<String> = applied_now::<M>(ctx).await;
    let reverted: Vec<String> = to_revert
        .iter()
        .filter(|n| !still_applied.contains(n))
        .map(|n| (*n).clone())
        .collect();
    bookkeeping::forget(&ctx.db, &reverted).await?;
    result.context("downgrade failed")?;
    for name in &to_revert {
        ctx.say(format!("reverted {name}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `stamp TARGET`: the database is recorded as being exactly at TARGET (every migration up to it applied, none
/// after, unknown ones forgotten), without running anything; the checksums of the files are recorded as they are.
async fn stamp<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<ExitCode> {
    let names: Vec<String> = M::migrations().iter().map(|m| m.name().to_owned()).collect();
    let upto = match target {
        "base" => 0,
        "head" => names.len(),
        _ => find_revision(&names, target)? + 1,
    };
    M::install(&ctx.db).await.context("creating the migration table")?;
    let table = M::migration_table_name().to_string();
    let wanted = &names[..upto];
    let (added, removed) = bookkeeping::set_applied(&ctx.db, &table, wanted).await?;
    bookkeeping::record(&ctx.db, &file_checksums::<M>(ctx, |name| wanted.contains(name))).await?;
    for name in &added {
        ctx.say(format!("stamped {name} as applied"));
    }
    for name in &removed {
        ctx.say(format!("stamped {name} as not applied"));
    }
    ctx.say(format!(
        "the database is recorded at {}; nothing was run",
        wanted.last().map_or("base", String::as_str)
    ));
    Ok(ExitCode::SUCCESS)
}

/// `rebase`: each migration whose recorded parent is not the one before it (two branches merged) is made to follow
/// it; then the migrations are replayed into a shadow database and compared with the entities.
async fn rebase<M: MigratorTrait>(ctx: &Session) -> Result<ExitCode> {
    let files = lineage_of::<M>(ctx);
    let misplaced = lineage::misplaced(&files);
    if misplaced.is_empty() {
        ctx.say("nothing to rebase: every migration follows the one before it");
        return Ok(ExitCode::SUCCESS);
    }
    for m in &misplaced {
        let file = files.iter().find(|f| f.name == m.name).and_then(|f| f.path.clone());
        let Some(path) = file else {
            bail!("cannot find the file of {}", m.name);
        };
        lineage::set_parent(&path, m.previous.as_deref())?;
        ctx.say(format!(
            "rebased {} onto {}",
            m.name,
            m.previous.as_deref().unwrap_or("base")
        ));
    }
    // Do the migrations, in their new order, still produce the entities?
    let shadow = Shadow::create(&ctx.url, ctx.backend, ctx.schema.as_deref()).await?;
    let outcome = async {
        M::up(&shadow.db, None)
            .await
            .map_err(|err| anyhow::anyhow!("replaying the migrations into a shadow database failed: {err}"))?;
        let mut desired = desired_schema(ctx).await?;
        let replayed = read_schema::<M>(ctx, &shadow.db, &desired).await?;
        desired.tables.retain(|name, _| ctx.file.manages(name));
        Ok::<_, anyhow::Error>((diff(&replayed, &desired, ctx.backend), desired))
    }
    .await;
    shadow.drop().await?;
    let (plan, desired) = outcome?;
    if plan.has_differences() {
        print!("{}", render_text(&plan));
        ctx.say(
            "the migrations no longer produce the entities (the branches changed the same things): run `cargo              autogen revision -m \"merge\"` to add what is missing",
        );
    } else {
        if let Some(head) = lineage_of::<M>(ctx).last()
            && let Some(path) = &head.path
            && head.parent.is_some()
        {
            lineage::set_fingerprint(path, &lineage::fingerprint(&desired, ctx.backend))?;
        }
        ctx.say("replayed in a shadow database: the migrations produce the entities");
    }
    Ok(ExitCode::SUCCESS)
}

async fn current<M: MigratorTrait>(ctx: &Session) -> Result<ExitCode> {
    let statuses = M::get_migration_with_status_read_only(&ctx.db)
        .await
        .map_err(migration_error)?;
    let head = statuses.last().map(|m| m.name().to_owned());
    match statuses.iter().rev().find(|m| m.status() == MigrationStatus::Applied) {
        Some(m) if Some(m.name()) == head.as_deref() => println!("{} (head)", m.name()),
        Some(m) => println!("{}", m.name()),
        None => println!("base (no migration applied)"),
    }
    Ok(ExitCode::SUCCESS)
}

async fn history<M: MigratorTrait>(ctx: &Session) -> Result<ExitCode> {
    let statuses = M::get_migration_with_status_read_only(&ctx.db)
        .await
        .map_err(migration_error)?;
    if statuses.is_empty() {
        ctx.say("no migrations yet: run `cargo autogen revision -m \"...\"`");
    }
    let last = statuses.len().saturating_sub(1);
    for (i, m) in statuses.iter().enumerate() {
        let mark = if m.status() == MigrationStatus::Applied {
            "[x]"
        } else {
            "[ ]"
        };
        let head = if i == last { " (head)" } else { "" };
        println!("{mark} {}{head}", m.name());
    }
    Ok(ExitCode::SUCCESS)
}

async fn check<M: MigratorTrait>(ctx: &Session, deny: &[String], since: Option<&str>) -> Result<ExitCode> {
    let mut denied_risks = Vec::new();
    for name in deny {
        match name.trim() {
            "all" => denied_risks.extend(Risk::ALL),
            "" => {}
            other => denied_risks.push(Risk::parse(other).with_context(|| {
                format!("--deny: unknown risk `{other}`: use data_loss (or destructive), may_fail, long_lock or all")
            })?),
        }
    }
    let files = check_lineage::<M>(ctx).await?;
    ensure_at_head::<M>(ctx).await?;
    let (plan, _, desired) = plan_and_schemas::<M>(ctx).await?;
    let mut refused: Vec<String> = Vec::new();
    if !denied_risks.is_empty() {
        refused.extend(
            lint(&plan)
                .iter()
                .filter(|f| denied_risks.contains(&f.risk))
                .map(|f| format!("pending: {}: {}\n  instead: {}", f.risk.as_str(), f.message, f.instead)),
        );
        refused.extend(lint_migrations::<M>(ctx, &files, since, &denied_risks).await?);
    }
    let code = if plan.has_differences() {
        print!("{}", render_text(&plan));
        // The entities the newest migration was generated from: unchanged means the database moved, not them.
        let head = files.last();
        let unchanged = head
            .and_then(|h| h.fingerprint.as_deref())
            .is_some_and(|f| f == lineage::fingerprint(&desired, ctx.backend));
        match head {
            Some(head) if unchanged && !ctx.shadow => eprintln!(
                "the database differs from what the migrations produce, though the entities have not changed since \
                 {} was generated: the database was changed by hand, or an applied migration was edited. Undo that \
                 change, or record it with `cargo autogen revision -m \"...\"`",
                head.name
            ),
            Some(head) if unchanged => eprintln!(
                "the migrations do not produce the entities, though the entities have not changed since {} was \
                 generated: a migration was edited. Undo the edit, or add what is missing with `cargo autogen \
                 revision -m \"...\"`",
                head.name
            ),
            _ if ctx.shadow => eprintln!(
                "the migrations do not produce the entities: run `cargo autogen revision -m \"...\"` and commit \
                 the new file"
            ),
            _ => eprintln!("entities and database differ: run `cargo autogen revision -m \"...\"`"),
        }
        ExitCode::from(EXIT_PENDING)
    } else {
        for warning in &plan.warnings {
            eprintln!("warning: {}", warning.message);
        }
        if ctx.shadow {
            ctx.say("no changes: the migrations produce the entities");
        } else {
            ctx.say("no changes: entities and database agree");
        }
        ExitCode::SUCCESS
    };
    if !refused.is_empty() {
        for line in &refused {
            eprintln!("{line}");
        }
        bail!(
            "{} risk(s) refused by --deny {}: change the migration as suggested, or drop the risk from --deny for \
             this change",
            refused.len(),
            deny.join(",")
        );
    }
    Ok(code)
}

/// The findings with a denied risk in each migration after `since` (default: the newest migration only). Each
/// migration's changes are read from a shadow database, as the schema before and after it, so hand-written and
/// edited migrations are judged by what they do.
async fn lint_migrations<M: MigratorTrait>(
    ctx: &Session,
    files: &[FileLineage],
    since: Option<&str>,
    denied: &[Risk],
) -> Result<Vec<String>> {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let start = match since {
        None => names.len().saturating_sub(1),
        Some("base" | "none") => 0,
        Some(target) => find_revision(&names, target)? + 1,
    };
    if start >= names.len() {
        return Ok(Vec::new());
    }
    let shadow = Shadow::create(&ctx.url, ctx.backend, ctx.schema.as_deref()).await?;
    let outcome = async {
        let desired = desired_schema(ctx).await?;
        if start > 0 {
            M::up(&shadow.db, Some(u32::try_from(start)?))
                .await
                .map_err(|err| anyhow::anyhow!("replaying the migrations into a shadow database failed: {err}"))?;
        }
        let mut before = read_schema::<M>(ctx, &shadow.db, &desired).await?;
        let mut refused = Vec::new();
        for name in &names[start..] {
            M::up(&shadow.db, Some(1))
                .await
                .map_err(|err| anyhow::anyhow!("replaying {name} into a shadow database failed: {err}"))?;
            let after = read_schema::<M>(ctx, &shadow.db, &desired).await?;
            let plan = diff(&before, &after, ctx.backend);
            refused.extend(
                lint(&plan)
                    .iter()
                    .filter(|f| denied.contains(&f.risk))
                    .map(|f| format!("{name}: {}: {}\n  instead: {}", f.risk.as_str(), f.message, f.instead)),
            );
            before = after;
        }
        Ok::<_, anyhow::Error>(refused)
    }
    .await;
    shadow.drop().await?;
    outcome
}

async fn diff_command<M: MigratorTrait>(ctx: &Session, format: Format, exit_code: bool) -> Result<ExitCode> {
    let plan = plan::<M>(ctx).await?;
    match format {
        Format::Text => {
            if plan.changes.is_empty() && plan.warnings.is_empty() {
                ctx.say("no changes");
            } else {
                print!("{}", render_text(&plan));
            }
        }
        Format::Json => println!("{}", serde_json::to_string_pretty(&render_json(&plan))?),
        Format::Markdown => print!("{}", render_markdown(&plan)),
        Format::Sql => print!("{}", crate::execute::sql_script(&plan)),
    }
    Ok(if exit_code && plan.has_differences() {
        ExitCode::from(EXIT_PENDING)
    } else {
        ExitCode::SUCCESS
    })
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
