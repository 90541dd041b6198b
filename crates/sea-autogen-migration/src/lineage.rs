//! Lineage: what each migration file says it follows, the schema it leaves, and whether it changed after it was
//! applied.
//!
//! A generated file records its parent and the fingerprint of the schema it produces in its header
//! (`//! Parent: ...`, `//! Schema fingerprint: ...`); hand-written files have neither and are left out of the
//! checks. The checksum of a file is taken over its Rust tokens without comments, so reformatting or editing a
//! comment is not an edit; it is recorded in `autogen_migrations` when `upgrade` or `stamp` applies the file.

use anyhow::{Context, Result};
use sea_autogen_codegen::header;
use sea_autogen_schema::{Backend, Schema};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What a migration file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLineage {
    pub name: String,
    pub path: Option<PathBuf>,
    /// `Some(None)`: the first migration; `None`: the file records no parent (written by hand, or before adoption).
    pub parent: Option<Option<String>>,
    pub fingerprint: Option<String>,
    /// The checksum of its code; `None` when the file cannot be found.
    pub checksum: Option<String>,
}

/// Reads the lineage of every migration, in the order of `names` (the `Migrator`'s order).
pub fn read(migration_dir: &Path, names: &[String]) -> Vec<FileLineage> {
    names
        .iter()
        .map(|name| {
            let path = find_file(migration_dir, name);
            let source = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
            let recorded = source.as_deref().map(header::read).unwrap_or_default();
            FileLineage {
                name: name.clone(),
                parent: recorded.parent,
                fingerprint: recorded.fingerprint,
                checksum: source.as_deref().map(checksum),
                path,
            }
        })
        .collect()
}

/// `src/<name>.rs`, or the first `<name>.rs` below `src`.
pub fn find_file(migration_dir: &Path, name: &str) -> Option<PathBuf> {
    let src = migration_dir.join("src");
    let direct = src.join(format!("{name}.rs"));
    if direct.is_file() {
        return Some(direct);
    }
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().and_then(|n| n.to_str()) == Some(&format!("{name}.rs")) {
                return Some(path);
            }
        }
    }
    None
}

/// The checksum of a migration's code: SHA-256 of its tokens, comments and doc comments left out.
pub fn checksum(source: &str) -> String {
    let mut text = String::new();
    match proc_macro2::TokenStream::from_str(source) {
        Ok(tokens) => write_tokens(tokens, &mut text),
        // Not Rust (yet): every byte counts.
        Err(_) => text.push_str(source),
    }
    hex(&Sha256::digest(text.as_bytes()))[..16].to_owned()
}

fn write_tokens(tokens: proc_macro2::TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        // `#[doc = ".."]` and `#![doc = ".."]`: what `///` and `//!` comments become.
        if let TokenTree::Punct(p) = &tokens[i]
            && p.as_char() == '#'
        {
            let bang = matches!(&tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            let group = i + 1 + usize::from(bang);
            if let Some(TokenTree::Group(g)) = tokens.get(group)
                && g.delimiter() == Delimiter::Bracket
                && matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(id)) if id == "doc")
            {
                i = group + 1;
                continue;
            }
        }
        match &tokens[i] {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(g.stream(), out);
                out.push_str(close);
            }
            other => out.push_str(&other.to_string()),
        }
        out.push(' ');
        i += 1;
    }
}

