//! An index over two columns, in order, is added (`#[autogen(index(...))]`).

use crate::Case;

pub const CASE: Case = Case {
    name: "composite_index",
    about: "a two-column index added",
    rows: &["INSERT INTO person (id, last_name, first_name) VALUES (1, 'Lovelace', 'Ada'), (2, 'Hopper', 'Grace')"],
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
            pub last_name: String,
            pub first_name: String,
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
        #[autogen(index(name = "idx_person_name", columns("last_name", "first_name")))]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub last_name: String,
            pub first_name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
