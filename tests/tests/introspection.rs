//! Introspection of what the catalog holds beyond the walkthrough: comments, composite keys in key order,
//! foreign-key actions, unique constraints, and indexes sea-autogen does not model, on PostgreSQL and MariaDB.

use sea_autogen_introspect::{Options, introspect};
use sea_autogen_schema::{Backend as SchemaBackend, ForeignKeyAction};
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
        "CREATE INDEX idx_member_org_code ON member (org, code)",
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
    assert_eq!(
        member.indexes.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        ["idx_member_org_code"]
    );
    assert_eq!(
        member.unmanaged,
        [
            "partial index idx_member_active",
            "expression index idx_member_lower_email"
        ]
    );

    // Unmanaged objects never make a difference; the plan names them.
    let plan = sea_autogen_diff::diff(&schema, &schema, SchemaBackend::Postgres);
    assert!(!plan.has_differences());
    assert_eq!(plan.warnings.len(), 2);
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
