//! Schema → SeaORM 2.0 entity files (`cargo autogen entities`): the layout `sea-orm-cli generate entity` writes
//! (a module per table, `mod.rs`, `prelude.rs`, `sea_orm_active_enums.rs`), each `Model` deriving `Autogen` with
//! every attribute needed for the entities to describe the database exactly, so that `check` finds nothing.
//!
//! What SeaORM cannot say (an expression index, an identity column that is not the primary key, a table without a
//! primary key...) is written as a comment where it belongs and returned as a warning: never a silent difference.

mod annotate;
mod names;
mod read;
mod types;

pub use annotate::{Annotated, AnnotatedFile, annotate, named_schemas};

use names::{Unique, camel, column_variant, default_column_name, ident, snake};
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};
use sea_autogen_schema::{
    Backend, Column, ColumnType, ForeignKey, ForeignKeyAction, Schema, Table, default_literal, normalize_default,
    quote_string, strip_parens,
};
use std::collections::{BTreeMap, BTreeSet};
use types::{FieldType, field_type};

/// The entity files for a schema, and what could not be said in them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// `(path relative to the output directory, contents)`, in a stable order.
    pub files: Vec<(String, String)>,
    /// What the entities cannot express, one line each (also written as comments in the files).
    pub warnings: Vec<String>,
    /// The sea-orm features the written Rust types need beyond SeaORM's defaults.
    pub features: BTreeSet<&'static str>,
}

/// What SeaORM would write for one table: its module, and the field of each column.
struct TablePlan<'a> {
    table: &'a Table,
    module: String,
    /// The entity's name in `prelude.rs`.
    entity: String,
    fields: Vec<Field<'a>>,
}

struct Field<'a> {
    column: &'a Column,
    ident: String,
    variant: String,
    ty: FieldType,
    /// The Rust enum of an enum column.
    enum_type: Option<String>,
}

/// One Rust enum per database enum: PostgreSQL's named types, MySQL's inline column enums.
struct EnumPlan {
    rust: String,
    /// `enum_name`: PostgreSQL's type name; on MySQL the column's name.
    db_name: String,
    variants: Vec<String>,
}

/// Names that a table module already uses (SeaORM's items, the prelude's types): an enum imported there must not
/// take one of them.
const RESERVED: &[&str] = &[
    "Model",
    "Entity",
    "Column",
    "Relation",
    "PrimaryKey",
    "ActiveModel",
    "ActiveModelBehavior",
    "ModelEx",
    "DateTime",
    "DateTimeUtc",
    "DateTimeWithTimeZone",
    "Date",
    "Time",
    "Json",
    "Decimal",
    "Uuid",
    "Value",
    "Expr",
    "ColumnType",
    "StringLen",
    "Related",
    "RelationDef",
    "EnumIter",
];

/// Writes the entity files for every table of `schema` (already limited to the tables wanted), read from a
/// `backend` database.
pub fn write_entities(schema: &Schema, backend: Backend) -> Entities {
    let mut out = Entities::default();
    let enums = plan_enums(schema, backend);
    let mut modules = Unique::with_taken([
        "prelude".to_owned(),
        "sea_orm_active_enums".to_owned(),
        "mod".to_owned(),
    ]);
    let mut entity_names = Unique::default();
    let plans: Vec<TablePlan> = schema
        .tables
        .values()
        .map(|table| {
            let base = match &table.schema {
                Some(schema) => format!("{}_{}", snake(schema, "schema"), snake(&table.name, "table")),
                None => snake(&table.name, "table"),
            };
            // A module is also a file name: a keyword gets a `_` rather than `r#`.
            let module = modules.take(ident(&base).replace("r#", "").trim_end_matches('_'), "_");
            let module = if ident(&module) == module {
                module
            } else {
                format!("{module}_")
            };
            let entity = entity_names.take(&camel(&module, "Table"), "");
            plan_table(table, module, entity, backend, &enums)
        })
        .collect();
    let by_key: BTreeMap<String, &TablePlan> = plans.iter().map(|p| (p.table.key(), p)).collect();

    for plan in &plans {
        let (text, warnings) = table_file(plan, &by_key, &plans, backend);
        out.warnings.extend(warnings);
        for field in &plan.fields {
            out.features.extend(field.ty.features.iter().copied());
        }
        out.files.push((format!("{}.rs", plan.module), text));
    }
    if !enums.by_column.is_empty() || !enums.plans.is_empty() {
        out.files
            .push(("sea_orm_active_enums.rs".to_owned(), enums_file(&enums)));
    }
    for name in schema.enums.keys() {
        let used = schema
            .tables
            .values()
            .flat_map(|t| &t.columns)
            .any(|c| enum_name_of(&c.ty) == Some(name));
        if !used {
            out.warnings.push(format!(
                "enum type {name} is used by no table: SeaORM declares enum types through columns only, so `check` \
                 proposes dropping it; drop it, or use it in a table"
            ));
        }
    }
    out.files
        .push(("mod.rs".to_owned(), mod_file(&plans, !enums.plans.is_empty())));
    out.files.push(("prelude.rs".to_owned(), prelude_file(&plans)));
    out.files.sort();
    out
}

