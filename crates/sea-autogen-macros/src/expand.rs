//! Parse → validate → expand for `#[derive(Autogen)]`; plain functions, testable without the compiler plugin.

use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use syn::{Data, DeriveInput, Fields, LitStr, spanned::Spanned};

/// What the struct-level `#[autogen(...)]` attributes say.
#[derive(Debug, Default)]
struct Options {
    skip: bool,
    indexes: Vec<IndexOption>,
    checks: Vec<CheckOption>,
    renamed_from: Option<LitStr>,
}

/// `index(name = "...", columns("a", "b desc"), unique, where = "...")`.
#[derive(Debug)]
struct IndexOption {
    name: LitStr,
    /// Column names, without their direction.
    columns: Vec<String>,
    descending: Vec<String>,
    unique: bool,
    predicate: Option<LitStr>,
}

/// `check(name = "...", expr = "...")`; the name may be left out where the database keeps none (SQLite's
/// unnamed `CHECK (...)`).
#[derive(Debug)]
struct CheckOption {
    name: Option<LitStr>,
    expr: LitStr,
}

pub(crate) fn derive_autogen(input: &DeriveInput) -> syn::Result<TokenStream> {
    // SeaORM's dense format expands a `ModelEx` beside `Model` and copies `Model`'s derives onto it; the entity is
    // registered once, from `Model`.
    if input.ident == "ModelEx" {
        return Ok(TokenStream::new());
    }
    let options = validate(input)?;
    if options.skip {
        return Ok(TokenStream::new());
    }
    let indexes = options.indexes.iter().map(|index| {
        let name = &index.name;
        let columns = &index.columns;
        let unique = index.unique;
        let descending = &index.descending;
        let predicate = match &index.predicate {
            Some(p) => quote!(::core::option::Option::Some(#p)),
            None => quote!(::core::option::Option::None),
        };
        quote! {
            ::sea_autogen::registry::IndexSpec {
                name: #name, columns: &[#(#columns),*], unique: #unique, descending: &[#(#descending),*],
                predicate: #predicate
            }
        }
    });
    let renamed_from = options
        .renamed_from
        .as_ref()
        .map(|name| quote!(.with_renamed_from(#name)));
    let checks = options.checks.iter().map(|check| {
        let expr = &check.expr;
        let name = match &check.name {
            Some(name) => quote!(::core::option::Option::Some(#name)),
            None => quote!(::core::option::Option::None),
        };
        quote!(::sea_autogen::registry::CheckSpec { name: #name, expr: #expr })
    });
    Ok(quote! {
        const _: () = {
            ::sea_autogen::__private::inventory::submit! {
                ::sea_autogen::registry::EntityRegistration::new(
                    ::core::module_path!(),
                    ::sea_autogen::registry::table_of::<Entity>,
                )
                .with_indexes(&[#(#indexes),*])
                .with_checks(&[#(#checks),*])
                #renamed_from
            }
        };
    })
}

fn validate(input: &DeriveInput) -> syn::Result<Options> {
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => {
            return Err(syn::Error::new(
                data.enum_token.span,
                "`#[derive(Autogen)]` goes on the SeaORM `Model` struct, not on an enum",
            ));
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "`#[derive(Autogen)]` goes on the SeaORM `Model` struct, not on a union",
            ));
        }
    };
    if input.ident != "Model" {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format!(
                "`#[derive(Autogen)]` goes on the struct named `Model` that derives `DeriveEntityModel`, not on `{}`",
                input.ident
            ),
        ));
    }
    if !matches!(fields, Fields::Named(_)) {
        return Err(syn::Error::new(fields.span(), "a SeaORM `Model` has named fields"));
    }
    for field in fields {
        if let Some(attr) = field.attrs.iter().find(|a| a.path().is_ident("autogen")) {
            return Err(syn::Error::new_spanned(
                attr,
                "`#[autogen(...)]` has no field options; column settings come from `#[sea_orm(...)]`",
            ));
        }
    }
    let columns = column_names(fields);
    let mut options = Options::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("autogen")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                if options.skip {
                    return Err(meta.error("`skip` is given twice"));
                }
                options.skip = true;
                Ok(())
            } else if meta.path.is_ident("index") {
                let index = parse_index(&meta, &columns)?;
                if options.indexes.iter().any(|i| i.name.value() == index.name.value()) {
                    return Err(syn::Error::new_spanned(&index.name, "two indexes have this name"));
                }
                options.indexes.push(index);
                Ok(())
            } else if meta.path.is_ident("renamed_from") {
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() {
                    return Err(syn::Error::new_spanned(
                        &lit,
                        "`renamed_from` needs the table's previous name",
                    ));
                }
                if options.renamed_from.replace(lit).is_some() {
                    return Err(meta.error("`renamed_from` is given twice"));
                }
                Ok(())
            } else if meta.path.is_ident("check") {
                let check = parse_check(&meta)?;
                if let Some(name) = &check.name
                    && options
                        .checks
                        .iter()
                        .any(|c| c.name.as_ref().is_some_and(|n| n.value() == name.value()))
                {
                    return Err(syn::Error::new_spanned(name, "two checks have this name"));
                }
                options.checks.push(check);
                Ok(())
            } else {
                Err(meta.error(
                    "unknown `autogen` option; the struct options are `skip`, `index(...)`, `check(...)` and \
                     `renamed_from = \"...\"`",
                ))
            }
        })?;
    }
    Ok(options)
}

/// The column names of the model: each field's name, or its `#[sea_orm(column_name = "...")]`.
fn column_names(fields: &Fields) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for field in fields {
        let mut name = field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned());
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("sea_orm")) {
            // Other sea_orm options are SeaORM's business; only `column_name` matters here.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("column_name") {
                    name = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                } else if meta.input.peek(syn::token::Paren) {
                    meta.parse_nested_meta(|_| Ok(()))?;
                }
                Ok(())
            });
        }
        names.extend(name);
    }
    names
}

