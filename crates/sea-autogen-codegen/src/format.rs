//! The last formatting pass: the user's own `rustfmt`, so a generated file passes their `cargo fmt --check`.
//!
//! `prettyplease` already gives valid, stable formatting in-process; rustfmt's choices (chain widths, the user's
//! `rustfmt.toml`) differ in details, and only rustfmt itself can match them. When rustfmt is missing or fails,
//! the in-process formatting stands.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `rustfmt` over `code` as if the file lived in `crate_dir` (so that directory's `rustfmt.toml` applies).
/// Returns `None` when rustfmt cannot be run or rejects the input.
pub fn rustfmt(code: &str, crate_dir: &Path) -> Option<String> {
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(program)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(crate_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    // Write on another thread: a large file could fill the pipe while rustfmt fills its output.
    let mut stdin = child.stdin.take()?;
    let input = code.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok().filter(|s| !s.trim().is_empty())
}
