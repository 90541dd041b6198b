//! The golden round-trip corpus (`tests/tests/corpus.rs` runs it): each case is a module with the entities
//! `before` and `after` a change, the rows to insert once the database is at `before`, and the backends that
//! cannot express it, with the reason.
//!
//! Entities register under their module path, so `autogen_corpus::<case>::before` selects one side of one case.

/// One case of the corpus.
#[derive(Debug)]
pub struct Case {
    /// The module name, which is also the snapshot name.
    pub name: &'static str,
    /// What the case shows, for people.
    pub about: &'static str,
    /// Inserted once the database is at `before`, in order: plain SQL every backend accepts.
    pub rows: &'static [&'static str],
    /// Backends that cannot express the case (`sqlite`, `postgres`, `mysql`), each with the reason.
    pub skip: &'static [(&'static str, &'static str)],
}

pub mod add_foreign_key;
pub mod add_nullable_column;
pub mod alter_column_type;

/// Every case, in the order the test runs them.
pub const CASES: &[&Case] = &[
    &add_nullable_column::CASE,
    &alter_column_type::CASE,
    &add_foreign_key::CASE,
];
