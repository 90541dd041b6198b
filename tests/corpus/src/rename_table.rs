//! A table renamed with `#[autogen(renamed_from = "...")]`: renamed in place, its rows kept; `down` renames it
//! back.

use crate::Case;

pub const CASE: Case = Case {
    name: "rename_table",
    about: "a table renamed with a hint",
    rows: &["INSERT INTO people (id, name) VALUES (1, 'Ada'), (2, 'Bob')"],
    skip: &[],
};

pub mod before {
    pub mod people {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "people")]
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
        #[autogen(renamed_from = "people")]
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
