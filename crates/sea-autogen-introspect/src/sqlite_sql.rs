//! Reads CHECK constraints and partial-index predicates out of the SQL text SQLite keeps in `sqlite_master.sql`,
//! the only place its catalog records them.
//!
//! A small tokenizer splits the statement into words, quoted tokens and parentheses while skipping whitespace and
//! comments, so that keywords are only ever recognised outside strings, quoted identifiers and comments. Every token
//! keeps its byte span in the source, which lets the extracted expressions be returned exactly as written.

/// A CHECK constraint found in a CREATE TABLE statement: its name if written as `CONSTRAINT name CHECK (...)`,
/// and the expression between the outer parentheses, exactly as written (trimmed), quotes kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawCheck {
    pub name: Option<String>,
    pub expr: String,
}

/// Every CHECK constraint of a `CREATE TABLE` statement: table constraints and column constraints alike, in order
/// of appearance.
///
/// Only constraints directly inside the table's definition list (parenthesis depth 1) are considered. A
/// `CONSTRAINT name` names the check only when `CHECK` is the very next token; otherwise the name is dropped. A
/// check whose parentheses never close is not reported.
pub(crate) fn table_checks(create_table_sql: &str) -> Vec<RawCheck> {
    let tokens = tokenize(create_table_sql);
    let mut checks = Vec::new();
    let mut depth = 0usize;
    let mut name: Option<String> = None;
    let mut i = 0;
    while let Some(token) = tokens.get(i) {
        let pending = name.take();
        match token.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            _ if depth != 1 => {}
            _ if token.is_keyword("CONSTRAINT") => {
                if let Some(next) = tokens.get(i + 1).filter(|next| !next.is_keyword("CHECK")) {
                    name = next.identifier();
                    i += 1;
                }
            }
            _ if token.is_keyword("CHECK") => {
                if let Some((check, close)) = check_at(create_table_sql, &tokens, i, pending) {
                    checks.push(check);
                    i = close;
                }
            }
            _ => {}
        }
        i += 1;
    }
    checks
}

/// The WHERE predicate of a `CREATE [UNIQUE] INDEX ... ON t (...) WHERE expr` statement, trimmed, or None.
///
/// The `WHERE` must be the first token after the indexed column list (the first parenthesised group). The
/// predicate runs up to a `;` or the end of the text; comments inside it are kept, trailing ones are not.
pub(crate) fn index_predicate(create_index_sql: &str) -> Option<String> {
    let tokens = tokenize(create_index_sql);
    let open = tokens.iter().position(|token| token.kind == Kind::Open)?;
    let close = matching_close(&tokens, open)?;
    let (keyword, rest) = tokens.get(close + 1..)?.split_first()?;
    if !keyword.is_keyword("WHERE") {
        return None;
    }
    let end = rest
        .iter()
        .position(|token| token.kind == Kind::Semicolon)
        .unwrap_or(rest.len());
    let last = rest.get(..end)?.last()?;
    let predicate = create_index_sql.get(keyword.end()..last.end())?.trim();
    Some(predicate.to_owned())
}

/// Reads the `CHECK (...)` whose `CHECK` keyword is `tokens[at]`, returning it with the index of its closing
/// parenthesis, or None when no parenthesised expression follows or it never closes.
fn check_at(sql: &str, tokens: &[Token<'_>], at: usize, name: Option<String>) -> Option<(RawCheck, usize)> {
    let open = at + 1;
    if tokens.get(open)?.kind != Kind::Open {
        return None;
    }
    let close = matching_close(tokens, open)?;
    let expr = sql.get(tokens[open].end()..tokens[close].start)?.trim().to_owned();
    Some((RawCheck { name, expr }, close))
}

/// The index of the parenthesis closing the one at `tokens[open]`, or None when it is never closed.
fn matching_close(tokens: &[Token<'_>], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.kind {
            Kind::Open => depth += 1,
            Kind::Close => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// What a token is; comments and whitespace produce no token at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A bare word: keyword, unquoted identifier or number.
    Word,
    /// A string literal or quoted identifier; `close` is its closing delimiter, `terminated` whether it was found.
    Quoted {
        close: char,
        terminated: bool,
    },
    Open,
    Close,
    Semicolon,
    /// Any other single character: operators and punctuation.
    Other,
}

/// One token and where it sits in the source.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    /// Byte offset of the token's first character in the source.
    start: usize,
    /// The token's exact source text.
    text: &'a str,
}

impl Token<'_> {
    /// Byte offset just past the token's last character.
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Whether this is the bare word `keyword`, compared case-insensitively.
    fn is_keyword(&self, keyword: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(keyword)
    }

    /// The name this token spells when used as an identifier: a bare word as is, a quoted token without its
    /// delimiters and with doubled closing delimiters un-doubled. None for parentheses and punctuation.
    fn identifier(&self) -> Option<String> {
        match self.kind {
            Kind::Word => Some(self.text.to_owned()),
            Kind::Quoted { close, terminated } => {
                let inner = self.text.get(1..self.text.len() - usize::from(terminated))?;
                Some(if close == ']' {
                    inner.to_owned()
                } else {
                    inner.replace(&format!("{close}{close}"), &close.to_string())
                })
            }
            _ => None,
        }
    }
}

