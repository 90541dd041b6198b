//! The Mermaid `erDiagram` of the markdown summary: the tables a plan touches as they will be after it (new ones,
//! dropped ones and dropped columns marked, altered columns with what they were), their foreign keys, and the
//! tables those point at.
//!
//! Every name is written so that Mermaid's parser (`erDiagram.jison`) accepts it whatever it is: entities are
//! double-quoted names (its `ENTITY_NAME` token, which refuses `"`, `%`, `\` and line breaks), attribute types
//! and names are single words of the few characters its `ATTRIBUTE_WORD` token takes, and everything people
//! should read exactly (the real name, what changed) goes into the attribute's quoted comment.
//! `tests/tests/mermaid.rs` checks the output with Mermaid's own parser.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use sea_autogen_diff::{Change, Plan};
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKey, Schema, Table};

/// Mermaid's default `maxTextSize`: a longer diagram is not drawn but replaced by an error.
pub const MAX_TEXT: usize = 50_000;
/// Mermaid's default `maxEdges`: beyond it a diagram is refused.
pub const MAX_EDGES: usize = 500;

/// The diagram, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErDiagram {
    /// The `erDiagram` text (without the code fence), the number of tables the plan touches and of the untouched
    /// ones their foreign keys point at, which it draws too.
    Drawn {
        text: String,
        touched: usize,
        referenced: usize,
    },
    /// The plan touches no table (no change, or enum types only).
    Empty,
    /// Too large for Mermaid even without the columns: the number of tables it would draw.
    TooLarge { tables: usize },
}

/// What the plan does to one table.
#[derive(Default)]
struct Touched {
    /// The table after the plan (before it when dropped); `None` when neither the plan nor `after` has it.
    table: Option<Table>,
    state: Option<String>,
    dropped: bool,
    created: bool,
    /// Per column (by its name after the plan): what changed, in plan order.
    notes: BTreeMap<String, Vec<String>>,
    dropped_columns: Vec<Column>,
    added_keys: Vec<ForeignKey>,
    dropped_keys: Vec<ForeignKey>,
}

/// The `erDiagram` of the tables `plan` touches, drawn as they are in `after` (the schema the plan leads to).
/// Deterministic: tables in key order, columns in table order, foreign keys in table order. When the full diagram
/// exceeds Mermaid's limits, the tables are drawn without their columns; when that is still too large, none is.
pub fn render_er_diagram(plan: &Plan, after: &Schema) -> ErDiagram {
    let touched = touched_tables(plan, after);
    if touched.is_empty() {
        return ErDiagram::Empty;
    }
    let mut drawn = 0;
    for with_columns in [true, false] {
        let (text, referenced, edges) = draw(plan.backend, &touched, after, with_columns);
        drawn = touched.len() + referenced;
        if text.encode_utf16().count() <= MAX_TEXT && edges <= MAX_EDGES {
            return ErDiagram::Drawn {
                text,
                touched: touched.len(),
                referenced,
            };
        }
    }
    ErDiagram::TooLarge { tables: drawn }
}

fn touched_tables(plan: &Plan, after: &Schema) -> BTreeMap<String, Touched> {
    let mut touched: BTreeMap<String, Touched> = BTreeMap::new();
    for change in &plan.changes {
        let Some(key) = change.table() else {
            continue;
        };
        let entry = touched.entry(key).or_default();
        match change.plain() {
            Change::CreateTable(table) => {
                entry.table = Some(table.clone());
                entry.created = true;
                entry.state = Some("new".into());
            }
            Change::DropTable(table) => {
                entry.table = Some(table.clone());
                entry.dropped = true;
                entry.state = Some("dropped".into());
            }
            Change::RenameTable { from, .. } => entry.state = Some(format!("renamed from {from}")),
            Change::RebuildTable { from, to, .. } => {
                entry.table = Some((**to).clone());
                for column in &to.columns {
                    match from.column(&column.name) {
                        None => note(entry, &column.name, "added".into()),
                        Some(was) => {
                            if let Some(what) = alteration(was, column, plan.backend) {
                                note(entry, &column.name, what);
                            }
                        }
                    }
                }
                let gone = from.columns.iter().filter(|c| to.column(&c.name).is_none());
                entry.dropped_columns.extend(gone.cloned());
                entry
                    .added_keys
                    .extend(to.foreign_keys.iter().filter(|k| !has_key(from, k)).cloned());
                entry
                    .dropped_keys
                    .extend(from.foreign_keys.iter().filter(|k| !has_key(to, k)).cloned());
            }
            Change::AddColumn { column, .. } => note(entry, &column.name, "added".into()),
            Change::DropColumn { column, .. } => entry.dropped_columns.push(column.clone()),
            Change::AlterColumn { from, to, .. } => {
                if let Some(what) = alteration(from, to, plan.backend) {
                    note(entry, &to.name, what);
                }
            }
            Change::RenameColumn { from, to, .. } => note(entry, to, format!("renamed from {from}")),
            Change::AddForeignKey { foreign_key, .. } => entry.added_keys.push(foreign_key.clone()),
            Change::DropForeignKey { foreign_key, .. } => entry.dropped_keys.push(foreign_key.clone()),
            _ => {}
        }
    }
    for (key, entry) in &mut touched {
        if entry.table.is_none() {
            entry.table = after.tables.get(key).cloned();
        }
        // A key dropped and added back (MySQL sets keys aside around an index; actions changed) stays drawn once.
        if let Some(table) = &entry.table
            && !entry.dropped
        {
            entry.dropped_keys.retain(|k| !has_key(table, k));
        }
    }
    touched
}

