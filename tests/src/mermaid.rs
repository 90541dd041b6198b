//! Mermaid's own parser, run by node, on the diagrams of the markdown summary (`tests/mermaid`: a pinned npm
//! project with `check.mjs`). `bash .ci/run` installs it; elsewhere it is installed with [`INSTALL`].

use std::path::PathBuf;
use std::process::Command;

/// The command that installs the checker.
pub const INSTALL: &str = "npm ci --prefix tests/mermaid";

/// The body of every ```` ```mermaid ```` block of `markdown`, in order.
pub fn mermaid_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match current.as_mut() {
            None if line.trim_start() == "```mermaid" => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_start().starts_with("```") => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a ```mermaid block is not closed:\n{markdown}");
    blocks
}

/// The checker, when it is installed: `check.mjs`. Not installed: `None` after saying why outside CI; in CI a
/// panic naming the command to run, since a silently skipped check is a failed CI (as for the databases).
pub fn checker() -> Option<PathBuf> {
    let dir = crate::workspace_root().join("tests/mermaid");
    let node = Command::new("node").arg("--version").output();
    let missing = if !matches!(&node, Ok(output) if output.status.success()) {
        Some("node is not installed (Debian: `apt-get install nodejs npm`)".to_owned())
    } else if !dir.join("node_modules/mermaid/package.json").is_file() {
        Some(format!("the mermaid package is not installed: run `{INSTALL}`"))
    } else {
        None
    };
    match missing {
        None => Some(dir.join("check.mjs")),
        Some(why) if std::env::var_os("CI").is_some() => panic!("{why}: CI must check the diagrams"),
        Some(why) => {
            eprintln!("skipping the Mermaid check here: {why} (bash .ci/run does)");
            None
        }
    }
}

/// Runs Mermaid's parser on each diagram: what it read, one JSON line per diagram, or its message for the first
/// invalid one.
pub fn check_diagrams(checker: &std::path::Path, diagrams: &[String]) -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let files: Vec<PathBuf> = diagrams
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let file = dir.path().join(format!("diagram_{i}.mmd"));
            std::fs::write(&file, text).expect("writing a diagram");
            file
        })
        .collect();
    let output = Command::new("node")
        .arg(checker)
        .args(&files)
        .current_dir(checker.parent().expect("tests/mermaid"))
        .output()
        .expect("running node");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        let lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
        assert_eq!(lines.len(), diagrams.len(), "one line per diagram:\n{stdout}");
        Ok(lines)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Name the diagram by its text, not by the temporary file.
        let message = files
            .iter()
            .zip(diagrams)
            .fold(stderr.into_owned(), |message, (file, text)| {
                message.replace(&file.display().to_string(), &format!("diagram\n{text}"))
            });
        Err(message)
    }
}

/// Checks every ```` ```mermaid ```` block of `markdown`, panicking with the parser's message on an invalid one;
/// returns what it read (JSON lines), or `None` when the checker is not installed outside CI.
pub fn assert_valid_mermaid(markdown: &str) -> Option<Vec<String>> {
    let checker = checker()?;
    let blocks = mermaid_blocks(markdown);
    match check_diagrams(&checker, &blocks) {
        Ok(read) => Some(read),
        Err(message) => panic!("{message}\nin:\n{markdown}"),
    }
}
