//! Whole generated files, snapshotted: the seed walkthrough's plan and the other change kinds.

use sea_autogen_codegen::{MigrationMeta, render_empty_migration, render_migration};
use sea_autogen_diff::diff;
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKey, ForeignKeyAction, Index, PrimaryKey, Schema, Table};

/// What `revision` writes: the rendered file after the user's rustfmt (default settings, as in a fresh crate).
/// The result must be stable, so the user's `cargo fmt --check` passes on it.
#[track_caller]
fn formatted(file: String) -> String {
    let dir = std::env::temp_dir();
    let once = sea_autogen_codegen::rustfmt(&file, &dir).expect("rustfmt runs (rustup component add rustfmt)");
    let twice = sea_autogen_codegen::rustfmt(&once, &dir).unwrap();
    assert_eq!(once, twice, "rustfmt is not stable on the generated file");
    once
}

fn meta(message: &str, revision: &str, parent: Option<&str>) -> MigrationMeta {
    MigrationMeta {
        message: message.into(),
        revision: revision.into(),
        parent: parent.map(str::to_owned),
        created: "2026-11-26 10:15:00 UTC".into(),
        backend: Backend::Sqlite,
        fingerprint: Some("0123456789abcdef".into()),
    }
}

fn seed() -> Schema {
    let id = || Column::new("id", ColumnType::Integer).auto_increment();
    let pk = || {
        Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        })
    };
    Schema::from_tables([
        Table {
            columns: vec![
                id(),
                Column::new("name", ColumnType::String(Some(50))),
                Column::new("fullname", ColumnType::String(None)).nullable(),
            ],
            primary_key: pk(),
            ..Table::new("user_account")
        },
        Table {
            columns: vec![
                id(),
                Column::new("email_address", ColumnType::String(Some(50))),
                Column::new("user_id", ColumnType::Integer),
            ],
            primary_key: pk(),
            foreign_keys: vec![ForeignKey {
                name: Some("fk-address-user_id".into()),
                columns: vec!["user_id".into()],
                ref_table: "user_account".into(),
                ref_columns: vec!["id".into()],
                on_delete: Some(ForeignKeyAction::Cascade),
                on_update: None,
                ..ForeignKey::default()
            }],
            indexes: vec![Index {
                name: "idx-address-email".into(),
                columns: vec!["email_address".into()],
                unique: true,
                ..Index::default()
            }],
            ..Table::new("address")
        },
    ])
}

#[test]
fn seed_walkthrough() {
    let plan = diff(&Schema::new(), &seed(), Backend::Sqlite);
    let file = render_migration(&plan, &meta("add users", "m20261126_101500_add_users", None));
    insta::assert_snapshot!(formatted(file));
}

#[test]
fn columns_added_and_dropped() {
    let mut after = seed();
    let users = after.tables.get_mut("user_account").unwrap();
    users.columns.retain(|c| c.name != "fullname");
    users
        .columns
        .push(Column::new("nickname", ColumnType::String(Some(30))).nullable());
    users
        .columns
        .push(Column::new("karma", ColumnType::BigInteger).default_sql("0"));
    let plan = diff(&seed(), &after, Backend::Sqlite);
    let file = render_migration(
        &plan,
        &meta(
            "nickname",
            "m20261127_090000_nickname",
            Some("m20261126_101500_add_users"),
        ),
    );
    insta::assert_snapshot!(formatted(file));
}

#[test]
fn empty_revision() {
    let file = render_empty_migration(&meta("backfill", "m20261127_090000_backfill", Some("m1")));
    insta::assert_snapshot!(formatted(file));
}

#[test]
fn identical_plans_give_identical_bytes() {
    let plan = diff(&Schema::new(), &seed(), Backend::Sqlite);
    let m = meta("add users", "m20261126_101500_add_users", None);
    assert_eq!(render_migration(&plan, &m), render_migration(&plan, &m));
}

