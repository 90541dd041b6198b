//! Diff cases: one `check(before, after, expect)` helper and many small schemas.

use crate::{Change, diff};
use sea_autogen_schema::{Backend, Column, ColumnType, ForeignKey, PrimaryKey, Schema, Table};

/// Renders a plan as one line per change, then `--` and the down changes, then `!` lines for warnings.
fn render(before: &Schema, after: &Schema) -> String {
    let plan = diff(before, after, Backend::Sqlite);
    let mut out = String::new();
    for change in &plan.changes {
        let risks: Vec<_> = change.risks(plan.backend).iter().map(|r| r.as_str()).collect();
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
fn a_cycle_is_broken_into_a_separate_foreign_key() {
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
    // SQLite accepts a reference to a table still to come: nothing to break.
    check(
        &[],
        &[a.clone(), b.clone()],
        "
create table a
create table b
--
drop table b
drop table a
",
    );
    let describe = |plan: &[Change]| plan.iter().map(Change::describe).collect::<Vec<_>>();
    let plan = diff(
        &Schema::new(),
        &Schema::from_tables([a.clone(), b.clone()]),
        Backend::Postgres,
    );
    assert_eq!(
        describe(&plan.changes),
        ["create table a", "create table b", "add foreign key a(b_id) -> b(id)"]
    );
    assert_eq!(
        describe(&plan.down()),
        ["drop foreign key a(b_id) -> b(id)", "drop table b", "drop table a"]
    );
    let Change::CreateTable(created_a) = &plan.changes[0] else {
        unreachable!()
    };
    assert!(created_a.foreign_keys.is_empty(), "the reference comes later");
    // Dropping the cycle takes the reference out first.
    let plan = diff(&Schema::from_tables([a, b]), &Schema::new(), Backend::Mysql);
    assert_eq!(
        describe(&plan.changes),
        ["drop foreign key a(b_id) -> b(id)", "drop table b", "drop table a"]
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
    // SQLite's ALTER TABLE refuses such a column outright; a rebuild works while the table is empty.
    check(
        &[user_account()],
        &[after.clone()],
        "rebuild table user_account (column age added) [may_fail, long_lock]\n--\n\
         rebuild table user_account (column age dropped)\n",
    );
    let plan = diff(
        &Schema::from_tables([user_account()]),
        &Schema::from_tables([after]),
        Backend::Postgres,
    );
    assert_eq!(plan.changes[0].describe(), "add column user_account.age");
    assert_eq!(plan.changes[0].risks(plan.backend), [crate::Risk::MayFail]);
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
            table: sea_autogen_schema::TableName::new("user_account"),
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
fn type_change_on_sqlite_rebuilds_the_table() {
    let mut after = user_account();
    after.columns[1].ty = ColumnType::String(Some(80));
    check(
        &[user_account()],
        &[after],
        "rebuild table user_account (column name (type)) [may_fail, long_lock]\n--\n\
         rebuild table user_account (column name (type))\n",
    );
}

#[test]
fn a_table_with_unmanaged_objects_is_not_rebuilt() {
    let mut before = user_account();
    before.unmanaged.push("expression index idx_lower_name".into());
    let mut after = user_account();
    after.columns[1].ty = ColumnType::String(Some(80));
    check(
        &[before],
        &[after],
        "
--
! unmanaged_object: user_account: expression index idx_lower_name is not modelled by sea-autogen; it is left as it is
! unsupported_change: user_account: needs a table rebuild (column name (type)), which would lose what sea-autogen \
  does not model (expression index idx_lower_name); sea-autogen cannot plan this change yet, write it by hand
",
    );
}

#[test]
fn new_foreign_key_on_existing_table() {
    let before = table("address", vec![id(), Column::new("user_id", ColumnType::Integer)]);
    let after = references(before.clone(), "user_id", "user_account");
    // SQLite adds a foreign key by rebuilding the table.
    check(
        &[user_account(), before.clone()],
        &[user_account(), after.clone()],
        "rebuild table address (foreign keys) [may_fail, long_lock]\n--\nrebuild table address (foreign keys)\n",
    );
    // Elsewhere the key is added on its own, after everything else, and dropped first on the way down.
    let plan = diff(
        &Schema::from_tables([user_account(), before]),
        &Schema::from_tables([user_account(), after]),
        Backend::Postgres,
    );
    let described: Vec<_> = plan
        .changes
        .iter()
        .map(|c| (c.describe(), c.risks(plan.backend)))
        .collect();
    assert_eq!(
        described,
        [(
            "add foreign key address(user_id) -> user_account(id)".to_owned(),
            vec![crate::Risk::MayFail, crate::Risk::LongLock]
        )]
    );
    assert!(plan.warnings.is_empty());
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
        &[table("new", vec![id(), Column::new("note", ColumnType::Text)])],
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

/// Renders a plan on `backend` as `describe [risks]` lines.
fn changes_on(backend: Backend, before: &Table, after: &Table) -> Vec<String> {
    let plan = diff(
        &Schema::from_tables([before.clone()]),
        &Schema::from_tables([after.clone()]),
        backend,
    );
    plan.changes
        .iter()
        .map(|c| {
            let risks: Vec<_> = c.risks(plan.backend).iter().map(|r| r.as_str()).collect();
            format!("{} [{}]", c.describe(), risks.join(", "))
        })
        .collect()
}

#[test]
fn column_changes_are_altered_in_place_on_postgres_and_mysql() {
    let before = table(
        "person",
        vec![
            id(),
            Column::new("name", ColumnType::String(Some(100))).nullable(),
            Column::new("age", ColumnType::Integer).default_sql("0"),
        ],
    );
    let after = table(
        "person",
        vec![
            id(),
            Column::new("name", ColumnType::String(Some(50))),
            Column::new("age", ColumnType::BigInteger),
        ],
    );
    for backend in [Backend::Postgres, Backend::Mysql] {
        assert_eq!(
            changes_on(backend, &before, &after),
            [
                "alter column person.name (type, nullable) [data_loss, may_fail, long_lock]",
                // Every integer fits a bigint: the table is written again, and nothing can fail.
                "alter column person.age (type, default) [long_lock]",
            ],
            "{backend}"
        );
    }
    // SQLite cannot alter in place: the table is rebuilt.
    let plan = diff(
        &Schema::from_tables([before.clone()]),
        &Schema::from_tables([after.clone()]),
        Backend::Sqlite,
    );
    assert_eq!(plan.changes.len(), 1);
    assert_eq!(plan.changes[0].op(), "rebuild_table");
    // The inverse restores the column as introspected.
    let plan = diff(
        &Schema::from_tables([before.clone()]),
        &Schema::from_tables([after]),
        Backend::Postgres,
    );
    let Change::AlterColumn { to, .. } = &plan.down()[1] else {
        panic!("{:?}", plan.down())
    };
    assert_eq!(to, &before.columns[1]);
}

#[test]
fn spelling_differences_alter_nothing() {
    let before = table(
        "t",
        vec![
            id(),
            Column::new("n", ColumnType::Custom("int4".into())).default_sql("(0)"),
        ],
    );
    let after = table("t", vec![id(), Column::new("n", ColumnType::Integer).default_sql("0")]);
    assert_eq!(changes_on(Backend::Postgres, &before, &after), Vec::<String>::new());
}

#[test]
fn index_changes_drop_before_and_create_after() {
    use sea_autogen_schema::Index;
    let mut before = table(
        "t",
        vec![
            id(),
            Column::new("a", ColumnType::Integer),
            Column::new("b", ColumnType::Integer),
        ],
    );
    before.indexes = vec![Index::new("idx_a", ["a"]), Index::new("idx_ab", ["a", "b"])];
    let mut after = table(
        "t",
        vec![
            id(),
            Column::new("a", ColumnType::Integer),
            Column::new("b", ColumnType::Integer),
        ],
    );
    let mut ab_desc = Index::new("idx_ab", ["a", "b"]);
    ab_desc.descending = vec!["b".into()];
    after.indexes = vec![ab_desc, Index::new("uq_b", ["b"]).unique()];
    assert_eq!(
        changes_on(Backend::Sqlite, &before, &after),
        [
            "drop index idx_a on t []",
            "drop index idx_ab on t []",
            "create index idx_ab on t [long_lock]",
            "create index uq_b on t [may_fail, long_lock]",
        ],
        "a changed index is dropped before it is created again under its name"
    );
}

#[test]
fn a_unique_index_and_a_unique_constraint_on_the_same_columns_agree() {
    use sea_autogen_schema::{Index, Unique};
    let mut before = table("t", vec![id(), Column::new("email", ColumnType::String(None))]);
    before.indexes = vec![Index::new("email", ["email"]).unique()];
    let mut after = before.clone();
    after.indexes.clear();
    after.uniques = vec![Unique {
        name: None,
        columns: vec!["email".into()],
    }];
    let plan = diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([after]),
        Backend::Mysql,
    );
    assert!(!plan.has_differences(), "{plan:?}");
}

#[test]
fn a_column_renamed_with_a_hint_keeps_its_values() {
    let mut before = user_account();
    before.columns[1].name = "login".into();
    let mut after = user_account();
    after.columns[1].renamed_from = Some("login".into());
    check(
        &[before.clone()],
        &[after.clone()],
        "rename column user_account.login to name\n--\nrename column user_account.name to login\n",
    );
    // Once applied, the hint is stale and harmless.
    check(&[user_account()], &[after], "--\n");
}

#[test]
fn a_renamed_column_that_also_changes_is_renamed_then_altered() {
    let mut before = user_account();
    before.columns[1].name = "login".into();
    let mut after = user_account();
    after.columns[1].renamed_from = Some("login".into());
    after.columns[1].ty = ColumnType::String(Some(80));
    let plan = diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([after]),
        Backend::Postgres,
    );
    let described: Vec<_> = plan.changes.iter().map(Change::describe).collect();
    assert_eq!(
        described,
        [
            "rename column user_account.login to name",
            "alter column user_account.name (type)"
        ]
    );
}

#[test]
fn a_table_renamed_with_a_hint_keeps_its_rows_and_references() {
    let mut before_user = user_account();
    before_user.name = "account".into();
    let mut before_address = address();
    before_address.foreign_keys[0].ref_table = "account".into();
    let mut after_user = user_account();
    after_user.renamed_from = Some("account".into());
    check(
        &[before_user, before_address],
        &[after_user, address()],
        "rename table account to user_account\n--\nrename table user_account to account\n",
    );
}

#[test]
fn a_likely_rename_without_a_hint_is_suggested_and_stays_a_drop_and_add() {
    let mut before = user_account();
    before.columns[1].name = "login".into();
    let plan = diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([user_account()]),
        Backend::Sqlite,
    );
    let suggestion = plan
        .warnings
        .iter()
        .find_map(|w| w.rename.clone())
        .expect("a suggestion");
    assert_eq!(
        (
            suggestion.kind,
            suggestion.table.as_str(),
            suggestion.from.as_str(),
            suggestion.to.as_str()
        ),
        ("column", "user_account", "login", "name")
    );
    assert!(
        plan.warnings[0]
            .message
            .contains("#[sea_orm(renamed_from = \"login\")]")
    );
    assert!(
        plan.changes.iter().any(|c| c.is_destructive(plan.backend)),
        "never a silent drop"
    );

    // Two columns of the type dropped: each is a candidate (the person asked picks one, or none); one of another
    // type is not.
    let mut before = user_account();
    before.columns[1].name = "login".into();
    before.columns.push(Column::new("extra", ColumnType::String(Some(50))));
    before.columns.push(Column::new("age", ColumnType::Integer));
    let plan = diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([user_account()]),
        Backend::Sqlite,
    );
    let candidates: Vec<(String, String)> = plan
        .warnings
        .iter()
        .filter_map(|w| w.rename.clone())
        .map(|r| (r.from, r.to))
        .collect();
    assert_eq!(
        candidates,
        [
            ("login".to_owned(), "name".to_owned()),
            ("extra".to_owned(), "name".to_owned())
        ]
    );

    // A column of another type is never a candidate.
    let mut before = user_account();
    before.columns[1] = Column::new("login", ColumnType::Integer);
    let plan = diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([user_account()]),
        Backend::Sqlite,
    );
    assert!(plan.warnings.iter().all(|w| w.rename.is_none()));
}

