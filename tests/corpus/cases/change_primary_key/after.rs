//! `change_primary_key`: the entities after the change (see case.toml).

pub mod link {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "link")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub a: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub b: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
