//! `every_type_table`: the entities after the change (see case.toml).

pub mod person {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "person")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod every_type {
    use sea_autogen::Autogen;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
    #[sea_orm(table_name = "every_type")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub tiny: i8,
        pub small: i16,
        pub int: i32,
        pub big: i64,
        pub unsigned: u32,
        pub real: f32,
        pub double: f64,
        pub flag: bool,
        pub name: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        #[sea_orm(column_type = "Char(Some(3))")]
        pub code: String,
        #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
        pub price: Decimal,
        pub day: Date,
        pub at: DateTime,
        pub at_utc: DateTimeUtc,
        pub time: Time,
        pub uid: Uuid,
        pub doc: Json,
        pub bytes: Vec<u8>,
        pub maybe: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
