//! Registers a new migration in a sea-orm-migration crate's `src/lib.rs` without disturbing hand-written content.
//!
//! sea-orm-cli rewrites lib.rs with a greedy regex, which can swallow whatever sits between its matches. Here the
//! file is parsed with `syn`, the two insertion points (after the last `mod m…;` line, before the closing bracket of
//! the `vec![…]` in `fn migrations()`) are located from token spans, and text is spliced in at exactly those byte
//! offsets; everything else is copied through untouched. When the file does not have the expected shape, an error
//! says what to add by hand and the caller leaves the file alone.
//!
//! Positions come from proc-macro2's `span-locations` fallback, so call this from ordinary code such as the CLI, not
//! from inside a proc macro, where spans point into the compiler's source map instead of this text.

use std::ops::Range;

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ImplItem, ImplItemFn, Item, ItemImpl, Macro, MacroDelimiter, Stmt, Token};

pub use crate::source::MAX_NESTING;
use crate::source::{Edit, Source, SourceError, after_line, apply, line_indent, line_start, newline, split_bom};

/// Why a lib.rs could not be edited safely.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegisterError {
    #[error(
        "`{stem}` is not a valid rust identifier: name the migration with letters, digits and underscores, \
         not starting with a digit and not a keyword"
    )]
    InvalidStem { stem: String },
    #[error(
        "could not parse lib.rs (line {line}, column {column}: {message}): fix the syntax error, \
         or add `mod m..;` and `Box::new(m..::Migration),` by hand"
    )]
    Syntax {
        line: usize,
        /// 1-based, counted in characters.
        column: usize,
        message: String,
    },
    #[error(
        "lib.rs nests brackets {depth} deep, deeper than the {MAX_NESTING} the parser is given: \
         add `mod m..;` and `Box::new(m..::Migration),` by hand"
    )]
    TooDeep { depth: usize },
    #[error("could not find an `impl MigratorTrait` block: add `mod m..;` and `Box::new(m..::Migration),` by hand")]
    MissingImpl,
    #[error(
        "found {count} `impl MigratorTrait` blocks and cannot tell which one to edit: \
         add `mod m..;` and `Box::new(m..::Migration),` by hand"
    )]
    AmbiguousImpl { count: usize },
    #[error(
        "could not find `fn migrations()` in an `impl MigratorTrait` block: \
         add `mod m..;` and `Box::new(m..::Migration),` by hand"
    )]
    MissingMigrationsFn,
    #[error(
        "the body of `fn migrations()` is not a single `vec![...]` expression: \
         add `mod m..;` and `Box::new(m..::Migration),` by hand"
    )]
    UnsupportedBody,
    #[error(
        "the `vec![...]` in `fn migrations()` is not a comma-separated list of expressions: \
         add `mod m..;` and `Box::new(m..::Migration),` by hand"
    )]
    UnsupportedVec,
    #[error("migration `{stem}` is already registered in `fn migrations()`: there is nothing to add")]
    AlreadyRegistered { stem: String },
    #[error(
        "`mod {stem}` is already declared but not listed in `fn migrations()`: \
         add `Box::new({stem}::Migration),` by hand if it should run"
    )]
    AlreadyDeclared { stem: String },
    #[error(
        "could not add migration `{stem}` without disturbing the rest of lib.rs: \
         add `mod {stem};` and `Box::new({stem}::Migration),` by hand"
    )]
    UnsafeEdit { stem: String },
}

impl RegisterError {
    /// What is wrong, without the advice to edit lib.rs by hand: for a caller that has no file to add by hand yet
    /// (`revision` refuses before writing anything).
    pub fn reason(&self) -> String {
        match self {
            RegisterError::Syntax { line, column, message } => {
                format!("could not parse lib.rs (line {line}, column {column}: {message})")
            }
            RegisterError::TooDeep { depth } => {
                format!("lib.rs nests brackets {depth} deep, deeper than the {MAX_NESTING} the parser is given")
            }
            RegisterError::MissingImpl => "could not find an `impl MigratorTrait` block".to_owned(),
            RegisterError::AmbiguousImpl { count } => {
                format!("found {count} `impl MigratorTrait` blocks and cannot tell which one to edit")
            }
            RegisterError::MissingMigrationsFn => {
                "could not find `fn migrations()` in an `impl MigratorTrait` block".to_owned()
            }
            RegisterError::UnsupportedBody => {
                "the body of `fn migrations()` is not a single `vec![...]` expression".to_owned()
            }
            RegisterError::UnsupportedVec => {
                "the `vec![...]` in `fn migrations()` is not a comma-separated list of expressions".to_owned()
            }
            RegisterError::AlreadyDeclared { stem } => {
                format!("`mod {stem}` is already declared but not listed in `fn migrations()`")
            }
            RegisterError::UnsafeEdit { stem } => {
                format!("could not add migration `{stem}` without disturbing the rest of lib.rs")
            }
            RegisterError::InvalidStem { .. } | RegisterError::AlreadyRegistered { .. } => self.to_string(),
        }
    }
}

