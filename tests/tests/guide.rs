//! The documentation runs: every `cargo autogen` command in the shell blocks of `docs/guide.md` is one an
//! end-to-end test runs, and the CI workflow of `examples/ci/schema.yml` is run step by step on the blog.

use sea_autogen_tests::{Backend, FreshDb, Scratch, workspace_root};

/// Splits a shell command line into words: spaces separate, double quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

/// The `cargo autogen ...` lines of the ```sh blocks of a markdown file, as argument lists.
fn shell_commands(markdown: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && trimmed == "```sh";
            continue;
        }
        if in_sh && let Some(rest) = trimmed.strip_prefix("cargo autogen ") {
            commands.push(words(rest));
        }
    }
    commands
}

/// The argument arrays of `autogen(&[...])` calls in a test source, whitespace removed, as written in Rust.
fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_command_of_the_guide_is_run_by_a_test() {
    let guide = std::fs::read_to_string(workspace_root().join("docs/guide.md")).unwrap();
    let commands = shell_commands(&guide);
    assert!(commands.len() > 20, "the guide's commands were not found: {commands:?}");
    let mut sources = String::new();
    for entry in std::fs::read_dir(workspace_root().join("tests/tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let sources = without_whitespace(&sources);
    let missing: Vec<String> = commands
        .iter()
        .filter(|args| {
            let literal = format!(
                "[{}]",
                args.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(",")
            );
            !sources.contains(&without_whitespace(&literal))
        })
        .map(|args| args.join(" "))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/guide.md shows commands no end-to-end test runs:\n{}",
        missing.join("\n")
    );
}

#[test]
fn shell_words() {
    assert_eq!(words(r#"revision -m "add users""#), ["revision", "-m", "add users"]);
    assert_eq!(words("check  --deny a,b"), ["check", "--deny", "a,b"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn ci_workflow_on_sqlite() {
    ci_workflow(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ci_workflow_on_postgres() {
    ci_workflow(Backend::Postgres).await;
}

/// A pull request adds a migration that drops a column: the workflow's steps, run as it runs them, pass the
/// shadow check, refuse the data loss, and summarize the change against the base branch's revision.
async fn ci_workflow(backend: Backend) {
    let Some(db) = FreshDb::create(backend).await else {
        return;
    };
    let blog = Scratch::example("blog");
    let env = [("DATABASE_URL", db.url.as_str())];
    let autogen = |args: &[&str]| blog.autogen(args, &env);
    let committed = blog.files("migration/src", "m2");

    // The pull request: post.body goes, post.summary comes, with its migration.
    let post = "src/entity/post.rs";
    let text = blog.read(post);
    let edited = text.replacen(
        "    #[sea_orm(column_type = \"Text\")]\n    pub body: String,\n",
        "    pub summary: Option<String>,\n",
        1,
    );
    assert_ne!(text, edited);
    blog.write(post, &edited);
    autogen(&["revision", "--shadow", "-m", "summaries"]).expect_code(0);

    // The workflow's steps.
    let mut ran: Vec<Vec<String>> = Vec::new();
    let mut run = |args: &[&str]| {
        ran.push(args.iter().map(|a| (*a).to_owned()).collect());
        autogen(args)
    };
    run(&["check", "--shadow"]).expect_code(0);
    let added: Vec<String> = blog
        .files("migration/src", "m2")
        .into_iter()
        .filter(|f| !committed.contains(f))
        .collect();
    let first = added.first().expect("the pull request adds a migration");
    let stem = first.trim_end_matches(".rs").to_owned();
    let shown = run(&["show", &stem, "--format", "json"]);
    shown.expect_code(0);
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("show --format json prints JSON");
    let parent = shown["parent"].as_str().unwrap_or("base").to_owned();
    assert_eq!(parent, committed.last().unwrap().trim_end_matches(".rs"));
    run(&["check", "--shadow", "--deny", "destructive", "--since", &parent])
        .expect_code(1)
        .expect_stderr("data_loss")
        .expect_stderr("refused by --deny destructive");
    run(&["upgrade", &parent]).expect_code(0);
    let summary = run(&["diff", "--format", "markdown"]);
    summary
        .expect_code(0)
        .expect_stdout("### sea-autogen: pending schema changes")
        .expect_stdout("**destructive**")
        .expect_stdout("body");

    // Those are exactly the workflow's commands.
    let workflow = std::fs::read_to_string(workspace_root().join("examples/ci/schema.yml")).unwrap();
    let in_workflow: Vec<Vec<String>> = workflow
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("cargo autogen ").map(|(_, rest)| rest.to_owned()))
        .map(|rest| {
            let rest = rest.replace("\"${{ steps.new.outputs.parent }}\"", &parent);
            let rest = rest.replace("\"$(basename \"$first\" .rs)\"", &stem);
            let rest = rest
                .split(" > ")
                .next()
                .unwrap()
                .split(" | ")
                .next()
                .unwrap()
                .to_owned();
            words(&rest)
        })
        .collect();
    assert_eq!(
        in_workflow, ran,
        "examples/ci/schema.yml and this test must run the same commands"
    );
}
