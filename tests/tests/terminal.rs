//! What a person at a terminal sees, and what a script sees through a pipe, on scratch copies of `examples/blog`:
//! colour only on a terminal (`--color`, `NO_COLOR`) with piped output byte-identical to the plain text; `-v`'s
//! statement log and `-q`; Alembic's `current`, `history`, `heads` and `show` with their JSON; and, through a real
//! terminal (tmux), the build's progress, the rename question and the confirmation before tables are dropped.

use sea_autogen_tests::{Backend, Project, Run, cargo_autogen, target_dir};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const POST: &str = "src/entity/post.rs";

/// The blog on SQLite, at head, with `post.body` renamed in the entities to `content` and a `summary` added: a
/// pending change with a data loss in it and two candidates for the rename.
async fn blog_with_pending_changes() -> Option<Project> {
    let blog = Project::example("blog", Backend::Sqlite).await?;
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.edit(
        POST,
        "    #[sea_orm(column_type = \"Text\")]\n    pub body: String,\n",
        "    #[sea_orm(column_type = \"Text\")]\n    pub content: Option<String>,\n    \
         #[sea_orm(column_type = \"Text\")]\n    pub summary: Option<String>,\n",
    );
    Some(blog)
}

fn has_escapes(text: &str) -> bool {
    text.contains('\u{1b}')
}

#[tokio::test(flavor = "multi_thread")]
async fn colour_on_request_and_piped_output_stays_plain() {
    let Some(blog) = blog_with_pending_changes().await else {
        return;
    };
    let run = |args: &[&str], no_color: bool| {
        let mut command = Command::new(cargo_autogen());
        command
            .arg("autogen")
            .args(args)
            .current_dir(blog.scratch.path())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("DATABASE_URL", &blog.db.url)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let output = command.output().expect("running cargo-autogen");
        Run::from_output(&format!("cargo autogen {}", args.join(" ")), output)
    };
    let plain = run(&["diff", "--color", "never"], false);
    plain.expect_code(0).expect_stdout("drop column post.body");
    assert!(!has_escapes(&plain.stdout));
    // The build of the migration crate (the entities changed) draws nothing in a pipe.
    assert!(!plain.stderr.contains("migration crate"), "{}", plain.stderr);
    assert!(!has_escapes(&plain.stderr), "{}", plain.stderr);

    // Piped, `auto` is plain: byte for byte what `never` prints, with or without NO_COLOR.
    let auto = run(&["diff"], false);
    assert_eq!(auto.stdout, plain.stdout);
    assert_eq!(run(&["diff"], true).stdout, plain.stdout);

    // `always` colours: additions green, removals red, each risk in its own colour; without the colour it is the
    // same text.
    let coloured = run(&["diff", "--color", "always"], false);
    coloured.expect_code(0);
    assert!(has_escapes(&coloured.stdout), "{}", coloured.stdout);
    assert!(
        coloured.stdout.contains("\u{1b}[32madd column post."),
        "{}",
        coloured.stdout
    );
    assert!(
        coloured.stdout.contains("\u{1b}[31mdrop column post.body"),
        "{}",
        coloured.stdout
    );
    assert!(
        coloured.stdout.contains("\u{1b}[1m\u{1b}[31mdata_loss"),
        "{}",
        coloured.stdout
    );
    assert_eq!(strip(&coloured.stdout), plain.stdout);

    // `check` prints the same plan, coloured the same way.
    let check = run(&["check", "--color", "always"], false);
    check.expect_code(2);
    assert_eq!(strip(&check.stdout), run(&["check"], false).stdout);

    // NO_COLOR wins over a terminal, but not over --color always.
    let forced = run(&["diff", "--color", "always"], true);
    assert!(has_escapes(&forced.stdout));
}