/// Returns the new text of lib.rs with `mod <stem>;` added after the last `mod m...;` line (or before the first item
/// after the `use` lines when there is none) and `Box::new(<stem>::Migration),` appended as the last element of the
/// `vec![...]` returned by `fn migrations()` inside `impl MigratorTrait for <anything>`.
///
/// Only the two insertion points change, except that a one-line or empty `vec![...]` holding nothing but elements
/// is laid out one element per line, as rustfmt would once it grows. Line endings (LF or CRLF), a byte-order mark and
/// the visibility of the existing migration `mod` lines are kept.
pub fn register_migration(lib_rs: &str, stem: &str) -> Result<String, RegisterError> {
    check_stem(stem)?;
    let (bom, text) = split_bom(lib_rs);
    let src = Source::parse(text).map_err(RegisterError::from)?;
    let target = Target::find(&src.file)?;
    let registered = target.modules();
    if registered.iter().any(|m| m == stem) {
        return Err(RegisterError::AlreadyRegistered { stem: stem.to_owned() });
    }
    if src
        .file
        .items
        .iter()
        .any(|item| matches!(item, Item::Mod(m) if m.ident == stem))
    {
        return Err(RegisterError::AlreadyDeclared { stem: stem.to_owned() });
    }

    let nl = newline(text);
    let mut edits = vec_edits(&src, &target, stem, nl);
    edits.push(mod_edit(&src, &registered, stem, nl));
    let edited = apply(text, edits);

    // The edits are computed from spans, but comments are invisible to the parser: an insertion that landed inside
    // a block comment, or inside another item, would go unnoticed. Re-reading the result catches that.
    let mut expected = registered;
    expected.push(stem.to_owned());
    let sound = Source::parse(&edited).is_ok_and(|after| {
        Target::find(&after.file).is_ok_and(|t| t.modules() == expected)
            && after.file.items.len() == src.file.items.len() + 1
            && after
                .file
                .items
                .iter()
                .any(|item| matches!(item, Item::Mod(m) if m.ident == stem && m.content.is_none()))
    });
    if !sound {
        return Err(RegisterError::UnsafeEdit { stem: stem.to_owned() });
    }
    Ok(format!("{bom}{edited}"))
}

/// The migration module names listed in `fn migrations()`, in order (e.g. `["m20220101_000001_create_table", ...]`).
///
/// An element counts when it has the shape `Box::new(<module>::Migration)` (any path ending in a module and a type,
/// such as `crate::<module>::Migration`, or a struct literal); other elements name no module and are skipped.
pub fn registered_migrations(lib_rs: &str) -> Result<Vec<String>, RegisterError> {
    let (_, text) = split_bom(lib_rs);
    let src = Source::parse(text).map_err(RegisterError::from)?;
    Ok(Target::find(&src.file)?.modules())
}

impl From<SourceError> for RegisterError {
    fn from(err: SourceError) -> Self {
        match err {
            SourceError::TooDeep { depth } => RegisterError::TooDeep { depth },
            SourceError::Syntax { line, column, message } => RegisterError::Syntax { line, column, message },
        }
    }
}

fn check_stem(stem: &str) -> Result<(), RegisterError> {
    // `syn::Ident` rejects keywords; comparing back rejects surrounding whitespace or comments that the lexer drops,
    // and a raw identifier would make an unusual file name.
    let valid = !stem.starts_with("r#") && syn::parse_str::<syn::Ident>(stem).is_ok_and(|ident| ident == stem);
    if valid {
        Ok(())
    } else {
        Err(RegisterError::InvalidStem { stem: stem.to_owned() })
    }
}

