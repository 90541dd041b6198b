//! Property tests: random pairs of schemas within what sea-autogen supports, round-tripped on each backend
//! (`sea_autogen_tests::round_trip`): build `before` with rows, apply the plan to `after`, a fresh diff is empty and
//! the rows that survive are intact, apply `down`, the schema is `before` again.
//!
//! A case is built from a list of random numbers (`Dice`), where 0 always means the simplest choice, so proptest
//! shrinks a failure towards the smallest schema pair that still fails. CI runs `AUTOGEN_PROPTEST_CASES` (default
//! 200) cases per backend from a fixed seed, so a CI failure reproduces; `just soak` runs thousands from a random
//! seed and prints the seed and the count. A failure prints the numbers of its (shrunk) case;
//! `AUTOGEN_PROPTEST_NUMBERS="[...]"` runs that one case again. A failure found here becomes a named case in
//! `regressions.rs`.
//!
//! The generated files too: once every case passed in-process, each case's migration file is rendered, all of them
//! go into one crate built once (`target/autogen-properties-<backend>/runner`), and each file is applied `up` and
//! `down` to a database brought to its `before`: the schema must be what the in-process executor left, both ways.

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use sea_autogen_codegen::{MigrationMeta, render_revision};
use sea_autogen_schema::{
    Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table, Unique, quote_ident,
    quote_string,
};
use sea_autogen_tests::round_trip::{self, Case, Outcome, Rows, Survivor, Value, connect_one, reset};
use sea_autogen_tests::{Backend, FreshDb, migration_runner, run_migration};

/// Random numbers consumed by the builder; past the end every number is 0 (the simplest choice).
struct Dice<'a> {
    numbers: &'a [u32],
    at: usize,
    /// Whether this case names its tables and columns with `HOSTILE_TABLE_NAMES` and `HOSTILE_COLUMN_NAMES`.
    hostile: bool,
}

impl Dice<'_> {
    fn table_name(&self, id: usize) -> &'static str {
        if self.hostile {
            HOSTILE_TABLE_NAMES[id]
        } else {
            TABLE_NAMES[id]
        }
    }

    fn column_name(&self, slot: usize) -> &'static str {
        if self.hostile {
            HOSTILE_COLUMN_NAMES[slot]
        } else {
            COLUMN_NAMES[slot]
        }
    }

    fn next(&mut self) -> u32 {
        let n = self.numbers.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        n
    }

    /// 0..n, 0 being the simplest.
    fn pick(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }

    /// True `percent` times in a hundred; false for 0.
    fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 >= 100 - percent
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Small,
    Big,
    Str(u32),
    Text,
    Bool,
    Date,
    Enum,
}

const KINDS: [Kind; 8] = [
    Kind::Int,
    Kind::Str(20),
    Kind::Small,
    Kind::Big,
    Kind::Text,
    Kind::Bool,
    Kind::Date,
    Kind::Enum,
];

/// Columns by slot; the last two are foreign-key columns.
const COLUMN_NAMES: [&str; 8] = ["amount", "label", "note", "flag", "day", "kind", "ref_a", "ref_b"];
/// The same slots with names that break SQL pasted together without quoting (reserved words, quotes of every
/// dialect, spaces, mixed case, unicode).
const HOSTILE_COLUMN_NAMES: [&str; 8] = [
    "order",
    "Label Text",
    "it's \"note\"",
    "Mixed `Flag`",
    "dày ü",
    "group",
    "ref a",
    "REF_b",
];
const FK_SLOTS: [usize; 2] = [6, 7];
const TABLE_NAMES: [&str; 5] = ["alpha", "beta", "gamma", "delta", "epsilon"];
const HOSTILE_TABLE_NAMES: [&str; 5] = ["select", "Order Line", "it's \"q\"", "naïve `ü`", "MixedCase"];
/// The texts of varchar defaults: plain ones, and ones with every character a literal must escape or keep (quotes of
/// both kinds, backslashes, newlines, tabs, non-ASCII), each at most 20 characters (the varchar's length).
const STRING_DEFAULTS: [&str; 8] = [
    "dflt",
    "other",
    "it's \"quoted\"",
    "C:\\dir\\n \\'x",
    "line\nbreak\ttab",
    "non-ASCII: é ü 漢 😀",
    "",
    "''\\\\\"\n",
];
/// A default is one of these choices: each string default in either spelling (see `default_sql`); the other kinds
/// use the choice's parity.
const DEFAULT_CHOICES: usize = 2 * STRING_DEFAULTS.len();

