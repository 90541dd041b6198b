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

/// Spells a default expression in the one form both sides of a comparison agree on, so that the entity's default
/// and the introspected one compare equal. A number PostgreSQL's catalog quotes (`'-3'::integer`, see
/// [`cast_number`]) becomes the number the entities write. A default that is one string literal, however it is
/// spelled (see [`literal_and_casts`]), becomes its text spelled by [`quote_string`] (`'it''s'`; on MySQL
/// backslashes doubled, so the form reads back as the same text and normalizing it again changes nothing): equal
/// texts compare equal, different ones differ (on MySQL, but for characters beyond the Basic Multilingual Plane).
/// Other defaults keep their spelling, folded where catalogs and builders disagree (`CURRENT_TIMESTAMP()`, `TRUE`,
/// casts, outer parentheses).
pub fn normalize_default(backend: Backend, sql: &str) -> String {
    if let Some(number) = cast_number(backend, sql) {
        return number;
    }
    if let Some((mut text, _)) = literal_and_casts(backend, sql) {
        if backend == Backend::Mysql {
            // MariaDB's catalog spells defaults in a 3-byte UTF-8: a character beyond the Basic Multilingual Plane (an
            // emoji) reads back as `?`, though the rows get it. Folded alike on both sides, or such a default would
            // differ forever; a change of such a character alone goes unseen there.
            text = text
                .chars()
                .map(|c| if u32::from(c) > 0xFFFF { '?' } else { c })
                .collect();
        }
        return quote_string(backend, &text);
    }
    let mut s = strip_parens(backend, sql);
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
            while let Some(value) = strip_cast(s) {
                s = strip_parens(backend, value);
            }
            match s {
                "TRUE" => "true".to_owned(),
                "FALSE" => "false".to_owned(),
                _ => s.to_owned(),
            }
        }
    }
}

/// The number a PostgreSQL default spells as a quoted literal cast to a number type, as its catalog spells a
/// negative or large one (`'-3'::integer`, `'5000000000'::bigint`, `'-0.25'::numeric`) where the entities write
/// the number bare (`-3`): that number's text. `None` on the other backends and for anything else.
pub fn cast_number(backend: Backend, sql: &str) -> Option<String> {
    const NUMBER_TYPES: [&str; 7] = [
        "smallint",
        "integer",
        "bigint",
        "numeric",
        "decimal",
        "real",
        "double precision",
    ];
    let (text, casts) = literal_and_casts(backend, sql).filter(|(_, casts)| *casts > 0)?;
    let (_, cast) = strip_parens(backend, sql).rsplit_once("::")?;
    let cast = cast.split('(').next().unwrap_or_default().trim();
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let number = [whole, fraction]
        .iter()
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    (backend == Backend::Postgres && casts == 1 && number && NUMBER_TYPES.contains(&cast)).then_some(text)
}

/// The text a default sets when it is one constant string literal, so that it can be written again as a value the
/// statement builders spell for whichever backend runs the statement: a literal in any spelling `backend` or its
/// catalog uses, in parentheses or not, with at most one PostgreSQL cast after it (`'x'::character varying`). Two
/// casts are an expression PostgreSQL evaluates on every insert (`('now'::text)::date`, unlike `'now'::date`, which
/// it evaluates once): `None`, as for anything else that is not a literal.
pub fn default_literal(backend: Backend, sql: &str) -> Option<String> {
    literal_and_casts(backend, sql)
        .filter(|(_, casts)| *casts <= 1)
        .map(|(text, _)| text)
}

/// The text of `sql` when it is one string literal, and the number of PostgreSQL casts after it. The spellings
/// read: a plain `'...'` with quotes doubled (SQLite; PostgreSQL, whose catalog adds `::type` casts), a
/// PostgreSQL `E'...'` escape string, and a MySQL/MariaDB `'...'` with backslash escapes (which the MariaDB
/// catalog reports with quotes doubled, sea-query with `\'`).
fn literal_and_casts(backend: Backend, sql: &str) -> Option<(String, usize)> {
    let mut s = strip_parens(backend, sql);
    let mut casts = 0;
    if backend == Backend::Postgres {
        while let Some(value) = strip_cast(s) {
            s = strip_parens(backend, value);
            casts += 1;
        }
    }
    let chars: Vec<char> = s.chars().collect();
    let open = match chars.first() {
        Some('\'') => 0,
        Some('e' | 'E') if backend == Backend::Postgres && chars.get(1) == Some(&'\'') => 1,
        _ => return None,
    };
    let escapes = escapes_at(backend, &chars, open);
    if literal_end(&chars, open, escapes)? != chars.len() {
        return None;
    }
    let text = unescape(backend, &chars[open + 1..chars.len() - 1], escapes)?;
    Some((text, casts))
}

