//! The runner of sea-autogen: the `cargo autogen` commands, for a SeaORM migration crate.
//!
//! The migration crate's `main.rs` hands control to [`cli::run`], which reads the entities registered with
//! `#[derive(sea_autogen::Autogen)]`, introspects the database, and writes, applies and checks migrations. Only the
//! migration crate depends on this crate, so an application's own binary never carries the runner.

mod bookkeeping;
pub mod cli;
mod config;
pub mod entities;
pub mod execute;
mod init;
pub mod lineage;
pub mod lock;
mod offline;
mod prompt;
mod shadow;
pub mod term;

pub use config::{Config, migration_crate_dir};
pub use sea_autogen::registry;