fn note(entry: &mut Touched, column: &str, what: String) {
    entry.notes.entry(column.to_owned()).or_default().push(what);
}

/// What an altered column was, for people: `was varchar(50)`, `now NOT NULL`, `default changed`.
fn alteration(from: &Column, to: &Column, backend: Backend) -> Option<String> {
    let change = Change::AlterColumn {
        table: Default::default(),
        from: from.clone(),
        to: to.clone(),
    };
    let parts: Vec<String> = change
        .column_changes()
        .into_iter()
        .map(|what| match what {
            "type" => format!("was {}", from.ty.render(backend)),
            "nullable" if to.nullable => "now NULL".to_owned(),
            "nullable" => "now NOT NULL".to_owned(),
            "auto_increment" if to.auto_increment => "now auto_increment".to_owned(),
            "auto_increment" => "no longer auto_increment".to_owned(),
            other => format!("{other} changed"),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The same foreign key: the same columns to the same columns of the same table.
fn same_key(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns && a.ref_key() == b.ref_key() && a.ref_columns == b.ref_columns
}

fn has_key(table: &Table, key: &ForeignKey) -> bool {
    table.foreign_keys.iter().any(|k| same_key(k, key))
}

/// One relationship line: a table's foreign key.
struct Edge<'a> {
    from: &'a str,
    key: &'a ForeignKey,
    dropped: bool,
    added: bool,
    /// The key's columns are the primary key or unique: one row at most per referenced row.
    one_to_one: bool,
    /// A key column is nullable: a row may reference nothing.
    optional: bool,
}

impl<'a> Edge<'a> {
    fn new(from: &'a str, key: &'a ForeignKey, table: &Table, dropped_columns: &[Column]) -> Edge<'a> {
        let set = |names: &[String]| names.iter().cloned().collect::<BTreeSet<String>>();
        let own = set(&key.columns);
        let one_to_one = table.primary_key.iter().any(|pk| set(&pk.columns) == own)
            || table.uniques.iter().any(|u| set(&u.columns) == own)
            || table
                .indexes
                .iter()
                .any(|i| i.unique && i.predicate.is_none() && set(&i.columns) == own);
        let optional = key.columns.iter().any(|name| {
            let column = table
                .column(name)
                .or_else(|| dropped_columns.iter().find(|c| c.name == *name));
            column.is_none_or(|c| c.nullable)
        });
        Edge {
            from,
            key,
            dropped: false,
            added: false,
            one_to_one,
            optional,
        }
    }
}

/// The diagram's text, the number of untouched tables and of relationships it draws.
fn draw(
    backend: Backend,
    touched: &BTreeMap<String, Touched>,
    after: &Schema,
    with_columns: bool,
) -> (String, usize, usize) {
    let mut edges: Vec<Edge> = Vec::new();
    for (key, entry) in touched {
        let Some(table) = &entry.table else {
            continue;
        };
        for foreign_key in &table.foreign_keys {
            edges.push(Edge {
                dropped: entry.dropped,
                added: !entry.created && entry.added_keys.iter().any(|k| same_key(k, foreign_key)),
                ..Edge::new(key, foreign_key, table, &entry.dropped_columns)
            });
        }
        if !entry.dropped {
            for foreign_key in &entry.dropped_keys {
                edges.push(Edge {
                    dropped: true,
                    ..Edge::new(key, foreign_key, table, &entry.dropped_columns)
                });
            }
        }
    }
    // Tables the plan does not touch that a foreign key points at, with the columns it points at.
    let mut referenced: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for edge in &edges {
        let target = edge.key.ref_key();
        if !touched.contains_key(&target) {
            let columns = referenced.entry(target).or_default();
            columns.extend(edge.key.ref_columns.iter().map(String::as_str));
        }
    }

    let mut ids = Ids::default();
    let mut out = String::from("erDiagram\n");
    for (key, entry) in touched {
        let id = ids.id(key);
        let label = entry.state.as_ref().map(|state| format!("{key} ({state})"));
        let mut attributes = Vec::new();
        if let (Some(table), true) = (&entry.table, with_columns) {
            for column in &table.columns {
                let notes = entry.notes.get(&column.name).map(Vec::as_slice).unwrap_or(&[]);
                attributes.push(attribute(backend, table, column, notes));
            }
            for column in &entry.dropped_columns {
                attributes.push(attribute(backend, table, column, &["dropped".to_owned()]));
            }
        }
        entity(&mut out, &id, label.as_deref(), &attributes);
    }
    for (key, columns) in &referenced {
        let id = ids.id(key);
        let mut attributes = Vec::new();
        if let (Some(table), true) = (after.tables.get(key), with_columns) {
            let primary: &[String] = table.primary_key.as_ref().map_or(&[], |pk| &pk.columns);
            for column in &table.columns {
                if primary.contains(&column.name) || columns.contains(column.name.as_str()) {
                    attributes.push(attribute(backend, table, column, &[]));
                }
            }
        }
        entity(&mut out, &id, None, &attributes);
    }
    for edge in &edges {
        let from = ids.id(edge.from);
        let to = ids.id(&edge.key.ref_key());
        let many = if edge.one_to_one { "|o" } else { "}o" };
        let line = if edge.dropped { ".." } else { "--" };
        let one = if edge.optional { "o|" } else { "||" };
        let mut label = edge.key.columns.join(", ");
        if edge.dropped {
            label.push_str(" (dropped)");
        } else if edge.added {
            label.push_str(" (added)");
        }
        let _ = writeln!(out, "{}{from} {many}{line}{one} {to} : {}", pad(1), quoted(&label));
    }
    (out, referenced.len(), edges.len())
}

/// The entities' names: each table's key quoted, made distinct again if quoting merged two.
#[derive(Default)]
struct Ids {
    by_key: BTreeMap<String, String>,
    taken: BTreeSet<String>,
}

impl Ids {
    fn id(&mut self, key: &str) -> String {
        if let Some(id) = self.by_key.get(key) {
            return id.clone();
        }
        let base = quoted(key);
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{} ({n})\"", &base[..base.len() - 1]);
            n += 1;
        }
        self.taken.insert(id.clone());
        self.by_key.insert(key.to_owned(), id.clone());
        id
    }
}

