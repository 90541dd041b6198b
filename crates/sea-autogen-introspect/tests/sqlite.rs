//! SQLite introspection against a real in-memory database: every object kind the model covers, and the number
//! of catalog queries staying the same whatever the number of tables.

use sea_autogen_introspect::{Options, introspect};
use sea_autogen_schema::{
    Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table, Unique, normalize_expr,
};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

async fn database(ddl: &str) -> DatabaseConnection {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    for statement in ddl.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    db
}

#[tokio::test]
async fn reads_every_object_kind() {
    let db = database(
        r#"
        CREATE TABLE "user_account" (
            "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
            "name" varchar(50) NOT NULL UNIQUE,
            "karma" bigint NOT NULL DEFAULT 0,
            "bio" text DEFAULT 'none yet',
            "created" datetime_text NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        CREATE TABLE "membership" (
            "user_id" integer NOT NULL,
            "team" varchar(20) NOT NULL,
            "role" varchar NULL,
            PRIMARY KEY ("user_id", "team"),
            FOREIGN KEY ("user_id") REFERENCES "user_account" ("id") ON DELETE CASCADE ON UPDATE RESTRICT
        );
        CREATE TABLE "grant" (
            "id" integer NOT NULL PRIMARY KEY,
            "user_id" integer NOT NULL,
            "team" varchar(20) NOT NULL,
            FOREIGN KEY ("user_id", "team") REFERENCES "membership" ("user_id", "team")
        );
        CREATE INDEX "idx-membership-team-role" ON "membership" ("team", "role");
        CREATE UNIQUE INDEX "idx-grant-user" ON "grant" ("user_id", "id");
        CREATE INDEX "idx-expression" ON "user_account" (lower("name"));
        CREATE TABLE "seaql_migrations" ("version" varchar NOT NULL PRIMARY KEY, "applied_at" integer NOT NULL)
        "#,
    )
    .await;
    let schema = introspect(&db, &Options::ignoring(["seaql_migrations"])).await.unwrap();

    let user_account = Table {
        columns: vec![
            Column::new("id", ColumnType::Integer).auto_increment(),
            Column::new("name", ColumnType::String(Some(50))),
            Column::new("karma", ColumnType::BigInteger).default_sql("0"),
            Column::new("bio", ColumnType::Text)
                .nullable()
                .default_sql("'none yet'"),
            Column::new("created", ColumnType::DateTime).default_sql("CURRENT_TIMESTAMP"),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        uniques: vec![Unique {
            name: None,
            columns: vec!["name".into()],
        }],
        // The expression index is named rather than mangled, so it is never dropped by mistake.
        unmanaged: vec!["expression index idx-expression".into()],
        ..Table::new("user_account")
    };
    let membership = Table {
        columns: vec![
            Column::new("user_id", ColumnType::Integer),
            Column::new("team", ColumnType::String(Some(20))),
            Column::new("role", ColumnType::String(None)).nullable(),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["user_id".into(), "team".into()],
        }),
        indexes: vec![Index {
            name: "idx-membership-team-role".into(),
            columns: vec!["team".into(), "role".into()],
            unique: false,
            ..Index::default()
        }],
        foreign_keys: vec![ForeignKey {
            name: None,
            columns: vec!["user_id".into()],
            ref_table: "user_account".into(),
            ref_columns: vec!["id".into()],
            on_delete: Some(ForeignKeyAction::Cascade),
            on_update: Some(ForeignKeyAction::Restrict),
            ..ForeignKey::default()
        }],
        ..Table::new("membership")
    };
    let grant = Table {
        columns: vec![
            // A plain INTEGER PRIMARY KEY without AUTOINCREMENT is not what SeaORM calls auto-increment.
            Column::new("id", ColumnType::Integer),
            Column::new("user_id", ColumnType::Integer),
            Column::new("team", ColumnType::String(Some(20))),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        indexes: vec![Index {
            name: "idx-grant-user".into(),
            columns: vec!["user_id".into(), "id".into()],
            unique: true,
            ..Index::default()
        }],
        foreign_keys: vec![ForeignKey {
            name: None,
            columns: vec!["user_id".into(), "team".into()],
            ref_table: "membership".into(),
            ref_columns: vec!["user_id".into(), "team".into()],
            on_delete: None,
            on_update: None,
            ..ForeignKey::default()
        }],
        ..Table::new("grant")
    };
    assert_eq!(schema, Schema::from_tables([user_account, membership, grant]));
}

#[tokio::test]
async fn references_to_an_implicit_primary_key_are_resolved() {
    let db = database(
        r#"
        CREATE TABLE parent (id integer PRIMARY KEY);
        CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent)
        "#,
    )
    .await;
    let schema = introspect(&db, &Options::default()).await.unwrap();
    let fk = &schema.table("child").unwrap().foreign_keys[0];
    assert_eq!(
        (fk.ref_table.as_str(), fk.ref_columns.as_slice()),
        ("parent", &["id".to_owned()][..])
    );
}

#[tokio::test]
async fn an_empty_database_has_no_tables() {
    let db = database("").await;
    assert_eq!(introspect(&db, &Options::default()).await.unwrap(), Schema::new());
}

#[tokio::test]
async fn reads_checks_descending_and_partial_indexes_from_the_stored_sql() {
    let db = database(
        r#"
        CREATE TABLE "item" (
            "id" integer NOT NULL PRIMARY KEY,
            "price" real NOT NULL CHECK ("price" > 0),
            "note" text, -- a CHECK (in a comment) is no check
            "at" text NOT NULL,
            CONSTRAINT "ck_item_note" CHECK (length("note") > 2 OR "note" IS NULL)
        );
        CREATE INDEX "idx_item_recent" ON "item" ("price", "at" DESC);
                CREATE INDEX "idx_item_noted" ON "item" ("at") WHERE "note" IS NOT NULL;
                CREATE VIEW "noted" AS SELECT "id" FROM "item" WHERE "note" IS NOT NULL;
        "#,
    )
    .await;
    // A trigger body holds semicolons: one statement of its own.
    db.execute_unprepared(r#"CREATE TRIGGER "item_touch" AFTER UPDATE ON "item" BEGIN SELECT 1; END"#)
        .await
        .unwrap();
    let schema = introspect(&db, &Options::default()).await.unwrap();
    let item = schema.table("item").unwrap();
    let checks: Vec<_> = item
        .checks
        .iter()
        .map(|c| (c.name.as_deref(), normalize_expr(&c.expr)))
        .collect();
    assert_eq!(
        checks,
        [
            (None, "price > 0".to_owned()),
            (Some("ck_item_note"), "length(note) > 2 or note is null".to_owned())
        ]
    );
    let recent = item.indexes.iter().find(|i| i.name == "idx_item_recent").unwrap();
    assert_eq!(
        (recent.columns.as_slice(), recent.descending.as_slice()),
        (&["price".to_owned(), "at".to_owned()][..], &["at".to_owned()][..])
    );
    let noted = item.indexes.iter().find(|i| i.name == "idx_item_noted").unwrap();
    assert_eq!(noted.predicate.as_deref(), Some(r#""note" IS NOT NULL"#));
    assert_eq!(
        item.unmanaged,
        ["trigger item_touch"],
        "a table with a trigger is never rebuilt"
    );
    assert_eq!(schema.unmanaged, ["view noted"]);
    assert!(schema.table("noted").is_none());
}
