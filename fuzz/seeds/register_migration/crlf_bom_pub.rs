pub use sea_orm_migration::prelude::*;

pub mod m20220101_000001_init;
pub mod create_users;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20220101_000001_init::Migration), Box::new(create_users::Migration)]
    }
}
