//! `hostile_names`: the entities after the change (see case.toml).

pub mod order_line {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "Order \"Line\" `x` it's")]
    #[autogen(renamed_from = "select")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_name = "Label `renamed`", renamed_from = "Mixed Case \"label\"")]
        pub label: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::naive::Entity")]
        Naive,
    }

    impl Related<super::naive::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Naive.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod naive {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "naïve ünïcode 名前")]
    #[autogen(index(
        name = "ix naïve's long",
        columns("a_column_name_exactly_sixty_three_bytes_long_for_postgres_00063")
    ))]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_name = "order id")]
        pub order_id: i32,
        #[sea_orm(column_name = "a_column_name_exactly_sixty_three_bytes_long_for_postgres_00063")]
        pub long: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::order_line::Entity",
            from = "Column::OrderId",
            to = "super::order_line::Column::Id",
            on_delete = "Cascade"
        )]
        OrderLine,
    }

    impl Related<super::order_line::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::OrderLine.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
