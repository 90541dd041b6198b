//! What every command works with: the session (connection, backend, settings) and the readings built on it (the
//! plan, the schemas, the applied migrations, the lineage of the files).

use super::*;

/// Everything a command needs, resolved once from flags, files and the environment.
pub(super) struct Session {
    pub(super) db: DatabaseConnection,
    /// The database URL as given (for a shadow database on the same server); printed only redacted.
    pub(super) url: String,
    /// PostgreSQL: the schema of `-s`/`DATABASE_SCHEMA`, the connection's `search_path`.
    pub(super) schema: Option<String>,
    /// Whether `db` is a shadow database the migrations were replayed into.
    pub(super) shadow: bool,
    pub(super) backend: Backend,
    pub(super) migration_dir: PathBuf,
    pub(super) entities: String,
    /// Whether plans take their lock-safe forms (`lock_safe` in autogen.toml, `--no-lock-safe`).
    pub(super) lock_safe: bool,
    pub(super) file: FileConfig,
    pub(super) quiet: bool,
    pub(super) verbose: bool,
    /// Whether a person is there to answer questions: a terminal on both ends, and no `--no-input`.
    pub(super) interactive: bool,
    /// `--yes`: confirmations are answered yes.
    pub(super) yes: bool,
    /// Every statement run on `db`, with whether it failed: on MySQL, a failed migration's report lists the ones
    /// that stay applied.
    pub(super) ran: StatementLog,
}

/// Statements run on a connection, in order, each with whether it failed.
pub(super) type StatementLog = std::sync::Arc<std::sync::Mutex<Vec<(String, bool)>>>;

impl Session {
    /// The plan from `from` to `to` as this session writes it: in its lock-safe forms unless they are off.
    pub(super) fn plan(&self, from: &Schema, to: &Schema) -> Plan {
        let plan = diff(from, to, self.backend);
        if self.lock_safe { lock_safe(plan) } else { plan }
    }

    pub(super) fn say(&self, line: impl AsRef<str>) {
        if !self.quiet {
            anstream::println!("{}", line.as_ref());
        }
    }
}

/// Tables that are never part of the schema: sea-orm-migration's and sea-autogen's bookkeeping.
pub(super) fn bookkeeping<M: MigratorTrait>() -> Vec<String> {
    vec![M::migration_table_name().to_string(), AUTOGEN_TABLE.to_owned()]
}

/// Like [`plan`], but on a terminal each likely rename is asked about first (a dropped column: which of the added
/// ones it became, or none); the renames picked become hints, exactly as `renamed_from` attributes would be.
pub(super) async fn plan_asking<M: MigratorTrait>(ctx: &Session) -> Result<(Plan, Schema)> {
    let (plan, live, mut desired) = plan_and_schemas::<M>(ctx).await?;
    if !ctx.interactive {
        return Ok((plan, desired));
    }
    let suggestions: Vec<RenameSuggestion> = plan.warnings.iter().filter_map(|w| w.rename.clone()).collect();
    if suggestions.is_empty() {
        return Ok((plan, desired));
    }
    let confirmed = prompt::ask_renames(&suggestions, crate::term::select);
    if confirmed.is_empty() {
        return Ok((plan, desired));
    }
    prompt::apply_renames(&mut desired, &confirmed);
    Ok((ctx.plan(&live, &desired), desired))
}

