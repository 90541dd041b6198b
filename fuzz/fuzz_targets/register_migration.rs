//! `register_migration` and `registered_migrations` on a migration crate's lib.rs.
//!
//! Properties: nothing panics; when `register_migration` succeeds, the input was readable, the output lists the
//! migrations of the input plus the new one at the end, and registering the same stem again is refused.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sea_autogen_codegen::register::{RegisterError, register_migration, registered_migrations};

/// A stem as `cargo autogen revision` names migrations, and one that does not look like a migration (a different
/// place for the `mod` line).
const STEMS: [&str; 2] = ["m20260101_000001_x", "add_posts"];

fuzz_target!(|lib_rs: &str| {
    let before = registered_migrations(lib_rs);
    for stem in STEMS {
        let Ok(after) = register_migration(lib_rs, stem) else {
            continue;
        };
        let mut expected = before
            .as_ref()
            .expect("register_migration succeeded on a lib.rs that registered_migrations refused")
            .clone();
        expected.push(stem.to_owned());
        assert_eq!(
            registered_migrations(&after),
            Ok(expected),
            "stem {stem}, lib.rs {lib_rs:?}, after {after:?}"
        );
        assert_eq!(
            register_migration(&after, stem),
            Err(RegisterError::AlreadyRegistered { stem: stem.to_owned() }),
            "stem {stem}, after {after:?}"
        );
    }
    // Parsing with span-locations records every text in a thread-local source map; drop it between inputs.
    proc_macro2::extra::invalidate_current_thread_spans();
});
