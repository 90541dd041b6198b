//! One migration run at a time per database: `upgrade`, `downgrade`, `stamp` and sea-orm-migration's verbs hold
//! this lock while they read what is applied and change it, so two runs started at once apply each migration once.
//! PostgreSQL: a session advisory lock (scoped to the database); MySQL: `GET_LOCK` on a name that includes the
//! database; SQLite: a lock file beside the database file (a second connection waiting on the first's exclusive
//! transaction would deadlock inside the pool).

use anyhow::{Context, Result};
use sea_autogen_schema::Backend;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// The PostgreSQL advisory lock key: "sea-autogen" in ASCII, folded into 63 bits.
pub const POSTGRES_KEY: i64 = 0x7365_612d_6175_746f;
/// The MySQL lock name, before `:` and the database name.
pub const MYSQL_PREFIX: &str = "sea-autogen";

pub struct MigrationLock {
    held: Held,
}

enum Held {
    Server(DatabaseConnection, Backend),
    File(#[allow(dead_code)] std::fs::File),
    Nothing,
}

impl MigrationLock {
    /// Takes the lock, waiting (and saying so on stderr) while another run holds it.
    pub async fn acquire(db: &DatabaseConnection, backend: Backend, url: &str) -> Result<MigrationLock> {
        let waiting = || eprintln!("waiting for another migration run on this database to finish...");
        match backend {
            Backend::Postgres => {
                if !flag(db, &format!("SELECT pg_try_advisory_lock({POSTGRES_KEY}) AS got")).await? {
                    waiting();
                    run(db, &format!("SELECT pg_advisory_lock({POSTGRES_KEY})")).await?;
                }
                Ok(MigrationLock {
                    held: Held::Server(db.clone(), backend),
                })
            }
            Backend::Mysql => {
                let name = format!("CONCAT('{MYSQL_PREFIX}:', DATABASE())");
                if !flag(db, &format!("SELECT GET_LOCK({name}, 0) = 1 AS got")).await? {
                    waiting();
                    // A day: a run that holds it longer has hung, and this one should not wait for ever either.
                    anyhow::ensure!(
                        flag(db, &format!("SELECT GET_LOCK({name}, 86400) = 1 AS got")).await?,
                        "gave up waiting for the migration lock after a day"
                    );
                }
                Ok(MigrationLock {
                    held: Held::Server(db.clone(), backend),
                })
            }
            Backend::Sqlite => {
                let Some(path) = sqlite_lock_path(url) else {
                    return Ok(MigrationLock { held: Held::Nothing });
                };
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
                    .with_context(|| format!("opening the lock file {path}"))?;
                match file.try_lock() {
                    Ok(()) => {}
                    Err(std::fs::TryLockError::WouldBlock) => {
                        waiting();
                        file.lock().with_context(|| format!("locking {path}"))?;
                    }
                    Err(std::fs::TryLockError::Error(err)) => {
                        return Err(err).with_context(|| format!("locking {path}"));
                    }
                }
                Ok(MigrationLock { held: Held::File(file) })
            }
        }
    }

    /// Lets the next run in (dropping the lock does too, when the connection or the file closes).
    pub async fn release(self) -> Result<()> {
        if let Held::Server(db, backend) = &self.held {
            let sql = match backend {
                Backend::Postgres => format!("SELECT pg_advisory_unlock({POSTGRES_KEY})"),
                _ => format!("SELECT RELEASE_LOCK(CONCAT('{MYSQL_PREFIX}:', DATABASE()))"),
            };
            run(db, &sql).await?;
        }
        Ok(())
    }
}

/// `db.sqlite3-autogen.lock` beside `sqlite://db.sqlite3?mode=rwc`; none for an in-memory database.
pub fn sqlite_lock_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") || rest.contains("mode=memory") {
        return None;
    }
    Some(format!("{path}-autogen.lock"))
}

async fn flag(db: &DatabaseConnection, sql: &str) -> Result<bool> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .context("taking the migration lock")?
        .context("taking the migration lock: no answer")?;
    row.try_get::<bool>("", "got")
        .or_else(|_| row.try_get::<i64>("", "got").map(|v| v == 1))
        .context("taking the migration lock")
}

async fn run(db: &DatabaseConnection, sql: &str) -> Result<()> {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .context("the migration lock")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_sit_beside_the_database() {
        assert_eq!(
            sqlite_lock_path("sqlite://db.sqlite3?mode=rwc").as_deref(),
            Some("db.sqlite3-autogen.lock")
        );
        assert_eq!(
            sqlite_lock_path("sqlite:///tmp/a.db").as_deref(),
            Some("/tmp/a.db-autogen.lock")
        );
        assert_eq!(sqlite_lock_path("sqlite::memory:"), None);
        assert_eq!(sqlite_lock_path("postgres://x/y"), None);
    }
}