/// Applies the first `count` migrations (all: `None`) to `db`, a shadow database, one at a time, with a bar on a
/// terminal.
pub(super) async fn replay<M: MigratorTrait>(
    db: &DatabaseConnection,
    count: Option<usize>,
    quiet: bool,
    verbose: bool,
) -> Result<(), sea_orm::DbErr> {
    let names: Vec<String> = M::migrations().iter().map(|m| m.name().to_owned()).collect();
    let count = count.unwrap_or(names.len()).min(names.len());
    let bar = crate::term::bar(count, "replaying", quiet, verbose);
    for name in &names[..count] {
        bar.set_message(format!("replaying {name} into a shadow database"));
        M::up(db, Some(1)).await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}

/// The schema the entities describe, placed in the database's default schema.
pub(super) async fn desired_schema(ctx: &Session) -> Result<Schema> {
    let mut desired: Schema = registry::desired_schema(ctx.backend, &ctx.entities)?;
    if let Some(default) = default_schema(&ctx.db).await? {
        desired = desired.with_default_schema(&default);
    }
    Ok(desired)
}

pub(super) async fn plan_and_schemas<M: MigratorTrait>(ctx: &Session) -> Result<(Plan, Schema, Schema)> {
    let mut desired = desired_schema(ctx).await?;
    // Tables in other PostgreSQL schemas (`schema_name`) are read when the entities name those schemas.
    let live = read_schema::<M>(ctx, &ctx.db, &desired).await?;
    desired.tables.retain(|name, _| ctx.file.manages(name));
    let plan = ctx.plan(&live, &desired);
    Ok((plan, live, desired))
}

/// The schema of `db` (the database, or a shadow one), limited to the tables `autogen.toml` lets us manage, in the
/// schemas `desired` names.
pub(super) async fn read_schema<M: MigratorTrait>(
    ctx: &Session,
    db: &DatabaseConnection,
    desired: &Schema,
) -> Result<Schema> {
    let options = Options {
        schemas: desired.schema_names(),
        ..Options::ignoring(bookkeeping::<M>())
    };
    let spinner = crate::term::spinner("reading the database schema", ctx.quiet, ctx.verbose);
    let live = introspect(db, &options).await;
    spinner.finish_and_clear();
    let mut live = live?;
    live.tables.retain(|name, _| ctx.file.manages(name));
    Ok(live)
}

/// The lineage of the migration files, in the Migrator's order.
pub(super) fn lineage_of<M: MigratorTrait>(ctx: &Session) -> Vec<FileLineage> {
    let names: Vec<String> = M::migrations().iter().map(|m| m.name().to_owned()).collect();
    lineage::read(&ctx.migration_dir, &names)
}

/// The names of the migrations applied now, in the Migrator's order; empty when they cannot be read.
pub(super) async fn applied_now<M: MigratorTrait>(ctx: &Session) -> Vec<String> {
    statuses::<M>(ctx)
        .await
        .map(|s| s.into_iter().filter(|(_, a)| *a).map(|(n, _)| n).collect())
        .unwrap_or_default()
}

/// `(name, checksum)` of the migration files `chosen` picks, for `bookkeeping::record`.
pub(super) fn file_checksums<M: MigratorTrait>(
    ctx: &Session,
    chosen: impl Fn(&String) -> bool,
) -> Vec<(String, String)> {
    lineage_of::<M>(ctx)
        .into_iter()
        .filter(|f| chosen(&f.name))
        .filter_map(|f| Some((f.name, f.checksum?)))
        .collect()
}

/// Fails, explaining the fix, when the files disagree with the Migrator's order (two branches merged), or when an
/// applied migration's file was edited afterwards.
pub(super) async fn check_lineage<M: MigratorTrait>(ctx: &Session) -> Result<Vec<FileLineage>> {
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
                    "{name} was edited after it was applied to this database (checksum {was}, now {now}). Undo \
                     the edit (`git diff` shows it); or apply the edited version with `cargo autogen downgrade \
                     {parent}` then `cargo autogen upgrade head`; or, if the edit changes nothing this database \
                     needs (a comment, a data fix that already ran), accept it with `cargo autogen stamp head`",
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
pub(super) async fn ensure_at_head<M: MigratorTrait>(ctx: &Session) -> Result<()> {
    let statuses = migration_statuses::<M>(ctx, true).await?;
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

/// Every migration with its status, read as sea-orm-migration reads it (`read_only`: without creating its table).
/// When that fails, the error says why in our terms: a database ahead of the files (an applied migration without a
/// file here, found by comparing the applied list with the Migrator's), or the driver's error.
pub(super) async fn migration_statuses<M: MigratorTrait>(
    ctx: &Session,
    read_only: bool,
) -> Result<Vec<sea_orm_migration::Migration>> {
    let read = if read_only {
        M::get_migration_with_status_read_only(&ctx.db).await
    } else {
        M::get_migration_with_status(&ctx.db).await
    };
    let err = match read {
        Ok(statuses) => return Ok(statuses),
        Err(err) => err,
    };
    let files: Vec<String> = M::migrations().iter().map(|m| m.name().to_owned()).collect();
    let table = M::migration_table_name().to_string();
    let applied = bookkeeping::applied(&ctx.db, &table).await.unwrap_or_default();
    let unknown: Vec<&String> = applied.iter().filter(|name| !files.contains(name)).collect();
    if unknown.is_empty() {
        return Err(anyhow::Error::new(err).context("reading the applied migrations"));
    }
    bail!(
        "the database is ahead of the migration files ({} applied here, but no file of this migration crate \
         holds {}): check out the branch that has them, or point --database-url at the right database; if they \
         are gone for good, undo their changes by hand and record where the database is with `cargo autogen stamp \
         <revision>`",
        unknown.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", "),
        if unknown.len() == 1 { "it" } else { "them" }
    )
}

pub(super) async fn statuses<M: MigratorTrait>(ctx: &Session) -> Result<Vec<(String, bool)>> {
    Ok(migration_statuses::<M>(ctx, false)
        .await?
        .iter()
        .map(|m| (m.name().to_owned(), m.status() == MigrationStatus::Applied))
        .collect())
}

pub(super) async fn read_only_statuses<M: MigratorTrait>(ctx: &Session) -> Result<Vec<(String, bool)>> {
    Ok(migration_statuses::<M>(ctx, true)
        .await?
        .iter()
        .map(|m| (m.name().to_owned(), m.status() == MigrationStatus::Applied))
        .collect())
}
