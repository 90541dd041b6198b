use sea_orm_migration::prelude::*;
pub struct Migrator;
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![

        ]
    }
}