fn strip(text: &str) -> String {
    // ESC [ ... m sequences, the only ones anstyle writes.
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_each_statement_and_quiet_prints_only_errors() {
    let Some(blog) = Project::example("blog", Backend::Sqlite).await else {
        return;
    };
    let verbose = blog.autogen(&["upgrade", "+1", "-v"]);
    verbose
        .expect_code(0)
        .expect_stdout("applied m20261126_162719_create_users_and_posts");
    // Each statement on one line, after its time.
    let created = verbose
        .stderr
        .lines()
        .find(|l| l.contains("CREATE TABLE \"user\""))
        .unwrap_or_else(|| panic!("no CREATE TABLE in the log:\n{}", verbose.stderr));
    let (time, _) = created
        .trim_start()
        .split_once("  ")
        .expect("a time, then the statement");
    assert!(time.ends_with(" ms") || time.ends_with(" s"), "{created:?}");

    // -q: nothing but errors.
    let quiet = blog.autogen(&["upgrade", "head", "-q"]);
    quiet.expect_code(0);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    blog.autogen(&["upgrade", "nope", "-q"])
        .expect_code(1)
        .expect_stderr("unknown revision `nope`");
    // Without -v, no statement is logged.
    let plain = blog.autogen(&["downgrade", "-1"]);
    plain.expect_code(0);
    assert!(!plain.stderr.contains("DROP"), "{}", plain.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn alembic_reports_and_their_json() {
    let Some(blog) = Project::example("blog", Backend::Sqlite).await else {
        return;
    };
    let files: Vec<String> = blog
        .scratch
        .files("migration/src", "m2")
        .into_iter()
        .map(|f| f.trim_end_matches(".rs").to_owned())
        .collect();
    assert_eq!(files.len(), 3);
    blog.autogen(&["upgrade", "+2"]).expect_code(0);

    let json = |args: &[&str]| -> serde_json::Value {
        let run = blog.autogen(args);
        run.expect_code(0);
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}):\n{}", run.stdout))
    };
    let history = json(&["history", "--format", "json"]);
    let history = history.as_array().expect("a list");
    assert_eq!(history.len(), 3);
    for (i, revision) in history.iter().enumerate() {
        assert_eq!(revision["revision"], files[i].as_str());
        assert_eq!(revision["applied"], i < 2);
        assert_eq!(revision["head"], i == 2);
        let parent = if i == 0 {
            serde_json::Value::Null
        } else {
            files[i - 1].as_str().into()
        };
        assert_eq!(revision["parent"], parent);
        assert!(!revision["changes"].as_array().unwrap().is_empty(), "{revision}");
        assert!(revision["message"].is_string(), "{revision}");
    }

    let current = json(&["current", "--format", "json"]);
    assert_eq!(current["current"], files[1].as_str());
    assert_eq!(current["at_head"], false);
    assert_eq!(current["pending"], serde_json::json!([files[2]]));
    assert_eq!(current["revision"]["revision"], files[1].as_str());

    let heads = json(&["heads", "--format", "json"]);
    assert_eq!(heads.as_array().unwrap().len(), 1);
    assert_eq!(heads[0]["revision"], files[2].as_str());

    // show: by full name, by message part, head and current.
    let shown = json(&["show", "add_tags", "--format", "json"]);
    assert_eq!(shown["revision"], files[1].as_str());
    assert_eq!(
        json(&["show", "head", "--format", "json"])["revision"],
        files[2].as_str()
    );
    assert_eq!(
        json(&["show", "current", "--format", "json"])["revision"],
        files[1].as_str()
    );
    let text = blog.autogen(&["show", &files[1]]);
    text.expect_code(0)
        .expect_stdout(&format!("Revision: {}", files[1]))
        .expect_stdout(&format!("Parent: {}", files[0]))
        .expect_stdout("Applied: yes")
        .expect_stdout("Changes:\n  - create table tag");
    blog.autogen(&["show", "publishing"])
        .expect_code(0)
        .expect_stdout(&format!("Revision: {} (head)", files[2]))
        .expect_stdout("Applied: no");
    blog.autogen(&["show", "nope"])
        .expect_code(1)
        .expect_stderr("unknown revision `nope`");

    // The text forms: --verbose adds each revision's header.
    blog.autogen(&["current"]).expect_code(0).expect_stdout(&files[1]);
    blog.autogen(&["current", "--verbose"])
        .expect_code(0)
        .expect_stdout(&format!("  Parent: {}", files[0]))
        .expect_stdout("  Pending: 1 migration");
    blog.autogen(&["history", "--verbose"])
        .expect_code(0)
        .expect_stdout(&format!("[ ] {} (head)\n    Parent: {}", files[2], files[1]))
        .expect_stdout("    Created: 2026-11-26");
    blog.autogen(&["history", "--graph"])
        .expect_code(0)
        .expect_stdout(&format!("* [ ] {} (head)", files[2]))
        .expect_stdout(&format!("* [x] {}", files[0]));
    blog.autogen(&["heads"])
        .expect_code(0)
        .expect_stdout(&format!("{} (head)", files[2]));
}

/// A program in a real terminal: a tmux server of its own, one window of 160 by 50.
struct Terminal {
    socket: String,
}

impl Terminal {
    /// Runs `cargo autogen <args>` in `dir` with `env`, then prints its exit code as `[exit N]`.
    fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<Terminal> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is missing: bash .ci/run installs it"
            );
            eprintln!("skipping: tmux is not installed (bash .ci/run installs it)");
            return None;
        }
        let socket = format!("autogen-test-{}-{}", std::process::id(), rand_suffix());
        let mut line = String::from("env -u NO_COLOR");
        for (k, v) in env {
            line.push_str(&format!(" {k}={}", shell_quote(v)));
        }
        line.push_str(&format!(
            " CARGO_TARGET_DIR={}",
            shell_quote(&target_dir().display().to_string())
        ));
        line.push_str(&format!(
            " {} autogen",
            shell_quote(&cargo_autogen().display().to_string())
        ));
        for arg in args {
            line.push_str(&format!(" {}", shell_quote(arg)));
        }
        line.push_str("; echo \"[exit $?]\"; sleep 600");
        let status = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-x", "160", "-y", "50", "-c"])
            .arg(dir)
            .arg(&line)
            .env_remove("TMUX")
            .status()
            .expect("starting tmux");
        assert!(status.success(), "tmux new-session failed");
        Some(Terminal { socket })
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-J"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen shows `text` (up to five minutes: the first build of the migration crate).
    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(300),
                "the terminal never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// In a terminal: the build shows what it compiles, the rename question offers both added columns and "none",
