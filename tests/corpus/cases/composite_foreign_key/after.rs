//! `composite_foreign_key`: the entities after the change (see case.toml).

pub mod edition {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "edition")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub book_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub number: i32,
        pub year: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::shipment::Entity")]
        Shipment,
    }

    impl Related<super::shipment::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Shipment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod shipment {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "shipment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub book_id: i32,
        pub number: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::edition::Entity",
            from = "(Column::BookId, Column::Number)",
            to = "(super::edition::Column::BookId, super::edition::Column::Number)",
            on_delete = "Cascade"
        )]
        Edition,
    }

    impl Related<super::edition::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Edition.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
