//! Two new tables that reference each other: on PostgreSQL and MySQL one reference is added once both exist (and
//! dropped first on the way down); SQLite takes references to tables still to come.

use crate::Case;

pub const CASE: Case = Case {
    name: "foreign_key_cycle",
    about: "two new tables referencing each other",
    rows: &["INSERT INTO farm (id) VALUES (1)"],
    skip: &[],
};

pub mod before {
    pub mod farm {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "farm")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod farm {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "farm")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod hen {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "hen")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub egg_id: Option<i32>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::egg::Entity",
                from = "Column::EggId",
                to = "super::egg::Column::Id"
            )]
            Egg,
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod egg {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "egg")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub hen_id: Option<i32>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::hen::Entity",
                from = "Column::HenId",
                to = "super::hen::Column::Id"
            )]
            Hen,
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}