fn entity(out: &mut String, id: &str, label: Option<&str>, attributes: &[String]) {
    out.push_str(&pad(1));
    out.push_str(id);
    if let Some(label) = label {
        let _ = write!(out, "[{}]", quoted(label));
    }
    if attributes.is_empty() {
        out.push('\n');
        return;
    }
    out.push_str(" {\n");
    for attribute in attributes {
        let _ = writeln!(out, "{}{attribute}", pad(2));
    }
    out.push_str(&pad(1));
    out.push_str("}\n");
}

/// The indentation of `level`: four spaces each, as Mermaid's documentation writes diagrams.
fn pad(level: usize) -> String {
    " ".repeat(4 * level)
}

/// `type name PK, FK "comment"`: the comment holds the real name when the word had to change it, then `notes`.
fn attribute(backend: Backend, table: &Table, column: &Column, notes: &[String]) -> String {
    let name = word(&column.name);
    let mut keys = Vec::new();
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name))
    {
        keys.push("PK");
    }
    if table.foreign_keys.iter().any(|k| k.columns.contains(&column.name)) {
        keys.push("FK");
    }
    let alone = |columns: &[String]| columns.len() == 1 && columns[0] == column.name;
    if table.uniques.iter().any(|u| alone(&u.columns))
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.predicate.is_none() && alone(&i.columns))
    {
        keys.push("UK");
    }
    let mut comment: Vec<String> = Vec::new();
    if name != column.name {
        comment.push(format!("'{}'", column.name));
    }
    comment.extend(notes.iter().cloned());
    let mut line = format!("{} {name}", word(&type_name(&column.ty, backend)));
    if !keys.is_empty() {
        line.push(' ');
        line.push_str(&keys.join(", "));
    }
    if !comment.is_empty() {
        line.push(' ');
        line.push_str(&quoted(&comment.join("; ")));
    }
    line
}

/// The type as `backend` spells it; an inline MySQL enum is only `enum` (its values would not fit a word).
fn type_name(ty: &ColumnType, backend: Backend) -> String {
    match (ty, backend) {
        (ColumnType::Enum { .. }, Backend::Mysql) => "enum".to_owned(),
        _ => ty.render(backend),
    }
}

