//! The three database backends and how each spells what the others spell differently.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
}

impl Backend {
    /// The name used in JSON output and file headers: `sqlite`, `postgres` or `mysql`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    /// Reads a backend name as written in a URL scheme or a file header.
    pub fn parse(name: &str) -> Option<Backend> {
        match name {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            "mysql" | "mariadb" => Some(Backend::Mysql),
            _ => None,
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Spells a default expression the way the backend's catalog reports it, so that the entity's default and the
/// introspected one compare equal.
pub(crate) fn normalize_default(backend: Backend, sql: &str) -> String {
    let mut s = strip_parens(sql);
    match backend {
        Backend::Sqlite | Backend::Mysql => match s.to_ascii_uppercase().as_str() {
            "CURRENT_TIMESTAMP" | "CURRENT_TIMESTAMP()" => "CURRENT_TIMESTAMP".to_owned(),
            "TRUE" => "1".to_owned(),
            "FALSE" => "0".to_owned(),
            "NULL" => "NULL".to_owned(),
            _ => s.to_owned(),
        },
        Backend::Postgres => {
            // The catalog spells literals with their cast (`'x'::character varying`, `(0)::numeric`).
            while let Some(at) = s.rfind("::") {
                let (value, cast) = (&s[..at], &s[at + 2..]);
                let is_type = cast
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _()[],\"".contains(c));
                if !is_type || !balanced(value) {
                    break;
                }
                s = strip_parens(value);
            }
            match s {
                "TRUE" => "true".to_owned(),
                "FALSE" => "false".to_owned(),
                _ => s.to_owned(),
            }
        }
    }
}

/// Catalogs and builders disagree on redundant outer parentheses: `(0)` versus `0`.
fn strip_parens(sql: &str) -> &str {
    let mut s = sql.trim();
    while s.len() >= 2 && s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
        s = s[1..s.len() - 1].trim();
    }
    s
}

/// Whether the parentheses in `s` pair up without ever closing more than were opened.
fn balanced(s: &str) -> bool {
    let mut depth = 0usize;
    let mut in_quote = false;
    for c in s.chars() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    depth == 0 && !in_quote
}
