//! Introspection of what the catalog holds beyond the walkthrough: comments, composite keys in key order,
//! foreign-key actions, unique constraints, check constraints, enums, arrays, descending and partial indexes,
//! other PostgreSQL schemas, and indexes sea-autogen does not model, on PostgreSQL and MariaDB; MariaDB's LONGTEXT
//! apart from its JSON; PostgreSQL tables that inherit from another, left to their parent.

use sea_autogen_diff::diff;
use sea_autogen_introspect::{Options, introspect};
use sea_autogen_migration::execute::apply;
use sea_autogen_schema::{Backend as SchemaBackend, ColumnType, ForeignKeyAction, Schema, normalize_expr};
use sea_autogen_tests::{Backend, TestDb, connect};
use sea_orm::ConnectionTrait;

#[tokio::test]
async fn postgres_catalog_details() {
    let Some(server) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let db = connect(&server.url).await;
    for sql in [
        "CREATE TABLE team (org integer NOT NULL, code varchar(10) NOT NULL, label text, PRIMARY KEY (code, org))",
        "COMMENT ON TABLE team IS 'teams of an organisation'",
        "COMMENT ON COLUMN team.label IS 'shown in the UI'",
        "CREATE TABLE member (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org integer, code varchar(10), \
         email varchar(100) NOT NULL, CONSTRAINT uq_member_email UNIQUE (email), \
         CONSTRAINT fk_member_team FOREIGN KEY (code, org) REFERENCES team (code, org) ON DELETE SET NULL)",
        "CREATE INDEX idx_member_lower_email ON member (lower(email))",
        "CREATE INDEX idx_member_active ON member (org) WHERE code IS NOT NULL",
        "CREATE INDEX idx_member_org_code ON member (org, code DESC)",
        "CREATE TYPE mood AS ENUM ('happy', 'it''s complicated')",
        "CREATE TABLE diary (id serial PRIMARY KEY, mood mood NOT NULL DEFAULT 'happy', scores integer[], \
         tags varchar(20)[] NOT NULL, price numeric(10, 2) NOT NULL, \
         CONSTRAINT ck_diary_price CHECK (price > 0 AND price < 1000))",
        "CREATE SCHEMA archive",
        "CREATE TABLE archive.old_diary (id integer PRIMARY KEY, diary_id integer REFERENCES public.diary (id), \
         note text CHECK (length(note) > 2))",
        "CREATE TABLE archive.invisible (id integer PRIMARY KEY)",
        "CREATE VIEW active_member AS SELECT id FROM member WHERE code IS NOT NULL",
        "CREATE SEQUENCE invoice_number",
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        "CREATE TRIGGER member_touch BEFORE UPDATE ON member FOR EACH ROW EXECUTE FUNCTION touch()",
    ] {
        db.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let schema = introspect(&db, &Options::default()).await.unwrap();

    let team = schema.table("team").unwrap();
    assert_eq!(team.comment.as_deref(), Some("teams of an organisation"));
    assert_eq!(
        team.column("label").unwrap().comment.as_deref(),
        Some("shown in the UI")
    );
    assert_eq!(
        team.primary_key.as_ref().unwrap().columns,
        ["code", "org"],
        "key order, not column order"
    );

    let member = schema.table("member").unwrap();
    assert!(
        member.column("id").unwrap().auto_increment,
        "identity columns are auto-increment"
    );
    assert_eq!(member.uniques[0].name.as_deref(), Some("uq_member_email"));
    let fk = &member.foreign_keys[0];
    assert_eq!(
        (fk.columns.clone(), fk.ref_columns.clone()),
        (vec!["code".into(), "org".into()], vec!["code".into(), "org".into()])
    );
    assert_eq!(fk.on_delete, Some(ForeignKeyAction::SetNull));
    let indexes: Vec<_> = member
        .indexes
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.descending.clone(),
                i.predicate.as_deref().map(normalize_expr),
            )
        })
        .collect();
    assert_eq!(
        indexes,
        [
            ("idx_member_active", vec![], Some("code is not null".to_owned())),
            ("idx_member_org_code", vec!["code".to_owned()], None),
        ]
    );
    assert_eq!(member.unmanaged, ["expression index idx_member_lower_email"]);

    // Enums with their values in order, arrays as their exact type, checks with their expression.
    assert_eq!(schema.enums["mood"], ["happy", "it's complicated"]);
    let diary = schema.table("diary").unwrap();
    assert_eq!(
        diary.column("mood").unwrap().ty,
        ColumnType::Enum {
            name: "mood".into(),
            variants: vec!["happy".into(), "it's complicated".into()]
        }
    );
    assert_eq!(
        diary.column("scores").unwrap().ty,
        ColumnType::Array(Box::new(ColumnType::Integer))
    );
    assert_eq!(
        diary.column("tags").unwrap().ty,
        ColumnType::Array(Box::new(ColumnType::String(Some(20))))
    );
    assert_eq!(diary.checks.len(), 1);
    assert_eq!(diary.checks[0].name.as_deref(), Some("ck_diary_price"));
    assert_eq!(normalize_expr(&diary.checks[0].expr), "price > 0 and price < 1000");

    // Other schemas are read only when asked for, and their tables carry the schema.
    assert!(schema.table("old_diary").is_none() && schema.table("archive.old_diary").is_none());
    let options = Options {
        schemas: ["archive".to_owned()].into(),
        ..Options::default()
    };
    let with_archive = introspect(&db, &options).await.unwrap();
    let old = with_archive.table("archive.old_diary").unwrap();
    assert_eq!(
        (old.schema.as_deref(), old.name.as_str()),
        (Some("archive"), "old_diary")
    );
    assert_eq!(
        old.foreign_keys[0].ref_key(),
        "diary",
        "a reference into the default schema is unqualified"
    );
    assert_eq!(normalize_expr(&old.checks[0].expr), "length(note) > 2");
    assert!(with_archive.table("archive.invisible").is_some());
    assert_eq!(with_archive.tables.len(), schema.tables.len() + 2);

    // What is not a table is named, never touched: serial and identity sequences belong to their columns.
    assert_eq!(
        schema.unmanaged,
        [
            "function touch",
            "sequence invoice_number",
            "trigger member_touch on member",
            "view active_member"
        ]
    );

    // Unmanaged objects never make a difference; the plan names them, and dropping every table keeps them.
    let plan = diff(&schema, &schema, SchemaBackend::Postgres);
    assert!(!plan.has_differences());
    assert_eq!(plan.warnings.len(), 2, "{:#?}", plan.warnings);
    assert!(plan.warnings[0].message.contains("view active_member"));
}