/// The first migration of a large existing schema: `up` and `down` call functions of at most 50 changes each, in
/// order, so rustc compiles the file in bounded memory (one function awaiting 1,000 statements does not compile
/// in release on a 24 GiB machine).
#[test]
fn large_plans_are_split_into_functions() {
    let tables = (0..120).map(|i| Table {
        columns: vec![Column::new("id", ColumnType::Integer).auto_increment()],
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new(format!("t{i:03}"))
    });
    let plan = diff(&Schema::new(), &Schema::from_tables(tables), Backend::Postgres);
    assert_eq!(plan.changes.len(), 120);
    let file = formatted(render_migration(&plan, &meta("big", "m20261126_101500_big", None)));
    for call in [
        "up_1(manager).await?;",
        "up_2(manager).await?;",
        "up_3(manager).await?;",
        "down_3(manager).await?;",
    ] {
        assert!(file.contains(call), "{call} missing");
    }
    assert!(!file.contains("up_4("), "120 changes make three parts");
    assert!(file.contains("async fn up_1(manager: &SchemaManager<'_>) -> Result<(), DbErr> {"));
    // Order is kept: t000 in the first part, t119 in the last; down drops t119 first.
    let first = file.find("async fn up_1(").unwrap();
    let second = file.find("async fn up_2(").unwrap();
    let t000 = file.find(".table(\"t000\")").unwrap();
    assert!(first < t000 && t000 < second);
    let down_1 = file.find("async fn down_1(").unwrap();
    let drop_t119 = file.find("Table::drop().table(\"t119\")").unwrap();
    let drop_t000 = file.find("Table::drop().table(\"t000\")").unwrap();
    assert!(down_1 < drop_t119 && drop_t119 < drop_t000);
    syn::parse_file(&file).expect("valid Rust");
}

/// A default that is one string literal is written as its text (`.default("..")`), whichever spelling the plan's
/// backend gave it (PostgreSQL's `E'..'` escape string from sea-query, its catalog's `'..'::type`): sea-query spells
/// it again for the backend that runs the file. Booleans, numbers sea-query writes back as they are spelled and the
/// current date and time are typed values too; other defaults stay as written (`Expr::cust`).
#[test]
fn defaults_are_written_as_typed_values() {
    let table = |defaults: [(&str, ColumnType, &str); 9]| {
        let mut columns = vec![Column::new("id", ColumnType::Integer)];
        columns.extend(
            defaults
                .into_iter()
                .map(|(name, ty, default)| Column::new(name, ty).default_sql(default)),
        );
        Schema::from_tables([Table {
            columns,
            primary_key: Some(PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            }),
            ..Table::new("memo")
        }])
    };
    let before = table([
        (
            "note",
            ColumnType::String(Some(40)),
            "'it''s \\ \"old\"'::character varying",
        ),
        ("day", ColumnType::Date, "('now'::text)::date"),
        ("done", ColumnType::Boolean, "true"),
        ("rank", ColumnType::Integer, "'-3'::integer"),
        ("big", ColumnType::BigInteger, "0"),
        ("ratio", ColumnType::Double, "2"),
        ("price", ColumnType::Decimal(Some((10, 2))), "1.50"),
        ("at", ColumnType::Timestamp, "now()"),
        ("code", ColumnType::Uuid, "gen_random_uuid()"),
    ]);
    let after = table([
        ("note", ColumnType::String(Some(40)), "E'it\\'s \\\\ \"new\"\\n\\té'"),
        ("day", ColumnType::Date, "CURRENT_DATE"),
        ("done", ColumnType::Boolean, "FALSE"),
        ("rank", ColumnType::Integer, "7"),
        ("big", ColumnType::BigInteger, "5000000000"),
        ("ratio", ColumnType::Double, "-1.5"),
        ("price", ColumnType::Decimal(Some((10, 2))), "2.5"),
        ("at", ColumnType::Timestamp, "CURRENT_TIMESTAMP"),
        ("code", ColumnType::Uuid, "'00000000-0000-0000-0000-000000000000'::uuid"),
    ]);
    let plan = diff(&before, &after, Backend::Postgres);
    let file = render_migration(
        &plan,
        &MigrationMeta {
            backend: Backend::Postgres,
            ..meta("defaults", "m20261127_090000_defaults", None)
        },
    );
    for expected in [
        r#".default("it's \\ \"new\"\n\té")"#,
        r#".default("it's \\ \"old\"")"#,
        ".default(Expr::current_date())",
        r#".default(Expr::cust("('now'::text)::date"))"#,
        ".default(false)",
        ".default(true)",
        ".default(7)",
        ".default(-3)",
        ".default(5000000000i64)",
        ".default(0)",
        ".default(-1.5)",
        ".default(2)",
        ".default(2.5)",
        r#".default(Expr::cust("1.50"))"#,
        ".default(Expr::current_timestamp())",
        r#".default(Expr::cust("now()"))"#,
        r#".default("00000000-0000-0000-0000-000000000000")"#,
        r#".default(Expr::cust("gen_random_uuid()"))"#,
        "alter column memo.price: default 1.50 → 2.5",
        "alter column memo.at: default now() → CURRENT_TIMESTAMP",
    ] {
        assert!(file.contains(expected), "{expected} missing from:\n{file}");
    }
    syn::parse_file(&file).expect("valid Rust");
}

