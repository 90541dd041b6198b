//! `#[derive(Autogen)]`: a thin shim that parses the input and hands it to [`expand::derive_autogen`].

mod expand;

use proc_macro::TokenStream;

/// Registers a SeaORM entity with sea-autogen, so `cargo autogen revision` includes its table.
///
/// Put it on the `Model` struct beside `DeriveEntityModel`:
///
/// ```text
/// #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Autogen)]
/// #[sea_orm(table_name = "user_account")]
/// pub struct Model { /* ... */ }
/// ```
///
/// `#[autogen(skip)]` on the struct leaves the entity out of the desired schema (for instance an entity over a
/// view the migrations do not manage).
#[proc_macro_derive(Autogen, attributes(autogen))]
pub fn derive_autogen(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive_autogen(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
