//! The golden round-trip corpus (`tests/tests/corpus.rs` runs it), as data: each directory of `cases/` is a case,
//! with the entities `before.rs` and `after.rs` a change, and `case.toml` saying what it shows (`about`), the rows
//! to insert once the database is at `before` (`rows`), and the backends that cannot express it, with the reason
//! (`[skip]`). `build.rs` makes each a module; adding a case is adding a directory.
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

include!(concat!(env!("OUT_DIR"), "/cases.rs"));
