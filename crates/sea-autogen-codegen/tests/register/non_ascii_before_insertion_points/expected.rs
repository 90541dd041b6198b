mod m1; // créé le 1er — «init» 🚀
mod m2;
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        /* 日本語 */ vec![/* ä */ Box::new(m1::Migration), /* ö */
            Box::new(m2::Migration),
        ] // ü
    }
}
