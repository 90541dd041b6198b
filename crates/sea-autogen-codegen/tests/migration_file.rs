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
