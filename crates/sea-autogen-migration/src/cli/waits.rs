//! Bounded lock waits on PostgreSQL: `upgrade` and `downgrade` run with `lock_timeout` set, so a statement that
//! needs a table lock held by another session gives up after a few seconds instead of queueing every writer of the
//! table behind it. The migration that gave up is tried again (a transactional one rolled back whole, a lock-safe
//! one is written to run again), and when the lock is still held after the last try, the sessions in the way are
//! named.

use super::*;
use sea_orm::ConnectionTrait;

/// SQLSTATE `lock_not_available`: the statement waited `lock_timeout` for a lock and gave up.
const LOCK_NOT_AVAILABLE: &str = "55P03";

/// How a run waits for locks: `lock_timeout` and how many more tries.
#[derive(Debug, Clone, Copy)]
pub(super) struct Waits {
    pub(super) timeout: std::time::Duration,
    pub(super) retries: u32,
}

impl Waits {
    pub(super) fn of(file: &FileConfig) -> Result<Waits> {
        Ok(Waits {
            timeout: file.lock_timeout()?,
            retries: file.lock_retries.unwrap_or(config::LOCK_RETRIES),
        })
    }
}

/// Whether the error is a statement that gave up waiting for a lock.
pub(super) fn lock_timed_out(err: &sea_orm::DbErr) -> bool {
    match config::sqlx_error(err) {
        Some(sea_orm::sqlx::Error::Database(db)) => db.code().as_deref() == Some(LOCK_NOT_AVAILABLE),
        _ => false,
    }
}

/// Sets `lock_timeout` on the session (PostgreSQL); the runner holds one connection, so it stays set for every
/// migration of the run.
pub(super) async fn set_lock_timeout(ctx: &Session, waits: Waits) -> Result<()> {
    if ctx.backend == Backend::Postgres {
        let sql = format!("SET lock_timeout = '{}ms'", waits.timeout.as_millis());
        ctx.db.execute_unprepared(&sql).await.context("setting lock_timeout")?;
    }
    Ok(())
}

pub(super) async fn reset_lock_timeout(ctx: &Session) {
    if ctx.backend == Backend::Postgres {
        let _ = ctx.db.execute_unprepared("RESET lock_timeout").await;
    }
}

/// Runs `step` (one migration up or down) until it succeeds, fails for another reason, or has given up on a lock
/// `waits.retries + 1` times; waits a little longer between tries each time.
pub(super) async fn retrying<F, Fut>(
    name: &str,
    waits: Waits,
    bar: &indicatif::ProgressBar,
    mut step: F,
) -> Result<(), sea_orm::DbErr>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), sea_orm::DbErr>>,
{
    let mut tries = 0;
    loop {
        match step().await {
            Err(err) if lock_timed_out(&err) && tries < waits.retries => {
                tries += 1;
                let pause = std::time::Duration::from_millis(500 * 2u64.pow(tries - 1));
                bar.suspend(|| {
                    eprintln!(
                        "{name}: a lock was still held after {} ms; trying again in {} ms ({tries} of {})",
                        waits.timeout.as_millis(),
                        pause.as_millis(),
                        waits.retries
                    )
                });
                tokio::time::sleep(pause).await;
            }
            other => return other,
        }
    }
}

/// What to tell a person when a migration gave up waiting for a lock on its last try: the sessions of this database
/// with a transaction open (the ones a lock or a concurrent index build waits for), oldest first.
pub(super) async fn blockers(ctx: &Session, waits: Waits) -> String {
    let sql = "SELECT pid, coalesce(application_name, '') AS app, coalesce(state, '') AS state, \
               to_char(xact_start, 'YYYY-MM-DD HH24:MI:SS') AS since, left(regexp_replace(query, '\\s+', ' ', 'g'), \
               120) AS query FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() \
               AND xact_start IS NOT NULL ORDER BY xact_start LIMIT 5";
    let rows = ctx
        .db
        .query_all_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql))
        .await
        .unwrap_or_default();
    let mut sessions = Vec::new();
    for row in rows {
        let pid: i32 = row.try_get("", "pid").unwrap_or_default();
        let app: String = row.try_get("", "app").unwrap_or_default();
        let state: String = row.try_get("", "state").unwrap_or_default();
        let since: String = row.try_get("", "since").unwrap_or_default();
        let query: String = row.try_get("", "query").unwrap_or_default();
        let app = if app.is_empty() {
            String::new()
        } else {
            format!("{app}, ")
        };
        sessions.push(format!(
            "\n  pid {pid} ({app}{state}, transaction open since {since}): {query}"
        ));
    }
    let tries = waits.retries + 1;
    let mut text = format!(
        "\nthe lock it needs was held by another session through {tries} tr{} of lock_timeout = {} ms",
        if tries == 1 { "y" } else { "ies" },
        waits.timeout.as_millis()
    );
    if sessions.is_empty() {
        text.push_str("; no session holds a transaction open now, so run `upgrade` again");
    } else {
        text.push_str(&format!(
            "; these sessions have a transaction open, oldest first:{}\nend the one in the way (commit it, or \
             `SELECT pg_terminate_backend(PID)`), or raise lock_timeout in autogen.toml, then run the command again",
            sessions.concat()
        ));
    }
    text
}

/// Runs `step` once for each of `names` (one migration up or down each time), in order, with `lock_timeout` set on
/// PostgreSQL and each tried again when it gave up waiting for a lock; `before` runs ahead of each (MySQL reads the
/// schema there, for the failure report). Stops at the first failure.
pub(super) async fn one_at_a_time<F, Fut>(
    ctx: &Session,
    names: &[String],
    doing: &str,
    waits: Waits,
    mut before: impl AsyncFnMut(),
    mut step: F,
) -> Result<Result<(), sea_orm::DbErr>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), sea_orm::DbErr>>,
{
    set_lock_timeout(ctx, waits).await?;
    let bar = crate::term::bar(names.len(), doing, ctx.quiet, ctx.verbose);
    let mut result = Ok(());
    for name in names {
        bar.set_message(format!("{doing} {name}"));
        before().await;
        result = retrying(name, waits, &bar, &mut step).await;
        if result.is_err() {
            break;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    reset_lock_timeout(ctx).await;
    Ok(result)
}
