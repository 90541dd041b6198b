//! `foreign_key_cycle`: the entities after the change (see case.toml).

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