#[test]
fn a_table_with_the_same_columns_under_a_new_name_is_suggested() {
    let mut before = user_account();
    before.name = "account".into();
    let plan = diff(
        &Schema::from_tables([before]),
        &Schema::from_tables([user_account()]),
        Backend::Postgres,
    );
    let suggestion = plan
        .warnings
        .iter()
        .find_map(|w| w.rename.clone())
        .expect("a suggestion");
    assert_eq!(
        (suggestion.kind, suggestion.from.as_str(), suggestion.to.as_str()),
        ("table", "account", "user_account")
    );
    assert!(
        plan.warnings[0]
            .message
            .contains("#[autogen(renamed_from = \"account\")]")
    );
}

#[test]
fn mysql_keeps_the_only_index_a_foreign_key_can_use() {
    use sea_autogen_schema::Index;
    let mut have = address();
    have.indexes = vec![Index::new("IFK_address_user", ["user_id"])];
    let plan = diff(
        &Schema::from_tables([user_account(), have.clone()]),
        &Schema::from_tables([user_account(), address()]),
        Backend::Mysql,
    );
    assert!(plan.changes.is_empty(), "{plan:#?}");
    // Elsewhere, or once the key goes too, the index is dropped like any other.
    let plan = diff(
        &Schema::from_tables([user_account(), have.clone()]),
        &Schema::from_tables([user_account(), address()]),
        Backend::Postgres,
    );
    assert_eq!(plan.changes[0].describe(), "drop index IFK_address_user on address");
    let mut no_key = address();
    no_key.foreign_keys.clear();
    let plan = diff(
        &Schema::from_tables([user_account(), have]),
        &Schema::from_tables([user_account(), no_key]),
        Backend::Mysql,
    );
    let described: Vec<_> = plan.changes.iter().map(Change::describe).collect();
    assert_eq!(
        described,
        [
            "drop foreign key address(user_id) -> user_account(id)",
            "drop index IFK_address_user on address"
        ]
    );
}

