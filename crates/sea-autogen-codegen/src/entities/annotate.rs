//! `cargo autogen entities --annotate DIR`: existing entity files (sea-orm-cli's, edited by hand) given what they
//! lack to describe the database, and nothing else.
//!
//! Each file is parsed with syn and read the way SeaORM's derives read it (`read.rs`); what differs from the
//! database is then said by *adding* text at span-exact positions: an attribute line on a field
//! (`#[sea_orm(column_type = "...")]`; SeaORM takes the last value given, so an added line overrides an earlier
//! one), an `#[autogen(index(...))]` line on the `Model`, a field for a column the entity lacks, a `belongs_to`
//! variant for a foreign key. The one removal is SeaORM's `ignore` on a field whose column the database has
//! (sea-orm-cli writes it for types it cannot map), which no added attribute can undo. What cannot be said by
//! adding (the entity asks for more than the database has) is left alone and reported: `check` shows it as a
//! pending change, which it is.

use super::names::default_column_name;
use super::read::{
    EntityView, FieldView, collect_enums, entity_view, parse_column_type, parse_default_expr, sea_orm_pairs, unquote,
};
use super::types::{FieldType, field_type, rust_default, sea_orm_column_type};
use super::{default_attr, single_unique_constraint, write_entities};
use crate::source::{Edit, Source, SourceError, after_line, apply, line_indent, line_start, newline, split_bom};
use sea_autogen_schema::{
    Backend, Column, ColumnType, ForeignKeyAction, Schema, Table, normalize_default, normalize_expr, quote_string,
    strip_parens,
};
use std::collections::{BTreeMap, BTreeSet};
use syn::Item;

/// One entity file, as given and as annotated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotatedFile {
    /// The file's name in the directory (`album.rs`).
    pub name: String,
    /// The text before (`None` for a file written anew, for a table no entity described).
    pub before: Option<String>,
    pub after: String,
    /// What was added, one line each (`album.title: column_type = "String(StringLen::N(160))"`).
    pub added: Vec<String>,
}

/// The outcome for a whole directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotated {
    /// Files that change (or are new), in name order.
    pub files: Vec<AnnotatedFile>,
    /// Files that could not be read, each with the reason; they are left as they are.
    pub refused: Vec<(String, String)>,
    /// What adding cannot fix, and what the entities cannot say.
    pub warnings: Vec<String>,
    /// The sea-orm features new fields need.
    pub features: BTreeSet<&'static str>,
}

/// The PostgreSQL schemas the entity files name (`schema_name`), which the database must be read in too.
pub fn named_schemas(files: &[(String, String)]) -> BTreeSet<String> {
    files
        .iter()
        .filter_map(|(_, text)| syn::parse_file(split_bom(text).1).ok())
        .flat_map(|file| {
            file.items.into_iter().filter_map(|item| match item {
                Item::Struct(s) if s.ident == "Model" => sea_orm_pairs(&s.attrs)
                    .into_iter()
                    .rev()
                    .find(|(k, _)| k == "schema_name")
                    .and_then(|(_, v)| v),
                _ => None,
            })
        })
        .collect()
}

