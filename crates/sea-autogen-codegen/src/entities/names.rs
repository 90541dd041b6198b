//! Rust names for database names: modules, fields, types and enum variants that compile whatever the database
//! calls things, and the attribute that keeps the database's own name when the Rust one differs.

use std::collections::BTreeSet;

/// Rust's keywords that a raw identifier (`r#type`) may stand for.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "true", "type", "union", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final",
    "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords no raw identifier can stand for.
const SPECIAL: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Splits a database name into lower-case words: at underscores, spaces and punctuation, and where a lower-case
/// letter or digit meets an upper-case one (`InvoiceLine`, `HTTPServer` → `http`, `server`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// `invoice_line` for `InvoiceLine`, `invoice line` or `invoice_line`; `fallback` when nothing of the name is
/// usable; prefixed by `fallback` when it would start with a digit.
pub(crate) fn snake(name: &str, fallback: &str) -> String {
    let joined = words(name).join("_");
    if joined.is_empty() {
        fallback.to_owned()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{joined}")
    } else {
        joined
    }
}

/// `InvoiceLine` for `invoice_line`.
pub(crate) fn camel(name: &str, fallback: &str) -> String {
    let joined: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    if joined.is_empty() {
        fallback.to_owned()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{joined}")
    } else {
        joined
    }
}

/// A snake-case name as an identifier: `r#type` for a keyword, `self_` where no raw identifier is allowed.
pub(crate) fn ident(snake: &str) -> String {
    if SPECIAL.contains(&snake) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake) {
        format!("r#{snake}")
    } else {
        snake.to_owned()
    }
}

/// Hands out names unique within one scope: the second `name` becomes `name_2` (or `Name2`), and so on.
#[derive(Debug, Default)]
pub(crate) struct Unique {
    taken: BTreeSet<String>,
}

impl Unique {
    pub(crate) fn with_taken(taken: impl IntoIterator<Item = String>) -> Self {
        Self {
            taken: taken.into_iter().collect(),
        }
    }

    /// `base`, or `base{sep}2`, `base{sep}3`... whichever is free first; compared case-insensitively, since
    /// SeaORM derives one name from another by changing case.
    pub(crate) fn take(&mut self, base: &str, sep: &str) -> String {
        let mut candidate = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate.to_lowercase().replace('_', "")) {
            candidate = format!("{base}{sep}{n}");
            n += 1;
        }
        self.taken.insert(candidate.to_lowercase().replace('_', ""));
        candidate
    }
}

/// The name SeaORM's `DeriveEntityModel` gives a field's column variant (`UpperCamel` of the field), which must be
/// unique within an entity.
pub(crate) fn column_variant(field: &str) -> String {
    camel(field.trim_start_matches("r#"), "Column")
}

/// The column name SeaORM derives from a field name when no `column_name` is given: the field itself if it is in
/// snake case already.
pub(crate) fn default_column_name(field: &str) -> String {
    let field = field.trim_start_matches("r#");
    let canonical = words(&camel(field, "")).join("_");
    if canonical == field {
        field.to_owned()
    } else {
        words(field).join("_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("InvoiceLine", "t"), "invoice_line");
        assert_eq!(snake("invoice_line", "t"), "invoice_line");
        assert_eq!(snake("HTTPServer", "t"), "http_server");
        assert_eq!(snake("user name", "t"), "user_name");
        assert_eq!(snake("2fa", "c"), "c_2fa");
        assert_eq!(snake("!!", "c"), "c");
        assert_eq!(snake("Größe", "c"), "größe");
        assert_eq!(camel("invoice_line", "T"), "InvoiceLine");
        assert_eq!(camel("so-so", "V"), "SoSo");
        assert_eq!(camel("42", "V"), "V42");
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("album_id"), "album_id");
        assert_eq!(default_column_name("album_id"), "album_id");
        assert_eq!(default_column_name("r#type"), "type");
    }

    #[test]
    fn unique_names() {
        let mut unique = Unique::default();
        assert_eq!(unique.take("name", "_"), "name");
        assert_eq!(unique.take("Name", "_"), "Name_2");
        assert_eq!(unique.take("name", "_"), "name_3");
    }
}