#[test]
fn a_rebuild_names_the_indexes_it_drops() {
    use sea_autogen_schema::Index;
    let mut have = user_account();
    have.indexes = vec![Index::new("idx_name", ["name"])];
    let mut want = user_account();
    want.columns[1].ty = ColumnType::String(Some(80));
    check(
        &[have],
        &[want],
        "rebuild table user_account (column name (type), index idx_name dropped) [may_fail, long_lock]\n--\n\
         rebuild table user_account (column name (type), index idx_name added)\n",
    );
}

#[test]
fn risks_say_what_each_server_does() {
    let column = |ty: ColumnType| Column::new("c", ColumnType::clone(&ty));
    let risks = |from: ColumnType, to: ColumnType, backend: Backend| -> Vec<&'static str> {
        let change = Change::AlterColumn {
            table: sea_autogen_schema::TableName::new("t"),
            from: column(from),
            to: column(to),
        };
        change.risks(backend).iter().map(|r| r.as_str()).collect()
    };
    let empty: [&str; 0] = [];
    // PostgreSQL widens a varchar, or makes it text, without touching a row.
    assert_eq!(
        risks(
            ColumnType::String(Some(50)),
            ColumnType::String(Some(80)),
            Backend::Postgres
        ),
        empty
    );
    assert_eq!(
        risks(ColumnType::String(Some(50)), ColumnType::Text, Backend::Postgres),
        empty
    );
    assert_eq!(
        risks(
            ColumnType::Decimal(Some((10, 2))),
            ColumnType::Decimal(Some((12, 2))),
            Backend::Postgres
        ),
        empty
    );
    // MariaDB copies a varchar whose length prefix grows past 255 bytes (utf8mb4: 4 bytes a character).
    assert_eq!(
        risks(
            ColumnType::String(Some(50)),
            ColumnType::String(Some(60)),
            Backend::Mysql
        ),
        empty
    );
    assert_eq!(
        risks(
            ColumnType::String(Some(50)),
            ColumnType::String(Some(80)),
            Backend::Mysql
        ),
        ["long_lock"]
    );
    assert_eq!(
        risks(
            ColumnType::String(Some(100)),
            ColumnType::String(Some(200)),
            Backend::Mysql
        ),
        empty
    );
    // Narrowing loses what does not fit.
    assert_eq!(
        risks(
            ColumnType::String(Some(80)),
            ColumnType::String(Some(50)),
            Backend::Postgres
        ),
        ["data_loss", "may_fail", "long_lock"]
    );
    // A value appended to a MySQL ENUM loses nothing, and MariaDB changes only the definition.
    let mood = |values: &[&str]| ColumnType::Enum {
        name: "mood".into(),
        variants: values.iter().map(|v| v.to_string()).collect(),
    };
    assert_eq!(risks(mood(&["happy"]), mood(&["happy", "sad"]), Backend::Mysql), empty);
    // A value put between others keeps every row's value, but MariaDB copies the table to renumber them.
    assert_eq!(
        risks(mood(&["happy", "sad"]), mood(&["happy", "meh", "sad"]), Backend::Mysql),
        ["long_lock"]
    );
    assert_eq!(
        risks(mood(&["happy", "sad"]), mood(&["happy"]), Backend::Mysql),
        ["data_loss", "may_fail", "long_lock"]
    );
}
