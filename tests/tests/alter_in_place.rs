//! Column and index changes on existing tables, applied in-process through the same decisions the generated code
//! is rendered from (`alter_steps`, the execute builders), on real databases: rows survive, a fresh diff is empty,
//! and the inverse plan brings back the schema as it was.

use sea_autogen_diff::diff;
use sea_autogen_migration::execute::apply;
use sea_autogen_schema::{
    Check, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table, Unique,
};
use sea_autogen_tests::round_trip::literal;
use sea_autogen_tests::{Backend, FreshDb, TestDb, connect, rows, schema};
use sea_orm::{ConnectionTrait, TransactionTrait};

/// `team` and `person`, where a person belongs to a team.
fn people(person: Table) -> Schema {
    let team = Table {
        columns: vec![Column::new("id", ColumnType::Integer)],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new("team")
    };
    Schema::from_tables([team, person])
}

fn person(columns: Vec<Column>) -> Table {
    Table {
        columns,
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new("person")
    }
}

fn member_of_team(on_delete: ForeignKeyAction) -> ForeignKey {
    ForeignKey {
        name: Some("fk_person_team".into()),
        columns: vec!["team_id".into()],
        ref_table: "team".into(),
        ref_columns: vec!["id".into()],
        on_delete: Some(on_delete),
        ..ForeignKey::default()
    }
}

fn before() -> Schema {
    let mut table = person(vec![
        Column::new("id", ColumnType::Integer),
        Column::new("name", ColumnType::String(Some(100))).nullable(),
        Column::new("age", ColumnType::Integer).default_sql("0"),
        Column::new("note", ColumnType::String(Some(20))),
        Column::new("team_id", ColumnType::Integer).nullable(),
    ]);
    table.indexes = vec![Index::new("idx_person_name", ["name"])];
    table.foreign_keys = vec![member_of_team(ForeignKeyAction::Cascade)];
    table.checks = vec![Check {
        name: Some("ck_person_age".into()),
        expr: "age >= 0".into(),
    }];
    people(table)
}

fn after() -> Schema {
    let mut note = Column::new("note", ColumnType::Text).nullable();
    note.comment = Some("free text".into());
    let mut by_age = Index::new("idx_person_age_name", ["age", "name"]);
    by_age.descending = vec!["age".into()];
    let mut table = person(vec![
        Column::new("id", ColumnType::Integer),
        Column::new("name", ColumnType::String(Some(100))),
        Column::new("age", ColumnType::BigInteger).default_sql("18"),
        note,
        Column::new("team_id", ColumnType::Integer).nullable(),
    ]);
    table.indexes = vec![by_age];
    table.foreign_keys = vec![member_of_team(ForeignKeyAction::SetNull)];
    table.uniques = vec![Unique {
        name: None,
        columns: vec!["name".into()],
    }];
    table.checks = vec![Check {
        name: Some("ck_person_age".into()),
        expr: "age >= 0 AND age < 200".into(),
    }];
    table.comment = Some("people we know".into());
    people(table)
}

async fn round_trip(backend: Backend) {
    let Some(server) = TestDb::create(backend).await else {
        return;
    };
    let db = connect(&server.url).await;
    let b = backend.schema_backend();
    apply(&db, &diff(&Schema::new(), &before(), b).changes).await.unwrap();
    for sql in [
        "INSERT INTO team (id) VALUES (5)",
        "INSERT INTO person (id, name, age, note, team_id) VALUES (1, 'Ada', 36, 'first', 5), (2, 'Bob', 7, 'x', NULL)",
    ] {
        db.execute_unprepared(sql).await.unwrap();
    }
    let as_before = schema(&db).await;

    let plan = diff(&as_before, &after(), b);
    let described: Vec<_> = plan.changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "drop foreign key person(team_id) -> team(id)",
            "drop check ck_person_age on person",
            "drop index idx_person_name on person",
            "alter column person.name (nullable)",
            "alter column person.age (type, default)",
            "alter column person.note (type, nullable, comment)",
            "create index idx_person_age_name on person",
            "add unique person(name)",
            "add check ck_person_age on person",
            "set comment of table person",
            "add foreign key person(team_id) -> team(id)",
        ],
        "{plan:#?}"
    );
    apply(&db, &plan.changes).await.unwrap();
    let as_after = schema(&db).await;
    let again = diff(&as_after, &after(), b);
    assert!(!again.has_differences(), "a fresh diff is empty: {again:#?}");
    let text = if backend == Backend::Mysql { "CHAR" } else { "text" };
    let sql =
        format!("SELECT CAST(id AS {text}) AS id, name, CAST(age AS {text}) AS age, note FROM person ORDER BY id");
    let expect = |row: [&str; 4]| row.map(|v| Some(v.to_owned())).to_vec();
    assert_eq!(
        rows(&db, &sql, &["id", "name", "age", "note"]).await,
        [expect(["1", "Ada", "36", "first"]), expect(["2", "Bob", "7", "x"])],
        "every row survives"
    );

    apply(&db, &plan.down()).await.unwrap();
    let restored = schema(&db).await;
    assert!(!diff(&restored, &as_before, b).has_differences());
    assert_eq!(restored.normalized(b), as_before.normalized(b));
}

