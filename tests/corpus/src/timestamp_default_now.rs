//! A NOT NULL timestamp column defaulting to `CURRENT_TIMESTAMP` is added to a table with rows. SQLite refuses a
//! non-constant default in `ALTER TABLE ADD COLUMN`, so there it is a table rebuild.

use crate::Case;

pub const CASE: Case = Case {
    name: "timestamp_default_now",
    about: "a timestamp column defaulting to the current time added",
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
            pub name: String,
            #[sea_orm(default_expr = "Expr::current_timestamp()")]
            pub created_at: DateTime,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
