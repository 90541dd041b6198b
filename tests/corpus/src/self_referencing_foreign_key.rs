//! A nullable column referencing the table's own key is added to a table with rows.

use crate::Case;

pub const CASE: Case = Case {
    name: "self_referencing_foreign_key",
    about: "a self-referencing foreign key column added",
    rows: &["INSERT INTO category (id, name) VALUES (1, 'books'), (2, 'music')"],
    skip: &[],
};

pub mod before {
    pub mod category {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "category")]
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
    pub mod category {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "category")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            pub parent_id: Option<i32>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
            Parent,
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}