fn parse_index(meta: &syn::meta::ParseNestedMeta<'_>, columns: &BTreeSet<String>) -> syn::Result<IndexOption> {
    let mut name = None;
    let mut cols = Vec::new();
    let mut unique = false;
    let mut descending = Vec::new();
    let mut predicate = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("name") {
            let lit: LitStr = inner.value()?.parse()?;
            if lit.value().is_empty() {
                return Err(syn::Error::new_spanned(&lit, "an index name cannot be empty"));
            }
            name = Some(lit);
            Ok(())
        } else if inner.path.is_ident("columns") {
            let content;
            syn::parenthesized!(content in inner.input);
            let list = content.parse_terminated(|input| input.parse::<LitStr>(), syn::Token![,])?;
            for column in list {
                let (name, desc) = split_direction(&column)?;
                if !columns.contains(&name) {
                    return Err(syn::Error::new_spanned(
                        &column,
                        format!("`{name}` is not a column of this model"),
                    ));
                }
                if desc {
                    descending.push(name.clone());
                }
                cols.push(name);
            }
            Ok(())
        } else if inner.path.is_ident("unique") {
            unique = true;
            Ok(())
        } else if inner.path.is_ident("where") {
            let lit: LitStr = inner.value()?.parse()?;
            if lit.value().trim().is_empty() {
                return Err(syn::Error::new_spanned(
                    &lit,
                    "a partial index's `where` cannot be empty",
                ));
            }
            predicate = Some(lit);
            Ok(())
        } else {
            Err(inner.error(
                "unknown `index` option; use `name = \"...\"`, `columns(\"a\", \"b desc\")`, `unique` and \
                 `where = \"...\"`",
            ))
        }
    })?;
    let name = name.ok_or_else(|| meta.error("`index(...)` needs `name = \"...\"`"))?;
    if cols.is_empty() {
        return Err(meta.error("`index(...)` needs `columns(\"a\", ...)` with at least one column"));
    }
    Ok(IndexOption {
        name,
        columns: cols,
        descending,
        unique,
        predicate,
    })
}

