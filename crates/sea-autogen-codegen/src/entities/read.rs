//! How SeaORM's derives read an entity file, read the same way here: the `#[sea_orm(...)]` attributes of the
//! `Model` and its fields, `column_type` and `default_expr` expressions, the `Relation` enum's `belongs_to`
//! variants, string-backed enums, and where in the file each piece sits (the byte offsets `annotate` inserts at).
//! Nothing here decides what to add.

use super::names::{column_variant, default_column_name};
use crate::source::{Source, line_start};
use sea_autogen_schema::{Backend, ColumnType, normalize_expr};
use std::collections::{BTreeMap, BTreeSet};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Fields, Item, ItemEnum, ItemStruct, Lit, Meta};

/// What the derives read from one field.
#[derive(Debug, Clone, Default)]
pub(super) struct FieldView {
    pub(super) ident: String,
    /// `Option<T>`'s `T`, or the type itself.
    pub(super) rust: String,
    pub(super) optional: bool,
    /// Every `key` or `key = value` of the field's `#[sea_orm(...)]` attributes, in order (values as source text;
    /// string literals unquoted).
    pub(super) attrs: Vec<(String, Option<String>)>,
    /// Byte offset of the field's first token after its attributes, and whether it starts its line.
    pub(super) at: usize,
    pub(super) own_line: bool,
    /// The byte range of each `ignore` in its attribute, with the separator to remove along with it.
    pub(super) ignore: Vec<std::ops::Range<usize>>,
}

impl FieldView {
    pub(super) fn last(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_deref())
    }
    pub(super) fn has(&self, key: &str) -> bool {
        self.attrs.iter().any(|(k, _)| k == key)
    }
    pub(super) fn column_name(&self) -> String {
        self.last("column_name")
            .map_or_else(|| default_column_name(&self.ident), str::to_owned)
    }
    pub(super) fn variant(&self) -> String {
        self.last("enum_name")
            .map_or_else(|| column_variant(&self.ident), str::to_owned)
    }
}

/// A `belongs_to` relation: (target module, `from` columns' variants, `to` variants, on_delete, on_update).
pub(super) type BelongsTo = (String, Vec<String>, Vec<String>, Option<String>, Option<String>);

/// What the derives read from one entity file.
pub(super) struct EntityView {
    pub(super) table: String,
    pub(super) schema: Option<String>,
    pub(super) skip: bool,
    pub(super) comment: Option<String>,
    pub(super) has_autogen_derive: bool,
    pub(super) autogen_imported: bool,
    pub(super) fields: Vec<FieldView>,
    /// Index names the entity declares (`#[autogen(index)]`, `indexed`, `unique_key`), with columns and unique.
    pub(super) indexes: Vec<(String, Vec<String>, bool)>,
    /// Checks as (name, folded expression).
    pub(super) checks: BTreeSet<(Option<String>, String)>,
    /// `belongs_to` relations: (target module, from fields' variants, to variants, on_delete, on_update).
    pub(super) belongs_to: Vec<BelongsTo>,
    pub(super) relation_names: BTreeSet<String>,
    /// Where to insert: before `pub struct Model` (after its attributes), before its closing brace, before the
    /// `Relation` enum's closing brace, after the last `use`.
    pub(super) model_at: usize,
    pub(super) model_close: usize,
    pub(super) relation_close: Option<usize>,
    pub(super) last_use_end: Option<usize>,
    /// Whether the last field ends with a comma (a new field after it needs one).
    pub(super) trailing_comma: bool,
    pub(super) last_field_end: usize,
}

/// A literal as written (`"a\"b"`) back to its text.
pub(super) fn unquote(literal: &str) -> String {
    syn::parse_str::<syn::LitStr>(literal).map_or_else(|_| literal.trim_matches('"').to_owned(), |l| l.value())
}

/// The SQL of a `default_expr` SeaORM would write: `Expr::cust("...")`, `Expr::current_timestamp()`, and
/// `Expr::val(...)`/`Expr::value(...)` of a literal; `None` for anything else.
pub(super) fn parse_default_expr(code: &str) -> Option<String> {
    let expr: Expr = syn::parse_str(code).ok()?;
    let Expr::Call(call) = &expr else { return None };
    let Expr::Path(path) = &*call.func else { return None };
    let name = path.path.segments.last()?.ident.to_string();
    let arg = call.args.first();
    match (name.as_str(), arg) {
        ("current_timestamp", None) => Some("CURRENT_TIMESTAMP".to_owned()),
        ("cust", Some(Expr::Lit(lit))) => match &lit.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        ("val" | "value", Some(Expr::Lit(lit))) => match &lit.lit {
            Lit::Int(i) => Some(i.base10_digits().to_owned()),
            Lit::Float(f) => Some(f.base10_digits().to_owned()),
            Lit::Bool(b) => Some(if b.value { "TRUE" } else { "FALSE" }.to_owned()),
            _ => None,
        },
        _ => None,
    }
}

