#![allow(dead_code)]

mod m1;

pub struct Migrator;
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m1::Migration),
        ]
    }
}
