//! The three database backends and how each spells what the others spell differently.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
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

/// An identifier quoted for `backend` (`"name"`, or `` `name` `` on MySQL), inner quotes doubled: the only way a
/// name enters SQL that no builder writes.
pub fn quote_ident(backend: Backend, name: &str) -> String {
    let q = if backend == Backend::Mysql { '`' } else { '"' };
    let doubled = name.replace(q, &format!("{q}{q}"));
    format!("{q}{doubled}{q}")
}

/// The quoted name that opens at `chars[at]` (`"..."`, `` `...` `` or `[...]`), its doubled quotes made single,
/// and where it ends.
fn quoted_name(chars: &[char], at: usize) -> (String, usize) {
    let close = if chars[at] == '[' { ']' } else { chars[at] };
    let mut name = String::new();
    let mut i = at + 1;
    while i < chars.len() {
        if chars[i] == close && close != ']' && chars.get(i + 1) == Some(&close) {
            name.push(close);
            i += 2;
        } else if chars[i] == close {
            i += 1;
            break;
        } else {
            name.push(chars[i]);
            i += 1;
        }
    }
    (name, i)
}

/// `sql` (a check expression or index predicate) with every reference to column `old` made to `new`, as the
/// database rewrites it when the column is renamed. Quoted names match exactly, bare ones ignoring case; string
/// literals are left alone. A reference keeps its quotes; a bare one is quoted for `backend` when `new` needs it.
pub fn rename_in_expr(backend: Backend, sql: &str, old: &str, new: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // A string literal, copied as it is ('' inside is an escaped quote).
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        out.push('\'');
                        i += 1;
                    } else {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
        } else if matches!(c, '"' | '`' | '[') {
            let close = if c == '[' { ']' } else { c };
            let start = i;
            let name;
            (name, i) = quoted_name(&chars, i);
            if name == old {
                let doubled = if close == ']' {
                    new.to_owned()
                } else {
                    new.replace(close, &format!("{close}{close}"))
                };
                out.push(c);
                out.push_str(&doubled);
                out.push(close);
            } else {
                out.extend(&chars[start..i]);
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A word after a dot names a column of another table; before `(` it is a function.
            let qualified = start > 0 && chars[start - 1] == '.';
            if !qualified && word.eq_ignore_ascii_case(old) && chars.get(i) != Some(&'(') {
                let plain = new.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                    && new
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if plain {
                    out.push_str(new);
                } else {
                    out.push_str(&quote_ident(backend, new));
                }
            } else {
                out.push_str(&word);
            }
        } else if c.is_ascii_digit() {
            // A number (possibly `1e5` or `0x1f`): its letters are not a name.
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '.') {
                out.push(chars[i]);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// A string literal, inner quotes doubled (and, on MySQL, backslashes too, which it otherwise reads as escapes).
pub fn quote_string(backend: Backend, text: &str) -> String {
    let mut escaped = text.replace('\'', "''");
    if backend == Backend::Mysql {
        escaped = escaped.replace('\\', "\\\\");
    }
    format!("'{escaped}'")
}

/// Spells a default expression the way the backend's catalog reports it, so that the entity's default and the
/// introspected one compare equal.
pub fn normalize_default(backend: Backend, sql: &str) -> String {
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

/// The form in which check expressions and index predicates are compared across spellings: identifier quotes
/// dropped, PostgreSQL casts (`::numeric`) dropped, parentheses around a single term or the whole expression
/// dropped, words lower-cased and whitespace collapsed. String literals are kept exactly.
///
/// Catalogs print expressions their own way (PostgreSQL `((price > (0)::numeric))`, MariaDB `` `price` > 0 ``)
/// while entities spell them as written; this folds the common differences so they compare equal.
pub fn normalize_expr(sql: &str) -> String {
    let mut tokens = drop_casts(expr_tokens(sql));
    // `( term )` -> `term`, repeatedly, and then parentheses around everything.
    loop {
        let before = tokens.len();
        let mut i = 0;
        while i + 2 < tokens.len() {
            if tokens[i] == "(" && tokens[i + 2] == ")" && is_term(&tokens[i + 1]) && !follows_callee(&tokens, i) {
                tokens.remove(i + 2);
                tokens.remove(i);
            } else {
                i += 1;
            }
        }
        drop_connective_parens(&mut tokens);
        while tokens.len() >= 2 && tokens[0] == "(" && tokens[tokens.len() - 1] == ")" && wraps_all(&tokens) {
            tokens.pop();
            tokens.remove(0);
        }
        if tokens.len() == before {
            break;
        }
    }
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        let tight =
            i == 0 || token == ")" || token == "," || tokens[i - 1] == "(" || (token == "(" && is_word(&tokens[i - 1]));
        if !tight {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

/// Splits an expression into lower-cased words, numbers, string literals (kept as written) and operators.
fn expr_tokens(sql: &str) -> Vec<String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let start = i;
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' && chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                } else if chars[i] == '\'' {
                    i += 1;
                    break;
                } else {
                    i += 1;
                }
            }
            tokens.push(chars[start..i].iter().collect());
        } else if matches!(c, '"' | '`' | '[') {
            let name;
            (name, i) = quoted_name(&chars, i);
            tokens.push(name.to_lowercase());
        } else if c.is_alphanumeric() || c == '_' || c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.' || chars[i] == '$')
            {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect::<String>().to_lowercase());
        } else if "(),".contains(c) {
            tokens.push(c.to_string());
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && "<>=!|:&+-*/%~^@#".contains(chars[i]) {
                i += 1;
            }
            if i == start {
                i += 1;
            }
            let op: String = chars[start..i].iter().collect();
            tokens.push(if op == "!=" { "<>".to_owned() } else { op });
        }
    }
    tokens
}