#[tokio::test(flavor = "multi_thread")]
async fn columns_and_indexes_change_in_place_on_postgres() {
    round_trip(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn columns_and_indexes_change_in_place_on_mariadb() {
    round_trip(Backend::Mysql).await;
}

/// SQLite cannot alter columns: the same change is one copy-and-swap rebuild, in one transaction, that keeps the
/// rows and the foreign key a second table holds on it.
#[tokio::test(flavor = "multi_thread")]
async fn sqlite_rebuilds_the_table_keeping_rows_and_references() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("rebuild.sqlite3").display());
    let db = connect(&url).await;
    let b = Backend::Sqlite.schema_backend();
    let child = Table {
        columns: vec![
            Column::new("id", ColumnType::Integer),
            Column::new("person_id", ColumnType::Integer),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        foreign_keys: vec![sea_autogen_schema::ForeignKey {
            columns: vec!["person_id".into()],
            ref_table: "person".into(),
            ref_columns: vec!["id".into()],
            ..Default::default()
        }],
        ..Table::new("pet")
    };
    let with_child = |mut s: Schema| {
        s.tables.insert("pet".into(), child.clone());
        s
    };
    let in_transaction = |changes: Vec<sea_autogen_diff::Change>| {
        let db = &db;
        async move {
            let txn = db.begin().await.unwrap();
            apply(&txn, &changes).await?;
            txn.commit().await
        }
    };
    in_transaction(diff(&Schema::new(), &with_child(before()), b).changes)
        .await
        .unwrap();
    db.execute_unprepared(
        "INSERT INTO person (id, name, age, note) VALUES (1, 'Ada', 36, 'first'), (2, 'Bob', 7, 'x'); \
         INSERT INTO pet (id, person_id) VALUES (10, 1), (11, 2)",
    )
    .await
    .unwrap();
    let as_before = schema(&db).await;

    let plan = diff(&as_before, &with_child(after()), b);
    let described: Vec<_> = plan.changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "rebuild table person (column name (nullable), column age (default), column note (type, nullable), \
         foreign keys, unique constraints, check constraints, index idx_person_name dropped, \
         index idx_person_age_name added)"
        ]
    );
    in_transaction(plan.changes.clone()).await.unwrap();
    let again = diff(&schema(&db).await, &with_child(after()), b);
    assert!(!again.has_differences(), "a fresh diff is empty: {again:#?}");
    let sql = "SELECT CAST(p.id AS text) AS id, p.name, CAST(p.age AS text) AS age, p.note, CAST(t.id AS text) AS pet \
               FROM person p JOIN pet t ON t.person_id = p.id ORDER BY p.id";
    let expect = |row: [&str; 5]| row.map(|v| Some(v.to_owned())).to_vec();
    assert_eq!(
        rows(&db, sql, &["id", "name", "age", "note", "pet"]).await,
        [
            expect(["1", "Ada", "36", "first", "10"]),
            expect(["2", "Bob", "7", "x", "11"])
        ],
        "rows and references survive"
    );

    in_transaction(plan.down()).await.unwrap();
    let restored = schema(&db).await;
    assert!(!diff(&restored, &as_before, b).has_differences());
    assert_eq!(restored.normalized(b), as_before.normalized(b));

    // A rebuild the rows refuse (a NULL name where the new definition says NOT NULL) fails whole: the table, its
    // rows and the references to it are as they were.
    db.execute_unprepared("INSERT INTO person (id, name, age, note) VALUES (3, NULL, 1, 'y')")
        .await
        .unwrap();
    let failing = diff(&restored, &with_child(after()), b);
    assert!(in_transaction(failing.changes).await.is_err());
    assert_eq!(schema(&db).await.normalized(b), as_before.normalized(b));
    let count = rows(&db, "SELECT CAST(count(*) AS text) AS n FROM person", &["n"]).await;
    assert_eq!(count, [[Some("3".to_owned())]]);
}

