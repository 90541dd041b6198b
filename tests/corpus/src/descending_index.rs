//! A descending index is added; the direction reads back from every backend.

use crate::Case;

pub const CASE: Case = Case {
    name: "descending_index",
    about: "a descending index added",
    rows: &[
        "INSERT INTO event (id, title, at) VALUES (1, 'launch', '2024-01-02 03:04:05')",
        "INSERT INTO event (id, title, at) VALUES (2, 'review', '2024-02-03 04:05:06')",
    ],
    skip: &[],
};

pub mod before {
    pub mod event {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "event")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            pub at: DateTime,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod event {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "event")]
        #[autogen(index(name = "idx_event_recent", columns("at desc")))]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            pub at: DateTime,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