#[tokio::test]
async fn mariadb_catalog_details() {
    let Some(server) = TestDb::create(Backend::Mysql).await else {
        return;
    };
    let db = connect(&server.url).await;
    for sql in [
        "CREATE TABLE team (org int NOT NULL, code varchar(10) NOT NULL, label text COMMENT 'shown in the UI', \
         PRIMARY KEY (code, org)) COMMENT 'teams of an organisation'",
        "CREATE TABLE member (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, org int, code varchar(10), \
         email varchar(100) NOT NULL, CONSTRAINT uq_member_email UNIQUE (email), \
         CONSTRAINT fk_member_team FOREIGN KEY (code, org) REFERENCES team (code, org) ON DELETE SET NULL)",
        "CREATE TABLE diary (id int PRIMARY KEY, mood enum('happy','it''s complicated') NOT NULL, doc json, \
         price decimal(10, 2) NOT NULL CHECK (price > 0), at datetime NOT NULL, \
         CONSTRAINT ck_diary_cap CHECK (price < 1000))",
        "CREATE INDEX idx_diary_recent ON diary (mood, at DESC)",
        "CREATE VIEW cheap AS SELECT id FROM diary WHERE price < 10",
        "CREATE TRIGGER diary_touch BEFORE UPDATE ON diary FOR EACH ROW SET NEW.price = NEW.price",
    ] {
        db.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let schema = introspect(&db, &Options::default()).await.unwrap();
    let diary = schema.table("diary").unwrap();
    assert_eq!(
        diary.column("mood").unwrap().ty,
        ColumnType::Enum {
            name: String::new(),
            variants: vec!["happy".into(), "it's complicated".into()]
        }
    );
    // MariaDB's own `json_valid` check on a JSON column is part of the type, not a check of ours.
    let mut checks: Vec<_> = diary
        .checks
        .iter()
        .map(|c| (c.name.clone().unwrap(), normalize_expr(&c.expr)))
        .collect();
    checks.sort();
    assert_eq!(
        checks,
        [
            ("ck_diary_cap".to_owned(), "price < 1000".to_owned()),
            ("price".to_owned(), "price > 0".to_owned())
        ]
    );
    let recent = diary.indexes.iter().find(|i| i.name == "idx_diary_recent").unwrap();
    assert_eq!(recent.descending, ["at"]);
    assert_eq!(schema.unmanaged, ["trigger diary_touch on diary", "view cheap"]);
    assert!(schema.table("cheap").is_none(), "a view is not a table");
    let team = schema.table("team").unwrap();
    assert_eq!(team.comment.as_deref(), Some("teams of an organisation"));
    assert_eq!(
        team.column("label").unwrap().comment.as_deref(),
        Some("shown in the UI")
    );
    assert_eq!(team.primary_key.as_ref().unwrap().columns, ["code", "org"]);
    let member = schema.table("member").unwrap();
    assert!(member.column("id").unwrap().auto_increment);
    let fk = &member.foreign_keys[0];
    assert_eq!(fk.columns, ["code", "org"]);
    assert_eq!(fk.on_delete, Some(ForeignKeyAction::SetNull));
    // The index MariaDB adds for the foreign key belongs to it; the unique constraint reads as a unique index.
    assert_eq!(
        member
            .indexes
            .iter()
            .map(|i| (i.name.as_str(), i.unique))
            .collect::<Vec<_>>(),
        [("uq_member_email", true)]
    );
}

/// An entity with a genuine LONGTEXT column and a JSON one.
mod note {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "note")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(column_type = "custom(\"longtext\")")]
        pub body: String,
        pub data: Json,
        pub extra: Option<Json>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// MariaDB's JSON is LONGTEXT with a column-level `json_valid(column)` check it adds itself: a column is JSON only