/// A `column_type` attribute's value in the neutral model, as SeaORM's derive reads it on `backend`; `None` when
/// it is not one this reads.
pub(super) fn parse_column_type(spelled: &str, backend: Backend) -> Option<ColumnType> {
    let expr: Expr = syn::parse_str(spelled).ok()?;
    column_type_expr(&expr, backend)
}

fn column_type_expr(expr: &Expr, backend: Backend) -> Option<ColumnType> {
    use ColumnType::*;
    let (name, args): (std::string::String, Vec<&Expr>) = match expr {
        Expr::Path(p) => (p.path.segments.last()?.ident.to_string(), Vec::new()),
        Expr::Call(call) => {
            let Expr::Path(p) = &*call.func else { return None };
            (p.path.segments.last()?.ident.to_string(), call.args.iter().collect())
        }
        _ => return None,
    };
    let number = |e: &Expr| -> Option<u32> {
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Int(i) => i.base10_parse().ok(),
                _ => None,
            },
            _ => None,
        }
    };
    // `Some(n)`, `None`, `StringLen::N(n)`, `StringLen::None`.
    let optional = |e: &Expr| -> Option<Option<u32>> {
        match column_call(e)? {
            (n, inner) if n == "Some" || n == "N" => Some(Some(number(inner?)?)),
            (n, _) if n == "None" || n == "Max" => Some(None),
            _ => None,
        }
    };
    let custom = |s: &str| ColumnType::parse(backend, s);
    Some(match (name.as_str(), args.as_slice()) {
        ("Char", [a]) => Char(optional(a)?),
        ("String", [a]) => String(optional(a)?),
        ("Text", []) => Text,
        ("Blob", []) => Blob,
        ("TinyInteger", []) => TinyInteger,
        ("SmallInteger", []) => SmallInteger,
        ("Integer", []) => Integer,
        ("BigInteger", []) => BigInteger,
        ("TinyUnsigned", []) => TinyUnsigned,
        ("SmallUnsigned", []) => SmallUnsigned,
        ("Unsigned", []) => Unsigned,
        ("BigUnsigned", []) => BigUnsigned,
        ("Float", []) => Float,
        ("Double", []) => Double,
        ("Decimal", [a]) => match a {
            Expr::Path(_) => Decimal(None),
            Expr::Call(call) => match call.args.first()? {
                Expr::Tuple(t) if t.elems.len() == 2 => Decimal(Some((number(&t.elems[0])?, number(&t.elems[1])?))),
                _ => return None,
            },
            _ => return None,
        },
        ("DateTime", []) => DateTime,
        ("Timestamp", []) => Timestamp,
        ("TimestampWithTimeZone", []) => TimestampWithTimeZone,
        ("Time", []) => Time,
        ("Date", []) => Date,
        ("Binary", [a]) => Binary(number(a)?),
        ("VarBinary", [a]) => VarBinary(optional(a)?),
        ("Boolean", []) => Boolean,
        ("Json", []) => Json,
        ("JsonBinary", []) => JsonBinary,
        ("Uuid", []) => Uuid,
        ("Money", [_]) => custom("money"),
        ("Interval", [_, _]) => custom("interval"),
        ("Inet", []) => custom("inet"),
        ("Cidr", []) => custom("cidr"),
        ("MacAddr", []) => custom("macaddr"),
        ("LTree", []) => custom("ltree"),
        ("Year", []) => custom("year"),
        ("Bit", [a]) => custom(&match optional(a)? {
            Some(n) => format!("bit({n})"),
            None => "bit".to_owned(),
        }),
        ("VarBit", [a]) => custom(&format!("varbit({})", number(a)?)),
        ("Vector", [a]) => custom(&match optional(a)? {
            Some(n) => format!("vector({n})"),
            None => "vector".to_owned(),
        }),
        ("Array", [a]) => {
            // `RcOrArc::new(ColumnType::X)`, or `X` itself.
            let inner = match a {
                Expr::Call(call) if column_call(a).is_some_and(|(n, _)| n == "new") => call.args.first()?,
                other => other,
            };
            Array(Box::new(column_type_expr(inner, backend)?))
        }
        ("custom" | "Custom", [a]) => match a {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => custom(&s.value()),
                _ => return None,
            },
            Expr::MethodCall(m) => match &*m.receiver {
                Expr::Lit(l) => match &l.lit {
                    Lit::Str(s) => custom(&s.value()),
                    _ => return None,
                },
                _ => return None,
            },
            _ => return None,
        },
        _ => return None,
    })
}

