//! Lineage through the real CLI, staged with real files on a scratch copy of `examples/blog`, on every backend:
//! two branches merged (two migrations with one parent) caught by `check` and `revision` and fixed by `rebase`;
//! an applied migration edited afterwards; a database that has revisions the files do not; `stamp`.

use sea_autogen_tests::{Backend, Project};

const MIGRATIONS: &str = "migration/src";
const LIB: &str = "migration/src/lib.rs";

fn migrations(blog: &Project) -> Vec<String> {
    blog.scratch
        .files(MIGRATIONS, "m2")
        .into_iter()
        .map(|f| f.trim_end_matches(".rs").to_owned())
        .collect()
}

/// Runs `revision` and returns the stem of the one new file.
fn revision(blog: &Project, message: &str) -> String {
    let before = migrations(blog);
    blog.autogen(&["revision", "-m", message]).expect_code(0);
    let new: Vec<String> = migrations(blog).into_iter().filter(|m| !before.contains(m)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    new[0].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn lineage_on_sqlite() {
    lineage(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lineage_on_postgres() {
    lineage(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn lineage_on_mariadb() {
    lineage(Backend::Mysql).await;
}

async fn lineage(backend: Backend) {
    let Some(blog) = Project::example("blog", backend).await else {
        return;
    };
    let history = migrations(&blog);
    let publishing = history.last().unwrap().clone();
    blog.autogen(&["upgrade", "head"]).expect_code(0);

    // Branch A adds a column to user.
    let user = "src/entity/user.rs";
    let user_text = blog.scratch.read(user);
    blog.edit(
        user,
        "    pub email: String,\n",
        "    pub email: String,\n    pub bio: Option<String>,\n",
    );
    let a = revision(&blog, "add bio");
    let a_file = blog.scratch.read(&format!("{MIGRATIONS}/{a}.rs"));
    assert!(a_file.contains(&format!("//! Parent: {publishing}\n")), "{a_file}");
    assert!(a_file.contains("//! Schema fingerprint: "), "{a_file}");

    // Branch B, made from the same parent: A is not there.
    let lib_without_a = blog.scratch.read(LIB).replace(&format!("mod {a};\n"), "");
    let lib_without_a = strip_registration(&lib_without_a, &a);
    blog.scratch.write(LIB, &lib_without_a);
    std::fs::remove_file(blog.scratch.path().join(format!("{MIGRATIONS}/{a}.rs"))).unwrap();
    blog.scratch.write(user, &user_text);
    let tag = "src/entity/tag.rs";
    blog.edit(
        tag,
        "    pub name: String,\n",
        "    pub name: String,\n    pub color: Option<String>,\n",
    );
    std::thread::sleep(std::time::Duration::from_secs(1));
    let b = revision(&blog, "tag color");
    assert!(
        blog.scratch
            .read(&format!("{MIGRATIONS}/{b}.rs"))
            .contains(&format!("//! Parent: {publishing}\n"))
    );

    // The merge: both files, both registered (A first), both entity changes.
    blog.scratch.write(&format!("{MIGRATIONS}/{a}.rs"), &a_file);
    let lib = blog.scratch.read(LIB);
    let lib = lib.replacen(&format!("mod {b};"), &format!("mod {a};\nmod {b};"), 1);
    let lib = lib.replacen(
        &format!("Box::new({b}::Migration)"),
        &format!("Box::new({a}::Migration),\n            Box::new({b}::Migration)"),
        1,
    );
    blog.scratch.write(LIB, &lib);
    blog.edit(
        user,
        "    pub email: String,\n",
        "    pub email: String,\n    pub bio: Option<String>,\n",
    );

    let conflict = format!("{a} and {b} both follow {publishing}");
    blog.autogen(&["check"])
        .expect_code(1)
        .expect_stderr(&conflict)
        .expect_stderr("cargo autogen rebase");
    blog.autogen(&["revision", "-m", "more"])
        .expect_code(1)
        .expect_stderr(&conflict);

    // As Alembic shows it: two heads, and the graph shows where the branches part.
    let heads = blog.autogen(&["heads", "--format", "json"]);
    heads.expect_code(0);
    let heads: serde_json::Value = serde_json::from_str(&heads.stdout).expect("heads --format json prints JSON");
    let names: Vec<&str> = heads
        .as_array()
        .expect("a list of heads")
        .iter()
        .map(|h| h["revision"].as_str().unwrap())
        .collect();
    assert_eq!(names, [a.as_str(), b.as_str()]);
    blog.autogen(&["heads"])
        .expect_code(0)
        .expect_stderr("2 heads")
        .expect_stderr("cargo autogen merge");
    blog.autogen(&["history", "--graph"])
        .expect_code(0)
        .expect_stdout(&format!(
            "* [ ] {b} (head)  tag color\n| * [ ] {a} (head)  add bio\n|/\n* [x] {publishing}"
        ));

    // rebase: B now follows A, and a shadow replay confirms the migrations produce the entities.
    blog.autogen(&["rebase"])
        .expect_code(0)
        .expect_stdout(&format!("rebased {b} onto {a}"))
        .expect_stdout("the migrations produce the entities");
    let b_file = blog.scratch.read(&format!("{MIGRATIONS}/{b}.rs"));
    assert!(b_file.contains(&format!("//! Parent: {a}\n")), "{b_file}");
    // `merge`, Alembic's word for it, is the same command.
    blog.autogen(&["merge"])
        .expect_code(0)
        .expect_stdout("nothing to rebase");
    let heads = blog.autogen(&["heads", "--format", "json"]);
    let heads: serde_json::Value = serde_json::from_str(&heads.stdout).expect("heads --format json prints JSON");
    assert_eq!(heads.as_array().unwrap().len(), 1, "{heads}");
    assert_eq!(heads[0]["revision"], b.as_str());
    assert_eq!(heads[0]["parent"], a.as_str());
    blog.autogen(&["check"])
        .expect_code(1)
        .expect_stderr("database is not up to date");
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.autogen(&["check"]).expect_code(0);

    // Editing a comment of an applied migration is not an edit; changing its code is.
    let b_path = format!("{MIGRATIONS}/{b}.rs");
    let up = "async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {\n";
    blog.edit(&b_path, up, &format!("{up}        // Reviewed by the database team.\n"));
    blog.autogen(&["check"]).expect_code(0);
    blog.edit(
        &b_path,
        up,
        &format!("{up}        let _backend = manager.get_database_backend();\n"),
    );
    blog.autogen(&["check"])
        .expect_code(1)
        .expect_stderr(&format!("{b} was edited after it was applied to this database"))
        .expect_stderr("cargo autogen stamp head");
    blog.autogen(&["revision", "-m", "more"])
        .expect_code(1)
        .expect_stderr("was edited after it was applied");
    // Accepting the edit records the file as it is now.
    blog.autogen(&["stamp", "head"])
        .expect_code(0)
        .expect_stdout("nothing was run");
    blog.autogen(&["check"]).expect_code(0);

    // The files lose B (another branch checked out): the database is ahead of them.
    blog.scratch.write(
        LIB,
        &strip_registration(&blog.scratch.read(LIB), &b).replace(&format!("mod {b};\n"), ""),
    );
    std::fs::remove_file(blog.scratch.path().join(&b_path)).unwrap();
    blog.autogen(&["check"])
        .expect_code(1)
        .expect_stderr("the database is ahead of the migration files")
        .expect_stderr("cargo autogen stamp");
    blog.autogen(&["stamp", &a])
        .expect_code(0)
        .expect_stdout(&format!("stamped {b} as not applied"));
    blog.autogen(&["current"])
        .expect_code(0)
        .expect_stdout(&format!("{a} (head)"));
    // The column B added is still in the database and in the entities, but no migration makes it.
    blog.autogen(&["check"]).expect_code(0);
    blog.autogen(&["check", "--shadow"])
        .expect_code(2)
        .expect_stdout("add column tag.color");
}

/// `lib` without the `Box::new(<stem>::Migration),` line.
fn strip_registration(lib: &str, stem: &str) -> String {
    lib.lines()
        .filter(|line| !line.contains(&format!("Box::new({stem}::Migration)")))
        .map(|line| format!("{line}\n"))
        .collect()
}