#[derive(Debug, Clone)]
struct ColM {
    slot: usize,
    name: String,
    renamed_from: Option<String>,
    kind: Kind,
    nullable: bool,
    /// A choice of `DEFAULT_CHOICES` (see `default_sql`).
    default: Option<usize>,
    /// Enum variants (the first, `a`, is always there and is what rows hold).
    variants: Vec<String>,
    /// Added by the change, so its table's rows hold no value for it.
    added: bool,
}

#[derive(Debug, Clone)]
struct IndexM {
    n: usize,
    slots: Vec<usize>,
    unique: bool,
    descending_first: bool,
}

#[derive(Debug, Clone)]
struct FkM {
    slot: usize,
    target: usize,
    on_delete: usize,
}

#[derive(Debug, Clone)]
struct TableM {
    id: usize,
    name: String,
    renamed_from: Option<String>,
    columns: Vec<ColM>,
    indexes: Vec<IndexM>,
    uniques: Vec<usize>,
    checks: Vec<usize>,
    fks: Vec<FkM>,
    /// Every column the table had when it was made: a column dropped and added again keeps its kind (a different
    /// one would be a type change no cast can make).
    made_with: Vec<(usize, Kind)>,
}

impl TableM {
    fn column(&self, slot: usize) -> Option<&ColM> {
        self.columns.iter().find(|c| c.slot == slot)
    }
}

fn new_column(dice: &mut Dice, slot: usize, added: bool) -> ColM {
    let kind = if FK_SLOTS.contains(&slot) {
        Kind::Int
    } else {
        KINDS[dice.pick(KINDS.len())]
    };
    let mut default = if dice.chance(30) {
        Some(dice.pick(DEFAULT_CHOICES))
    } else {
        None
    };
    // A column added to a table with rows needs NULL or a default to fill them.
    let nullable = dice.chance(40) || (added && default.is_none() && !dice.chance(50));
    if added && !nullable && default.is_none() {
        default = Some(0);
    }
    let variants = match dice.pick(2) {
        0 => vec!["a".to_owned(), "b".to_owned()],
        _ => vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
    };
    ColM {
        slot,
        name: dice.column_name(slot).to_owned(),
        renamed_from: None,
        kind,
        nullable,
        default,
        variants,
        added,
    }
}

fn new_table(dice: &mut Dice, id: usize, added: bool) -> TableM {
    let mut table = TableM {
        id,
        name: dice.table_name(id).to_owned(),
        renamed_from: None,
        columns: Vec::new(),
        indexes: Vec::new(),
        uniques: Vec::new(),
        checks: Vec::new(),
        fks: Vec::new(),
        made_with: Vec::new(),
    };
    for slot in 0..6 {
        if slot == 0 || dice.chance(40) {
            table.columns.push(new_column(dice, slot, added));
        }
    }
    if id > 0 {
        for slot in FK_SLOTS {
            if dice.chance(35) {
                table.columns.push(new_column(dice, slot, added));
                table.fks.push(FkM {
                    slot,
                    target: dice.pick(id),
                    on_delete: dice.pick(4),
                });
            }
        }
    }
    table.made_with = table.columns.iter().map(|c| (c.slot, c.kind)).collect();
    for n in 0..2 {
        if dice.chance(35) {
            add_index(dice, &mut table, n);
        }
    }
    if dice.chance(20) {
        let slot = table.columns[dice.pick(table.columns.len())].slot;
        table.uniques.push(slot);
    }
    if dice.chance(20) {
        let slot = table.columns[dice.pick(table.columns.len())].slot;
        table.checks.push(slot);
    }
    table
}

