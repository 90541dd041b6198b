//! `typed_defaults_dropped`: the entities before the change (see case.toml).

pub mod setting {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "setting")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[sea_orm(default_value = -3)]
        pub retries: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod flag {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "flag")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(default_value = true)]
        pub on: bool,
        #[sea_orm(default_value = false)]
        pub off: bool,
        #[sea_orm(default_value = 0)]
        pub hits: i32,
        #[sea_orm(default_value = -3)]
        pub retries: i32,
        #[sea_orm(default_value = 5000000000i64)]
        pub quota: i64,
        #[sea_orm(default_value = 1.5)]
        pub ratio: f64,
        #[sea_orm(default_value = -0.25)]
        pub weight: f64,
        #[sea_orm(default_value = "it's a \"q\" \\ é\nok")]
        pub label: String,
        #[sea_orm(default_expr = "Expr::current_timestamp()")]
        pub created_at: DateTime,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