/// The `vec![...]` returned by `fn migrations()`, with its elements parsed.
struct Target<'f> {
    item: &'f ItemImpl,
    func: &'f ImplItemFn,
    mac: &'f Macro,
    elems: Punctuated<Expr, Token![,]>,
}

impl<'f> Target<'f> {
    fn find(file: &'f syn::File) -> Result<Self, RegisterError> {
        let impls: Vec<&ItemImpl> = file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Impl(imp) => Some(imp),
                _ => None,
            })
            .filter(|imp| {
                imp.trait_
                    .as_ref()
                    .and_then(|(_, path, _)| path.segments.last())
                    .is_some_and(|seg| seg.ident == "MigratorTrait")
            })
            .collect();
        let item = match impls[..] {
            [] => return Err(RegisterError::MissingImpl),
            [one] => one,
            _ => return Err(RegisterError::AmbiguousImpl { count: impls.len() }),
        };
        let func = item
            .items
            .iter()
            .find_map(|it| match it {
                ImplItem::Fn(f) if f.sig.ident == "migrations" => Some(f),
                _ => None,
            })
            .ok_or(RegisterError::MissingMigrationsFn)?;
        let mac = match &func.block.stmts[..] {
            [Stmt::Expr(Expr::Macro(m), None)] => &m.mac,
            [Stmt::Macro(m)] if m.semi_token.is_none() => &m.mac,
            _ => return Err(RegisterError::UnsupportedBody),
        };
        if mac.path.segments.last().is_none_or(|seg| seg.ident != "vec") {
            return Err(RegisterError::UnsupportedBody);
        }
        let elems = mac
            .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
            .map_err(|_| RegisterError::UnsupportedVec)?;
        Ok(Self { item, func, mac, elems })
    }

    fn modules(&self) -> Vec<String> {
        self.elems.iter().filter_map(module_of).collect()
    }

    fn brackets(&self) -> (Span, Span) {
        let delim = match &self.mac.delimiter {
            MacroDelimiter::Paren(d) => d.span,
            MacroDelimiter::Brace(d) => d.span,
            MacroDelimiter::Bracket(d) => d.span,
        };
        (delim.open(), delim.close())
    }
}

/// `Box::new(m1::Migration)` → `m1`.
fn module_of(expr: &Expr) -> Option<String> {
    let Expr::Call(call) = expr else { return None };
    let Expr::Path(func) = &*call.func else { return None };
    let segs: Vec<_> = func.path.segments.iter().collect();
    let [.., boxed, new] = segs[..] else { return None };
    if boxed.ident != "Box" || new.ident != "new" || call.args.len() != 1 {
        return None;
    }
    let path = match &call.args[0] {
        Expr::Path(p) => &p.path,
        Expr::Struct(s) => &s.path,
        _ => return None,
    };
    let n = path.segments.len();
    (n >= 2).then(|| path.segments[n - 2].ident.to_string())
}

