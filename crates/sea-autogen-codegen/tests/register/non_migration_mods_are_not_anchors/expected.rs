pub use sea_orm_migration::prelude::*;

mod m20261201_000000_init;

mod models;
mod util;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261201_000000_init::Migration),
        ]
    }
}
