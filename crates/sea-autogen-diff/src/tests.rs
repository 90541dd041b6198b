//! Diff cases: one `check(before, after, expect)` helper and many small schemas.

use crate::{Change, diff};
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKey, PrimaryKey, Schema, Table};

/// Renders a plan as one line per change, then `--` and the down changes, then `!` lines for warnings.
fn render(before: &Schema, after: &Schema) -> String {
    let plan = diff(before, after, Backend::Sqlite);
    let mut out = String::new();
    for change in &plan.changes {
        let risks: Vec<_> = change.risks().iter().map(|r| r.as_str()).collect();
        out.push_str(&change.describe());
        if !risks.is_empty() {
            out.push_str(&format!(" [{}]", risks.join(", ")));
        }
        out.push('\n');
    }
    out.push_str("--\n");
    for change in plan.down() {
        out.push_str(&change.describe());
        out.push('\n');
    }
    for warning in &plan.warnings {
        out.push_str(&format!("! {}: {}\n", warning.code, warning.message));
    }
    out
}

#[track_caller]
fn check(before: &[Table], after: &[Table], expect: &str) {
    let before = Schema::from_tables(before.iter().cloned());
    let after = Schema::from_tables(after.iter().cloned());
    let actual = render(&before, &after);
    let expect = expect.trim_start_matches('\n');
    assert_eq!(actual, expect, "\n--- actual ---\n{actual}\n--- expected ---\n{expect}");
}

fn id() -> Column {
    Column::new("id", ColumnType::Integer).auto_increment()
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        columns,
        primary_key: Some(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        }),
        ..Table::new(name)
    }
}

fn references(mut t: Table, column: &str, target: &str) -> Table {
    t.foreign_keys.push(ForeignKey {
        name: Some(format!("fk-{}-{column}", t.name)),
        columns: vec![column.into()],
        ref_table: target.into(),
        ref_columns: vec!["id".into()],
        ..ForeignKey::default()
    });
    t
}

fn user_account() -> Table {
    table(
        "user_account",
        vec![
            id(),
            Column::new("name", ColumnType::String(Some(50))),
            Column::new("fullname", ColumnType::String(None)).nullable(),
        ],
    )
}

fn address() -> Table {
    references(
        table(
            "address",
            vec![
                id(),
                Column::new("email_address", ColumnType::String(Some(50))),
                Column::new("user_id", ColumnType::Integer),
            ],
        ),
        "user_id",
        "user_account",
    )
}

#[test]
fn nothing_to_do() {
    check(&[], &[], "--\n");
    check(&[user_account(), address()], &[address(), user_account()], "--\n");
}

#[test]
fn seed_walkthrough_creates_in_foreign_key_order() {
    // `address` sorts first by name but references `user_account`, so it must come second.
    check(
        &[],
        &[address(), user_account()],
        "
create table user_account
create table address
--
drop table address
drop table user_account
",
    );
}

#[test]
fn drops_referencing_tables_first() {
    check(
        &[user_account(), address()],
        &[],
        "
drop table address [data_loss]
drop table user_account [data_loss]
--
create table user_account
create table address
",
    );
}

#[test]
fn chain_of_three() {
    let a = table("a", vec![id()]);
    let b = references(
        table("b", vec![id(), Column::new("a_id", ColumnType::Integer)]),
        "a_id",
        "a",
    );
    let c = references(
        table("c", vec![id(), Column::new("b_id", ColumnType::Integer)]),
        "b_id",
        "b",
    );
    check(
        &[],
        &[c, a, b],
        "
create table a
create table b
create table c
--
drop table c
drop table b
drop table a
",
    );
}

#[test]
fn self_reference_is_not_a_cycle() {
    let t = references(
        table(
            "node",
            vec![id(), Column::new("parent_id", ColumnType::Integer).nullable()],
        ),
        "parent_id",
        "node",
    );
    check(&[], &[t], "create table node\n--\ndrop table node\n");
}

#[test]
fn cycle_is_reported() {
    let a = references(
        table("a", vec![id(), Column::new("b_id", ColumnType::Integer)]),
        "b_id",
        "b",
    );
    let b = references(
        table("b", vec![id(), Column::new("a_id", ColumnType::Integer)]),
        "a_id",
        "a",
    );
    check(
        &[],
        &[a, b],
        "
create table a
create table b
--
drop table b
drop table a
! foreign_key_cycle: tables a, b reference each other in a cycle; they are created in name order, which may fail until foreign keys are planned as separate changes
",
    );
}

