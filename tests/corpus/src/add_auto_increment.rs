//! A key becomes auto-increment: an identity on PostgreSQL (continuing after the rows there), `AUTO_INCREMENT` on
//! MySQL, `AUTOINCREMENT` by rebuild on SQLite.

use crate::Case;

pub const CASE: Case = Case {
    name: "add_auto_increment",
    about: "an id made auto-increment",
    rows: &["INSERT INTO counter (id, name) VALUES (1, 'a'), (7, 'b')"],
    skip: &[],
};

pub mod before {
    pub mod counter {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "counter")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: i32,
            pub name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod counter {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "counter")]
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