fn add_index(dice: &mut Dice, table: &mut TableM, n: usize) {
    let mut slots = vec![table.columns[dice.pick(table.columns.len())].slot];
    if dice.chance(40) {
        let second = table.columns[dice.pick(table.columns.len())].slot;
        if !slots.contains(&second) {
            slots.push(second);
        }
    }
    table.indexes.retain(|i| i.n != n);
    table.indexes.push(IndexM {
        n,
        slots,
        unique: dice.chance(25),
        descending_first: dice.chance(25),
    });
}

/// One random change to `after`.
fn mutate(dice: &mut Dice, tables: &mut Vec<TableM>, next_id: &mut usize) {
    let choice = dice.pick(15);
    if choice == 0 {
        // Never the id (so the name) of a table dropped before: that would be a different table of that name.
        if *next_id < TABLE_NAMES.len() {
            tables.push(new_table(dice, *next_id, true));
            *next_id += 1;
        }
        return;
    }
    if tables.is_empty() {
        return;
    }
    let at = dice.pick(tables.len());
    if choice == 1 {
        tables.remove(at);
        return;
    }
    let table = &mut tables[at];
    match choice {
        2 if table.renamed_from.is_none() => {
            table.renamed_from = Some(table.name.clone());
            table.name = format!("{}_v2", table.name);
        }
        3 => {
            let slot = dice.pick(COLUMN_NAMES.len());
            if table.column(slot).is_none() && (!FK_SLOTS.contains(&slot) || table.id > 0) {
                let mut column = new_column(dice, slot, true);
                if let Some((_, kind)) = table.made_with.iter().find(|m| m.0 == slot) {
                    column.kind = *kind;
                }
                if FK_SLOTS.contains(&slot) {
                    // Rows get NULL: a default would refer to a row that may not exist.
                    column.nullable = true;
                    column.default = None;
                    table.fks.push(FkM {
                        slot,
                        target: dice.pick(table.id),
                        on_delete: dice.pick(4),
                    });
                }
                table.columns.push(column);
            }
        }
        9 => {
            let n = dice.pick(3);
            add_index(dice, table, n);
        }
        10 if !table.indexes.is_empty() => {
            table.indexes.remove(dice.pick(table.indexes.len()));
        }
        13 if !table.fks.is_empty() => {
            let fk = dice.pick(table.fks.len());
            if dice.chance(50) {
                table.fks.remove(fk);
            } else {
                table.fks[fk].on_delete = (table.fks[fk].on_delete + 1) % 4;
            }
        }
        4 if table.columns.len() > 1 => {
            table.columns.remove(dice.pick(table.columns.len()));
        }
        11 | 12 => {
            let slot = table.columns[dice.pick(table.columns.len())].slot;
            let list = if choice == 11 {
                &mut table.uniques
            } else {
                &mut table.checks
            };
            if list.contains(&slot) {
                list.retain(|s| *s != slot);
            } else {
                list.push(slot);
            }
        }
        _ => {
            let column_at = dice.pick(table.columns.len());
            let column = &mut table.columns[column_at];
            match choice {
                5 if column.renamed_from.is_none() => {
                    column.renamed_from = Some(column.name.clone());
                    column.name = format!("{}_v2", column.name);
                }
                6 if !FK_SLOTS.contains(&column.slot) => {
                    column.kind = match column.kind {
                        Kind::Small => Kind::Int,
                        Kind::Int => Kind::Big,
                        Kind::Str(n) if dice.chance(50) => Kind::Str(n + 20),
                        Kind::Str(_) => Kind::Text,
                        other => other,
                    };
                }
                7 if !column.added => column.nullable = !column.nullable,
                8 => {
                    column.default = match column.default {
                        None => Some(dice.pick(DEFAULT_CHOICES)),
                        Some(d) if column.added && !column.nullable => Some((d + 1) % DEFAULT_CHOICES),
                        Some(_) if dice.chance(50) => None,
                        Some(d) => Some((d + 1 + dice.pick(DEFAULT_CHOICES - 1)) % DEFAULT_CHOICES),
                    }
                }
                14 if column.kind == Kind::Enum => {
                    if dice.chance(50) {
                        if !column.variants.iter().any(|v| v == "d") {
                            column.variants.push("d".to_owned());
                        }
                    } else if column.variants.len() > 1 {
                        column.variants.pop();
                    }
                }
                _ => {}
            }
        }
    }
}

