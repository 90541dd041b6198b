//! The schema model and the diff are pure: no IO, no async, no database, no hash-ordered collections. They turn
//! data into data, so a plan is the same on every machine and every run, and they are tested without a server.
//!
//! Checked on what could break it: each crate's `[dependencies]` (nothing beyond the allowed list), and its sources
//! (no path into the standard library's IO, process, network, environment, clock or threads; no printing; no
//! `async`; no `HashMap`/`HashSet`, whose iteration order changes from run to run).

use std::path::{Path, PathBuf};

/// (crate directory, the dependencies it may have).
const PURE: &[(&str, &[&str])] = &[
    ("crates/sea-autogen-schema", &["serde"]),
    ("crates/sea-autogen-diff", &["sea-autogen-schema", "serde"]),
];

/// What IO, async or run-dependent order looks like in source text.
const FORBIDDEN: &[&str] = &[
    "std::fs",
    "std::io",
    "std::net",
    "std::process",
    "std::env",
    "std::thread",
    "std::time",
    "SystemTime",
    "Instant::",
    "File::",
    "println!",
    "eprintln!",
    "print!",
    "eprint!",
    "dbg!",
    "async ",
    ".await",
    "tokio::",
    "sqlx::",
    "sea_orm::",
    "HashMap",
    "HashSet",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_owned()
}

/// The names in a manifest's `[dependencies]` table (`name = ...` or `name.workspace = true`).
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if !inside || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let name = line.split(['=', '.']).next().unwrap_or("").trim();
        names.push(name.trim_matches('"').to_owned());
    }
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each forbidden word in `source`, outside comments, with its line number.
fn violations(source: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for word in FORBIDDEN {
            if code.contains(word) {
                found.push((n + 1, *word));
            }
        }
    }
    found
}

#[test]
fn schema_and_diff_depend_on_nothing_that_does_io() {
    for (dir, allowed) in PURE {
        let manifest = std::fs::read_to_string(root().join(dir).join("Cargo.toml")).unwrap();
        let deps = dependencies(&manifest);
        assert!(!deps.is_empty() || allowed.is_empty(), "{dir}: no [dependencies] read");
        let extra: Vec<&String> = deps.iter().filter(|d| !allowed.contains(&d.as_str())).collect();
        assert!(
            extra.is_empty(),
            "{dir} must stay pure (no IO, no async); it now depends on {extra:?}: move what needs them to the \
             runner (`crates/sea-autogen-migration`) or the introspection crate"
        );
    }
}

#[test]
fn schema_and_diff_sources_do_no_io() {
    let mut report = Vec::new();
    let mut files = 0;
    for (dir, _) in PURE {
        let mut paths = Vec::new();
        rust_files(&root().join(dir).join("src"), &mut paths);
        paths.sort();
        assert!(paths.len() >= 3, "{dir}: only {} source files found", paths.len());
        files += paths.len();
        for path in paths {
            let source = std::fs::read_to_string(&path).unwrap();
            for (line, word) in violations(&source) {
                report.push(format!("{}:{line}: `{word}`", path.display()));
            }
        }
    }
    assert!(files >= 10, "only {files} source files read");
    assert!(
        report.is_empty(),
        "the schema and diff crates do no IO, no async and use no hash order:\n{}",
        report.join("\n")
    );
}

/// The scan finds what it looks for (so an empty report means something).
#[test]
fn the_scan_sees_forbidden_words_outside_comments_only() {
    let source = "use std::collections::BTreeMap;\n// std::fs in a comment\nlet f = std::fs::read(p);\n\
                  let m: HashMap<u8, u8> = x; // BTreeMap\n";
    assert_eq!(violations(source), [(3, "std::fs"), (4, "HashMap")]);
    assert_eq!(
        dependencies(
            "[package]\nname = \"x\"\n[dependencies]\na.workspace = true\nb = \"1\"\n\
             [dev-dependencies]\nc = 1"
        ),
        ["a", "b"]
    );
}
