//! A non-key column of a table that another table references, both with rows, changes type: in place on
//! PostgreSQL and MySQL; on SQLite the referenced table is rebuilt while the referencing rows point at it.

use crate::Case;

pub const CASE: Case = Case {
    name: "alter_referenced_parent_column",
    about: "a column of a referenced table changed type",
    rows: &[
        "INSERT INTO author (id, name) VALUES (1, 'Ada'), (2, 'Grace')",
        "INSERT INTO book (id, title, author_id) VALUES (10, 'Notes', 1), (11, 'Compilers', 2)",
    ],
    skip: &[],
};

pub mod before {
    pub mod author {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "author")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            #[sea_orm(column_type = "String(StringLen::N(40))")]
            pub name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(has_many = "super::book::Entity")]
            Book,
        }

        impl Related<super::book::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Book.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod book {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "book")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            pub author_id: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::author::Entity",
                from = "Column::AuthorId",
                to = "super::author::Column::Id",
                on_delete = "Cascade"
            )]
            Author,
        }

        impl Related<super::author::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Author.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod author {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "author")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            #[sea_orm(column_type = "Text")]
            pub name: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(has_many = "super::book::Entity")]
            Book,
        }

        impl Related<super::book::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Book.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod book {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "book")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            pub author_id: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::author::Entity",
                from = "Column::AuthorId",
                to = "super::author::Column::Id",
                on_delete = "Cascade"
            )]
            Author,
        }

        impl Related<super::author::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Author.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}
