//! Rust source edited in place: parsed with syn, positions taken from token spans and turned back into byte
//! offsets, text spliced in at exactly those offsets. `register` (lib.rs) and `entities::annotate` (entity files)
//! edit this way, so every byte they do not mean to touch stays as it was.
//!
//! Positions come from proc-macro2's `span-locations` fallback, so call this from ordinary code such as the CLI, not
//! from inside a proc macro, where spans point into the compiler's source map instead of this text.

use proc_macro2::{LineColumn, Span};
use std::ops::Range;

/// How deep brackets may nest in a file the tool edits; real ones nest a handful of levels.
pub const MAX_NESTING: usize = 256;

/// Why a file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceError {
    /// Brackets nest deeper than [`MAX_NESTING`]: the parser would overflow its stack.
    TooDeep { depth: usize },
    /// A syntax error at a 1-based line and column (counted in characters).
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
}

/// The deepest nesting of `(`, `[` and `{` in `text`, counting every bracket (in strings and comments too, which
/// only over-counts).
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The byte-order mark (if any) and the text after it.
pub(crate) fn split_bom(text: &str) -> (&str, &str) {
    // syn skips a BOM, so its columns on line 1 would be off by one if it stayed in the text.
    match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    }
}

/// The file's line ending: CRLF when its first line ends so, else LF.
pub(crate) fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// A file parsed, with what is needed to turn span positions back into byte offsets.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    /// Byte offset at which each line starts; lines end at `\n`, as proc-macro2 counts them.
    line_starts: Vec<usize>,
    pub(crate) file: syn::File,
}

impl<'a> Source<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Self, SourceError> {
        // The parser recurses once per bracket: past a few thousand levels it would overflow the stack.
        let depth = nesting(text);
        if depth > MAX_NESTING {
            return Err(SourceError::TooDeep { depth });
        }
        let file = syn::parse_file(text).map_err(|err| {
            let start = err.span().start();
            SourceError::Syntax {
                line: start.line,
                column: start.column + 1,
                message: err.to_string(),
            }
        })?;
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Ok(Self {
            text,
            line_starts,
            file,
        })
    }

    /// proc-macro2 reports columns in chars, so walk the line's chars rather than adding the column to its start.
    fn offset(&self, at: LineColumn) -> usize {
        let start = self
            .line_starts
            .get(at.line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..]
            .char_indices()
            .nth(at.column)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    pub(crate) fn range(&self, span: Span) -> Range<usize> {
        self.offset(span.start())..self.offset(span.end())
    }
}

/// A replacement of a byte range (empty for an insertion).
pub(crate) type Edit = (Range<usize>, String);

/// The text with every edit made; edits must not overlap.
pub(crate) fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    // Back to front, so earlier offsets stay valid; insertions at one offset keep the order they were given in.
    let mut indexed: Vec<(usize, Edit)> = edits.drain(..).enumerate().collect();
    indexed.sort_by_key(|(i, (range, _))| (std::cmp::Reverse(range.start), std::cmp::Reverse(*i)));
    let mut out = text.to_owned();
    for (_, (range, with)) in indexed {
        out.replace_range(range, &with);
    }
    out
}

pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The whitespace that starts the line holding `pos`.
pub(crate) fn line_indent(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let rest = &text[start..];
    &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
}

/// An insertion of `line` on its own line after the line holding `pos`.
pub(crate) fn after_line(text: &str, pos: usize, line: &str, nl: &str) -> Edit {
    match text[pos..].find('\n') {
        Some(i) => (pos + i + 1..pos + i + 1, format!("{line}{nl}")),
        // The file ends without a newline: keep it that way.
        None => (text.len()..text.len(), format!("{nl}{line}")),
    }
}
