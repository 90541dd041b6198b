//! `typed_defaults_dropped`: the entities after the change (see case.toml).

pub mod setting {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "setting")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
