//! Two migration runs at once on one database, through the real CLI, on every backend: a run waits while another
//! holds the migration lock, and two `upgrade head` started together apply each migration exactly once.

use sea_autogen_migration::lock::{MYSQL_PREFIX, POSTGRES_KEY, sqlite_lock_path};
use sea_autogen_tests::{Backend, FreshDb, Project, Run, connect, rows, table_names};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn one_run_at_a_time_on_sqlite() {
    one_run_at_a_time(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_run_at_a_time_on_postgres() {
    one_run_at_a_time(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_run_at_a_time_on_mariadb() {
    one_run_at_a_time(Backend::Mysql).await;
}

async fn one_run_at_a_time(backend: Backend) {
    let Some(blog) = Project::example("blog", backend).await else {
        return;
    };
    let env = [("DATABASE_URL", blog.db.url.as_str())];
    // Built, and the bookkeeping table made, before the race.
    blog.autogen(&["history"]).expect_code(0);
    let migrations = blog.scratch.files("migration/src", "m2");
    assert_eq!(migrations.len(), 3);

    // Another run holds the lock: upgrade waits, and applies nothing meanwhile.
    let holder = connect(&blog.db.url).await;
    let lock_file = match backend {
        Backend::Postgres | Backend::Postgres18 => {
            rows(&holder, &format!("SELECT pg_advisory_lock({POSTGRES_KEY})"), &[]).await;
            None
        }
        Backend::Mysql => {
            rows(
                &holder,
                &format!("SELECT GET_LOCK(CONCAT('{MYSQL_PREFIX}:', DATABASE()), 10)"),
                &[],
            )
            .await;
            None
        }
        Backend::Sqlite => {
            let path = sqlite_lock_path(&blog.db.url).expect("a database file");
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .unwrap();
            file.lock().unwrap();
            Some(file)
        }
    };
    let args = ["upgrade", "head"];
    let mut waiting = blog.scratch.spawn(&args, &env);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "upgrade did not wait for the lock"
    );
    let observer = connect(&blog.db.url).await;
    assert!(
        !table_names(&observer).await.contains(&"post".to_owned()),
        "nothing is applied while another run holds the lock"
    );
    // The other run ends: its session (or file) closes and the lock goes with it.
    drop(lock_file);
    holder.close().await.unwrap();
    let run = Run::wait(&args, waiting);
    run.expect_code(0)
        .expect_stderr("waiting for another migration run on this database to finish")
        .expect_stdout("applied m");
    blog.autogen(&["check"]).expect_code(0);

    // Two upgrades started together on another fresh database: each migration is applied once, by one of them.
    let other = FreshDb::create(backend)
        .await
        .expect("the server answered a moment ago");
    let env = [("DATABASE_URL", other.url.as_str())];
    let observer = connect(&other.url).await;
    let first = blog.scratch.spawn(&args, &env);
    let second = blog.scratch.spawn(&args, &env);
    let (first, second) = (Run::wait(&args, first), Run::wait(&args, second));
    first.expect_code(0);
    second.expect_code(0);
    let output = format!("{}{}", first.stdout, second.stdout);
    for file in &migrations {
        let stem = file.trim_end_matches(".rs");
        assert_eq!(
            output.matches(&format!("applied {stem}\n")).count(),
            1,
            "{stem} must be applied exactly once:\n{output}"
        );
    }
    // The lock is held for a whole run: one run applies everything, the other waits and finds nothing left to do.
    let idle = [&first, &second]
        .iter()
        .filter(|run| {
            run.stdout
                .contains("nothing to upgrade: the database is at the requested revision")
        })
        .count();
    assert_eq!(idle, 1, "one run reports nothing left to do:\n{output}");
    let applied = rows(&observer, "SELECT version FROM seaql_migrations", &["version"]).await;
    assert_eq!(applied.len(), 3, "{applied:?}");
    blog.scratch.autogen(&["check"], &env).expect_code(0);
}