/// Splits SQL text into tokens, skipping whitespace and comments. Unterminated strings, quoted identifiers and
/// block comments run to the end of the text.
fn tokenize(sql: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(rest) = sql.get(pos..).filter(|rest| !rest.is_empty()) {
        let (kind, len) = next_token(rest);
        if let Some(kind) = kind {
            tokens.push(Token {
                kind,
                start: pos,
                text: &rest[..len],
            });
        }
        pos += len;
    }
    tokens
}

/// The kind and byte length of the token at the start of the non-empty `rest`; no kind for whitespace and comments.
/// The length always ends on a character boundary and is never zero.
fn next_token(rest: &str) -> (Option<Kind>, usize) {
    let Some(first) = rest.chars().next() else {
        return (None, rest.len());
    };
    let single = first.len_utf8();
    match first {
        c if c.is_ascii_whitespace() => (None, single),
        '-' if rest.starts_with("--") => (None, rest.find('\n').map_or(rest.len(), |i| i + 1)),
        '/' if rest.starts_with("/*") => (None, rest[2..].find("*/").map_or(rest.len(), |i| i + 4)),
        '\'' | '"' | '`' => quoted(rest, first, true),
        '[' => quoted(rest, ']', false),
        '(' => (Some(Kind::Open), single),
        ')' => (Some(Kind::Close), single),
        ';' => (Some(Kind::Semicolon), single),
        c if is_word_char(c) => (Some(Kind::Word), rest.find(|c| !is_word_char(c)).unwrap_or(rest.len())),
        _ => (Some(Kind::Other), single),
    }
}

/// A quoted token opening at the start of `rest` and closed by `close`, where `doubling` tells whether a doubled
/// `close` stands for one literal `close` character.
fn quoted(rest: &str, close: char, doubling: bool) -> (Option<Kind>, usize) {
    let mut chars = rest.char_indices().skip(1).peekable();
    let mut end = None;
    while let Some((i, c)) = chars.next() {
        let doubled = doubling && c == close && chars.next_if(|&(_, next)| next == close).is_some();
        if c == close && !doubled {
            end = Some(i + c.len_utf8());
            break;
        }
    }
    let kind = Kind::Quoted {
        close,
        terminated: end.is_some(),
    };
    (Some(kind), end.unwrap_or(rest.len()))
}

