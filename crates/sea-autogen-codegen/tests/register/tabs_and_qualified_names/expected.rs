mod m1;
mod m2;
impl sea_orm_migration::MigratorTrait for Migrator {
	fn migrations() -> Vec<Box<dyn MigrationTrait>> {
		std::vec![
			Box::new(crate::m1::Migration),
			Box::new(m2::Migration),
		]
	}
}