/// and the pick becomes a rename in the file.
#[tokio::test(flavor = "multi_thread")]
async fn a_rename_is_asked_in_a_terminal() {
    let Some(blog) = blog_with_pending_changes().await else {
        return;
    };
    // The entities changed, so the migration crate builds again: long enough to show.
    let url = blog.db.url.clone();
    let Some(terminal) = Terminal::run(
        blog.scratch.path(),
        &["revision", "-m", "content"],
        &[("DATABASE_URL", &url)],
    ) else {
        return;
    };
    let screen = terminal.wait_for("Was it renamed?");
    assert!(screen.contains("built the migration crate in"), "{screen}");
    assert!(
        screen.contains("post.body is gone from the entities. Was it renamed?"),
        "{screen}"
    );
    assert!(screen.contains("renamed to post.content"), "{screen}");
    assert!(screen.contains("renamed to post.summary"), "{screen}");
    assert!(
        screen.contains("none: drop post.body (its values are lost) and add the new one"),
        "{screen}"
    );
    // The first candidate is picked by default: Enter takes it.
    terminal.keys(&["Enter"]);
    let screen = terminal.wait_for("[exit ");
    assert!(screen.contains("[exit 0]"), "{screen}");
    assert!(screen.contains("rename column post.body to content"), "{screen}");
    let written = blog.scratch.files("migration/src", "m2");
    let file = written
        .iter()
        .find(|f| f.ends_with("_content.rs"))
        .expect("the new migration");
    let text = blog.scratch.read(&format!("migration/src/{file}"));
    assert!(text.contains("- rename column post.body to content"), "{text}");
    assert!(
        text.contains("\"summary\""),
        "the added column is in the file too:\n{text}"
    );
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    blog.autogen(&["check"]).expect_code(0);
}

/// In a terminal, `fresh` and `downgrade base` say what they drop and ask; "no" changes nothing, "yes" goes on and
/// says what was done.
#[tokio::test(flavor = "multi_thread")]
async fn dropping_tables_is_confirmed_in_a_terminal() {
    let Some(blog) = Project::example("blog", Backend::Sqlite).await else {
        return;
    };
    blog.autogen(&["upgrade", "head"]).expect_code(0);
    let url = blog.db.url.clone();
    let env = [("DATABASE_URL", url.as_str())];

    let Some(terminal) = Terminal::run(blog.scratch.path(), &["downgrade", "base"], &env) else {
        return;
    };
    let screen = terminal.wait_for("Go on?");
    assert!(
        screen.contains("`downgrade base` reverts every applied migration of sqlite:"),
        "{screen}"
    );
    assert!(screen.contains("(3 of them)"), "{screen}");
    terminal.keys(&["n"]);
    let screen = terminal.wait_for("[exit ");
    assert!(
        screen.contains("downgrade base cancelled: nothing was changed"),
        "{screen}"
    );
    assert!(screen.contains("[exit 1]"), "{screen}");
    blog.autogen(&["current"]).expect_code(0).expect_stdout("(head)");
    drop(terminal);

    let Some(terminal) = Terminal::run(blog.scratch.path(), &["fresh"], &env) else {
        return;
    };
    let screen = terminal.wait_for("Go on?");
    assert!(screen.contains("`fresh` drops every table of sqlite:"), "{screen}");
    assert!(screen.contains("post, post_tag, tag, user"), "{screen}");
    terminal.keys(&["y"]);
    let screen = terminal.wait_for("[exit ");
    assert!(screen.contains("[exit 0]"), "{screen}");
    assert!(
        screen.contains("dropped 4 tables: post, post_tag, tag, user"),
        "{screen}"
    );
    assert!(screen.contains("fresh: 3 migrations applied now"), "{screen}");
}
