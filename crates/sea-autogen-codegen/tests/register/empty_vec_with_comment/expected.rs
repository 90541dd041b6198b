mod m1;
mod m2;
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            // Box::new(m1::Migration),
            Box::new(m2::Migration),
        ]
    }
}
