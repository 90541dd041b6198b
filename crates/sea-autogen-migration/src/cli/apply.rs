//! Commands that change what is applied: `upgrade`, `downgrade`, `stamp`, and sea-orm-migration's `up`, `down`,
//! `fresh`, `refresh`, `reset`; and what a failed migration leaves behind.

use super::*;

/// The commands that drop tables and their rows, asked about first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Drops {
    Fresh,
    Refresh,
    Reset,
    /// `downgrade base`.
    Base,
}

impl Drops {
    fn verb(self) -> &'static str {
        match self {
            Drops::Fresh => "fresh",
            Drops::Refresh => "refresh",
            Drops::Reset => "reset",
            Drops::Base => "downgrade base",
        }
    }
}

/// Set by `cargo autogen` for the migration crate it runs: without a terminal, a command that drops tables then
/// needs `--yes`. Run otherwise (the migration binary itself, `sea-orm-cli migrate fresh` in a script),
/// sea-orm-migration's verbs keep their behaviour and run unasked.
pub const FRONTEND_ENV: &str = "AUTOGEN_FRONTEND";

/// Asks before a command drops tables: on a terminal, a question that says what goes; without one, `--yes` is
/// needed when run by `cargo autogen`.
pub(super) async fn confirm_drops<M: MigratorTrait>(ctx: &Session, drops: Drops) -> Result<()> {
    if ctx.yes {
        return Ok(());
    }
    let applied = applied_now::<M>(ctx).await;
    let tables = table_names::<M>(ctx).await;
    let listed = |names: &[String]| {
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = names.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    let database = config::redact(&ctx.url);
    let what = match drops {
        Drops::Fresh => format!(
            "`fresh` drops every table of {database} ({} table{}: {}) with its rows, then applies every migration",
            tables.len(),
            if tables.len() == 1 { "" } else { "s" },
            listed(&tables)
        ),
        Drops::Refresh | Drops::Reset | Drops::Base => format!(
            "`{}` reverts every applied migration of {database} ({} of them), dropping what they created with its \
             rows{}",
            drops.verb(),
            applied.len(),
            if drops == Drops::Refresh {
                ", then applies every migration again"
            } else {
                ""
            }
        ),
    };
    if ctx.interactive {
        return match crate::term::confirm(&format!("{what}. Go on?")) {
            Some(true) => Ok(()),
            _ => bail!("{} cancelled: nothing was changed", drops.verb()),
        };
    }
    if std::env::var_os(FRONTEND_ENV).is_some() {
        bail!(
            "{what}: there is no terminal to ask on, so nothing was changed. Run it again with --yes to go on \
             (`cargo autogen {} --yes`)",
            drops.verb()
        );
    }
    Ok(())
}

/// What is applied before sea-orm-migration's `fresh`, `refresh` or `reset` runs, and the tables there are.
pub(super) async fn sea_orm_verb_start<M: MigratorTrait>(ctx: &Session) -> (Vec<String>, Vec<String>) {
    (applied_now::<M>(ctx).await, table_names::<M>(ctx).await)
}

/// The names of the database's tables (the bookkeeping left out); empty when they cannot be read.
async fn table_names<M: MigratorTrait>(ctx: &Session) -> Vec<String> {
    read_schema::<M>(ctx, &ctx.db, &Schema::new())
        .await
        .map(|s| s.tables.values().map(|t| t.name.clone()).collect())
        .unwrap_or_default()
}

/// sea-orm-migration's `fresh`, `refresh` and `reset` apply and revert on their own: afterwards the recorded
/// checksums are brought in line with what is applied now (the files as they are), and what was done is said.
pub(super) async fn sea_orm_verb<M: MigratorTrait>(
    ctx: &Session,
    result: Result<(), sea_orm::DbErr>,
    drops: Drops,
    (applied_before, tables): (Vec<String>, Vec<String>),
) -> Result<ExitCode> {
    let applied: Vec<String> = applied_now::<M>(ctx).await;
    let recorded = bookkeeping::checksums(&ctx.db).await;
    let gone: Vec<String> = recorded.into_keys().filter(|n| !applied.contains(n)).collect();
    bookkeeping::forget(&ctx.db, &gone).await?;
    bookkeeping::record(&ctx.db, &file_checksums::<M>(ctx, |name| applied.contains(name))).await?;
    result.with_context(|| format!("{} failed", drops.verb()))?;
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match drops {
        Drops::Fresh => {
            ctx.say(format!(
                "dropped {}{}",
                count(tables.len(), "table"),
                if tables.is_empty() {
                    String::new()
                } else {
                    format!(": {}", tables.join(", "))
                }
            ));
            for name in &applied {
                ctx.say(crate::term::added(&format!("applied {name}")));
            }
        }
        Drops::Refresh | Drops::Reset | Drops::Base => {
            for name in applied_before.iter().rev() {
                ctx.say(crate::term::removed(&format!("reverted {name}")));
            }
            for name in &applied {
                ctx.say(crate::term::added(&format!("applied {name}")));
            }
        }
    }
    ctx.say(format!(
        "{}: {} applied now",
        drops.verb(),
        count(applied.len(), "migration")
    ));
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn upgrade<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<ExitCode> {
    // Read-only: a target that is refused leaves a fresh database without even `seaql_migrations` (`M::up` creates it).
    let to_apply = to_apply(&read_only_statuses::<M>(ctx).await?, target)?;
    if to_apply.is_empty() {
        ctx.say("nothing to upgrade: the database is at the requested revision");
        return Ok(ExitCode::SUCCESS);
    }
    for name in &to_apply {
        if ctx.verbose {
            ctx.say(format!("applying {name}"));
        }
    }
    let mut schema_before = None;
    let waits = waits::Waits::of(&ctx.file)?;
    // One migration at a time, with a bar on a terminal: on PostgreSQL each is tried again when it gave up waiting
    // for a lock; MySQL commits each statement, so each runs after reading the schema, and a failure can say
    // exactly what to undo.
    let before = async || {
        if ctx.backend == Backend::Mysql {
            schema_before = read_schema::<M>(ctx, &ctx.db, &Schema::new()).await.ok();
        }
        clear_log(&ctx.ran);
    };
    let result = waits::one_at_a_time(ctx, &to_apply, "applying", waits, before, || M::up(&ctx.db, Some(1))).await?;
    // The checksum of each file as applied, so a later edit is caught.
    let now_applied: Vec<String> = applied_now::<M>(ctx).await;
    let checksums = file_checksums::<M>(ctx, |name| to_apply.contains(name) && now_applied.contains(name));
    bookkeeping::record(&ctx.db, &checksums).await?;
    if let Err(err) = result {
        let waited = waits::lock_timed_out(&err);
        let failure = upgrade_failure::<M>(ctx, &to_apply, err, schema_before).await;
        return Err(if waited {
            anyhow::anyhow!("{failure:#}{}", waits::blockers(ctx, waits).await)
        } else {
            failure
        });
    }
    for name in &to_apply {
        ctx.say(crate::term::added(&format!("applied {name}")));
    }
    Ok(ExitCode::SUCCESS)
}

/// `upgrade --sql`: the SQL of the migrations `upgrade` would apply; the database is only read.
pub(super) async fn upgrade_sql<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<ExitCode> {
    let names = to_apply(&read_only_statuses::<M>(ctx).await?, target)?;
    print_sql::<M>(ctx, &names, true).await
}

pub(super) async fn print_sql<M: MigratorTrait>(ctx: &Session, names: &[String], up: bool) -> Result<ExitCode> {
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
pub(super) async fn upgrade_failure<M: MigratorTrait>(
    ctx: &Session,
    to_apply: &[String],
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
            let (stayed, failing) = statements_of_failed_migration(&ctx.ran, &M::migration_table_name().to_string());
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
pub(super) fn connection_lost(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx;
    if matches!(err, sea_orm::DbErr::ConnectionAcquire(_)) {
        return true;
    }
    let Some(source) = config::sqlx_error(err) else {
        return false;
    };
    match source {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => true,
        // SQLSTATE class 08 (connection exception) everywhere; PostgreSQL's 57P01 to 57P03 (the server ended the
        // session: an administrator, a crash, a shutdown); MySQL's 70100 (the query or the connection was killed).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P0") || code == "70100"),
        _ => false,
    }
}

pub(super) fn clear_log(log: &StatementLog) {
    if let Ok(mut log) = log.lock() {
        log.clear();
    }
}

/// The statements of the migration that failed last: those after the last migration recorded as applied in
/// `table` (the Migrator's bookkeeping table, as MySQL quotes it), without the reads of the bookkeeping; and the
/// failing one.
pub(super) fn statements_of_failed_migration(log: &StatementLog, table: &str) -> (Vec<String>, Option<String>) {
    let log = log.lock().map(|l| l.clone()).unwrap_or_default();
    let quoted = quote_ident(Backend::Mysql, table);
    let recorded = format!("INSERT INTO {quoted}");
    let start = log
        .iter()
        .rposition(|(sql, failed)| !failed && sql.starts_with(&recorded))
        .map_or(0, |i| i + 1);
    let mut stayed = Vec::new();
    let mut failing = None;
    for (sql, failed) in &log[start..] {
        let read = sql.starts_with("SELECT") || sql.starts_with("SHOW") || sql.contains(&quoted);
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

pub(super) async fn downgrade<M: MigratorTrait>(ctx: &Session, target: &str, sql: bool) -> Result<ExitCode> {
    // Read-only, as in `upgrade`: a refused target changes nothing.
    let to_revert = to_revert(&read_only_statuses::<M>(ctx).await?, target)?;
    if sql {
        return print_sql::<M>(ctx, &to_revert, false).await;
    }
    if to_revert.is_empty() {
        ctx.say("nothing to downgrade: the database is at the requested revision");
        return Ok(ExitCode::SUCCESS);
    }
    let waits = waits::Waits::of(&ctx.file)?;
    let result = waits::one_at_a_time(
        ctx,
        &to_revert,
        "reverting",
        waits,
        async || {},
        || M::down(&ctx.db, Some(1)),
    )
    .await?;
    let lock_wait = match &result {
        Err(err) if waits::lock_timed_out(err) => waits::blockers(ctx, waits).await,
        _ => String::new(),
    };
    let still_applied: Vec<String> = applied_now::<M>(ctx).await;
    let reverted: Vec<String> = to_revert
        .iter()
        .filter(|n| !still_applied.contains(n))
        .map(|n| (*n).clone())
        .collect();
    bookkeeping::forget(&ctx.db, &reverted).await?;
    result.map_err(|err| anyhow::anyhow!("downgrade failed: {err}{lock_wait}"))?;
    for name in &to_revert {
        ctx.say(crate::term::removed(&format!("reverted {name}")));
    }
    Ok(ExitCode::SUCCESS)
}

/// `stamp TARGET`: the database is recorded as being exactly at TARGET (every migration up to it applied, none
/// after, unknown ones forgotten), without running anything; the checksums of the files are recorded as they are.
pub(super) async fn stamp<M: MigratorTrait>(ctx: &Session, target: &str) -> Result<ExitCode> {
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
