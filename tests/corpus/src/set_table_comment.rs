//! A table gains a comment: `COMMENT ON TABLE` on PostgreSQL, `ALTER TABLE ... COMMENT` on MySQL.

use crate::Case;

pub const CASE: Case = Case {
    name: "set_table_comment",
    about: "a table comment set",
    rows: &["INSERT INTO person (id, name) VALUES (1, 'Ada'), (2, 'Bob')"],
    skip: &[("sqlite", "SQLite has no column or table comments")],
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
        #[sea_orm(table_name = "person", comment = "people we know")]
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
