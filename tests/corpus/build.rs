//! Discovers the corpus: every directory under `cases/` is a case (`case.toml`, `before.rs`, `after.rs`), compiled
//! into a module of its name. A case is added by adding a directory; no Rust list names them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let cases_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases");
    println!("cargo:rerun-if-changed={}", cases_dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&cases_dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", cases_dir.display()))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| cases_dir.join(name).is_dir())
        .collect();
    names.sort();
    let mut out = String::new();
    for name in &names {
        let dir = cases_dir.join(name);
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit()),
            "corpus case `{name}`: a case directory is named in snake case (it becomes a module)"
        );
        let toml_path = dir.join("case.toml");
        let text =
            std::fs::read_to_string(&toml_path).unwrap_or_else(|e| panic!("reading {}: {e}", toml_path.display()));
        let case: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()));
        let about = case
            .get("about")
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{}: `about` is a string", toml_path.display()));
        let rows: Vec<&str> = case
            .get("rows")
            .and_then(|v| v.as_array())
            .map(|rows| {
                rows.iter()
                    .map(|r| r.as_str().expect("a row is an SQL string"))
                    .collect()
            })
            .unwrap_or_default();
        let skip: Vec<(&String, &str)> = case
            .get("skip")
            .and_then(|v| v.as_table())
            .map(|t| {
                t.iter()
                    .map(|(b, r)| (b, r.as_str().expect("a skip reason is a string")))
                    .collect()
            })
            .unwrap_or_default();
        for (backend, _) in &skip {
            assert!(
                ["sqlite", "postgres", "mysql"].contains(&backend.as_str()),
                "{}: unknown backend `{backend}` in [skip]",
                toml_path.display()
            );
        }
        let rows: Vec<String> = rows.iter().map(|r| format!("{r:?}")).collect();
        let skip: Vec<String> = skip.iter().map(|(b, r)| format!("({b:?}, {r:?})")).collect();
        writeln!(
            out,
            "pub mod {name} {{\n    \
             pub const CASE: crate::Case = \
             crate::Case {{ name: {name:?}, about: {about:?}, rows: &[{}], skip: &[{}] }};\n    \
             #[path = {:?}]\n    pub mod before;\n    #[path = {:?}]\n    pub mod after;\n}}",
            rows.join(", "),
            skip.join(", "),
            dir.join("before.rs").display().to_string(),
            dir.join("after.rs").display().to_string(),
        )
        .unwrap();
    }
    let list: Vec<String> = names.iter().map(|n| format!("&{n}::CASE")).collect();
    writeln!(
        out,
        "/// Every case, in name order.\npub const CASES: &[&Case] = &[{}];",
        list.join(", ")
    )
    .unwrap();
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cases.rs");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
}
