//! A column renamed with SeaORM's `#[sea_orm(renamed_from = "...")]`: renamed in place, its values kept; `down`
//! renames it back.

use crate::Case;

pub const CASE: Case = Case {
    name: "rename_column",
    about: "a column renamed with a hint",
    rows: &["INSERT INTO person (id, name) VALUES (1, 'Ada'), (2, 'Bob')"],
    skip: &[],
};

pub mod before {
    pub mod person {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "person")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod person {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "person")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            #[sea_orm(renamed_from = "name")]
            pub full_name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