/// with that check on it (also after a rename, when the check keeps the old column's name), and a genuine LONGTEXT,
/// MEDIUMTEXT or TINYTEXT reads as what it is. An entity declaring `custom("longtext")` beside `Json` columns
/// round-trips: created, read back as declared, no difference.
#[tokio::test]
async fn mariadb_longtext_is_not_json() {
    let Some(server) = TestDb::create(Backend::Mysql).await else {
        return;
    };
    let db = connect(&server.url).await;
    for sql in [
        "CREATE TABLE doc (id int PRIMARY KEY, body longtext NOT NULL, summary mediumtext, tag tinytext, data json, \
         old json, meta longtext CHECK (json_valid(meta)), raw longtext, \
         CONSTRAINT ck_doc_raw CHECK (json_valid(raw)))",
        "ALTER TABLE doc RENAME COLUMN old TO renamed",
        "INSERT INTO doc (id, body, data, raw) VALUES (1, 'plain text, not json', '{\"a\": 1}', '[]')",
    ] {
        db.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let schema = introspect(&db, &Options::default()).await.unwrap();
    let doc = schema.table("doc").unwrap();
    let types: Vec<(&str, &ColumnType)> = doc.columns.iter().map(|c| (c.name.as_str(), &c.ty)).collect();
    let custom = |s: &str| ColumnType::Custom(s.into());
    assert_eq!(
        types,
        [
            ("id", &ColumnType::Integer),
            ("body", &custom("longtext")),
            ("summary", &custom("mediumtext")),
            ("tag", &custom("tinytext")),
            ("data", &ColumnType::Json),
            ("renamed", &ColumnType::Json),
            // A column-level json_valid check is what MariaDB's JSON is: the same column.
            ("meta", &ColumnType::Json),
            ("raw", &custom("longtext")),
        ]
    );
    // The checks JSON implies are part of the type; a table-level one is a check of its own.
    let checks: Vec<_> = doc
        .checks
        .iter()
        .map(|c| (c.name.clone().unwrap(), normalize_expr(&c.expr)))
        .collect();
    assert_eq!(checks, [("ck_doc_raw".to_owned(), "json_valid(raw)".to_owned())]);

    let wanted = Schema::from_tables([sea_autogen::registry::table_of::<note::Entity>(SchemaBackend::Mysql).unwrap()]);
    let entity = wanted.table("note").unwrap();
    assert_eq!(entity.column("body").unwrap().ty, custom("longtext"));
    assert_eq!(entity.column("data").unwrap().ty, ColumnType::Json);
    apply(&db, &diff(&Schema::new(), &wanted, SchemaBackend::Mysql).changes)
        .await
        .unwrap();
    let read = introspect(&db, &Options::default()).await.unwrap();
    let note = read.table("note").unwrap();
    let types: Vec<(&str, &ColumnType)> = note.columns.iter().map(|c| (c.name.as_str(), &c.ty)).collect();
    assert_eq!(
        types,
        [
            ("id", &ColumnType::Integer),
            ("body", &custom("longtext")),
            ("data", &ColumnType::Json),
            ("extra", &ColumnType::Json),
        ]
    );
    assert!(note.checks.is_empty(), "{:?}", note.checks);
    let mut just_note = read.clone();
    just_note.tables.retain(|name, _| name == "note");
    let plan = diff(&just_note, &wanted, SchemaBackend::Mysql);
    assert!(!plan.has_differences(), "{plan:#?}");
}

/// Children of the partitioning PostgreSQL had before version 10 (`INHERITS`) belong to their parent: none of their
/// columns, keys, checks or indexes is read, each is named in `unmanaged`, and the plan never drops them. The
/// parent stays a table like any other.
#[tokio::test]
async fn postgres_inherited_tables_are_left_alone() {
    let Some(server) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let db = connect(&server.url).await;
    for sql in [
        "CREATE TABLE payment (id integer PRIMARY KEY, amount numeric(10, 2) NOT NULL, paid date NOT NULL, \
         CONSTRAINT ck_payment_amount CHECK (amount >= 0))",
        "CREATE INDEX idx_payment_paid ON payment (paid)",
        "CREATE TABLE audit (changed_by text)",
        "CREATE TABLE payment_p2007_01 (CONSTRAINT ck_payment_p2007_01 CHECK (paid >= DATE '2007-01-01' \
         AND paid < DATE '2007-02-01')) INHERITS (payment)",
        "ALTER TABLE payment_p2007_01 ADD PRIMARY KEY (id)",
        "CREATE INDEX idx_payment_p2007_01_paid ON payment_p2007_01 (paid)",
        "CREATE TABLE payment_p2007_02 (note text DEFAULT 'late', CONSTRAINT uq_payment_p2007_02 UNIQUE (id), \
         CONSTRAINT fk_payment_p2007_02 FOREIGN KEY (id) REFERENCES payment_p2007_01 (id)) INHERITS (payment, audit)",
        "INSERT INTO payment_p2007_01 (id, amount, paid) VALUES (1, 10.50, '2007-01-15'), (2, 3.25, '2007-01-20')",
        "INSERT INTO payment_p2007_02 (id, amount, paid, changed_by) VALUES (1, 7.00, '2007-02-03', 'ada')",
    ] {
        db.execute_unprepared(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let schema = introspect(&db, &Options::default()).await.unwrap();
    assert_eq!(schema.tables.keys().collect::<Vec<_>>(), ["audit", "payment"]);
    assert_eq!(
        schema.unmanaged,
        [
            "inherited table payment_p2007_01 (inherits payment)",
            "inherited table payment_p2007_02 (inherits payment, audit)",
        ]
    );
    // The parent is read as it is, and nothing of its children leaks into it.
    let payment = schema.table("payment").unwrap();
    let columns: Vec<&str> = payment.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "amount", "paid"]);
    assert_eq!(payment.primary_key.as_ref().unwrap().columns, ["id"]);
    let indexes: Vec<&str> = payment.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["idx_payment_paid"]);
    let checks: Vec<_> = payment.checks.iter().map(|c| c.name.as_deref().unwrap()).collect();
    assert_eq!(checks, ["ck_payment_amount"]);
    assert!(payment.uniques.is_empty() && payment.foreign_keys.is_empty() && payment.unmanaged.is_empty());

    // Entities that have the parent and `audit` plan nothing: no drop of a child, one warning naming them.
    let wanted = Schema::from_tables([payment.clone(), schema.table("audit").unwrap().clone()]);
    let plan = diff(&schema, &wanted, SchemaBackend::Postgres);
    assert!(!plan.has_differences(), "{plan:#?}");
    assert_eq!(plan.warnings.len(), 1, "{:#?}", plan.warnings);
    assert!(
        plan.warnings[0]
            .message
            .contains("inherited table payment_p2007_01 (inherits payment)"),
        "{}",
        plan.warnings[0].message
    );
}
