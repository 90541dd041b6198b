//! Building the migration crate: cargo's JSON messages read as they come, so a terminal shows what is being
//! compiled while it is (the first build compiles SeaORM and the database drivers: minutes), and the binary's path
//! is taken from cargo itself. Piped, nothing is added to cargo's own output (its errors and warnings).

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a build runs before the terminal shows it: a build with nothing to do stays silent.
const SHOW_AFTER: Duration = Duration::from_millis(400);

/// A build compiling this many crates is compiling the dependencies: a first build, or one after an update.
const MANY: usize = 10;

/// One message of `cargo build --message-format=json`, the fields used here.
#[derive(Debug, PartialEq, Eq)]
enum Message {
    /// A unit compiled (`fresh`: it was up to date); `executable`: the binary, when the unit is one.
    Artifact {
        name: String,
        fresh: bool,
        executable: Option<PathBuf>,
    },
    Finished {
        success: bool,
    },
    Other,
}

fn parse(line: &str) -> Message {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
        return Message::Other;
    };
    match value["reason"].as_str() {
        Some("compiler-artifact") => Message::Artifact {
            name: value["target"]["name"].as_str().unwrap_or("?").to_owned(),
            fresh: value["fresh"].as_bool().unwrap_or(false),
            executable: value["executable"].as_str().map(PathBuf::from),
        },
        Some("build-finished") => Message::Finished {
            success: value["success"].as_bool().unwrap_or(false),
        },
        _ => Message::Other,
    }
}

/// What the terminal shows of a build: the units compiled so far, and the one that came last.
#[derive(Debug, Default)]
struct Tally {
    compiled: usize,
    last: String,
    executable: Option<PathBuf>,
}

impl Tally {
    fn add(&mut self, message: Message) {
        if let Message::Artifact {
            name,
            fresh,
            executable,
        } = message
        {
            if !fresh {
                self.compiled += 1;
                self.last = name;
            }
            if executable.is_some() {
                self.executable = executable;
            }
        }
    }

    fn line(&self) -> String {
        let mut line = format!("building the migration crate: {} crates compiled", self.compiled);
        if !self.last.is_empty() {
            line.push_str(&format!(", last {}", self.last));
        }
        if self.compiled >= MANY {
            line.push_str(" (a first build: a few minutes)");
        }
        line
    }
}

/// Builds the migration crate at `dir` and returns its binary. On a terminal (and without `-q`), a build that
/// takes more than a moment shows a spinner with what is compiled; cargo's errors and warnings show as always.
pub fn migration_crate(dir: &Path, release: bool, quiet: bool) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["build", "--quiet", "--message-format=json-render-diagnostics"])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"));
    if release {
        command.arg("--release");
    }
    command.stdout(Stdio::piped());
    let mut child = command.spawn().context("starting cargo")?;
    let stdout = child.stdout.take().context("reading cargo's output")?;
    let (send, receive) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(parse(&line)).is_err() {
                break;
            }
        }
    });
    let shows = !quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut spinner: Option<ProgressBar> = None;
    let mut success = false;
    loop {
        match receive.recv_timeout(Duration::from_millis(100)) {
            Ok(Message::Finished { success: done }) => success = done,
            Ok(message) => tally.add(message),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if shows && spinner.is_none() && started.elapsed() >= SHOW_AFTER {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(ProgressStyle::with_template("{spinner} {wide_msg} {elapsed}").expect("a valid template"));
            bar.enable_steady_tick(Duration::from_millis(100));
            spinner = Some(bar);
        }
        if let Some(bar) = &spinner {
            bar.set_message(tally.line());
        }
    }
    let _ = reader.join();
    let status = child.wait().context("waiting for cargo")?;
    if let Some(bar) = spinner {
        bar.finish_and_clear();
        if success && tally.compiled > 0 {
            eprintln!(
                "built the migration crate in {} ({} crates compiled)",
                took(started.elapsed()),
                tally.compiled
            );
        }
    }
    if !status.success() || !success {
        bail!(
            "building the migration crate at {} failed (see the errors above)",
            dir.display()
        );
    }
    tally.executable.with_context(|| {
        format!(
            "the migration crate at {} builds no binary: its Cargo.toml needs a [[bin]] (or src/main.rs) that runs \
             sea_autogen_migration::cli::run",
            dir.display()
        )
    })
}

/// `4 s`, `2 min 10 s`.
fn took(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    if secs < 60 {
        format!("{secs} s")
    } else {
        format!("{} min {} s", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_times_read_at_a_glance() {
        assert_eq!(took(Duration::from_millis(4_200)), "4 s");
        assert_eq!(took(Duration::from_secs(130)), "2 min 10 s");
    }

    #[test]
    fn reads_cargo_messages() {
        let artifact = concat!(
            r#"{"reason":"compiler-artifact","package_id":"x","target":{"kind":["bin"],"name":"migration"},"#,
            r#""fresh":false,"executable":"/t/debug/migration"}"#
        );
        assert_eq!(
            parse(artifact),
            Message::Artifact {
                name: "migration".into(),
                fresh: false,
                executable: Some("/t/debug/migration".into())
            }
        );
        assert_eq!(
            parse(r#"{"reason":"build-finished","success":true}"#),
            Message::Finished { success: true }
        );
        assert_eq!(parse("not json"), Message::Other);
    }

    #[test]
    fn the_line_says_what_is_compiled_and_why_it_takes_long_the_first_time() {
        let mut tally = Tally::default();
        for (name, fresh) in [("serde", false), ("sea_orm", false), ("tokio", true)] {
            tally.add(Message::Artifact {
                name: name.into(),
                fresh,
                executable: None,
            });
        }
        let line = tally.line();
        assert_eq!(line, "building the migration crate: 2 crates compiled, last sea_orm");
        tally.compiled = MANY;
        assert!(
            tally.line().ends_with("(a first build: a few minutes)"),
            "{}",
            tally.line()
        );
    }
}