/// Puts back into `after` what `down` could not restore over the rows of `before`: `down` puts a dropped column
/// back holding NULL or its default in every row, so not a NOT NULL column without a default, nor one whose values
/// must be unique or refer to rows; and it puts a dropped table back empty, so not one that rows refer to
/// (docs/reliability.md).
fn keep_restorable(before: &[TableM], after: &mut Vec<TableM>) {
    // Tables first, until none is added: a table put back may itself refer to one that was dropped.
    loop {
        let missing = before.iter().find(|old| {
            let referenced = before
                .iter()
                .any(|t| t.fks.iter().any(|fk| fk.target == old.id) && after.iter().any(|a| a.id == t.id));
            referenced && !after.iter().any(|t| t.id == old.id)
        });
        match missing {
            Some(old) => after.push(old.clone()),
            None => break,
        }
    }
    for old in before {
        let Some(new) = after.iter_mut().find(|t| t.id == old.id) else {
            continue;
        };
        for column in &old.columns {
            if new.column(column.slot).is_some() {
                continue;
            }
            let unique = old.uniques.contains(&column.slot)
                || old.indexes.iter().any(|i| i.unique && i.slots.contains(&column.slot));
            let keyed = FK_SLOTS.contains(&column.slot);
            // Rows get the default when there is one, NULL otherwise.
            let restorable = match column.default {
                None => column.nullable,
                Some(_) => !unique && !keyed,
            };
            if !restorable {
                new.columns.push(column.clone());
            }
        }
    }
    after.sort_by_key(|t| t.id);
}

/// Drops what the schema could not hold: indexes and uniques on columns that are gone or cannot take them, keys to
/// tables or columns that are gone.
fn sanitize(tables: &mut [TableM]) {
    let ids: Vec<usize> = tables.iter().map(|t| t.id).collect();
    for table in tables.iter_mut() {
        for column in &mut table.columns {
            // An added key column's rows get NULL: a default would refer to a row that may not exist.
            let added_key = column.added && FK_SLOTS.contains(&column.slot);
            if !takes_default(column.kind) || added_key {
                column.default = None;
            }
            // A column added to a table with rows needs NULL or a default to fill them.
            if column.added && !column.nullable && column.default.is_none() {
                column.nullable = true;
            }
        }
        let kinds: Vec<(usize, Kind, bool)> = table.columns.iter().map(|c| (c.slot, c.kind, c.nullable)).collect();
        let kind = |slot: usize| kinds.iter().find(|k| k.0 == slot).map(|k| k.1);
        // MySQL cannot index TEXT without a prefix length; a unique over booleans or enums fails on the rows.
        let indexable = |k: Option<Kind>| k.is_some_and(|k| k != Kind::Text);
        let distinct = |k: Option<Kind>| k.is_some_and(|k| !matches!(k, Kind::Text | Kind::Bool | Kind::Enum));
        // A unique over a column added with a default fails: every row gets the same value.
        let defaulted: Vec<usize> = table
            .columns
            .iter()
            .filter(|c| c.added && c.default.is_some())
            .map(|c| c.slot)
            .collect();
        for index in &mut table.indexes {
            if index.slots.iter().any(|s| defaulted.contains(s)) {
                index.unique = false;
            }
        }
        table.uniques.retain(|s| !defaulted.contains(s));
        // MySQL names a unique index after its first column, and index names holding a quote character are refused
        // (the statement builders cannot write them; docs/reliability.md): no unique over such a column.
        let quoted: Vec<usize> = table
            .columns
            .iter()
            .filter(|c| c.name.contains(['"', '`']))
            .map(|c| c.slot)
            .collect();
        for index in &mut table.indexes {
            if index.slots.first().is_some_and(|s| quoted.contains(s)) {
                index.unique = false;
            }
        }
        table.uniques.retain(|s| !quoted.contains(s));
        let mut indexes = std::mem::take(&mut table.indexes);
        indexes.retain(|i| {
            i.slots.iter().all(|s| indexable(kind(*s))) && (!i.unique || i.slots.iter().any(|s| distinct(kind(*s))))
        });
        let mut uniques = std::mem::take(&mut table.uniques);
        uniques.retain(|s| distinct(kind(*s)));
        uniques.dedup();
        let mut checks = std::mem::take(&mut table.checks);
        // MariaDB refuses checks on a column a key's ON DELETE action may change.
        checks.retain(|s| matches!(kind(*s), Some(Kind::Int | Kind::Small | Kind::Big)) && !FK_SLOTS.contains(s));
        checks.dedup();
        let mut fks = std::mem::take(&mut table.fks);
        fks.retain(|fk| ids.contains(&fk.target) && kind(fk.slot) == Some(Kind::Int));
        table.indexes = indexes;
        table.uniques = uniques;
        table.checks = checks;
        table.fks = fks;
        for fk in &mut table.fks {
            // SET NULL needs a nullable column.
            if fk.on_delete == 2 && !kinds.iter().any(|k| k.0 == fk.slot && k.2) {
                fk.on_delete = 1;
            }
        }
    }
}