fn enum_name_of(ty: &ColumnType) -> Option<&String> {
    match ty {
        ColumnType::Enum { name, .. } => Some(name),
        ColumnType::Array(element) => enum_name_of(element),
        _ => None,
    }
}

struct EnumPlans {
    plans: Vec<EnumPlan>,
    /// `(table key, column)` → index into `plans`.
    by_column: BTreeMap<(String, String), usize>,
}

fn plan_enums(schema: &Schema, backend: Backend) -> EnumPlans {
    let mut names = Unique::with_taken(RESERVED.iter().map(|r| r.to_lowercase()));
    let mut plans = Vec::new();
    let mut by_column = BTreeMap::new();
    let mut by_db_name: BTreeMap<String, usize> = BTreeMap::new();
    for table in schema.tables.values() {
        for column in &table.columns {
            let Some((name, variants)) = enum_of(&column.ty) else {
                continue;
            };
            // PostgreSQL: one Rust enum per type. MySQL: per distinct column name and values.
            let db_name = if backend == Backend::Postgres {
                name.clone()
            } else {
                column.name.clone()
            };
            let key = format!("{db_name}\u{0}{}", variants.join("\u{0}"));
            let index = *by_db_name.entry(key).or_insert_with(|| {
                let base = if backend == Backend::Postgres {
                    camel(&db_name, "Enum")
                } else {
                    camel(&column.name, "Enum")
                };
                plans.push(EnumPlan {
                    rust: names.take(&base, ""),
                    db_name: db_name.clone(),
                    variants: variants.clone(),
                });
                plans.len() - 1
            });
            by_column.insert((table.key(), column.name.clone()), index);
        }
    }
    EnumPlans { plans, by_column }
}

fn enum_of(ty: &ColumnType) -> Option<(&String, &Vec<String>)> {
    match ty {
        ColumnType::Enum { name, variants } => Some((name, variants)),
        ColumnType::Array(element) => enum_of(element),
        _ => None,
    }
}

