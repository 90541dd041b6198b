//! The registry sees each `#[derive(Autogen)]` entity exactly once, in compact and dense format alike, and builds
//! its table from SeaORM's own metadata.

use sea_autogen::registry::{desired_schema, entities};
use sea_autogen_schema::{Backend, ColumnType, ForeignKeyAction, Index, Unique};

mod dense {
    pub mod author {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        // Dense format: SeaORM also expands a `ModelEx` carrying the same derives, `Autogen` included.
        #[sea_orm::model]
        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "author")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            #[sea_orm(unique)]
            pub email: String,
            #[sea_orm(has_many)]
            pub books: HasMany<super::book::Entity>,
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod book {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        #[sea_orm::model]
        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Autogen)]
        #[sea_orm(table_name = "book")]
        #[autogen(index(name = "idx_book_author_title", columns("author_id", "title"), unique))]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i64,
            #[sea_orm(indexed)]
            pub title: String,
            pub price: Option<Decimal>,
            pub author_id: i32,
            #[sea_orm(belongs_to, from = "author_id", to = "id", on_delete = "Cascade")]
            pub author: HasOne<super::author::Entity>,
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}

// Declared only to show that `#[autogen(skip)]` registers nothing; nothing else uses it.
#[allow(dead_code)]
mod compact {
    pub mod skipped {
        use sea_autogen::Autogen;
        use sea_orm::entity::prelude::*;

        /// An entity over something the migrations do not manage.
        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Autogen)]
        #[autogen(skip)]
        #[sea_orm(table_name = "report_view")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

#[test]
fn dense_entities_register_once() {
    let found: Vec<&str> = entities("registry::dense").iter().map(|e| e.module_path()).collect();
    assert_eq!(found, ["registry::dense::author", "registry::dense::book"]);
}

#[test]
fn skipped_entities_are_left_out() {
    assert!(entities("registry::compact").is_empty());
    let err = desired_schema(Backend::Sqlite, "registry::compact")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no entities are registered under `registry::compact`"),
        "{err}"
    );
}

#[test]
fn tables_come_from_sea_orm_metadata() {
    let schema = desired_schema(Backend::Sqlite, "registry::dense").unwrap();
    assert_eq!(schema.tables.keys().collect::<Vec<_>>(), ["author", "book"]);

    let author = schema.table("author").unwrap();
    assert_eq!(
        author.uniques,
        [Unique {
            name: None,
            columns: vec!["email".into()]
        }]
    );

    let book = schema.table("book").unwrap();
    let id = book.column("id").unwrap();
    assert_eq!(
        (id.ty.clone(), id.auto_increment, id.nullable),
        (ColumnType::BigInteger, true, false)
    );
    let price = book.column("price").unwrap();
    assert!(price.nullable);
    assert!(matches!(price.ty, ColumnType::Decimal(_)), "{:?}", price.ty);
    assert_eq!(book.primary_key.as_ref().unwrap().columns, ["id"]);
    assert_eq!(book.foreign_keys.len(), 1);
    let fk = &book.foreign_keys[0];
    assert_eq!(
        (fk.columns.as_slice(), fk.ref_table.as_str()),
        (&["author_id".to_owned()][..], "author")
    );
    assert_eq!(fk.on_delete, Some(ForeignKeyAction::Cascade));
    assert_eq!(
        book.indexes,
        [
            Index {
                name: "idx-book-title".into(),
                columns: vec!["title".into()],
                unique: false,
                ..Index::default()
            },
            Index {
                name: "idx_book_author_title".into(),
                columns: vec!["author_id".into(), "title".into()],
                unique: true,
                ..Index::default()
            },
        ]
    );
}
