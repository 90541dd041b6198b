//! An integer column is widened to a big integer; every row keeps its value.

use crate::Case;

pub const CASE: Case = Case {
    name: "widen_integer",
    about: "i32 widened to i64",
    rows: &["INSERT INTO counter (id, hits) VALUES (1, 0), (2, 2147483647), (3, -5)"],
    skip: &[(
        "sqlite",
        "SQLite integers are all 64-bit: integer and bigint are the same type there",
    )],
};

pub mod before {
    pub mod counter {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "counter")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub hits: i32,
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
            pub hits: i64,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