fn plan_table<'a>(
    table: &'a Table,
    module: String,
    entity: String,
    backend: Backend,
    enums: &EnumPlans,
) -> TablePlan<'a> {
    let mut field_names = Unique::with_taken(["table".to_owned()]);
    let mut variants = Unique::with_taken(["table".to_owned()]);
    let fields = table
        .columns
        .iter()
        .map(|column| {
            let base = ident(&snake(&column.name, "column"));
            // A field name made unique must still be an identifier: uniqueness suffixes go before any `r#`.
            let unique = field_names.take(base.trim_start_matches("r#"), "_");
            let ident = if unique == base.trim_start_matches("r#") {
                base.clone()
            } else {
                ident(&unique)
            };
            let variant = variants.take(&column_variant(&ident), "");
            let enum_type = enums
                .by_column
                .get(&(table.key(), column.name.clone()))
                .map(|&i| enums.plans[i].rust.clone());
            let ty = field_type(&column.ty, backend, enum_type.as_deref());
            Field {
                column,
                ident,
                variant,
                ty,
                enum_type,
            }
        })
        .collect();
    TablePlan {
        table,
        module,
        entity,
        fields,
    }
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// Doc-comment lines saying `text`, wrapped to fit a 100-column file at a field's indentation.
fn doc(text: &str) -> TokenStream {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + word.len() + 1 > 88 {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote! { #(#[doc = #lines])* }
}

/// The file of one table, and the warnings for what it cannot say.
fn table_file(
    plan: &TablePlan,
    by_key: &BTreeMap<String, &TablePlan>,
    plans: &[TablePlan],
    backend: Backend,
) -> (String, Vec<String>) {
    let table = plan.table;
    let key = table.key();
    let mut warnings = Vec::new();
    let mut model_notes: Vec<String> = Vec::new();
    let mut warn = |notes: &mut Vec<String>, note: String| {
        warnings.push(format!("{key}: {note}"));
        notes.push(note);
    };

    // Keys: SeaORM takes a composite key's order from the fields' order.
    let pk: Vec<String> = table
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.clone())
        .unwrap_or_default();
    let mut order: Vec<usize> = (0..plan.fields.len()).collect();
    let in_order = {
        let positions: Vec<usize> = pk
            .iter()
            .filter_map(|c| plan.fields.iter().position(|f| &f.column.name == c))
            .collect();
        positions.windows(2).all(|w| w[0] < w[1])
    };
    if !in_order {
        // Key columns first, in key order; the others as the table has them.
        order.sort_by_key(|&i| {
            pk.iter()
                .position(|c| *c == plan.fields[i].column.name)
                .unwrap_or(usize::MAX)
        });
    }
    let substitute_key = pk.is_empty().then(|| {
        let chosen = plan
            .fields
            .iter()
            .find(|f| !f.column.nullable && single_unique(table, &f.column.name))
            .or_else(|| plan.fields.iter().find(|f| !f.column.nullable))
            .or(plan.fields.first());
        chosen.map(|f| f.column.name.clone())
    });
    if let Some(Some(chosen)) = &substitute_key {
        warn(
            &mut model_notes,
            format!(
                "the table has no primary key, which a SeaORM entity must have: `{chosen}` is marked as one, so \
                 `check` reports a primary key to add until the table has one (or the entity gets `#[autogen(skip)]` \
                 and the table an `exclude` in autogen.toml)"
            ),
        );
    }
    let is_key = |name: &str| {
        pk.iter().any(|c| c == name) || substitute_key.as_ref().is_some_and(|c| c.as_deref() == Some(name))
    };
    let key_len = if pk.is_empty() { 1 } else { pk.len() };

    let mut eq = true;
    let mut field_tokens = Vec::new();
    let mut enum_imports = BTreeSet::new();
    for &i in &order {
        let field = &plan.fields[i];
        let column = field.column;
        let mut attrs: Vec<TokenStream> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        if default_column_name(&field.ident) != column.name {
            let name = lit(&column.name);
            attrs.push(quote! { column_name = #name });
        }
        if field.variant != column_variant(&field.ident) {
            let variant = lit(&field.variant);
            attrs.push(quote! { enum_name = #variant });
        }
        let key = is_key(&column.name);
        if key {
            attrs.push(quote! { primary_key });
            let integer = matches!(
                field.ty.rust.as_str(),
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64"
            );
            if !(column.auto_increment && key_len == 1 && integer) {
                attrs.push(quote! { auto_increment = false });
            }
        }
        if column.auto_increment && !(key && key_len == 1) {
            let note = format!(
                "column `{}` is an identity (auto-increment) column that is not the table's only primary key column: \
                 SeaORM allows auto_increment on a sole primary key only, so `check` reports it",
                column.name
            );
            warn(&mut notes, note);
        }
        if let Some(ty) = &field.ty.column_type {
            let ty = lit(ty);
            attrs.push(quote! { column_type = #ty });
        }
        if let Some(select_as) = &field.ty.select_as {
            let select_as = lit(select_as);
            attrs.push(quote! { select_as = #select_as });
        }
        if let Some(save_as) = &field.ty.save_as {
            let save_as = lit(save_as);
            attrs.push(quote! { save_as = #save_as });
        }
        if !key && single_unique_constraint(table, &column.name, backend) {
            attrs.push(quote! { unique });
        }
        if let Some(default) = &column.default {
            attrs.push(default_attr(default, &field.ty, backend));
        }
        if let Some(comment) = &column.comment {
            let comment = lit(comment);
            attrs.push(quote! { comment = #comment });
        }
        if let ColumnType::Enum { variants, .. } = &column.ty
            && backend == Backend::Mysql
            && variants.iter().any(|v| v.contains('\''))
        {
            let note = format!(
                "column `{}` has an enum value with a quote, which SeaORM writes into MySQL's `ENUM(...)` unescaped",
                column.name
            );
            warn(&mut notes, note);
        }
        if let Some(rust) = &field.enum_type {
            enum_imports.insert(rust.clone());
        }
        eq &= field.ty.eq;
        let name = syn::parse_str::<syn::Ident>(&field.ident).unwrap_or_else(|_| format_ident!("column"));
        let rust = if column.nullable && !key {
            format!("Option<{}>", field.ty.rust)
        } else {
            field.ty.rust.clone()
        };
        let rust: syn::Type = syn::parse_str(&rust).unwrap_or_else(|_| syn::parse_quote!(String));
        let attrs = (!attrs.is_empty()).then(|| quote! { #[sea_orm(#(#attrs),*)] });
        let docs = notes.iter().map(|n| doc(n));
        field_tokens.push(quote! {
            #(#docs)*
            #attrs
            pub #name: #rust,
        });
    }

    // Indexes and checks: `#[autogen(...)]`.
    let mut autogen_attrs = Vec::new();
    for index in &table.indexes {
        if index.unique
            && index.columns.len() == 1
            && single_unique_constraint(table, &index.columns[0], backend)
            && !is_key(&index.columns[0])
        {
            continue; // written as the field's `unique`
        }
        let name = lit(&index.name);
        let columns = index.columns.iter().map(|c| {
            let spelled = if index.is_descending(c) {
                format!("{c} desc")
            } else {
                c.clone()
            };
            lit(&spelled)
        });
        let unique = index.unique.then(|| quote! { , unique });
        let predicate = index.predicate.as_deref().map(|p| {
            let p = lit(strip_parens(backend, p));
            quote! { , where = #p }
        });
        autogen_attrs.push(quote! { #[autogen(index(name = #name, columns(#(#columns),*) #unique #predicate))] });
    }
    // Composite unique constraints: unique indexes of the same name (a unique index satisfies a constraint).
    for unique in table.uniques.iter().filter(|u| u.columns.len() > 1) {
        let name = unique
            .name
            .clone()
            .unwrap_or_else(|| format!("{}_{}_key", table.name, unique.columns.join("_")));
        let name = lit(&name);
        let columns = unique.columns.iter().map(|c| lit(c));
        autogen_attrs.push(quote! { #[autogen(index(name = #name, columns(#(#columns),*), unique))] });
    }
    for check in &table.checks {
        let expr = lit(strip_parens(backend, &check.expr));
        match &check.name {
            Some(name) => {
                let name = lit(name);
                autogen_attrs.push(quote! { #[autogen(check(name = #name, expr = #expr))] });
            }
            None => autogen_attrs.push(quote! { #[autogen(check(expr = #expr))] }),
        }
    }
    for object in &table.unmanaged {
        warn(
            &mut model_notes,
            format!("{object}: SeaORM cannot say it; sea-autogen leaves it as it is and never drops it"),
        );
    }

    let (relations, related, relation_warnings) = relations(plan, by_key, plans);
    for note in relation_warnings {
        warn(&mut model_notes, note);
    }

    let table_name = lit(&table.name);
    let schema_name = table.schema.as_deref().map(|s| {
        let s = lit(s);
        quote! { schema_name = #s, }
    });
    let comment = table.comment.as_deref().map(|c| {
        let c = lit(c);
        quote! { , comment = #c }
    });
    let eq = eq.then(|| quote! { Eq, });
    let header = format!(
        " SeaORM entity of table `{key}`, written by `cargo autogen entities` from a {} database.",
        backend_name(backend)
    );
    let model_docs = model_notes.iter().map(|n| doc(&format!("sea-autogen: {n}")));
    let enum_uses = enum_imports.iter().map(|e| {
        let e = format_ident!("{}", e);
        quote! { use super::sea_orm_active_enums::#e; }
    });
    let file = quote! {
        #![doc = #header]

        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;
        #(#enum_uses)*

        #(#model_docs)*
        #[derive(Clone, Debug, PartialEq, #eq DeriveEntityModel, Autogen)]
        #[sea_orm(#schema_name table_name = #table_name #comment)]
        #(#autogen_attrs)*
        pub struct Model {
            #(#field_tokens)*
        }

        #relations

        #(#related)*

        impl ActiveModelBehavior for ActiveModel {}
    };
    (unparse(file), warnings)
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
        Backend::Mysql => "MySQL",
    }
}

/// The file formatted, with a blank line between items (but not between `use` lines), as rustfmt keeps them.
fn unparse(tokens: TokenStream) -> String {
    let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) else {
        // Unreachable for what this module builds; the tokens still say what went wrong.
        return tokens.to_string();
    };
    let mut out = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: file.attrs.clone(),
        items: Vec::new(),
    });
    let mut previous_use = false;
    for item in &file.items {
        let is_use = matches!(item, syn::Item::Use(_));
        if !(out.is_empty() || is_use && previous_use) {
            out.push('\n');
        }
        out.push_str(&prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item.clone()],
        }));
        previous_use = is_use;
    }
    out
}

/// Whether `column` alone is unique through a constraint, or (MySQL, which reports constraints as indexes) a
/// unique index named after the column.
fn single_unique_constraint(table: &Table, column: &str, backend: Backend) -> bool {
    table.uniques.iter().any(|u| u.columns == [column])
        || (backend == Backend::Mysql
            && table
                .indexes
                .iter()
                .any(|i| i.unique && i.columns == [column] && i.name == column && i.predicate.is_none()))
}

/// Whether `column` alone is unique, by constraint or index.
fn single_unique(table: &Table, column: &str) -> bool {
    table.uniques.iter().any(|u| u.columns == [column])
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.columns == [column] && i.predicate.is_none())
}

/// `default_value = ...` for a literal SeaORM writes back the same way, else `default_expr = "Expr::cust(..)"` with
/// the catalog's own spelling, which compares equal by construction.
fn default_attr(default: &str, ty: &FieldType, backend: Backend) -> TokenStream {
    let folded = normalize_default(backend, default);
    let same = |sql: &str| normalize_default(backend, sql) == folded;
    let rust = ty.rust.as_str();
    if folded.eq_ignore_ascii_case("CURRENT_TIMESTAMP") && same("CURRENT_TIMESTAMP") {
        return quote! { default_expr = "Expr::current_timestamp()" };
    }
    if rust == "bool" {
        for (value, sql) in [(true, "TRUE"), (false, "FALSE")] {
            if same(sql) || same(&sql.to_ascii_lowercase()) {
                return quote! { default_value = #value };
            }
        }
    }
    let integer = matches!(rust, "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64");
    if integer
        && let Ok(n) = folded.parse::<u64>()
        && same(&n.to_string())
    {
        // Beyond `i32` an unsuffixed literal would be read as one and overflow: the field's type says it.
        let n = if n > i32::MAX as u64 {
            syn::LitInt::new(&format!("{n}{rust}"), proc_macro2::Span::call_site()).into_token_stream()
        } else {
            Literal::u64_unsuffixed(n).into_token_stream()
        };
        return quote! { default_value = #n };
    }
    if matches!(rust, "f32" | "f64" | "Decimal")
        && folded.contains('.')
        && let Ok(x) = folded.parse::<f64>()
        && x >= 0.0
        && x.is_finite()
        && same(&folded)
    {
        let x: TokenStream = folded.parse().unwrap_or_else(|_| quote!(0.0));
        return quote! { default_value = #x };
    }
    if rust == "String"
        && let Some(text) = default_literal(backend, default)
        && same(&quote_string(backend, &text))
    {
        let text = lit(&text);
        return quote! { default_value = #text };
    }
    let code = format!("Expr::cust({default:?})");
    let code = lit(&code);
    quote! { default_expr = #code }
}

/// The `Relation` enum, the `Related` impls, and what could not be written.
fn relations(
    plan: &TablePlan,
    by_key: &BTreeMap<String, &TablePlan>,
    plans: &[TablePlan],
) -> (TokenStream, Vec<TokenStream>, Vec<String>) {
    let table = plan.table;
    let key = table.key();
    let mut warnings = Vec::new();
    let mut variants: Vec<(String, Option<String>, TokenStream)> = Vec::new(); // (variant, target module, tokens)
    let mut names = Unique::default();

    let column_variant_of = |plan: &TablePlan, column: &str| -> Option<String> {
        plan.fields
            .iter()
            .find(|f| f.column.name == column)
            .map(|f| f.variant.clone())
    };
    let columns_expr = |prefix: &str, plan: &TablePlan, columns: &[String]| -> Option<String> {
        let list: Option<Vec<String>> = columns
            .iter()
            .map(|c| column_variant_of(plan, c).map(|v| format!("{prefix}Column::{v}")))
            .collect();
        let list = list?;
        Some(if list.len() == 1 {
            list[0].clone()
        } else {
            format!("({})", list.join(", "))
        })
    };

    // belongs_to: this table's foreign keys.
    let to_count = |target: &str| table.foreign_keys.iter().filter(|fk| fk.ref_key() == target).count();
    for fk in &table.foreign_keys {
        let target_key = fk.ref_key();
        let Some(target) = by_key.get(&target_key) else {
            warnings.push(format!(
                "foreign key {} references {target_key}, which has no entity here (include it): the entity cannot \
                 say it, so `check` proposes dropping it",
                fk.name.as_deref().unwrap_or("(unnamed)")
            ));
            continue;
        };
        let self_ref = target_key == key;
        let base = if self_ref {
            "SelfRef".to_owned()
        } else {
            camel(&target.module, "Table")
        };
        let base = if to_count(&target_key) > 1 {
            format!("{base}{}", camel(&fk.columns.join("_"), ""))
        } else {
            base
        };
        let variant = names.take(&base, "");
        let (entity, to_prefix) = if self_ref {
            ("Entity".to_owned(), String::new())
        } else {
            (
                format!("super::{}::Entity", target.module),
                format!("super::{}::", target.module),
            )
        };
        let (Some(from), Some(to)) = (
            columns_expr("", plan, &fk.columns),
            columns_expr(&to_prefix, target, &fk.ref_columns),
        ) else {
            continue;
        };
        let (entity, from, to) = (lit(&entity), lit(&from), lit(&to));
        let mut extra = Vec::new();
        if let Some(action) = fk.on_update {
            let action = lit(action_name(action));
            extra.push(quote! { on_update = #action });
        }
        if let Some(action) = fk.on_delete {
            let action = lit(action_name(action));
            extra.push(quote! { on_delete = #action });
        }
        if let Some(name) = &fk.name {
            let name = lit(name);
            extra.push(quote! { fk_name = #name });
        }
        let ident = format_ident!("{}", variant);
        variants.push((
            variant.clone(),
            (!self_ref).then(|| target.module.clone()),
            quote! {
                #[sea_orm(belongs_to = #entity, from = #from, to = #to #(, #extra)*)]
                #ident,
            },
        ));
    }

    // has_many / has_one: each other table with exactly one foreign key here, while this table has none there,
    // so that both sides know one relation between them (SeaORM resolves them through `Related`).
    for child in plans {
        let child_key = child.table.key();
        if child_key == key {
            continue;
        }
        let to_here: Vec<&ForeignKey> = child
            .table
            .foreign_keys
            .iter()
            .filter(|fk| fk.ref_key() == key)
            .collect();
        let [fk] = to_here.as_slice() else { continue };
        if to_count(&child_key) > 0 {
            continue;
        }
        let one = single_columns_unique(child.table, &fk.columns);
        let variant = names.take(&camel(&child.module, "Table"), "");
        let ident = format_ident!("{}", variant);
        let entity = lit(&format!("super::{}::Entity", child.module));
        let tokens = if one {
            quote! { #[sea_orm(has_one = #entity)] #ident, }
        } else {
            quote! { #[sea_orm(has_many = #entity)] #ident, }
        };
        variants.push((variant, Some(child.module.clone()), tokens));
    }

    let mut per_target: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (variant, target, _) in &variants {
        if let Some(target) = target {
            per_target.entry(target).or_default().push(variant);
        }
    }
    let related = per_target
        .iter()
        .filter(|(_, vs)| vs.len() == 1)
        .map(|(target, vs)| {
            let module = format_ident!("{}", target);
            let variant = format_ident!("{}", vs[0]);
            quote! {
                impl Related<super::#module::Entity> for Entity {
                    fn to() -> RelationDef {
                        Relation::#variant.def()
                    }
                }
            }
        })
        .collect();
    let items = variants.iter().map(|(_, _, t)| t);
    let relation = quote! {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #(#items)*
        }
    };
    (relation, related, warnings)
}

fn single_columns_unique(table: &Table, columns: &[String]) -> bool {
    let same = |c: &[String]| {
        let mut a = c.to_vec();
        let mut b = columns.to_vec();
        a.sort();
        b.sort();
        a == b
    };
    table.primary_key.as_ref().is_some_and(|pk| same(&pk.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.predicate.is_none() && same(&i.columns))
}

fn action_name(action: ForeignKeyAction) -> &'static str {
    match action {
        ForeignKeyAction::NoAction => "NoAction",
        ForeignKeyAction::Restrict => "Restrict",
        ForeignKeyAction::Cascade => "Cascade",
        ForeignKeyAction::SetNull => "SetNull",
        ForeignKeyAction::SetDefault => "SetDefault",
    }
}

fn enums_file(enums: &EnumPlans) -> String {
    let items = enums.plans.iter().map(|e| {
        let rust = format_ident!("{}", e.rust);
        let db_name = lit(&e.db_name);
        let mut names = Unique::default();
        let variants = e.variants.iter().map(|v| {
            let ident = format_ident!("{}", names.take(&camel(v, "Variant"), ""));
            let value = lit(v);
            quote! {
                #[sea_orm(string_value = #value)]
                #ident,
            }
        });
        quote! {
            #[derive(Debug, Clone, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
            #[sea_orm(rs_type = "String", db_type = "Enum", enum_name = #db_name)]
            pub enum #rust {
                #(#variants)*
            }
        }
    });
    unparse(quote! {
        #![doc = " The database's enum types, written by `cargo autogen entities`."]

        use sea_orm::entity::prelude::*;

        #(#items)*
    })
}

fn mod_file(plans: &[TablePlan], enums: bool) -> String {
    let modules = plans.iter().map(|p| format_ident!("{}", p.module));
    let enums = enums.then(|| quote! { pub mod sea_orm_active_enums; });
    unparse(quote! {
        #![doc = " SeaORM entities, written by `cargo autogen entities` from the database."]

        pub mod prelude;

        #(pub mod #modules;)*
        #enums
    })
}

fn prelude_file(plans: &[TablePlan]) -> String {
    let uses = plans.iter().map(|p| {
        let module = format_ident!("{}", p.module);
        let entity = format_ident!("{}", p.entity);
        quote! { pub use super::#module::Entity as #entity; }
    });
    unparse(quote! {
        #![doc = " Every entity by its table's name."]

        #(#uses)*
    })
}