/// Reads `files` (`(name, text)` of one directory) and adds what they lack to describe `schema`.
pub fn annotate(files: &[(String, String)], schema: &Schema, backend: Backend) -> Annotated {
    let mut out = Annotated::default();
    let mut enums: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new(); // Rust ident → (db name, values)
    let mut existing: Vec<(String, EntityView, &str)> = Vec::new(); // (module, view, text)
    for (name, text) in files {
        let (_, body) = split_bom(text);
        let source = match Source::parse(body) {
            Ok(source) => source,
            Err(SourceError::Syntax { line, column, message }) => {
                out.refused.push((
                    name.clone(),
                    format!("not valid Rust at line {line}, column {column}: {message}"),
                ));
                continue;
            }
            Err(SourceError::TooDeep { depth }) => {
                out.refused.push((
                    name.clone(),
                    format!("brackets nest {depth} deep, too deep to read safely"),
                ));
                continue;
            }
        };
        collect_enums(&source.file, &mut enums);
        if let Some(view) = entity_view(&source) {
            existing.push((name.trim_end_matches(".rs").to_owned(), view, text.as_str()));
        }
    }

    // Tables no entity describes get files of their own first, so that relations to them can be added too.
    let described: BTreeSet<String> = existing.iter().map(|(_, v, _)| table_key(v, schema)).collect();
    let new_files = new_tables(files, schema, backend, &described, &mut out);
    let mut views: BTreeMap<String, (EntityView, &str)> = BTreeMap::new(); // module → view
    for (module, view, text) in existing {
        views.insert(module, (view, text));
    }
    let written: BTreeSet<String> = new_files.iter().map(|(m, _)| m.clone()).collect();
    for (module, text) in &new_files {
        if let Ok(source) = Source::parse(text)
            && let Some(view) = entity_view(&source)
        {
            views.insert(module.clone(), (view, text.as_str()));
        }
    }
    let module_of_table: BTreeMap<String, String> = views
        .iter()
        .filter(|(_, (view, _))| !view.skip)
        .map(|(module, (view, _))| (table_key(view, schema), module.clone()))
        .collect();

    for (module, (view, text)) in &views {
        if view.skip || written.contains(module) {
            continue;
        }
        let key = table_key(view, schema);
        let Some(table) = schema.tables.get(&key) else {
            out.warnings.push(format!(
                "{module}.rs: table {key} is not in the database: `check` proposes creating it"
            ));
            continue;
        };
        let mut context = Context {
            table,
            backend,
            enums: &enums,
            views: &views,
            module_of_table: &module_of_table,
            module,
            edits: Vec::new(),
            added: Vec::new(),
            warnings: Vec::new(),
            features: BTreeSet::new(),
        };
        let (bom, body) = split_bom(text);
        context.annotate(view, body);
        out.warnings
            .extend(context.warnings.iter().map(|w| format!("{module}.rs: {w}")));
        out.features.extend(context.features.iter().copied());
        if context.edits.is_empty() {
            continue;
        }
        let edited = format!("{bom}{}", apply(body, std::mem::take(&mut context.edits)));
        // Spans cannot see comments: an insertion that landed inside one would go unnoticed. Reading the result
        // again catches that, and anything else that broke.
        if syn::parse_file(split_bom(&edited).1).is_err() {
            out.refused.push((
                format!("{module}.rs"),
                "the additions would not parse (a comment or macro where they go?): add them by hand".to_owned(),
            ));
            continue;
        }
        out.files.push(AnnotatedFile {
            name: format!("{module}.rs"),
            before: Some((*text).to_owned()),
            after: edited,
            added: context.added,
        });
    }
    out.files.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The schema key of the entity's table: `schema.table`, or the bare name in the default schema.
fn table_key(view: &EntityView, schema: &Schema) -> String {
    match &view.schema {
        Some(s) if schema.tables.contains_key(&format!("{s}.{}", view.table)) => format!("{s}.{}", view.table),
        _ => view.table.clone(),
    }
}

/// Tables no entity describes get entity files of their own, written as `entities --output` would, and a line in
/// `mod.rs` and `prelude.rs`; returns each new file's module and text (already in `out`).
fn new_tables(
    files: &[(String, String)],
    schema: &Schema,
    backend: Backend,
    described: &BTreeSet<String>,
    out: &mut Annotated,
) -> Vec<(String, String)> {
    let missing: Vec<&Table> = schema
        .tables
        .values()
        .filter(|t| !described.contains(&t.key()))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let written = write_entities(schema, backend);
    let existing: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut new_files = Vec::new();
    for table in missing {
        // The writer names modules from table names, as sea-orm-cli does; its file for this table is the one whose
        // header names it.
        let header = format!("entity of table `{}`", table.key());
        let Some((name, text)) = written.files.iter().find(|(_, text)| text.contains(&header)) else {
            continue;
        };
        if existing.contains(name.as_str()) {
            out.warnings.push(format!(
                "table {} has no entity, and {name} is taken by another: write it with `cargo autogen entities \
                 --output OTHER_DIR --include {}`",
                table.key(),
                table.name
            ));
            continue;
        }
        if text.contains("sea_orm_active_enums::") && !existing.contains("sea_orm_active_enums.rs") {
            out.warnings.push(format!(
                "table {} uses enum types: copy them from `cargo autogen entities --output OTHER_DIR`'s \
                 sea_orm_active_enums.rs",
                table.key()
            ));
        }
        out.warnings.extend(
            written
                .warnings
                .iter()
                .filter(|w| w.starts_with(&format!("{}: ", table.key())))
                .cloned(),
        );
        new_files.push((name.trim_end_matches(".rs").to_owned(), text.clone()));
        out.files.push(AnnotatedFile {
            name: name.clone(),
            before: None,
            after: text.clone(),
            added: vec![format!("{name}: an entity for table {}", table.key())],
        });
    }
    if !new_files.is_empty() {
        out.features.extend(written.features.iter().copied());
    }
    for (list, line) in [
        ("mod.rs", (|m: &str| format!("pub mod {m};")) as fn(&str) -> String),
        ("prelude.rs", |m: &str| {
            format!("pub use super::{m}::Entity as {};", super::names::camel(m, "Table"))
        }),
    ] {
        let Some((_, text)) = files.iter().find(|(n, _)| n == list) else {
            continue;
        };
        let nl = newline(text);
        let mut after = text.clone();
        if !after.ends_with('\n') && !after.is_empty() {
            after.push_str(nl);
        }
        let mut added = Vec::new();
        for (module, _) in &new_files {
            let line = line(module);
            after.push_str(&line);
            after.push_str(nl);
            added.push(format!("{list}: {line}"));
        }
        if !added.is_empty() {
            out.files.push(AnnotatedFile {
                name: list.to_owned(),
                before: Some(text.clone()),
                after,
                added,
            });
        }
    }
    new_files
}

/// A field's default as SeaORM writes it.
enum EntityDefault {
    Absent,
    Known(String),
    /// An expression this does not evaluate.
    Unknown,
}

/// Everything one entity's annotation needs.
struct Context<'a> {
    table: &'a Table,
    backend: Backend,
    enums: &'a BTreeMap<String, (String, Vec<String>)>,
    views: &'a BTreeMap<String, (EntityView, &'a str)>,
    module_of_table: &'a BTreeMap<String, String>,
    module: &'a str,
    edits: Vec<Edit>,
    added: Vec<String>,
    warnings: Vec<String>,
    features: BTreeSet<&'static str>,
}

