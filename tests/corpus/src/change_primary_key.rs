//! A primary key gains a second column: dropped and added again on PostgreSQL and MySQL, a rebuild on SQLite.

use crate::Case;

pub const CASE: Case = Case {
    name: "change_primary_key",
    about: "a primary key widened to two columns",
    rows: &["INSERT INTO link (a, b) VALUES (1, 1), (2, 1)"],
    skip: &[],
};

pub mod before {
    pub mod link {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "link")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub a: i32,
            pub b: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod link {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "link")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub a: i32,
            #[sea_orm(primary_key, auto_increment = false)]
            pub b: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
