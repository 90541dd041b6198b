//! The tokenizer reading CHECK constraints and partial-index predicates out of SQLite's `sqlite_master.sql`.
//!
//! The module has no dependency inside its crate, so it is compiled in here from its source: depending on
//! sea-autogen-introspect would build sea-orm and sqlx with coverage instrumentation for nothing.
//!
//! Properties: nothing panics, and what is extracted is a trimmed part of the input, exactly as written.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/sea-autogen-introspect/src/sqlite_sql.rs"]
mod sqlite_sql;

fuzz_target!(|sql: &str| {
    for check in sqlite_sql::table_checks(sql) {
        assert!(sql.contains(&check.expr), "check {check:?} is not part of {sql:?}");
        assert_eq!(check.expr.trim(), check.expr, "{sql:?}");
    }
    if let Some(predicate) = sqlite_sql::index_predicate(sql) {
        assert!(
            sql.contains(&predicate),
            "predicate {predicate:?} is not part of {sql:?}"
        );
        assert_eq!(predicate.trim(), predicate, "{sql:?}");
    }
});