impl Context<'_> {
    fn annotate(&mut self, view: &EntityView, text: &str) {
        let table = self.table;
        let nl = newline(text);
        let model_indent = line_indent(text, view.model_at).to_owned();
        let mut model_lines: Vec<String> = Vec::new();

        if !view.has_autogen_derive {
            model_lines.push("#[derive(Autogen)]".to_owned());
            if !view.autogen_imported {
                let line = "use sea_autogen::Autogen;";
                match view.last_use_end {
                    Some(end) => {
                        self.edits.push(after_line(text, end, line, nl));
                    }
                    None => self.edits.push((0..0, format!("{line}{nl}{nl}"))),
                }
                self.added.push(format!("{}: {line}", self.module));
            }
        }
        if table.comment.is_some() && view.comment != table.comment {
            let comment = table.comment.clone().unwrap_or_default();
            model_lines.push(format!("#[sea_orm(comment = {})]", rust_string(&comment)));
        }

        // Columns.
        let pk: Vec<&str> = table
            .primary_key
            .iter()
            .flat_map(|pk| pk.columns.iter().map(String::as_str))
            .collect();
        let mut seen = BTreeSet::new();
        for field in &view.fields {
            let name = field.column_name();
            let Some(column) = table.column(&name) else {
                if !field.has("ignore") {
                    self.warnings.push(format!(
                        "field `{}` is column `{name}`, which the database lacks: `check` proposes adding it",
                        field.ident
                    ));
                }
                continue;
            };
            seen.insert(name.clone());
            let lines = self.field_lines(view, field, column, &pk);
            if !field.ignore.is_empty() {
                for range in &field.ignore {
                    self.edits.push((range.clone(), String::new()));
                }
                self.added.push(format!(
                    "{}.{}: `ignore` removed (the database has column {name})",
                    self.module, field.ident
                ));
            }
            if lines.is_empty() {
                continue;
            }
            let indent = line_indent(text, field.at).to_owned();
            let insertion = if field.own_line {
                lines.iter().map(|l| format!("{l}{nl}{indent}")).collect::<String>()
            } else {
                lines.iter().map(|l| format!("{l} ")).collect::<String>()
            };
            self.edits.push((field.at..field.at, insertion));
            for line in lines {
                self.added.push(format!("{}.{}: {line}", self.module, field.ident));
            }
        }

        // Columns the entity lacks: new fields at the end of the struct.
        let missing: Vec<&Column> = table.columns.iter().filter(|c| !seen.contains(&c.name)).collect();
        if !missing.is_empty() {
            let field_indent = view
                .fields
                .last()
                .map_or_else(|| format!("{model_indent}    "), |f| line_indent(text, f.at).to_owned());
            let mut block = String::new();
            if !view.trailing_comma && !view.fields.is_empty() {
                self.edits
                    .push((view.last_field_end..view.last_field_end, ",".to_owned()));
            }
            for column in missing {
                let (attrs, rust) = self.new_field(column, &pk);
                let ident = super::names::ident(&super::names::snake(&column.name, "column"));
                let attr_line = (!attrs.is_empty()).then(|| format!("#[sea_orm({})]", attrs.join(", ")));
                if let Some(line) = &attr_line {
                    block.push_str(&format!("{field_indent}{line}{nl}"));
                }
                block.push_str(&format!("{field_indent}pub {ident}: {rust},{nl}"));
                self.added.push(format!(
                    "{}: field `{ident}: {rust}` for column {}{}",
                    self.module,
                    column.name,
                    attr_line.map(|l| format!(" with {l}")).unwrap_or_default()
                ));
            }
            let at = line_start(text, view.model_close);
            if text[at..view.model_close].trim().is_empty() {
                self.edits.push((at..at, block));
            } else {
                self.edits
                    .push((view.model_close..view.model_close, format!("{nl}{block}{model_indent}")));
            }
        }

        // Indexes, composite uniques and checks.
        for index in &table.indexes {
            let single = index.columns.len() == 1;
            if index.unique && single && single_unique_constraint(table, &index.columns[0], self.backend) {
                if !self.unique_declared(view, &index.columns[0]) {
                    self.add_unique(view, text, &index.columns[0]);
                }
                continue;
            }
            if view.indexes.iter().any(|(name, _, _)| *name == index.name) {
                continue;
            }
            let same_columns = view
                .indexes
                .iter()
                .find(|(_, columns, unique)| *columns == index.columns && *unique == index.unique);
            if let Some((name, _, _)) = same_columns {
                self.warnings.push(format!(
                    "index {} is declared as `{name}`: `check` proposes renaming it (drop and create)",
                    index.name
                ));
                continue;
            }
            let columns: Vec<String> = index
                .columns
                .iter()
                .map(|c| {
                    rust_string(&if index.is_descending(c) {
                        format!("{c} desc")
                    } else {
                        c.clone()
                    })
                })
                .collect();
            let mut line = format!(
                "#[autogen(index(name = {}, columns({})",
                rust_string(&index.name),
                columns.join(", ")
            );
            if index.unique {
                line.push_str(", unique");
            }
            if let Some(predicate) = &index.predicate {
                line.push_str(&format!(
                    ", where = {}",
                    rust_string(strip_parens(self.backend, predicate))
                ));
            }
            line.push_str("))]");
            model_lines.push(line);
        }
        for unique in &table.uniques {
            if unique.columns.len() == 1 {
                if !self.unique_declared(view, &unique.columns[0]) {
                    self.add_unique(view, text, &unique.columns[0]);
                }
                continue;
            }
            let covered = view
                .indexes
                .iter()
                .any(|(_, columns, u)| *u && sorted(columns) == sorted(&unique.columns));
            if !covered {
                let name = unique
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{}_{}_key", table.name, unique.columns.join("_")));
                let columns: Vec<String> = unique.columns.iter().map(|c| rust_string(c)).collect();
                model_lines.push(format!(
                    "#[autogen(index(name = {}, columns({}), unique))]",
                    rust_string(&name),
                    columns.join(", ")
                ));
            }
        }
        for check in &table.checks {
            let key = (check.name.clone(), normalize_expr(&check.expr));
            if view.checks.contains(&key) {
                continue;
            }
            let expr = rust_string(strip_parens(self.backend, &check.expr));
            model_lines.push(match &check.name {
                Some(name) => format!("#[autogen(check(name = {}, expr = {expr}))]", rust_string(name)),
                None => format!("#[autogen(check(expr = {expr}))]"),
            });
        }
        for object in &table.unmanaged {
            self.warnings.push(format!(
                "{object}: SeaORM cannot say it; sea-autogen leaves it as it is"
            ));
        }
        if !model_lines.is_empty() {
            let insertion: String = model_lines.iter().map(|l| format!("{l}{nl}{model_indent}")).collect();
            self.edits.push((view.model_at..view.model_at, insertion));
            for line in model_lines {
                self.added.push(format!("{}: {line}", self.module));
            }
        }

        self.foreign_keys(view, text);
    }

    fn unique_declared(&self, view: &EntityView, column: &str) -> bool {
        view.fields
            .iter()
            .any(|f| f.column_name() == column && (f.has("unique") || f.has("primary_key")))
            || view
                .indexes
                .iter()
                .any(|(_, columns, unique)| *unique && columns == &[column.to_owned()])
    }

    fn add_unique(&mut self, view: &EntityView, text: &str, column: &str) {
        let Some(field) = view.fields.iter().find(|f| f.column_name() == column) else {
            return;
        };
        let nl = newline(text);
        let indent = line_indent(text, field.at).to_owned();
        let line = "#[sea_orm(unique)]";
        let insertion = if field.own_line {
            format!("{line}{nl}{indent}")
        } else {
            format!("{line} ")
        };
        self.edits.push((field.at..field.at, insertion));
        self.added.push(format!("{}.{}: {line}", self.module, field.ident));
    }

    /// The attribute lines a field needs to describe `column`.
    fn field_lines(&mut self, view: &EntityView, field: &FieldView, column: &Column, pk: &[&str]) -> Vec<String> {
        let backend = self.backend;
        let mut attrs: Vec<String> = Vec::new();
        let key = pk.contains(&column.name.as_str());
        let is_key = field.has("primary_key");
        let key_count = view.fields.iter().filter(|f| f.has("primary_key")).count().max(1);
        if key && !is_key {
            attrs.push("primary_key".into());
            if pk.len() > 1 {
                attrs.push("auto_increment = false".into());
            }
        } else if !key && is_key {
            self.warnings.push(format!(
                "field `{}` is marked primary_key, but column {} is not in the table's primary key",
                field.ident, column.name
            ));
        }

        // Type.
        let enum_type = self.enums.get(&field.rust);
        let wanted = field_type(&column.ty, backend, enum_type.map(|_| field.rust.as_str()));
        let current = self.entity_type(field);
        match (&current, &column.ty) {
            (Some(have), want) if have.canonical(backend) == want.canonical(backend) => {}
            (_, ColumnType::Enum { name, .. }) => self.warnings.push(format!(
                "column {} is of enum type {name}, and field `{}` is not an enum of its values: make it a \
                 `DeriveActiveEnum` enum (see `cargo autogen entities --output`)",
                column.name, field.ident
            )),
            (None, _) if field.has("column_type") => self.warnings.push(format!(
                "field `{}`: cannot read `column_type = {:?}`; the database has {}",
                field.ident,
                field.last("column_type").unwrap_or_default(),
                column.ty
            )),
            _ => attrs.push(format!(
                "column_type = {}",
                rust_string(&sea_orm_column_type(&column.ty))
            )),
        }
        if wanted.select_as.is_some() && !field.has("select_as") && field.rust == "String" {
            attrs.push(format!("select_as = {}", rust_string("text")));
        }

        // Nullability.
        let nullable = (field.optional || field.has("nullable")) && !is_key && !key;
        if column.nullable && !nullable && !key {
            attrs.push("nullable".into());
            self.warnings.push(format!(
                "field `{}`: column {} may be NULL; `nullable` is added, and the field should be an `Option`",
                field.ident, column.name
            ));
        } else if !column.nullable && nullable {
            self.warnings.push(format!(
                "field `{}` is an `Option`, but column {} is NOT NULL: `check` proposes allowing NULL",
                field.ident, column.name
            ));
        }

        // Auto-increment: SeaORM's default for a sole integer key.
        let integer = matches!(
            field.rust.as_str(),
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64"
        );
        let sole = (is_key || key) && key_count <= 1 && pk.len() <= 1;
        let entity_auto = sole && integer && field.last("auto_increment") != Some("false");
        if column.auto_increment != entity_auto {
            if sole && integer {
                attrs.push(format!("auto_increment = {}", column.auto_increment));
            } else if column.auto_increment {
                self.warnings.push(format!(
                    "column {} is an identity column that is not the sole primary key: SeaORM cannot say it",
                    column.name
                ));
            }
        }

        // Default.
        match (&column.default, self.entity_default(field)) {
            (Some(db), EntityDefault::Known(have))
                if normalize_default(backend, db) == normalize_default(backend, &have) => {}
            (Some(db), EntityDefault::Unknown) => self.warnings.push(format!(
                "field `{}`: cannot tell what its default writes; column {} has default {db}",
                field.ident, column.name
            )),
            (Some(db), _) => attrs.push(default_attr(db, &wanted, backend).to_string()),
            (None, EntityDefault::Absent) => {}
            (None, _) => self.warnings.push(format!(
                "field `{}` has a default, column {} has none: `check` proposes adding it",
                field.ident, column.name
            )),
        }

        // Comment.
        let comment = field.last("comment").map(str::to_owned);
        if column.comment.is_some() && comment != column.comment {
            attrs.push(format!(
                "comment = {}",
                rust_string(column.comment.as_deref().unwrap_or_default())
            ));
        }
        if attrs.is_empty() {
            Vec::new()
        } else {
            vec![format!("#[sea_orm({})]", attrs.join(", "))]
        }
    }

    /// SeaORM's type for the field: its last `column_type`, else its Rust type's; `None` when it cannot be told.
    fn entity_type(&self, field: &FieldView) -> Option<ColumnType> {
        if let Some(spelled) = field.last("column_type") {
            return parse_column_type(spelled, self.backend);
        }
        let enum_of = |rust: &str| {
            self.enums.get(rust).map(|(name, values)| ColumnType::Enum {
                name: name.clone(),
                variants: values.clone(),
            })
        };
        if let Some(ty) = enum_of(&field.rust) {
            return Some(ty);
        }
        if let Some(element) = field.rust.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>'))
            && let Some(ty) = enum_of(element)
        {
            return Some(ColumnType::Array(Box::new(ty)));
        }
        rust_default(&field.rust)
    }

    /// SeaORM's default for the field as SQL, from its last `default_value` or `default_expr`.
    fn entity_default(&self, field: &FieldView) -> EntityDefault {
        let Some((key, value)) = field
            .attrs
            .iter()
            .rev()
            .find(|(k, _)| k == "default_value" || k == "default_expr")
        else {
            return EntityDefault::Absent;
        };
        let Some(value) = value.as_deref() else {
            return EntityDefault::Unknown;
        };
        if key == "default_expr" {
            return parse_default_expr(value).map_or(EntityDefault::Unknown, EntityDefault::Known);
        }
        EntityDefault::Known(match value {
            "true" => "TRUE".to_owned(),
            "false" => "FALSE".to_owned(),
            v if v.starts_with('"') => quote_string(self.backend, &unquote(v)),
            v => v.to_owned(),
        })
    }

    /// A new field's attributes and Rust type, as `entities --output` writes them.
    fn new_field(&mut self, column: &Column, pk: &[&str]) -> (Vec<String>, String) {
        let ty: FieldType = field_type(&column.ty, self.backend, None);
        self.features.extend(ty.features.iter().copied());
        let mut attrs = Vec::new();
        let ident = super::names::ident(&super::names::snake(&column.name, "column"));
        if default_column_name(&ident) != column.name {
            attrs.push(format!("column_name = {}", rust_string(&column.name)));
        }
        if pk.contains(&column.name.as_str()) {
            attrs.push("primary_key".into());
            if !(column.auto_increment && pk.len() == 1) {
                attrs.push("auto_increment = false".into());
            }
        }
        if let Some(t) = &ty.column_type {
            attrs.push(format!("column_type = {}", rust_string(t)));
        }
        if let Some(s) = &ty.select_as {
            attrs.push(format!("select_as = {}", rust_string(s)));
        }
        if let Some(s) = &ty.save_as {
            attrs.push(format!("save_as = {}", rust_string(s)));
        }
        if single_unique_constraint(self.table, &column.name, self.backend) {
            attrs.push("unique".into());
        }
        if let Some(default) = &column.default {
            attrs.push(default_attr(default, &ty, self.backend).to_string());
        }
        if let Some(comment) = &column.comment {
            attrs.push(format!("comment = {}", rust_string(comment)));
        }
        if matches!(column.ty, ColumnType::Enum { .. }) {
            self.warnings.push(format!(
                "column {} is an enum: its new field is a String; make it a `DeriveActiveEnum` enum",
                column.name
            ));
        }
        let rust = if column.nullable && !pk.contains(&column.name.as_str()) {
            format!("Option<{}>", ty.rust)
        } else {
            ty.rust.clone()
        };
        (attrs, rust)
    }

    /// Foreign keys the `Relation` enum does not say, added as `belongs_to` variants.
    fn foreign_keys(&mut self, view: &EntityView, text: &str) {
        let nl = newline(text);
        let own_module = self.module.to_owned();
        let mut names = super::names::Unique::with_taken(view.relation_names.iter().cloned());
        for fk in &self.table.foreign_keys {
            let target_key = fk.ref_key();
            let Some(target_module) = self.module_of_table.get(&target_key).cloned() else {
                self.warnings.push(format!(
                    "foreign key {} references {target_key}, which has no entity here: `check` proposes dropping it",
                    fk.name.as_deref().unwrap_or("(unnamed)")
                ));
                continue;
            };
            let Some((target, _)) = self.views.get(&target_module) else {
                continue;
            };
            let variants = |view: &EntityView, columns: &[String]| -> Option<Vec<String>> {
                columns
                    .iter()
                    .map(|c| {
                        view.fields
                            .iter()
                            .find(|f| f.column_name() == *c)
                            .map(FieldView::variant)
                    })
                    .collect()
            };
            let (Some(from), Some(to)) = (variants(view, &fk.columns), variants(target, &fk.ref_columns)) else {
                self.warnings.push(format!(
                    "foreign key {}: a column of it has no field: add the field, then run --annotate again",
                    fk.name.as_deref().unwrap_or("(unnamed)")
                ));
                continue;
            };
            let self_ref = target_module == own_module;
            let declared = view.belongs_to.iter().any(|(module, f, t, on_delete, on_update)| {
                let same_target = module == &target_module || (self_ref && module == "Entity");
                same_target
                    && *f == from
                    && *t == to
                    && same_action(on_delete.as_deref(), fk.on_delete, self.backend)
                    && same_action(on_update.as_deref(), fk.on_update, self.backend)
            });
            if declared {
                continue;
            }
            let Some(close) = view.relation_close else {
                self.warnings.push(format!(
                    "foreign key {} is not declared, and the file has no `Relation` enum to add it to",
                    fk.name.as_deref().unwrap_or("(unnamed)")
                ));
                continue;
            };
            let half = view.belongs_to.iter().any(|(module, f, t, _, _)| {
                (module == &target_module || (self_ref && module == "Entity")) && *f == from && *t == to
            });
            if half {
                self.warnings.push(format!(
                    "foreign key {}: the relation declares other ON DELETE / ON UPDATE actions: `check` proposes \
                     changing them",
                    fk.name.as_deref().unwrap_or("(unnamed)")
                ));
                continue;
            }
            let base = if self_ref {
                "SelfRef".to_owned()
            } else {
                super::names::camel(&target_module, "Table")
            };
            let variant = names.take(&format!("{base}{}", super::names::camel(&fk.columns.join("_"), "")), "");
            let (entity, prefix) = if self_ref {
                ("Entity".to_owned(), String::new())
            } else {
                (
                    format!("super::{target_module}::Entity"),
                    format!("super::{target_module}::"),
                )
            };
            let list = |prefix: &str, vs: &[String]| {
                let items: Vec<String> = vs.iter().map(|v| format!("{prefix}Column::{v}")).collect();
                if items.len() == 1 {
                    items[0].clone()
                } else {
                    format!("({})", items.join(", "))
                }
            };
            let mut attrs = vec![
                format!("belongs_to = {}", rust_string(&entity)),
                format!("from = {}", rust_string(&list("", &from))),
                format!("to = {}", rust_string(&list(&prefix, &to))),
            ];
            if let Some(a) = fk.on_update {
                attrs.push(format!("on_update = {}", rust_string(action_name(a))));
            }
            if let Some(a) = fk.on_delete {
                attrs.push(format!("on_delete = {}", rust_string(action_name(a))));
            }
            if let Some(name) = &fk.name {
                attrs.push(format!("fk_name = {}", rust_string(name)));
            }
            let indent = format!("{}    ", line_indent(text, close));
            let at = line_start(text, close);
            let block = format!("{indent}#[sea_orm({})]{nl}{indent}{variant},{nl}", attrs.join(", "));
            if text[at..close].trim().is_empty() {
                self.edits.push((at..at, block));
            } else {
                self.edits
                    .push((close..close, format!("{nl}{block}{}", line_indent(text, close))));
            }
            self.added.push(format!(
                "{}: relation {variant} (foreign key {})",
                self.module,
                fk.name.as_deref().unwrap_or("unnamed")
            ));
        }
    }
}

fn sorted(columns: &[String]) -> Vec<String> {
    let mut c = columns.to_vec();
    c.sort();
    c
}

fn action_name(action: ForeignKeyAction) -> &'static str {
    super::action_name(action)
}

/// Whether a relation's action (as written, `"Cascade"`) is the foreign key's, NO ACTION being the unstated default
/// (and RESTRICT too, on MySQL).
fn same_action(written: Option<&str>, actual: Option<ForeignKeyAction>, backend: Backend) -> bool {
    let parse = |s: &str| match s {
        "Cascade" => Some(ForeignKeyAction::Cascade),
        "SetNull" => Some(ForeignKeyAction::SetNull),
        "SetDefault" => Some(ForeignKeyAction::SetDefault),
        "Restrict" => Some(ForeignKeyAction::Restrict),
        _ => None,
    };
    let fold = |a: Option<ForeignKeyAction>| match a {
        Some(ForeignKeyAction::NoAction) => None,
        Some(ForeignKeyAction::Restrict) if backend == Backend::Mysql => None,
        other => other,
    };
    fold(written.and_then(parse)) == fold(actual)
}

/// `"text"` as a Rust string literal.
fn rust_string(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}
