//! A partial index (`where = ...`) is added; its predicate reads back as written.

use crate::Case;

pub const CASE: Case = Case {
    name: "partial_index",
    about: "a partial index added",
    rows: &["INSERT INTO task (id, title, due) VALUES (1, 'write', '2024-01-02'), (2, 'read', NULL)"],
    skip: &[("mysql", "MySQL and MariaDB have no partial indexes")],
};

pub mod before {
    pub mod task {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "task")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            pub due: Option<Date>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod task {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "task")]
        #[autogen(index(name = "idx_task_due", columns("due"), where = "due IS NOT NULL"))]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            pub due: Option<Date>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