/// `account` renamed to `user_account` and its `login` column to `name`, with hints, while `address` references
/// it: the rows and the reference survive, and `down` renames everything back.
async fn renames_keep_rows(backend: Backend) {
    let Some(fresh) = FreshDb::create(backend).await else {
        return;
    };
    let url = fresh.url.clone();
    let db = connect(&url).await;
    let b = backend.schema_backend();
    let account = |name: &str, login: &str| Table {
        columns: vec![
            Column::new("id", ColumnType::Integer),
            Column::new(login, ColumnType::String(Some(50))),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new(name)
    };
    let address = |target: &str| Table {
        columns: vec![
            Column::new("id", ColumnType::Integer),
            Column::new("account_id", ColumnType::Integer),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        foreign_keys: vec![ForeignKey {
            name: Some("fk_address_account".into()),
            columns: vec!["account_id".into()],
            ref_table: target.into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        }],
        ..Table::new("address")
    };
    let before = Schema::from_tables([account("account", "login"), address("account")]);
    let mut renamed = account("user_account", "name");
    renamed.renamed_from = Some("account".into());
    renamed.columns[1].renamed_from = Some("login".into());
    let after = Schema::from_tables([renamed, address("user_account")]);

    let txn = db.begin().await.unwrap();
    apply(&txn, &diff(&Schema::new(), &before, b).changes).await.unwrap();
    txn.commit().await.unwrap();
    for sql in [
        "INSERT INTO account (id, login) VALUES (1, 'ada')",
        "INSERT INTO address (id, account_id) VALUES (7, 1)",
    ] {
        db.execute_unprepared(sql).await.unwrap();
    }
    let as_before = schema(&db).await;
    let plan = diff(&as_before, &after, b);
    let described: Vec<_> = plan.changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "rename table account to user_account",
            "rename column user_account.login to name"
        ],
        "{plan:#?}"
    );
    let txn = db.begin().await.unwrap();
    apply(&txn, &plan.changes).await.unwrap();
    txn.commit().await.unwrap();
    let db = connect(&url).await;
    assert!(!diff(&schema(&db).await, &after, b).has_differences());
    let joined = "SELECT u.name AS name FROM address a JOIN user_account u ON u.id = a.account_id";
    assert_eq!(rows(&db, joined, &["name"]).await, [[Some("ada".to_owned())]]);

    let txn = db.begin().await.unwrap();
    apply(&txn, &plan.down()).await.unwrap();
    txn.commit().await.unwrap();
    let db = connect(&url).await;
    assert_eq!(schema(&db).await.normalized(b), as_before.normalized(b));
    let joined = "SELECT u.login AS login FROM address a JOIN account u ON u.id = a.account_id";
    assert_eq!(rows(&db, joined, &["login"]).await, [[Some("ada".to_owned())]]);
}

