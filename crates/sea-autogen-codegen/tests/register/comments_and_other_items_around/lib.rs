//! The migrations of the app.
pub use sea_orm_migration::prelude::*;

// Migrations, oldest first.
mod m20220101_000001_create_table; // the start
/* mod m20230101_000000_gone; */
mod helpers;
#[cfg(test)]
mod tests;

/// Runs them.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migration_table_name() -> DynIden {
        Alias::new("seaql_migrations").into_iden()
    }

    /// In order.
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        // vec![] was here
        vec![
            Box::new(m20220101_000001_create_table::Migration),
        ] // returned
    }
}

fn after() {}
