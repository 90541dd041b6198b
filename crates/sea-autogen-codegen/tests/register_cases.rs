//! `register_migration` on the `lib.rs` files under `tests/register/`, one directory a case:
//!
//! - `lib.rs`: the migration crate's `lib.rs` before (its bytes are the input: CRLF, a byte order mark, tabs and
//!   a missing final newline are cases of their own);
//! - `stem.txt`: the module name of the migration to register;
//! - `expected.rs`: the file after registration, byte for byte, or
//! - `error.txt`: the error's message, when the edit must be refused and the file left as it is.
//!
//! A case is added by adding a directory. `AUTOGEN_BLESS=1 cargo test -p sea-autogen-codegen --test
//! register_cases` rewrites `expected.rs` / `error.txt` from what the code now does; review the diff before
//! committing it.

use std::path::{Path, PathBuf};

use sea_autogen_codegen::register::{register_migration, registered_migrations};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/register");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("reading {}: {e}", root.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("reading {}: {e}", path.display()),
    }
}

fn one_line(text: &str) -> &str {
    text.strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text)
}

#[test]
fn register_cases() {
    let bless = std::env::var_os("AUTOGEN_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 20, "only {} register cases found", cases.len());
    let mut failures = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let lib_rs = read(&dir.join("lib.rs")).unwrap_or_else(|| panic!("{name}: lib.rs is missing"));
        let stem = read(&dir.join("stem.txt")).unwrap_or_else(|| panic!("{name}: stem.txt is missing"));
        let stem = one_line(&stem);
        let expected = read(&dir.join("expected.rs"));
        let error = read(&dir.join("error.txt"));
        let got = register_migration(&lib_rs, stem);
        if bless {
            let _ = std::fs::remove_file(dir.join("expected.rs"));
            let _ = std::fs::remove_file(dir.join("error.txt"));
            match &got {
                Ok(after) => std::fs::write(dir.join("expected.rs"), after).unwrap(),
                Err(e) => std::fs::write(dir.join("error.txt"), format!("{e}\n")).unwrap(),
            }
            continue;
        }
        match (expected, error, got) {
            (Some(_), Some(_), _) => failures.push(format!("{name}: has both expected.rs and error.txt")),
            (None, None, _) => failures.push(format!("{name}: has neither expected.rs nor error.txt")),
            (Some(want), None, Ok(after)) if after == want => {}
            (Some(want), None, Ok(after)) => failures.push(format!(
                "{name}: a different file\n--- got ---\n{after}\n--- want ---\n{want}"
            )),
            (Some(_), None, Err(e)) => failures.push(format!("{name}: refused: {e}")),
            (None, Some(want), Err(e)) if e.to_string() == one_line(&want) => {}
            (None, Some(want), Err(e)) => failures.push(format!(
                "{name}: a different error\n--- got ---\n{e}\n--- want ---\n{}",
                one_line(&want)
            )),
            (None, Some(want), Ok(after)) => failures.push(format!(
                "{name}: accepted, but should be refused with `{}`; wrote\n{after}",
                one_line(&want)
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} register cases failed (AUTOGEN_BLESS=1 rewrites the expectations):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A registered file is itself a valid input: registering a second migration after the first lists both, in order.
#[test]
fn registration_composes() {
    for dir in cases() {
        let Some(after) = read(&dir.join("expected.rs")) else {
            continue;
        };
        let again = register_migration(&after, "m29991231_235959_next")
            .unwrap_or_else(|e| panic!("{}: the registered file is refused: {e}", dir.display()));
        let listed = registered_migrations(&again).unwrap();
        assert_eq!(
            listed.last().map(String::as_str),
            Some("m29991231_235959_next"),
            "{}",
            dir.display()
        );
        let stem = read(&dir.join("stem.txt")).unwrap();
        assert!(
            listed.iter().any(|m| m == one_line(&stem)),
            "{}: {listed:?}",
            dir.display()
        );
    }
}
