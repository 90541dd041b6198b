mod create_users;
mod add_posts;
mod util;
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(create_users::Migration),
            Box::new(add_posts::Migration),
        ]
    }
}