fn column_type(table: &TableM, column: &ColM) -> ColumnType {
    match column.kind {
        Kind::Int => ColumnType::Integer,
        Kind::Small => ColumnType::SmallInteger,
        Kind::Big => ColumnType::BigInteger,
        Kind::Str(n) => ColumnType::String(Some(n)),
        Kind::Text => ColumnType::Text,
        Kind::Bool => ColumnType::Boolean,
        Kind::Date => ColumnType::Date,
        Kind::Enum => ColumnType::Enum {
            name: format!("kind_{}_{}", table.id, column.slot),
            variants: column.variants.clone(),
        },
    }
}

/// MySQL gives TEXT no literal default.
fn takes_default(kind: Kind) -> bool {
    kind != Kind::Text
}

/// Default choice `which` for a column of `kind`, spelled for `backend`. A varchar's default text is spelled as an
/// entity's `default_value` becomes SQL (sea-query's literal: `E'it\'s'` on PostgreSQL, `'it\'s'` on MySQL) or, on
/// odd choices, as a plain literal with quotes doubled (backslashes doubled on MySQL): the same text in two spellings
/// must compare equal, and each must set that text.
fn default_sql(kind: Kind, which: usize, backend: sea_autogen_schema::Backend) -> Option<String> {
    Some(match (kind, which % 2) {
        (Kind::Int | Kind::Small | Kind::Big, 0) => "5".to_owned(),
        (Kind::Int | Kind::Small | Kind::Big, _) => "7".to_owned(),
        (Kind::Str(_), spelling) => {
            let text = STRING_DEFAULTS[which / 2 % STRING_DEFAULTS.len()];
            match spelling {
                0 => round_trip::literal(backend, text),
                _ => quote_string(backend, text),
            }
        }
        (Kind::Bool, 0) => "true".to_owned(),
        (Kind::Bool, _) => "false".to_owned(),
        (Kind::Date, 0) => "'2021-02-03'".to_owned(),
        (Kind::Date, _) => "'2022-03-04'".to_owned(),
        (Kind::Enum, _) => "'a'".to_owned(),
        (Kind::Text, _) => return None,
    })
}

