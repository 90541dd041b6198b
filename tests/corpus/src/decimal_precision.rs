//! A decimal(10, 2) column becomes decimal(12, 4). The rows leave it NULL: compared as text, a value would read
//! `1.50` before and `1.5000` after on PostgreSQL and MySQL, though it is the same number.

use crate::Case;

pub const CASE: Case = Case {
    name: "decimal_precision",
    about: "decimal(10, 2) changed to decimal(12, 4)",
    rows: &["INSERT INTO product (id, name, price) VALUES (1, 'pen', NULL), (2, 'ink', NULL)"],
    skip: &[],
};

pub mod before {
    pub mod product {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "product")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
            pub price: Option<Decimal>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

pub mod after {
    pub mod product {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "product")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            #[sea_orm(column_type = "Decimal(Some((12, 4)))")]
            pub price: Option<Decimal>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
