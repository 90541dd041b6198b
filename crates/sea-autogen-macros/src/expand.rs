//! Parse → validate → expand for `#[derive(Autogen)]`; plain functions, testable without the compiler plugin.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, spanned::Spanned};

/// What the struct-level `#[autogen(...)]` attributes say.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    skip: bool,
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
    Ok(quote! {
        const _: () = {
            ::sea_autogen::__private::inventory::submit! {
                ::sea_autogen::registry::EntityRegistration::new(
                    ::core::module_path!(),
                    ::sea_autogen::registry::table_of::<Entity>,
                )
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
    let mut options = Options::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("autogen")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                if options.skip {
                    return Err(meta.error("`skip` is given twice"));
                }
                options.skip = true;
                Ok(())
            } else {
                Err(meta.error("unknown `autogen` option; the only struct option is `skip`"))
            }
        })?;
    }
    Ok(options)
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
            Err("unknown `autogen` option; the only struct option is `skip`"),
        );
        check(
            "struct Model { #[autogen(skip)] id: i32 }",
            Err("`#[autogen(...)]` has no field options; column settings come from `#[sea_orm(...)]`"),
        );
    }
}