fn schema(tables: &[TableM], backend: sea_autogen_schema::Backend) -> Schema {
    let name_of = |id: usize| tables.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap();
    Schema::from_tables(tables.iter().map(|t| {
        let col_name = |slot: usize| t.column(slot).unwrap().name.clone();
        let mut columns = vec![Column::new("id", ColumnType::Integer)];
        columns.extend(t.columns.iter().map(|c| {
            let mut column = Column::new(c.name.clone(), column_type(t, c));
            column.nullable = c.nullable;
            column.default = c.default.and_then(|d| default_sql(c.kind, d, backend));
            column.renamed_from.clone_from(&c.renamed_from);
            column
        }));
        Table {
            columns,
            primary_key: Some(PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            }),
            indexes: t
                .indexes
                .iter()
                .map(|i| {
                    let mut index = Index::new(format!("ix_{}_{}", t.id, i.n), i.slots.iter().map(|s| col_name(*s)));
                    index.unique = i.unique;
                    if i.descending_first {
                        index.descending = vec![col_name(i.slots[0])];
                    }
                    index
                })
                .collect(),
            uniques: t
                .uniques
                .iter()
                .map(|s| Unique {
                    name: Some(format!("uq_{}_{}", t.id, s)),
                    columns: vec![col_name(*s)],
                })
                .collect(),
            checks: t
                .checks
                .iter()
                .map(|s| Check {
                    name: Some(format!("ck_{}_{}", t.id, s)),
                    expr: format!("{} >= 0", quote_ident(backend, &col_name(*s))),
                })
                .collect(),
            foreign_keys: t
                .fks
                .iter()
                .map(|fk| ForeignKey {
                    name: Some(format!("fk_{}_{}", t.id, fk.slot)),
                    columns: vec![col_name(fk.slot)],
                    ref_table: name_of(fk.target),
                    ref_columns: vec!["id".into()],
                    on_delete: [
                        None,
                        Some(ForeignKeyAction::Cascade),
                        Some(ForeignKeyAction::SetNull),
                        Some(ForeignKeyAction::Restrict),
                    ][fk.on_delete],
                    ..ForeignKey::default()
                })
                .collect(),
            renamed_from: t.renamed_from.clone(),
            ..Table::new(t.name.clone())
        }
    }))
}

fn value(kind: Kind, slot: usize, row: i64) -> Value {
    match kind {
        Kind::Int | Kind::Small | Kind::Big => Value::Int(row * 10 + slot as i64),
        Kind::Str(_) | Kind::Text => Value::Text(format!("v{row}s{slot}")),
        Kind::Bool => Value::Bool(row % 2 == 0),
        Kind::Date => Value::Text(format!("2020-01-0{row}")),
        Kind::Enum => Value::Text("a".to_owned()),
    }
}

/// Whether a value reads back as the same text after the column changed from `from` to `to`.
fn same_text(from: Kind, to: Kind) -> bool {
    let family = |k: Kind| match k {
        Kind::Int | Kind::Small | Kind::Big => 0,
        Kind::Str(_) | Kind::Text => 1,
        Kind::Bool => 2,
        Kind::Date => 3,
        Kind::Enum => 4,
    };
    family(from) == family(to)
}

/// The case the numbers describe, for `backend`.
fn build(numbers: &[u32], backend: sea_autogen_schema::Backend) -> Case {
    let mut dice = Dice {
        numbers,
        at: 0,
        hostile: false,
    };
    dice.hostile = dice.chance(30);
    let count = 1 + dice.pick(3);
    let mut before: Vec<TableM> = (0..count).map(|id| new_table(&mut dice, id, false)).collect();
    sanitize(&mut before);
    let mut after = before.clone();
    let mut next_id = count;
    for _ in 0..1 + dice.pick(5) {
        mutate(&mut dice, &mut after, &mut next_id);
    }
    sanitize(&mut after);
    keep_restorable(&before, &mut after);
    sanitize(&mut after);

    let rows = before
        .iter()
        .map(|t| Rows {
            table: t.name.clone(),
            rows: (1..=3)
                .map(|row| {
                    let mut values = vec![("id".to_owned(), Value::Int(row))];
                    values.extend(t.columns.iter().map(|c| {
                        let v = if FK_SLOTS.contains(&c.slot) {
                            Value::Int(row)
                        } else {
                            value(c.kind, c.slot, row)
                        };
                        (c.name.clone(), v)
                    }));
                    values
                })
                .collect(),
        })
        .collect();
    let mut survivors = Vec::new();
    for old in &before {
        let Some(new) = after.iter().find(|t| t.id == old.id) else {
            continue;
        };
        survivors.push(Survivor {
            before: (old.name.clone(), "id".into()),
            after: (new.name.clone(), "id".into()),
        });
        for column in &old.columns {
            if let Some(now) = new.column(column.slot).filter(|now| same_text(column.kind, now.kind)) {
                survivors.push(Survivor {
                    before: (old.name.clone(), column.name.clone()),
                    after: (new.name.clone(), now.name.clone()),
                });
            }
        }
    }
    Case {
        before: schema(&before, backend),
        after: schema(&after, backend),
        rows,
        survivors,
    }
}

