//! `ColumnType::parse` on what a catalog could report, then `canonical` and `render`, on every backend.
//!
//! Properties: nothing panics, and `canonical` is idempotent, also for a type parsed on another backend (an
//! entity's type is neutral, so any parsed type may be folded for any backend).

#![no_main]

use libfuzzer_sys::fuzz_target;
use sea_autogen_schema::{Backend, ColumnType};

const BACKENDS: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

fuzz_target!(|text: &str| {
    for from in BACKENDS {
        let parsed = ColumnType::parse(from, text);
        let _ = parsed.to_string();
        for to in BACKENDS {
            let _ = parsed.render(to);
            let canonical = parsed.canonical(to);
            let _ = canonical.render(to);
            assert_eq!(
                canonical.canonical(to),
                canonical,
                "canonical is not idempotent: {text:?} parsed on {from} is {parsed:?}, canonical on {to}"
            );
        }
    }
});