/// The fingerprint of a schema: SHA-256 of its normalized form, so equal schemas give equal fingerprints.
pub fn fingerprint(schema: &Schema, backend: Backend) -> String {
    let json = serde_json::to_string(&schema.normalized(backend)).unwrap_or_default();
    hex(&Sha256::digest(json.as_bytes()))[..16].to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file whose recorded parent is not the migration before it in the `Migrator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misplaced {
    pub name: String,
    /// The parent the file records.
    pub recorded: Option<String>,
    /// The migration before it in the `Migrator` (`None`: it is listed first).
    pub previous: Option<String>,
    /// The other migration that records the same parent (two branches merged), if any.
    pub sibling: Option<String>,
}

impl Misplaced {
    /// What happened and the command that fixes it.
    pub fn explain(&self) -> String {
        let recorded = self.recorded.as_deref().unwrap_or("base");
        let previous = self.previous.as_deref().unwrap_or("base");
        match &self.sibling {
            Some(sibling) => format!(
                "{sibling} and {name} both follow {recorded}: two branches were merged, and {name} was written \
                 without {sibling}'s changes. Run `cargo autogen rebase` to make {name} follow {previous} (it checks \
                 that the migrations still produce the entities)",
                name = self.name
            ),
            None => format!(
                "{name} records {recorded} as its parent, but the Migrator lists it after {previous}: the order in \
                 lib.rs changed, or a migration was removed. Put it back, or run `cargo autogen rebase` to make \
                 {name} follow {previous}",
                name = self.name
            ),
        }
    }
}

/// Files whose recorded parent disagrees with the `Migrator`'s order. Files that record no parent are skipped.
pub fn misplaced(files: &[FileLineage]) -> Vec<Misplaced> {
    let mut out = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let Some(recorded) = &file.parent else {
            continue;
        };
        let previous = i.checked_sub(1).map(|p| files[p].name.clone());
        if *recorded == previous {
            continue;
        }
        let sibling = files[..i]
            .iter()
            .find(|other| other.parent.as_ref() == Some(recorded))
            .map(|other| other.name.clone());
        out.push(Misplaced {
            name: file.name.clone(),
            recorded: recorded.clone(),
            previous,
            sibling,
        });
    }
    out
}

/// Rewrites the `Parent:` line of a migration file's header. Fails when the header has none.
pub fn set_parent(path: &Path, parent: Option<&str>) -> Result<()> {
    let source = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let Some(out) = header::with_parent(&source, parent) else {
        anyhow::bail!("{} has no `Parent:` line in its header", path.display());
    };
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// Rewrites (or adds, after the `Parent:` line) the schema fingerprint of a migration file's header.
pub fn set_fingerprint(path: &Path, fingerprint: &str) -> Result<()> {
    let source = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let out = header::with_fingerprint(&source, fingerprint);
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, parent: Option<Option<&str>>) -> FileLineage {
        FileLineage {
            name: name.into(),
            path: None,
            parent: parent.map(|p| p.map(str::to_owned)),
            fingerprint: None,
            checksum: None,
        }
    }

    #[test]
    fn checksums_ignore_comments_and_layout_but_not_code() {
        let a = "//! Parent: x\nfn up() { create(\"a\"); } // note\n";
        let b = "//! Parent: y\n/// doc\nfn up() {\n    create(\"a\");\n}\n";
        let c = "fn up() { create(\"b\"); }\n";
        assert_eq!(checksum(a), checksum(b));
        assert_ne!(checksum(a), checksum(c));
    }

    #[test]
    fn a_straight_history_is_in_place() {
        let files = [
            file("m1", Some(None)),
            file("m0_hand_written", None),
            file("m2", Some(Some("m0_hand_written"))),
        ];
        assert_eq!(misplaced(&files), vec![]);
    }

    #[test]
    fn two_branches_merged_name_both_and_the_fix() {
        let files = [
            file("m1", Some(None)),
            file("m2_a", Some(Some("m1"))),
            file("m2_b", Some(Some("m1"))),
        ];
        let found = misplaced(&files);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].sibling.as_deref(), Some("m2_a"));
        assert_eq!(found[0].previous.as_deref(), Some("m2_a"));
        let text = found[0].explain();
        assert!(text.contains("m2_a and m2_b both follow m1"), "{text}");
        assert!(text.contains("cargo autogen rebase"), "{text}");
    }

    #[test]
    fn a_reordered_history_is_explained() {
        let files = [file("m2", Some(Some("m1"))), file("m1", Some(None))];
        let found = misplaced(&files);
        assert_eq!(found.len(), 2);
        assert!(
            found[0].explain().contains("lists it after base"),
            "{}",
            found[0].explain()
        );
    }
}
