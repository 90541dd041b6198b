use sea_orm_migration::prelude::*;

mod m1_init;
pub struct Migrator;
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m1_init::Migration),
        ]
    }
}