/// One line of JSON per table, for failure reports.
fn describe(schema: &Schema) -> String {
    let tables = schema.tables.values().map(|t| {
        let mut line = serde_json::to_string(t).unwrap();
        if let Some(from) = &t.renamed_from {
            line.push_str(&format!(" (renamed from {from})"));
        }
        for c in t.columns.iter().filter(|c| c.renamed_from.is_some()) {
            line.push_str(&format!(
                " ({} renamed from {})",
                c.name,
                c.renamed_from.as_deref().unwrap()
            ));
        }
        line
    });
    tables.collect::<Vec<_>>().join("\n")
}

/// Runs the property on `backend`: `AUTOGEN_PROPTEST_CASES` cases (200 by default) from `AUTOGEN_PROPTEST_SEED` (a
/// fixed seed by default; `random` for a new one, printed).
fn run(backend: Backend) {
    let cases: u32 = std::env::var("AUTOGEN_PROPTEST_CASES")
        .ok()
        .map(|n| n.parse().expect("AUTOGEN_PROPTEST_CASES is a number"))
        .unwrap_or(200);
    let seed: u64 = match std::env::var("AUTOGEN_PROPTEST_SEED").as_deref() {
        Ok("random") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
        Ok(n) => n.parse().expect("AUTOGEN_PROPTEST_SEED is a number or `random`"),
        Err(_) => 0x5ea_a070,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(fresh) = runtime.block_on(FreshDb::create(backend)) else {
        return;
    };
    let db = runtime.block_on(connect_one(&fresh.url));
    let b = backend.schema_backend();

    // One case again, from the numbers a failure printed.
    if let Ok(numbers) = std::env::var("AUTOGEN_PROPTEST_NUMBERS") {
        let numbers: Vec<u32> = numbers
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|n| n.trim().parse().expect("AUTOGEN_PROPTEST_NUMBERS is a list of numbers"))
            .collect();
        let case = build(&numbers, b);
        eprintln!(
            "--- before:\n{}\n--- after:\n{}",
            describe(&case.before),
            describe(&case.after)
        );
        runtime.block_on(reset(&db, b)).unwrap();
        if let Err(failure) = runtime.block_on(round_trip::round_trip(&db, b, &case)) {
            panic!("{}: {failure}", backend.name());
        }
        return;
    }
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 500,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let strategy = proptest::collection::vec(0u32..1000, 120);
    let started = std::time::Instant::now();
    let ran = std::cell::Cell::new(0u32);
    // Every case that passed in-process, with what the executor made of it; a failure's shrinking adds cases that
    // are never read, as the run then fails.
    let passed: std::cell::RefCell<Vec<(Vec<u32>, Outcome)>> = std::cell::RefCell::new(Vec::new());
    let result = runner.run(&strategy, |numbers| {
        ran.set(ran.get() + 1);
        let case = build(&numbers, b);
        runtime.block_on(async {
            reset(&db, b)
                .await
                .map_err(|e| TestCaseError::fail(format!("reset: {e}")))?;
            let outcome = round_trip::round_trip(&db, b, &case).await.map_err(|failure| {
                TestCaseError::fail(format!(
                    "{failure}\n--- before:\n{}\n--- after:\n{}",
                    describe(&case.before),
                    describe(&case.after)
                ))
            })?;
            passed.borrow_mut().push((numbers.clone(), outcome));
            Ok(())
        })
    });
    eprintln!(
        "{}: {} round trips ({cases} cases asked, shrinking included) in {:.1} s, seed {seed}",
        backend.name(),
        ran.get(),
        started.elapsed().as_secs_f64()
    );
    match result {
        Err(proptest::test_runner::TestError::Fail(why, numbers)) => {
            panic!("{} (seed {seed}): {why}\nnumbers: {numbers:?}", backend.name())
        }
        Err(e) => panic!("{} (seed {seed}): {e}", backend.name()),
        Ok(()) => {}
    }
    generated_files(backend, &fresh.url, &runtime, &db, &passed.into_inner(), seed);
}

