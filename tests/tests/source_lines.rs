//! No line of Rust source in the repository is longer than rustfmt's `max_width` (120, in `rustfmt.toml`).
//!
//! rustfmt does not hold the code to that width itself: when a statement or a `match` contains a line it cannot fit
//! (a long string literal, a long line inside `quote!`), it silently leaves the whole statement unformatted, so
//! misindented code passes `cargo fmt --check`. With every line within the width, rustfmt formats everything. A long
//! string is split with `\` continuations or `concat!` (same value), a long comment rewrapped.
//!
//! Exempt: test data whose bytes are the point, the corpus cases (`tests/corpus/cases/`) and the registration cases
//! (`crates/sea-autogen-codegen/tests/register/`). The test reads the files on disk (not `git ls-files`), skipping
//! `target`, `.git` and every other hidden directory.

use std::path::{Path, PathBuf};

/// Directories, relative to the workspace root, whose files are test data kept byte for byte.
const DATA_DIRS: [&str; 2] = ["tests/corpus/cases", "crates/sea-autogen-codegen/tests/register"];

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
}

/// `max_width` from the workspace's `rustfmt.toml`.
fn max_width(root: &Path) -> usize {
    let config = std::fs::read_to_string(root.join("rustfmt.toml")).expect("reading rustfmt.toml");
    config
        .lines()
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim() == "max_width")
        .and_then(|(_, value)| value.trim().parse().ok())
        .expect("rustfmt.toml sets max_width")
}

/// Every `.rs` file under `dir`, but in build output, hidden directories and the data directories.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let file_type = entry
            .file_type()
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        if file_type.is_dir() {
            let relative = path.strip_prefix(root).expect("walking under the root");
            let skipped =
                name == "target" || name.starts_with('.') || DATA_DIRS.iter().any(|d| relative == Path::new(d));
            if !skipped {
                rust_files(root, &path, out);
            }
        } else if file_type.is_file() && name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_line_of_rust_source_is_wider_than_rustfmt_max_width() {
    let root = workspace_root();
    let max_width = max_width(root);
    let mut files = Vec::new();
    rust_files(root, root, &mut files);
    files.sort();
    // A walk that finds (next to) nothing would pass; the repository holds a few hundred source files.
    assert!(
        files.len() > 50 && files.contains(&root.join("tests/tests/source_lines.rs")),
        "found {} .rs files under {}; expected hundreds, this file among them",
        files.len(),
        root.display()
    );
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        for (index, line) in text.lines().enumerate() {
            let width = line.chars().count();
            if width > max_width {
                let relative = file.strip_prefix(root).expect("walking under the root");
                long.push(format!("{}:{}: {width} characters", relative.display(), index + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "{} lines are longer than {max_width} characters (rustfmt leaves a statement holding one unformatted); \
         split long strings with `\\` continuations or `concat!`, rewrap long comments:\n{}",
        long.len(),
        long.join("\n")
    );
}