/// A call's function name and first argument (`Some(3)` → `("Some", 3)`), or a path's last name.
fn column_call(e: &Expr) -> Option<(String, Option<&Expr>)> {
    match e {
        Expr::Path(p) => Some((p.path.segments.last()?.ident.to_string(), None)),
        Expr::Call(call) => {
            let Expr::Path(p) = &*call.func else { return None };
            Some((p.path.segments.last()?.ident.to_string(), call.args.first()))
        }
        _ => None,
    }
}

/// Enums deriving `DeriveActiveEnum` with `db_type = "Enum"`: Rust name → (database name, values).
pub(super) fn collect_enums(file: &syn::File, enums: &mut BTreeMap<String, (String, Vec<String>)>) {
    for item in &file.items {
        let Item::Enum(item) = item else { continue };
        if !derives(&item.attrs, "DeriveActiveEnum") {
            continue;
        }
        let mut enum_name = None;
        let mut db_type = None;
        for (k, v) in sea_orm_pairs(&item.attrs) {
            match k.as_str() {
                "enum_name" => enum_name = v,
                "db_type" => db_type = v,
                _ => {}
            }
        }
        if db_type.as_deref() != Some("Enum") {
            continue;
        }
        let values: Vec<String> = item
            .variants
            .iter()
            .filter_map(|v| {
                sea_orm_pairs(&v.attrs)
                    .into_iter()
                    .find(|(k, _)| k == "string_value")
                    .and_then(|(_, v)| v)
            })
            .collect();
        let name = enum_name.unwrap_or_else(|| item.ident.to_string());
        enums.insert(item.ident.to_string(), (name, values));
    }
}

fn derives(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().filter(|a| a.path().is_ident("derive")).any(|a| {
        a.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
            .is_ok_and(|paths| paths.iter().any(|p| p.segments.last().is_some_and(|s| s.ident == name)))
    })
}

