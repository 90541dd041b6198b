//! The review workflow through the real CLI, on a scratch copy of `examples/blog` (three migrations in its
//! history), on SQLite, PostgreSQL and MariaDB: the safety lint in the file, the terminal and the markdown summary,
//! `diff --format sql`, `upgrade/downgrade --sql`, `check --deny`, and `--shadow`.

use sea_autogen_tests::{Backend, Project, connect, table_names};

const MIGRATIONS: &str = "migration/src";
const POST: &str = "src/entity/post.rs";

fn migrations(blog: &Project) -> Vec<String> {
    blog.scratch.files(MIGRATIONS, "m2")
}

#[tokio::test(flavor = "multi_thread")]
async fn review_on_sqlite() {
    review(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn review_on_postgres() {
    review(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn review_on_mariadb() {
    review(Backend::Mysql).await;
}

async fn review(backend: Backend) {
    let Some(blog) = Project::example("blog", backend).await else {
        return;
    };
    assert_eq!(migrations(&blog).len(), 3, "the blog's history");
    blog.autogen(&["upgrade", "head"])
        .expect_code(0)
        .expect_stdout("applied m");
    blog.autogen(&["check"]).expect_code(0).expect_stdout("no changes");
    // The newest migration adds an index; a team refusing long locks sees it, with what to do instead. (InnoDB
    // builds an index with writes going on: no long lock on MariaDB.)
    let run = blog.autogen(&["check", "--deny", "long_lock"]);
    if backend == Backend::Mysql {
        run.expect_code(0);
    } else {
        run.expect_code(1)
            .expect_stderr("_publishing: long_lock: create index idx_post_author_created on post")
            .expect_stderr("instead: ")
            .expect_stderr("refused by --deny long_lock");
    }
    blog.autogen(&["check", "--deny", "data_loss,may_fail"]).expect_code(0);

    // A risky change: a column dropped (data loss), a NOT NULL column without a default (fails on rows), a unique
    // index (fails on duplicates, blocks writes while it builds).
    blog.edit(
        POST,
        "    #[sea_orm(column_type = \"Text\")]\n    pub body: String,\n",
        "    pub summary: String,\n",
    );
    blog.edit(
        POST,
        "#[autogen(index(name = \"idx_post_author_created\"",
        "#[autogen(index(name = \"uq_post_title\", columns(\"title\"), unique))]\n\
         #[autogen(index(name = \"idx_post_author_created\"",
    );

    let markdown = blog.autogen(&["diff", "--format", "markdown"]);
    markdown.expect_code(0);
    insta::assert_snapshot!(format!("markdown_{}", backend.name()), markdown.stdout);
    // Its diagram parses with Mermaid's own parser, as GitHub draws it.
    let diagrams = sea_autogen_tests::mermaid::assert_valid_mermaid(&markdown.stdout);
    assert!(
        diagrams.is_none_or(|read| read.len() == 1),
        "one diagram:\n{}",
        markdown.stdout
    );
    // SQLite cannot add a NOT NULL column without a default in place: the table is rebuilt, and the rebuild carries
    // all three risks.
    let sqlite = backend == Backend::Sqlite;
    let dropped = if sqlite {
        "rebuild table post (column summary added, index uq_post_title added, column body dropped)"
    } else {
        "drop column post.body"
    };
    let md = &markdown.stdout;
    if !sqlite {
        let drop = md.find("drop column post.body").expect("the drop is listed");
        let add = md.find("add column post.summary").expect("the add is listed");
        assert!(drop < add, "destructive changes come first:\n{md}");
    }
    let diff = blog.autogen(&["diff"]);
    diff.expect_code(0);
    if sqlite {
        diff.expect_stdout(&format!("{dropped}  [data_loss, may_fail, long_lock]"))
            .expect_stdout(&format!("data_loss: {dropped} leaves out column(s) body"))
            .expect_stdout("instead: if a column was renamed, add `#[sea_orm(renamed_from = \"old\")]`");
    } else {
        diff.expect_stdout("drop column post.body  [data_loss]")
            .expect_stdout("data_loss: drop column post.body deletes every value of the column")
            .expect_stdout("instead: if the column was renamed, add `#[sea_orm(renamed_from = \"body\")]`");
    }

    let sql = blog.autogen(&["diff", "--format", "sql"]);
    sql.expect_code(0).expect_stdout(&format!("-- {dropped}"));
    // Identical input, identical bytes: another process (another connection, other hash seeds) prints the same.
    for format in ["sql", "json"] {
        let once = blog.autogen(&["diff", "--format", format]);
        let twice = blog.autogen(&["diff", "--format", format]);
        assert_eq!(
            once.stdout, twice.stdout,
            "`diff --format {format}` differs between two runs"
        );
    }
    let (quote_open, quote_close) = if backend == Backend::Mysql {
        ('`', '`')
    } else {
        ('"', '"')
    };
    let drop_sql = if sqlite {
        "DROP TABLE \"post\"".to_owned()
    } else {
        format!("DROP COLUMN {quote_open}body{quote_close}")
    };
    // PostgreSQL builds the index concurrently, in the revision's second migration (outside a transaction).
    let postgres = matches!(backend, Backend::Postgres | Backend::Postgres18);
    // MySQL adds it with `ALGORITHM=INPLACE, LOCK=NONE`, so that the server never copies the table for it.
    let create_index = match backend {
        Backend::Mysql => "ALTER TABLE `post` ADD UNIQUE INDEX `uq_post_title`".to_owned(),
        _ if postgres => "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"uq_post_title\"".to_owned(),
        _ => "CREATE UNIQUE INDEX \"uq_post_title\"".to_owned(),
    };
    sql.expect_stdout(&drop_sql).expect_stdout(&create_index);

    // --deny refuses the pending changes too.
    blog.autogen(&["check", "--deny", "destructive"])
        .expect_code(1)
        .expect_stderr(&format!("pending: data_loss: {dropped}"));

    // The file carries each risk beside its statement.
    let before = migrations(&blog);
    blog.autogen(&["revision", "-m", "summaries"])
        .expect_code(0)
        .expect_stdout(dropped)
        .expect_stdout("instead:");
    let new: Vec<String> = migrations(&blog).into_iter().filter(|m| !before.contains(m)).collect();
    assert_eq!(new.len(), if postgres { 2 } else { 1 }, "{new:?}");
    if postgres {
        assert!(new[1].ends_with("_online.rs"), "{new:?}");
        let online = blog.scratch.read(&format!("{MIGRATIONS}/{}", new[1]));
        assert!(
            online.contains("Some(false)") && online.contains(".concurrently()"),
            "{online}"
        );
    }
    let head = new.last().unwrap().trim_end_matches(".rs").to_owned();
    let revision_steps = format!("-{}", new.len());
    let file = blog.scratch.read(&format!("{MIGRATIONS}/{}", new[0]));
    if sqlite {
        assert!(
            file.contains("//! - rebuild table post (column summary added"),
            "{file}"
        );
        assert!(
            file.contains("// destructive: rebuild table post (column summary added"),
            "{file}"
        );
        assert!(
            file.contains("// may fail on existing rows: rebuild table post"),
            "{file}"
        );
    } else {
        assert!(file.contains("//! - drop column post.body (data_loss)"), "{file}");
        assert!(
            file.contains("// destructive: drop column post.body deletes every value of the column."),
            "{file}"
        );
        assert!(
            file.contains("// may fail on existing rows: add column post.summary adds a NOT NULL column"),
            "{file}"
        );
    }
    assert!(file.contains("// Instead: "), "{file}");
    let stem = new[0].trim_end_matches(".rs");

    // upgrade --sql prints what upgrade would run, and runs nothing.
    let upgrade_sql = blog.autogen(&["upgrade", "head", "--sql"]);
    upgrade_sql
        .expect_code(0)
        .expect_stdout(&format!("-- {stem}"))
        .expect_stdout(&drop_sql)
        .expect_stdout(&format!("INSERT INTO {quote_open}seaql_migrations{quote_close}"));
    blog.autogen(&["current"]).expect_code(0).expect_stdout("_publishing");
    blog.autogen(&["check"])
        .expect_code(1)
        .expect_stderr("database is not up to date");

    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.autogen(&["check"]).expect_code(0);
    // Now the newest migration is the risky one.
    blog.autogen(&["check", "--deny", "destructive"])
        .expect_code(1)
        .expect_stderr(&format!("{stem}: data_loss: "));
    // --since lints a range: the three migrations of the history hold no data loss.
    let third = &before[2];
    blog.autogen(&["check", "--deny", "destructive", "--since", "base"])
        .expect_code(1);
    blog.autogen(&["check", "--deny", "may_fail", "--since", third.trim_end_matches(".rs")])
        .expect_code(1)
        .expect_stderr(&format!("{stem}: may_fail"));

    // downgrade --sql: the inverse, printed; nothing reverted.
    // The revision is one migration (two on PostgreSQL: the lock-safe part of its own).
    let down_sql = if postgres {
        blog.autogen(&["downgrade", &revision_steps, "--sql"])
    } else {
        blog.autogen(&["downgrade", "-1", "--sql"])
    };
    down_sql
        .expect_code(0)
        .expect_stdout(&format!("-- {stem}"))
        .expect_stdout(&format!("{quote_open}body{quote_close}"))
        .expect_stdout(&format!("DELETE FROM {quote_open}seaql_migrations{quote_close}"));
    blog.autogen(&["current"])
        .expect_code(0)
        .expect_stdout(&format!("{head} (head)"));
    blog.autogen(&["downgrade", &revision_steps]).expect_code(0);
    blog.autogen(&["current"]).expect_code(0).expect_stdout("_publishing");
}

#[tokio::test(flavor = "multi_thread")]
async fn shadow_on_sqlite() {
    shadow(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shadow_on_postgres() {
    shadow(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shadow_on_mariadb() {
    shadow(Backend::Mysql).await;
}

/// `--shadow` compares the entities with what the migrations produce, in a scratch database, so it needs no
/// database at the head revision; the database itself is never touched.
async fn shadow(backend: Backend) {
    let Some(blog) = Project::example("blog", backend).await else {
        return;
    };
    let live = connect(&blog.db.url).await;
    blog.autogen(&["check", "--shadow"])
        .expect_code(0)
        .expect_stdout("no changes: the migrations produce the entities");
    blog.autogen(&["diff", "--shadow"])
        .expect_code(0)
        .expect_stdout("no changes");
    // Without --shadow the empty database is behind.
    blog.autogen(&["check"])
        .expect_code(1)
        .expect_stderr("database is not up to date");

    blog.edit(
        POST,
        "    pub published_at: Option<DateTime>,\n",
        "    pub published_at: Option<DateTime>,\n    pub subtitle: Option<String>,\n",
    );
    blog.autogen(&["check", "--shadow"])
        .expect_code(2)
        .expect_stdout("add column post.subtitle")
        .expect_stderr("the migrations do not produce the entities");
    let json = blog.autogen(&["diff", "--shadow", "--format", "json"]);
    json.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(json["changes"][0]["op"], "add_column");

    // revision --shadow writes the migration although the database itself is at base.
    let before = migrations(&blog);
    blog.autogen(&["revision", "--shadow", "-m", "subtitle"])
        .expect_code(0)
        .expect_stdout("add column post.subtitle");
    assert_eq!(migrations(&blog).len(), before.len() + 1);
    blog.autogen(&["check", "--shadow"]).expect_code(0);

    // A migration that fails to replay is named, and nothing is left behind.
    let newest = migrations(&blog).pop().unwrap();
    let path = format!("{MIGRATIONS}/{newest}");
    let good = blog.scratch.read(&path);
    // MySQL's file adds the column with `ALGORITHM=INSTANT`, in SQL.
    match backend {
        Backend::Mysql => blog.edit(&path, "ALTER TABLE `post`", "ALTER TABLE `no_such_table`"),
        _ => blog.edit(&path, ".table(\"post\")", ".table(\"no_such_table\")"),
    }
    blog.autogen(&["check", "--shadow"])
        .expect_code(1)
        .expect_stderr("replaying the migrations into the shadow database failed");
    blog.scratch.write(&path, &good);

    // A command that fails once the shadow database exists (here: autogen.toml names another backend) leaves none.
    if backend != Backend::Sqlite {
        blog.scratch.write("autogen.toml", "backends = [\"sqlite\"]\n");
        blog.autogen(&["check", "--shadow"])
            .expect_code(1)
            .expect_stderr("autogen.toml lists backends sqlite");
        std::fs::remove_file(blog.scratch.path().join("autogen.toml")).unwrap();
    }

    // The database was never touched, and every shadow database is gone.
    assert!(table_names(&live).await.is_empty(), "{:?}", table_names(&live).await);
    if backend != Backend::Sqlite {
        assert_eq!(shadow_databases(&live, backend).await, Vec::<String>::new());
    }
}

async fn shadow_databases(db: &sea_orm::DatabaseConnection, backend: Backend) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let sql = match backend {
        Backend::Postgres => "SELECT datname::text AS name FROM pg_database WHERE datname LIKE 'autogen_shadow%'",
        _ => "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'autogen_shadow%'",
    };
    db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect()
}