/// `"name"`, `"name asc"` or `"name desc"` (any case) → (name, descending).
fn split_direction(column: &LitStr) -> syn::Result<(String, bool)> {
    let value = column.value();
    let words: Vec<&str> = value.split_whitespace().collect();
    match words.as_slice() {
        [name] => Ok(((*name).to_owned(), false)),
        [name, dir] if dir.eq_ignore_ascii_case("asc") => Ok(((*name).to_owned(), false)),
        [name, dir] if dir.eq_ignore_ascii_case("desc") => Ok(((*name).to_owned(), true)),
        _ => Err(syn::Error::new_spanned(
            column,
            "an index column is `\"name\"`, `\"name asc\"` or `\"name desc\"`",
        )),
    }
}

fn parse_check(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<CheckOption> {
    let mut name = None;
    let mut expr = None;
    meta.parse_nested_meta(|inner| {
        let slot = if inner.path.is_ident("name") {
            &mut name
        } else if inner.path.is_ident("expr") {
            &mut expr
        } else {
            return Err(inner.error("unknown `check` option; use `name = \"...\"` and `expr = \"...\"`"));
        };
        let lit: LitStr = inner.value()?.parse()?;
        if lit.value().trim().is_empty() {
            return Err(syn::Error::new_spanned(&lit, "this cannot be empty"));
        }
        *slot = Some(lit);
        Ok(())
    })?;
    Ok(CheckOption {
        name,
        expr: expr.ok_or_else(|| meta.error("`check(...)` needs `expr = \"...\"`"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expect: Result<&str, &str>) {
        let input: DeriveInput = syn::parse_str(input).unwrap();
        match (derive_autogen(&input), expect) {
            (Ok(tokens), Ok(expect)) => assert_eq!(tokens.to_string(), expect),
            (Err(err), Err(expect)) => assert_eq!(err.to_string(), expect),
            (actual, expect) => panic!("expected {expect:?}, got {:?}", actual.map(|t| t.to_string())),
        }
    }

    #[test]
    fn registers_a_model() {
        let input: DeriveInput = syn::parse_str("pub struct Model { pub id: i32 }").unwrap();
        let out = derive_autogen(&input).unwrap().to_string();
        assert!(out.contains("inventory :: submit !"), "{out}");
        assert!(out.contains("table_of :: < Entity >"), "{out}");
        assert!(out.contains("with_indexes (& [])"), "{out}");
    }

    #[test]
    fn registers_declared_indexes() {
        let input: DeriveInput = syn::parse_str(concat!(
            r#"#[autogen(index(name = "idx_name_at", columns("name", "created"), unique))]"#,
            "\n            ",
            r#"pub struct Model { pub id: i32, pub name: String, "#,
            r#"#[sea_orm(column_name = "created", nullable)] pub at: i32 }"#,
        ))
        .unwrap();
        let out = derive_autogen(&input).unwrap().to_string();
        assert!(
            out.contains(concat!(
                r#"IndexSpec { name : "idx_name_at" , columns : & ["name" , "created"] , unique : true , "#,
                r#"descending : & [] , predicate : :: core :: option :: Option :: None }"#,
            )),
            "{out}"
        );
    }

    #[test]
    fn registers_descending_and_partial_indexes_and_checks() {
        let input: DeriveInput = syn::parse_str(
            r#"#[autogen(index(name = "idx_recent", columns("name", "at DESC"), where = "at > 0"))]
            #[autogen(check(name = "ck_at", expr = "at >= 0"))]
            pub struct Model { pub id: i32, pub name: String, pub at: i32 }"#,
        )
        .unwrap();
        let out = derive_autogen(&input).unwrap().to_string();
        assert!(
            out.contains(concat!(
                r#"columns : & ["name" , "at"] , unique : false , descending : & ["at"] , "#,
                r#"predicate : :: core :: option :: Option :: Some ("at > 0")"#,
            )),
            "{out}"
        );
        assert!(
            out.contains(concat!(
                r#"with_checks (& [:: sea_autogen :: registry :: CheckSpec { "#,
                r#"name : :: core :: option :: Option :: Some ("ck_at") , expr : "at >= 0" }])"#,
            )),
            "{out}"
        );
    }

    #[test]
    fn registers_a_table_rename_hint() {
        let input: DeriveInput =
            syn::parse_str(r#"#[autogen(renamed_from = "people")] pub struct Model { pub id: i32 }"#).unwrap();
        let out = derive_autogen(&input).unwrap().to_string();
        assert!(out.contains(r#". with_renamed_from ("people")"#), "{out}");
        check(
            r#"#[autogen(renamed_from = "a", renamed_from = "b")] struct Model { id: i32 }"#,
            Err("`renamed_from` is given twice"),
        );
    }

    #[test]
    fn dense_model_ex_registers_nothing() {
        check("pub struct ModelEx { pub id: i32 }", Ok(""));
    }

    #[test]
    fn skip_registers_nothing() {
        check("#[autogen(skip)] pub struct Model { pub id: i32 }", Ok(""));
    }

    #[test]
    fn misuse() {
        check(
            "pub struct User { pub id: i32 }",
            Err(
                "`#[derive(Autogen)]` goes on the struct named `Model` that derives `DeriveEntityModel`, not on `User`",
            ),
        );
        check(
            "enum Model { A }",
            Err("`#[derive(Autogen)]` goes on the SeaORM `Model` struct, not on an enum"),
        );
        check("struct Model(i32);", Err("a SeaORM `Model` has named fields"));
        check(
            "#[autogen(skip, skip)] struct Model { id: i32 }",
            Err("`skip` is given twice"),
        );
        check(
            "#[autogen(rename = \"x\")] struct Model { id: i32 }",
            Err(
                "unknown `autogen` option; the struct options are `skip`, `index(...)`, `check(...)` and \
                 `renamed_from = \"...\"`",
            ),
        );
        check(
            "struct Model { #[autogen(skip)] id: i32 }",
            Err("`#[autogen(...)]` has no field options; column settings come from `#[sea_orm(...)]`"),
        );
        check(
            r#"#[autogen(index(name = "i", columns("nope")))] struct Model { id: i32 }"#,
            Err("`nope` is not a column of this model"),
        );
        check(
            r#"#[autogen(index(name = "i", columns("id sideways")))] struct Model { id: i32 }"#,
            Err(r#"an index column is `"name"`, `"name asc"` or `"name desc"`"#),
        );
        check(
            r#"#[autogen(check(name = "c"))] struct Model { id: i32 }"#,
            Err(r#"`check(...)` needs `expr = "..."`"#),
        );
        check(
            concat!(
                r#"#[autogen(check(name = "c", expr = "id > 0"), check(name = "c", expr = "id < 9"))] "#,
                r#"struct Model { id: i32 }"#,
            ),
            Err("two checks have this name"),
        );
        check(
            r#"#[autogen(index(columns("id")))] struct Model { id: i32 }"#,
            Err("`index(...)` needs `name = \"...\"`"),
        );
        check(
            r#"#[autogen(index(name = "i"))] struct Model { id: i32 }"#,
            Err("`index(...)` needs `columns(\"a\", ...)` with at least one column"),
        );
        check(
            concat!(
                r#"#[autogen(index(name = "i", columns("id")), index(name = "i", columns("id")))] "#,
                r#"struct Model { id: i32 }"#,
            ),
            Err("two indexes have this name"),
        );
    }
}
