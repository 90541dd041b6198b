//! The blog's migrations, in the order they apply. `cargo autogen revision` adds to this list.

pub use sea_orm_migration::prelude::*;

mod m20261126_162719_create_users_and_posts;
mod m20261126_162733_add_tags;
mod m20261126_162742_publishing;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_162719_create_users_and_posts::Migration),
            Box::new(m20261126_162733_add_tags::Migration),
            Box::new(m20261126_162742_publishing::Migration),
        ]
    }
}