/// The header a file is written with reads back as what was written, and its rewrites (`rebase`) read back too:
/// one module writes and reads it.
#[test]
fn the_header_reads_back_as_written() {
    use sea_autogen_codegen::header;
    use sea_autogen_schema::Backend;
    for (parent, fingerprint, backend) in [
        (None, None, Backend::Sqlite),
        (Some("m20261126_101500_add_users"), Some("3f2a"), Backend::Postgres),
        (Some("m20261127_090000_add_email"), None, Backend::Mysql),
    ] {
        let meta = sea_autogen_codegen::MigrationMeta {
            message: "add users".to_owned(),
            revision: "m20261128_120000_next".to_owned(),
            parent: parent.map(str::to_owned),
            created: "2026-11-28 12:00:00 UTC".to_owned(),
            backend,
            fingerprint: fingerprint.map(str::to_owned),
        };
        let plan = sea_autogen_diff::Plan {
            backend,
            changes: Vec::new(),
            warnings: Vec::new(),
        };
        let file = sea_autogen_codegen::render_migration(&plan, &meta);
        let read = header::read(&file);
        assert_eq!(read.revision.as_deref(), Some("m20261128_120000_next"));
        assert_eq!(read.parent, Some(parent.map(str::to_owned)));
        assert_eq!(read.fingerprint.as_deref(), fingerprint);
        assert_eq!(read.backend, Some(backend));

        let rebased = header::with_parent(&file, Some("m20261127_999999_other")).unwrap();
        assert_eq!(
            header::read(&rebased).parent,
            Some(Some("m20261127_999999_other".to_owned()))
        );
        let refingered = header::with_fingerprint(&rebased, "beef");
        assert_eq!(header::read(&refingered).fingerprint.as_deref(), Some("beef"));
        assert_eq!(header::read(&refingered).revision, read.revision);
    }
    assert_eq!(
        header::read("//! written by hand\nfn main() {}\n"),
        header::Recorded::default()
    );
    assert_eq!(header::with_parent("fn main() {}\n", None), None);
}