/// `text` as one attribute word of Mermaid's `erDiagram` (`[A-Za-z_\u00C0-\uFFFF]` then also digits, `-`,
/// parentheses and brackets): every run of other characters becomes one `_`, or none just inside brackets
/// (`numeric(10, 2)` →
/// `numeric(10_2)`, `timestamp with time zone` → `timestamp_with_time_zone`), a word starting with a digit or
/// another character no word starts with gets a leading `_`, and so does one the lexer would read as the key
/// marker `PK`, `FK` or `UK` (`pk`, `Uk-x`).
pub fn word(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        let unicode = ('\u{c0}'..='\u{ffff}').contains(&c) && !c.is_whitespace() && c != '\u{feff}';
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '(' | ')' | '[' | ']') || unicode {
            // No `_` just inside brackets: `set('a','b')` → `set(a_b)`.
            let inside = out.ends_with(['(', '[']) || matches!(c, ')' | ']');
            if gap && !out.is_empty() && !inside {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    let starts_well = out
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c >= '\u{c0}');
    let bytes = out.as_bytes();
    let marker = bytes.len() >= 2
        && matches!(&bytes[..2].to_ascii_lowercase()[..], b"pk" | b"fk" | b"uk")
        && !bytes.get(2).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    if !starts_well || marker {
        out.insert(0, '_');
    }
    out
}

/// `text` as a double-quoted string every place of Mermaid's `erDiagram` takes one (entity names, their labels,
/// relationship labels, attribute comments): on one line, without `"` (made `'`), `%` (`%%` starts a directive
/// or comment wherever it is), `\`, `<`/`>` (Mermaid rewrites what looks like an HTML tag) or `~`, never empty,
/// and never holding `direction` then TB/BT/RL/LR, which the lexer reads as a direction statement wherever it is
/// on a line.
pub fn quoted(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| c.is_whitespace() || c.is_control() || c == '\u{feff}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(match c {
                '"' => '\'',
                '%' => '％',
                '\\' => '/',
                '<' => '‹',
                '>' => '›',
                '~' => '-',
                c => c,
            });
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    format!("\"{}\"", defuse_direction(&out))
}

/// `direction TB` (any case, any of TB, BT, RL, LR) becomes `direction_TB`.
fn defuse_direction(text: &str) -> String {
    const WORD: &str = "direction";
    let lower = text.to_ascii_lowercase();
    let mut out = String::new();
    let mut last = 0;
    for (at, _) in lower.match_indices(WORD) {
        let end = at + WORD.len();
        let rest = &lower[end..];
        let spaces = rest.len() - rest.trim_start().len();
        let next = &rest[spaces..];
        if spaces > 0 && ["tb", "bt", "rl", "lr"].iter().any(|d| next.starts_with(d)) {
            out.push_str(&text[last..end]);
            out.push('_');
            last = end + spaces;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_only_what_mermaid_takes() {
        assert_eq!(word("varchar(50)"), "varchar(50)");
        assert_eq!(word("numeric(10, 2)"), "numeric(10_2)");
        assert_eq!(word("timestamp with time zone"), "timestamp_with_time_zone");
        assert_eq!(word("integer[]"), "integer[]");
        assert_eq!(word("\"my enum\""), "my_enum");
        assert_eq!(word("sales.orders"), "sales_orders");
        assert_eq!(word("1st"), "_1st");
        assert_eq!(word("(x)"), "_(x)");
        assert_eq!(word(""), "_");
        assert_eq!(word("\"\""), "_");
        assert_eq!(word("pk"), "_pk");
        assert_eq!(word("Uk-x"), "_Uk-x");
        assert_eq!(word("fkü"), "_fkü");
        assert_eq!(word("pk_id"), "pk_id");
        assert_eq!(word("pkey"), "pkey");
        assert_eq!(word("名前 ü"), "名前_ü");
        assert_eq!(word("a~b~c"), "a_b_c");
        assert_eq!(word("x\u{3000}y"), "x_y");
        assert_eq!(word("😀smile"), "smile");
        assert_eq!(word("set('a','b')"), "set(a_b)");
        assert_eq!(word("geometry(Point, 4326)"), "geometry(Point_4326)");
    }

    #[test]
    fn quoted_text_stays_one_string() {
        assert_eq!(quoted("Order \"Line\" `x` it's ü"), "\"Order 'Line' `x` it's ü\"");
        assert_eq!(quoted("50% off\\n"), "\"50％ off/n\"");
        assert_eq!(quoted("a\n\tb \u{a0}\u{feff}c"), "\"a b c\"");
        assert_eq!(quoted("<b>"), "\"‹b›\"");
        assert_eq!(quoted(""), "\"_\"");
        assert_eq!(quoted("sort Direction \t lr"), "\"sort Direction_lr\"");
        assert_eq!(quoted("direction LRx direction"), "\"direction_LRx direction\"");
        assert_eq!(quoted("directions lr"), "\"directions lr\"");
    }
}
