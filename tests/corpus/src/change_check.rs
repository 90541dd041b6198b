//! A check constraint's expression changes under the same name; the rows satisfy both.

use crate::Case;

pub const CASE: Case = Case {
    name: "change_check",
    about: "a check constraint changed",
    rows: &["INSERT INTO product (id, name, price) VALUES (1, 'pen', 3), (2, 'ink', 12)"],
    skip: &[],
};

pub mod before {
    pub mod product {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "product")]
        #[autogen(check(name = "ck_product_price", expr = "price >= 0"))]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            pub price: i32,
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
        #[autogen(check(name = "ck_product_price", expr = "price > 0 AND price < 1000"))]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            pub price: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
