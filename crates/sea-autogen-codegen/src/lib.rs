//! Renders plans and schemas: the Rust migration file (`rust`), JSON, text and markdown reports (`report`, with the
//! Mermaid diagram of `mermaid`), and registers new migrations in the migration crate's `lib.rs` without touching
//! anything else in it (`register`).

pub mod entities;
mod format;
pub mod header;
pub mod mermaid;
pub mod register;
mod report;
mod rust;
mod source;

pub use format::rustfmt;
pub use report::{TextPart, render_json, render_markdown, render_text, render_text_styled};
pub use rust::{MigrationMeta, render_empty_migration, render_migration, render_revision};