/// Removes `::type` casts, including multi-word types and their arguments (`::character varying(20)[]`).
fn drop_casts(tokens: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] != "::" {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        i += 1;
        while i < tokens.len() && is_word(&tokens[i]) && !is_keyword_after_cast(&tokens[i]) {
            i += 1;
            if tokens.get(i).is_some_and(|t| t == "(") {
                while i < tokens.len() && tokens[i] != ")" {
                    i += 1;
                }
                i += 1;
            }
        }
        while tokens.get(i).is_some_and(|t| t == "[]") {
            i += 1;
        }
    }
    out
}

/// Words that end a cast's type name rather than continue it (`'a'::text OR ...`).
fn is_keyword_after_cast(word: &str) -> bool {
    matches!(
        word,
        "and" | "or" | "not" | "is" | "in" | "like" | "between" | "then" | "else" | "end" | "when"
    )
}

fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// A single operand: a word, number or string literal.
fn is_term(token: &str) -> bool {
    is_word(token) || token.starts_with('\'') || token.starts_with('.')
}

/// Whether the parenthesis at `open` is a function call's or an `IN (...)` list's, which must stay.
fn follows_callee(tokens: &[String], open: usize) -> bool {
    open > 0 && is_word(&tokens[open - 1]) && !matches!(tokens[open - 1].as_str(), "and" | "or" | "not")
}

/// Whether the first parenthesis of `tokens` closes at the last token.
fn wraps_all(tokens: &[String]) -> bool {
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate() {
        match token.as_str() {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 && i != tokens.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// `(a > 0) AND (b < 10)` -> `a > 0 and b < 10`: comparisons bind tighter than AND and OR, so parentheses around
/// an operand of a connective that holds no connective itself change nothing.
fn drop_connective_parens(tokens: &mut Vec<String>) {
    let is_connective = |t: Option<&String>| t.is_none_or(|t| matches!(t.as_str(), "and" | "or" | "(" | ")"));
    let mut i = 0;
    while i < tokens.len() {
        let opens_operand = tokens[i] == "(" && is_connective(i.checked_sub(1).and_then(|p| tokens.get(p)));
        let close = opens_operand.then(|| matching_close(tokens, i)).flatten();
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let inner = &tokens[i + 1..close];
        let flat = top_level(inner).all(|t| t != "and" && t != "or");
        let before_is_open = i > 0 && tokens[i - 1] == "(";
        let after = tokens.get(close + 1);
        if flat && is_connective(after) && !(before_is_open && after.is_some_and(|t| t == ")")) {
            tokens.remove(close);
            tokens.remove(i);
        } else {
            i += 1;
        }
    }
}

fn matching_close(tokens: &[String], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.as_str() {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The tokens of `tokens` outside any parentheses.
fn top_level(tokens: &[String]) -> impl Iterator<Item = &String> {
    let mut depth = 0i32;
    tokens.iter().filter(move |t| {
        match t.as_str() {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => return depth == 0,
        }
        false
    })
}