/// Every item of the `#[sea_orm(...)]` attributes, in order.
fn sea_orm_metas(attrs: &[Attribute]) -> Vec<Meta> {
    let list = |attr: &Attribute| match &attr.meta {
        Meta::List(list) => list
            .parse_args_with(syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated)
            .map(|metas| metas.into_iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    attrs
        .iter()
        .filter(|a| a.path().is_ident("sea_orm"))
        .flat_map(list)
        .collect()
}

/// Every `key` / `key = value` inside `#[sea_orm(...)]` attributes, in order; string values unquoted, others as
/// source text.
pub(super) fn sea_orm_pairs(attrs: &[Attribute]) -> Vec<(String, Option<String>)> {
    sea_orm_metas(attrs)
        .into_iter()
        .map(|meta| {
            let key = meta.path().get_ident().map(ToString::to_string).unwrap_or_default();
            let value = match &meta {
                Meta::NameValue(nv) => Some(match &nv.value {
                    Expr::Lit(l) => match &l.lit {
                        Lit::Str(s) => s.value(),
                        Lit::Bool(b) => b.value.to_string(),
                        other => quote::quote!(#other).to_string(),
                    },
                    other => quote::quote!(#other).to_string(),
                }),
                _ => None,
            };
            (key, value)
        })
        .collect()
}

/// The raw text of each `default_value` (string literals quoted, so a string default can be told from a number).
fn raw_default_values(attrs: &[Attribute]) -> Vec<String> {
    sea_orm_metas(attrs)
        .into_iter()
        .filter_map(|meta| match meta {
            Meta::NameValue(nv) if nv.path.is_ident("default_value") => {
                let value = &nv.value;
                Some(quote::quote!(#value).to_string())
            }
            _ => None,
        })
        .collect()
}

pub(super) fn entity_view(source: &Source) -> Option<EntityView> {
    let file = &source.file;
    let text = source.text;
    let model: &ItemStruct = file.items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == "Model" => Some(s),
        _ => None,
    })?;
    let pairs = sea_orm_pairs(&model.attrs);
    let table = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "table_name")
        .and_then(|(_, v)| v.clone())?;
    let schema = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "schema_name")
        .and_then(|(_, v)| v.clone());
    let comment = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "comment")
        .and_then(|(_, v)| v.clone());
    let mut skip = false;
    let mut indexes = Vec::new();
    let mut checks = BTreeSet::new();
    for attr in model.attrs.iter().filter(|a| a.path().is_ident("autogen")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                skip = true;
            } else if meta.path.is_ident("index") {
                let (mut name, mut columns, mut unique) = (String::new(), Vec::new(), false);
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("name") {
                        name = inner.value()?.parse::<syn::LitStr>()?.value();
                    } else if inner.path.is_ident("columns") {
                        let content;
                        syn::parenthesized!(content in inner.input);
                        let list = content.parse_terminated(|p| p.parse::<syn::LitStr>(), syn::Token![,])?;
                        columns = list
                            .iter()
                            .map(|c| c.value().split_whitespace().next().unwrap_or_default().to_owned())
                            .collect();
                    } else if inner.path.is_ident("unique") {
                        unique = true;
                    } else if inner.input.peek(syn::Token![=]) {
                        let _ = inner.value()?.parse::<Expr>()?;
                    }
                    Ok(())
                })?;
                indexes.push((name, columns, unique));
            } else if meta.path.is_ident("check") {
                let (mut name, mut expr) = (None, String::new());
                meta.parse_nested_meta(|inner| {
                    let value = inner.value()?.parse::<syn::LitStr>()?.value();
                    if inner.path.is_ident("name") {
                        name = Some(value);
                    } else if inner.path.is_ident("expr") {
                        expr = value;
                    }
                    Ok(())
                })?;
                checks.insert((name, normalize_expr(&expr)));
            } else if meta.input.peek(syn::Token![=]) {
                let _ = meta.value()?.parse::<Expr>()?;
            }
            Ok(())
        });
    }
    let has_autogen_derive = derives(&model.attrs, "Autogen");
    let autogen_imported = text.contains("sea_autogen::Autogen") || text.contains("sea_autogen::{");

    let Fields::Named(named) = &model.fields else {
        return None;
    };
    let mut fields = Vec::new();
    for field in &named.named {
        let ident = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
        let ty = &field.ty;
        let rust: String = quote::quote!(#ty).to_string().split_whitespace().collect();
        let (optional, rust) = match rust.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
            Some(inner) => (true, inner.to_owned()),
            None => (false, rust),
        };
        let mut attrs = sea_orm_pairs(&field.attrs);
        // A string `default_value` keeps its quotes, so the default can be told from a number.
        let raw = raw_default_values(&field.attrs);
        let mut raw = raw.into_iter();
        for pair in attrs.iter_mut().filter(|(k, _)| k == "default_value") {
            if let Some(v) = raw.next() {
                pair.1 = Some(v);
            }
        }
        let first_token = match &field.vis {
            syn::Visibility::Inherited => field.ident.as_ref().map_or_else(|| field.ty.span(), |i| i.span()),
            vis => vis.span(),
        };
        let at = source.range(first_token).start;
        let own_line = text[line_start(text, at)..at].trim().is_empty();
        let ignore = ignore_ranges(source, &field.attrs);
        fields.push(FieldView {
            ident: ident.trim_start_matches("r#").to_owned(),
            rust,
            optional,
            attrs,
            at,
            own_line,
            ignore,
        });
    }
    for field in &fields {
        let column = field.column_name();
        if field.has("indexed") && !field.has("unique") {
            indexes.push((format!("idx-{table}-{column}"), vec![column.clone()], false));
        }
    }
    let mut unique_keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for field in &fields {
        if let Some(key) = field.last("unique_key") {
            unique_keys.entry(key.to_owned()).or_default().push(field.column_name());
        }
    }
    for (key, columns) in unique_keys {
        indexes.push((format!("idx-{table}-{key}"), columns, true));
    }
    // Field idents keep `r#` for the attribute insertions' sake only through their offsets.
    for field in &mut fields {
        field.ident = field.ident.trim_start_matches("r#").to_owned();
    }

    let model_at = match &model.vis {
        syn::Visibility::Inherited => source.range(model.struct_token.span).start,
        vis => source.range(vis.span()).start,
    };
    let model_close = source.range(named.brace_token.span.close()).start;
    let trailing_comma = named.named.trailing_punct() || named.named.is_empty();
    let last_field_end = named.named.last().map_or(model_close, |f| source.range(f.span()).end);

    let relation: Option<&ItemEnum> = file.items.iter().find_map(|item| match item {
        Item::Enum(e) if e.ident == "Relation" => Some(e),
        _ => None,
    });
    let mut belongs_to = Vec::new();
    let mut relation_names = BTreeSet::new();
    let relation_close = relation.map(|e| source.range(e.brace_token.span.close()).start);
    if let Some(relation) = relation {
        for variant in &relation.variants {
            relation_names.insert(variant.ident.to_string());
            let pairs = sea_orm_pairs(&variant.attrs);
            let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).and_then(|(_, v)| v.clone());
            let Some(target) = get("belongs_to") else { continue };
            let module = target
                .trim_end_matches("::Entity")
                .rsplit("::")
                .next()
                .map(str::to_owned)
                .unwrap_or_default();
            let module = if target == "Entity" {
                "Entity".to_owned()
            } else {
                module
            };
            let columns = |spec: Option<String>| -> Vec<String> {
                spec.unwrap_or_default()
                    .trim_matches(|c| c == '(' || c == ')')
                    .split(',')
                    .filter_map(|c| c.trim().rsplit("::").next().map(str::to_owned))
                    .filter(|c| !c.is_empty())
                    .collect()
            };
            belongs_to.push((
                module,
                columns(get("from")),
                columns(get("to")),
                get("on_delete"),
                get("on_update"),
            ));
        }
    }
    let last_use_end = file
        .items
        .iter()
        .rfind(|item| matches!(item, Item::Use(_)))
        .map(|item| source.range(item.span()).end);
    Some(EntityView {
        table,
        schema,
        skip,
        comment,
        has_autogen_derive,
        autogen_imported,
        fields,
        indexes,
        checks,
        belongs_to,
        relation_names,
        model_at,
        model_close,
        relation_close,
        last_use_end,
        trailing_comma,
        last_field_end,
    })
}