#[test]
fn reference_to_an_existing_table_needs_no_order() {
    check(
        &[user_account()],
        &[user_account(), address()],
        "create table address\n--\ndrop table address\n",
    );
}

#[test]
fn add_nullable_column() {
    let mut after = user_account();
    after
        .columns
        .push(Column::new("nickname", ColumnType::String(Some(30))).nullable());
    check(
        &[user_account()],
        &[after],
        "
add column user_account.nickname
--
drop column user_account.nickname
",
    );
}

#[test]
fn add_not_null_column_without_default_may_fail() {
    let mut after = user_account();
    after.columns.push(Column::new("age", ColumnType::Integer));
    check(
        &[user_account()],
        &[after],
        "add column user_account.age [may_fail]\n--\ndrop column user_account.age\n",
    );
}

#[test]
fn add_not_null_column_with_default_is_safe() {
    let mut after = user_account();
    after
        .columns
        .push(Column::new("age", ColumnType::Integer).default_sql("0"));
    check(
        &[user_account()],
        &[after],
        "add column user_account.age\n--\ndrop column user_account.age\n",
    );
}

#[test]
fn drop_column_is_destructive_and_inverse_restores_it() {
    let mut after = user_account();
    after.columns.retain(|c| c.name != "fullname");
    let before = Schema::from_tables([user_account()]);
    let plan = diff(&before, &Schema::from_tables([after.clone()]), Backend::Sqlite);
    assert_eq!(
        plan.down(),
        vec![Change::AddColumn {
            table: "user_account".into(),
            schema: None,
            column: Column::new("fullname", ColumnType::String(None)).nullable()
        }]
    );
    check(
        &[user_account()],
        &[after],
        "drop column user_account.fullname [data_loss]\n--\nadd column user_account.fullname\n",
    );
}

#[test]
fn adds_come_before_drops() {
    let mut after = user_account();
    after.columns.retain(|c| c.name != "fullname");
    after
        .columns
        .push(Column::new("full_name", ColumnType::Text).nullable());
    check(
        &[user_account()],
        &[after],
        "
add column user_account.full_name
drop column user_account.fullname [data_loss]
--
add column user_account.fullname
drop column user_account.full_name
",
    );
}

#[test]
fn equal_spellings_are_no_change() {
    let mut before = user_account();
    before.columns[0].ty = ColumnType::Custom("INTEGER".into());
    before.columns[1].ty = ColumnType::Custom("VARCHAR(50)".into());
    let mut after = user_account();
    after.columns[0].ty = ColumnType::BigInteger;
    check(&[before], &[after], "--\n");
}

#[test]
fn type_change_is_reported_not_dropped() {
    let mut after = user_account();
    after.columns[1].ty = ColumnType::String(Some(80));
    check(
        &[user_account()],
        &[after],
        "
--
! unsupported_change: user_account: column name changes type varchar(50) -> varchar(80); sea-autogen cannot plan this change yet, write it by hand
",
    );
}

#[test]
fn new_foreign_key_on_existing_table_is_reported() {
    let before = table("address", vec![id(), Column::new("user_id", ColumnType::Integer)]);
    let after = references(before.clone(), "user_id", "user_account");
    check(
        &[user_account(), before],
        &[user_account(), after],
        "
--
! unsupported_change: address: foreign key (user_id) -> user_account(id) is missing; sea-autogen cannot plan this change yet, write it by hand
",
    );
}

#[test]
fn unmanaged_objects_are_named_and_left_alone() {
    let mut before = user_account();
    before.unmanaged.push("expression index idx_lower_name".into());
    check(
        &[before],
        &[user_account()],
        "
--
! unmanaged_object: user_account: expression index idx_lower_name is not modelled by sea-autogen; it is left as it is
",
    );
}

#[test]
fn create_and_drop_in_one_plan() {
    check(
        &[table("old", vec![id()])],
        &[table("new", vec![id()])],
        "
create table new
drop table old [data_loss]
--
create table old
drop table new
",
    );
}

#[test]
fn plan_reports_differences() {
    let plan = diff(&Schema::new(), &Schema::from_tables([user_account()]), Backend::Sqlite);
    assert!(plan.has_differences());
    let plan = diff(
        &Schema::from_tables([user_account()]),
        &Schema::from_tables([user_account()]),
        Backend::Sqlite,
    );
    assert!(!plan.has_differences());
    assert!(plan.is_empty());
}
