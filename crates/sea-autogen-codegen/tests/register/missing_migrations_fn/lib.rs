impl MigratorTrait for Migrator {
    fn migration_table_name() -> DynIden { todo!() }
}