/// The byte ranges to delete to remove `ignore` from a field's `#[sea_orm(...)]` attributes, each with one
/// neighbouring comma (and the whitespace up to the next item), so the list stays well formed.
fn ignore_ranges(source: &Source, attrs: &[Attribute]) -> Vec<std::ops::Range<usize>> {
    let text = source.text;
    let mut ranges = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("sea_orm")) {
        let Meta::List(list) = &attr.meta else { continue };
        let tokens: Vec<proc_macro2::TokenTree> = list.tokens.clone().into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            let proc_macro2::TokenTree::Ident(ident) = token else {
                continue;
            };
            if ident != "ignore" {
                continue;
            }
            // `ignore` is a flag: the token before it is a comma or nothing, the one after a comma or nothing.
            let prev_is_sep =
                i == 0 || matches!(&tokens[i - 1], proc_macro2::TokenTree::Punct(p) if p.as_char() == ',');
            let next_is_sep = tokens.get(i + 1).is_none() || p_char(tokens.get(i + 1)) == Some(',');
            if !(prev_is_sep && next_is_sep) {
                continue;
            }
            let own = source.range(ident.span());
            let range = match tokens.get(i + 1) {
                // `ignore,` and what follows up to the next item (a space or a line break and its indentation).
                Some(comma) => {
                    let comma_end = source.range(comma.span()).end;
                    let rest = &text[comma_end..];
                    let ws = rest.len() - rest.trim_start().len();
                    // Keep a line break when the next item is on another line: remove this item's line instead.
                    if rest[..ws].contains('\n') {
                        let start = line_start(text, own.start);
                        let end = comma_end + rest.find('\n').map_or(ws, |n| n + 1);
                        if text[start..own.start].trim().is_empty() {
                            start..end
                        } else {
                            own.start..comma_end + ws
                        }
                    } else {
                        own.start..comma_end + ws
                    }
                }
                // The last item: `, ignore` with the comma before it.
                None if i > 0 => {
                    let comma = source.range(tokens[i - 1].span());
                    comma.start..own.end
                }
                None => own,
            };
            ranges.push(range);
        }
    }
    ranges
}

fn p_char(token: Option<&proc_macro2::TokenTree>) -> Option<char> {
    match token {
        Some(proc_macro2::TokenTree::Punct(p)) => Some(p.as_char()),
        _ => None,
    }
}