/// Whether `c` may appear in a bare word; like SQLite, every non-ASCII character counts as a letter.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: Option<&str>, expr: &str) -> RawCheck {
        RawCheck {
            name: name.map(str::to_owned),
            expr: expr.to_owned(),
        }
    }

    #[test]
    fn unnamed_column_check() {
        let sql = "CREATE TABLE t (id integer PRIMARY KEY, price real CHECK (price > 0))";
        assert_eq!(table_checks(sql), vec![check(None, "price > 0")]);
    }

    #[test]
    fn named_table_check() {
        let sql = "CREATE TABLE t (a int, b int, CONSTRAINT ck CHECK (a < b))";
        assert_eq!(table_checks(sql), vec![check(Some("ck"), "a < b")]);
    }

    #[test]
    fn nested_parentheses_are_kept() {
        let sql = "CREATE TABLE t (a int, b int, CHECK ((a > 0) AND (b IN (1, 2))))";
        assert_eq!(table_checks(sql), vec![check(None, "(a > 0) AND (b IN (1, 2))")]);
    }

    #[test]
    fn keywords_are_case_insensitive() {
        let sql = "create table t (a int check(a>0), b int, constraint Ck Check(b<>a), CoNsTrAiNt x cHeCk (1))";
        assert_eq!(
            table_checks(sql),
            vec![check(None, "a>0"), check(Some("Ck"), "b<>a"), check(Some("x"), "1")]
        );
    }

    #[test]
    fn quoted_constraint_names_are_unquoted() {
        let sql = r#"CREATE TABLE t (a int,
            CONSTRAINT "my check" CHECK (a > 0),
            CONSTRAINT "say ""hi""" CHECK (a > 1),
            CONSTRAINT `back``tick` CHECK (a > 2),
            CONSTRAINT [brack"et] CHECK (a > 3),
            CONSTRAINT 'it''s' CHECK (a > 4))"#;
        assert_eq!(
            table_checks(sql),
            vec![
                check(Some("my check"), "a > 0"),
                check(Some(r#"say "hi""#), "a > 1"),
                check(Some("back`tick"), "a > 2"),
                check(Some(r#"brack"et"#), "a > 3"),
                check(Some("it's"), "a > 4"),
            ]
        );
    }

    #[test]
    fn constraint_name_of_another_constraint_does_not_leak() {
        let sql = "CREATE TABLE t (id int, a int, CONSTRAINT pk PRIMARY KEY (id), CHECK (a > 0))";
        assert_eq!(table_checks(sql), vec![check(None, "a > 0")]);
    }

    #[test]
    fn column_constraint_name_belongs_to_the_constraint_it_precedes() {
        let sql = "CREATE TABLE t (a int CONSTRAINT nn NOT NULL CHECK (a > 0) CONSTRAINT pos CHECK (a < 9))";
        assert_eq!(
            table_checks(sql),
            vec![check(None, "a > 0"), check(Some("pos"), "a < 9")]
        );
    }

    #[test]
    fn multiple_checks_in_order_of_appearance() {
        let sql = "CREATE TABLE t (
            a int CHECK (a >= 0),
            b varchar(10) DEFAULT ('x') CHECK (length(b) <= 10),
            CONSTRAINT a_lt_b CHECK (a < length(b)),
            CHECK (b <> '')
        )";
        assert_eq!(
            table_checks(sql),
            vec![
                check(None, "a >= 0"),
                check(None, "length(b) <= 10"),
                check(Some("a_lt_b"), "a < length(b)"),
                check(None, "b <> ''"),
            ]
        );
    }

    #[test]
    fn check_inside_strings_and_quoted_identifiers_is_ignored() {
        let sql = r#"CREATE TABLE t ("check" int, [CHECK] text, `check` int DEFAULT 'CHECK (x > 0)', "CHECK (y)" int)"#;
        assert_eq!(table_checks(sql), Vec::<RawCheck>::new());
    }

    #[test]
    fn check_inside_comments_is_ignored() {
        let sql = "CREATE TABLE t (
            a int, -- CHECK (a > 0)
            /* CONSTRAINT hidden CHECK (a < 0) */ b int,
            CONSTRAINT ck /* between */ -- and a line comment
            CHECK (a /* ) inside */ < b)
        )";
        assert_eq!(table_checks(sql), vec![check(Some("ck"), "a /* ) inside */ < b")]);
    }

    #[test]
    fn expression_keeps_original_spelling_and_strings() {
        let sql = "CREATE TABLE t (s text CHECK (  s <> ')'  AND s   NOT LIKE 'it''s (%'  ))";
        assert_eq!(
            table_checks(sql),
            vec![check(None, "s <> ')'  AND s   NOT LIKE 'it''s (%'")]
        );
    }

    #[test]
    fn unicode_identifiers() {
        let sql = "CREATE TABLE café (prix réel CHECK (prix > 0), CONSTRAINT \"größe ✓\" CHECK (größe < '日本'))";
        assert_eq!(
            table_checks(sql),
            vec![check(None, "prix > 0"), check(Some("größe ✓"), "größe < '日本'")]
        );
    }

    #[test]
    fn parentheses_outside_the_definition_list_are_ignored() {
        let sql = "CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 2) CHECK (g > 0)) STRICT";
        assert_eq!(table_checks(sql), vec![check(None, "g > 0")]);
    }

    #[test]
    fn malformed_table_sql_returns_what_was_found() {
        assert_eq!(table_checks(""), Vec::<RawCheck>::new());
        assert_eq!(
            table_checks("CREATE TABLE t (a int CHECK (a > 0"),
            Vec::<RawCheck>::new()
        );
        assert_eq!(
            table_checks("CREATE TABLE t (a int CHECK (a = 'x)"),
            Vec::<RawCheck>::new()
        );
        assert_eq!(table_checks("CREATE TABLE t (a int CHECK"), Vec::<RawCheck>::new());
        assert_eq!(table_checks("CREATE TABLE t (a int CONSTRAINT"), Vec::<RawCheck>::new());
        assert_eq!(
            table_checks("CREATE TABLE t (a int CHECK a > 0)"),
            Vec::<RawCheck>::new()
        );
        assert_eq!(table_checks(")))(((CHECK"), Vec::<RawCheck>::new());
        assert_eq!(table_checks("CREATE TABLE t (a \"é"), Vec::<RawCheck>::new());
        assert_eq!(table_checks("CREATE TABLE t (a /* é"), Vec::<RawCheck>::new());
        assert_eq!(
            table_checks("CREATE TABLE t (a CHECK (a > 0), b CHECK (b > 'é"),
            vec![check(None, "a > 0")]
        );
        assert_eq!(
            table_checks("CREATE TABLE t (CONSTRAINT CHECK (1))"),
            vec![check(None, "1")]
        );
        assert_eq!(
            table_checks("CREATE TABLE t (a CHECK a, b CHECK (b > 0))"),
            vec![check(None, "b > 0")]
        );
    }

    #[test]
    fn index_predicate_is_returned_trimmed() {
        let sql = "CREATE UNIQUE INDEX IF NOT EXISTS main.ix ON t (a, lower(b))   WHERE  a > 0 AND b IS NOT NULL  ";
        assert_eq!(index_predicate(sql).as_deref(), Some("a > 0 AND b IS NOT NULL"));
    }

    #[test]
    fn index_without_predicate() {
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a, b)"), None);
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a);"), None);
    }

    #[test]
    fn index_where_keyword_is_case_insensitive() {
        assert_eq!(
            index_predicate("create index ix on t(a) where (a)>0").as_deref(),
            Some("(a)>0")
        );
    }

    #[test]
    fn index_where_inside_column_list_is_ignored() {
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a, 'WHERE x', \"where\")"), None);
        assert_eq!(
            index_predicate("CREATE INDEX ix ON t ((a WHERE)) WHERE \"where\" = 'WHERE'").as_deref(),
            Some("\"where\" = 'WHERE'")
        );
    }

    #[test]
    fn index_predicate_drops_trailing_semicolon_and_comments() {
        let sql = "CREATE INDEX ix ON t (a) WHERE a <> ';' /* kept */ AND b = 1 ; -- trailing";
        assert_eq!(index_predicate(sql).as_deref(), Some("a <> ';' /* kept */ AND b = 1"));
        assert_eq!(
            index_predicate("CREATE INDEX ix ON t (a) WHERE a > 0 -- note").as_deref(),
            Some("a > 0")
        );
    }

    #[test]
    fn index_predicate_with_unicode() {
        let sql = "CREATE INDEX ix ON tâble (nom) WHERE nom <> 'ünïcødé ✓'";
        assert_eq!(index_predicate(sql).as_deref(), Some("nom <> 'ünïcødé ✓'"));
    }

    #[test]
    fn malformed_index_sql_returns_none() {
        assert_eq!(index_predicate(""), None);
        assert_eq!(index_predicate("CREATE INDEX ix ON t WHERE a > 0"), None);
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a WHERE a > 0"), None);
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a) WHERE"), None);
        assert_eq!(index_predicate("CREATE INDEX ix ON t (a) WHERE ;"), None);
        assert_eq!(
            index_predicate("CREATE INDEX ix ON t (a) WHERE a = 'é").as_deref(),
            Some("a = 'é")
        );
    }

    #[test]
    fn every_prefix_is_handled_without_panicking() {
        let samples = [
            "CREATE TABLE \"tä\" (a int CONSTRAINT \"ç\"\"k\" CHECK ((a > 0) AND a <> 'é''(') /* ü */, -- ✓\n b [x])",
            "CREATE UNIQUE INDEX `ï` ON t (lower(\"é\"), 'WHERE') WHERE a <> '✓' AND [b] > 0;",
        ];
        for sample in samples {
            for (end, _) in sample.char_indices() {
                let prefix = &sample[..end];
                let _ = table_checks(prefix);
                let _ = index_predicate(prefix);
            }
        }
        assert_eq!(
            table_checks(samples[0]),
            vec![check(Some("ç\"k"), "(a > 0) AND a <> 'é''('")]
        );
        assert_eq!(index_predicate(samples[1]).as_deref(), Some("a <> '✓' AND [b] > 0"));
    }
}
