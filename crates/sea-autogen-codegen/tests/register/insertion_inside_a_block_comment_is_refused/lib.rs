mod m1; /* a
b */
impl MigratorTrait for M { fn migrations() -> Vec<Box<dyn MigrationTrait>> { vec![] } }
