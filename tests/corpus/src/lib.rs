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

pub mod add_auto_increment;
pub mod add_check;
pub mod add_column_to_referenced_table;
pub mod add_column_with_default;
pub mod add_default;
pub mod add_enum_column;
pub mod add_enum_value;
pub mod add_foreign_key;
pub mod add_index;
pub mod add_json_and_uuid_columns;
pub mod add_not_null_column_to_empty_table;
pub mod add_nullable_column;
pub mod add_unique_column;
pub mod alter_column_type;
pub mod alter_referenced_parent_column;
pub mod change_check;
pub mod change_column_comment;
pub mod change_default;
pub mod change_foreign_key_action;
pub mod change_primary_key;
pub mod composite_foreign_key;
pub mod composite_index;
pub mod composite_primary_key_table;
pub mod create_enum_table;
pub mod create_parent_and_child;
pub mod create_table;
pub mod decimal_precision;
pub mod descending_index;
pub mod drop_check;
pub mod drop_column;
pub mod drop_default;
pub mod drop_enum_column;
pub mod drop_foreign_key;
pub mod drop_index;
pub mod drop_indexed_column;
pub mod drop_not_null_column;
pub mod drop_parent_and_child;
pub mod drop_table;
pub mod drop_unique;
pub mod every_type_table;
pub mod foreign_key_cycle;
pub mod hostile_names;
pub mod make_column_not_null;
pub mod make_column_nullable;
pub mod partial_index;
pub mod remove_enum_value;
pub mod rename_column;
pub mod rename_table;
pub mod rename_table_as_drop_and_create;
pub mod replace_column;
pub mod self_referencing_foreign_key;
pub mod set_column_comment;
pub mod set_table_comment;
pub mod shorten_string;
pub mod string_to_text;
pub mod timestamp_default_now;
pub mod unique_index;
pub mod widen_integer;

/// Every case, in the order the test runs them.
pub const CASES: &[&Case] = &[
    &add_nullable_column::CASE,
    &alter_column_type::CASE,
    &add_foreign_key::CASE,
    &create_table::CASE,
    &drop_table::CASE,
    &create_parent_and_child::CASE,
    &hostile_names::CASE,
    &drop_parent_and_child::CASE,
    &rename_table_as_drop_and_create::CASE,
    &composite_primary_key_table::CASE,
    &every_type_table::CASE,
    &create_enum_table::CASE,
    &add_column_with_default::CASE,
    &add_not_null_column_to_empty_table::CASE,
    &drop_column::CASE,
    &drop_not_null_column::CASE,
    &drop_indexed_column::CASE,
    &replace_column::CASE,
    &add_json_and_uuid_columns::CASE,
    &make_column_nullable::CASE,
    &make_column_not_null::CASE,
    &add_default::CASE,
    &change_default::CASE,
    &drop_default::CASE,
    &widen_integer::CASE,
    &string_to_text::CASE,
    &shorten_string::CASE,
    &decimal_precision::CASE,
    &set_column_comment::CASE,
    &set_table_comment::CASE,
    &add_index::CASE,
    &drop_index::CASE,
    &composite_index::CASE,
    &descending_index::CASE,
    &partial_index::CASE,
    &unique_index::CASE,
    &add_unique_column::CASE,
    &drop_unique::CASE,
    &add_check::CASE,
    &drop_check::CASE,
    &change_check::CASE,
    &drop_foreign_key::CASE,
    &change_foreign_key_action::CASE,
    &self_referencing_foreign_key::CASE,
    &composite_foreign_key::CASE,
    &add_column_to_referenced_table::CASE,
    &add_enum_column::CASE,
    &drop_enum_column::CASE,
    &timestamp_default_now::CASE,
    &change_column_comment::CASE,
    &alter_referenced_parent_column::CASE,
    &rename_column::CASE,
    &rename_table::CASE,
    &add_enum_value::CASE,
    &remove_enum_value::CASE,
    &change_primary_key::CASE,
    &add_auto_increment::CASE,
    &foreign_key_cycle::CASE,
];