/// sea-orm-cli names migrations `mYYYYMMDD_HHMMSS_name`; other `mod` lines (helpers, entities) are not anchors.
fn looks_like_migration(ident: &syn::Ident) -> bool {
    let name = ident.to_string();
    let mut chars = name.chars();
    chars.next() == Some('m') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

fn mod_edit(src: &Source, registered: &[String], stem: &str, nl: &str) -> Edit {
    let text = src.text;
    let last_mod = src.file.items.iter().rev().find_map(|item| match item {
        Item::Mod(m)
            if m.content.is_none() && (looks_like_migration(&m.ident) || registered.iter().any(|r| m.ident == r)) =>
        {
            Some(m)
        }
        _ => None,
    });
    if let Some(m) = last_mod {
        let end = m
            .semi
            .map_or_else(|| src.range(m.span()).end, |semi| src.range(semi.span).end);
        let indent = line_indent(text, src.range(m.mod_token.span).start);
        let vis = match m.vis {
            syn::Visibility::Inherited => String::new(),
            ref vis => format!("{} ", &text[src.range(vis.span())]),
        };
        return after_line(text, end, &format!("{indent}{vis}mod {stem};"), nl);
    }

    let last_use = src
        .file
        .items
        .iter()
        .take_while(|item| matches!(item, Item::Use(_) | Item::ExternCrate(_)))
        .last();
    if let Some(item) = last_use {
        // A blank line on each side, as sea-orm-cli lays out the `use`, `mod` and `struct` groups.
        return after_line(text, src.range(item.span()).end, &format!("{nl}mod {stem};"), nl);
    }
    // `find` has located an impl, so there is an item.
    let first = src
        .file
        .items
        .first()
        .map_or(0, |item| line_start(text, src.range(item.span()).start));
    (first..first, format!("mod {stem};{nl}{nl}"))
}

fn vec_edits(src: &Source, target: &Target, stem: &str, nl: &str) -> Vec<Edit> {
    let text = src.text;
    let new_elem = format!("Box::new({stem}::Migration),");
    let (open, close) = target.brackets();
    let open_end = src.range(open).end;
    let close_start = src.range(close).start;
    let base = line_indent(text, open_end - 1);
    let unit = indent_unit(src, target);
    let elems: Vec<Range<usize>> = target.elems.iter().map(|e| src.range(e.span())).collect();

    let one_line = open.start().line == close.start().line;
    if (one_line || elems.is_empty()) && only_elements(text, open_end..close_start, &elems) {
        // Nothing but elements, commas and whitespace between the brackets, so laying them out again loses nothing.
        let mut laid = String::from(nl);
        for elem in &elems {
            laid.push_str(&format!("{base}{unit}{},{nl}", &text[elem.clone()]));
        }
        laid.push_str(&format!("{base}{unit}{new_elem}{nl}{base}"));
        return vec![(open_end..close_start, laid)];
    }

    let mut edits = Vec::new();
    let mut comma = match elems.last() {
        Some(last) if !target.elems.trailing_punct() => Some(last.end),
        _ => None,
    };
    let elem_indent = match elems.last() {
        Some(last) if line_start(text, last.start) != line_start(text, open_end - 1) => {
            line_indent(text, last.start).to_owned()
        }
        _ => format!("{base}{unit}"),
    };
    let close_line = line_start(text, close_start);
    if close_line > open_end && text[close_line..close_start].trim_start_matches([' ', '\t']).is_empty() {
        // `]` on a line of its own: whatever comments follow the last element stay above the new one.
        edits.push((close_line..close_line, format!("{elem_indent}{new_elem}{nl}")));
    } else {
        // `]` shares a line with an element or a comment: move it to its own line, as rustfmt would.
        let ws_start = text[..close_start].trim_end_matches([' ', '\t']).len().max(open_end);
        // Both land at the same offset; one edit keeps the comma ahead of the new line.
        let lead = if comma == Some(ws_start) {
            comma = None;
            ","
        } else {
            ""
        };
        edits.push((
            ws_start..close_start,
            format!("{lead}{nl}{elem_indent}{new_elem}{nl}{base}"),
        ));
    }
    if let Some(at) = comma {
        edits.push((at..at, ",".to_owned()));
    }
    edits
}

/// Whether `inner` holds only the `elems`, commas and whitespace, i.e. no comments.
fn only_elements(text: &str, inner: Range<usize>, elems: &[Range<usize>]) -> bool {
    let mut from = inner.start;
    for gap_end in elems.iter().map(|e| e.start).chain([inner.end]) {
        if !text[from..gap_end].chars().all(|c| c == ',' || c.is_whitespace()) {
            return false;
        }
        if let Some(elem) = elems.iter().find(|e| e.start == gap_end) {
            from = elem.end;
        }
    }
    true
}

/// The file's own indentation step, read off how far `fn migrations` sits inside its `impl`.
fn indent_unit(src: &Source, target: &Target) -> String {
    let text = src.text;
    let outer = line_indent(text, src.range(target.item.impl_token.span).start);
    let inner = line_indent(text, src.range(target.func.sig.fn_token.span).start);
    match inner.strip_prefix(outer) {
        Some(unit) if !unit.is_empty() => unit.to_owned(),
        _ => "    ".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    //! The programmatic cases: tables of inputs, errors with positions, inputs built in code. The edits on whole
    //! files are data, one directory a case, under `tests/register/` (run by `tests/register_cases.rs`).

    use super::*;

    /// The typical `lib.rs` before and after registering `m20261201_000000_add_posts` (a case of
    /// `tests/register_cases.rs`).
    const TYPICAL: &str = include_str!("../tests/register/typical/lib.rs");
    const TYPICAL_AFTER: &str = include_str!("../tests/register/typical/expected.rs");

    #[test]
    fn refuses_a_lib_rs_nested_too_deep_for_the_parser() {
        let n = 5_000;
        let lib = format!(
            "impl MigratorTrait for M {{ fn migrations() -> V {{ vec![{}1{}] }} }}",
            "(".repeat(n),
            ")".repeat(n)
        );
        assert!(matches!(
            register_migration(&lib, "m20260101_000001_x"),
            Err(RegisterError::TooDeep { depth }) if depth > MAX_NESTING
        ));
    }

    #[test]
    fn invalid_stems() {
        for stem in [
            "", "1abc", "m1-x", "m1 ", " m1", "fn", "self", "_", "r#m1", "m1::x", "m1 // c", "m1;",
        ] {
            assert_eq!(
                register_migration(TYPICAL, stem),
                Err(RegisterError::InvalidStem { stem: stem.into() })
            );
        }
    }

    #[test]
    fn unsupported_bodies() {
        for body in [
            "vec![];",
            "let v = vec![]; v",
            "Vec::new()",
            "my_vec![]",
            "{ vec![] }",
            "",
            "return vec![];",
        ] {
            let before =
                format!("impl MigratorTrait for M {{ fn migrations() -> Vec<Box<dyn MigrationTrait>> {{ {body} }} }}");
            assert_eq!(
                register_migration(&before, "m1"),
                Err(RegisterError::UnsupportedBody),
                "{body}"
            );
        }
        let before = "impl MigratorTrait for M { fn migrations() -> Vec<Box<dyn MigrationTrait>> { vec![x; 3] } }";
        assert_eq!(register_migration(before, "m1"), Err(RegisterError::UnsupportedVec));
    }

    #[test]
    fn syntax_error() {
        let got = register_migration(
            "mod m1;\nimpl MigratorTrait for Migrator {\n    fn migrations( {\n}\n",
            "m2",
        );
        let Err(RegisterError::Syntax { line, .. }) = got else {
            panic!("expected a syntax error, got {got:?}")
        };
        assert!(line >= 3, "line {line}");
        let got = register_migration("mod m1\nstruct Migrator;\n", "m2");
        let Err(RegisterError::Syntax { line, column, .. }) = got else {
            panic!("got {got:?}")
        };
        assert_eq!((line, column), (2, 1));
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            RegisterError::MissingMigrationsFn.to_string(),
            "could not find `fn migrations()` in an `impl MigratorTrait` block: add `mod m..;` and \
             `Box::new(m..::Migration),` by hand"
        );
        assert_eq!(
            RegisterError::AlreadyRegistered { stem: "m1".into() }.to_string(),
            "migration `m1` is already registered in `fn migrations()`: there is nothing to add"
        );
    }

    #[test]
    fn registered_in_order() {
        assert_eq!(
            registered_migrations(TYPICAL).unwrap(),
            ["m20220101_000001_create_table", "m20261126_101500_add_users"]
        );
        assert_eq!(
            registered_migrations(TYPICAL_AFTER).unwrap(),
            [
                "m20220101_000001_create_table",
                "m20261126_101500_add_users",
                "m20261201_000000_add_posts"
            ]
        );
    }

    #[test]
    fn registered_skips_elements_without_a_module() {
        let lib = "impl MigratorTrait for M { fn migrations() -> Vec<Box<dyn MigrationTrait>> { vec![\n\
                   Box::new(m2::Migration), make(), Box::new(Migration), Box::new(crate::m1::Migration {}),\n] } }";
        assert_eq!(registered_migrations(lib).unwrap(), ["m2", "m1"]);
        assert_eq!(
            registered_migrations("impl MigratorTrait for M { fn migrations() -> V { vec![] } }").unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn registered_errors() {
        assert_eq!(registered_migrations("struct M;"), Err(RegisterError::MissingImpl));
        assert!(matches!(
            registered_migrations("fn ("),
            Err(RegisterError::Syntax { .. })
        ));
    }
}