/// `s` without its last `::type` cast, when it ends in one outside any literal or parentheses.
fn strip_cast(s: &str) -> Option<&str> {
    let at = s.rfind("::")?;
    let (value, cast) = (&s[..at], &s[at + 2..]);
    let is_type = !cast.trim().is_empty()
        && cast
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " _()[],\"".contains(c));
    (is_type && balanced(Backend::Postgres, value)).then_some(value)
}

/// Whether the quote at `chars[at]` opens a literal whose backslashes are escapes: every MySQL literal, and a
/// PostgreSQL `E'...'` (with standard-conforming strings, the default since PostgreSQL 9.1, no other).
fn escapes_at(backend: Backend, chars: &[char], at: usize) -> bool {
    match backend {
        Backend::Mysql => true,
        Backend::Postgres => {
            at > 0
                && matches!(chars[at - 1], 'e' | 'E')
                && (at < 2 || !(chars[at - 2].is_alphanumeric() || chars[at - 2] == '_'))
        }
        Backend::Sqlite => false,
    }
}

/// Where the literal whose quote is `chars[at]` ends (just past its closing quote); `None` when it never does.
fn literal_end(chars: &[char], at: usize, escapes: bool) -> Option<usize> {
    let mut i = at + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if escapes => i += 2,
            '\'' if chars.get(i + 1) == Some(&'\'') => i += 2,
            '\'' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The text between a literal's quotes: doubled quotes made single and, when `escapes`, backslash escapes read as
/// `backend` reads them. `None` when the escapes make no valid UTF-8 (PostgreSQL octal and hex escapes are bytes).
fn unescape(backend: Backend, inner: &[char], escapes: bool) -> Option<String> {
    let mut bytes = Vec::with_capacity(inner.len());
    let push = |bytes: &mut Vec<u8>, c: char| bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    let digits = |from: usize, radix: u32, most: usize| {
        inner[from..]
            .iter()
            .take(most)
            .take_while(|c| c.is_digit(radix))
            .count()
    };
    let number = |from: usize, len: usize, radix: u32| {
        let text: String = inner[from..from + len].iter().collect();
        u32::from_str_radix(&text, radix).ok()
    };
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        i += 1;
        if c == '\'' {
            // The first of a doubled quote (`literal_end` saw the pair).
            i += 1;
            push(&mut bytes, '\'');
            continue;
        }
        if c != '\\' || !escapes {
            push(&mut bytes, c);
            continue;
        }
        let e = *inner.get(i)?;
        i += 1;
        match (backend, e) {
            (_, 'b') => bytes.push(0x08),
            (_, 'n') => bytes.push(b'\n'),
            (_, 'r') => bytes.push(b'\r'),
            (_, 't') => bytes.push(b'\t'),
            (Backend::Mysql, '0') => bytes.push(0),
            (Backend::Mysql, 'Z') => bytes.push(0x1a),
            // MySQL keeps the backslash of `\%` and `\_`, so that they mean themselves in LIKE patterns.
            (Backend::Mysql, '%' | '_') => bytes.extend_from_slice(&[b'\\', e as u8]),
            (Backend::Postgres, 'f') => bytes.push(0x0c),
            (Backend::Postgres, '0'..='7') => {
                let len = 1 + digits(i, 8, 2);
                bytes.push(u8::try_from(number(i - 1, len, 8)?).ok()?);
                i += len - 1;
            }
            (Backend::Postgres, 'x') if digits(i, 16, 2) > 0 => {
                let len = digits(i, 16, 2);
                bytes.push(u8::try_from(number(i, len, 16)?).ok()?);
                i += len;
            }
            (Backend::Postgres, 'u' | 'U') => {
                let len = if e == 'u' { 4 } else { 8 };
                if digits(i, 16, len) != len {
                    return None;
                }
                push(&mut bytes, char::from_u32(number(i, len, 16)?)?);
                i += len;
            }
            (_, other) => push(&mut bytes, other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// Catalogs and builders disagree on redundant outer parentheses: `(0)` versus `0`.
pub fn strip_parens(backend: Backend, sql: &str) -> &str {
    let mut s = sql.trim();
    while s.len() >= 2 && s.starts_with('(') && s.ends_with(')') && balanced(backend, &s[1..s.len() - 1]) {
        s = s[1..s.len() - 1].trim();
    }
    s
}

/// Whether the parentheses in `s` pair up without ever closing more than were opened, and every literal closes;
/// parentheses inside literals do not count.
fn balanced(backend: Backend, s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\'' => match literal_end(&chars, i, escapes_at(backend, &chars, i)) {
                Some(end) => i = end,
                None => return false,
            },
            '(' => {
                depth += 1;
                i += 1;
            }
            ')' => match depth.checked_sub(1) {
                Some(d) => {
                    depth = d;
                    i += 1;
                }
                None => return false,
            },
            _ => i += 1,
        }
    }
    depth == 0
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