#[tokio::test(flavor = "multi_thread")]
async fn renames_keep_rows_on_sqlite() {
    renames_keep_rows(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn renames_keep_rows_on_postgres() {
    renames_keep_rows(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn renames_keep_rows_on_mariadb() {
    renames_keep_rows(Backend::Mysql).await;
}

/// PostgreSQL enum values: an added value goes in place with `ADD VALUE`; a removed one rebuilds the type and
/// converts its column, default included, keeping the rows; each way back restores the type exactly.
#[tokio::test(flavor = "multi_thread")]
async fn enum_values_change_on_postgres() {
    let Some(server) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let b = Backend::Postgres.schema_backend();
    let diary = |values: &[&str]| {
        let mood = ColumnType::Enum {
            name: "mood".into(),
            variants: values.iter().map(|v| v.to_string()).collect(),
        };
        Schema::from_tables([Table {
            columns: vec![
                Column::new("id", ColumnType::Integer),
                Column::new("mood", mood).default_sql("'happy'"),
            ],
            primary_key: Some(PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            }),
            ..Table::new("diary")
        }])
    };
    let db = connect(&server.url).await;
    apply(&db, &diff(&Schema::new(), &diary(&["happy", "sad"]), b).changes)
        .await
        .unwrap();
    db.execute_unprepared("INSERT INTO diary (id, mood) VALUES (1, 'happy'), (2, 'sad')")
        .await
        .unwrap();
    for (want, expect) in [
        (
            &["calm", "happy", "meh", "sad"][..],
            "alter enum mood (happy, sad) -> (calm, happy, meh, sad)",
        ),
        (&["sad", "happy"][..], "alter enum mood (happy, sad) -> (sad, happy)"),
    ] {
        let before = schema(&db).await;
        let plan = diff(&before, &diary(want), b);
        let described: Vec<_> = plan.changes.iter().map(|c| c.describe()).collect();
        assert_eq!(described, [expect]);
        apply(&db, &plan.changes).await.unwrap();
        let db = connect(&server.url).await;
        let now = schema(&db).await;
        assert_eq!(now.enums["mood"], want);
        assert!(!diff(&now, &diary(want), b).has_differences());
        let moods = rows(&db, "SELECT mood::text AS m FROM diary ORDER BY id", &["m"]).await;
        assert_eq!(moods, [[Some("happy".to_owned())], [Some("sad".to_owned())]]);
        apply(&db, &plan.down()).await.unwrap();
        assert_eq!(schema(&db).await.normalized(b), before.normalized(b));
    }
}

/// Two new tables that reference each other: on PostgreSQL and MySQL one reference is added once both exist, and
/// dropped first on the way down.
async fn foreign_key_cycle(backend: Backend) {
    let Some(server) = TestDb::create(backend).await else {
        return;
    };
    let b = backend.schema_backend();
    let table = |name: &str, other: &str| Table {
        columns: vec![
            Column::new("id", ColumnType::Integer),
            Column::new(format!("{other}_id"), ColumnType::Integer).nullable(),
        ],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        foreign_keys: vec![ForeignKey {
            name: Some(format!("fk_{name}_{other}")),
            columns: vec![format!("{other}_id")],
            ref_table: other.into(),
            ref_columns: vec!["id".into()],
            ..ForeignKey::default()
        }],
        ..Table::new(name)
    };
    let want = Schema::from_tables([table("egg", "hen"), table("hen", "egg")]);
    let db = connect(&server.url).await;
    let plan = diff(&Schema::new(), &want, b);
    apply(&db, &plan.changes).await.unwrap();
    assert!(!diff(&schema(&db).await, &want, b).has_differences());
    apply(&db, &plan.down()).await.unwrap();
    assert!(schema(&db).await.tables.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn foreign_key_cycle_on_postgres() {
    foreign_key_cycle(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn foreign_key_cycle_on_mariadb() {
    foreign_key_cycle(Backend::Mysql).await;
}

/// A primary key that gains a column, and an id that becomes auto-increment: altered in place on PostgreSQL and
/// MySQL (the new identity continues after the rows already there), rebuilt on SQLite.
async fn primary_key_and_identity(backend: Backend) {
    let Some(fresh) = FreshDb::create(backend).await else {
        return;
    };
    let url = fresh.url.clone();
    let b = backend.schema_backend();
    let ticket = |key: &[&str], auto: bool| {
        let mut id = Column::new("id", ColumnType::Integer);
        id.auto_increment = auto;
        Schema::from_tables([Table {
            columns: vec![id, Column::new("code", ColumnType::String(Some(10)))],
            primary_key: Some(PrimaryKey {
                name: None,
                columns: key.iter().map(|c| c.to_string()).collect(),
            }),
            ..Table::new("ticket")
        }])
    };
    let before = ticket(&["id"], false);
    // SQLite allows AUTOINCREMENT only on a lone INTEGER PRIMARY KEY.
    let after = ticket(&["id", "code"], backend != Backend::Sqlite);
    let db = connect(&url).await;
    apply(&db, &diff(&Schema::new(), &before, b).changes).await.unwrap();
    db.execute_unprepared("INSERT INTO ticket (id, code) VALUES (1, 'a'), (5, 'b')")
        .await
        .unwrap();
    let as_before = schema(&db).await;
    let plan = diff(&as_before, &after, b);
    let txn = db.begin().await.unwrap();
    apply(&txn, &plan.changes).await.unwrap();
    txn.commit().await.unwrap();
    let db = connect(&url).await;
    let again = diff(&schema(&db).await, &after, b);
    assert!(!again.has_differences(), "{again:#?}");
    if backend != Backend::Sqlite {
        db.execute_unprepared("INSERT INTO ticket (code) VALUES ('c')")
            .await
            .unwrap();
        let ids = rows(&db, "SELECT code FROM ticket WHERE id > 5", &["code"]).await;
        assert_eq!(
            ids,
            [[Some("c".to_owned())]],
            "the identity continues after the rows already there"
        );
        db.execute_unprepared("DELETE FROM ticket WHERE code = 'c'")
            .await
            .unwrap();
    }
    let txn = db.begin().await.unwrap();
    apply(&txn, &plan.down()).await.unwrap();
    txn.commit().await.unwrap();
    let db = connect(&url).await;
    assert_eq!(schema(&db).await.normalized(b), as_before.normalized(b));
}

#[tokio::test(flavor = "multi_thread")]
async fn primary_key_and_identity_on_sqlite() {
    primary_key_and_identity(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn primary_key_and_identity_on_postgres() {
    primary_key_and_identity(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn primary_key_and_identity_on_mariadb() {
    primary_key_and_identity(Backend::Mysql).await;
}

/// A string default with quotes, backslashes, a newline, a tab and non-ASCII text, spelled as an entity's
/// `default_value` becomes SQL, sets exactly its text on a row that leaves the column out; changing it to another
/// such text (PostgreSQL `SET DEFAULT`, MySQL `MODIFY`, a SQLite rebuild) sets the new text, and `down` (which
/// writes back the catalog's own spelling of the old default) the old one.
async fn string_default_changes(backend: Backend) {
    let Some(fresh) = FreshDb::create(backend).await else {
        return;
    };
    let b = backend.schema_backend();
    let (old, new) = ("it's a \"test\"\\ \nnon-ASCII: é\t漢", "C:\\new 'dir'\\n\r\nü");
    let memo = |text: &str| {
        Schema::from_tables([Table {
            columns: vec![
                Column::new("id", ColumnType::Integer),
                Column::new("note", ColumnType::String(Some(60))).default_sql(literal(b, text)),
            ],
            primary_key: Some(PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            }),
            ..Table::new("memo")
        }])
    };
    let db = connect(&fresh.url).await;
    let text = if backend == Backend::Mysql { "CHAR" } else { "TEXT" };
    let notes = format!("SELECT CAST(note AS {text}) AS note FROM memo ORDER BY id");
    let some = |texts: &[&str]| texts.iter().map(|t| vec![Some(t.to_string())]).collect::<Vec<_>>();

    apply(&db, &diff(&Schema::new(), &memo(old), b).changes).await.unwrap();
    db.execute_unprepared("INSERT INTO memo (id) VALUES (1)").await.unwrap();
    assert_eq!(rows(&db, &notes, &["note"]).await, some(&[old]));
    let as_before = schema(&db).await;
    assert!(
        !diff(&as_before, &memo(old), b).has_differences(),
        "the default reads back as its text"
    );

    let plan = diff(&as_before, &memo(new), b);
    let described: Vec<_> = plan.changes.iter().map(|c| c.describe()).collect();
    let expected = match backend {
        Backend::Sqlite => "rebuild table memo (column note (default))",
        _ => "alter column memo.note (default)",
    };
    assert_eq!(described, [expected], "{plan:#?}");
    apply(&db, &plan.changes).await.unwrap();
    assert!(!diff(&schema(&db).await, &memo(new), b).has_differences());
    db.execute_unprepared("INSERT INTO memo (id) VALUES (2)").await.unwrap();
    assert_eq!(rows(&db, &notes, &["note"]).await, some(&[old, new]));

    apply(&db, &plan.down()).await.unwrap();
    assert_eq!(schema(&db).await.normalized(b), as_before.normalized(b));
    db.execute_unprepared("INSERT INTO memo (id) VALUES (3)").await.unwrap();
    assert_eq!(rows(&db, &notes, &["note"]).await, some(&[old, new, old]));
}

#[tokio::test(flavor = "multi_thread")]
async fn string_default_changes_on_sqlite() {
    string_default_changes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn string_default_changes_on_postgres() {
    string_default_changes(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn string_default_changes_on_mariadb() {
    string_default_changes(Backend::Mysql).await;
}
