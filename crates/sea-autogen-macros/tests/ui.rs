//! Compile-fail tests: each misuse of `#[derive(Autogen)]` is one error pointing at the mistake.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