/// On PostgreSQL a revision that adds a table and indexes an existing one is two migrations: the new table in a
/// transaction, then the index built concurrently in a migration that runs outside one and says why.
#[test]
fn lock_safe_forms_go_in_a_migration_of_their_own() {
    let mut after = seed();
    after.tables.get_mut("user_account").unwrap().indexes = vec![Index::new("idx_user_account_name", ["name"])];
    let mut before = seed();
    before.tables.remove("address");
    let plan = sea_autogen_diff::lock_safe(diff(&before, &after, Backend::Postgres));
    let meta = MigrationMeta {
        backend: Backend::Postgres,
        ..meta(
            "index names",
            "m20261126_101500_index_names",
            Some("m20261125_000000_init"),
        )
    };
    let files = sea_autogen_codegen::render_revision(&plan, &meta);
    let stems: Vec<&str> = files.iter().map(|(stem, _)| stem.as_str()).collect();
    assert_eq!(
        stems,
        ["m20261126_101500_index_names", "m20261126_101500_index_names_online"]
    );
    let (first, online) = (formatted(files[0].1.clone()), formatted(files[1].1.clone()));
    if std::env::var("SHOW").is_ok() {
        eprintln!("{first}\n=====\n{online}");
    }
    assert!(
        first.contains("create_table") && !first.contains("use_transaction"),
        "{first}"
    );
    assert!(
        !first.contains("Schema fingerprint"),
        "only the last part produces the entities' schema"
    );
    assert!(
        online.contains("//! Parent: m20261126_101500_index_names\n"),
        "{online}"
    );
    assert!(online.contains("Schema fingerprint: 0123456789abcdef"));
    assert!(online.contains("Some(false)"), "{online}");
    assert!(
        online.contains("cannot run in a transaction"),
        "the header says why: {online}"
    );
    assert!(online.contains(".concurrently()"), "{online}");
    assert!(
        online.contains("NOT indisvalid"),
        "a failed build's leftover is dropped first: {online}"
    );
    assert!(
        online.contains("create index idx_user_account_name on user_account, built concurrently"),
        "{online}"
    );
    assert!(!online.contains("long_lock"), "{online}");
    // Off, the same plan is one file in one transaction.
    let plain = sea_autogen_codegen::render_revision(&diff(&before, &after, Backend::Postgres), &meta);
    assert_eq!(plain.len(), 1);
    assert!(plain[0].1.contains("long_lock") && !plain[0].1.contains("concurrently"));
}

/// `show` and `history --verbose` read a file's message, creation time, changes and warnings back from its header.
#[test]
fn the_header_reads_back_its_message_changes_and_warnings() {
    use sea_autogen_codegen::header;
    use sea_autogen_schema::{Backend, Column, ColumnType, Schema, Table};
    let mut before = Table::new("post");
    before.columns = vec![
        Column::new("id", ColumnType::Integer),
        Column::new("login", ColumnType::Text),
    ];
    let mut after = Table::new("post");
    after.columns = vec![
        Column::new("id", ColumnType::Integer),
        Column::new("name", ColumnType::Text),
    ];
    let plan = sea_autogen_diff::diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([after, Table::new("tag")]),
        Backend::Postgres,
    );
    assert!(!plan.warnings.is_empty(), "a likely rename is warned about");
    let meta = sea_autogen_codegen::MigrationMeta {
        message: "rename login, add tags".to_owned(),
        revision: "m20261128_120000_rename_login_add_tags".to_owned(),
        parent: None,
        created: "2026-11-28 12:00:00 UTC".to_owned(),
        backend: Backend::Postgres,
        fingerprint: None,
    };
    let read = header::read(&sea_autogen_codegen::render_migration(&plan, &meta));
    assert_eq!(read.message.as_deref(), Some("rename login, add tags"));
    assert_eq!(read.created.as_deref(), Some("2026-11-28 12:00:00 UTC"));
    assert_eq!(read.changes.len(), plan.changes.len(), "{:?}", read.changes);
    for (line, change) in read.changes.iter().zip(&plan.changes) {
        assert!(line.contains(&change.headline(Backend::Postgres)), "{line:?}");
    }
    assert_eq!(read.warnings.len(), plan.warnings.len(), "{:?}", read.warnings);
}