/// Every passed case's generated migration file, compiled in one crate and applied `up` and `down`: the schema it
/// leaves must be what the in-process executor left for the same case, both ways.
fn generated_files(
    backend: Backend,
    url: &str,
    runtime: &tokio::runtime::Runtime,
    db: &sea_orm::DatabaseConnection,
    passed: &[(Vec<u32>, Outcome)],
    seed: u64,
) {
    let b = backend.schema_backend();
    let started = std::time::Instant::now();
    let module = |i: usize| format!("case_{i}");
    // Each case's revision: one file, or (lock-safe forms on PostgreSQL) the files it is split into, in order.
    let revisions: Vec<Vec<(String, String)>> = passed
        .iter()
        .enumerate()
        .map(|(i, (_, outcome))| {
            let meta = MigrationMeta {
                message: "a property case".to_owned(),
                revision: module(i),
                parent: None,
                created: "2026-01-01 00:00:00 UTC".to_owned(),
                backend: b,
                fingerprint: None,
            };
            render_revision(&outcome.plan, &meta)
        })
        .collect();
    let modules: Vec<String> = revisions
        .iter()
        .map(|files| files.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join(","))
        .collect();
    let files: Vec<(String, String)> = revisions.into_iter().flatten().collect();
    let runner = migration_runner(&format!("properties-{}", backend.name()), &files);
    let built = started.elapsed();
    for (i, (numbers, outcome)) in passed.iter().enumerate() {
        let case = build(numbers, b);
        let context = || {
            format!(
                "{} (seed {seed}), generated file of numbers {numbers:?}",
                backend.name()
            )
        };
        runtime.block_on(async {
            reset(db, b)
                .await
                .unwrap_or_else(|e| panic!("{}: reset: {e}", context()));
            round_trip::build_before(db, b, &case)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", context()));
        });
        for (direction, executor) in [("up", &outcome.up), ("down", &outcome.down)] {
            if let Err(e) = run_migration(&runner, &modules[i], direction, url) {
                panic!(
                    "{}: `{direction}` failed: {e}\n{}",
                    context(),
                    round_trip::plan_text(&outcome.plan)
                );
            }
            let read = runtime
                .block_on(round_trip::read(db))
                .unwrap_or_else(|e| panic!("{}: {e}", context()));
            assert_eq!(
                round_trip::comparable(&read, b),
                round_trip::comparable(executor, b),
                "{}: after `{direction}`, the file left another schema than the executor\n{}",
                context(),
                round_trip::plan_text(&outcome.plan)
            );
        }
    }
    eprintln!(
        "{}: {} generated files compiled in one crate ({:.1} s) and applied up and down in {:.1} s",
        backend.name(),
        files.len(),
        built.as_secs_f64(),
        (started.elapsed() - built).as_secs_f64()
    );
}

#[test]
fn round_trips_on_sqlite() {
    run(Backend::Sqlite);
}

#[test]
fn round_trips_on_postgres() {
    run(Backend::Postgres);
}

#[test]
fn round_trips_on_mariadb() {
    run(Backend::Mysql);
}

#[test]
fn round_trips_on_postgres18() {
    run(Backend::Postgres18);
}
